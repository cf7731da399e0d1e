"""The LLM writer: sections, abstract and trend from any OpenAI-compatible chat API, cited by code.

The model sees a section's sources (its slot's members and background) as passages S1…Sn fenced
as data (``prompts``) and answers JSON: a headline and sentences with S-ids. Code maps the ids to
references through ``compose.common.Refs``,
so a reference's publisher, title, date and URL always come from the article record. A section
the model cannot write (HTTP error or timeout after bounded retries, invalid JSON, unknown ids,
nothing usable) is written by the extractive writer instead. Valid answers are cached under the
hash of the request, so a rebuild costs no calls. Whatever is written, the verifier checks every
sentence afterwards (``make_repair`` lets it ask the model for a rewrite, which it re-checks).
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping, TypeVar

import openai
from pydantic import BaseModel, Field, ValidationError, field_validator

from ribao.analyze.select import DaySelection, Slot
from ribao.catalog import Catalog, load_catalog
from ribao.compose import prompts, summary
from ribao.compose.common import Refs, usage_note
from ribao.compose.extractive import headline_for, write_section
from ribao.compose.llm_config import LLMConfig
from ribao.models import Article, Bulletin, Paragraph, Section, Sentence, WriterInfo, LLMUsage
from ribao.verify import Repair, SourceText, check_sentence, enforce, sources_from_articles

__all__ = ["LLMConfig", "LLMUsage", "LLMFailure", "write_bulletin_llm", "make_repair", "repair_sources"]

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_SENTENCE = 300
MAX_HEADLINE = 40


class LLMFailure(Exception):
    """The model gave no usable answer; the caller falls back."""


# ---------------------------------------------------------------- answers

_SID = re.compile(r"^\[?\s*[Ss]\s*(\d+)\s*\]?$")
_INLINE_CITE = re.compile(r"\s*[\[【(（]\s*S\d+(?:\s*[,，、]\s*S\d+)*\s*[\]】)）]")
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_CODE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def payload(content: str) -> dict:
    """The JSON object in an answer: reasoning (<think>…</think>) and code fences removed."""
    text = _THINK.sub("", content or "")
    if re.search(r"</think>", text, re.I):     # the template opened the block; only its end is in the answer
        text = re.split(r"</think>", text, flags=re.I)[-1]
    if re.search(r"<think>", text, re.I):
        raise ValueError("unfinished <think> block")
    m = _CODE.search(text)
    text = m.group(1) if m else text
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the answer")
    data = json.loads(text[start:end + 1])
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    return data


def _clean(text: str) -> str:
    t = re.sub(r"\s+", " ", _INLINE_CITE.sub("", text)).strip()
    if t and not re.search(r"[。！？!?…”’」）)]$", t):
        t += "。"
    return t


def _sids(v: Any) -> list[str]:
    """"S1", "[S1]", "s1", 1 → "S1"; anything else is kept, to be refused as unknown."""
    items = v if isinstance(v, list) else [v] if v not in (None, "") else []
    out = []
    for x in items:
        m = _SID.match(str(x).strip())
        out.append(f"S{m.group(1)}" if m else str(x))
    return list(dict.fromkeys(out))


class _Said(BaseModel):
    text: str
    cites: list[str] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        v = _clean(v)
        if not v or len(v) > MAX_SENTENCE:
            raise ValueError(f"each sentence must be 1 to {MAX_SENTENCE} characters")
        return v

    @field_validator("cites", mode="before")
    @classmethod
    def _cites(cls, v: Any) -> list[str]:
        return _sids(v)


class _SectionAnswer(BaseModel):
    headline: str = ""
    facts: list[_Said] = Field(min_length=1)
    analysis: list[_Said] = Field(default_factory=list)


class _SummaryAnswer(BaseModel):
    abstract: str = Field(min_length=1)
    trend: str = Field(min_length=1)


class _RepairAnswer(BaseModel):
    text: str = ""
    cites: list[str] = Field(default_factory=list)
    drop: bool = False

    @field_validator("cites", mode="before")
    @classmethod
    def _cites(cls, v: Any) -> list[str]:
        return _sids(v)


def _known(said: list[_Said], ids: set[str], *, need_cite: bool) -> None:
    for s in said:
        if need_cite and not s.cites:
            raise ValueError("every fact sentence must cite a passage id")
        unknown = [c for c in s.cites if c not in ids]
        if unknown:
            raise ValueError(f"unknown passage ids {unknown}; use only {sorted(ids)}")


def _section_answer(data: dict, ids: set[str]) -> _SectionAnswer:
    ans = _SectionAnswer.model_validate(data)
    _known(ans.facts, ids, need_cite=True)
    _known(ans.analysis, ids, need_cite=False)
    return ans


def _repair_answer(data: dict, ids: set[str]) -> _RepairAnswer:
    ans = _RepairAnswer.model_validate(data)
    if not ans.drop:
        ans.text = _Said(text=ans.text, cites=ans.cites).text
        _known([_Said(text=ans.text, cites=ans.cites)], ids, need_cite=False)
    return ans


# ---------------------------------------------------------------- the client

def _retry_after(e: Exception) -> float | None:
    """Seconds the server asked to wait (Retry-After / retry-after-ms), or None."""
    resp = getattr(e, "response", None)
    headers = getattr(resp, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        v = headers.get(name)
        if v is None:
            continue
        try:
            return max(0.0, float(v) / scale)
        except ValueError:
            when = email.utils.parsedate_tz(v)
            if when is not None:
                return max(0.0, email.utils.mktime_tz(when) - time.time())
    return None


def _message(e: openai.APIStatusError) -> str:
    body = e.body if isinstance(e.body, dict) else {}
    err = body.get("error", body) if isinstance(body.get("error", body), dict) else {}
    return str(err.get("message") or e.message)[:200]


class _Chat:
    """One conversation turn with validation, bounded retries, accounting and the answer cache.

    Retries are ours (the SDK's are off) so that waits are configurable and every request is
    counted; a server asking to wait longer than ``max_backoff_s`` is not waited for.
    """

    def __init__(self, config: LLMConfig, usage: LLMUsage):
        self.config = config
        self.usage = usage
        self.format = config.response_format
        self.disabled: str | None = None
        self.client = openai.OpenAI(base_url=config.base_url, api_key=config.api_key(), timeout=config.timeout_s,
                                    max_retries=0)

    def close(self) -> None:
        self.client.close()

    def ask(self, messages: list[dict], parse: Callable[[dict], T], *, name: str, schema: dict) -> T:
        key = self._key(messages)
        cached = self._cache_get(key)
        if cached is not None:
            try:
                result = parse(payload(cached))
                self.usage.cache_hits += 1
                return result
            except ValueError:
                log.info("cached answer %s no longer valid; asking again", key[:12])
        convo = list(messages)
        problem = ""
        for _ in range(self.config.format_retries + 1):
            content = self._complete(convo, name, schema)
            try:
                result = parse(payload(content))
            except ValueError as e:     # json.JSONDecodeError and pydantic's ValidationError included
                problem = _short(e)
                convo = convo + [{"role": "assistant", "content": content[:4000]},
                                 {"role": "user", "content": f"上一个回答无效：{problem}。请只输出符合系统说明格式的 JSON 对象。"}]
                continue
            self._cache_put(key, content)
            return result
        raise LLMFailure(f"invalid answer: {problem}")

    def _complete(self, messages: list[dict], name: str, schema: dict) -> str:
        if self.disabled:
            raise LLMFailure(self.disabled)
        cfg = self.config
        attempt = 0
        while True:
            self.usage.calls += 1
            try:
                resp = self.client.chat.completions.create(
                    model=cfg.model, messages=messages, temperature=cfg.temperature, max_tokens=cfg.max_tokens,
                    extra_body=cfg.extra_body or None, **self._format_args(name, schema))
            except openai.BadRequestError as e:
                if self.format == "json_schema":
                    self.format = "json_object"
                    self.usage.errors.append(f"json_schema refused ({_message(e)}); using json_object")
                    continue
                raise LLMFailure(f"HTTP 400: {_message(e)}") from e
            except (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError) as e:
                self.disabled = f"HTTP {e.status_code}: {_message(e)}"
                raise LLMFailure(self.disabled) from e
            except (openai.APIConnectionError, openai.APIStatusError) as e:
                status = getattr(e, "status_code", None)
                what = "timeout" if isinstance(e, openai.APITimeoutError) else \
                    f"HTTP {status}" if status else "connection error"
                if status is not None and status not in (408, 409, 429) and status < 500:
                    raise LLMFailure(f"{what}: {_message(e)}") from e
                if attempt >= cfg.max_retries:
                    raise LLMFailure(f"{what} after {attempt + 1} attempts") from e
                wait = _retry_after(e)
                if wait is not None and wait > cfg.max_backoff_s:
                    raise LLMFailure(f"{what}: the server asks to wait {wait:.0f} s") from e
                if wait is None:
                    wait = min(cfg.backoff_s * 2 ** attempt, cfg.max_backoff_s)
                attempt += 1
                self.usage.retries += 1
                log.info("%s; retry %d in %.2f s", what, attempt, wait)
                time.sleep(wait)
                continue
            self._account(resp.usage)
            return (resp.choices[0].message.content or "") if resp.choices else ""

    def _format_args(self, name: str, schema: dict) -> dict:
        if self.format == "json_object":
            return {"response_format": {"type": "json_object"}}
        if self.format == "json_schema":
            return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}}
        return {}

    def _account(self, u: Any) -> None:
        if u is None:
            return
        self.usage.tokens_in += u.prompt_tokens or 0
        self.usage.tokens_out += u.completion_tokens or 0
        self.usage.cost = round(self.usage.tokens_in * self.config.price_in_per_1k / 1000 +
                                self.usage.tokens_out * self.config.price_out_per_1k / 1000, 6)

    def _key(self, messages: list[dict]) -> str:
        """What determines the answer: model, messages and sampling (not the endpoint, key or JSON mode)."""
        cfg = self.config
        req = {"model": cfg.model, "messages": messages, "temperature": cfg.temperature, "max_tokens": cfg.max_tokens,
               "extra_body": cfg.extra_body}
        return hashlib.sha256(json.dumps(req, ensure_ascii=False, sort_keys=True).encode()).hexdigest()

    def _cache_path(self, key: str):
        return self.config.cache_dir / key[:2] / f"{key}.json" if self.config.cache_dir else None

    def _cache_get(self, key: str) -> str | None:
        path = self._cache_path(key)
        if path is None or not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))["content"]
        except (OSError, ValueError, KeyError):
            return None

    def _cache_put(self, key: str, content: str) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"model": self.config.model, "content": content}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)


def _short(e: Exception) -> str:
    if isinstance(e, ValidationError):
        return "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()[:3])
    return str(e)[:200]


# ---------------------------------------------------------------- passages

@dataclass
class _Passage:
    sid: str
    article: Article
    kind: str          # primary | interpretation | report | background


@dataclass
class _Fence:
    blocks: list[str]
    removed: str       # text cut from the sources as instruction-like
    clean: str         # what the model was shown

    def refuse(self, text: str) -> str | None:
        """Why a model sentence must not be printed, or None."""
        why = prompts.suspicious(text)
        if why is None and self.removed and prompts.echoes(text, self.removed, self.clean):
            why = "repeats text cut from a source as instruction-like"
        return why


def _fence(passages: list[_Passage], limit: int) -> _Fence:
    blocks, removed, clean = [], [], []
    for p in passages:
        a = p.article
        body = prompts.sanitise(a.body)
        title = prompts.sanitise([a.title])
        text = body.text if len(body.text) <= limit else body.text[:limit] + "……（以下从略）"
        removed += body.removed + title.removed
        clean += [title.text, text]
        blocks.append(prompts.source_block(p.sid, title=title.text, publisher=a.publisher or a.site_name,
                                           date=a.published.date().isoformat() if a.published else "",
                                           doc_no=a.doc_no, language=a.language, body=text))
    return _Fence(blocks, "\n".join(removed), "\n".join(clean))


def _passages(slot: Slot) -> list[_Passage]:
    context = set(a.url for a in slot.candidate.context)
    items = [(m.article, m.role) for m in slot.members] + \
        [(a, "context" if a.url in context else "background") for a in slot.background]
    return [_Passage(f"S{i}", a, kind) for i, (a, kind) in enumerate(items, 1)]


# ---------------------------------------------------------------- the writer

@dataclass
class _Section:
    section: Section
    fence: _Fence


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def chinese(text: str) -> bool:
    """Written in Chinese: most of its letters are CJK (a quoted English phrase or a unit aside)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if _CJK_CHAR.match(ch)) >= 0.6 * len(letters)


