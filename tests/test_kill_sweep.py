"""SIGKILL at random moments (seeded) over the first open, the archive copy, ingest and build,
each kill followed by a rerun: the result is the clean run's, row for row and bulletin for
bulletin, and the database passes ``PRAGMA integrity_check``.

Each kill is timed from the moment the run itself logs that its phase began (``--log-file``),
plus a random delay within the phase's length in a clean run, so kills land inside the phase
whatever the machine's speed; the killed run's own log then says where it really landed, and
each phase must get its quota of landed kills. The ingest kills (first open, copy, ingest) and
the build kills use different homes and run side by side, which keeps the test near a minute.
"""
import io
import json
import random
import shutil
import signal
import sqlite3
from contextlib import closing
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from conftest import RIBAO, record_bytes, sample_pages
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
    with closing(sqlite3.connect(db)) as c, c:
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
    with closing(sqlite3.connect(db)) as c, c:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables or not c.execute("SELECT 1 FROM alembic_version").fetchone():
            return ["open", "copy", "ingest"]
        stored = c.execute("SELECT count(*) FROM captures").fetchone()[0]
    copied = home.joinpath("warc", "imported").is_dir() and any(
        not f.name.startswith(".") for f in home.joinpath("warc", "imported").iterdir())
    return (["copy"] if not copied else []) + (["ingest"] if stored < 71 else [])


@dataclass
class Sweep:
    """What one sequence of kills did."""

    kills: int = 0
    runs: int = 0
    landed: Counter = field(default_factory=Counter)
    attempts: list = field(default_factory=list)

    def kill(self, args: list, log: Path, phase: str, delay: float, home: Path) -> bool:
        self.runs += 1
        killed, where = _kill_in(args, log, phase, delay)
        self.attempts.append((home.name, phase, round(delay, 3), killed, where))
        self.kills += killed
        self.landed[where] += killed and where in QUOTA
        return killed


def _finish(args: list, log: Path) -> None:
    p = _run(args, log)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0 and "Traceback" not in err, err


def _ingest_kills(tmp: Path, ingest, length: dict[str, float]) -> tuple[Sweep, list[Path]]:
    """Each run is killed in the earliest phase still ahead of its home whose quota is not met,
    so every kill is followed by a rerun of the same home; a home with nothing left to kill in is
    finished and the next kill goes to a new home."""
    rng, sweep = random.Random(SEED), Sweep()
    homes, last_killed = [tmp / "home0"], False
    while any(sweep.landed[p] < QUOTA[p] for p in ("open", "copy", "ingest")) and sweep.runs < MAX_RUNS:
        home = homes[-1]
        ahead = [p for p in _pending(home) if sweep.landed[p] < QUOTA[p]]
        if not ahead:
            if last_killed:
                _finish(ingest(home), tmp / "rerun-i.log")
            homes.append(tmp / f"home{len(homes)}")
            last_killed = False
            continue
        last_killed = sweep.kill(ingest(home), tmp / "kill-i.log", ahead[0],
                                 rng.uniform(0, 0.7 * length[ahead[0]]), home)
    if last_killed:
        _finish(ingest(homes[-1]), tmp / "rerun-i.log")
    return sweep, homes


def _build_kills(tmp: Path, clean: Path, build, length: dict[str, float]) -> tuple[Sweep, Path]:
    """The clean build (for the reference bulletin and the phase's length), then builds of a copy
    of the clean home as it was before that build, killed until the quota is met, then a rerun."""
    home = tmp / "build-home"
    shutil.copytree(clean, home)
    _finish(build(clean), tmp / "clean-build.log")
    length["build"] = _durations(tmp / "clean-build.log")["build"]
    rng, sweep = random.Random(SEED + 1), Sweep()
    while sweep.landed["build"] < QUOTA["build"] and sweep.runs < MAX_RUNS:
        sweep.kill(build(home), tmp / "kill-b.log", "build", rng.uniform(0, 0.6 * length["build"]), home)
    _finish(build(home), tmp / "rerun-b.log")
    return sweep, home


def test_kills_at_random_moments_leave_the_clean_runs_result(tmp_path):
    warc = _sweep_warc(tmp_path / "sweep.warc")
    ingest = lambda home: ["--home", home, "ingest", warc]   # noqa: E731
    build = lambda home: ["--home", home, "build", "--date", DAY]   # noqa: E731
    clean = tmp_path / "clean"
    _finish(ingest(clean), tmp_path / "clean-ingest.log")
    length = _durations(tmp_path / "clean-ingest.log")
    assert {"open", "copy", "ingest"} <= length.keys(), length

    # The ingest kills and the build kills go to different homes, so they run side by side.
    with ThreadPoolExecutor(2) as pool:
        builds = pool.submit(_build_kills, tmp_path, clean, build, length)
        ingests = pool.submit(_ingest_kills, tmp_path, ingest, dict(length))
        (i_sweep, homes), (b_sweep, build_home) = ingests.result(), builds.result()

    kills = i_sweep.kills + b_sweep.kills
    landed = i_sweep.landed + b_sweep.landed
    detail = (kills, dict(landed), i_sweep.attempts + b_sweep.attempts)
    assert kills >= 20 and all(landed[p] >= QUOTA[p] for p in QUOTA), detail
    want = _rows(clean)
    assert len(want["captures"]) == 71 and len(want["articles"]) == 35 and want["stories"]
    assert _rows(build_home) == want
    assert _bulletin(build_home) == _bulletin(clean)
    for home in homes:
        assert _rows(home) == {**want, "stories": [], "bulletins": []}, home.name
        assert not list((home / "warc" / "imported").glob(".*.part"))
