"""Bad WARC input (fault probe §1, defects 4 and 6, smaller defects): whatever a file holds, the
good records are stored, what could not be read is reported with where it stopped, the files
after it are ingested, and bodies are decoded under the size and ratio limits."""
import gzip
import sqlite3
from contextlib import closing
import tracemalloc
from pathlib import Path

import pytest
from conftest import Page, article_html, assert_clean, gzip_bomb, record_bytes, ribao, sample_pages, write_warc

from ribao.capture.bodies import BodyLimits
from ribao.capture.warc import WarcReader, read_record
from ribao.ingest import ingest_warc
from ribao.settings import Settings
from ribao.store.home import open_store

NDRC = "https://www.ndrc.gov.cn/xwdt/xwfb/202603/t20260318_{}.html"


def _ingest(home: Path, *files: Path, limits: BodyLimits | None = None):
    settings = Settings.load(home)
    store = open_store(settings)
    try:
        return [ingest_warc(store, settings, f, limits=limits) for f in files]
    finally:
        store.close()


def _counts(home: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(home / "ribao.db")) as c, c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("captures", "articles", "extract_errors"))


def _articles(n: int) -> list[Page]:
    """``n`` article pages of the bundled sample (real extractable pages)."""
    from ribao.catalog import load_catalog
    from ribao.capture.warc import page_kind

    cat = load_catalog()
    pages = [p for p in sample_pages() if page_kind(p.url, "text/html", cat) == "article"]
    assert len(pages) >= n
    return pages[:n]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_good_records_then_junk_are_kept_and_the_next_file_is_ingested(tmp_path, gz):
    good = b"".join(record_bytes(p, gz=gz) for p in _articles(5))
    junk = b"THIS IS NOT A WARC RECORD\r\n" * 20
    if gz:
        junk = gzip.compress(junk)
    bad = tmp_path / ("good-then-garbage.warc" + (".gz" if gz else ""))
    bad.write_bytes(good + junk)
    nxt = write_warc(tmp_path / "next.warc", [Page(NDRC.format(1), article_html("国家发展改革委发布测试通知"))])
    home = tmp_path / "home"
    run = ribao("--home", home, "ingest", bad, nxt)
    assert_clean(run, 1)
    assert f"read 5 records, then stopped at byte {len(good)}:" in run.err
    assert "6 records, 6 new captures, 6 articles" in run.err
    assert _counts(home) == (6, 6, 0)
    again = ribao("--home", home, "ingest", bad, nxt)   # nothing new, the same report
    assert_clean(again, 1)
    assert "0 new captures" in again.err and _counts(home) == (6, 6, 0)


