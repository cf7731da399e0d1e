"""``ribao schedule``: cron in Asia/Shanghai, bounded catch-up of missed days, the single-instance
lock, and the systemd and cron files in deploy/ that run it."""
from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from croniter import croniter
from typer.testing import CliRunner

from ribao.cli import app
from ribao.errors import BusyError
from ribao.pipeline import bundled_sample
from ribao.run.config import LineRun, RunConfig
from ribao.run.lock import hold
from ribao.run.report import RunReport
from ribao.run.schedule import Scheduler, fire_times
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.runs import RunStore
from ribao.timeutil import CST

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
runner = CliRunner()


class FakeRuns:
    """Stands in for ``run_day`` (the scheduling decisions are under test, not the run)."""

    def __init__(self, store: Store, clock=None) -> None:
        self.calls: list[tuple[str, date, str, datetime | None]] = []
        self.store, self.clock = store, clock

    def __call__(self, store, settings, day, options, entry, *, trigger):
        self.calls.append((entry.line_id, day, trigger, self.clock() if self.clock else None))
        RunStore(store).checkpoint(entry.line_id, day, "crawl", {})   # a partial run: not handled yet
        return RunReport(line=entry.line_id, date=day, started_at=datetime.now(timezone.utc), status="done")


@pytest.fixture()
def store(tmp_path):
    home = tmp_path / "home"
    s = Store(Settings.load(home).ensure().database_url)
    yield s
    s.close()


def _mark_delivered(store: Store, line: str, day: date) -> None:
    for stage in ("crawl", "ingest", "build", "approval", "render", "publish", "deliver"):
        RunStore(store).checkpoint(line, day, stage, {})


def test_fire_times_are_beijing_time_whatever_the_clock_says():
    entry = LineRun(schedule="40 6 * * *")
    now_utc = datetime(2026, 7, 15, 23, 0, tzinfo=timezone.utc)          # = 07-16 07:00 in Beijing
    (latest,) = fire_times(entry, now_utc, back_days=0)
    assert latest == datetime(2026, 7, 16, 6, 40, tzinfo=CST) and latest.date() == date(2026, 7, 16)
    assert fire_times(entry, datetime(2026, 7, 16, 6, 39, tzinfo=CST), back_days=0)[0].date() == date(2026, 7, 15)
    assert fire_times(entry, datetime(2026, 7, 16, 6, 40, tzinfo=CST), back_days=0)[0].date() == date(2026, 7, 16)


def test_catch_up_is_bounded_oldest_first_and_skips_handled_days(store, tmp_path):
    cfg = RunConfig(lines=[LineRun(line="xinzhi", schedule="40 6 * * *", catch_up_days=2)])
    now = datetime(2026, 7, 20, 9, 0, tzinfo=CST)     # the machine was off for a week
    fake = FakeRuns(store)
    _mark_delivered(store, "xinzhi", date(2026, 7, 19))
    sched = Scheduler(store, Settings.load(tmp_path / "home"), cfg, clock=lambda: now, runner=fake)
    assert sched.serve(once=True) == [0, 0]
    assert [(d, t) for _, d, t, _ in fake.calls] == [(date(2026, 7, 18), "catch-up"), (date(2026, 7, 20), "schedule")]
    no_catch_up = FakeRuns(store)
    Scheduler(store, Settings.load(tmp_path / "home"), cfg, clock=lambda: now, runner=no_catch_up).serve(
        once=True, catch_up=False)
    assert [d for _, d, _, _ in no_catch_up.calls] == [date(2026, 7, 20)]   # the latest due run is never skipped


def test_a_day_waiting_for_approval_is_not_run_again(store, tmp_path):
    cfg = RunConfig(lines=[LineRun(line="xinzhi", catch_up_days=0, approval=True)])
    for stage in ("crawl", "ingest", "build"):
        RunStore(store).checkpoint("xinzhi", date(2026, 7, 20), stage, {})
    fake = FakeRuns(store)
    Scheduler(store, Settings.load(tmp_path / "home"), cfg, clock=lambda: datetime(2026, 7, 20, 9, 0, tzinfo=CST),
              runner=fake).serve(once=True)
    assert fake.calls == []


def test_the_loop_sleeps_until_each_fire_time_in_short_steps(store, tmp_path):
    cfg = RunConfig(lines=[LineRun(line="xinzhi", schedule="40 6 * * *", catch_up_days=0),
                           LineRun(line="second-line", schedule="0 7 * * 1-5", catch_up_days=0)])
    now = [datetime(2026, 7, 17, 6, 50, tzinfo=CST)]           # a Friday, after today's 06:40
    naps: list[float] = []

    def sleep(s):
        naps.append(s)
        now[0] += timedelta(seconds=s)
    fake = FakeRuns(store, clock=lambda: now[0])
    _mark_delivered(store, "xinzhi", date(2026, 7, 17))
    sched = Scheduler(store, Settings.load(tmp_path / "home"), cfg, clock=lambda: now[0], sleep=sleep, runner=fake)
    sched.pending = lambda now, catch_up: []      # start with nothing due, to watch the loop alone
    sched.serve(max_runs=3)
    assert [(line, d, at.strftime("%a %H:%M")) for line, d, _, at in fake.calls] == [
        ("second-line", date(2026, 7, 17), "Fri 07:00"), ("xinzhi", date(2026, 7, 18), "Sat 06:40"),
        ("xinzhi", date(2026, 7, 19), "Sun 06:40")]
    assert max(naps) <= 60.0


