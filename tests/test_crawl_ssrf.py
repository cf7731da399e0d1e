"""SSRF guard (issue 11 item 9): every non-global address is refused, IPv4 embedded in IPv6
included, and ``allow_private`` covers a source's own hosts only, not where its redirects or
feed items lead. Against a real server on 127.0.0.1 that must never see the refused requests."""
import asyncio

import pytest
from werkzeug.wrappers import Response

from ribao.capture.archive import WarcArchive
from ribao.capture.config import CrawlConfig
from ribao.capture.crawler import Crawler, plan
from ribao.capture.fetch import Fetcher, is_public
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.settings import Settings
from ribao.store import Store

CONFIG = dict(contact="crawler-tests@example.org", delay_s=0.0, retries=0, read_timeout_s=3.0, connect_timeout_s=2.0)


@pytest.mark.parametrize("ip", [
    "::7f00:1", "::a9fe:a9fe",                      # IPv4-compatible (deprecated): 127.0.0.1, 169.254.169.254
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",        # NAT64 of loopback and of the metadata address
    "2002:7f00:1::1", "2002:a9fe:a9fe::1",          # 6to4
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1",   # IPv4-mapped
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",         # Teredo (client 192.0.2.45)
    "::", "::1", "fe80::1", "fd00:ec2::254", "ff02::1",
    "127.0.0.1", "127.0.0.2", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "198.18.0.1", "240.0.0.1",
])
def test_non_global_addresses_are_refused(ip):
    assert not is_public(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::1"])
def test_global_addresses_pass(ip):
    assert is_public(ip)


def _run(tmp_path, config, urls, private_hosts=()):
    recorded = []
    archive = WarcArchive(tmp_path / "warc", max_bytes=10 ** 8)

    async def go():
        f = Fetcher(config, archive, lambda r: recorded.append(r) or "article", private_hosts=private_hosts)
        try:
            return [await f.get(u) for u in urls]
        finally:
            await f.aclose()

    with archive:
        return asyncio.run(go()), recorded


@pytest.mark.parametrize("host", ["[::7f00:1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "[::ffff:127.0.0.1]"])
def test_ipv6_transition_forms_are_refused_before_connecting(httpserver, tmp_path, host):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/inside").respond_with_data("internal")
    url = f"http://{host}:{httpserver.port}/inside"
    (got,), recorded = _run(tmp_path, CrawlConfig(**CONFIG), [url])
    assert "non-public address" in got.error and not recorded
    assert httpserver.log == []


def test_allow_private_covers_the_sources_own_hosts_only(httpserver, tmp_path):
    """A source on 127.0.0.1 may reach 127.0.0.1; its redirect to localhost and its feed items on
    another (not allow_private) source's host, on the metadata address or on 10.0.0.1 are not followed."""
    port = httpserver.port
    own = f"http://127.0.0.1:{port}"
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n")
    httpserver.expect_request("/secret/redirected").respond_with_data("must not be read")
    httpserver.expect_request("/secret/item").respond_with_data("must not be read")
    httpserver.expect_request("/rd").respond_with_response(
        Response("", status=302, headers={"Location": f"http://localhost:{port}/secret/redirected"}))
    httpserver.expect_request("/list/").respond_with_data(
        f'<ul class="u-list"><li><a href="{own}/rd">跳转的测试文章标题</a><span>2026-07-15</span></li></ul>',
        content_type="text/html; charset=utf-8")
    httpserver.expect_request("/feed.json").respond_with_json({"rows": [
        {"title": "另一来源主机上的条目", "url": f"http://localhost:{port}/secret/item"},
        {"title": "元数据地址上的条目", "url": "http://169.254.169.254/latest/meta-data/"},
        {"title": "内网地址上的条目", "url": "http://10.0.0.1/x"}]})
    a = Source(id="a", name="甲局", publisher="甲局", tier="central_ministry", hosts=["127.0.0.1"], allow_private=True,
               endpoints=[ListEndpoint(column="列表", url=f"{own}/list/", selectors={"item": "ul.u-list li"}),
                          ListEndpoint(column="订阅", url=f"{own}/feed.json", type="json", fields={"items": "rows"})])
    b = Source(id="b", name="乙局", publisher="乙局", tier="central_ministry", hosts=["localhost"], enabled=False)
    catalog = Catalog(sources=[a, b])
    home = Settings.load(tmp_path / "home").ensure()
    store = Store(home.database_url)
    try:
        rep = Crawler(store, home, catalog, CrawlConfig(**CONFIG)).run(plan(catalog))
    finally:
        store.close()
    seen = [req.path for req, _ in httpserver.log]
    assert "/list/" in seen and "/feed.json" in seen and "/rd" in seen       # its own host: allowed
    assert not [p for p in seen if p.startswith("/secret/")]
    messages = " ".join(rep.sources[0].messages)
    assert messages.count("resolves to non-public address") == 2           # the redirect hop and the localhost item
    assert "169.254.169.254" not in messages and "10.0.0.1" not in messages  # off every catalog host: never tried
