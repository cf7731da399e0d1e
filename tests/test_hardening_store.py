"""Faults around the store (fault probe §5 and §6, defects 1 and 2): the archive copy, an
interrupted first start-up, a full disk, two ingests at once, a read-only home."""
import contextlib
import errno
import os
import random
import shutil
import signal
import sqlite3
from contextlib import closing
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import RIBAO, Page, assert_clean, record_bytes, ribao, sample_pages
from sqlalchemy import create_engine

from ribao.errors import StoreError
from ribao.ingest import ingest_warc
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.home import open_store
from ribao.store.db import head_revision
from ribao.store.schema import Base

SAMPLE = bundled_sample()


def _counts(home: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(home / "ribao.db")) as c, c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("captures", "articles", "extract_errors"))


def _tables(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as c, c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@contextlib.contextmanager
def _mounted(target: Path, *opts: str):
    """A mount made for this test (root only); skips the test where mounting is not allowed."""
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a filesystem")
    r = subprocess.run(["mount", *opts, str(target)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount here: {r.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def _big_warc(path: Path, mib: int) -> Path:
    """The sample's responses after a ``mib`` MiB resource record of incompressible bytes (a copy
    that takes long enough to be killed in)."""
    rng = random.Random(7)
    blob = rng.randbytes(mib << 20)
    big = Page("https://www.ndrc.gov.cn/big.bin", blob, headers=(("Content-Type", "application/octet-stream"),))
    with open(path, "wb") as fh:
        fh.write(record_bytes(big, gz=False))
        for p in sample_pages():
            fh.write(record_bytes(p, gz=False))
    return path


# -- 1. the archive copy ----------------------------------------------------------------------

def _imported(home: Path) -> list[Path]:
    d = home / "warc" / "imported"
    return sorted(d.iterdir()) if d.exists() else []


def _ingest(home: Path, path: Path):
    settings = Settings.load(home)
    store = open_store(settings)
    try:
        return ingest_warc(store, settings, path)
    finally:
        store.close()


def test_a_truncated_copy_left_by_an_older_ribao_is_replaced(tmp_path):
    home = tmp_path / "home"
    _ingest(home, SAMPLE.warc)
    [copy] = _imported(home)
    whole = copy.read_bytes()
    assert whole == SAMPLE.warc.read_bytes()
    (home / "ribao.db").unlink()
    copy.write_bytes(whole[: len(whole) // 3])   # what a kill during the old, non-atomic copy left
    rep = _ingest(home, SAMPLE.warc)
    assert (rep.records, rep.new_captures, rep.articles, rep.stopped) == (71, 71, 35, "")
    assert copy.read_bytes() == whole and _counts(home) == (71, 35, 0)


def test_a_kill_during_the_copy_never_leaves_a_partial_copy_under_the_final_name(tmp_path):
    src = _big_warc(tmp_path / "big.warc", 32)
    size = src.stat().st_size
    home, log = tmp_path / "home", tmp_path / "ribao.log"
    landed = 0
    for delay in (0.0, 0.02):
        log.write_text("")
        p = subprocess.Popen([str(RIBAO), "--home", str(home), "--log-file", str(log), "ingest", str(src)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while "phase copy start" not in log.read_text() and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        lines = log.read_text().splitlines()
        landed += bool(lines) and "phase copy start" in lines[-1]
        for f in _imported(home):
            assert f.name.endswith(".part") or f.stat().st_size == size, f"{f.name}: a partial copy"
    assert landed >= 1, "no kill landed during the copy"
    run = ribao("--home", home, "ingest", src)
    assert_clean(run, 0)
    [copy] = _imported(home)   # the killed runs' temporary files are gone
    assert copy.stat().st_size == size and _counts(home)[:2] == (72, 35)


def test_a_disk_that_fills_during_the_copy_loses_nothing(tmp_path):
    src = _big_warc(tmp_path / "big.warc", 12)
    mnt = tmp_path / "small"
    with _mounted(mnt, "-t", "tmpfs", "-o", "size=8m", "tmpfs"):
        home = mnt / "home"
        run = ribao("--home", home, "ingest", src)
        assert_clean(run, 3)
        assert "No space left on device" in run.err and len(run.err.strip().splitlines()) == 1
        assert _imported(home) == []   # neither a partial copy nor a temporary file
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        run = ribao("--home", home, "ingest", src)
        assert_clean(run, 0)
        assert _counts(home)[:2] == (72, 35)


def test_a_copy_that_fails_to_sync_is_removed_and_reported(tmp_path, monkeypatch):
    """Without root (no small tmpfs): the same failure injected where a full disk reports it."""
    import ribao.capture.imported as imported

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    settings = Settings.load(tmp_path / "home")
    store = open_store(settings)
    monkeypatch.setattr(imported.os, "fsync", full)
    with pytest.raises(StoreError, match="No space left on device"):
        ingest_warc(store, settings, SAMPLE.warc)
    monkeypatch.undo()
    assert _imported(settings.home) == []
    rep = ingest_warc(store, settings, SAMPLE.warc)
    assert rep.new_captures == 71 and rep.articles == 35


# -- 2. an interrupted first start-up ---------------------------------------------------------

def test_a_migration_that_fails_halfway_leaves_no_tables(tmp_path, monkeypatch):
    from alembic.operations import Operations

    real, calls = Operations.create_table, []

    def create_table(self, *a, **kw):
        calls.append(a[0])
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "database or disk is full (injected)")
        return real(self, *a, **kw)

    db = tmp_path / "ribao.db"
    monkeypatch.setattr(Operations, "create_table", create_table)
    with pytest.raises(StoreError, match="disk is full"):
        Store(f"sqlite:///{db}")
    monkeypatch.undo()
    assert len(calls) == 4 and _tables(db) == set()   # all or nothing
    Store(f"sqlite:///{db}").close()
    assert {"captures", "articles", "alembic_version"} <= _tables(db)


def test_a_disk_full_at_any_step_of_a_first_ingest_never_bricks_the_home(tmp_path):
    """Free space swept from none to enough: the first ingest runs out of it during the first
    open, the archive copy or the database writes. Each failure is a StoreError, and once space
    is freed the same home ingests completely."""
    mnt = tmp_path / "tiny"
    with _mounted(mnt, "-t", "tmpfs", "-o", "size=4m", "tmpfs"):
        where = Counter()
        for i, free in enumerate([k << 10 for k in (0, 64, 160, 240, 320, 352, 416, 448, 1536)]):
            home = mnt / f"h{i}"
            filler = mnt / "filler"
            st = os.statvfs(mnt)
            filler.write_bytes(b"\0" * max(st.f_bavail * st.f_frsize - free, 0))
            try:
                rep = _ingest(home, SAMPLE.warc)
                where["none"] += 1
            except StoreError as e:
                where["open" if "cannot open the database" in str(e) else
                      "copy" if "cannot copy" in str(e) else "ingest" if "storing" in str(e) else str(e)] += 1
            filler.unlink()
            rep = _ingest(home, SAMPLE.warc)
            assert _counts(home) == (71, 35, 0) and not rep.stopped
            with closing(sqlite3.connect(home / "ribao.db")) as c, c:
                assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            shutil.rmtree(home)   # keep the tmpfs free for the next step
        assert where["open"] and where["copy"] and where["ingest"], dict(where)


def test_a_half_made_schema_from_an_older_ribao_is_finished_or_refused(tmp_path):
    db = tmp_path / "ribao.db"
    engine = create_engine(f"sqlite:///{db}")
    tables = [Base.metadata.tables[n] for n in ("captures", "articles", "bulletins", "stories")]
    Base.metadata.create_all(engine, tables=tables)   # what a kill left: tables, no alembic_version
    engine.dispose()
    Store(f"sqlite:///{db}").close()
    with closing(sqlite3.connect(db)) as c, c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    other = tmp_path / "other.db"
    engine = create_engine(f"sqlite:///{other}")
    Base.metadata.create_all(engine, tables=tables)
    with engine.begin() as c:
        c.exec_driver_sql("INSERT INTO bulletins (line, date, created_at, writer, document) "
                          "VALUES ('x', '2026-01-01', '2026-01-01', 'e', '{}')")
    engine.dispose()
    with pytest.raises(StoreError, match="no schema version"):
        Store(f"sqlite:///{other}")


def test_a_database_from_a_newer_ribao_is_refused_with_a_message(tmp_path):
    db = tmp_path / "ribao.db"
    Store(f"sqlite:///{db}").close()
    with closing(sqlite3.connect(db)) as c, c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="schema 9999, which this ribao does not know"):
        Store(f"sqlite:///{db}")


# -- 7. two ingests at once --------------------------------------------------------------------

def test_two_ingests_of_one_file_at_once_both_succeed_and_store_it_once(tmp_path):
    for round_ in range(2):
        home = tmp_path / f"home{round_}"   # a fresh home: both also race through the first open
        procs = [subprocess.Popen([str(RIBAO), "--home", str(home), "ingest", str(SAMPLE.warc)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert "Traceback" not in err and p.returncode == 0, err
        assert _counts(home) == (71, 35, 0)
        with closing(sqlite3.connect(home / "ribao.db")) as c, c:
            assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- 7. a read-only home -----------------------------------------------------------------------

def _read_only(demo_home: Path, tmp_path: Path):
    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    return home, _mounted(tmp_path / "ro", "--bind", str(home))


def test_a_read_only_home_serves_read_only_commands(demo_home, tmp_path):
    d = SAMPLE.date.isoformat()
    home, mount = _read_only(demo_home, tmp_path)
    with mount as ro:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        stories = ribao("--home", ro, "stories", "--date", d)
        assert_clean(stories, 0)
        assert "chosen" in stories.out
        assert_clean(ribao("--home", ro, "verify", ro / "bulletins" / SAMPLE.line / d / "bulletin.json"), 0)
        for args in (["ingest", SAMPLE.warc], ["build", "--date", d, "--out", tmp_path / "out2"],
                     ["stories", "--date", d, "--exclude", "st-0000000000"]):
            run = ribao("--home", ro, *args)
            assert_clean(run, 3)
            assert "read-only" in run.err and len(run.err.strip().splitlines()) == 1
        run = ribao("--home", ro / "new", "ingest", SAMPLE.warc)
        assert_clean(run, 3)
        assert "Read-only file system" in run.err


def test_sources_check_works_on_a_read_only_home(demo_home, tmp_path):
    home, mount = _read_only(demo_home, tmp_path)
    with mount as ro:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        run = ribao("--home", ro, "sources", "check")
        assert_clean(run, (0, 1))


def test_a_read_only_home_sees_what_a_killed_writer_left_in_the_wal(tmp_path):
    home = tmp_path / "home"
    d = SAMPLE.date.isoformat()
    assert_clean(ribao("--home", home, "ingest", SAMPLE.warc), 0)
    writer = sqlite3.connect(home / "ribao.db", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO story_overrides (line, date, story_key, action, created_at) "
                   "VALUES ('xinzhi', ?, 'st-nosuchstory', 'include', '2026-03-18 00:00:00')", (d,))
    assert (home / "ribao.db-wal").stat().st_size > 0   # the row is only in the WAL, as after a kill
    ro = tmp_path / "ro"
    try:
        with _mounted(ro, "--bind", str(home)):
            subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
            from ribao.store.db import make_engine
            engine = make_engine(f"sqlite:///{ro / 'ribao.db'}", readonly=True)
            with engine.connect() as c:
                assert c.exec_driver_sql("SELECT story_key FROM story_overrides").fetchall() == [("st-nosuchstory",)]
            engine.dispose()
    finally:
        writer.close()
