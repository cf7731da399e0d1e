"""Peak memory and time of ``ribao ingest`` on WARCs holding a gzip bomb record (fault probe defect 4).

Each WARC holds a good article page, one response record with ``Content-Encoding: gzip`` whose
payload inflates far beyond the body cap, and a second good page. The ingest runs as its own
process (the ``ribao`` console script), and its peak RSS is read from the kernel when it exits.

    python bench/ingest_bomb.py                 # 1 MB -> 1 GiB zeros, 4 MB -> 1 GiB of HTML, 4 MB -> 4 GiB zeros
    python bench/ingest_bomb.py --sizes 1       # only the 1 GiB bomb
    python bench/ingest_bomb.py --ribao OTHER/.venv/bin/ribao   # another build, e.g. before the fix

Target (issue 11): peak RSS under 600 MB on the 4 MB -> 4 GiB bomb.
"""
from __future__ import annotations

import argparse
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
PAGE = ("<html><head><meta charset='utf-8'><meta name='ArticleTitle' content='{t}'>"
        "<meta name='PubDate' content='2026-03-18 09:00'><meta name='ContentSource' content='国家能源局'>"
        "<title>{t}</title></head><body><h1>{t}</h1><div class='TRS_Editor'><p>{t}。国家能源局今天发布通知，"
        "提出加快新型储能规模化应用。</p><p>通知要求各地抓好落实。</p></div></body></html>")


def bomb(decoded_gib: int, html: bool) -> bytes:
    """A gzip member inflating to ``decoded_gib`` GiB (zeros, or one paragraph of HTML repeated)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = io.BytesIO()
    para = "<p>新型储能规模化应用，推动能源绿色低碳转型。</p>\n".encode()
    block = (para * ((1 << 20) // len(para) + 1))[: 1 << 20] if html else bytes(1 << 20)
    if html:
        out.write(z.compress(b"<html><head><meta charset='utf-8'><title>bomb</title></head><body>"))
    for _ in range(decoded_gib << 10):
        out.write(z.compress(block))
    out.write(z.flush())
    return out.getvalue()


def record(w: WARCWriter, url: str, payload: bytes, headers: list[tuple[str, str]]) -> None:
    hh = StatusAndHeaders("200 OK", headers + [("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=hh,
                                        warc_headers_dict={"WARC-Date": "2026-03-18T01:00:00Z"}))


def make_warc(path: Path, decoded_gib: int, html: bool) -> int:
    payload = bomb(decoded_gib, html)
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=False, warc_version="WARC/1.1")   # the file is about the bomb's size
        ct = [("Content-Type", "text/html; charset=utf-8")]
        record(w, "https://www.nea.gov.cn/20260318/a1.html", PAGE.format(t="国家能源局发布储能通知").encode(), ct)
        record(w, "https://www.nea.gov.cn/20260318/bomb.html", payload, ct + [("Content-Encoding", "gzip")])
        record(w, "https://www.nea.gov.cn/20260318/a2.html", PAGE.format(t="国家能源局发布电网通知").encode(), ct)
    return len(payload)


def run(ribao: str, warc: Path, home: Path) -> tuple[float, int, int, str]:
    """(wall s, peak RSS bytes, exit code, last line of output) of one ingest."""
    t0 = time.perf_counter()
    p = subprocess.Popen([ribao, "--home", str(home), "ingest", str(warc)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    last = (out.strip().splitlines() or [""])[-1]
    return wall, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,1h,4", help="comma-separated GiB, 'h' for HTML instead of zeros")
    ap.add_argument("--ribao", default=str(Path(sys.executable).with_name("ribao")))
    ap.add_argument("--keep", type=Path, help="keep the generated WARCs in this directory (and reuse them)")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="ribao-bomb-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"ribao: {args.ribao}")
    print(f"{'bomb record':<34} {'wall':>7} {'peak RSS':>10}  rc  stored")
    for size in args.sizes.split(","):
        gib, html = int(size.rstrip("h")), size.endswith("h")
        warc = work / f"bomb-{size}.warc"
        if not warc.exists():
            make_warc(warc, gib, html)
        compressed = warc.stat().st_size   # the WARC is not compressed: this is about the bomb's payload
        with tempfile.TemporaryDirectory(prefix="ribao-bomb-home-") as home:
            wall, rss, rc, last = run(args.ribao, warc, Path(home))
            with sqlite3.connect(Path(home) / "ribao.db") as c:
                caps, arts = (c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("captures", "articles"))
                err = c.execute("SELECT error FROM extract_errors WHERE url LIKE '%bomb%'").fetchone()
        label = f"{compressed / 1e6:.1f} MB -> {gib} GiB {'HTML' if html else 'zeros'}"
        print(f"{label:<34} {wall:6.1f}s {rss / 1e6:8.0f} MB  {rc:2d}  {caps} captures, {arts} articles; "
              f"bomb: {err[0] if err else 'no error row'}")
        if rc != 0:
            print(f"    {last}")


if __name__ == "__main__":
    main()
