"""Blocks, headers and cookies: challenge and WAF answers recognised (fixtures of each kind, then
real servers on 127.0.0.1), reported as "blocked" with a reason and advice by ``sources check``,
respected (no retry, no challenge solved, host left alone); per-endpoint headers sent; cookies a
site sets kept for the run."""
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug.wrappers import Response

from ribao.capture.blocks import detect_block
from ribao.capture.config import CrawlConfig
from ribao.capture.crawler import Crawler, plan
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.cli import app
from ribao.settings import Settings
from ribao.store import Store
from ribao.store import listings
from ribao.store.schema import CaptureRow

FIX = Path(__file__).parent / "fixtures" / "crawl"
CONFIG = dict(contact="crawler-tests@example.org", delay_s=0.0, retries=2, backoff_s=0.01, read_timeout_s=3.0)
HTML = "text/html; charset=utf-8"
runner = CliRunner()


@pytest.mark.parametrize("fixture, status, vendor", [
    ("challenge_wzws.html", 200, "WZWS"),
    ("challenge_enable_js.html", 200, "enable JavaScript"),
    ("challenge_edgeone.html", 200, "EdgeOne"),
    ("challenge_ruishu_412.html", 200, "瑞数"),
    ("challenge_ruishu_412.html", 412, "瑞数"),
    ("challenge_jsl_521.html", 521, "HTTP 521"),
    ("challenge_jsl_521.html", 200, "script-only"),
    ("challenge_script_only.html", 200, "script-only"),
    ("challenge_datadome_401.html", 401, "DataDome"),
    ("challenge_aliyun.html", 200, "Alibaba Cloud"),
    ("challenge_cloudflare.html", 200, "Cloudflare"),
])
def test_each_kind_of_challenge_is_a_block_with_advice(fixture, status, vendor):
    b = detect_block(status, HTML, (FIX / fixture).read_bytes())
    assert b is not None and vendor in b.reason and b.status == status and b.advice


@pytest.mark.parametrize("fixture", ["not_a_challenge_article.html", "not_a_challenge_redirect.html",
                                     "nda_index_pc_1.html", "nea_policy_zxwj.htm"])
def test_ordinary_pages_are_not_blocks(fixture):
    assert detect_block(200, HTML, (FIX / fixture).read_bytes()) is None


def test_statuses_that_are_not_blocks():
    for status in (404, 500, 503):
        assert detect_block(status, HTML, b"<html><body>error</body></html>") is None
    assert detect_block(200, "application/json", b'{"datasource": []}') is None


def _no_challenges_in(path: Path) -> int:
    from ribao.capture.warc import iter_responses

    n = 0
    for r in iter_responses(path):
        assert detect_block(r.status, r.content_type, r.body) is None, r.url
        n += 1
    return n


def test_no_page_of_the_bundled_sample_is_taken_for_a_challenge():
    import ribao

    assert _no_challenges_in(Path(ribao.__file__).parent / "data" / "sample" / "sample.warc.gz") > 30


def test_no_page_of_the_dev_capture_is_taken_for_a_challenge(dev_corpus):
    assert _no_challenges_in(dev_corpus / "corpus.warc.gz") > 150


def _source(server: HTTPServer, *endpoints: ListEndpoint, sid: str = "test") -> Source:
    return Source(id=sid, name="测试局", publisher="测试局", tier="central_ministry", hosts=["localhost", "127.0.0.1"],
                  allow_private=True, endpoints=list(endpoints))


def _article(title: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="2026-07-15 09:00"></head><body><div class="article"><h1>{title}</h1>'
            f'<p>{title}。测试局今天发布通知，提出到2027年建成一批示范工厂，各地结合实际抓好落实。</p>'
            f'<p>通知要求加强统筹协调，确保各项任务按期完成，推动新型工业化取得新进展。</p></div></body></html>').encode()


def _list(*paths: str) -> bytes:
    lis = "".join(f'<li><a href="{p}">测试文章标题第{i}号关于新型工业化</a><span>2026-07-15</span></li>'
                  for i, p in enumerate(paths))
    return f'<html><head><meta charset="utf-8"></head><body><ul class="u-list">{lis}</ul></body></html>'.encode()


def _crawl(home: Settings, catalog: Catalog, **config):
    store = Store(home.database_url)
    try:
        return Crawler(store, home, catalog, CrawlConfig(**{**CONFIG, **config})).run(plan(catalog))
    finally:
        store.close()


@pytest.fixture()
def home(tmp_path) -> Settings:
    return Settings.load(tmp_path / "home").ensure()


