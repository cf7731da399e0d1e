"""The e-mail edition: HTML with inline styles and a plain-text part, from the Bulletin model.

Webmail drops ``<style>`` blocks or comments them out, and Gmail clips a message past ~102 KB
of HTML ("[Message clipped]"), so the HTML carries its styles on each element and is measured:
past ``max_bytes`` the HTML part becomes a compact edition (facts only), then a table of
contents, and says so in its first line, pointing to the attached PDF and the online copy. The
text part is always the whole bulletin.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ribao.models import Bulletin
from ribao.render import cn_date, ordered_paragraphs, paragraphs, safe_href
from ribao.text import cn_numeral

Mode = Literal["full", "compact", "headlines"]
MAX_HTML_BYTES = 100_000


@dataclass(frozen=True)
class QRLink:
    label: str
    href: str


@dataclass(frozen=True)
class EmailEdition:
    subject: str
    html: str
    text: str
    mode: Mode     # which HTML edition fitted the budget


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


_html_env = Environment(loader=PackageLoader("ribao.render", "templates"), undefined=StrictUndefined,
                        autoescape=select_autoescape(["j2"], default_for_string=True),
                        trim_blocks=True, lstrip_blocks=True)
_html_env.filters.update(cn=cn_numeral, paras=paragraphs, ordered=ordered_paragraphs, href=safe_href)


def subject(b: Bulletin) -> str:
    return _one_line(f"{b.title}（{cn_date(b.date)}）" + ("［示例数据］" if b.sample else ""))


def _context(b: Bulletin, bulletin_url: str) -> dict:
    return {"b": b, "date_cn": cn_date(b.date), "bulletin_url": safe_href(bulletin_url) or "",
            "website": safe_href(b.branding.website) or "",
            "qr_links": [QRLink(q.label, href) for q in b.branding.qr_codes if (href := safe_href(q.url))]}


def render_email(b: Bulletin, *, bulletin_url: str = "", max_bytes: int = MAX_HTML_BYTES) -> EmailEdition:
    """The e-mail edition of ``b``; its HTML is at most ``max_bytes`` UTF-8 bytes unless even the
    table of contents is larger (then it is that, and the caller sees ``mode == "headlines"``)."""
    ctx = _context(b, bulletin_url)
    html = ""
    mode: Mode = "full"
    for mode in ("full", "compact", "headlines"):
        html = _squeeze(_html_env.get_template("email.html.j2").render(ctx, mode=mode))
        if len(html.encode("utf-8")) <= max_bytes:
            break
    return EmailEdition(subject=subject(b), html=html, text=render_text(b, bulletin_url=bulletin_url), mode=mode)


def render_text(b: Bulletin, *, bulletin_url: str = "") -> str:
    """The plain-text part: the whole bulletin, one paragraph per line, references with their URLs."""
    head = [_one_line(b.title + (f" · {b.subtitle}" if b.subtitle else "")),
            " · ".join(x for x in (cn_date(b.date), b.branding.issue_label, "示例数据" if b.sample else "") if x)]
    blocks = ["\n".join(head)]
    if b.abstract:
        blocks.append("\n".join(["【摘要】", *map(_one_line, paragraphs(b.abstract))]))
    for sec in b.sections:
        lines = [f"{cn_numeral(sec.number)}、{_one_line(sec.headline)}"]
        for para in ordered_paragraphs(sec):
            lines.append("".join(_one_line(s.text) + "".join(f"[{n}]" for n in s.cites) for s in para.sentences))
        blocks.append("\n".join(lines))
    if b.trend:
        blocks.append("\n".join(["【趋势判断】", *map(_one_line, paragraphs(b.trend))]))
    if b.references:
        refs = ["【参考文献】"]
        for r in b.references:
            refs.append(f"[{r.n}] {_one_line(r.publisher)} | {_one_line(r.title)} | {_one_line(r.date)}")
            refs += [f"    {u}" for u in (safe_href(r.url),) if u]
            refs += [f"    存档：{u}" for u in (safe_href(r.archived),) if u]
        blocks.append("\n".join(refs))
    tail = [f"在线版：{u}" for u in (safe_href(bulletin_url),) if u]
    tail += [o.name for o in b.branding.organisations] + [u for u in (safe_href(b.branding.website),) if u]
    if tail:
        blocks.append("\n".join(tail))
    return "\n\n".join(blocks) + "\n"


def _squeeze(html: str) -> str:
    """Drop the template's indentation and blank lines (bytes a mail client only has to carry)."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n"
