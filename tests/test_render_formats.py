"""Every format of one 6-section bulletin, checked as its readers' tools see it.

PDF through poppler (pdftotext page by page, pdffonts, pdftoppm), DOCX re-opened with python-docx
(and converted by LibreOffice when it is installed), the WeChat article parsed with lxml, and a
hostile source title through every format. `.ci/run` installs poppler-utils and LibreOffice.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from ribao.lines import load_line
from ribao.models import Bulletin, Paragraph, Reference, Section, Sentence
from ribao.render import headline, render_all, render_markdown, render_wechat
from ribao.render import wechat as wx

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed (apt-get install poppler-utils)")

THEMES = ["green_power", "compute", "data", "manufacturing", "carbon", "parks"]
EVIL = "<script>alert(1)</script>{{7*7}}[x](javascript:alert(2))[/x]"


def six_sections(title_of_ref=lambda n: f"关于推进重点领域建设的通知（第{n}号）") -> Bulletin:
    """A full-size bulletin: 6 sections of two paragraphs, 12 references, the xinzhi branding."""
    line = load_line("xinzhi")
    facts = ("{org}{m}月{d}日发布《关于推进第{n}批重点领域建设的实施意见》（发改〔2026〕{n}号），提出到2027年底，"
             "全国累计建成{n}00个以上典型应用场景，带动相关投资超过{n}千亿元，并明确了分阶段推进的时间表和责任分工。")
    analysis = ("从政策脉络看，这一文件延续了此前关于新质生产力的总体部署，重点由顶层设计转向落地实施，"
                "对地方政府、行业龙头企业和中小企业提出了差异化要求，后续配套细则和试点名单值得持续跟踪。")
    sections = []
    for i in range(6):
        n = i + 1
        sections.append(Section(number=n, headline=f"第{n}项动态：重点领域建设进入规模化落地阶段（{THEMES[i]}）",
                                story_id=f"s{n}", theme=THEMES[i], paragraphs=[
            Paragraph(role="facts", sentences=[Sentence(text=facts.format(org="国家发展改革委", m=3, d=10 + n, n=n),
                                                        cites=[2 * n - 1]),
                                               Sentence(text=facts.format(org="国家能源局", m=3, d=11 + n, n=n + 1),
                                                        cites=[2 * n - 1, 2 * n])]),
            Paragraph(role="analysis", sentences=[Sentence(text=analysis, cites=[2 * n]),
                                                  Sentence(text=analysis[:60] + "。", cites=[2 * n])]),
        ]))
    return Bulletin(
        line="xinzhi", date=date(2026, 7, 15), title=line.title, subtitle=line.subtitle, sample=True,
        abstract="本期收录6项重要动态，涉及绿电、算力、数据要素、先进制造、碳核算与产业园区。" * 3,
        sections=sections, trend="政策重心正由顶层设计转向落地实施。\n预计各地将密集出台配套细则。",
        references=[Reference(n=n, publisher="国家发展改革委", title=title_of_ref(n), date="2026-07-14",
                              url=f"https://www.ndrc.gov.cn/xxgk/zcfb/tz/202607/t20260714_{n}.html", usage="用于政策目标核验。")
                    for n in range(1, 13)],
        branding=line.branding)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return render_all(six_sections(), tmp_path_factory.mktemp("formats"))


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdf_pages(path: Path) -> list[str]:
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                                          check=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for i in range(1, n + 1)]


def test_render_all_writes_every_format(files):
    for p in files.by_format().values():
        assert p.is_file() and p.stat().st_size > 0, p
    assert list(files.by_format()) == ["md", "html", "pdf", "docx", "wechat", "email_html", "email_text"]
    assert files.email.mode == "full" and "<style" not in files.email.html.read_text(encoding="utf-8")
    assert files.wechat.name == "bulletin.wechat.html" and files.wechat_problems == ()


# PDF --------------------------------------------------------------------------------------
@needs_poppler
def test_pdf_pages_order_and_toc(files):
    b = six_sections()
    pages = pdf_pages(files.pdf)
    assert 3 <= len(pages) <= 8, len(pages)
    flat = [_flat(p) for p in pages]
    first = flat[0]
    assert first.index("新质生产力每日动态") < first.index("摘要") < first.index("目录")
    whole = "".join(flat)
    body_start = whole.index("参考文献", whole.index("目录")) + 4    # past the TOC's last line
    assert whole.index("摘要") < whole.index(_flat(headline(b.sections[0])), body_start)
    # The TOC: one line per section, 趋势判断 and 参考文献, each ending in a page number…
    toc = {}
    for line in pages[0].splitlines():
        m = re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if m:
            toc[_flat(m[1])] = int(m[2])
    labels = [_flat(headline(s))[:12] for s in b.sections] + ["趋势判断", "参考文献"]
    found = {lab: next(v for k, v in toc.items() if k.startswith(lab)) for lab in labels}
    # …which is the page where the section's heading really is.
    for s in b.sections:
        want = found[_flat(headline(s))[:12]]
        heading = _flat(headline(s))
        where = [i + 1 for i, p in enumerate(flat) if p.count(heading) > (1 if i == 0 else 0)]   # page 1 has the TOC line
        assert want in where, (s.number, want, where)
    for label in ("趋势判断", "参考文献"):
        assert any(label in flat[i] for i in range(found[label] - 1, found[label])), label
    assert list(found.values()) == sorted(found.values())
    assert f"{len(pages)}/{len(pages)}" in flat[-1]            # the footer's page x / n


@needs_poppler
def test_pdf_embeds_cjk_font(files):
    out = subprocess.run(["pdffonts", str(files.pdf)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
    cjk = [r for r in rows if "NotoSansCJK" in r[0]]
    assert cjk, out
    assert all(r[-5] == "yes" for r in cjk), out       # emb column: embedded


@needs_poppler
def test_pdf_first_page_png(files, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(files.pdf), str(tmp_path / "p")],
                   check=True)
    png = next(tmp_path.glob("p*.png"))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.02             # A4 portrait


# DOCX -------------------------------------------------------------------------------------
def test_docx_reopens_with_headings_and_references(files):
    b = six_sections()
    d = docx.Document(str(files.docx))
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == [headline(s) for s in b.sections] + ["趋势判断", "参考文献"]
    refs_at = [p.text for p in d.paragraphs].index("参考文献")
    refs = [p.text for p in d.paragraphs[refs_at + 1:refs_at + 1 + len(b.references)]]
    assert refs == [f"[{r.n}]\t{r.publisher} | {r.title} | {r.date} | {r.usage}" for r in b.references]
    links = [rel.target_ref for rel in d.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert [r.url for r in b.references] == links[:len(b.references)]
    labels = [p.text for p in d.paragraphs if p.style.name == "Bulletin Label"]
    assert labels[:2] == ["摘要", "目录"] and labels[-1] == b.branding.contact
    body = [p.text for p in d.paragraphs]
    sec1 = body.index(headline(b.sections[0]))
    assert body[sec1 + 1].startswith("国家发展改革委3月11日")   # facts before analysis
    assert len(d.inline_shapes) == len(b.branding.qr_codes)


def test_docx_toc_field_fonts_and_colours(files):
    xml = zipfile.ZipFile(files.docx).read("word/document.xml").decode()
    assert re.search(r'<w:fldChar w:fldCharType="begin"[^>]*/>.*?<w:instrText[^>]*> TOC \\o "1-1" \\h \\z \\u </w:instrText>'
                     r'.*?<w:fldChar w:fldCharType="separate"/>.*?<w:fldChar w:fldCharType="end"/>', xml, re.S)
    settings = zipfile.ZipFile(files.docx).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    fonts = load_line("xinzhi").branding.fonts
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml, re.S)
    cjk_runs = [r for r in runs if re.search(r"<w:t[^>]*>[^<]*[\u4e00-\u9fff]", r)]
    assert cjk_runs and all(f'w:eastAsia="{fonts.cjk}"' in r for r in cjk_runs)
    styles = zipfile.ZipFile(files.docx).read("word/styles.xml").decode()
    accent = load_line("xinzhi").branding.colours.accent.lstrip("#").upper()
    assert f'w:color w:val="{accent}"' in styles and "majorEastAsia" not in re.search(
        r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S)[0]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
def test_docx_opens_in_libreoffice(files, tmp_path):
    """LibreOffice (the engine behind many WPS-like readers) opens the file and lays it out."""
    res = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(files.docx)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "bulletin.pdf"
    assert pdf.is_file(), res.stderr
    if POPPLER:
        text = _flat("".join(pdf_pages(pdf)))
        b = six_sections()
        for s in b.sections:
            assert _flat(headline(s)) in text
        assert "参考文献" in text and _flat(b.references[-1].title) in text


# WeChat -----------------------------------------------------------------------------------
def test_wechat_article_within_platform_rules(files):
    b = six_sections()
    page = files.wechat.read_text(encoding="utf-8")
    art = render_wechat(b)
    assert art.document == page and art.problems == ()
    doc = lxml_html.fromstring(page)
    body = doc.find("body")
    els = [e for e in body.iter() if isinstance(e.tag, str)]
    assert not [e for e in els if e.get("class") is not None or e.get("id") is not None]
    assert not [e for e in doc.iter() if isinstance(e.tag, str) and e.tag in ("script", "style", "link", "iframe")]
    assert not re.search(r"<style|<script|\sclass=|font-family|@font-face|url\(", page, re.I)
    assert [e.tag for e in body if isinstance(e.tag, str)] == ["section"]
    assert sum(1 for e in els if e.tag == "section") >= len(b.sections) + 4
    styled = [e for e in els if e.tag in ("p", "h1", "h2")]
    assert styled and all(e.get("style") for e in styled)
    assert [a for a in doc.iter("a")] == []                      # no links at all: references are footnotes
    assert wx.external_links(art.content) == []
    # Citation marks are the 参考文献's numbers, and every reference prints its URL as text.
    text = body.text_content()
    for r in b.references:
        assert f"[{r.n}] {r.publisher} | {r.title}" in text and r.url in text
    imgs = [e.get("src") for e in doc.iter("img")]
    assert len(imgs) == len(b.branding.qr_codes) and all(s.startswith("data:image/png;base64,") for s in imgs)
    assert len(art.content) < 20_000 and len(art.content.encode()) < 1_000_000
    assert doc.findtext(".//title") == art.title == "新质生产力每日动态（2026年7月15日）" and len(art.title) <= 32
    assert len(art.digest) <= 128 and doc.find(".//meta[@name='description']").get("content") == art.digest


def test_wechat_over_limit_drops_toc_then_urls_then_reports():
    b = six_sections()
    long = b.model_copy(update={"trend": "长" * 7_800})     # over 20,000 with the 目录, under without
    art = render_wechat(long)
    assert "目录" not in art.content and "https://www.ndrc.gov.cn" in art.content and art.problems == ()
    huge = b.model_copy(update={"trend": "长" * 19_000})
    art = render_wechat(huge)
    assert "https://www.ndrc.gov.cn" not in art.content
    assert art.problems and "characters" in art.problems[0]
    assert len(art.content) >= 19_000                            # reported, never cut
    titled = b.model_copy(update={"title": "一" * 40})
    assert len(render_wechat(titled).title) == 32


def test_wechat_keeps_platform_links_only():
    assert wx.external_links('<p><a href="https://mp.weixin.qq.com/s/x">a</a><img src="data:image/png;base64,AA"></p>') == []
    assert wx.external_links('<p><a href="https://example.org">a</a><img src="http://x.cn/a.png"></p>') == \
        ["https://example.org", "http://x.cn/a.png"]


# Hostile text through every format ---------------------------------------------------------
@pytest.fixture(scope="module")
def evil_files(tmp_path_factory):
    b = six_sections(title_of_ref=lambda n: f"题名{EVIL}")
    b = b.model_copy(update={"sections": b.sections[:1], "references": b.references[:2],
                             "abstract": f"摘要{EVIL}"})
    b.sections[0].headline = f"标题{EVIL}"
    out = tmp_path_factory.mktemp("evil")
    (out / "bulletin.json").write_text(json.dumps(b.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    return b, render_all(b, out), out


def _html_text_is_safe(page: str) -> str:
    doc = lxml_html.fromstring(page)
    assert not [s for s in doc.iter("script")]
    assert not [a for a in doc.iter("a") if (a.get("href") or "").strip().lower().startswith("javascript")]
    return doc.text_content()


def test_evil_title_is_text_in_json_md_html_wechat(evil_files):
    b, files, out = evil_files
    assert json.loads((out / "bulletin.json").read_text(encoding="utf-8"))["references"][0]["title"] == f"题名{EVIL}"
    for page in (files.html.read_text(encoding="utf-8"), files.wechat.read_text(encoding="utf-8"),
                 files.email.html.read_text(encoding="utf-8")):
        text = _html_text_is_safe(page)
        assert f"标题{EVIL}" in text and f"题名{EVIL}" in text and f"摘要{EVIL}" in text
    mail_text = files.email.text.read_text(encoding="utf-8")
    assert f"标题{EVIL}" in mail_text and f"题名{EVIL}" in mail_text
    md = files.markdown.read_text(encoding="utf-8")
    assert "<script>" not in md and r"\{\{7\*7\}\}" in md and r"\[x\](javascript" in md   # escaped, not a link
    text = _html_text_is_safe(MarkdownIt("commonmark").render(md))      # as a Markdown tool would show it
    assert f"标题{EVIL}" in text and f"题名{EVIL}" in text
    assert render_markdown(b) == md


@needs_poppler
def test_evil_title_is_text_in_pdf_and_docx(evil_files):
    _, files, _ = evil_files
    text = _flat("".join(pdf_pages(files.pdf)))
    assert _flat(f"标题{EVIL}") in text and _flat(f"题名{EVIL}") in text
    d = docx.Document(str(files.docx))
    paras = [p.text for p in d.paragraphs]
    assert f"一、标题{EVIL}" in paras and any(f"题名{EVIL}" in p for p in paras)


def test_demo_writes_every_format(tmp_path):
    """``ribao demo`` (the same path as ``ribao build``) writes every format through render_all."""
    from typer.testing import CliRunner

    from ribao.cli import app

    res = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "demo"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "home" / "bulletins" / "xinzhi" / "2026-03-18"
    for kind, name in (("json", "bulletin.json"), ("md", "bulletin.md"), ("html", "bulletin.html"), ("pdf", "bulletin.pdf"),
                       ("docx", "bulletin.docx"), ("wechat", "bulletin.wechat.html"),
                       ("email_html", "bulletin.email.html"), ("email_text", "bulletin.email.txt")):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
        assert re.search(rf"^\s*{kind}\s+/", res.output, re.M), (kind, res.output)   # the listing names it
    b = Bulletin.model_validate_json((out / "bulletin.json").read_text(encoding="utf-8"))
    d = docx.Document(str(out / "bulletin.docx"))
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"][:len(b.sections)] == [headline(s) for s in b.sections]
    assert wx.check(render_wechat(b).title, render_wechat(b).content) == ()


def test_pdf_face_common_or_cut_for_rare_characters():
    """Common text embeds from the cached GB 2312 face; a character outside it gets a face of its own."""
    from fontTools.ttLib import TTFont

    from ribao.render import fonts

    assert fonts.subset_for("国家发展改革委 2026 年") == fonts.common_face()
    rare = fonts.subset_for("人名：王堃")
    assert rare != fonts.common_face() and ord("堃") in TTFont(str(rare)).getBestCmap()
    assert ord("堃") not in TTFont(str(fonts.common_face())).getBestCmap()

