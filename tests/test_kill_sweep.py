"""SIGKILL at random moments (seeded) over the first open, the archive copy, ingest and build,
each kill followed by a rerun: the result is the clean run's, row for row and bulletin for
bulletin, and the database passes ``PRAGMA integrity_check``.

Each kill is timed from the moment the run itself logs that its phase began (``--log-file``),
plus a random delay within the phase's length in a clean run, so kills land inside the phase
whatever the machine's speed; the killed run's own log then says where it really landed.
"""
import io
import json
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from conftest import RIBAO, Page, record_bytes, sample_pages
from warcio.warcwriter import WARCWriter

from ribao.pipeline import bundled_sample

SAMPLE = bundled_sample()
DAY = SAMPLE.date.isoformat()
SEED = 20261201
QUOTA = {"open": 5, "copy": 5, "ingest": 6, "build": 4}   # kills that must land in each phase
MAX_RUNS = 60


def _sweep_warc(path: Path) -> Path:
    """The sample's responses, then a 32 MiB resource record, so the archive copy lasts long
    enough to be killed in (the record is not a response: it adds no rows)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False, warc_version="WARC/1.1")
    blob = random.Random(SEED).randbytes(32 << 20)
    w.write_record(w.create_warc_record("https://www.ndrc.gov.cn/blob.bin", "resource", payload=io.BytesIO(blob),
                                        warc_content_type="application/octet-stream",
                                        warc_headers_dict={"WARC-Date": "2026-03-18T01:00:00Z"}))
    with open(path, "wb") as fh:
        for p in sample_pages():
            fh.write(record_bytes(p, gz=False))
        fh.write(buf.getvalue())
    return path


def _phases(log: Path) -> list[tuple[str, str, float]]:
    """(phase, 'start'|'done', time) for each phase line of a run's log."""
    out = []
    for line in log.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 6 and parts[3] == "phase":
            t = datetime.strptime(f"{parts[0]} {parts[1]}", "%Y-%m-%d %H:%M:%S,%f").timestamp()
            out.append((parts[4], parts[5].rstrip(":"), t))
    return out


def _open_phase(log: Path) -> str | None:
    """The phase the run was in when it ended: its last phase that started and did not finish."""
    open_ = [p for p, what, _ in _phases(log) if what == "start"]
    done = Counter(p for p, what, _ in _phases(log) if what == "done")
    for p in reversed(open_):
        if done[p] == 0:
            return p
        done[p] -= 1
    return None


