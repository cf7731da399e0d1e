"""The Word edition (``bulletin.docx``), built with python-docx from the Bulletin model.

What Word and WPS need to treat it as a real document rather than pasted text:
- headings in the built-in ``Heading 1`` style (一、… as written in the JSON), so the navigation
  pane works and the 目录 is a real ``TOC`` field over them (Word/WPS refresh it on opening:
  ``w:updateFields``; until then it shows the headings we wrote as its cached result);
- every run names its East Asian face (``w:eastAsia``), its Latin face and ``zh-CN``, or Word
  falls back to a Latin face for the Chinese text; fonts and colours come from the line's branding;
- 参考文献 numbered ``[n]`` as in the JSON, each title a hyperlink when its URL is http(s);
- the footer block with the QR codes as PNG images, and page numbers in the page footer.

python-docx escapes XML itself; characters XML cannot hold (control codes in web text) are dropped.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import segno
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ribao.models import Bulletin
from ribao.render.common import cn_date, headline, ordered_paragraphs, paragraphs, safe_href

#: The paragraph style of 摘要/目录/联系我们: bold, accent colour, not a heading (the TOC lists only
#: sections, 趋势判断 and 参考文献, as the printed bulletin does).
LABEL_STYLE = "Bulletin Label"
BODY_PT = 11
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _set_fonts(rpr_parent, latin: str, cjk: str) -> None:
    """Name the Latin and East Asian faces explicitly (no theme fonts, which Word resolves to a
    Latin face for the headings of the default template)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", cjk)):
        fonts.set(qn(attr), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


class _Writer:
    def __init__(self, b: Bulletin):
        self.b = b
        self.doc = Document()
        self.latin, self.cjk = b.branding.fonts.latin, b.branding.fonts.cjk
        self.accent, self.link = _rgb(b.branding.colours.accent), _rgb(b.branding.colours.link)
        self._styles()

    # set-up -------------------------------------------------------------------------------
    def _styles(self) -> None:
        doc, st = self.doc, self.doc.styles
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(2.2)
        normal = st["Normal"]
        normal.font.size = Pt(BODY_PT)
        normal.font.color.rgb = _rgb(self.b.branding.colours.text)
        normal.paragraph_format.line_spacing = 1.5
        normal.paragraph_format.space_after = Pt(4)
        if "Hyperlink" not in [x.name for x in st]:
            link = st.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.font.underline, link.font.color.rgb = True, self.link
        for name in ("Normal", "Heading 1", "Title", "Hyperlink"):
            _set_fonts(st[name].element, self.latin, self.cjk)
        title_bdr = st["Title"].element.pPr.find(qn("w:pBdr")) if st["Title"].element.pPr is not None else None
        if title_bdr is not None:   # the default template's blue rule under Title: not the line's colours
            title_bdr.getparent().remove(title_bdr)
        h1 = st["Heading 1"]
        h1.font.size, h1.font.bold, h1.font.color.rgb = Pt(14), True, self.accent
        h1.paragraph_format.space_before, h1.paragraph_format.space_after = Pt(14), Pt(6)
        label = st.add_style(LABEL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = normal
        label.font.size, label.font.bold, label.font.color.rgb = Pt(13), True, self.accent
        label.paragraph_format.space_before, label.paragraph_format.space_after = Pt(12), Pt(4)
        label.paragraph_format.keep_with_next = True
        settings = doc.settings.element
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)
        props = doc.core_properties
        props.title = self._clean(f"{self.b.title} {self.b.date.isoformat()}")
        props.author = self._clean(self.b.branding.organisations[0].name if self.b.branding.organisations else "ribao")
        props.language = "zh-CN"

    # primitives ---------------------------------------------------------------------------
    @staticmethod
    def _clean(text: str) -> str:
        return _NOT_XML.sub("", str(text))

    def run(self, par, text: str, *, bold=None, size=None, colour=None, superscript=False):
        r = par.add_run(self._clean(text))
        _set_fonts(r._r, self.latin, self.cjk)
        if bold is not None:
            r.bold = bold
        if size:
            r.font.size = Pt(size)
        if colour is not None:
            r.font.color.rgb = colour
        if superscript:
            r.font.superscript = True
        return r

    def hyperlink(self, par, text: str, url: str) -> None:
        rid = par.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = self.run(par, text, colour=self.link)
        run.style = self.doc.styles["Hyperlink"]
        run._r.getparent().remove(run._r)
        link.append(run._r)
        par._p.append(link)

    def field(self, par, instruction: str, cached: str = "") -> None:
        """A complex field (begin / instruction / separate / cached result / end)."""
        def char(kind):
            r = OxmlElement("w:r")
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                fc.set(qn("w:dirty"), "true")
            r.append(fc)
            par._p.append(r)
        char("begin")
        r = OxmlElement("w:r")
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = f" {instruction} "
        r.append(it)
        par._p.append(r)
        char("separate")
        if cached:
            self.run(par, cached)
        char("end")

    @staticmethod
    def shade(cell, fill: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill.lstrip("#").upper())
        tcpr.append(shd)

    def rule_below(self, par, colour: str, size: int = 12) -> None:
        ppr = par._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", colour.lstrip("#"))):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.append(bdr)

    def body_par(self, style=None, indent=True):
        p = self.doc.add_paragraph(style=style)
        if indent:
            p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return p

    # the bulletin -------------------------------------------------------------------------
    def masthead(self) -> None:
        b, white = self.b, RGBColor(0xFF, 0xFF, 0xFF)
        band = self.doc.add_table(rows=1, cols=1)
        band.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell = band.cell(0, 0)
        self.shade(cell, b.branding.colours.accent)
        p = cell.paragraphs[0]
        if b.branding.issue_label:
            self.run(p, b.branding.issue_label, size=10, colour=white)
        if b.sample:
            self.run(p, ("　　" if b.branding.issue_label else "") + "示例数据", size=10, bold=True, colour=white)
        title = cell.add_paragraph(style="Title")
        self.run(title, b.title, size=24, bold=True, colour=white)
        if b.subtitle:
            self.run(cell.add_paragraph(), b.subtitle, size=11, colour=white)
        meta = self.doc.add_paragraph()
        width = self.doc.sections[0].page_width - self.doc.sections[0].left_margin - self.doc.sections[0].right_margin
        meta.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        orgs = [o.name for o in b.branding.organisations]
        for i, name in enumerate(orgs):
            if i:
                meta.add_run().add_break()
            self.run(meta, name)
        self.run(meta, "\t" + cn_date(b.date))
        self.rule_below(meta, b.branding.colours.accent)

    def abstract(self) -> None:
        if not self.b.abstract:
            return
        self.run(self.doc.add_paragraph(style=LABEL_STYLE), "摘要")
        for text in paragraphs(self.b.abstract):
            self.run(self.body_par(), text)

    def toc(self) -> None:
        self.run(self.doc.add_paragraph(style=LABEL_STYLE), "目录")
        lines = [headline(s) for s in self.b.sections]
        lines += [t for t, on in (("趋势判断", self.b.trend), ("参考文献", self.b.references)) if on]
        self.field(self.doc.add_paragraph(), r'TOC \o "1-1" \h \z \u', cached="\n".join(lines) or "（打开时更新目录）")

    def sections(self) -> None:
        for s in self.b.sections:
            self.run(self.doc.add_paragraph(style="Heading 1"), headline(s))
            for par in ordered_paragraphs(s):
                p = self.body_par()
                for sen in par.sentences:
                    self.run(p, sen.text)
                    if sen.cites:
                        self.run(p, "".join(f"[{int(n)}]" for n in sen.cites), superscript=True, colour=self.link)

    def trend(self) -> None:
        if not self.b.trend:
            return
        self.run(self.doc.add_paragraph(style="Heading 1"), "趋势判断")
        for text in paragraphs(self.b.trend):
            self.run(self.body_par(), text)

    def references(self) -> None:
        if not self.b.references:
            return
        self.run(self.doc.add_paragraph(style="Heading 1"), "参考文献")
        for r in self.b.references:
            p = self.doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(1)
            p.paragraph_format.first_line_indent = Cm(-1)
            p.paragraph_format.line_spacing = 1.25
            self.run(p, f"[{int(r.n)}]\t", colour=self.accent, size=9.5)
            self.run(p, f"{r.publisher} | ", size=9.5)
            href = safe_href(r.url)
            if href:
                self.hyperlink(p, r.title, href)
            else:
                self.run(p, r.title, size=9.5)
            self.run(p, f" | {r.date}" + (f" | {r.usage}" if r.usage else ""), size=9.5)

    def contact(self) -> None:
        br = self.b.branding
        orgs = [o for o in br.organisations if o.description]
        if not (br.qr_codes or orgs or br.website):
            return
        p = self.doc.add_paragraph(style=LABEL_STYLE)
        self.run(p, br.contact)
        self.rule_below(p, br.colours.accent, size=8)
        if br.qr_codes:
            table = self.doc.add_table(rows=2, cols=len(br.qr_codes))
            for i, q in enumerate(br.qr_codes):
                img, cap = table.cell(0, i).paragraphs[0], table.cell(1, i).paragraphs[0]
                img.alignment = cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                try:
                    buf = io.BytesIO()
                    segno.make(q.url, error="m", micro=False).save(buf, kind="png", scale=6, border=2)
                    buf.seek(0)
                    img.add_run().add_picture(buf, width=Cm(2.8))
                except (segno.DataOverflowError, ValueError):
                    pass   # an unencodable code keeps its label, as in the other formats
                self.run(cap, q.label, size=9)
        for o in orgs:
            p = self.body_par(indent=False)
            self.run(p, o.name, bold=True, size=9.5)
            self.run(p, "：" + o.description, size=9.5)
        if br.website:
            p = self.body_par(indent=False)
            self.run(p, "网址：", size=9.5)
            if safe_href(br.website):
                self.hyperlink(p, br.website, br.website)
            else:
                self.run(p, br.website, size=9.5)

    def page_furniture(self) -> None:
        sec = self.doc.sections[0]
        head = sec.header.paragraphs[0]
        self.run(head, f"{self.b.title}　{cn_date(self.b.date)}", size=8, colour=RGBColor(0x8A, 0x8A, 0x8A))
        foot = sec.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(foot, "— ", size=9)
        self.field(foot, "PAGE", cached="1")
        self.run(foot, " / ", size=9)
        self.field(foot, "NUMPAGES", cached="1")
        self.run(foot, " —", size=9)

    def build(self) -> Document:
        self.masthead()
        self.abstract()
        self.toc()
        self.sections()
        self.trend()
        self.references()
        self.contact()
        self.page_furniture()
        return self.doc


def render_docx(b: Bulletin, path: Path) -> None:
    """Write the Word edition of ``b`` to ``path``."""
    _Writer(b).build().save(str(path))
