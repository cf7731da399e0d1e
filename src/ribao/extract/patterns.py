"""Regular expressions for the visible metadata lines of Chinese official pages."""
from __future__ import annotations

import re
from typing import Iterator

from ribao.text import DOC_NO  # noqa: F401  (re-exported for the extraction rules)

CJK = re.compile(r"[\u4e00-\u9fa5]")  # a Chinese character
_LABELS = r"(?=作者|记者|编辑|责任编辑|发布|日期|时间|浏览|点击|字号|阅读|$|[\s|｜　【\[<>）)]|[（(]\s*(?:ID|微信号))"
# 来源：X, (本文)来源于X (never a sentence's 收入来源于…), 来源：[ X ], 来源：《X》, 来源: X(广州), 发布者：X, 本文转载自: X, 出自[X]; never a picture's or a table's 数据来源, nor
# markup a template printed as text (来源： size="20": no name has =).
SOURCE = re.compile(r"(?<!图片)(?<!图)(?<!素材)(?<!数据)(?<!资料)(?<!封面)(?:(?:信息来源|文章来源|稿件来源|来源|稿源)\s*[:：｜]|(?:(?<![\u4e00-\u9fa5])|(?<=本文)|(?<=文章))来源于|"
                    r"(?:发布者|发布单位|发布机构|转载自)\s*[:：]|"
                    r"(?:出自|出处)(?:\s*[:：]|(?=\s*[\[【《])))\s*"
                    r"(?:[\[【《]\s*([^\]】》\n]{2,40}?)\s*[\]】》]|([^\s|｜　【\[<>（()）=]{2,40}?)(?:\s*([（(][^）)\s]{1,8}[）)]))?"
                    + _LABELS + ")")
# A 来源 value that names no one: the page says only that the text is a reprint.
_NO_NAME = ("转载", "转自", "未知", "暂无")
_NEXT_LABEL = re.compile(r"[\u4e00-\u9fa5]{2,5}\s*[:：]")
_DATE_VALUE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d")  # an empty 来源 before the next cell's date


def sources(text: str) -> Iterator[str]:
    """The names the 来源 labels of ``text`` give, in order (a placeholder such as 转载文章 skipped, and
    the next field's label where the value is empty: 来源： 访问量：199)."""
    for m in SOURCE.finditer(text):
        name = (m.group(1) or (m.group(2) + (m.group(3) or ""))).strip("：: ")
        if m.group(2) and _NEXT_LABEL.match(text, m.start(2)):
            continue
        if name and not any(w in name for w in _NO_NAME) and not _DATE_VALUE.match(name):
            yield name


# A forum portal's source field in the line under the headline (发布: 2021-1-29 13:18 | 来自: 互联网):
# read only on a line that shows a time too, where 来自 is a field's label and not a sentence's word.
FROM_FIELD = re.compile(r"(?:^|[\s|｜])来自\s*[:：]\s*([^\s|｜　【\[<>（()）]{2,40}?)" + _LABELS)


# …and a bare 来源 field in such a line, its value set off by the line's bars (发表于 2015-05-20 16:57 |
# 来源 《某某》电子刊 | 作者 X): no colon, so only where a bar closes the value.
BARE_SOURCE = re.compile(r"(?:^|[\s|｜])来源(?![:：])\s*([^\s|｜　【\[<>（()）]{2,40}?)\s*[|｜]")


AUTHOR = re.compile(r"(?:作者|记者)\s*[:：]\s*([^\s|｜　【\[<>]{2,20})")
# …and a post's line (发表于 2004年12月27日 12:40, 发布于：2020-05-02, a forum's 发布时间 2005/05/17 22:11:42
# or 本贴由X于2005年8月12日16:12:21在〖…〗发表): the label then needs no colon, the date follows it.
_DATE_AHEAD = r"(?=\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2})"
PUBTIME_LABEL = re.compile(r"(?:发布时间|发布日期|成文日期|日期|时间|发表时间|发贴时间|发帖时间)\s*[:：]|"
                           r"(?:发表|发布)于\s*[:：]?(?=\s*(?:19|20)\d{2})|"
                           r"(?:发布时间|发表时间|发贴时间|发帖时间)" + _DATE_AHEAD + "|"
                           r"于" + _DATE_AHEAD + r"(?=[^。\n]{0,80}发表)")

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


# A notice number in the place of a 文号: 国家能源局公告2024年第19号, 财政部 税务总局公告2026年第19号.
NOTICE_NO = re.compile(r"[\u4e00-\u9fa5 　]{2,60}?公告\s*(?:19|20)\d{2}\s*年\s*第\s*\d{1,4}\s*号")

# Label words as pages print them, however markup splits them (来<span>&nbsp;</span>源：).
_LABEL_WORDS = ("信息来源", "文章来源", "稿件来源", "来源", "稿源", "发布时间", "发布日期", "发表时间", "成文日期", "发文日期",
                "发文字号", "发文机关", "发文单位", "索引号", "主题分类", "时间", "日期", "作者", "记者", "编辑", "责任编辑", "文号")
