"""``ribao ingest``, ``ribao extract`` and ``ribao demo``: captures into the store."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ribao.cli import app
from ribao.cli.build import report_build
from ribao.cli.common import console, esc, settings
from ribao.errors import InputError


@dataclass
class IngestTotals:
    records: int = 0
    new: int = 0
    articles: int = 0
    errors: int = 0
    incomplete: int = 0   # files not read to their end
    seconds: float = 0.0


def run_ingest(ctx: typer.Context, files: list[Path]):
    """Ingest each file with a progress bar; returns the store and the totals. A file that
    cannot be read to its end is reported and the next file is still ingested."""
    for f in files:
        if not f.exists():
            raise InputError(f"no such file: {f}")
        if not f.is_file():
            raise InputError(f"not a file: {f} (give WARC files, e.g. {f}/*.warc.gz)")
    from ribao.store.home import open_store

    st = settings(ctx)
    store = open_store(st)
    from ribao.ingest import ingest_warc

    totals = IngestTotals()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        for f in files:
            task = progress.add_task(f"ingest {esc(f.name)}", total=None)
            rep = ingest_warc(store, st, f, progress=lambda k, t=task: progress.advance(t, k))
            for err in rep.errors:
                console.print(f"[yellow]skipped[/] {esc(err.url)}: {esc(err.reason)}", soft_wrap=True)
            for problem in rep.skipped:
                console.print(f"[yellow]record skipped[/] {esc(f)} at {esc(problem)}", soft_wrap=True)
            if rep.stopped:
                console.print(f"[red]incomplete[/] {esc(f)}: {esc(rep.stopped)}", soft_wrap=True)
            totals.records += rep.records
            totals.new += rep.new_captures
            totals.articles += rep.articles
            totals.errors += len(rep.errors)
            totals.incomplete += bool(rep.stopped)
            totals.seconds += rep.seconds
    return store, totals


@app.command()
def ingest(ctx: typer.Context, files: list[Path] = typer.Argument(..., help="WARC files (.warc or .warc.gz)")):
    """Import captured responses (WARC response records) and extract their articles.

    Exit 1 if a file could not be read to its end (its readable records are stored).
    """
    _, t = run_ingest(ctx, files)
    rate = t.records / t.seconds if t.seconds else 0.0
    console.print(f"{t.records} records, {t.new} new captures, {t.articles} articles, "
                  f"{t.errors} errors in {t.seconds:.2f}s ({rate:.0f} records/s)")
    if t.incomplete:
        console.print(f"[red]{t.incomplete} of {len(files)} files could not be read to their end[/] (see above)")
        raise typer.Exit(1)


@app.command()
def extract(ctx: typer.Context, file: Optional[Path] = typer.Argument(None, help="An HTML file"),
            warc: Optional[Path] = typer.Option(None, help="Extract every article page of a WARC file"),
            url: Optional[str] = typer.Option(None, help="The page's URL (with FILE) or only this URL (with --warc)"),
            jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per line")):
    """Print extracted articles as JSON; each page that yields none is reported, and counted at the end."""
    from ribao.capture.warc import iter_responses, page_kind
    from ribao.catalog import load_catalog
    from ribao.extract import ExtractError, extract_page

    catalog = load_catalog()
    for f in (warc, file):
        if f is not None and not f.is_file():
            raise InputError(f"no such file: {f}")
    if warc:
        pages = ((r.body, r.url, r.content_type) for r in iter_responses(warc)
                 if (not url or r.url == url) and r.status == 200
                 and page_kind(r.url, r.content_type, catalog) == "article")
    elif file:
        pages = iter([(file.read_bytes(), url or file.resolve().as_uri(), None)])
    else:
        raise InputError("give FILE or --warc FILE")
    done = failed = 0
    for body, page_url, content_type in pages:
        res = extract_page(body, page_url, content_type, catalog=catalog)
        if isinstance(res, ExtractError):
            failed += 1
            console.print(f"[yellow]error[/] {esc(res.url)}: {esc(res.reason)}")
            continue
        done += 1
        d = res.json_record()
        typer.echo(json.dumps(d, ensure_ascii=False) if jsonl else json.dumps(d, ensure_ascii=False, indent=1))
    console.print(f"{done + failed} pages: {done} articles, {failed} errors")
    if failed and not done:
        raise typer.Exit(1)


@app.command()
def demo(ctx: typer.Context):
    """Ingest the bundled sample capture and build its bulletin."""
    from ribao.pipeline import build as run_build, bundled_sample

    t0 = time.perf_counter()
    sample = bundled_sample()
    store, totals = run_ingest(ctx, [sample.warc])
    res = run_build(store, settings(ctx), sample.date, line_name=sample.line, sample=True)
    report_build(res)
    console.print(f"[green]demo bulletin written to[/] {esc(res.out_dir)} in {time.perf_counter() - t0:.1f}s "
                  f"({totals.articles} new articles ingested)")