def _llm_section(chat: _Chat, number: int, slot: Slot, selection: DaySelection, refs: Refs, catalog: Catalog
                 ) -> _Section:
    line = selection.line
    story = slot.candidate
    theme_name = line.theme_name(story.theme)
    passages = _passages(slot)
    by_id = {p.sid: p for p in passages}
    fence = _fence(passages, chat.config.max_passage_chars)
    messages = [{"role": "system", "content": prompts.section_system(line.title)},
                {"role": "user", "content": prompts.section_user(theme_name, fence.blocks, slot.angle)}]
    ans = chat.ask(messages, lambda d: _section_answer(d, set(by_id)), name="section",
                   schema=_SectionAnswer.model_json_schema())

    def usable(s: _Said) -> bool:
        why = fence.refuse(s.text) or (None if chinese(s.text) else
                                       "not written in Chinese (a foreign source's facts are given in Chinese)")
        if why:
            chat.usage.rejected_sentences += 1
            log.warning("section %d: model sentence refused (%s)", number, why)
        return why is None

    facts = [s for s in ans.facts if usable(s)]
    analysis = [s for s in ans.analysis if usable(s)]
    if not facts:
        raise LLMFailure("no usable fact sentence")
    cited: list[str] = []

    def sentence(s: _Said, role: str) -> Sentence:
        cited.extend(s.cites)
        return Sentence(text=s.text, cites=list(dict.fromkeys(
            refs.cite(by_id[c].article, usage_note(by_id[c].kind, theme_name, role=role)) for c in s.cites)))

    paragraphs = [Paragraph(role="facts", sentences=[sentence(s, "facts") for s in facts])]
    if analysis:
        paragraphs.append(Paragraph(role="analysis", sentences=[sentence(s, "analysis") for s in analysis]))
    sources = [p.article.url for p in passages if p.sid in cited]
    texts = [SourceText.of(p.article) for p in passages]
    return _Section(Section(number=number, headline=_headline(slot, ans.headline, fence, texts, selection, catalog),
                            story_id=story.key, theme=story.theme, angle=slot.angle, continues=list(story.continues),
                            sources=list(dict.fromkeys(sources)), paragraphs=paragraphs), fence)


