"""Render stage: one :class:`~ribao.models.Bulletin` to every format it is read in.

``render_all`` writes them side by side: Markdown, HTML (the web page), PDF (WeasyPrint), DOCX
(python-docx), the WeChat article and the e-mail edition (HTML and plain text). Every text field of a bulletin comes from the web and is
untrusted: each format escapes it in its own way (HTML autoescape, Markdown backslashes, XML via
python-docx) and links only to http(s) URLs. One module per format; ``common`` is what they share.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ribao.models import Bulletin
from ribao.render import fonts
from ribao.render.common import archived_href, cn_date, headline, ordered_paragraphs, paragraphs, safe_href
from ribao.render.docx import render_docx
from ribao.render.email import Mode, render_email
from ribao.render.html import render_html, stylesheet
from ribao.render.markdown import MdRaw, md_escape, render_markdown
from ribao.render.pdf import render_pdf
from ribao.render.wechat import WeChatArticle, render_wechat
from ribao.text import cn_numeral

__all__ = [
    "RenderedFiles", "EmailFiles", "render_all", "write_email", "render_markdown", "render_html", "render_pdf", "render_docx",
    "render_wechat", "WeChatArticle", "cn_numeral", "cn_date", "safe_href", "archived_href", "headline",
    "paragraphs", "ordered_paragraphs", "stylesheet", "md_escape", "MdRaw", "fonts",
]


@dataclass(frozen=True)
class EmailFiles:
    html: Path
    text: Path
    mode: Mode     # which HTML edition fitted the size budget ("full" unless the bulletin is huge)


@dataclass(frozen=True)
class RenderedFiles:
    markdown: Path
    html: Path
    pdf: Path
    docx: Path
    wechat: Path
    email: EmailFiles
    wechat_problems: tuple[str, ...] = ()   # limits the WeChat article is still over (see render.wechat)

    def by_format(self) -> dict[str, Path]:
        """Format name → file, in the order a listing shows them."""
        return {"md": self.markdown, "html": self.html, "pdf": self.pdf, "docx": self.docx, "wechat": self.wechat,
                "email_html": self.email.html, "email_text": self.email.text}


def write_email(bulletin: Bulletin, out_dir: Path, *, bulletin_url: str = "") -> EmailFiles:
    """Write bulletin.email.html and bulletin.email.txt (the parts delivery sends) into ``out_dir``."""
    ed = render_email(bulletin, bulletin_url=bulletin_url)
    files = EmailFiles(Path(out_dir) / "bulletin.email.html", Path(out_dir) / "bulletin.email.txt", ed.mode)
    files.html.write_text(ed.html, encoding="utf-8")
    files.text.write_text(ed.text, encoding="utf-8")
    return files


def render_all(bulletin: Bulletin, out_dir: Path, *, bulletin_url: str = "") -> RenderedFiles:
    """Write every format into ``out_dir``: bulletin.md, .html, .pdf, .docx, .wechat.html, and
    .email.html/.email.txt (linking to ``bulletin_url``, where readers find the bulletin online)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wx = render_wechat(bulletin)
    files = RenderedFiles(out_dir / "bulletin.md", out_dir / "bulletin.html", out_dir / "bulletin.pdf",
                          out_dir / "bulletin.docx", out_dir / "bulletin.wechat.html",
                          write_email(bulletin, out_dir, bulletin_url=bulletin_url), wx.problems)
    files.markdown.write_text(render_markdown(bulletin), encoding="utf-8")
    files.html.write_text(render_html(bulletin), encoding="utf-8")
    files.wechat.write_text(wx.document, encoding="utf-8")
    render_docx(bulletin, files.docx)
    render_pdf(bulletin, files.pdf)
    return files
