"""Extraction speed on one core: ribao, trafilatura, GNE and a bare lxml parse of the same bytes.

    python bench/extract_speed.py [WARC ...] [--rounds 15] [--fixtures] [--no-real]

Pages: the real-page set (``tests/fixtures/realpages``, every folder, as ``ribao extract FILE``
reads it); the article pages of the WARC files (default ``../shared/corpus/dev/corpus.warc.gz``,
else the bundled sample); ``--fixtures`` adds the test pages under ``tests/fixtures/extract``.
The process is pinned to one CPU. The ways through the same pages:

- bare lxml:   ``lxml.html.document_fromstring(bytes)`` — the floor any tree-based extractor pays;
- ribao:       ``extract_page(bytes, url, content_type)`` — decoding, parsing, every field, the model;
- trafilatura: ``trafilatura.extract(text)`` on the already-decoded text (decoding not charged);
- GNE:         ``GeneralNewsExtractor().extract(text)`` (decoding not charged), when ``gne`` is installed.

Each page is timed on its own, round after round, the ways interleaved; a page's time is its
fastest round, so other processes on a shared machine inflate no figure. Reported: mean time per
page, pages/s (1 / mean), ribao's throughput against trafilatura's (issue 10: ≥ 3× on the real
pages) and its slowest page (the per-page budget: 2 s).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

import lxml.html
import trafilatura

from ribao.capture.warc import iter_responses, page_kind
from ribao.catalog import load_catalog
from ribao.extract import extract_page
from ribao.extract.decode import decode_html
from ribao.pipeline import bundled_sample

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "corpus.warc.gz"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
REAL = ROOT / "tests" / "fixtures" / "realpages"


class Page:
    __slots__ = ("url", "body", "content_type", "text")

    def __init__(self, url: str, body: bytes, content_type: str):
        self.url, self.body, self.content_type = url, body, content_type
        self.text = decode_html(body, content_type).text


def warc_pages(paths: list[Path]) -> list[Page]:
    cat = load_catalog()
    return [Page(r.url, r.body, r.content_type) for p in paths for r in iter_responses(p)
            if r.status == 200 and page_kind(r.url, r.content_type, cat) == "article"]


def fixture_pages() -> list[Page]:
    import json

    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    return [Page(c["url"], (FIXTURES / c["file"]).read_bytes(), c.get("content_type", "text/html"))
            for c in cases if c.get("speed", True)]


def real_pages() -> list[Page]:
    import json

    out = []
    # timing is no development: held-out pages count too
    for f in sorted(REAL.glob("*/labels.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if (f.parent / d["file"]).exists():
                    out.append(Page(d["url"], (f.parent / d["file"]).read_bytes(), None))
    return out


def _gne():
    try:
        from gne import GeneralNewsExtractor
    except ImportError:
        return None
    g = GeneralNewsExtractor()

    def run(p):
        try:
            g.extract(p.text)
        except Exception:  # GNE gives up on some pages; its time until then still counts
            pass
    return run


def measure(pages: list[Page], rounds: int, slow_rounds: int) -> dict[str, list[float]]:
    """Per page, the fastest of the rounds (seconds), for each way."""
    cat = load_catalog()
    ways = {
        "bare lxml": (lambda p: lxml.html.document_fromstring(p.body), rounds),
        "ribao": (lambda p: extract_page(p.body, p.url, p.content_type, catalog=cat), rounds),
        "trafilatura": (lambda p: trafilatura.extract(p.text), slow_rounds),
    }
    if (gne := _gne()) is not None:
        ways["GNE"] = (gne, slow_rounds)
    for fn, _ in ways.values():  # warm caches, imports and lazy setup before timing
        for p in pages[:5]:
            fn(p)
    best = {name: [float("inf")] * len(pages) for name in ways}
    clock = time.perf_counter
    gc.collect()
    for r in range(rounds):
        for name, (fn, n) in ways.items():
            if r >= n:
                continue
            times = best[name]
            for i, p in enumerate(pages):
                t0 = clock()
                fn(p)
                dt = clock() - t0
                if dt < times[i]:
                    times[i] = dt
    return best


def report(title: str, pages: list[Page], best: dict[str, list[float]]) -> bool:
    n = len(pages)
    kb = sum(len(p.body) for p in pages) / n / 1024
    print(f"\n{title}: {n} pages, mean {kb:.1f} KiB")
    mean = {name: sum(ts) / n for name, ts in best.items()}
    for name, m in mean.items():
        print(f"  {name:12} {m * 1e3:9.2f} ms/page {1 / m:9.0f} pages/s")
    vs_traf = mean["trafilatura"] / mean["ribao"]
    print(f"  ribao throughput = {vs_traf:.1f}× trafilatura's (target ≥ 3×)"
          + (f", {mean['GNE'] / mean['ribao']:.1f}× GNE's" if "GNE" in mean else ""))
    print(f"  ribao time = {mean['ribao'] / mean['bare lxml']:.1f}× the bare parse")
    slowest = max(range(n), key=lambda i: best["ribao"][i])
    print(f"  ribao slowest page {best['ribao'][slowest] * 1e3:.1f} ms ({pages[slowest].url[:80]}; budget 2 s)")
    return vs_traf >= 3 and best["ribao"][slowest] <= 2.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("warc", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=15, help="rounds for ribao and lxml (trafilatura: a fifth)")
    ap.add_argument("--fixtures", action="store_true", help="also time the test fixture pages")
    ap.add_argument("--no-real", action="store_true", help="leave out the real-page set")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        print(f"pinned to CPU {cpu}")
    warcs = args.warc or ([DEV] if DEV.exists() else [bundled_sample().warc])
    slow = max(2, args.rounds // 5)
    ok = True
    if not args.no_real and (real := real_pages()):
        ok = report("real pages (tests/fixtures/realpages)", real, measure(real, args.rounds, slow))
    pages = warc_pages(warcs)
    report(", ".join(w.name for w in warcs), pages, measure(pages, args.rounds, slow))
    if args.fixtures:
        fx = fixture_pages()
        report("tests/fixtures/extract", fx, measure(fx, args.rounds, slow))
    print(f"\ntarget on the real pages: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
