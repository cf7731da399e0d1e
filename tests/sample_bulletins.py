"""Synthetic bulletins for the delivery tests: any number of sections of any length, with text
planted to try every channel's escaping."""
from __future__ import annotations

from datetime import date

from ribao.models import Branding, Bulletin, Paragraph, QRCode, Reference, Section, Sentence

PLANTED = "<script>alert(1)</script>{{x}}[x](javascript:alert(1))[/x]<@all><font color=\"red\">红</font>*粗*#井"


def sentence(i: int, j: int, n: int) -> str:
    return f"第{i}节第{j}句写明2026年目标装机{j * 7 + i}万千瓦并推进" + "新型储能与虚拟电厂协同" * n + "。"


def bulletin(sections: int = 6, *, sentences: int = 4, repeat: int = 3, planted: bool = False,
             day: date = date(2026, 7, 15)) -> Bulletin:
    refs, secs = [], []
    for i in range(1, sections + 1):
        refs.append(Reference(n=i, publisher=f"国家能源局{i}", title=(PLANTED if planted and i == 1 else f"关于第{i}项工作的通知"),
                              date="2026-07-14", url=f"https://www.nea.gov.cn/2026-07/14/c_{i}.htm",
                              archived=f"https://ribao.example.org/archive/{i}.html"))
        facts = Paragraph(role="facts", sentences=[Sentence(text=sentence(i, j, repeat), cites=[i]) for j in range(sentences)])
        analysis = Paragraph(role="analysis", sentences=[Sentence(text=f"分析{i}：该举措意味着调节能力提升。")])
        secs.append(Section(number=i, headline=(PLANTED if planted and i == 2 else f"第{i}项：国家能源局部署储能工作"),
                            story_id=f"s{i}", theme="green_power", paragraphs=[facts, analysis]))
    return Bulletin(line="xinzhi", date=day, title="新质生产力每日动态", subtitle="政策与产业情报日报",
                    abstract=("本期收录多项动态。" + (PLANTED if planted else "")) * 2, sections=secs,
                    trend="趋势：储能与虚拟电厂协同加快。", references=refs,
                    branding=Branding(website="https://ribao.example.org",
                                      qr_codes=[QRCode(label="网站", url="https://ribao.example.org")]))
