"""The crawler's transport rules against real HTTP servers on 127.0.0.1 (pytest-httpserver).

Each test builds a ``Fetcher`` the way the crawler does (archive + record callback) with tiny
delays, and checks what reached the server as well as what came back.
"""
import asyncio
import gzip
import os
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ribao.capture.archive import WarcArchive
from ribao.capture.config import CrawlConfig
from ribao.capture.fetch import Fetcher, is_public
from ribao.capture.warc import iter_responses, read_record

CONTACT = "crawler-tests@example.org"


def _config(**kw) -> CrawlConfig:
    base = dict(contact=CONTACT, delay_s=0.0, retries=2, backoff_s=0.01, connect_timeout_s=2.0,
                read_timeout_s=2.0, total_timeout_s=10.0, allow_private=True)
    base.update(kw)
    return CrawlConfig(**base)


def _fetch(tmp_path, url, config=None, *, calls=None, private_hosts=(), **kw):
    """Run one or more GETs through a fresh Fetcher; returns (results, recorded captures, archive)."""
    config = config or _config()
    recorded = []
    archive = WarcArchive(tmp_path / "warc", max_bytes=config.warc_max_bytes)

    def record(resp):
        recorded.append(resp)
        return "article"

    async def go():
        f = Fetcher(config, archive, record, private_hosts=private_hosts)
        try:
            urls = calls or [url]
            return [await f.get(u, **kw) for u in urls]
        finally:
            await f.aclose()

    with archive:
        out = asyncio.run(go())
    return out, recorded, archive


def _paths(server: HTTPServer) -> list[str]:
    return [req.path for req, _ in server.log]


@pytest.fixture()
def site(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n",
                                                              content_type="text/plain")
    return httpserver


def test_archives_every_response_and_sends_an_honest_agent(site, tmp_path):
    site.expect_request("/a.html").respond_with_data("<html><body>你好</body></html>",
                                                     content_type="text/html; charset=utf-8")
    (got,), recorded, archive = _fetch(tmp_path, site.url_for("/a.html"))
    assert got.ok and "你好" in got.body.decode()
    assert [r.url.rsplit("/", 1)[1] for r in recorded] == ["robots.txt", "a.html"]
    agent = site.log[-1][0].headers["User-Agent"]
    assert CONTACT in agent and agent.startswith("ribao/")
    again = read_record(recorded[-1].warc_file, recorded[-1].offset)
    assert again.body == got.body and again.url == got.url and again.status == 200
    assert len(list(iter_responses(archive.files[0]))) == 2


def test_robots_disallow_is_obeyed(site, tmp_path):
    site.expect_request("/private/x.html").respond_with_data("secret")
    (got,), _, _ = _fetch(tmp_path, site.url_for("/private/x.html"))
    assert not got.ok and "robots.txt" in got.error
    assert _paths(site) == ["/robots.txt"]


def test_robots_crawl_delay_spaces_requests(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 0.4\n")
    httpserver.expect_request("/p").respond_with_data("ok")
    t0 = time.perf_counter()
    got, _, _ = _fetch(tmp_path, None, calls=[httpserver.url_for("/p")] * 3)
    assert all(g.ok for g in got)
    assert time.perf_counter() - t0 >= 0.8     # robots, then three pages 0.4 s apart


def test_5xx_is_retried_with_backoff(site, tmp_path):
    answers = iter([503, 502, 200])
    site.expect_request("/flaky").respond_with_handler(lambda req: Response("x", status=next(answers)))
    (got,), recorded, _ = _fetch(tmp_path, site.url_for("/flaky"))
    assert got.ok and _paths(site).count("/flaky") == 3
    assert [r.status for r in recorded[1:]] == [503, 502, 200]     # every attempt archived


def test_5xx_gives_up_after_the_retries(site, tmp_path):
    site.expect_request("/down").respond_with_data("no", status=500)
    (got,), _, _ = _fetch(tmp_path, site.url_for("/down"), _config(retries=1))
    assert not got.ok and got.error == "HTTP 500" and _paths(site).count("/down") == 2


@pytest.mark.parametrize("status", [403, 412])
def test_waf_answers_are_not_retried_and_the_host_is_left_alone(site, tmp_path, status):
    site.expect_request("/guarded").respond_with_data("blocked", status=status)
    site.expect_request("/other").respond_with_data("fine")
    got, _, _ = _fetch(tmp_path, None, calls=[site.url_for("/guarded"), site.url_for("/other")])
    assert f"HTTP {status}" in got[0].error and "left alone" in got[1].error
    assert _paths(site) == ["/robots.txt", "/guarded"]


def test_read_timeout_is_retried_then_reported(tmp_path):
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)   # the slow answers must not queue
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        seen = []

        def slow(req):
            seen.append(time.perf_counter())
            time.sleep(1.0)
            return Response("late")
        server.expect_request("/slow").respond_with_handler(slow)
        (got,), recorded, _ = _fetch(tmp_path, server.url_for("/slow"), _config(read_timeout_s=0.3, retries=1))
        assert got.error == "timeout" and len(seen) == 2 and len(recorded) == 1   # only robots.txt answered
    finally:
        server.clear()
        server.stop()