_SPLIT_LABEL = re.compile("|".join(r"[\s\u3000\xa0]*".join(w) for w in sorted(_LABEL_WORDS, key=len, reverse=True)))


def join_labels(line: str) -> str:
    """The line with its label words joined up again (来 源： → 来源：)."""
    return _SPLIT_LABEL.sub(lambda m: "".join(m.group(0).split()), line)


# A metadata line inside the content container (it goes to the fields and leaves the body): a
# label and its value, or a bare date line, short.
INFO_LABEL = re.compile(r"(?:信息来源|文章来源|稿件来源|来源|稿源|发布时间|发布日期|发表时间|更新时间|时间|日期|作者|浏览次数|"
                        r"浏览量|点击数|点击量|阅读量|阅读次数|字号|索引号|发文机关|成文日期|主题分类|发文字号)\s*[:：｜]|"
                        r"(?:发表|发布)于\s*[:：]?(?=\s*(?:19|20)\d{2})")
# A metadata table (gov.cn, provincial 政府信息公开 pages): two or more of these labels.
META_TABLE_LABELS = ("索引号", "发文机关", "发文单位", "发布机构", "责任部门", "成文日期", "发布日期", "发文日期", "发文字号",
                     "文号", "主题分类", "主题词", "信息分类", "公开方式", "生成日期", "组配分类", "体裁分类", "标题", "有效性")
# What a metadata table's cells are read for: its labels, and the 来源 some tables also print.
TABLE_PAIR_LABELS = (*META_TABLE_LABELS, "来源")

# A byline or credit of its own line: 记者 王某 张某, 光明日报记者 X, 通讯员 X, （记者 X）, 编辑：X.
_CREDIT = (r"[（(【\[□■]?\s*[\u4e00-\u9fa5·]{0,12}(?:记者|記者|通讯员|编辑|編輯|责编|摄影|摄|供图|作者|撰文|执笔人?|執筆人?)[\s:：]*"
           r"[\u4e00-\u9fa5·、 ]{0,20}?(?:/[文图摄])?\s*[）)】\]]?")
# The same credit led by its kind and a slash: 文/刘某 亿欧专栏作者, 文 | 张某, 图/李某.
_SLASH_CREDIT = (r"(?:文|图|撰文|口述|整理)\s*[/／|｜丨]\s*[\u4e00-\u9fa5·]{2,8}(?:[、\s]+[\u4e00-\u9fa5·]{2,4}){0,3}"
                 r"(?:\s+[\u4e00-\u9fa5A-Za-z0-9·]{0,12}(?:作者|记者|编辑|撰稿人|研究员|分析师|主笔|评论员))?")
BYLINE = re.compile(rf"^(?:(?:{_CREDIT}|{_SLASH_CREDIT})\s*){{1,3}}$")
# A credit closing the last paragraph: …经历了一次折叠。新京报记者 彭冲 山东冠县报道 / …。（记者 胡晓蓉）
# A media outlet's name, by how such names end (新华网, 理财周刊, 第一财经, TNW中文站, 中新经纬APP, X新媒体).
MEDIA_NAME = (r"[\u4e00-\u9fa5A-Za-z0-9·・－—-]{1,16}?(?:网|網|报|報|社|台|臺|刊|站|新闻|新聞|财经|財經|周刊|週刊|杂志|雜誌|"
              r"客户端|客戶端|频道|頻道|在线|在線|观察|觀察|传媒|傳媒|媒体|媒體|APP|App)")
CREDIT_TAIL = re.compile(r"(?<=[。！？!?”」』）)】….])\s*(?:[（(【□■]\s*)?(?:[^。！？!?，,”」』（(]{0,24}(?:记者|記者|通讯员|编辑|編輯|责编|報導|报道|"
                         r"来源|来自|供图|摄|編譯|编译|整理|专稿|特稿)[^。！？!?，,”」』]{0,30}\s*[）)】]?|[（(][\u4e00-\u9fa5]{2,4}"
                         r"(?:\s+[\u4e00-\u9fa5]{2,4})*\s*[）)]|[（(]" + MEDIA_NAME + r"[）)])$")

# The site's legal lines: copyright, reprint permission, a report line for infringement, disclaimers
# (文章内容属作者个人观点，不代表和讯网立场。投资者据此操作，风险请自担。).
LEGAL = re.compile(r"版权所有(?![者人])|版权归|版权均?属|版权声明|不得转载|禁止.{0,6}转载|转载.{0,12}注明|转载授权|免责声明|侵权必究|"
                   r"报告.{0,8}侵权|侵权.{0,6}举报|未经.{0,12}(?:授权|许可).{0,10}(?:转载|使用|复制)|"
                   r"不代表.{0,12}(?:立场|观点)|风险请?自担")

# A link that only leads on to the full text (a teaser's end on a home or column page): [详细], 阅读全文>>.
READ_MORE = re.compile(r"^[\[【(（<《]?\s*(?:详细|详情|全文|更多|阅读全文|查看全文|阅读更多|查看详情|点击查看|more|MORE|More)"
                       r"\s*[\]】)）>》»…]*$")
