"""Whole crawls against small sites served on 127.0.0.1: list shapes, pagination, incremental
runs, conditional GET, health, parallel hosts, replay of the crawl's own WARC, and the CLI."""
import json
import time
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug.wrappers import Response

from ribao.capture.config import CrawlConfig
from ribao.capture.crawler import Crawler, plan
from ribao.capture.lists import parse_list
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.cli import app
from ribao.errors import ConfigError
from ribao.settings import Settings
from ribao.store import Store

runner = CliRunner()
CONFIG = dict(contact="crawler-tests@example.org", delay_s=0.0, retries=1, backoff_s=0.01, read_timeout_s=3.0)


def article(title: str, when: str = "2026-07-15 09:00", enc: str = "utf-8") -> bytes:
    html = (f'<html><head><meta charset="{enc}"><title>{title}</title><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="{when}"><meta name="ContentSource" content="测试局"></head><body>'
            f'<div class="article"><h1>{title}</h1><p>发布时间：{when}</p>'
            f'<p>{title}。测试局今天发布了关于推进新型工业化的通知，提出到2027年建成一批示范工厂。</p>'
            f'<p>通知要求各地结合实际抓好落实，加强统筹协调，确保各项任务按期完成。</p></div></body></html>')
    return html.encode(enc)


def list_page(items: list[tuple[str, str, str]], extra: str = "", enc: str = "utf-8") -> bytes:
    lis = "".join(f'<li><a href="{href}" title="{t}">{t}</a><span>{d}</span></li>' for href, t, d in items)
    return (f'<html><head><meta charset="{enc}"><title>列表</title></head><body><div class="nav">'
            f'<a href="/">首页</a></div><ul class="list u-list">{lis}</ul>{extra}</body></html>').encode(enc)


def art_path(n: int, day: str = "20260715") -> str:
    return f"/news/{day[:6]}/t{day}_{1000000 + n}.html"


def serve_articles(server: HTTPServer, paths: list[str]) -> None:
    for i, p in enumerate(paths):
        server.expect_request(p).respond_with_data(article(f"测试文章第{i}号关于新型工业化"),
                                                  content_type="text/html; charset=utf-8")


def source(server: HTTPServer, *endpoints: ListEndpoint, sid: str = "test") -> Source:
    return Source(id=sid, name="测试局", publisher="测试局", tier="central_ministry",
                  hosts=["localhost", "127.0.0.1"], allow_private=True, endpoints=list(endpoints))


@pytest.fixture()
def home(tmp_path) -> Settings:
    return Settings.load(tmp_path / "home").ensure()


def run(settings: Settings, catalog: Catalog, **kw):
    store = Store(settings.database_url)
    config = CrawlConfig(**{**CONFIG, **kw.pop("config", {})})
    try:
        return Crawler(store, settings, catalog, config, **kw).run(plan(catalog)), store
    finally:
        store.close()


def requested(server: HTTPServer) -> list[str]:
    return [r.path for r, _ in server.log]


