"""Render stage: Markdown, HTML and PDF from a hand-built Bulletin (no network).

The PDF is rendered once per module (a few seconds: WeasyPrint subsets a 65k-glyph CJK font).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ribao.models import (
    Branding, Bulletin, Organisation, Paragraph, QRCode, Reference, Section, Sentence,
)
from ribao.render import (
    cn_date, cn_numeral, fonts, render_all, render_html, render_markdown, safe_href,
)

pypdf = pytest.importorskip("pypdf")

H1 = "工信部等部门部署“人工智能+制造”，工业大模型进入规模化落地阶段"
H2 = "国家数据局发布数据产业指导意见，数据要素产业化提速"


def _section(n: int, headline: str, cites: tuple[int, int]) -> Section:
    a, b = cites
    return Section(number=n, headline=headline, story_id=f"s{n}", paragraphs=[
        # Deliberately out of order: the renderer must print facts before analysis.
        Paragraph(role="analysis", sentences=[
            Sentence(text="这意味着工业大模型从试点示范走向规模化应用。", cites=[b]),
        ]),
        Paragraph(role="facts", sentences=[
            Sentence(text="工业和信息化部 7 月 14 日发布《关于推进人工智能+制造的实施意见》。", cites=[a]),
            Sentence(text="文件提出到 2027 年推广 500 个以上典型应用场景。", cites=[a, b]),
        ]),
    ])


def make_bulletin(**over) -> Bulletin:
    data = dict(
        line="xinzhi", date=date(2026, 7, 15), title="新质生产力每日动态", sample=True,
        abstract="今日最清晰的变化是人工智能与制造业深度融合进入落地阶段。",
        sections=[_section(1, H1, (1, 2)), _section(2, H2, (2, 3))],
        trend="政策重心正由顶层设计转向落地实施。\n预计各地将密集出台配套细则。",
        references=[
            Reference(n=i, publisher="工业和信息化部", title=f"关于推进人工智能+制造的实施意见{i}",
                      date="2026-07-14", url=f"https://www.miit.gov.cn/a/{i}.html",
                      usage="用于政策目标核验。")
            for i in (1, 2, 3)
        ],
        branding=Branding(
            organisations=[Organisation(name="新质生产力研究委员会", description="专注政策研究。")],
            website="https://example.org.cn",
            qr_codes=[QRCode(label="官方网站", url="https://example.org.cn")],
        ),
    )
    data.update(over)
    return Bulletin(**data)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    return render_all(make_bulletin(), out)


@pytest.fixture(scope="module")
def pdf(rendered):
    return pypdf.PdfReader(str(rendered.pdf))


def test_helpers():
    assert [cn_numeral(n) for n in (1, 6, 10, 11, 20, 23)] == ["一", "六", "十", "十一", "二十", "二十三"]
    assert cn_date(date(2026, 7, 15)) == "2026 年 7 月 15 日"
    assert safe_href(" https://a.cn/x ") == "https://a.cn/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/rel", "http:/x", ""):
        assert safe_href(bad) is None


def test_render_all_writes_every_format(rendered):
    for p in rendered.by_format().values():
        assert p.is_file() and p.stat().st_size > 0
    assert rendered.pdf.read_bytes().startswith(b"%PDF")


def test_pdf_first_page_text(pdf):
    text = pdf.pages[0].extract_text()
    assert "新质生产力每日动态" in text
    assert "2026 年 7 月 15 日" in text
    assert "示例数据" in text
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", H1) in flat and re.sub(r"\s+", "", H2) in flat


def test_pdf_embeds_noto_cjk(pdf):
    embedded = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/DescendantFonts")
            fd = (desc[0].get_object() if desc else font).get("/FontDescriptor")
            fd = fd.get_object() if fd is not None else {}
            if any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.add(str(font["/BaseFont"]))
    assert any("NotoSansCJK" in name for name in embedded), embedded


def test_pdf_toc_has_page_numbers(pdf):
    text = pdf.pages[0].extract_text()
    lines = [ln.strip() for ln in text.splitlines()]
    toc = {}
    for label in ("一、", "二、", "趋势判断", "参考文献"):
        hits = [ln for ln in lines if ln.startswith(label) and re.search(r"[.…]{3,}\s*\d+$", ln)]
        assert hits, f"no TOC line with leader and page number for {label!r}: {lines}"
        toc[label] = int(re.search(r"(\d+)$", hits[0])[1])
    assert all(1 <= n <= len(pdf.pages) for n in toc.values())
    assert toc["一、"] <= toc["二、"] <= toc["趋势判断"] <= toc["参考文献"]
    # The number is real: section 二's headline is on the page the TOC names.
    page_text = re.sub(r"\s+", "", pdf.pages[toc["二、"] - 1].extract_text())
    assert page_text.count(re.sub(r"\s+", "", H2)) >= 1


def test_pdf_has_footer_page_numbers(pdf):
    last = len(pdf.pages)
    assert f"{last} / {last}" in pdf.pages[-1].extract_text()


def test_html_structure_and_order():
    html = render_html(make_bulletin())
    marks = ['class="masthead"', 'class="abstract"', 'class="toc"', 'id="sec-1"', 'id="sec-2"',
             'id="trend"', 'id="refs"', 'class="contact"']
    assert [html.index(m) for m in marks] == sorted(html.index(m) for m in marks)
    sec = html[html.index('id="sec-1"'):html.index('id="sec-2"')]
    assert sec.index("工业和信息化部 7 月 14 日") < sec.index("这意味着")  # facts first
    assert '<a href="#ref-1">[1]</a><a href="#ref-2">[2]</a>' in html
    assert 'id="ref-3"' in html and "<svg" in html and "示例数据" in html
    assert "file://" not in html  # the local font path is for the PDF only
    assert "file://" in render_html(make_bulletin(), for_pdf=True)


def test_html_escapes_untrusted_text():
    evil = "<script>alert(1)</script>"
    b = make_bulletin(
        title=f"标题{evil}",
        sections=[Section(number=1, headline=f"标题{evil}", story_id="x", paragraphs=[
            Paragraph(role="facts", sentences=[Sentence(text=f"句子{evil}<img src=x onerror=alert(1)>", cites=[1])]),
        ])],
        references=[
            Reference(n=1, publisher=f"发布者{evil}", title=f"题名{evil}", date="2026-07-14",
                      url="javascript:alert(document.cookie)"),
            Reference(n=2, publisher="甲", title="乙", date="2026-07-14", url=' JAVASCRIPT:alert(1)'),
            Reference(n=3, publisher="甲", title="丙", date="2026-07-14", url='https://a.cn/"onmouseover="x'),
        ],
    )
    for html in (render_html(b), render_html(b, for_pdf=True)):
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "javascript:" not in html.lower()
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
        assert '"onmouseover="' not in html


def test_markdown_content(rendered):
    md = rendered.markdown.read_text(encoding="utf-8")
    assert md.startswith("# 新质生产力每日动态")
    assert f"## 一、{H1}" in md and f"- 二、{H2}" in md
    assert "[1]" in md and "[1][2]" in md
    assert "1. 工业和信息化部 | [关于推进人工智能+制造的实施意见1](<https://www.miit.gov.cn/a/1.html>)" in md
    assert "2026 年 7 月 15 日" in md and "示例数据" in md


def test_markdown_escapes_untrusted_text():
    b = make_bulletin(references=[
        Reference(n=1, publisher="甲", title="<script>x</script>[a](javascript:y)", date="d",
                  url="javascript:alert(1)"),
    ])
    md = render_markdown(b)
    assert "<script>" not in md and "javascript:alert" not in md
    assert r"\<script\>" in md and r"\[a\]" in md


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_package_dir", lambda: tmp_path)
    with pytest.raises(fonts.FontNotFoundError, match="pip install noto-cjk-sans-otc"):
        fonts.ttc_path()


def test_font_face_rule_points_at_extracted_sc_face():
    path = fonts.font_path()
    assert path.suffix == ".otf" and path.is_file()
    css = fonts.font_face_css()
    assert f'url("{path.as_uri()}")' in css and fonts.FONT_FAMILY in css
    assert Path(fonts.ttc_path()).name == "NotoSansCJK-Regular.ttc"
