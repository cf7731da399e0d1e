"""Crash safety: SIGKILL ``ribao run`` at random moments of crawl, ingest, build, render and deliver
(≥ 20 kills, each verified to have landed where it did), rerun it, and require a whole result:
``PRAGMA integrity_check`` ok, the same rows as an unkilled run (no duplicate capture, article,
story, bulletin or delivery), every message received at most once (exactly once unless the
ledger says a run died while sending it), and the same bulletin as the unkilled run's."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
from contextlib import closing
import time
from collections import Counter
from pathlib import Path

import pytest
from forkserver import ForkServer
from pgbackend import database_url_for, on_postgresql
from run_setup import SAMPLE_CRAWLED, bulletin_doc, endpoints, sample_entrypoints, write_run_yaml
from sqlalchemy import func, select

from ribao.pipeline import bundled_sample
from ribao.store import Store
from ribao.store.schema import (ArticleRow, BulletinRow, CaptureRow, DeliveryRow, RunReportRow, RunStageRow,
                                StoryRow)

SAMPLE = bundled_sample()
TARGETS = ("crawl", "ingest", "build", "render", "deliver")
# Per fresh home, the stages aimed at in turn (each kill's rerun resumes where the last one died).
# A build costs seconds and every build kill one more build, so the cheap stages take two kills.
ROUND = ("crawl", "crawl", "ingest", "ingest", "build", "render", "deliver", "deliver")
ROUNDS = 1 if on_postgresql() else 3        # the PostgreSQL pass repeats one round
KILLS = len(ROUND) * ROUNDS
ORDER = {s: i for i, s in enumerate(("crawl", "ingest", "build", "approval", "render", "publish", "deliver"))}
SEED = int(os.environ.get("RIBAO_KILL_SEED", "20261201"))


def events(log: Path) -> list[dict]:
    out = []
    if not log.exists():   # the child has not opened it yet
        return out
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass   # a line cut by the kill
    return out


def stage_at_death(evs: list[dict]) -> str:
    started = [e["stage"] for e in evs if e["event"] == "stage.start"]
    ended = {e["stage"] for e in evs if e["event"] == "stage.end"}
    open_ = [s for s in started if s not in ended]
    return open_[-1] if open_ else "between stages"


def rows(url: str) -> dict[str, int]:
    store = Store(url)
    with store.session() as s:
        got = {t.__tablename__: s.execute(select(func.count()).select_from(t)).scalar_one()
               for t in (CaptureRow, ArticleRow, BulletinRow, StoryRow, DeliveryRow, RunStageRow)}
        got["distinct capture url+sha"] = len(set(s.execute(select(CaptureRow.url, CaptureRow.payload_sha256)).all()))
        got["distinct article urls"] = len(set(s.execute(select(ArticleRow.url)).scalars()))
        got["distinct delivery parts"] = len(set(s.execute(select(DeliveryRow.channel, DeliveryRow.part)).all()))
    store.close()
    return got


class Home:
    def __init__(self, root: Path, name: str, entry: Path) -> None:
        self.path = root / name
        self.endpoints = endpoints()   # platforms that take 40 ms to answer, so delivery lasts long enough to be hit
        self.endpoints.platforms.delay.update({"wecom": 0.04, "feishu": 0.04, "dingtalk": 0.04, "webhook": 0.04})
        write_run_yaml(self.path, self.endpoints.smtp.port)
        self.url = database_url_for(self.path)
        self.env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"),
                    "RIBAO_DATABASE_URL": self.url, "RIBAO_LOG_FORMAT": "json", **self.endpoints.env()}
        self.args = ["--home", str(self.path), "run", "--date", str(SAMPLE.date), "--replay", str(SAMPLE.warc),
                     "--sources", str(entry), *sum((["--source", s] for s in SAMPLE_CRAWLED), []),
                     "--ingest", str(SAMPLE.warc)]
        self.logs = 0
        self.kills = 0

    def log(self) -> Path:
        self.logs += 1
        return self.path / f"run-{self.logs}.log"


@pytest.fixture(scope="module")
def fork():
    f = ForkServer()
    yield f
    f.close()


def test_kill_sweep(fork, tmp_path):
    rng = random.Random(SEED)
    entry = sample_entrypoints(tmp_path)

    ref = Home(tmp_path, "reference", entry)
    log = ref.log()
    end = fork.wait(fork.start(ref.args, ref.env, log))
    assert end.code == 0, log.read_text()
    took = {e["stage"]: e["seconds"] for e in events(log) if e["event"] == "stage.end"}
    ref_rows, ref_doc = rows(ref.url), bulletin_doc(ref.path / "bulletins/xinzhi" / str(SAMPLE.date) / "bulletin.json")
    ref_received = ref.endpoints.received()
    assert ref_rows["deliveries"] >= 5 and all(n == 1 for n in ref_received.values())
    ref.endpoints.stop()

    landed: Counter = Counter()
    kills = 0
    for r in range(ROUNDS * 6):  # more rounds only while a stage has not been hit (a fast stage a resumed run may skip)
        if r >= ROUNDS and kills >= KILLS and all(landed[t] >= 1 for t in TARGETS):
            break
        home = Home(tmp_path, f"killed-{r}", entry)
        try:
            for target in ROUND:
                log = home.log()
                pid = fork.start(home.args, home.env, log)
                deadline = time.monotonic() + 300
                current = target
                while True:   # until the target stage (or, if it is already done, a later one) starts
                    evs = events(log)
                    started = [e["stage"] for e in evs if e["event"] == "stage.start"]
                    if started and ORDER[started[-1]] >= ORDER[target]:
                        current = started[-1]
                        break
                    if any(e["event"] == "run.end" for e in evs) or time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, max(took[current], 0.01)))
                os.kill(pid, signal.SIGKILL)
                ended = fork.wait(pid)
                evs = events(log)
                if ended.signal == signal.SIGKILL and not any(e["event"] == "run.end" for e in evs):
                    kills += 1
                    home.kills += 1
                    landed[stage_at_death(evs)] += 1
            log = home.log()
            end = fork.wait(fork.start(home.args, home.env, log))
            assert end.code in (0, 1), log.read_text()[-3000:]
            _check(home, ref_rows, ref_doc, ref_received)
        finally:
            home.endpoints.stop()
    print(f"kill sweep: {kills} kills landed in {dict(landed)}; reference stage seconds {took}")
    assert kills >= KILLS, (kills, landed)
    assert all(landed[t] >= 1 for t in TARGETS), landed


def _check(home: Home, ref_rows: dict, ref_doc: dict, ref_received: Counter) -> None:
    if home.url.startswith("sqlite"):
        with closing(sqlite3.connect(home.path / "ribao.db")) as conn, conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert rows(home.url) == ref_rows
    assert bulletin_doc(home.path / "bulletins/xinzhi" / str(SAMPLE.date) / "bulletin.json") == ref_doc
    received = home.endpoints.received()
    assert all(n == 1 for n in received.values()), [k for k, n in received.items() if n > 1]
    store = Store(home.url)
    with store.session() as s:
        statuses = Counter(s.execute(select(DeliveryRow.status)).scalars())
        runs = Counter(s.execute(select(RunReportRow.status)).scalars())
    store.close()
    assert runs["interrupted"] == home.kills and runs["running"] == 0    # each killed run's report says so
    assert set(statuses) <= {"sent", "unconfirmed"}, statuses
    # every part confirmed arrived once; a part a killed run was sending arrived at most once, never twice
    assert statuses["sent"] <= len(received) <= statuses["sent"] + statuses["unconfirmed"]
    assert len(ref_received) == ref_rows["deliveries"]