def _headline(slot: Slot, proposed: str, fence: _Fence, sources: list[SourceText], selection: DaySelection,
              catalog: Catalog) -> str:
    """The model's prose headline when it is short, clean, Chinese and every number, date, 《title》,
    文号, organisation, attribution and polarity word in it is in the section's sources (prose: its
    wording need not be the sources'); else the extractive one."""
    text = re.sub(r"\s+", " ", proposed or "").strip().rstrip("。")
    if text and len(text) <= MAX_HEADLINE and not fence.refuse(text) and chinese(text) and \
            not check_sentence(text, sources, role="analysis", bulletin_date=selection.date):
        return text
    return headline_for(slot, selection, catalog)


def _summary(chat: _Chat, selection: DaySelection, sections: list[Section], refs: Refs, fences: list[_Fence]
             ) -> tuple[str, str, list[str]]:
    """Abstract and trend from the sections' verified sentences and the computed history; the
    extractive ones when the model's add a fact (number, date, title, organisation) neither holds,
    or fail."""
    line = selection.line
    ex_trend, computed = summary.trend(selection, sections, refs.items)
    fallback = (summary.abstract(selection, sections), ex_trend, computed)
    if not sections:
        return fallback
    draft = Bulletin(line=line.id, date=selection.date, title=line.title, sections=sections, references=refs.items)
    checked = enforce(draft, sources_from_articles(selection.cited_articles())).sections
    if not checked:
        chat.usage.fallback_summary = True
        return fallback
    texts = []
    digest = []
    for sec in checked:
        th = line.theme(sec.theme)
        sents = [s.text for p in sec.paragraphs for s in p.sentences]
        texts += [sec.headline, *sents]
        digest.append(prompts.digest_block(th.name if th else "其他", sec.headline, sents))
    themes = {sec.theme for sec in checked}
    counts = f"本期共{len(checked)}项动态，涉及{len(themes)}个主题。"
    grounds = SourceText.of(Article(url="ribao:sections", title="", body=[counts, *texts, *computed]))
    messages = [{"role": "system", "content": prompts.summary_system(line.title)},
                {"role": "user", "content": prompts.summary_user(digest, computed)}]
    try:
        ans = chat.ask(messages, _SummaryAnswer.model_validate, name="summary",
                       schema=_SummaryAnswer.model_json_schema())
    except LLMFailure as e:
        chat.usage.errors.append(f"summary: {e}")
        chat.usage.fallback_summary = True
        return fallback
    removed = "\n".join(f.removed for f in fences if f.removed)
    clean = "\n".join(f.clean for f in fences)
    for text in (ans.abstract, ans.trend):
        why = prompts.suspicious(text) or \
            ("repeats text cut from a source" if removed and prompts.echoes(text, removed, clean) else None)
        problems = check_sentence(text, [grounds], role="analysis", bulletin_date=selection.date)
        if why or problems:
            chat.usage.errors.append(f"summary refused: {why or '; '.join(map(str, problems))}"[:300])
            chat.usage.fallback_summary = True
            return fallback
    return ans.abstract.strip(), ans.trend.strip(), [counts, *computed]