def _run(args: list, log: Path) -> subprocess.Popen:
    log.write_text("", encoding="utf-8")
    return subprocess.Popen([str(RIBAO), "--log-file", str(log), *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_in(args: list, log: Path, phase: str, delay: float) -> tuple[bool, str | None]:
    """Start the run, SIGKILL it ``delay`` s after it logs ``phase`` began; (killed, where it landed).
    A run that ends before the kill must have succeeded."""
    p = _run(args, log)
    marker = f"phase {phase} start"
    deadline = time.monotonic() + 120
    while p.poll() is None and marker not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.001)
    if p.poll() is None:
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
    _, err = p.communicate(timeout=120)
    if p.returncode != -signal.SIGKILL:
        assert p.returncode == 0 and "Traceback" not in err, (args, p.returncode, err)
        return False, None
    return True, _open_phase(log)


def _durations(log: Path) -> dict[str, float]:
    starts, out = {}, {}
    for phase, what, t in _phases(log):
        if what == "start":
            starts[phase] = t
        elif phase in starts:
            out[phase] = out.get(phase, 0.0) + t - starts.pop(phase)
    return out


def _rows(home: Path) -> dict[str, list]:
    db = home / "ribao.db"
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {
            "captures": sorted(c.execute("SELECT url, payload_sha256, status, kind, warc_offset, warc_length, "
                                         "fetched_at FROM captures")),
            "articles": sorted(c.execute("SELECT a.url, a.title, a.published, a.publisher, a.body_sha256, "
                                         "a.doc_name, k.payload_sha256 FROM articles a "
                                         "JOIN captures k ON k.id = a.capture_id")),
            "errors": sorted(c.execute("SELECT url, error FROM extract_errors")),
            "stories": sorted(c.execute("SELECT line, date, story_key, headline, theme, article_urls FROM stories")),
            "bulletins": sorted(c.execute("SELECT line, date, writer FROM bulletins")),
            "files": sorted(f.name for f in (home / "warc" / "imported").iterdir()),
        }


def _bulletin(home: Path) -> dict:
    b = json.loads((home / "bulletins" / SAMPLE.line / DAY / "bulletin.json").read_text(encoding="utf-8"))
    b.pop("generated_at")
    return b


def _pending(home: Path) -> list[str]:
    """The ingest phases a home still has ahead of it (a killed run can end in any of them)."""
    db = home / "ribao.db"
    if not db.exists():
        return ["open", "copy", "ingest"]
    with sqlite3.connect(db) as c:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables or not c.execute("SELECT 1 FROM alembic_version").fetchone():
            return ["open", "copy", "ingest"]
        stored = c.execute("SELECT count(*) FROM captures").fetchone()[0]
    copied = home.joinpath("warc", "imported").is_dir() and any(
        not f.name.startswith(".") for f in home.joinpath("warc", "imported").iterdir())
    return (["copy"] if not copied else []) + (["ingest"] if stored < 71 else [])


def test_kills_at_random_moments_leave_the_clean_runs_result(tmp_path):
    rng = random.Random(SEED)
    warc = _sweep_warc(tmp_path / "sweep.warc")
    ingest = lambda home: ["--home", home, "ingest", warc]   # noqa: E731
    build = lambda home: ["--home", home, "build", "--date", DAY]   # noqa: E731

    clean, log = tmp_path / "clean", tmp_path / "clean.log"
    length: dict[str, float] = {}
    for args in (ingest(clean), build(clean)):
        p = _run(args, log)
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        length.update(_durations(log))
    assert set(QUOTA) <= length.keys(), length
    want = _rows(clean)
    assert len(want["captures"]) == 71 and len(want["articles"]) == 35 and want["stories"]

    # Ingest: each run is killed in the earliest phase still ahead of its home whose quota is
    # not met (so every kill is followed by a rerun of the same home), until the quotas are met.
    kills, landed, attempts, runs = 0, Counter(), [], 0
    homes = [tmp_path / "home0"]
    while any(landed[p] < QUOTA[p] for p in ("open", "copy", "ingest")) and runs < MAX_RUNS:
        home = homes[-1]
        ahead = [p for p in _pending(home) if landed[p] < QUOTA[p]]
        runs += 1
        if not ahead:   # this home has nothing left that needs killing: finish it, use a new one
            p = _run(ingest(home), tmp_path / "rerun.log")
            assert p.communicate(timeout=300) and p.returncode == 0
            homes.append(tmp_path / f"home{len(homes)}")
            continue
        delay = rng.uniform(0, 0.7 * length[ahead[0]])
        killed, where = _kill_in(ingest(home), tmp_path / "kill.log", ahead[0], delay)
        attempts.append((home.name, ahead[0], round(delay, 3), killed, where))
        kills += killed
        landed[where] += killed and where in QUOTA
    for home in homes:   # the rerun after the last kill of each home
        p = _run(ingest(home), tmp_path / "rerun.log")
        assert p.communicate(timeout=300) and p.returncode == 0

    while landed["build"] < QUOTA["build"] and runs < MAX_RUNS:
        runs += 1
        delay = rng.uniform(0, 0.7 * length["build"])
        killed, where = _kill_in(build(homes[0]), tmp_path / "kill.log", "build", delay)
        attempts.append((homes[0].name, "build", round(delay, 3), killed, where))
        kills += killed
        landed["build"] += killed and where == "build"
    p = _run(build(homes[0]), tmp_path / "rerun.log")
    assert p.communicate(timeout=300) and p.returncode == 0

    assert kills >= 20 and all(landed[p] >= QUOTA[p] for p in QUOTA), (kills, dict(landed), attempts)
    for home in homes:
        got = _rows(home)
        assert got == (want if home == homes[0] else {**want, "stories": [], "bulletins": []}), home.name
        assert not list((home / "warc" / "imported").glob(".*.part"))
    assert _bulletin(homes[0]) == _bulletin(clean)
