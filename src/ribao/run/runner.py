"""``ribao run``: crawl → ingest → build → approval → render → publish → deliver, with checkpoints.

A day's run resumes at its first stage without a checkpoint (see ``store.runs``); completed
stages are reported as "already done" and not repeated. Stages that feed the bulletin stop the
run when they fail (``FATAL``); the others record the failure and the run goes on with what it
has: a crawl that fails leaves the bulletin to what is stored, a failed publication does not stop
delivery, a failed delivery does not undo publication. One run per line at a time (a lock in the
home); the report of every invocation is kept in the store.
"""
from __future__ import annotations

import logging
import time
from datetime import date, datetime, timezone

from ribao.errors import InputError, RibaoError
from ribao.lines import load_line
from ribao.run.config import LineRun
from ribao.run.lock import hold
from ribao.run.report import STAGES, RunOptions, RunReport, StageReport
from ribao.run.stages import STAGE_FUNCTIONS, RunContext
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.runs import RunStore

log = logging.getLogger("ribao.run")

FATAL = {"build", "render"}            # later stages need what these make
CHECKPOINTED = {"done", "skipped", "unavailable"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def run_day(store: Store, settings: Settings, day: date, options: RunOptions, entry: LineRun, *,
            trigger: str = "manual", from_stage: str | None = None, resend_unconfirmed: bool = False) -> RunReport:
    """Run (or resume) the day's run of one line; returns its report (also kept in the store)."""
    if from_stage is not None and from_stage not in STAGES:
        raise InputError(f"--from {from_stage!r}: not a stage ({', '.join(STAGES)})")
    line = load_line(options.line)
    with hold(settings.home, f"run-{line.id}", f"a run of line {line.id}"):
        runs = RunStore(store)
        if from_stage is not None:
            runs.forget(line.id, day, STAGES[STAGES.index(from_stage):])
        done = runs.completed(line.id, day)
        runs.forget(line.id, day, [s for s in STAGES if s not in done])   # stale checkpoints past the prefix
        report = RunReport(line=line.id, date=day, trigger=trigger, started_at=_now())
        report.id = runs.start(report, options)
        ctx = RunContext(store=store, settings=settings, day=day, line=line, entry=entry, options=options,
                         report=report, resend_unconfirmed=resend_unconfirmed)
        log.info("run %s %s (%s) starts%s", line.id, day, trigger,
                 f"; done before: {', '.join(done)}" if done else "",
                 extra={"event": "run.start", "line": line.id, "date": day.isoformat(), "run_id": report.id,
                        "already": list(done)})
        try:
            _stages(ctx, runs, done)
        except BaseException as e:
            report.status = "failed"
            report.problems.append(f"stopped: {type(e).__name__}: {e}"[:400])
            report.finished_at = _now()
            runs.save(report)
            raise
        if report.status == "running":
            report.status = "problems" if report.problems else "done"
        report.finished_at = _now()
        runs.save(report)
        log.info("run %s %s: %s in %.1f s", line.id, day, report.status, report.seconds,
                 extra={"event": "run.end", "line": line.id, "date": day.isoformat(), "run_id": report.id,
                        "status": report.status, "seconds": round(report.seconds, 3), "problems": report.problems})
        return report


def _stages(ctx: RunContext, runs: RunStore, done: dict[str, dict]) -> None:
    report = ctx.report
    for stage in STAGES:
        if stage in done:
            before = StageReport.model_validate(done[stage]) if done[stage] else StageReport(name=stage, outcome="done")
            report.stages.append(before.model_copy(update={"outcome": "already done", "seconds": 0.0}))
            continue
        log.info("stage %s starts", stage, extra={"event": "stage.start", "stage": stage})
        t0 = time.perf_counter()
        if stage == "approval":
            sr = _approval(ctx)
        else:
            try:
                sr = STAGE_FUNCTIONS[stage](ctx)
            except RibaoError as e:
                sr = StageReport(name=stage, outcome="failed", errors=[str(e)])
                _record(ctx, runs, sr, t0)
                raise
            except Exception as e:   # reported, and the run goes on where it can
                log.exception("stage %s failed", stage, extra={"event": "stage.error", "stage": stage})
                sr = StageReport(name=stage, outcome="failed", errors=[f"{type(e).__name__}: {e}"[:1000]])
        _record(ctx, runs, sr, t0)
        if sr.outcome == "waiting":
            report.status = "awaiting_approval"
            return
        if sr.outcome == "failed":
            report.problems.append(f"stage {stage} failed: {sr.errors[0] if sr.errors else ''}"[:400])
            if stage in FATAL:
                report.status = "failed"
                return


def _record(ctx: RunContext, runs: RunStore, sr: StageReport, t0: float) -> None:
    sr.seconds = round(time.perf_counter() - t0, 3)
    ctx.report.stages.append(sr)
    if sr.outcome in CHECKPOINTED:
        runs.checkpoint(ctx.line.id, ctx.day, sr.name, sr.model_dump(mode="json"))
    runs.save(ctx.report)
    log.info("stage %s %s in %.2f s", sr.name, sr.outcome, sr.seconds,
             extra={"event": "stage.end", "stage": sr.name, "outcome": sr.outcome, "seconds": sr.seconds,
                    "counts": sr.counts, "errors": sr.errors[:5]})


def _approval(ctx: RunContext) -> StageReport:
    if not ctx.entry.approval:
        return StageReport(name="approval", outcome="done", notes=["auto-publish: the line needs no approval"])
    return StageReport(name="approval", outcome="waiting",
                       notes=[f"waiting for `ribao approve --date {ctx.day} --line {ctx.line.id}`"])


def approve(store: Store, settings: Settings, day: date, line_name: str, *, by: str, note: str = "") -> None:
    """Record a person's approval of the day's built bulletin (the run resumes after it)."""
    line = load_line(line_name)
    with hold(settings.home, f"run-{line.id}", f"a run of line {line.id}"):
        runs = RunStore(store)
        done = runs.completed(line.id, day)
        if "build" not in done:
            raise InputError(f"nothing to approve: the run of {line.id} for {day} has not built its bulletin "
                             f"(stages done: {', '.join(done) or 'none'})")
        if "approval" in done:
            return
        when = _now().isoformat(timespec="seconds")
        runs.checkpoint(line.id, day, "approval", StageReport(
            name="approval", outcome="done", notes=[f"approved by {by} at {when}" + (f": {note}" if note else "")]
        ).model_dump(mode="json"))
        log.info("approved %s %s by %s", line.id, day, by,
                 extra={"event": "run.approved", "line": line.id, "date": day.isoformat(), "by": by})


def resume_options(store: Store, day: date, line_id: str, fallback: RunOptions) -> RunOptions:
    """The options the day's last run was given (so an approval resumes it as it was asked)."""
    return RunStore(store).last_options(line_id, day) or fallback
