"""``ribao schedule``: each line's runs at the times of its cron expression, in Asia/Shanghai.

A loop over croniter, holding a single-instance lock for the home. On start it catches up: the
latest due run of each line, and the runs of the ``catch_up_days`` days before, whose day is
not handled yet (delivered, or waiting for approval) are run, oldest first, so a machine that
was off at 06:40 still sends the day's bulletin when it comes back, and a week-long outage does
not flood the readers. Each run is the same resumable ``run_day`` as ``ribao run``; a run that
fails is logged and the schedule goes on.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from croniter import croniter

from ribao.errors import RibaoError
from ribao.lines import load_line
from ribao.run.config import LineRun, RunConfig
from ribao.run.lock import hold
from ribao.run.runner import run_day
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.runs import RunStore
from ribao.timeutil import CST

log = logging.getLogger("ribao.schedule")


@dataclass(frozen=True)
class Due:
    entry: LineRun
    fire: datetime      # the scheduled time (Asia/Shanghai)

    @property
    def day(self) -> date:
        return self.fire.date()


def fire_times(entry: LineRun, now: datetime, *, back_days: int) -> list[datetime]:
    """The latest fire time at or before ``now`` and those of the ``back_days`` days before it, oldest first."""
    it = croniter(entry.schedule, now.astimezone(CST) + timedelta(microseconds=1))
    latest = it.get_prev(datetime)
    out = [latest]
    horizon = latest - timedelta(days=back_days)
    while True:
        t = it.get_prev(datetime)
        if t < horizon:
            break
        out.append(t)
    return sorted(out)


class Scheduler:
    def __init__(self, store: Store, settings: Settings, config: RunConfig, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(CST), sleep: Callable[[float], None] = time.sleep,
                 runner: Callable[..., object] = run_day) -> None:
        self.store, self.settings, self.config = store, settings, config
        self.clock, self.sleep, self.runner = clock, sleep, runner
        self.runs = RunStore(store)

    def handled(self, entry: LineRun, day: date) -> bool:
        """Delivered, or built and waiting for a person's approval."""
        done = self.runs.completed(load_line(entry.line).id, day)
        return "deliver" in done or (entry.approval and "build" in done and "approval" not in done)

    def pending(self, now: datetime, *, catch_up: bool) -> list[Due]:
        """Runs due at ``now`` that are not handled: per line the latest fire time (and, with
        ``catch_up``, those of its ``catch_up_days`` before), one run per day, oldest first."""
        due: list[Due] = []
        for entry in self.config.lines:
            seen: set[date] = set()
            for t in fire_times(entry, now, back_days=entry.catch_up_days if catch_up else 0):
                if t.date() not in seen and not self.handled(entry, t.date()):
                    due.append(Due(entry, t))
                seen.add(t.date())
        return sorted(due, key=lambda d: d.fire)

    def next_due(self, now: datetime) -> Due:
        return min((Due(e, croniter(e.schedule, now.astimezone(CST)).get_next(datetime)) for e in self.config.lines),
                   key=lambda d: d.fire)

    def serve(self, *, once: bool = False, catch_up: bool = True, max_runs: int | None = None) -> list[int]:
        """Run what is due, then (unless ``once``) each next fire time as it comes; returns the runs'
        exit codes (as ``ribao run`` would have exited)."""
        with hold(self.settings.home, "schedule", "a scheduler for this home"):
            codes: list[int] = []
            backlog = self.pending(self.clock(), catch_up=catch_up) if (catch_up or once) else []
            log.info("scheduler starts: %d line(s), %d run(s) due", len(self.config.lines), len(backlog),
                     extra={"event": "schedule.start", "due": [f"{d.entry.line_id} {d.day}" for d in backlog]})
            for d in backlog:
                codes.append(self._run(d, trigger="catch-up" if d.day < self.clock().date() else "schedule"))
                if max_runs and len(codes) >= max_runs:
                    return codes
            if once:
                return codes
            while True:
                d = self.next_due(self.clock())
                log.info("next run: %s %s at %s", d.entry.line_id, d.day, d.fire.isoformat(),
                         extra={"event": "schedule.next", "line": d.entry.line_id, "at": d.fire.isoformat()})
                while (left := (d.fire - self.clock()).total_seconds()) > 0:
                    self.sleep(min(left, 60.0))   # wake each minute: a changed clock is noticed
                codes.append(self._run(d, trigger="schedule"))
                if max_runs and len(codes) >= max_runs:
                    return codes

    def _run(self, d: Due, *, trigger: str) -> int:
        where = {"line": d.entry.line_id, "date": d.day.isoformat(), "trigger": trigger}
        try:
            rep = self.runner(self.store, self.settings, d.day, d.entry.options(), d.entry, trigger=trigger)
        except RibaoError as e:
            log.error("scheduled run %s %s: %s", d.entry.line_id, d.day, e, extra={"event": "schedule.error", **where})
            return e.exit_code
        except Exception:
            log.exception("scheduled run %s %s failed", d.entry.line_id, d.day, extra={"event": "schedule.error", **where})
            return 5
        log.info("scheduled run %s %s: %s", d.entry.line_id, d.day, rep.status,
                 extra={"event": "schedule.ran", "status": rep.status, **where})
        return rep.exit_code
