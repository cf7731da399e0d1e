"""Column from provenance and feed discovery, on an NEA-shaped site served on 127.0.0.1: articles
live at /YYYYMMDD/<hex>/c.html outside every list folder, so only the list that showed an article
names its column; a republished column (its ds_<id>.json gone) is found again on its page."""
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ribao.capture.config import CrawlConfig
from ribao.capture.crawler import Crawler, plan
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.cli import app
from ribao.settings import Settings
from ribao.store import Store
from ribao.store import listings

FIX = Path(__file__).parent / "fixtures" / "crawl"
CONFIG = dict(contact="crawler-tests@example.org", delay_s=0.0, retries=0, read_timeout_s=3.0)
OLD, NEW = "0" * 32, "40d365c13659452aa06cdb7268d6192e"     # the fixture column page names NEW
FIELDS = {"items": "datasource", "title": "title", "url": "publishUrl", "time": "publishTime",
          "skip": {"contentType": ["Link"]}}
runner = CliRunner()


def _article(title: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="2026-07-14 16:30"></head><body><div id="detailContent"><h1>{title}</h1>'
            f'<p>{title}。国家能源局今天发布通知，提出到2027年新型储能装机规模达到一亿八千万千瓦以上。</p>'
            f'<p>通知要求各地加强统筹协调，确保各项任务按期完成，推动能源绿色低碳转型。</p></div></body></html>').encode()


def _feed(*paths: str) -> dict:
    return {"datasource": [{"title": f"国家能源局测试文章第{i}号的标题", "publishUrl": p, "publishTime": "2026-07-14 16:30:00",
                            "contentType": "Normal"} for i, p in enumerate(paths)]}


@pytest.fixture()
def nea_site(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    httpserver.expect_request(f"/policy/ds_{OLD}.json").respond_with_data("<html><body>404</body></html>", status=404)
    httpserver.expect_request("/policy/zxwj.htm").respond_with_data((FIX / "nea_policy_zxwj.htm").read_bytes(),
                                                                    content_type="text/html; charset=utf-8")
    httpserver.expect_request(f"/policy/ds_{NEW}.json").respond_with_json(_feed("/20260714/" + "a" * 32 + "/c.html"))
    httpserver.expect_request("/xwzx/ds_feed.json").respond_with_json(_feed("/20260713/" + "b" * 32 + "/c.html"))
    for p in ("/20260714/" + "a" * 32 + "/c.html", "/20260713/" + "b" * 32 + "/c.html"):
        httpserver.expect_request(p).respond_with_data(_article("国家能源局关于推进新型储能规模化应用的通知" + p[5:7]),
                                                      content_type="text/html; charset=utf-8")
    src = Source(id="nea", name="国家能源局", publisher="国家能源局", tier="central_ministry",
                 hosts=["localhost", "127.0.0.1"], allow_private=True, endpoints=[
                     ListEndpoint(column="最新文件", url=httpserver.url_for(f"/policy/ds_{OLD}.json"), type="json",
                                  fields=FIELDS, discover={"page": httpserver.url_for("/policy/zxwj.htm")}),
                     ListEndpoint(column="能源要闻", url=httpserver.url_for("/xwzx/ds_feed.json"), type="json",
                                  fields=FIELDS)])
    return httpserver, Catalog(sources=[src])


def _crawl(home: Settings, catalog: Catalog):
    store = Store(home.database_url)
    try:
        return Crawler(store, home, catalog, CrawlConfig(**CONFIG)).run(plan(catalog)), store
    finally:
        store.close()


def test_articles_take_the_column_of_the_list_that_showed_them(nea_site, tmp_path):
    server, catalog = nea_site
    home = Settings.load(tmp_path / "home").ensure()
    rep, _ = _crawl(home, catalog)
    assert rep.articles == 2 and rep.sources[0].ok, rep.sources[0].messages
    arts = {a.article.url.split("/")[3]: a.article.column for a in Store(home.database_url).articles()}
    assert arts == {"20260714": "最新文件", "20260713": "能源要闻"}
    assert catalog.sources[0].column_for(server.url_for("/20260714/" + "a" * 32 + "/c.html")) == ""   # the path rule cannot
    other = Settings.load(tmp_path / "ingested").ensure()       # a WARC import has no crawl record: the path rule's answer
    assert runner.invoke(app, ["--home", str(other.home), "ingest", *map(str, rep.warc_files)]).exit_code == 0
    assert {a.article.column for a in Store(other.database_url).articles()} == {""}


def test_a_gone_feed_is_found_again_on_its_column_page_and_remembered(nea_site, tmp_path):
    server, catalog = nea_site
    home = Settings.load(tmp_path / "home").ensure()
    rep, store = _crawl(home, catalog)
    assert any(f"feed found on {server.url_for('/policy/zxwj.htm')}" in m and "update sources.yaml" in m
               for m in rep.sources[0].messages)
    with Store(home.database_url).session() as s:
        found = listings.discovered_feed(s, catalog.sources[0].endpoints[0].key)
    assert found.feed_url == server.url_for(f"/policy/ds_{NEW}.json")
    before = len(server.log)
    rep2, _ = _crawl(home, catalog)
    again = [req.path for req, _ in server.log[before:]]
    assert f"/policy/ds_{NEW}.json" in again and f"/policy/ds_{OLD}.json" not in again and "/policy/zxwj.htm" not in again
    assert rep2.sources[0].ok
    catalog_file = tmp_path / "sources.yaml"
    catalog_file.write_text(yaml.safe_dump({"sources": [catalog.sources[0].model_dump(mode="json")]}, allow_unicode=True),
                            encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home.home), "sources", "check", "--sources", str(catalog_file)])
    assert r.exit_code == 0 and f"feed found on {server.url_for('/policy/zxwj.htm')}" in r.output


def test_a_column_page_that_names_no_feed_is_a_list_error(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    httpserver.expect_request("/policy/jd.htm").respond_with_data("<html><body><ul id='showData0'></ul>解读栏目</body></html>",
                                                                  content_type="text/html")
    src = Source(id="nea", name="国家能源局", publisher="国家能源局", tier="central_ministry", hosts=["localhost"],
                 allow_private=True, endpoints=[ListEndpoint(column="解读", type="json", fields=FIELDS,
                                                             discover={"page": httpserver.url_for("/policy/jd.htm")})])
    rep, _ = _crawl(Settings.load(tmp_path / "home").ensure(), Catalog(sources=[src]))
    s = rep.sources[0]
    assert not s.ok and any("names no feed" in m for m in s.messages)
