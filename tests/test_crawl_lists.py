"""List parsing on offline fixtures in the shapes the peers document (tests/fixtures/crawl): the
catalog's own endpoint definitions read them as the live sites would be read."""
from datetime import datetime
from pathlib import Path

from ribao.capture.lists import parse_list
from ribao.catalog import ListEndpoint, load_catalog
from ribao.timeutil import CST

FIX = Path(__file__).parent / "fixtures" / "crawl"
CAT = load_catalog()


def _endpoint(sid: str, column: str, kind: str = "json") -> ListEndpoint:
    return next(e for e in CAT.by_id(sid).endpoints if e.column == column and e.type == kind)


def _parse(sid: str, column: str, fixture: str, url: str | None = None, content_type: str = "application/json"):
    ep = _endpoint(sid, column, "json" if fixture.endswith(".json") else "html")
    return parse_list((FIX / fixture).read_bytes(), content_type, url or ep.url, ep, CAT.by_id(sid), CAT)


def test_nea_ds_feed_drops_link_rows_and_off_site_items():
    page = _parse("nea", "最新文件", "nea_ds_feed.json")
    assert [i.url for i in page.items] == [
        "https://www.nea.gov.cn/20260714/0a1b2c3d4e5f60718293a4b5c6d7e8f9/c.html",
        "https://www.nea.gov.cn/20260713/1b2c3d4e5f60718293a4b5c6d7e8f90a/c.html"]
    assert page.items[0].title == "国家能源局关于推进新型储能规模化应用的通知"      # markup stripped
    assert page.items[0].published == datetime(2026, 7, 14, 16, 30, tzinfo=CST)
    assert page.skipped == 1 and not page.unreadable      # example.com dropped; the Link row never became an item


def test_nea_column_page_names_its_feed():
    ep = _endpoint("nea", "最新文件")
    text = (FIX / "nea_policy_zxwj.htm").read_text(encoding="utf-8")
    assert ep.discover.find(text) == ep.url
    assert ep.is_page(ep.discover.page)      # the column page is a list page, never extracted as an article


def test_nda_index_pc_list_with_dotted_dates_and_numbered_pages():
    page = _parse("nda", "政策发布", "nda_index_pc_1.html", content_type="text/html; charset=utf-8")
    assert [(i.url.rsplit("/", 2)[-2], i.published.date().isoformat()) for i in page.items] == [
        ("0715", "2026-07-15"), ("0712", "2026-07-12"), ("0630", "2026-06-30")]
    assert page.items[0].url == "https://www.nda.gov.cn/sjj/zwgk/zcfb/0715/20260715100000189628_pc.html"
    assert page.next_url == "https://www.nda.gov.cn/sjj/zwgk/zcfb/list/index_pc_2.html"
    assert CAT.by_id("nda").column_for(page.items[0].url) == "政策发布"


def test_govcn_json_top_level_list():
    page = _parse("govcn", "最新政策", "govcn_zuixin.json")
    assert [i.title for i in page.items] == ["国务院关于推动未来产业创新发展的意见", "国务院办公厅关于加快构建全国一体化算力网的实施意见"]
    assert page.items[1].published == datetime(2026, 7, 13, tzinfo=CST)


def test_miit_search_api_with_millisecond_times():
    page = _parse("miit", "政策文件", "miit_search.json")
    assert [i.published for i in page.items] == [datetime(2026, 7, 15, 10, 30, tzinfo=CST),
                                                 datetime(2026, 7, 14, 10, 30, tzinfo=CST)]
    assert page.items[1].url.startswith("https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2026/art_")   # relative URL resolved


def test_csrc_channel_id_discovery_and_ms_times():
    ep = _endpoint("csrc", "证监会要闻")
    feed = ep.discover.find((FIX / "csrc_column.shtml").read_text(encoding="utf-8"))
    assert feed == ("http://www.csrc.gov.cn/searchList/c1a2b3c4d5e6f7?_isAgg=true&_isJson=true&_pageSize=18"
                    "&_template=index&page=1")
    page = parse_list((FIX / "csrc_searchlist.json").read_bytes(), "application/json", feed, ep, CAT.by_id("csrc"), CAT)
    assert [i.published for i in page.items] == [datetime(2026, 7, 15, 17, tzinfo=CST),
                                                 datetime(2026, 7, 14, 17, tzinfo=CST)]


def test_a_feed_that_is_not_json_is_unreadable_not_empty():
    ep = _endpoint("nea", "最新文件")
    page = parse_list(b"<html><body>404 Not Found</body></html>", "text/html", ep.url, ep, CAT.by_id("nea"), CAT)
    assert page.unreadable and not page.items and "unreadable" in page.note
