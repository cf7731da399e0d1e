"""``ribao crawl`` and ``ribao sources``: capture from the sites, and each source's health."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ribao.cli import app
from ribao.cli.common import console, esc, parse_day, settings, text
from ribao.errors import InputError


def _existing(files: list[Path]) -> None:
    for f in files:
        if not f.is_file():
            raise InputError(f"no such file: {f}")


@app.command()
def crawl(ctx: typer.Context, source: list[str] = typer.Option([], "--source", help="Only this source id (repeatable); "
                                           "a source the catalog keeps disabled is crawled when named"),
          sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog file or a capture's "
                                                 "entrypoints.json instead of the bundled catalog"),
          since: Optional[str] = typer.Option(None, help="Skip list items dated before this day (YYYY-MM-DD)"),
          replay: list[Path] = typer.Option([], "--replay", help="Answer requests from these WARC files, "
                                            "not the network (repeatable)")):
    """Crawl the sources politely: list pages every run, article pages once; everything to WARC."""
    from ribao.capture.crawler import crawl as run_crawl
    from ribao.store.home import open_store

    _existing([*replay, *([sources] if sources else [])])
    since_day = parse_day(since, "--since")
    st = settings(ctx)
    with Progress(TextColumn("[bold]{task.description:<10}"), TextColumn("{task.fields[counts]}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        tasks: dict[str, int] = {}

        def show(s) -> None:
            if s.source_id not in tasks:
                tasks[s.source_id] = progress.add_task(esc(s.source_id), total=None, counts="")
            progress.update(tasks[s.source_id], counts=f"{s.fetched} fetched, {s.new} new, {s.errors} errors")

        rep = run_crawl(open_store(st), st, only=source or None, sources_file=sources, since=since_day,
                        replay=replay or None, progress=show)
    table = Table(title="crawl" + (" (replay)" if replay else ""))
    for col in ("source", "fetched", "new", "not modified", "errors"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for s in rep.sources:
        table.add_row(text(s.source_id), str(s.fetched), str(s.new), str(s.not_modified),
                      f"[red]{s.errors}[/]" if s.errors else "0")
    table.add_row("[bold]total", *(str(sum(getattr(s, k) for s in rep.sources))
                                   for k in ("fetched", "new", "not_modified", "errors")))
    console.print(table)
    for s in rep.sources:
        for m in s.messages[:5]:
            console.print(f"[yellow]{esc(s.source_id)}[/] {esc(m)}")
    console.print(f"{rep.requests} requests, {rep.new_captures} new captures, {rep.articles} articles "
                  f"in {rep.seconds:.1f}s" + (f"; archived to {esc(rep.warc_files[-1].parent)}" if rep.warc_files else ""))


sources_app = typer.Typer(no_args_is_help=True, help="The source catalog and each source's health.")
app.add_typer(sources_app, name="sources")


def _catalog_for(sources: Optional[Path]):
    from ribao.catalog import load_catalog, load_sources_file

    if sources is not None:
        _existing([sources])
        return load_sources_file(sources).catalog
    return load_catalog()


@sources_app.command("list")
def sources_list(ctx: typer.Context, sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog or entrypoints file")):
    """Show the catalog: tier, list endpoints, when their URLs were last confirmed live, and why a source is off."""
    table = Table(title="sources")
    for col in ("id", "name", "tier", "enabled", "endpoints", "verified", "note"):
        table.add_column(col)
    for s in _catalog_for(sources).sources:
        on = [e for e in s.endpoints if e.enabled]
        kinds = ",".join(sorted({e.type for e in on}))
        checked = sum(e.verified_on is not None for e in on)
        verified = s.verified_on.isoformat() if s.verified_on else (f"no ({checked}/{len(on)})" if checked else "no")
        table.add_row(text(s.id), text(s.name), s.tier, "yes" if s.enabled else "[yellow]no[/]",
                      f"{len(on)}/{len(s.endpoints)} {kinds}".strip(), text(verified), text(s.note))
    console.print(table)


def _state(h, block) -> Text:
    if block is not None:
        return text(f"blocked: {block.reason}", "red")
    if h.structure_changed:
        return text("structure changed?", "red")
    if h.consecutive_failures:
        return text("failing", "red")
    return text("ok")


@sources_app.command("check")
def sources_check(ctx: typer.Context, source: list[str] = typer.Option([], "--source", help="Only this source id (repeatable)"),
                  sources: Optional[Path] = typer.Option(None, "--sources", help="A catalog or entrypoints file"),
                  probe: bool = typer.Option(False, "--probe", help="Fetch each list page now (no article "
                                             "pages) and record the outcome first"),
                  replay: list[Path] = typer.Option([], "--replay", help="Probe against these WARC files")):
    """Each source's health: last success, consecutive failures, blocked or "structure changed?". Exit 1 if any is unwell."""
    from ribao.capture.crawler import crawl as run_crawl
    from ribao.store.home import open_store
    from ribao.store import listings
    from ribao.timeutil import CST

    _existing(replay)
    st = settings(ctx)
    store = open_store(st, write=probe)
    catalog = _catalog_for(sources)
    probed = None
    if probe:
        probed = run_crawl(store, st, only=source or None, sources_file=sources, replay=replay or None,
                           lists_only=True)
    health = store.source_health()
    with store.session() as session:
        blocked = listings.blocks(session)
        feeds = {f.endpoint: f for f in listings.discovered_feeds(session)}
    table = Table(title="source health")
    for col in ("id", "enabled", "state", "last success", "failures", "last run", "last error"):
        table.add_column(col)
    unwell = False
    shown = [s for s in catalog.sources if not source or s.id in source]
    for s in shown:
        h = health.get(s.id)
        if h is None:
            table.add_row(text(s.id), "yes" if s.enabled else "no", text("never crawled"), "", "", "", "")
            continue
        b = blocked.get(s.id)
        bad = h.consecutive_failures > 0 or h.structure_changed or b is not None
        unwell |= bad and (s.enabled or s.id in source)
        c = h.last_counts or {}
        table.add_row(text(s.id), "yes" if s.enabled else "no", _state(h, b),
                      h.last_success.astimezone(CST).strftime("%Y-%m-%d %H:%M") if h.last_success else "never",
                      f"[red]{h.consecutive_failures}[/]" if h.consecutive_failures else "0",
                      f"{c.get('fetched', 0)} fetched, {c.get('new', 0)} new, {c.get('errors', 0)} errors",
                      text(h.last_error[:80]))
    console.print(table)
    for s in shown:
        if (b := blocked.get(s.id)) is not None:
            console.print(text(f"{s.id} blocked at {b.url}: {b.reason}.", "red"), soft_wrap=True)
            console.print(text(f"  what to do: {b.advice}"), soft_wrap=True)
        for ep in s.endpoints:
            if (f := feeds.get(ep.key)) is not None and f.feed_url != ep.url:
                console.print(text(f"{s.id} {ep.column}: feed found on {f.page_url} on "
                                   f"{f.found_at.astimezone(CST):%Y-%m-%d}: {f.feed_url} (catalog: {ep.url or 'none'})"), soft_wrap=True)
    if probed is not None and not replay:
        for r in probed.sources:
            src = catalog.by_id(r.source_id)
            if r.ok and r.items and src is not None and src.verified_on is None:
                console.print(text(f"{r.source_id}: the probe read {r.items} items off its lists; if that was the live site, "
                                   f"set verified_on: {date.today().isoformat()} on its endpoints in the catalog"), soft_wrap=True)
    if unwell:
        raise typer.Exit(1)