def test_a_200_challenge_is_blocked_not_structure_changed_and_sources_check_says_what_to_do(httpserver, home, tmp_path):
    state = {"challenge": False}
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    httpserver.expect_request("/news/202607/t20260715_1.html").respond_with_data(_article("第一篇测试文章"), content_type=HTML)
    httpserver.expect_request("/other/").respond_with_data(_list(), content_type=HTML)

    def news(req):
        if state["challenge"]:
            return Response((FIX / "challenge_wzws.html").read_bytes(), content_type=HTML)
        return Response(_list("/news/202607/t20260715_1.html"), content_type=HTML)
    httpserver.expect_request("/news/").respond_with_handler(news)
    src = _source(httpserver, ListEndpoint(column="新闻", url=httpserver.url_for("/news/")),
                  ListEndpoint(column="其他", url=httpserver.url_for("/other/")))
    catalog_file = tmp_path / "sources.yaml"
    catalog_file.write_text(yaml.safe_dump({"sources": [src.model_dump(mode="json")]}, allow_unicode=True), encoding="utf-8")
    (home.home / "crawl.yaml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    args = ["--home", str(home.home)]

    assert runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)]).exit_code == 0
    state["challenge"] = True
    before = len(httpserver.log)
    r = runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)])
    assert r.exit_code == 0 and "blocked" in r.output
    assert [req.path for req, _ in httpserver.log[before:]] == ["/robots.txt", "/news/"]   # /other/ left alone
    r = runner.invoke(app, [*args, "sources", "check", "--sources", str(catalog_file)])
    assert r.exit_code == 1
    assert f"test blocked at {httpserver.url_for('/news/')}: HTTP 200 challenge page (WZWS WAF challenge)." in r.output
    assert "what to do: the site answers with a challenge page" in r.output
    row = next(line for line in r.output.splitlines() if line.startswith("│ test "))
    assert "blocked" in row and "structure changed?" not in r.output      # the state column
    store = Store(home.database_url)
    h = store.source_health()["test"]
    assert not h.structure_changed and h.consecutive_failures == 1 and h.list_yields[httpserver.url_for("/news/")] == 1
    with store.session() as s:    # the challenge page was archived but never indexed as the list page
        rows = s.execute(select(CaptureRow).where(CaptureRow.url == httpserver.url_for("/news/"))).scalars().all()
        assert len(rows) == 1 and rows[0].kind == "list"
    state["challenge"] = False
    assert runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)]).exit_code == 0
    with store.session() as s:
        assert listings.blocks(s) == {}
    assert runner.invoke(app, [*args, "sources", "check", "--sources", str(catalog_file)]).exit_code == 0
    store.close()


def test_a_521_cookie_gate_is_not_retried_and_no_cookie_is_computed(httpserver, home):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    httpserver.expect_request("/list/").respond_with_response(Response(
        (FIX / "challenge_jsl_521.html").read_bytes(), status=521, content_type=HTML,
        headers={"Set-Cookie": "__jsluid_s=0123abcd; Path=/"}))
    cat = Catalog(sources=[_source(httpserver, ListEndpoint(column="新闻", url=httpserver.url_for("/list/")))])
    rep = _crawl(home, cat)
    s = rep.sources[0]
    assert s.block is not None and s.block.status == 521 and not s.ok
    paths = [req.path for req, _ in httpserver.log]
    assert paths == ["/robots.txt", "/list/"]                     # a 5xx, but a block: not retried
    assert not any("__jsl_clearance" in (req.headers.get("Cookie") or "") for req, _ in httpserver.log)


def test_cookies_the_site_sets_are_kept_for_the_run_and_endpoint_headers_are_sent(httpserver, home):
    httpserver.expect_request("/robots.txt").respond_with_response(Response(
        "User-agent: *\n", headers={"Set-Cookie": "wzws_sessionid=s3ss10n; Path=/"}))
    feed = {"datasource": [{"title": "关于新型工业化的测试文章标题", "publishUrl": "/20260715/abc/c.html",
                            "publishTime": 1784082600000}]}
    httpserver.expect_request("/policy/ds_feed.json").respond_with_json(feed)
    httpserver.expect_request("/20260715/abc/c.html").respond_with_data(_article("关于新型工业化的测试文章标题"),
                                                                          content_type=HTML)
    page = httpserver.url_for("/policy/zxwj.htm")
    ep = ListEndpoint(column="最新文件", url=httpserver.url_for("/policy/ds_feed.json"), type="json",
                      fields={"items": "datasource", "title": "title", "url": "publishUrl", "time": "publishTime"},
                      headers={"Referer": page, "Accept": "application/json"})
    rep = _crawl(home, Catalog(sources=[_source(httpserver, ep)]))
    assert rep.sources[0].new == 1 and rep.sources[0].ok
    by_path = {req.path: req for req, _ in httpserver.log}
    listed, art = by_path["/policy/ds_feed.json"], by_path["/20260715/abc/c.html"]
    assert listed.headers["Referer"] == page and listed.headers["Accept"] == "application/json"
    assert "wzws_sessionid=s3ss10n" in listed.headers.get("Cookie", "") and "wzws_sessionid" in art.headers.get("Cookie", "")
    assert art.headers["Referer"] == page                          # the page a reader would have come from
    assert "ribao/" in art.headers["User-Agent"]                   # no endpoint can change who ribao says it is


def test_endpoint_headers_do_not_follow_a_redirect_to_another_host(httpserver, home):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    other = httpserver.url_for("/moved/").replace("localhost", "127.0.0.1")
    httpserver.expect_request("/list/").respond_with_response(Response("", status=302, headers={"Location": other}))
    httpserver.expect_request("/moved/").respond_with_data(_list(), content_type=HTML)
    ep = ListEndpoint(column="新闻", url=httpserver.url_for("/list/").replace("127.0.0.1", "localhost"),
                      headers={"Referer": "http://localhost/column.html"})
    _crawl(home, Catalog(sources=[_source(httpserver, ep)]))
    moved = [req for req, _ in httpserver.log if req.path == "/moved/"]
    first = [req for req, _ in httpserver.log if req.path == "/list/"]
    assert first[0].headers.get("Referer") == "http://localhost/column.html"
    assert moved and "Referer" not in moved[0].headers


def test_a_block_on_robots_txt_marks_the_source_blocked(httpserver, home):
    httpserver.expect_request("/robots.txt").respond_with_data("Forbidden", status=403)
    httpserver.expect_request("/list/").respond_with_data(_list(), content_type=HTML)
    cat = Catalog(sources=[_source(httpserver, ListEndpoint(column="新闻", url=httpserver.url_for("/list/")))])
    rep = _crawl(home, cat)
    assert rep.sources[0].block is not None and rep.sources[0].block.status == 403
    assert [req.path for req, _ in httpserver.log] == ["/robots.txt"]
