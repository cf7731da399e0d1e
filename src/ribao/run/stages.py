"""The stages of the daily run, each a thin call into the stage that does the work.

Every stage reads what it needs from the store and the output directory (never from an earlier
stage's memory), so a run resumed at any stage, in another process, does the same thing. Each
returns a :class:`StageReport`; a stage that cannot do its job raises, and the runner decides
whether the run goes on (see ``runner.FATAL``).
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ribao.lines import LineConfig
from ribao.run.config import LineRun
from ribao.run.report import RunOptions, RunReport, SourceProblem, StageReport, VerificationSummary
from ribao.settings import Settings
from ribao.store import Store

log = logging.getLogger("ribao.run")


@dataclass
class RunContext:
    store: Store
    settings: Settings
    day: date
    line: LineConfig
    entry: LineRun
    options: RunOptions
    report: RunReport
    resend_unconfirmed: bool = False

    @property
    def out_dir(self) -> Path:
        if self.options.out:
            return Path(self.options.out.replace("{date}", self.day.isoformat()))
        return self.settings.output_dir / self.line.id / self.day.isoformat()

    @property
    def bulletin_url(self) -> str:
        """Where readers find the day's bulletin: ``bulletin_url`` of run.yaml, else its page on the
        archive site (the line's site URL), else the line's website."""
        if self.entry.bulletin_url:
            return self.entry.bulletin_url.replace("{date}", self.day.isoformat()).replace("{line}", self.line.id)
        try:
            from ribao.site.build import bulletin_page, site_info
        except ModuleNotFoundError as e:
            if e.name not in ("ribao.site", "ribao.site.build"):
                raise
            return self.line.branding.website
        base = site_info(self.line).base_url
        return base + bulletin_page(self.day.isoformat()) if base and self.entry.publish else self.line.branding.website


def crawl(ctx: RunContext) -> StageReport:
    o = ctx.options
    if not o.crawl:
        return StageReport(name="crawl", outcome="skipped", notes=["crawl turned off for this run"])
    from ribao.capture.crawler import crawl as run_crawl

    rep = run_crawl(ctx.store, ctx.settings, only=o.source or None, sources_file=Path(o.sources) if o.sources else None,
                    replay=[Path(p) for p in o.replay] or None)
    down = [SourceProblem(source_id=s.source_id, errors=s.messages[:5], blocked=str(s.block) if s.block else "",
                          advice=s.block.advice if s.block else "") for s in rep.sources if not s.ok]
    ctx.report.sources_down = down
    for d in down:
        ctx.report.problems.append(f"source {d.source_id} blocked: {d.blocked} ({d.advice})" if d.blocked else
                                   f"source {d.source_id} down: {d.errors[0] if d.errors else 'list pages unreadable'}")
    errors = [f"{s.source_id}: {m}" for s in rep.sources for m in s.messages[:3] if not s.ok or s.errors]
    return StageReport(name="crawl", outcome="done", errors=errors[:50], counts={
        "sources": len(rep.sources), "sources_down": len(down), "requests": rep.requests,
        "new_captures": rep.new_captures, "articles": rep.articles, "errors": sum(s.errors for s in rep.sources),
        "sources_blocked": sum(1 for d in down if d.blocked)})


def ingest(ctx: RunContext) -> StageReport:
    files = [Path(p) for p in ctx.options.ingest]
    if not files:
        return StageReport(name="ingest", outcome="skipped", notes=["no WARC files to import (--ingest)"])
    from ribao.ingest import ingest_warc

    counts = {"files": 0, "records": 0, "new_captures": 0, "articles": 0, "errors": 0}
    errors: list[str] = []
    for f in files:
        rep = ingest_warc(ctx.store, ctx.settings, f)
        counts["files"] += 1
        counts["records"] += rep.records
        counts["new_captures"] += rep.new_captures
        counts["articles"] += rep.articles
        counts["errors"] += len(rep.errors)
        errors += [f"{url}: {why}" for url, why in rep.errors][:20]
    return StageReport(name="ingest", outcome="done", counts=counts, errors=errors[:50])


def build(ctx: RunContext) -> StageReport:
    from ribao.pipeline import build as run_build

    o = ctx.options
    kwargs = dict(line_name=o.line, out_dir=ctx.out_dir, llm_config=Path(o.llm_config) if o.llm_config else None)
    notes: list[str] = []
    try:
        res = run_build(ctx.store, ctx.settings, ctx.day, writer=o.writer, **kwargs)
    except Exception as e:
        if o.writer != "llm":
            raise
        why = f"{type(e).__name__}: {e}"
        log.warning("LLM writer failed (%s); the extractive writer writes the bulletin", why,
                    extra={"event": "build.fallback", "error": why})
        ctx.report.problems.append(f"LLM writer failed ({why}); bulletin written by the extractive writer")
        notes.append("written by the extractive writer after the LLM writer failed")
        res = run_build(ctx.store, ctx.settings, ctx.day, writer="extractive", **kwargs)
    b = res.bulletin
    usage = b.usage
    if usage is not None and (usage.fallback_sections or usage.fallback_summary):
        parts = [f"sections {', '.join(map(str, usage.fallback_sections))}"] if usage.fallback_sections else []
        parts += ["abstract and trend"] if usage.fallback_summary else []
        first = usage.errors[0] if usage.errors else ""
        ctx.report.problems.append(f"LLM: {' and '.join(parts)} written by the extractive writer ({first})"[:400])
    v = b.verification
    if v is not None:
        ctx.report.verification = VerificationSummary(
            sentences=v.sentences, verified=v.verified, repaired=v.repaired, dropped=len(v.dropped),
            reasons=[f"§{d.section} {d.role}: {'; '.join(d.reasons)}"[:300] for d in v.dropped][:50])
    counts = {"candidates": len(res.selection.stories), "sections": len(b.sections), "references": len(b.references),
              "dropped_sentences": len(v.dropped) if v else 0}
    if usage is not None:
        counts.update(llm_calls=usage.calls, llm_fallback_sections=len(usage.fallback_sections))
    if not b.sections:
        ctx.report.problems.append("the bulletin has no sections (nothing relevant was found for the day)")
    return StageReport(name="build", outcome="done", counts=counts, notes=notes)


FORMATS = {"md": "bulletin.md", "html": "bulletin.html", "pdf": "bulletin.pdf", "docx": "bulletin.docx",
           "wechat": "bulletin.wechat.html"}   # what ``render_all`` writes


def render(ctx: RunContext) -> StageReport:
    """Every format from the stored bulletin (the approved one). The build's own files are kept
    when they were made from exactly that bulletin; ``bulletin.json`` is written last, so its
    presence means the files beside it are complete."""
    from ribao.render import render_all
    from ribao.render.email import render_email

    b = ctx.store.bulletin(ctx.line.id, ctx.day.isoformat())
    if b is None:
        raise RuntimeError(f"no bulletin stored for {ctx.line.id} {ctx.day}")
    out = ctx.out_dir
    out.mkdir(parents=True, exist_ok=True)
    doc = b.model_dump(mode="json")
    json_path = out / "bulletin.json"
    files = {"json": json_path, **{k: out / name for k, name in FORMATS.items()}}
    current = _same_json(json_path, doc) and all(files[k].is_file() and files[k].stat().st_size for k in FORMATS)
    notes = ["the build's files were made from this bulletin: kept" if current else "rendered from the stored bulletin"]
    if not current:
        json_path.unlink(missing_ok=True)
        rendered = render_all(b, out)
        files.update(rendered.by_format())
        notes += [f"WeChat article: {p}" for p in rendered.wechat_problems]
        _write(json_path, json.dumps(doc, ensure_ascii=False, indent=1))
    ed = render_email(b, bulletin_url=ctx.bulletin_url)
    files["email_html"], files["email_text"] = out / "bulletin.email.html", out / "bulletin.email.txt"
    _write(files["email_html"], ed.html)
    _write(files["email_text"], ed.text)
    ctx.report.files = {k: str(v) for k, v in files.items()}
    if ed.mode != "full":
        notes.append(f"e-mail HTML is the {ed.mode} edition (the full one is over the size budget)")
    return StageReport(name="render", outcome="done", notes=notes,
                       counts={"files": len(files), "rerendered": int(not current),
                               "email_html_bytes": len(ed.html.encode("utf-8"))})


def _same_json(path: Path, doc: dict) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")) == doc
    except (OSError, ValueError):
        return False


def _write(path: Path, text: str) -> None:
    """Write through a temporary name, so a crash never leaves half a file under the real one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def publish(ctx: RunContext) -> StageReport:
    if not ctx.entry.publish:
        return StageReport(name="publish", outcome="skipped", notes=["publishing turned off in run.yaml"])
    try:
        from ribao.site import build_site
    except ModuleNotFoundError as e:
        if e.name != "ribao.site":   # the site is there but something it needs is not: a broken install
            raise
        return StageReport(name="publish", outcome="unavailable",
                           notes=["the archive site (ribao.site) is not part of this installation: nothing published"])
    rep = build_site(ctx.store, ctx.settings, ctx.line)
    ctx.report.files["site"] = str(rep.out)
    ctx.report.problems += [f"site: {p}"[:400] for p in rep.problems]
    return StageReport(name="publish", outcome="done", errors=list(rep.problems)[:50],
                       counts={"pages_written": rep.pages_written, "pages_skipped": rep.pages_skipped},
                       notes=[f"archive site in {rep.out}"])


def deliver(ctx: RunContext) -> StageReport:
    from ribao.deliver import DeliveryInput, sender_for
    from ribao.deliver.ledger import deliver as run_deliver

    if not ctx.options.deliver:
        return StageReport(name="deliver", outcome="skipped", notes=["delivery turned off for this run"])
    channels = [c for c in ctx.entry.channels if c.enabled and (not ctx.options.channels or c.id in ctx.options.channels)]
    if not channels:
        return StageReport(name="deliver", outcome="skipped", notes=["no delivery channel configured for the line"])
    b = ctx.store.bulletin(ctx.line.id, ctx.day.isoformat())
    if b is None:
        raise RuntimeError(f"no bulletin stored for {ctx.line.id} {ctx.day}")
    pdf = ctx.out_dir / "bulletin.pdf"
    inp = DeliveryInput(bulletin=b, bulletin_url=ctx.bulletin_url, files={"pdf": pdf} if pdf.is_file() else {})
    reports = run_deliver(ctx.store, ctx.day, inp, [sender_for(c) for c in channels],
                          resend_unconfirmed=ctx.resend_unconfirmed)
    ctx.report.deliveries = reports
    errors, incomplete = [], False
    for r in reports:
        errors += [f"{r.channel}: {e}" for e in r.errors]
        if r.failed or r.pending or r.sent + r.already + r.unconfirmed < r.parts or (r.errors and not r.parts):
            incomplete = True
            ctx.report.problems.append(f"delivery {r.channel}: {r.sent + r.already}/{r.parts} parts confirmed"
                                       + (f" ({r.errors[-1]})" if r.errors else ""))
        if r.unconfirmed:
            ctx.report.problems.append(f"delivery {r.channel}: {r.unconfirmed} part(s) unconfirmed (a run stopped "
                                       f"while sending; not resent: `ribao deliver --resend-unconfirmed`)")
    counts = {"channels": len(reports), "parts": sum(r.parts for r in reports), "sent": sum(r.sent for r in reports),
              "already": sum(r.already for r in reports), "failed": sum(r.failed for r in reports),
              "unconfirmed": sum(r.unconfirmed for r in reports)}
    return StageReport(name="deliver", outcome="failed" if incomplete else "done", counts=counts, errors=errors[:50])


STAGE_FUNCTIONS = {"crawl": crawl, "ingest": ingest, "build": build, "render": render, "publish": publish,
                   "deliver": deliver}
