"""Plain data that crosses stage boundaries.

Each stage takes and returns these models (or rows in the store), never loose dicts, so a
newcomer can read what flows from capture to render in one file.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from ribao.config import StrictModel

DatePrecision = Literal["minute", "day"]
MemberRole = Literal["primary", "interpretation", "reprint", "report", "background"]


class Attachment(BaseModel):
    name: str
    url: str
    type: str = ""


class Article(BaseModel):
    """One extracted article page. ``published`` is aware (Asia/Shanghai)."""

    url: str
    title: str
    published: datetime | None = None
    published_precision: DatePrecision = "minute"
    publisher: str = ""
    site: str = ""
    site_name: str = ""
    column: str = ""
    author: str = ""
    doc_no: str = ""
    doc_type: str = ""
    language: str = "zh"
    canonical_url: str = ""
    body: list[str] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.body)

    def json_record(self) -> dict:
        """The `ribao extract` output contract (one JSON object per article)."""
        d = self.model_dump(mode="json")
        return d


class Sentence(BaseModel):
    text: str
    cites: list[int] = Field(default_factory=list)


class Paragraph(BaseModel):
    role: Literal["facts", "analysis"]
    sentences: list[Sentence] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


class Section(BaseModel):
    number: int
    headline: str
    story_id: str
    theme: str = ""
    # which part of its story the section tells: "" or "story" (all of it), "content", "scope",
    # "mechanism" (angles of one big story, each from its own members), "context" (the earlier
    # documents from the archive that the story belongs with)
    angle: str = ""
    continues: list[str] = Field(default_factory=list)   # "date:story_key" of earlier bulletins it develops
    sources: list[str] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)


class Reference(BaseModel):
    n: int
    publisher: str
    title: str
    date: str
    url: str
    usage: str = ""
    archived: str = ""
    original: str = ""      # a reprint's original publisher (publisher is then "X转载", the site that carried it)


class Organisation(StrictModel):
    name: str
    description: str = ""


class QRCode(StrictModel):
    label: str
    url: str


_COLOUR = r"^#[0-9a-fA-F]{6}$"
_FONT_NAME = r"^[^\x00-\x1f\"'\\;{}<>]{1,60}$"   # goes into CSS and DOCX attributes: no quotes or braces


class BrandColours(StrictModel):
    """Colours of every format (HTML, PDF, DOCX, WeChat, site), as ``#rrggbb``."""

    accent: str = Field("#a3161f", pattern=_COLOUR)   # title band, headings' rule, 摘要 box, [n] marks
    link: str = Field("#1a4f8b", pattern=_COLOUR)
    text: str = Field("#1f2328", pattern=_COLOUR)


class BrandFonts(StrictModel):
    """Typefaces by name for what the reader's machine renders (web page, Word/WPS, WeChat).

    The PDF always embeds the bundled Noto Sans CJK SC. ``cjk`` is the DOCX runs' ``w:eastAsia``
    face and leads the web pages' font list; ``latin`` is the DOCX runs' ASCII face.
    """

    cjk: str = Field("Microsoft YaHei", pattern=_FONT_NAME)
    latin: str = Field("Arial", pattern=_FONT_NAME)


class Branding(StrictModel):
    """What the title block and footer print, and how every format looks; part of a line's config.

    ``colours``, ``fonts`` and ``site_url`` (the archive site's public base URL, used in the Atom
    feed and canonical links; ``website`` when empty) were added for publication (issue 14).
    """

    organisations: list[Organisation] = Field(default_factory=list)
    website: str = ""
    contact: str = "联系我们"
    qr_codes: list[QRCode] = Field(default_factory=list)
    issue_label: str = ""
    colours: BrandColours = Field(default_factory=BrandColours)
    fonts: BrandFonts = Field(default_factory=BrandFonts)
    site_url: str = ""


class DroppedSentence(BaseModel):
    section: int
    role: str
    text: str
    reasons: list[str]


class Verification(BaseModel):
    """What the verifier did to this bulletin (bulletin.json `verification`)."""

    sentences: int = 0
    verified: int = 0
    repaired: int = 0
    dropped: list[DroppedSentence] = Field(default_factory=list)
    headlines_replaced: list[str] = Field(default_factory=list)   # headlines that failed and were rebuilt from the title


class LLMUsage(BaseModel):
    """What the model cost for one bulletin (writer and repairs together)."""

    model: str
    calls: int = 0                  # HTTP requests sent, retries included
    retries: int = 0                # of those, repeats after a 429, 5xx, timeout or connection error
    cache_hits: int = 0             # answers taken from the cache (no request)
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0               # tokens × the configured prices
    currency: str = "USD"
    fallback_sections: list[int] = Field(default_factory=list)   # section numbers the extractive writer wrote
    fallback_summary: bool = False  # abstract and trend from the extractive writer
    rejected_sentences: int = 0     # model sentences refused before verification (instruction-like, markup, URLs)
    repair_requests: int = 0
    errors: list[str] = Field(default_factory=list)


class WriterInfo(BaseModel):
    kind: str = "extractive"
    model: str | None = None


class Bulletin(BaseModel):
    """The bulletin.json contract; renderers read only this."""

    line: str
    date: date
    title: str
    subtitle: str = ""
    abstract: str = ""
    sections: list[Section] = Field(default_factory=list)
    trend: str = ""
    # figures the writer computed from the store (theme counts of the last 7/30 days) in the
    # words the 趋势判断 uses: the ground its numbers are verified against
    computed: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    writer: WriterInfo = Field(default_factory=WriterInfo)
    branding: Branding = Field(default_factory=Branding)
    sample: bool = False
    generated_at: datetime | None = None
    verification: Verification | None = None
    usage: LLMUsage | None = None   # the LLM writer's calls, tokens and cost
