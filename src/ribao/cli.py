"""``ribao`` — the command line. Each command is a thin wrapper over ``ribao.pipeline``."""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ribao.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ribao: a daily policy-and-industry bulletin from official sources.")
console = Console(stderr=True)


class State:
    home: Optional[str] = None


def settings() -> Settings:
    return Settings.load(State.home)


@app.callback()
def _global(home: Optional[Path] = typer.Option(None, "--home", envvar="RIBAO_HOME",
                                                help="Where state lives (database, WARC files, outputs).")):
    State.home = str(home) if home else None


def _ingest(files: list[Path]):
    from ribao.capture.ingest import ingest_warc
    from ribao.pipeline import open_store

    st = settings()
    store = open_store(st)
    totals = {"records": 0, "new": 0, "articles": 0, "errors": 0, "seconds": 0.0}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        for f in files:
            if not f.exists():
                raise typer.BadParameter(f"no such file: {f}")
            task = progress.add_task(f"ingest {f.name}", total=None)
            rep = ingest_warc(store, st, f, progress=lambda k, t=task: progress.advance(t, k))
            for path, reason in rep.errors:
                console.print(f"[yellow]skipped[/] {path}: {reason}")
            totals["records"] += rep.records
            totals["new"] += rep.new_captures
            totals["articles"] += rep.articles
            totals["errors"] += len(rep.errors)
            totals["seconds"] += rep.seconds
    return store, totals


@app.command()
def ingest(files: list[Path] = typer.Argument(..., help="WARC files (.warc or .warc.gz)")):
    """Import captured responses (WARC response records) and extract their articles."""
    _, t = _ingest(files)
    rate = t["records"] / t["seconds"] if t["seconds"] else 0.0
    console.print(f"{t['records']} records, {t['new']} new captures, {t['articles']} articles, "
                  f"{t['errors']} errors in {t['seconds']:.2f}s ({rate:.0f} records/s)")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-07-15")


@app.command()
def build(date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
          line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
          writer: str = typer.Option("extractive", help="Writer: extractive (offline) or llm (OpenAI-compatible API)"),
          llm_config: Optional[Path] = typer.Option(None, "--llm-config", envvar="RIBAO_LLM_CONFIG",
                                                    help="YAML for the llm writer (base_url, model, prices…)"),
          out: Optional[Path] = typer.Option(None, help="Output directory")):
    """Select the day's stories and write bulletin.json/.md/.html/.pdf."""
    from ribao.pipeline import build as run_build, open_store

    st = settings()
    res = run_build(open_store(st), st, _parse_date(date_), line_name=line, writer=writer, out_dir=out,
                    llm_config=llm_config)
    _report(res)


def _report(res) -> None:
    table = Table(title=f"{res.bulletin.title} {res.bulletin.date}")
    table.add_column("#")
    table.add_column("headline")
    table.add_column("theme")
    table.add_column("score", justify="right")
    for sec, st in zip(res.bulletin.sections, res.selection.chosen):
        table.add_row(str(sec.number), sec.headline, sec.theme, f"{st.score:.2f}")
    console.print(table)
    for kind, path in res.files.items():
        console.print(f"  {kind:5} {path}")
    typer.echo(str(res.out_dir))


