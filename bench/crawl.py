"""Crawl throughput, offline (replay) and against local servers with the real politeness delay.

    python bench/crawl.py [--hosts N] [--pages M] [--delay S] [WARC ENTRYPOINTS]

1. replay: ``ribao crawl --replay`` of ../shared/corpus/dev (or the given WARC + entrypoints.json)
   into a fresh home, best of 3: pages/s (requests answered, archived, indexed and extracted).
2. network: N local hosts (127.0.0.2, 127.0.0.3, … each its own server) of one list page and M
   article pages, crawled with a S-second per-host delay (default 1 s). Each host needs
   robots.txt + list + M articles = M + 2 requests, so M + 1 delays; hosts in parallel finish in
   about (M + 1)·S seconds, where one host after another would take N·(M + 1)·S.
3. blocks: the cost of challenge-page detection, which runs on every response received: µs per
   response over the WARC's records (and how many it flags: 0 on the dev capture).
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ribao.capture.config import CrawlConfig
from ribao.capture.crawler import Crawler, crawl, plan
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.settings import Settings
from ribao.store import Store

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def bench_replay(warc: Path, entrypoints: Path) -> None:
    best = None
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(tmp).ensure()
            store = Store(settings.database_url)
            t0 = time.perf_counter()
            rep = crawl(store, settings, sources_file=entrypoints, replay=[warc])
            dt = time.perf_counter() - t0
            store.close()
            best = min(best or (dt, rep), (dt, rep), key=lambda x: x[0])
    dt, rep = best
    new = sum(s.new for s in rep.sources)
    print(f"replay {warc.name}: {rep.requests} requests ({new} article pages) in {dt:.2f}s "
          f"-> {rep.requests / dt:.0f} pages/s, {new / dt:.0f} article pages/s")


def bench_blocks(warc: Path) -> None:
    from ribao.capture.blocks import detect_block
    from ribao.capture.warc import iter_responses

    responses = list(iter_responses(warc))
    best, flagged = None, 0
    for _ in range(5):
        t0 = time.perf_counter()
        flagged = sum(detect_block(r.status, r.content_type, r.body) is not None for r in responses)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    print(f"blocks: {len(responses)} responses of {warc.name} checked in {best * 1000:.1f} ms "
          f"-> {best / len(responses) * 1e6:.0f} us per response; {flagged} taken for challenges")


def _site(pages: int):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nDisallow: /search/\n", "text/plain"
            elif self.path == "/news/":
                items = "".join(f'<li><a href="/news/202607/t20260715_{1000000 + i}.html">基准测试文章第{i}号标题</a>'
                                f"<span>2026-07-15</span></li>" for i in range(pages))
                body, ctype = f'<html><head><meta charset="utf-8"></head><body><ul class="list">{items}</ul>' \
                              f"</body></html>".encode(), "text/html; charset=utf-8"
            elif self.path.startswith("/news/202607/"):
                body = ('<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="基准测试文章">'
                        '<meta name="PubDate" content="2026-07-15 09:00"></head><body><div class="article">'
                        "<p>发布时间：2026-07-15 09:00</p><p>基准测试正文，用于测量抓取速度。" * 3 +
                        "</p></div></body></html>").encode()
                ctype = "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def bench_network(hosts: int, pages: int, delay: float) -> None:
    servers = []
    try:
        for i in range(hosts):
            srv = ThreadingHTTPServer((f"127.0.0.{i + 2}", 0), _site(pages))
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            servers.append(srv)
        sources = [Source(id=f"host{i}", name=f"站点{i}", publisher=f"站点{i}", tier="central_ministry",
                          hosts=[s.server_address[0]], allow_private=True,
                          endpoints=[ListEndpoint(column="新闻",
                                                  url=f"http://{s.server_address[0]}:{s.server_address[1]}/news/")])
                   for i, s in enumerate(servers)]
        catalog = Catalog(sources=sources)
        config = CrawlConfig(contact="bench@example.org", delay_s=delay)
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(tmp).ensure()
            store = Store(settings.database_url)
            t0 = time.perf_counter()
            rep = Crawler(store, settings, catalog, config).run(plan(catalog))
            dt = time.perf_counter() - t0
            store.close()
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
    per_host = pages + 2
    print(f"network: {hosts} hosts x {per_host} requests ({pages} articles each), {delay:g}s per-host delay: "
          f"{rep.requests} requests in {dt:.1f}s -> {rep.requests / dt:.2f} pages/s; "
          f"one host after another would need >= {hosts * (per_host - 1) * delay:.0f}s, "
          f"parallel hosts >= {(per_host - 1) * delay:.0f}s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", help="WARC ENTRYPOINTS (default: ../shared/corpus/dev)")
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--delay", type=float, default=1.0)
    args = ap.parse_args()
    warc, entry = ((Path(args.files[0]), Path(args.files[1])) if len(args.files) == 2
                   else (DEV / "corpus.warc.gz", DEV / "entrypoints.json"))
    if warc.exists() and entry.exists():
        bench_replay(warc, entry)
        bench_blocks(warc)
    else:
        print(f"replay: skipped ({warc} not found)")
    bench_network(args.hosts, args.pages, args.delay)


if __name__ == "__main__":
    main()