def write_bulletin_llm(selection: DaySelection, config: LLMConfig, *, catalog: Catalog | None = None,
                       sample: bool = False) -> tuple[Bulletin, LLMUsage]:
    """The bulletin written by the model, section by section (extractive where it fails), and its cost."""
    catalog = catalog or load_catalog()
    line = selection.line
    usage = LLMUsage(model=config.model, currency=config.currency)
    chat = _Chat(config, usage)
    refs = Refs(catalog)
    sections: list[Section] = []
    fences: list[_Fence] = []
    try:
        for i, slot in enumerate(selection.slots, 1):
            try:
                written = _llm_section(chat, i, slot, selection, refs, catalog)
                sections.append(written.section)
                fences.append(written.fence)
            except LLMFailure as e:
                log.warning("section %d (%s): %s; written by the extractive writer", i, slot.candidate.key, e)
                usage.fallback_sections.append(i)
                usage.errors.append(f"section {i}: {e}"[:300])
                written = write_section(i, slot, selection, refs, catalog)
                if written is not None:
                    sections.append(written)
        abstract, trend, computed = _summary(chat, selection, sections, refs, fences)
    finally:
        chat.close()
    bulletin = Bulletin(line=line.id, date=selection.date, title=line.title, subtitle=line.subtitle,
                        abstract=abstract, sections=sections, trend=trend,
                        computed=computed + summary.bulletin_refs(selection, sections), references=refs.items,
                        writer=WriterInfo(kind="llm", model=config.model), branding=line.branding, sample=sample,
                        generated_at=datetime.now(timezone.utc))
    return bulletin, usage


