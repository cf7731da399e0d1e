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
          writer: str = typer.Option("extractive", help="Writer: extractive"),
          out: Optional[Path] = typer.Option(None, help="Output directory")):
    """Select the day's stories and write bulletin.json/.md/.html/.pdf."""
    from ribao.pipeline import build as run_build, open_store

    st = settings()
    res = run_build(open_store(st), st, _parse_date(date_), line_name=line, writer=writer, out_dir=out)
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
