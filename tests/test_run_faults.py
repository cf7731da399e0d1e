"""Faults during ``ribao run``: a source down, the LLM API down, slow or answering garbage, a full
disk under the crawl's WARC files. The run completes with what it can, its report says what
failed, nothing already stored is lost. (A delivery endpoint down: tests/test_run.py.)"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from llm_server import Reply, ScriptedLLM
from run_setup import sample_entrypoints
from sqlalchemy import select
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from ribao.capture.archive import ArchiveWriteError, WarcArchive
from ribao.capture.warc import read_record
from ribao.cli import app
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.schema import CaptureRow

runner = CliRunner()
SAMPLE = bundled_sample()


def last_report(home: Path) -> dict:
    return json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json", "--limit", "1"]).stdout)[0]


def test_a_source_down_or_blocked_is_reported_and_the_rest_is_built(tmp_path, httpserver):
    """A network crawl of three local sites: one answers, one refuses connections, one blocks us (403)."""
    from pytest_httpserver import HTTPServer

    waf = HTTPServer(host="127.0.0.1")
    waf.start()
    waf.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    waf.expect_request("/list/").respond_with_data("Forbidden", status=403)
    article = "/2026/03/18/art_1.html"
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/list/").respond_with_data(
        f'<html><body><ul><li><a href="{article}">国家能源局部署新型储能工作</a><span>2026-03-18</span></li></ul></body></html>',
        content_type="text/html; charset=utf-8")
    httpserver.expect_request(article).respond_with_data(
        "<html><head><title>国家能源局部署新型储能工作</title></head><body><h1>国家能源局部署新型储能工作</h1>"
        "<p>发布时间：2026-03-18 09:00 来源：国家能源局</p><p>国家能源局3月18日部署新型储能工作。</p></body></html>",
        content_type="text/html; charset=utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "crawl.yaml").write_text(yaml.safe_dump({"contact": "ops@example.org", "delay_s": 0, "retries": 0,
                                                     "allow_private": True, "connect_timeout_s": 2}), encoding="utf-8")
    sources = tmp_path / "entrypoints.json"
    sources.write_text(json.dumps([{"site": "upsite", "site_name": "在线站", "column": "通知", "url": httpserver.url_for("/list/")},
                                   {"site": "downsite", "site_name": "宕机站", "column": "通知",
                                    "url": "http://127.0.0.1:9/list/"},
                                   {"site": "wafsite", "site_name": "防护站", "column": "通知", "url": waf.url_for("/list/")}],
                                  ensure_ascii=False), encoding="utf-8")
    try:
        r = runner.invoke(app, ["--home", str(home), "run", "--date", str(SAMPLE.date), "--sources", str(sources),
                                "--ingest", str(SAMPLE.warc)])
    finally:
        waf.stop()
    assert r.exit_code == 1, r.output
    rep = last_report(home)
    down = {d["source_id"]: d for d in rep["sources_down"]}
    assert sorted(down) == ["downsite", "wafsite"]
    assert down["downsite"]["blocked"] == "" and "403" in down["wafsite"]["blocked"] and down["wafsite"]["advice"]
    assert any(p.startswith("source downsite down") for p in rep["problems"])
    assert any(p.startswith("source wafsite blocked") for p in rep["problems"])
    crawl = rep["stages"][0]
    assert crawl["outcome"] == "done" and crawl["counts"]["new_captures"] >= 2 and crawl["counts"]["sources_down"] == 2
    assert crawl["counts"]["sources_blocked"] == 1
    assert rep["stages"][2]["counts"]["sections"] >= 4 and rep["status"] == "problems"


@pytest.fixture(scope="module")
def llm_home(tmp_path_factory):
    """The sample ingested and built once by the extractive writer (the yardstick)."""
    home = tmp_path_factory.mktemp("llm") / "home"
    r = runner.invoke(app, ["--home", str(home), "run", "--date", str(SAMPLE.date), "--no-crawl", "--ingest", str(SAMPLE.warc)])
    assert r.exit_code == 0, r.output
    return home, last_report(home)["stages"][2]["counts"]["sections"]


def _llm_run(home: Path, tmp: Path, **cfg) -> dict:
    path = tmp / "llm.yaml"
    path.write_text(yaml.safe_dump({"model": "test-model", "max_retries": 0, "backoff_s": 0.01, **cfg}), encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home), "run", "--date", str(SAMPLE.date), "--from", "build", "--writer", "llm",
                            "--llm-config", str(path)], env={"RIBAO_LLM_API_KEY": "test-key"})
    assert r.exit_code == 1, r.output           # finished, with the LLM's failure among its problems
    return last_report(home)


def _assert_extractive_took_over(home: Path, rep: dict, sections: int, why: str) -> None:
    assert rep["stages"][2]["outcome"] == "done" and rep["stages"][2]["counts"]["sections"] == sections
    assert rep["stages"][2]["counts"]["llm_fallback_sections"] == sections
    (problem,) = [p for p in rep["problems"] if p.startswith("LLM:")]
    assert "written by the extractive writer" in problem and why in problem
    assert [s["outcome"] for s in rep["stages"]][3:5] == ["done", "done"]    # and it went on to render
    doc = json.loads((home / "bulletins/xinzhi" / str(SAMPLE.date) / "bulletin.json").read_text(encoding="utf-8"))
    assert doc["usage"]["fallback_sections"] == list(range(1, sections + 1))


def test_llm_down_the_extractive_writer_takes_over(llm_home, tmp_path):
    home, sections = llm_home
    rep = _llm_run(home, tmp_path, base_url="http://127.0.0.1:9/v1")
    _assert_extractive_took_over(home, rep, sections, "connection error")


def test_llm_slow_the_extractive_writer_takes_over(llm_home, tmp_path):
    home, sections = llm_home
    with ScriptedLLM(lambda req: Reply(content="{}", delay=1.0), api_key="test-key") as server:
        rep = _llm_run(home, tmp_path, base_url=server.base_url, timeout_s=0.2)
    _assert_extractive_took_over(home, rep, sections, "timeout")


def test_llm_answering_garbage_the_extractive_writer_takes_over(llm_home, tmp_path):
    home, sections = llm_home
    with ScriptedLLM(lambda req: Reply(content="抱歉，我无法完成这个请求。<html>not json"), api_key="test-key") as server:
        rep = _llm_run(home, tmp_path, base_url=server.base_url, format_retries=0)
        assert server.requests
    _assert_extractive_took_over(home, rep, sections, "invalid answer")


# ------------------------------------------------------------------ full disk

class _FullAfter:
    """A file that accepts ``room`` more bytes, then fails as a full disk does (ENOSPC)."""

    def __init__(self, fh, room: int) -> None:
        self._fh, self.room = fh, room

    def write(self, data) -> int:
        if len(data) > self.room:
            n = self._fh.write(bytes(data[:self.room]))    # what a full disk takes before refusing
            self.room = 0
            if n:
                return n
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)


def test_archive_keeps_no_half_record_when_the_disk_fills(tmp_path):
    from datetime import datetime, timezone

    arc = WarcArchive(tmp_path, max_bytes=1 << 30)
    kw = dict(method="GET", request_headers=[("User-Agent", "t")], status=200, reason="OK", http_version="HTTP/1.1",
              response_headers=[("Content-Type", "text/html")], date=datetime(2026, 3, 18, tzinfo=timezone.utc))
    first = arc.write(url="https://a.example/1", payload=b"<p>one</p>" * 50, **kw)
    size = first.path.stat().st_size
    arc._fh = _FullAfter(arc._fh, 300)
    with pytest.raises(ArchiveWriteError, match="No space left"):
        arc.write(url="https://a.example/2", payload=os.urandom(4000), **kw)
    assert first.path.stat().st_size == size                # cut back: no half record
    arc._fh = arc._fh._fh                                   # space again
    third = arc.write(url="https://a.example/3", payload=b"<p>three</p>", **kw)
    arc.close()
    with first.path.open("rb") as fh:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"]
    assert uris == ["https://a.example/1", "https://a.example/3"]
    assert read_record(str(third.path), third.offset).body == b"<p>three</p>"


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _can_mount(), reason="mounting a small tmpfs needs root")
def test_a_full_disk_under_the_warc_archive_is_reported_and_the_rerun_completes(tmp_path):
    home = tmp_path / "home"
    crawl_dir = Settings.load(home).warc_dir / "crawl"
    crawl_dir.mkdir(parents=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(crawl_dir)]).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        args = ["--home", str(home), "run", "--date", str(SAMPLE.date), "--replay", str(SAMPLE.warc),
                "--sources", str(sample_entrypoints(tmp_path))]
        r = runner.invoke(app, args)
        assert r.exit_code == 1, r.output
        rep = last_report(home)
        crawl = rep["stages"][0]
        assert crawl["outcome"] == "done" and rep["sources_down"]
        assert any("cannot write to the WARC archive" in e and "No space left" in e for e in crawl["errors"])
        assert rep["stages"][2]["outcome"] == "done"            # built from what was stored
        store = Store(Settings.load(home).database_url)
        with store.session() as s:
            caps = s.execute(select(CaptureRow)).scalars().all()
        assert caps and all(read_record(c.warc_file, c.warc_offset).url == c.url for c in caps)   # nothing lost
        n_before = len(caps)
        subprocess.run(["mount", "-o", "remount,size=16m", str(crawl_dir)], check=True)
        again = runner.invoke(app, [*args, "--from", "crawl"])
        assert again.exit_code == 0, again.output
        rep = last_report(home)
        assert rep["sources_down"] == [] and rep["status"] == "done"
        with store.session() as s:
            assert len(s.execute(select(CaptureRow)).scalars().all()) > n_before
        store.close()
    finally:
        subprocess.run(["umount", "-l", str(crawl_dir)])