def test_one_scheduler_per_home(store, tmp_path):
    home = tmp_path / "home"
    with hold(home, "schedule", "a scheduler for this home"):
        with pytest.raises(BusyError):
            Scheduler(store, Settings.load(home), RunConfig(), runner=FakeRuns(store)).serve(once=True)
        r = runner.invoke(app, ["--home", str(home), "schedule", "--once"])
    assert r.exit_code == 4 and "already running" in r.output


def test_schedule_once_runs_the_missed_sample_day_for_real_then_nothing(tmp_path):
    sample = bundled_sample()
    home = tmp_path / "home"
    assert runner.invoke(app, ["--home", str(home), "ingest", str(sample.warc)]).exit_code == 0
    when = f"40 6 {sample.date.day} {sample.date.month} *"       # fires only on the sample's day
    (home / "run.yaml").write_text(yaml.safe_dump({"lines": [{"line": "xinzhi", "schedule": when, "catch_up_days": 0,
                                                              "crawl": False}]}), encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home), "schedule", "--once"])
    assert r.exit_code == 0, r.output
    assert (home / "bulletins" / "xinzhi" / str(sample.date) / "bulletin.pdf").exists()
    (rep,) = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json"]).stdout)
    assert rep["trigger"] == "catch-up" and rep["status"] == "done" and rep["date"] == str(sample.date)
    again = runner.invoke(app, ["--home", str(home), "schedule", "--once"])
    assert again.exit_code == 0 and "0 run(s)" in again.output


# ------------------------------------------------------------------ deploy/

def _unit(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _ribao_args(cmd: str) -> list[str]:
    words = shlex.split(cmd)
    at = next(i for i, w in enumerate(words) if w.endswith("/ribao"))
    args = words[at + 1:]
    return args[:args.index(">>")] if ">>" in args else args


@pytest.mark.parametrize("unit", ["ribao.service", "ribao-scheduler.service"])
def test_systemd_units_call_real_ribao_commands(unit):
    args = _ribao_args(_unit(DEPLOY / unit)["ExecStart"])
    assert args[:2] == ["--home", "/var/lib/ribao"] and "schedule" in args
    r = runner.invoke(app, [*args, "--help"])     # every option the unit passes exists
    assert r.exit_code == 0, r.output


def test_systemd_timer_fires_at_the_default_schedule_in_beijing_time():
    on = _unit(DEPLOY / "ribao.timer")["OnCalendar"]
    assert on.endswith(" Asia/Shanghai") and _unit(DEPLOY / "ribao.timer")["Persistent"] == "true"
    hh, mm, _ = on.split()[1].split(":")
    assert LineRun().schedule == f"{int(mm)} {int(hh)} * * *"
    if shutil.which("systemd-analyze"):
        r = subprocess.run(["systemd-analyze", "calendar", on], capture_output=True, text=True)
        assert r.returncode == 0 and "Next elapse" in r.stdout


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    """Verified as installed: the units copied with /opt/ribao pointing at this checkout's venv."""
    prefix = tmp_path / "opt" / "ribao"
    (prefix / ".venv" / "bin").mkdir(parents=True)
    (prefix / ".venv" / "bin" / "ribao").symlink_to(Path(sys.executable).with_name("ribao"))
    for name in ("ribao.service", "ribao.timer", "ribao-scheduler.service"):
        text = (DEPLOY / name).read_text(encoding="utf-8").replace("/opt/ribao", str(prefix))
        (tmp_path / name).write_text(text, encoding="utf-8")
    r = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in
                                                       ("ribao.timer", "ribao.service", "ribao-scheduler.service"))],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_crontab_line_parses_and_starts_a_due_run_within_15_minutes():
    lines = [x for x in (DEPLOY / "crontab.example").read_text(encoding="utf-8").splitlines()
             if x.strip() and not x.startswith("#") and not x.split()[0].count("=")]
    (line,) = lines
    fields, cmd = line.split()[:5], line.split(None, 5)[5]
    assert croniter.is_valid(" ".join(fields))
    it = croniter(" ".join(fields), datetime(2026, 7, 15, 6, 40, tzinfo=CST))
    assert (it.get_next(datetime) - datetime(2026, 7, 15, 6, 40, tzinfo=CST)) <= timedelta(minutes=15)
    args = _ribao_args(cmd.split("exec ", 1)[1])
    assert args[:2] == ["--home", "/var/lib/ribao"] and args[2:4] == ["schedule", "--once"]
    assert runner.invoke(app, [*args, "--help"]).exit_code == 0