@pytest.fixture()
def site(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /search/\n")
    return httpserver


def test_create_page_html_pagination_and_incremental_runs(site, home):
    paths = [art_path(i) for i in range(6)]
    serve_articles(site, paths)
    pages = ["/news/", "/news/index_1.html", "/news/index_2.html"]
    for n, p in enumerate(pages):
        items = [(paths[2 * n], f"第{2 * n}号文章标题", "2026-07-15"), (site.url_for(paths[2 * n + 1]),
                                                                    f"第{2 * n + 1}号文章标题", "2026-07-15")]
        script = f'<script>createPageHTML(3, {n}, "index", "html");</script>'
        site.expect_request(p).respond_with_data(list_page(items, script), content_type="text/html; charset=utf-8")
    cat = Catalog(sources=[source(site, ListEndpoint(column="新闻", url=site.url_for("/news/")))])
    rep, _ = run(home, cat)
    s = rep.sources[0]
    assert (s.fetched, s.new, s.errors) == (9, 6, 0) and rep.articles == 6
    rep2, _ = run(home, cat)
    s2 = rep2.sources[0]
    assert (s2.fetched, s2.new) == (1, 0)      # the first list page only: it holds nothing new
    log = requested(site)
    assert all(log.count(p) == 1 for p in paths) and log.count("/news/") == 2 and log.count("/news/index_1.html") == 1


def test_next_link_pagination(site, home):
    paths = [art_path(i) for i in range(4)]
    serve_articles(site, paths)
    site.expect_request("/news/").respond_with_data(list_page(
        [(paths[0], "第一篇文章标题", "2026-07-15"), (paths[1], "第二篇文章标题", "2026-07-15")],
        '<div class="page"><a href="list_2.html">下一页</a></div>'))
    site.expect_request("/news/list_2.html").respond_with_data(list_page(
        [(paths[2], "第三篇文章标题", "2026-07-14"), (paths[3], "第四篇文章标题", "2026-07-14")]))
    cat = Catalog(sources=[source(site, ListEndpoint(column="新闻", url=site.url_for("/news/")))])
    rep, _ = run(home, cat)
    assert rep.sources[0].new == 4 and "/news/list_2.html" in requested(site)


def test_pagination_stops_at_a_page_of_out_of_window_items(site, home):
    from datetime import date

    paths = [art_path(i, "20260715") for i in range(2)] + [art_path(i, "20260701") for i in range(2, 5)]
    serve_articles(site, paths)
    site.expect_request("/news/").respond_with_data(list_page(
        [(paths[0], "新文章一号标题", "2026-07-15"), (paths[1], "新文章二号标题", "2026-07-15")]))
    site.expect_request("/news/index_1.html").respond_with_data(list_page(
        [(paths[2], "旧文章一号标题", "2026-07-01"), (paths[3], "旧文章二号标题", "2026-07-01")]))
    site.expect_request("/news/index_2.html").respond_with_data(list_page([(paths[4], "旧文章三号标题", "2026-07-01")]))
    ep = ListEndpoint(column="新闻", url=site.url_for("/news/"), pagination="index")
    rep, _ = run(home, Catalog(sources=[source(site, ep)]), since=date(2026, 7, 10))
    log = requested(site)
    assert rep.sources[0].new == 2 and "/news/index_1.html" in log and "/news/index_2.html" not in log
    assert not any(p in log for p in paths[2:])


def test_json_feed(site, home):
    paths = [art_path(i) for i in range(3)]
    serve_articles(site, paths)
    feed = {"datasource": [{"title": f'<a href="{p}">标题{i}号测试新闻</a>', "publishUrl": p,
                            "publishTime": "2026-07-15 10:00:00", "sourceText": "测试局"} for i, p in enumerate(paths)]}
    site.expect_request("/news/ds_0123abcd.json").respond_with_json(feed)
    ep = ListEndpoint(column="新闻", url=site.url_for("/news/ds_0123abcd.json"), type="json",
                      fields={"items": "datasource", "title": "title", "url": "publishUrl", "time": "publishTime"})
    cat = Catalog(sources=[source(site, ep)])
    page = parse_list(json.dumps(feed).encode(), "application/json", ep.url, ep, cat.sources[0], cat)
    assert [i.title for i in page.items] == ["标题0号测试新闻", "标题1号测试新闻", "标题2号测试新闻"]
    assert page.items[0].published.isoformat() == "2026-07-15T10:00:00+08:00"
    rep, _ = run(home, cat)
    assert rep.sources[0].new == 3 and rep.sources[0].errors == 0


def test_rss_feed(site, home):
    paths = [art_path(i) for i in range(2)]
    serve_articles(site, paths)
    items = "".join(f"<item><title>订阅条目{i}号</title><link>{site.url_for(p)}</link>"
                    f"<pubDate>Wed, 15 Jul 2026 0{i}:00:00 +0800</pubDate></item>" for i, p in enumerate(paths))
    site.expect_request("/rss.xml").respond_with_data(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        content_type="application/rss+xml")
    rep, _ = run(home, Catalog(sources=[source(site, ListEndpoint(column="订阅", url=site.url_for("/rss.xml"),
                                                                  type="rss"))]))
    assert rep.sources[0].new == 2


def test_gbk_list_page(site, home):
    paths = [art_path(i) for i in range(2)]
    for i, p in enumerate(paths):
        site.expect_request(p).respond_with_data(article(f"安徽省数据资源局通知第{i}号", enc="gbk"),
                                                content_type="text/html; charset=GBK")
    body = list_page([(paths[0], "关于开展数据要素试点的通知", "2026-07-15"),
                      (paths[1], "省数据资源局召开专题会议", "2026-07-14")], enc="gbk")
    site.expect_request("/xwzx/").respond_with_data(body, content_type="text/html; charset=gbk")
    ep = ListEndpoint(column="工作动态", url=site.url_for("/xwzx/"))
    cat = Catalog(sources=[source(site, ep)])
    page = parse_list(body, "text/html", ep.url, ep, cat.sources[0], cat)      # meta charset only
    assert [i.title for i in page.items] == ["关于开展数据要素试点的通知", "省数据资源局召开专题会议"]
    assert [i.published.date().isoformat() for i in page.items] == ["2026-07-15", "2026-07-14"]
    rep, store = run(home, cat)
    assert rep.sources[0].new == 2 and rep.articles == 2


def test_jcms_cdata_record_set(site, home):
    body = ('<html><head><meta charset="utf-8"></head><body><div id="4892867"><script type="text/xml">'
            '<datastore><recordset><record><![CDATA[<li><a href="/art/2026/7/15/art_284_1001.html" '
            'title="江苏省发展改革委关于印发方案的通知">江苏省发展改革委关于印发方案的通知</a><span>2026-07-15</span></li>]]>'
            '</record></recordset></datastore></script></div></body></html>').encode()
    ep = ListEndpoint(column="通知公告", url=site.url_for("/col/col284/index.html"), pagination="none")
    cat = Catalog(sources=[source(site, ep)])
    page = parse_list(body, "text/html; charset=utf-8", ep.url, ep, cat.sources[0], cat)
    assert [(i.url.rsplit("/", 1)[1], i.title) for i in page.items] == [("art_284_1001.html", "江苏省发展改革委关于印发方案的通知")]


def test_conditional_get_and_resume_after_an_interrupted_run(site, home):
    paths = [art_path(i) for i in range(2)]
    serve_articles(site, paths)
    body = list_page([(paths[0], "第一篇文章标题", "2026-07-15"), (paths[1], "第二篇文章标题", "2026-07-15")])

    def news(req):
        if req.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(body, headers={"ETag": '"v1"', "Content-Type": "text/html; charset=utf-8"})
    site.expect_request("/news/").respond_with_handler(news)
    cat = Catalog(sources=[source(site, ListEndpoint(column="新闻", url=site.url_for("/news/")))])
    first, _ = run(home, cat, lists_only=True)           # as if the run had stopped after the list page
    assert first.sources[0].new == 0 and not any(p in requested(site) for p in paths)
    rep, _ = run(home, cat)
    s = rep.sources[0]
    assert s.not_modified == 1 and s.new == 2             # the 304'd list's archived copy still yields its items
    assert site.log[-3][0].headers.get("If-None-Match") == '"v1"'
    rep3, _ = run(home, cat)
    assert rep3.sources[0].not_modified == 1 and rep3.sources[0].fetched == 1 and rep3.sources[0].new == 0


def test_health_failures_and_structure_changed(site, home, tmp_path):
    paths = [art_path(0)]
    serve_articles(site, paths)
    state = {"mode": "ok"}

    def news(req):
        if state["mode"] == "ok":
            return Response(list_page([(paths[0], "第一篇文章标题", "2026-07-15")]), content_type="text/html")
        if state["mode"] == "empty":
            return Response(list_page([]), content_type="text/html")
        return Response("oops", status=500)
    site.expect_request("/news/").respond_with_handler(news)
    src = source(site, ListEndpoint(column="新闻", url=site.url_for("/news/")))
    catalog_file = tmp_path / "sources.yaml"
    catalog_file.write_text(yaml.safe_dump({"sources": [src.model_dump()]}, allow_unicode=True), encoding="utf-8")
    (home.home / "crawl.yaml").write_text(yaml.safe_dump({**CONFIG, "retries": 0}), encoding="utf-8")
    args = ["--home", str(home.home)]

    r = runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)])
    assert r.exit_code == 0, r.output
    assert "test" in r.output and "fetched" in r.output and "not modified" in r.output
    r = runner.invoke(app, [*args, "sources", "check", "--sources", str(catalog_file)])
    assert r.exit_code == 0 and "never" not in r.output
    state["mode"] = "empty"
    runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)])
    r = runner.invoke(app, [*args, "sources", "check", "--sources", str(catalog_file)])
    assert r.exit_code == 1 and "yes" in r.output
    state["mode"] = "down"
    for _ in range(2):
        runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)])
    store = Store(home.database_url)
    h = store.source_health()["test"]
    assert h.consecutive_failures == 2 and "HTTP 500" in h.last_error and h.last_success is not None
    state["mode"] = "ok"
    runner.invoke(app, [*args, "crawl", "--sources", str(catalog_file)])
    h = store.source_health()["test"]
    assert h.consecutive_failures == 0 and not h.structure_changed
    store.close()