def test_oversized_body_is_refused_and_not_archived(site, tmp_path):
    site.expect_request("/big").respond_with_data(b"x" * 50_000)
    site.expect_request("/big-chunked").respond_with_response(Response(iter([b"y" * 10_000] * 5)))
    got, recorded, _ = _fetch(tmp_path, None, _config(max_body_bytes=20_000),
                              calls=[site.url_for("/big"), site.url_for("/big-chunked")])
    assert all("refused body" in g.error and not g.body for g in got)
    assert [r.url.rsplit("/", 1)[1] for r in recorded] == ["robots.txt"]


def test_gzip_bomb_is_refused(site, tmp_path):
    bomb = gzip.compress(b"\0" * 30_000_000, compresslevel=9)
    site.expect_request("/bomb").respond_with_response(
        Response(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    (got,), recorded, _ = _fetch(tmp_path, site.url_for("/bomb"), _config(max_body_bytes=50_000_000))
    assert "decompression bomb" in got.error and len(recorded) == 1


def test_gzip_body_is_decoded_and_archived_as_received(site, tmp_path):
    page = "<html><body>压缩的页面</body></html>".encode()
    site.expect_request("/gz").respond_with_response(
        Response(gzip.compress(page), headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    (got,), recorded, _ = _fetch(tmp_path, site.url_for("/gz"))
    assert got.body == page
    assert read_record(recorded[-1].warc_file, recorded[-1].offset).body == page   # warcio decodes it again


def test_redirect_loop_is_cut(site, tmp_path):
    site.expect_request("/a").respond_with_response(Response("", status=302, headers={"Location": "/b"}))
    site.expect_request("/b").respond_with_response(Response("", status=301, headers={"Location": "/a"}))
    (got,), _, _ = _fetch(tmp_path, site.url_for("/a"), _config(max_redirects=3))
    assert "more than 3 redirects" in got.error and len(_paths(site)) == 1 + 4


def test_redirects_are_followed_and_checked_against_robots(site, tmp_path):
    site.expect_request("/moved").respond_with_response(Response("", status=301, headers={"Location": "/new"}))
    site.expect_request("/new").respond_with_data("here")
    site.expect_request("/sneaky").respond_with_response(
        Response("", status=302, headers={"Location": "/private/y"}))
    got, _, _ = _fetch(tmp_path, None, calls=[site.url_for("/moved"), site.url_for("/sneaky")])
    assert got[0].ok and got[0].final_url.endswith("/new") and got[0].body == b"here"
    assert "robots.txt" in got[1].error and "/private/y" not in _paths(site)


def test_only_http_and_https(tmp_path):
    got, _, _ = _fetch(tmp_path, None, calls=["ftp://127.0.0.1/x", "file:///etc/passwd"])
    assert all("not an http(s) URL" in g.error for g in got)


def test_private_addresses_are_refused_unless_allowed(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/inside").respond_with_data("internal")
    for host in ("127.0.0.1", "localhost"):
        url = httpserver.url_for("/inside").replace("localhost", host).replace("127.0.0.1", host)
        (got,), recorded, _ = _fetch(tmp_path, url, _config(allow_private=False))
        assert "non-public address" in got.error and not recorded
    assert httpserver.log == []
    (got,), _, _ = _fetch(tmp_path, httpserver.url_for("/inside"), _config(allow_private=False),
                          private_hosts=["localhost"])
    assert got.ok


def test_public_address_rule():
    assert is_public("8.8.8.8") and is_public("2001:4860:4860::8888")
    for ip in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
               "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"):
        assert not is_public(ip), ip


def test_warc_rotates_by_size(site, tmp_path):
    site.expect_request("/p").respond_with_data(os.urandom(3000))
    got, recorded, archive = _fetch(tmp_path, None, _config(warc_max_bytes=2000),
                                    calls=[site.url_for("/p")] * 3)
    assert all(g.ok for g in got) and len(archive.files) >= 3
    for r in recorded:
        assert read_record(r.warc_file, r.offset).url == r.url


def test_tls_certificates_are_verified(tmp_path):
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = HTTPServer(host="localhost", port=0, ssl_context=ctx)
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        server.expect_request("/x").respond_with_data("self-signed")
        (got,), recorded, _ = _fetch(tmp_path, server.url_for("/x"))
        assert got.error.startswith("disallowed by robots.txt (robots.txt unavailable: TLS failed")
        assert not recorded and server.log == []
    finally:
        server.clear()
        server.stop()
