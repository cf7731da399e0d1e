"""The bundled catalog as data: enough sources, each with its evidence; the corrected endpoints;
strict YAML everywhere (a misspelt key is refused with the file and the key named); organisation
names derived from it, with no bare provincial name tied to one province."""
import json

import pytest
import yaml

from ribao.analyze.score import authority
from ribao.capture.config import CrawlConfig
from ribao.catalog import (Catalog, ListEndpoint, load_catalog, load_sources_file, organisation_groups)
from ribao.config import load_yaml_model
from ribao.errors import ConfigError
from ribao.models import Article

CAT = load_catalog()


def test_at_least_30_sources_each_with_tier_publisher_and_evidence():
    assert len(CAT.sources) >= 30
    assert sum(s.enabled and any(e.enabled for e in s.endpoints) for s in CAT.sources) >= 20
    for s in CAT.sources:
        assert s.tier and s.publisher and s.hosts and s.endpoints, s.id
        for e in s.endpoints:
            assert e.evidence.strip(), (s.id, e.column)
            assert e.verified_on is None, (s.id, e.key)    # nothing was probed from a network that reaches the sites
        if not s.enabled:
            assert len(s.note) > 20, s.id                   # a disabled source says why
        for e in s.endpoints:
            if not e.enabled:
                assert e.note or not s.enabled or "former catalog entry" in e.evidence, (s.id, e.key)


def test_names_and_ids_are_unique_and_no_bare_provincial_alias_is_global():
    names = [n for s in CAT.sources for n in s.global_names]
    assert len(names) == len(set(names))
    assert len({s.id for s in CAT.sources}) == len(CAT.sources)
    assert not [n for n in names if n.startswith("省")]
    assert CAT.agency_of("省发展改革委") is None
    assert "省发展改革委" in CAT.by_id("zjfgw").names and "省发展改革委" in CAT.by_id("jsfgw").names


def test_a_zhejiang_page_signed_by_the_bare_name_is_zhejiangs_own_release():
    zj = Article(url="https://fzggw.zj.gov.cn/art/2026/7/15/art_1599544_1.html", title="关于印发方案的通知",
                 publisher="省发展改革委")
    a = authority(zj, CAT)
    assert a.own and a.original is None and a.score == CAT.by_id("zjfgw").authority


def test_nea_and_nda_use_the_corrected_endpoints():
    nea = CAT.by_id("nea")
    urls = {e.key for e in nea.endpoints if e.enabled}
    assert not [u for u in urls if "/zcfb/" in u]
    assert {"https://www.nea.gov.cn/policy/ds_40d365c13659452aa06cdb7268d6192e.json",
            "https://www.nea.gov.cn/policy/ds_7290c82b05cc4d49be4971ade193edfc.json",
            "https://www.nea.gov.cn/policy/ds_6db2ed2a0ae946d882bcc769494c99be.json",
            "https://www.nea.gov.cn/policy/jd.htm"} <= urls
    assert all(e.type == "json" and e.fields.skip == {"contentType": ["Link"]} for e in nea.endpoints if e.enabled)
    nda = CAT.by_id("nda")
    for e in (e for e in nda.endpoints if e.enabled):
        assert e.url.endswith("/list/index_pc_1.html") and e.selectors.item == "ul.u-list > li"
        assert e.pagination == "index" and e.page(1) == e.url.replace("index_pc_1", "index_pc_2")
    assert nda.column_for("https://www.nda.gov.cn/sjj/swdt/sjdt/0713/20260713160000816455_pc.html") == "司局动态"


def test_blocked_and_script_sources_are_listed_but_disabled():
    for sid, word in (("cnenergy", "EdgeOne"), ("reuters", "DataDome"), ("pbc", "JavaScript"), ("zjfgw", "script"),
                      ("caict", "412")):
        s = CAT.by_id(sid)
        assert not s.enabled and word in s.note, sid
    miit = CAT.by_id("miit")
    api = miit.endpoints[0]
    assert not any(e.enabled for e in miit.endpoints)
    assert api.headers == {"Referer": "https://www.miit.gov.cn/search/zcwjk.html"} and "deploytime" in api.fields.time