def test_network_crawl_needs_a_contact(home, tmp_path):
    r = runner.invoke(app, ["--home", str(home.home), "crawl", "--source", "ndrc"])
    assert r.exit_code == 2 and "contact" in r.output


def test_sources_list_shows_the_catalog():
    r = runner.invoke(app, ["sources", "list"])
    assert r.exit_code == 0
    for sid in ("ndrc", "nea", "nda", "miit", "govcn", "mee", "stats", "xinhua", "people", "cnenergy", "reuters"):
        assert sid in r.output
    reuters = next(line for line in r.output.splitlines() if "reuters" in line)
    assert "│ no " in reuters


def test_hosts_are_crawled_in_parallel_one_request_at_a_time_each(home):
    delay, servers, seen = 0.3, [], {}
    try:
        for h in range(3):
            s = HTTPServer(host="127.0.0.1", port=0)
            s.start()
            servers.append(s)
            stamps = seen.setdefault(h, [])
            s.expect_request("/robots.txt").respond_with_handler(
                lambda req, st=stamps: (st.append(time.perf_counter()), Response("User-agent: *\n"))[1])
            paths = [art_path(i) for i in range(3)]
            s.expect_request("/news/").respond_with_handler(
                lambda req, st=stamps, ps=paths: (st.append(time.perf_counter()),
                                                  Response(list_page([(p, f"第{i}篇测试文章", "2026-07-15")
                                                                      for i, p in enumerate(ps)])))[1])
            for p in paths:
                s.expect_request(p).respond_with_handler(
                    lambda req, st=stamps: (st.append(time.perf_counter()),
                                               Response(article("并行抓取测试文章"), content_type="text/html"))[1])
        cat = Catalog(sources=[source(s, ListEndpoint(column="新闻", url=s.url_for("/news/")), sid=f"host{i}")
                               for i, s in enumerate(servers)])
        t0 = time.perf_counter()
        rep, _ = run(home, cat, config={"delay_s": delay})
        took = time.perf_counter() - t0
    finally:
        for s in servers:
            s.clear()
            s.stop()
    assert sum(s.new for s in rep.sources) == 9
    for stamps in seen.values():       # 5 requests per host (robots, list, 3 articles), ≥ delay apart
        assert len(stamps) == 5 and min(b - a for a, b in zip(stamps, stamps[1:])) >= delay * 0.95
    assert took < 3 * 4 * delay        # serial would take 12 gaps; parallel hosts take about 4