@app.command()
def extract(file: Optional[Path] = typer.Argument(None, help="An HTML file"),
            warc: Optional[Path] = typer.Option(None, help="Extract every article page of a WARC file"),
            url: Optional[str] = typer.Option(None, help="The page's URL (with FILE) or only this URL (with --warc)"),
            jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per line")):
    """Print extracted articles as JSON."""
    from ribao.capture.warc import iter_responses, page_kind
    from ribao.catalog import load_catalog
    from ribao.extract import ExtractError, extract_page

    catalog = load_catalog()
    results = []
    if warc:
        for r in iter_responses(warc):
            if url and r.url != url:
                continue
            if r.status != 200 or page_kind(r.url, r.content_type, catalog) != "article":
                continue
            results.append(extract_page(r.body, r.url, r.content_type, catalog=catalog))
    elif file:
        results.append(extract_page(file.read_bytes(), url or file.resolve().as_uri(), None, catalog=catalog))
    else:
        raise typer.BadParameter("give FILE or --warc FILE")
    failed = 0
    for res in results:
        if isinstance(res, ExtractError):
            failed += 1
            console.print(f"[yellow]error[/] {res.url}: {res.reason}")
            continue
        d = res.json_record()
        typer.echo(json.dumps(d, ensure_ascii=False) if jsonl else json.dumps(d, ensure_ascii=False, indent=1))
    if results and failed == len(results):
        raise typer.Exit(1)


@app.command()
def demo():
    """Ingest the bundled sample capture and build its bulletin."""
    from ribao.pipeline import build as run_build, bundled_sample

    t0 = time.perf_counter()
    sample = bundled_sample()
    store, totals = _ingest([sample.warc])
    st = settings()
    res = run_build(store, st, sample.date, line_name=sample.line, sample=True)
    _report(res)
    console.print(f"[green]demo bulletin written to[/] {res.out_dir} in {time.perf_counter() - t0:.1f}s "
                  f"({totals['articles']} new articles ingested)")


@app.command()
def stories(date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
            line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
            include: list[str] = typer.Option([], "--include", help="Story key to put in the bulletin"),
            exclude: list[str] = typer.Option([], "--exclude", help="Story key to keep out of the bulletin"),
            clear: list[str] = typer.Option([], "--clear", help="Story key whose override to remove"),
            limit: int = typer.Option(30, help="Rows to show")):
    """The day's candidate stories, ranked, with score factors, members and why each was (not) chosen.

    --include/--exclude store an editor's override for that date; `ribao build` honours it.
    """
    from ribao.analyze.select import select_day
    from ribao.lines import load_line
    from ribao.pipeline import open_store

    day = _parse_date(date_)
    cfg = load_line(line)
    store = open_store(settings())
    for keys, action in ((include, "include"), (exclude, "exclude"), (clear, None)):
        for key in keys:
            store.set_override(cfg.id, day.isoformat(), key, action)
    sel = select_day(store, cfg, day)
    table = Table(title=f"{cfg.title} {day}: {len(sel.stories)} candidate stories", show_lines=True)
    for col in ("#", "key", "score", "factors", "theme", "members (role · publisher · title)", "decision"):
        table.add_column(col, overflow="fold", no_wrap=col in ("key", "score"))
    for i, st in enumerate(sel.stories[:limit], 1):
        f = st.factors
        factors = " ".join(f"{k[:3]}={v:.2f}" for k, v in f.items())
        members = "\n".join(f"{m.role} · {m.article.publisher} · {m.article.title[:40]}"
                            + (f" (+{len(m.reprints)} reprint)" if m.reprints else "") for m in st.members)
        table.add_row(str(i), st.key, f"{st.score:.3f}", factors, st.theme, members,
                      ("[green]" if st.chosen else "[dim]") + st.reason)
    Console().print(table)


@app.command()
def verify(file: Path = typer.Argument(..., help="A bulletin.json (e.g. one an editor changed by hand)"),
           write: bool = typer.Option(False, "--write", help="Rewrite FILE without the failing sentences")):
    """Re-check every sentence of a bulletin against its cited sources in the store."""
    from ribao.pipeline import open_store, verify_file

    if not file.exists():
        raise typer.BadParameter(f"no such file: {file}")
    checked = verify_file(open_store(settings()), file)
    v = checked.verification
    for d in v.dropped:
        console.print(f"[red]fails[/] §{d.section} {d.role}: {d.text[:60]}  ({'; '.join(d.reasons)})")
    console.print(f"{v.sentences} sentences, {v.verified} verified, {len(v.dropped)} failing")
    if write:
        file.write_text(checked.model_dump_json(indent=1), encoding="utf-8")
    if v.dropped and not write:
        raise typer.Exit(1)


@app.command()
def crawl(source: list[str] = typer.Option([], "--source", help="Only this source id (repeatable); "
                                           "a source the catalog keeps disabled is crawled when named"),
          sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog file or a capture's "
                                                 "entrypoints.json instead of the bundled catalog"),
          since: Optional[str] = typer.Option(None, help="Skip list items dated before this day (YYYY-MM-DD)"),
          replay: list[Path] = typer.Option([], "--replay", help="Answer requests from these WARC files, "
                                            "not the network (repeatable)")):
    """Crawl the sources politely: list pages every run, article pages once; everything to WARC."""
    from ribao.capture.crawler import CrawlConfigError, crawl as run_crawl
    from ribao.pipeline import open_store

    for f in [*replay, *([sources] if sources else [])]:
        if not f.exists():
            raise typer.BadParameter(f"no such file: {f}")
    st = settings()
    with Progress(TextColumn("[bold]{task.description:<10}"), TextColumn("{task.fields[counts]}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        tasks: dict[str, int] = {}

        def show(s) -> None:
            if s.source_id not in tasks:
                tasks[s.source_id] = progress.add_task(s.source_id, total=None, counts="")
            progress.update(tasks[s.source_id], counts=f"{s.fetched} fetched, {s.new} new, {s.errors} errors")

        try:
            rep = run_crawl(open_store(st), st, only=source or None, sources_file=sources,
                            since=_parse_date(since) if since else None, replay=replay or None, progress=show)
        except (CrawlConfigError, ValueError) as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(2)
    table = Table(title="crawl" + (" (replay)" if replay else ""))
    for col in ("source", "fetched", "new", "not modified", "errors"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for s in rep.sources:
        table.add_row(s.source_id, str(s.fetched), str(s.new), str(s.not_modified),
                      f"[red]{s.errors}[/]" if s.errors else "0")
    table.add_row("[bold]total", *(str(sum(getattr(s, k) for s in rep.sources))
                                   for k in ("fetched", "new", "not_modified", "errors")))
    console.print(table)
    for s in rep.sources:
        for m in s.messages[:5]:
            console.print(f"[yellow]{s.source_id}[/] {m}")
    console.print(f"{rep.requests} requests, {rep.new_captures} new captures, {rep.articles} articles "
                  f"in {rep.seconds:.1f}s" + (f"; archived to {rep.warc_files[-1].parent}" if rep.warc_files else ""))


sources_app = typer.Typer(no_args_is_help=True, help="The source catalog and each source's health.")
app.add_typer(sources_app, name="sources")


def _catalog_for(sources: Optional[Path]):
    from ribao.catalog import load_catalog, load_sources_file

    return load_sources_file(sources).catalog if sources else load_catalog()


@sources_app.command("list")
def sources_list(sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog or entrypoints file")):
    """Show the catalog: tier, list endpoints and whether their URLs were checked."""
    table = Table(title="sources")
    for col in ("id", "name", "tier", "enabled", "endpoints", "verified", "note"):
        table.add_column(col)
    for s in _catalog_for(sources).sources:
        on = [e for e in s.endpoints if e.enabled]
        kinds = ",".join(sorted({e.type for e in on}))
        table.add_row(s.id, s.name, s.tier, "yes" if s.enabled else "[yellow]no[/]",
                      f"{len(on)}/{len(s.endpoints)} {kinds}".strip(), str(s.verified), s.note)
    console.print(table)


@sources_app.command("check")
def sources_check(source: list[str] = typer.Option([], "--source", help="Only this source id (repeatable)"),
                  sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog or entrypoints file"),
                  probe: bool = typer.Option(False, "--probe", help="Fetch each list page now (no article "
                                             "pages) and record the outcome first"),
                  replay: list[Path] = typer.Option([], "--replay", help="Probe against these WARC files")):
    """Each source's health: last success, consecutive failures, "structure changed?". Exit 1 if any is unwell."""
    from ribao.capture.crawler import CrawlConfigError, crawl as run_crawl
    from ribao.pipeline import open_store
    from ribao.timeutil import CST

    st = settings()
    store = open_store(st)
    catalog = _catalog_for(sources)
    if probe:
        try:
            run_crawl(store, st, only=source or None, sources_file=sources, replay=replay or None, lists_only=True)
        except (CrawlConfigError, ValueError) as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(2)
    health = store.source_health()
    table = Table(title="source health")
    for col in ("id", "enabled", "last success", "failures", "structure changed?", "last run", "last error"):
        table.add_column(col)
    unwell = False
    for s in catalog.sources:
        if source and s.id not in source:
            continue
        h = health.get(s.id)
        if h is None:
            table.add_row(s.id, "yes" if s.enabled else "no", "never crawled", "", "", "", "")
            continue
        bad = h.consecutive_failures > 0 or h.structure_changed
        unwell |= bad and (s.enabled or s.id in source)
        c = h.last_counts or {}
        table.add_row(s.id, "yes" if s.enabled else "no",
                      h.last_success.astimezone(CST).strftime("%Y-%m-%d %H:%M") if h.last_success else "never",
                      f"[red]{h.consecutive_failures}[/]" if h.consecutive_failures else "0",
                      "[red]yes[/]" if h.structure_changed else "no",
                      f"{c.get('fetched', 0)} fetched, {c.get('new', 0)} new, {c.get('errors', 0)} errors",
                      h.last_error[:80])
    console.print(table)
    if unwell:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