def _catalog_with(tmp_path, endpoint: dict, **source) -> str:
    data = {"sources": [{"id": "t", "name": "测试局", "publisher": "测试局", "tier": "central_ministry",
                         "hosts": ["example.gov.cn"], "endpoints": [endpoint], **source}]}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("endpoint, source, key", [
    ({"column": "x", "url": "https://example.gov.cn/a/", "selecton": {"item": "li"}}, {}, "selecton"),
    ({"column": "x", "url": "https://example.gov.cn/a/", "paginaton": "index"}, {}, "paginaton"),
    ({"column": "x", "url": "https://example.gov.cn/a/", "selectors": {"itme": "li"}}, {}, "itme"),
    ({"column": "x", "url": "https://example.gov.cn/a.json", "type": "json", "fields": {"source": "sourceText"}}, {},
     "source"),
    ({"column": "x", "url": "https://example.gov.cn/a/"}, {"extract": {"date_pattern": "(.*)"}}, "date_pattern"),
    ({"column": "x", "url": "https://example.gov.cn/a/"}, {"verified": "false (2026-11-24)"}, "verified"),
    ({"column": "x", "url": "https://example.gov.cn/a/", "discover": {"page": "https://example.gov.cn/", "patern": "x"}},
     {}, "patern"),
])
def test_a_misspelt_or_removed_catalog_key_is_refused_naming_file_and_key(tmp_path, endpoint, source, key):
    path = _catalog_with(tmp_path, endpoint, **source)
    with pytest.raises(ConfigError) as e:
        load_catalog(path)
    assert path in str(e.value) and key in str(e.value) and "unknown key" in str(e.value)


@pytest.mark.parametrize("endpoint, why", [
    ({"column": "x", "url": "https://example.gov.cn/a/", "headers": {"User-Agent": "Mozilla/5.0"}}, "User-Agent"),
    ({"column": "x", "url": "https://example.gov.cn/a/", "headers": {"Cookie": "wzws_sessionid=abc"}}, "Cookie"),
    ({"column": "x", "type": "json"}, "a url, or a discover block"),
    ({"column": "x", "discover": {"page": "https://example.gov.cn/", "pattern": "ds_[0-9a-f]+"}}, "group"),
    ({"column": "x", "url": "https://example.gov.cn/a/", "verified_on": "yes"}, "verified_on"),
])
def test_headers_that_would_spoof_or_forge_and_incomplete_endpoints_are_refused(tmp_path, endpoint, why):
    with pytest.raises(ConfigError, match=why):
        load_catalog(_catalog_with(tmp_path, endpoint))


def test_endpoint_headers_are_canonical():
    ep = ListEndpoint(column="x", url="https://example.gov.cn/", headers={"referer": "https://example.gov.cn/s.html"})
    assert ep.headers == {"Referer": "https://example.gov.cn/s.html"}


def test_misspelt_keys_in_the_other_yaml_files_are_refused(tmp_path):
    crawl = tmp_path / "crawl.yaml"
    crawl.write_text("contact: ops@example.org\ndelay_sec: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"crawl\.yaml: delay_sec: unknown key"):
        CrawlConfig.load(tmp_path)
    extras = tmp_path / "aliases.yaml"
    extras.write_text("organisation:\n  - [财政部]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"aliases\.yaml: organisation: unknown key"):
        organisation_groups(extras)
    entry = tmp_path / "entrypoints.json"
    entry.write_text(json.dumps([{"site": "ndrc", "url": "https://www.ndrc.gov.cn/xwdt/xwfb/", "colum": "新闻"}]),
                     encoding="utf-8")
    with pytest.raises(ConfigError, match=r"entrypoints\.json: entry 0: colum: unknown key"):
        load_sources_file(entry)
    for path in ("src/ribao/catalog/sources.yaml",):
        assert load_yaml_model(Catalog, path).sources


def test_organisation_groups_come_from_the_catalog_plus_extras():
    from pathlib import Path

    import ribao.verify as verify

    groups = organisation_groups(Path(verify.__file__).with_name("aliases.yaml"))
    ndrc = next(g for g in groups if "国家发展和改革委员会" in g)
    assert {"国家发改委", "发改委", "NDRC"} <= set(ndrc)            # catalog aliases + the extras' English name
    assert any(g == ["交通运输部"] for g in groups)                 # an agency no source is crawled for
    assert not [g for g in groups if "省发展改革委" in g or "省数据资源局" in g]
    flat = [n for g in groups for n in g]
    assert len(flat) == len(set(flat))
    names = {n for n, _ in verify.organisations()}
    assert "中国证监会" in names and "江苏省发展改革委" in names