def test_replaying_the_crawls_own_warc_reproduces_it_offline(site, home, tmp_path):
    paths = [art_path(i) for i in range(3)]
    serve_articles(site, paths)
    site.expect_request("/news/").respond_with_data(list_page([(p, f"第{i}篇文章的标题", "2026-07-15")
                                                               for i, p in enumerate(paths)]))
    cat = Catalog(sources=[source(site, ListEndpoint(column="新闻", url=site.url_for("/news/")))])
    rep, store = run(home, cat)
    assert rep.articles == 3
    hits = len(site.log)
    other = Settings.load(tmp_path / "other").ensure()
    rep2, store2 = run(other, cat, replay=rep.warc_files, config={"contact": ""})
    assert len(site.log) == hits and rep2.articles == 3 and rep2.sources[0].errors == 0
    a = Store(home.database_url).articles()
    b = Store(other.database_url).articles()
    assert [(x.article.url, x.fetched_at, x.article.title) for x in a] == \
           [(x.article.url, x.fetched_at, x.article.title) for x in b]
    assert all(Path(f).parent == other.warc_dir / "crawl" for f in rep2.warc_files)


def test_catalog_entries_are_marked_unverified_and_complete(tmp_path):
    from ribao.catalog import load_catalog, load_sources_file

    cat = load_catalog()
    ids = {s.id for s in cat.sources}
    assert {"ndrc", "nea", "nda", "miit", "govcn", "mee", "stats", "xinhua", "people", "cnenergy", "reuters"} <= ids
    assert sum(s.tier == "provincial_government" for s in cat.sources) >= 3
    assert all(s.verified_on is None for s in cat.sources)
    reuters = cat.by_id("reuters")
    assert not reuters.enabled and "licensed feed" in reuters.note
    feeds = [e for s in cat.sources for e in s.endpoints if e.type == "json"]
    assert feeds and all(e.fields.url and e.fields.title for e in feeds)
    assert cat.by_id("xinhua").column_for("https://www.news.cn/politics/20260714/abc/c.html") == "时政"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"nope": 1}]', encoding="utf-8")
    with pytest.raises(ConfigError, match="entry 0"):
        load_sources_file(bad)
