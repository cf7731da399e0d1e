"""``ribao run``, ``ribao approve``, ``ribao deliver``, ``ribao runs`` and ``ribao schedule``:
the daily run, unattended, and what it did."""
from __future__ import annotations

import getpass
import json
import os
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ribao.cli import app
from ribao.cli.common import Writer, console, esc, out, parse_day, settings, text
from ribao.errors import InputError


class LogFormat(str, Enum):
    text = "text"
    json = "json"


def _log_option():
    return typer.Option(None, "--log-format", envvar="RIBAO_LOG_FORMAT",
                        help="Log lines on stderr: text, or json (one JSON object per event); default from run.yaml")


def _setup(ctx: typer.Context, log_format: Optional[LogFormat]):
    from ribao.pipeline import open_store
    from ribao.run.config import RunConfig
    from ribao.run.logs import configure

    st = settings(ctx)
    cfg = RunConfig.load(st.home)
    configure(log_format.value if log_format else cfg.log_format)
    return st, cfg, open_store(st)


def _today():
    from ribao.timeutil import CST

    return datetime.now(CST).date()


def _existing(paths: list[Path], option: str) -> None:
    for p in paths:
        if not p.is_file():
            raise InputError(f"{option}: no such file: {p}")


def show_report(rep) -> None:
    """The run's stages, problems and deliveries, on stderr; web text printed literally."""
    table = Table(title=text(f"run {rep.id}: {rep.line} {rep.date} ({rep.trigger}) — {rep.status}"))
    for col in ("stage", "outcome", "seconds", "counts"):
        table.add_column(col, justify="right" if col == "seconds" else "left")
    colour = {"done": "green", "failed": "red", "waiting": "yellow", "unavailable": "yellow"}
    for s in rep.stages:
        counts = " ".join(f"{k}={v}" for k, v in s.counts.items())
        table.add_row(s.name, text(s.outcome, colour.get(s.outcome, "dim")), f"{s.seconds:.2f}", text(counts))
    console.print(table)
    for d in rep.deliveries:
        console.print(f"  delivery {esc(d.channel)} ({d.type}): {d.parts} parts, {d.sent} sent, {d.already} already, "
                      f"{d.failed} failed, {d.pending} waiting, {d.unconfirmed} unconfirmed")
    for s in rep.stages:
        for n in s.notes:
            console.print(f"  [dim]{s.name}:[/] {esc(n)}")
    for p in rep.problems:
        console.print(f"  [red]problem:[/] {esc(p)}", soft_wrap=True)


@app.command()
def run(ctx: typer.Context, date_: Optional[str] = typer.Option(None, "--date", help="Bulletin date, YYYY-MM-DD "
                                                                  "(default: today in Asia/Shanghai)"),
        line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
        source: list[str] = typer.Option([], "--source", help="Crawl only this source id (repeatable)"),
        sources: Optional[Path] = typer.Option(None, "--sources", help="The crawl's catalog file or entrypoints.json"),
        replay: list[Path] = typer.Option([], "--replay", help="Crawl from these WARC files, not the network"),
        ingest: list[Path] = typer.Option([], "--ingest", help="Also import these WARC files (captured elsewhere)"),
        no_crawl: bool = typer.Option(False, "--no-crawl", help="Skip the crawl (build from what is stored)"),
        writer: Optional[Writer] = typer.Option(None, help="Who writes: extractive or llm (default from run.yaml)"),
        llm_config: Optional[Path] = typer.Option(None, "--llm-config", envvar="RIBAO_LLM_CONFIG",
                                                  help="LLM settings YAML for --writer llm"),
        out_dir: Optional[str] = typer.Option(None, "--out", help="Output directory ({date} is replaced)"),
        no_deliver: bool = typer.Option(False, "--no-deliver", help="Stop before delivery"),
        channel: list[str] = typer.Option([], "--channel", help="Deliver only to this channel id (repeatable)"),
        from_stage: Optional[str] = typer.Option(None, "--from", help="Redo from this stage on (crawl, ingest, "
                                                 "build, approval, render, publish, deliver)"),
        log_format: Optional[LogFormat] = _log_option()):
    """The daily run: crawl, ingest, build, (approval), render, publish, deliver — resumable.

    A rerun continues from the first stage not completed; a day already done is not done again
    (no capture, bulletin or message twice). Exit 0 done (or waiting for approval), 1 done with
    problems (see the report), 5 a stage failed (rerun to resume).
    """
    from ribao.run.config import require_known_channels
    from ribao.run.runner import run_day

    day = parse_day(date_) or _today()
    _existing([*replay, *ingest, *([sources] if sources else [])], "--replay/--ingest/--sources")
    if llm_config is not None and not llm_config.is_file():
        raise InputError(f"--llm-config: no such file: {llm_config}")
    st, cfg, store = _setup(ctx, log_format)
    entry = cfg.for_line(line)
    require_known_channels(entry, channel)
    options = entry.options(
        line=line, source=source or None, sources=str(sources.resolve()) if sources else None,
        replay=[str(p.resolve()) for p in replay], ingest=[str(p.resolve()) for p in ingest],
        crawl=False if no_crawl else None, writer=writer.value if writer else None,
        llm_config=str(llm_config.resolve()) if llm_config else None, out=out_dir, deliver=not no_deliver,
        channels=channel)
    rep = run_day(store, st, day, options, entry, from_stage=from_stage)
    show_report(rep)
    if "json" in rep.files:
        typer.echo(str(Path(rep.files["json"]).parent))
    raise typer.Exit(rep.exit_code)


