"""Ingest throughput: WARC → captures + extracted articles in a fresh SQLite store.

    python bench/ingest.py [WARC ...]   (default: ../shared/corpus/dev/corpus.warc.gz, else the bundled sample)

Prints records/s and article pages/s (best of 3 runs), and the extraction share of the time.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ribao.ingest import ingest_warc
from ribao.capture.warc import iter_responses, page_kind
from ribao.catalog import load_catalog
from ribao.extract import extract_page
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.store import Store

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "corpus.warc.gz"


def main(paths: list[str]) -> None:
    warcs = [Path(p) for p in paths] or ([DEV] if DEV.exists() else [bundled_sample().warc])
    cat = load_catalog()
    for warc in warcs:
        best = None
        for _ in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                settings = Settings.load(tmp).ensure()
                store = Store(settings.database_url)
                t0 = time.perf_counter()
                rep = ingest_warc(store, settings, warc, catalog=cat)
                dt = time.perf_counter() - t0
                store.close()
                best = min(best or (dt, rep), (dt, rep), key=lambda x: x[0])
        dt, rep = best
        pages = [r for r in iter_responses(warc) if page_kind(r.url, r.content_type, cat) == "article"]
        t0 = time.perf_counter()
        for r in pages:
            extract_page(r.body, r.url, r.content_type, catalog=cat)
        ext = time.perf_counter() - t0
        print(f"{warc.name}: {rep.records} records, {rep.articles} articles in {dt:.3f}s  "
              f"-> {rep.records / dt:.0f} records/s, {rep.articles / dt:.0f} article pages/s "
              f"(extraction alone {len(pages) / ext:.0f} pages/s, {ext / dt:.0%} of ingest)")


if __name__ == "__main__":
    main(sys.argv[1:])
