"""Regular expressions for the visible metadata lines of Chinese official pages."""
from __future__ import annotations

import re

from ribao.text import DOC_NO  # noqa: F401  (re-exported for the extraction rules)
_LABELS = r"(?=作者|记者|编辑|责任编辑|发布|日期|时间|浏览|点击|字号|阅读|$|[\s|｜　【\[<>])"
SOURCE = re.compile(r"(?:信息来源|文章来源|稿件来源|来源)\s*[:：]\s*([^\s|｜　【\[<>]{2,40}?)" + _LABELS)
AUTHOR = re.compile(r"(?:作者|记者)\s*[:：]\s*([^\s|｜　【\[<>]{2,20})")
PUBTIME_LABEL = re.compile(r"(?:发布时间|发布日期|成文日期|日期|时间|发表时间)\s*[:：]")

# Lines that are page furniture, not article text: a label at the start (编辑/责任编辑/打印/分享…,
# 上一篇/下一篇, a bare 附件 heading) or a toolbar marker anywhere. Literal ``in`` tests guard the
# "anywhere" patterns: a ``.*(?:…)`` regex backtracks over every long paragraph.
_HEAD_LABELS = ("责任编辑", "责编", "编辑", "纠错", "我要纠错", "打印本页", "打印", "关闭窗口", "关闭", "字号", "分享到",
                "扫一扫")
_BOILERPLATE_HEAD = re.compile(
    r"(?:[【\[(（]?\s*(?:" + "|".join(_HEAD_LABELS) + ")"
    r"|(?:上一篇|下一篇)[:：]"
    r"|附件[:：]?\s*$)"
)
_SHARE = re.compile(r"分享到[:：]")
_FONT_SIZE = re.compile(r"\[ ?字号")


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE_HEAD.match(line) or "【打印本页】" in line or "【关闭窗口】" in line
                or ("分享到" in line and _SHARE.search(line)) or ("字号" in line and _FONT_SIZE.search(line)))


ATTACHMENT_EXT = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip", "rar", "et")

DOC_TYPES: list[tuple[str, str]] = [
    ("答记者问", "答记者问"), ("答问", "答记者问"), ("解读", "解读"), ("实施意见", "意见"), ("指导意见", "意见"),
    ("行动方案", "方案"), ("实施方案", "方案"), ("管理办法", "办法"), ("办法", "办法"), ("指引", "指南"),
    ("指南", "指南"), ("规划", "规划"), ("通告", "通告"), ("公告", "公告"), ("公示", "公示"), ("决定", "决定"),
    ("批复", "批复"), ("通知", "通知"), ("意见", "意见"), ("方案", "方案"), ("新闻发布会", "新闻发布会"),
    ("评论", "评论"),
]