@app.command()
def approve(ctx: typer.Context, date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
            line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
            by: Optional[str] = typer.Option(None, help="Who approves (default: the user name)"),
            note: str = typer.Option("", help="A note kept with the approval"),
            resume: bool = typer.Option(True, "--resume/--no-resume", help="Resume the run now (render, publish, deliver)"),
            log_format: Optional[LogFormat] = _log_option()):
    """Approve the day's built bulletin; the run then renders, publishes and delivers it."""
    from ribao.lines import load_line
    from ribao.run.report import RunOptions
    from ribao.run.runner import approve as record_approval, resume_options, run_day

    day = parse_day(date_)
    st, cfg, store = _setup(ctx, log_format)
    who = by or os.environ.get("USER") or getpass.getuser()
    record_approval(store, st, day, line, by=who, note=note)
    console.print(f"approved {esc(line)} {day} by {esc(who)}")
    if not resume:
        return
    line_id = load_line(line).id
    options = resume_options(store, day, line_id, RunOptions(line=line))
    rep = run_day(store, st, day, options, cfg.for_line(options.line), trigger="approve")
    show_report(rep)
    raise typer.Exit(rep.exit_code)


@app.command()
def deliver(ctx: typer.Context, date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
            line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
            channel: list[str] = typer.Option([], "--channel", help="Only this channel id (repeatable)"),
            resend_unconfirmed: bool = typer.Option(False, "--resend-unconfirmed", help="Also send the parts a run "
                                                    "was sending when it stopped (they may arrive twice)"),
            log_format: Optional[LogFormat] = _log_option()):
    """Send what is not yet confirmed of the day's bulletin (a run that reached delivery)."""
    from ribao.lines import load_line
    from ribao.run.config import require_known_channels
    from ribao.run.report import RunOptions
    from ribao.run.runner import resume_options, run_day
    from ribao.store.runs import RunStore

    day = parse_day(date_)
    st, cfg, store = _setup(ctx, log_format)
    line_id = load_line(line).id
    done = RunStore(store).completed(line_id, day)
    if "render" not in done:
        raise InputError(f"the run of {line_id} for {day} has not rendered its bulletin yet "
                         f"(stages done: {', '.join(done) or 'none'}); run `ribao run --date {day}` first")
    entry = cfg.for_line(line)
    require_known_channels(entry, channel)
    options = resume_options(store, day, line_id, RunOptions(line=line)).model_copy(
        update={"channels": channel, "deliver": True})
    rep = run_day(store, st, day, options, entry, trigger="deliver",
                  from_stage="deliver" if "publish" in done else "publish", resend_unconfirmed=resend_unconfirmed)
    show_report(rep)
    raise typer.Exit(rep.exit_code)


@app.command()
def runs(ctx: typer.Context, line: Optional[str] = typer.Option(None, help="Only this line id"),
         date_: Optional[str] = typer.Option(None, "--date", help="Only this bulletin date; shows each run's stages"),
         limit: int = typer.Option(20, min=1, help="Most recent N runs"),
         as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON (one array)")):
    """The reports of the latest runs: status, stage timings, problems."""
    from ribao.pipeline import open_store
    from ribao.store.runs import RunStore

    day = parse_day(date_)
    reports = RunStore(open_store(settings(ctx))).reports(line=line, day=day, limit=limit)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in reports], ensure_ascii=False, indent=1))
        return
    if day is not None:
        for r in reversed(reports):
            show_report(r)
        return
    table = Table(title="runs (--date D shows each run's stages)")
    for col in ("id", "line", "date", "trigger", "status", "started", "seconds", "problems"):
        table.add_column(col, justify="right" if col in ("id", "seconds", "problems") else "left", no_wrap=True)
    for r in reports:
        table.add_row(str(r.id), text(r.line), str(r.date), r.trigger, r.status,
                      r.started_at.astimezone().strftime("%m-%d %H:%M"), f"{r.seconds:.1f}", str(len(r.problems)))
    out.print(table)


@app.command()
def schedule(ctx: typer.Context, once: bool = typer.Option(False, "--once", help="Run what is due (missed days "
                                                           "included) and exit: for a systemd timer or cron"),
             catch_up: bool = typer.Option(True, "--catch-up/--no-catch-up", help="Run missed days on start "
                                           "(up to each line's catch_up_days)"),
             max_runs: Optional[int] = typer.Option(None, "--max-runs", min=1, help="Exit after this many runs"),
             log_format: Optional[LogFormat] = _log_option()):
    """Run each line of run.yaml on its cron schedule (Asia/Shanghai); one scheduler per home.

    Exits with the highest exit code of the runs it made (0 when all were done or none was due).
    """
    from ribao.run.schedule import Scheduler

    st, cfg, store = _setup(ctx, log_format)
    codes = Scheduler(store, st, cfg).serve(once=once, catch_up=catch_up, max_runs=max_runs)
    console.print(f"scheduler: {len(codes)} run(s)")
    raise typer.Exit(max(codes, default=0))