# ---------------------------------------------------------------- repair

def repair_sources(bulletin: Bulletin, articles: list[Article]) -> dict[int, Article]:
    """Reference number → article, for ``make_repair`` (numbers as in the bulletin before ``enforce``)."""
    by_url = {a.url: a for a in articles}
    return {r.n: by_url[r.url] for r in bulletin.references if r.url in by_url}


def make_repair(config: LLMConfig, sources: Mapping[int, Article], *, usage: LLMUsage | None = None,
                title: str = "") -> Repair:
    """A ``Repair`` for ``ribao.verify.enforce``: the model rewrites a failing sentence from the passages
    it cites, or gives up. The verifier re-checks what comes back; calls are added to ``usage``."""
    usage = usage if usage is not None else LLMUsage(model=config.model, currency=config.currency)
    chat = _Chat(config, usage)

    def repair(text: str, cites: list[int], problems: list) -> Sentence | None:
        cited = [(n, sources[n]) for n in dict.fromkeys(cites) if n in sources]
        if not cited:
            return None
        passages = [_Passage(f"S{i}", a, "cited") for i, (_, a) in enumerate(cited, 1)]
        number = {p.sid: n for p, (n, _) in zip(passages, cited)}
        fence = _fence(passages, config.max_passage_chars)
        messages = [{"role": "system", "content": prompts.repair_system(title)},
                    {"role": "user", "content": prompts.repair_user(text, [str(p) for p in problems], fence.blocks)}]
        usage.repair_requests += 1
        try:
            ans = chat.ask(messages, lambda d: _repair_answer(d, set(number)), name="repair",
                           schema=_RepairAnswer.model_json_schema())
        except LLMFailure as e:
            usage.errors.append(f"repair: {e}"[:300])
            return None
        if ans.drop or not ans.text:
            return None
        if fence.refuse(ans.text):
            usage.rejected_sentences += 1
            return None
        return Sentence(text=ans.text, cites=[number[c] for c in ans.cites] or [n for n, _ in cited])

    return repair
