"""``ribao crawl --replay`` over ../shared/corpus/dev: discovery from the entry points, a second
run that adds nothing, and a bulletin identical to the one built after ``ribao ingest``."""
import json
from collections import Counter

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from ribao.cli import app
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.schema import CaptureRow

runner = CliRunner()


def _requests(warc_dir) -> Counter:
    seen: Counter = Counter()
    for f in sorted(warc_dir.glob("*.warc.gz")):
        with f.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "request":
                    seen[rec.rec_headers.get_header("WARC-Target-URI")] += 1
    return seen


@pytest.fixture(scope="module")
def replayed(dev_corpus, tmp_path_factory):
    home = tmp_path_factory.mktemp("replay")
    args = ["--home", str(home), "crawl", "--replay", str(dev_corpus / "corpus.warc.gz"),
            "--sources", str(dev_corpus / "entrypoints.json")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    with Store(Settings.load(home).database_url).session() as s:
        after_first = {(r.url, r.kind, r.fetched_at) for r in s.execute(select(CaptureRow)).scalars()}
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    return home, first.output, second.output, after_first


def test_replay_discovers_every_article_page_of_the_manifest(replayed, dev_corpus):
    home, out, _, captures = replayed
    manifest = [json.loads(line) for line in (dev_corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {m["url"] for m in manifest if m["kind"] == "article"}
    found = {url for url, kind, _ in captures if kind == "article"}
    assert len(expected) == 124 and found == expected
    assert "163 new captures, 124 articles" in out
    dates = {m["url"]: m["fetched_at"] for m in manifest}   # fetched_at is the replayed record's WARC-Date
    assert all(when.isoformat() == _utc(dates[url]) for url, _, when in captures)


def _utc(iso: str) -> str:
    from datetime import datetime, timezone

    return datetime.fromisoformat(iso).astimezone(timezone.utc).isoformat()


def test_second_replay_adds_nothing_and_fetches_no_article_twice(replayed, dev_corpus):
    home, _, second, _ = replayed
    assert "0 new captures, 0 articles" in second
    seen = _requests(Settings.load(home).warc_dir / "crawl")
    manifest = [json.loads(line) for line in (dev_corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {m["url"]: m["kind"] for m in manifest}
    assert all(seen[u] == 1 for u, k in kinds.items() if k == "article")
    assert all(seen[u] == 2 for u, k in kinds.items() if k in ("list", "robots"))   # read again every run


def test_bulletin_after_replay_equals_bulletin_after_ingest(replayed, dev_corpus, tmp_path):
    home, *_ = replayed
    other = tmp_path / "ingested"
    assert runner.invoke(app, ["--home", str(other), "ingest", str(dev_corpus / "corpus.warc.gz")]).exit_code == 0
    for day in ["2026-07-15"]:      # one gold date keeps the test short (each build renders a PDF)
        docs = []
        for h in (home, other):
            r = runner.invoke(app, ["--home", str(h), "build", "--date", day, "--out", str(tmp_path / h.name / day)])
            assert r.exit_code == 0, r.output
            doc = json.loads((tmp_path / h.name / day / "bulletin.json").read_text(encoding="utf-8"))
            doc.pop("generated_at", None)
            docs.append(doc)
        assert docs[0] == docs[1] and docs[0]["sections"], day


def test_sources_check_probe_reads_list_pages_only(dev_corpus, tmp_path):
    home = tmp_path / "probe"
    r = runner.invoke(app, ["--home", str(home), "sources", "check", "--probe", "--replay",
                            str(dev_corpus / "corpus.warc.gz"), "--sources", str(dev_corpus / "entrypoints.json")])
    assert r.exit_code == 0, r.output
    seen = _requests(Settings.load(home).warc_dir / "crawl")
    assert sum(seen.values()) == 27 + 12 and all(u.endswith(("/", "robots.txt")) for u in seen)
    health = Store(Settings.load(home).database_url).source_health()
    assert len(health) == 12 and all(h.consecutive_failures == 0 and not h.structure_changed for h in health.values())