def test_a_truncated_warc_gz_is_reported_and_heals_when_the_whole_file_comes(tmp_path):
    from ribao.pipeline import bundled_sample

    whole = bundled_sample().warc.read_bytes()
    half = tmp_path / "sample.warc.gz"
    half.write_bytes(whole[: len(whole) // 2])
    home = tmp_path / "home"
    [rep] = _ingest(home, half)
    # the sample starts with a warcinfo record: the file held one record more than responses
    assert rep.stopped.startswith(f"read {rep.records + 1} records, then stopped at byte ")
    assert "cut short" in rep.stopped or "gzip" in rep.stopped
    assert 0 < rep.records < 71 and _counts(home)[0] == rep.records   # every whole record before the cut
    tail = tmp_path / "tail-cut.warc.gz"
    tail.write_bytes(whole[:-7])   # only the last member's trailer is missing: content whole, file not
    [rep] = _ingest(home, tail)
    assert rep.records == 71 and "gzip member" in rep.stopped
    [rep] = _ingest(home, bundled_sample().warc)
    assert not rep.stopped and _counts(home)[:2] == (71, 35)


BAD_RECORDS = {
    # name: (record bytes, what the report says)
    "bad-status": (Page(NDRC.format(2), b"<html></html>", status="abc OK"), "bad HTTP status line"),
    "huge-status": (Page(NDRC.format(3), b"<html></html>", status="99999999999999999999 OK"), "bad HTTP status line"),
    "bad-date": (Page(NDRC.format(4), article_html("日期错误的页面"), date="yesterday"), "bad WARC-Date"),
}


@pytest.mark.parametrize("name", sorted(BAD_RECORDS))
def test_a_record_with_an_unusable_field_is_skipped_and_the_rest_stored(tmp_path, name):
    page, said = BAD_RECORDS[name]
    before, after = _articles(2)
    f = write_warc(tmp_path / f"{name}.warc", [before, page, after])
    [rep] = _ingest(tmp_path / "home", f)
    assert [p.message for p in rep.skipped] and said in rep.skipped[0].message
    assert not rep.stopped and rep.new_captures == 2 and rep.articles == 2


def _no_target_uri(tmp_path: Path) -> bytes:
    raw = record_bytes(Page(NDRC.format(5), article_html("没有目标地址")), gz=False)
    return raw.replace(f"WARC-Target-URI: {NDRC.format(5)}\r\n".encode(), b"")


STOPPING = {
    "notwarc": lambda t: b"# ribao (\xe6\x97\xa5\xe6\x8a\xa5)\n\nnot a warc file\n",
    "random": lambda t: bytes((i * 7919 + 13) % 251 for i in range(100_000)),
    "gzip-of-text": lambda t: gzip.compress(b"hello world\n" * 100),
    "zero": lambda t: b"",
    "no-target": _no_target_uri,
    "content-length-lie": lambda t: record_bytes(Page(NDRC.format(6), article_html(
        "长度不符", paragraphs=["正文段落。" * 100] * 4)), gz=False)[:-3000],
}


@pytest.mark.parametrize("name", sorted(STOPPING))
def test_a_file_that_cannot_be_read_on_is_reported_with_the_records_before_it(tmp_path, name):
    good = b"".join(record_bytes(p, gz=False) for p in _articles(2))
    tail = STOPPING[name](tmp_path)
    f = tmp_path / f"{name}.warc"
    f.write_bytes(good + tail if name != "zero" else b"")
    [rep] = _ingest(tmp_path / "home", f)
    n = 0 if name == "zero" else 2
    assert rep.new_captures == rep.articles == n
    assert rep.stopped.startswith(f"read {n} records, then stopped at byte {0 if name == 'zero' else len(good)}")


def test_an_unknown_or_broken_content_encoding_is_an_error_row_not_a_crash(tmp_path):
    pages = [Page(NDRC.format(7), b"\x00\x01 not brotli at all", headers=(("Content-Type", "text/html"),
                                                                          ("Content-Encoding", "br"))),
             Page(NDRC.format(8), b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 20, headers=(("Content-Type", "text/html"),
                                                                      ("Content-Encoding", "gzip"))),
             *_articles(1)]
    [rep] = _ingest(tmp_path / "home", write_warc(tmp_path / "ce.warc", pages))
    assert rep.new_captures == 3 and rep.articles == 1
    reasons = sorted(e.reason for e in rep.errors)
    assert reasons == ["refused body: corrupt compressed body", "refused body: unsupported Content-Encoding 'br'"]


def _bomb_warc(tmp_path: Path, decoded: int, *, gz_file: bool = True) -> Path:
    bomb = Page(NDRC.format(9), gzip_bomb(decoded), headers=(("Content-Type", "text/html; charset=utf-8"),
                                                             ("Content-Encoding", "gzip")))
    before, after = _articles(2)
    return write_warc(tmp_path / "bomb.warc.gz", [before, bomb, after], gz=gz_file)


def test_a_gzip_bomb_record_is_refused_within_the_limit_and_its_neighbours_stored(tmp_path):
    f = _bomb_warc(tmp_path, 96 << 20)
    limits = BodyLimits(max_bytes=4 << 20, max_ratio=200)
    tracemalloc.start()
    try:
        [rep] = _ingest(tmp_path / "home", f, limits=limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 << 20, f"ingest held {peak >> 20} MiB for a 96 MiB bomb under a 4 MiB limit"
    assert rep.new_captures == 3 and rep.articles == 2
    [err] = rep.errors
    assert err.url == NDRC.format(9) and err.reason.startswith("refused body: ")
    # the same guard on every other path that decodes an archived body
    with closing(sqlite3.connect(tmp_path / "home" / "ribao.db")) as c, c:
        warc_file, offset = c.execute("SELECT warc_file, warc_offset FROM captures WHERE url = ?",
                                      (NDRC.format(9),)).fetchone()
    again = read_record(warc_file, offset, limits)
    assert again.refused and again.body == b""
    bodies = [r for r in WarcReader(f, limits) if r.url == NDRC.format(9)]
    assert bodies[0].refused and bodies[0].body == b""


def test_extract_warc_refuses_a_bomb_within_the_default_limit(tmp_path):
    f = _bomb_warc(tmp_path, 64 << 20)   # over the default 20 MiB cap
    run = ribao("extract", "--warc", f, "--jsonl")
    assert_clean(run, 0)
    assert len(run.out.splitlines()) == 2   # the two real articles; the bomb is not inflated


def test_a_refused_body_has_a_stable_identity_so_reingesting_adds_nothing(tmp_path):
    f = _bomb_warc(tmp_path, 32 << 20)
    limits = BodyLimits(max_bytes=1 << 20, max_ratio=200)
    _ingest(tmp_path / "home", f, limits=limits)
    [rep] = _ingest(tmp_path / "home", f, limits=limits)
    assert rep.records == 3 and rep.new_captures == 0


def test_chunked_bodies_are_decoded_piecewise(tmp_path):
    html = article_html("分块传输的页面")
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(html[i:i + 100]), html[i:i + 100]) for i in range(0, len(html), 100))
    page = Page(NDRC.format(10), chunked + b"0\r\n\r\n", headers=(("Content-Type", "text/html; charset=utf-8"),
                                                                  ("Transfer-Encoding", "chunked")))
    [resp] = list(WarcReader(write_warc(tmp_path / "chunked.warc", [page])))
    assert resp.body == html


def test_a_file_with_no_readable_record_is_not_kept_in_the_archive(tmp_path):
    f = tmp_path / "README.warc"
    f.write_text("# not a WARC file\n", encoding="utf-8")
    [rep] = _ingest(tmp_path / "home", f)
    assert rep.stopped == "read 0 records, then stopped at byte 0: not a WARC record (arc format)"
    assert list((tmp_path / "home" / "warc" / "imported").iterdir()) == []


def test_headers_keep_what_a_warc_holds_and_take_the_fetchers_type():
    import httpx

    from ribao.capture.bodies import Headers

    odd = Headers.of([("Content-Disposition", "attachment; filename=通知.pdf"), ("X-Bin", "\x00\xff")])
    assert odd.get("content-disposition") == "attachment; filename=通知.pdf" and odd.get("x-bin") == "\x00\xff"
    live = Headers.of(httpx.Headers([("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]))
    assert [tuple(h) for h in live] == [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]


def test_odd_records_of_the_probe_are_read_or_skipped_never_fatal(tmp_path):
    """A response block of random bytes (skipped), a chunked body with a bad chunk header (kept as
    sent), NUL and 0xFF bytes in HTTP headers (stored), and the page after them."""
    import random

    blk = random.Random(1).randbytes(5000)
    garbage = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {NDRC.format(11)}\r\n"
               f"WARC-Date: 2026-03-18T01:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
               f"Content-Length: {len(blk)}\r\n\r\n").encode() + blk + b"\r\n\r\n"
    html = article_html("分块长度错误的页面")
    pages = [garbage,
             Page(NDRC.format(12), b"zz\r\n" + html, headers=(("Content-Type", "text/html; charset=utf-8"),
                                                               ("Transfer-Encoding", "chunked"))),
             Page(NDRC.format(13), article_html("头部含二进制的页面"),
                  headers=(("Content-Type", "text/html; charset=utf-8"), ("X-Bin", "\x00\x01\xfe"))),
             *_articles(1)]
    [rep] = _ingest(tmp_path / "home", write_warc(tmp_path / "odd.warc", pages))
    assert [p.offset for p in rep.skipped] == [0] and "bad HTTP status line" in rep.skipped[0].message
    assert not rep.stopped and rep.new_captures == 3 and rep.articles == 3
