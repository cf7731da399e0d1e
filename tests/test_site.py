"""The archive site, built from a real store: the bundled sample capture ingested, two days of
bulletins citing its pages, and one planted page whose title carries markup and template syntax.

Checks: every internal link resolves, the Atom feed parses, each reference has its archived copy
(text, capture time, the raw WARC record readable by warcio), incremental rebuilds touch only
what changed, and the planted title is text in every page and in the feed.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ribao.ingest import ingest_warc
from ribao.lines import load_line
from ribao.models import Article, Bulletin, Paragraph, Reference, Section, Sentence
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.site import build_site, check_links
from ribao.store import Store
from ribao.store.repo import NewCapture
from ribao.timeutil import CST

EVIL = "<script>alert(1)</script>{{7*7}}[x](javascript:alert(2))[/x]"
EVIL_URL = "https://www.planted.example.cn/art/2026/3/17/art_1.html"
EVIL_BODY = ["国家数据局有关负责人表示，数据要素市场化配置改革将进一步提速。", "正文第二段。"]


def _store_url(home: Path) -> str:
    return f"sqlite:///{home / 'ribao.db'}"


def plant_page(store: Store, settings: Settings) -> None:
    """A captured page (a real WARC record in the home's archive) whose title is hostile."""
    warc = settings.warc_dir / "planted.warc.gz"
    warc.parent.mkdir(parents=True, exist_ok=True)
    body = (f"<html><head><title>{EVIL}</title></head><body><h1>{EVIL}</h1>"
            + "".join(f"<p>{p}</p>" for p in EVIL_BODY) + "</body></html>").encode()
    with warc.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(EVIL_URL, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2026-03-17T22:30:00Z"}))
    with warc.open("rb") as fh:
        it = ArchiveIterator(fh)
        rec = next(iter(it))
        rec.content_stream().read()
        offset, length = it.get_record_offset(), it.get_record_length()
    with store.session() as s, s.begin():
        cap = store.add_capture(s, NewCapture(
            url=EVIL_URL, fetched_at=datetime(2026, 3, 17, 22, 30, tzinfo=timezone.utc), status=200,
            content_type="text/html; charset=utf-8", headers=[("Content-Type", "text/html")], warc_file=str(warc),
            warc_offset=offset, warc_length=length, payload_sha256=hashlib.sha256(body).hexdigest()))
        store.upsert_article(s, cap, Article(url=EVIL_URL, title=EVIL, publisher=f"发布者{EVIL}",
                                             published=datetime(2026, 3, 17, 9, 0, tzinfo=CST), body=EVIL_BODY))


def day_bulletin(day: date, refs: list[tuple[str, str, str]], *, headline: str, theme: str, abstract: str) -> Bulletin:
    """A bulletin citing ``refs`` (url, publisher, title), one section per reference pair."""
    line = load_line("xinzhi")
    sections = []
    for i in range(0, len(refs), 2):
        n = i + 1
        cites = [n, n + 1] if i + 1 < len(refs) else [n]
        sections.append(Section(number=len(sections) + 1, headline=f"{headline}（{len(sections) + 1}）", story_id=f"st{n}",
                                theme=theme if not sections else "data", paragraphs=[
            Paragraph(role="facts", sentences=[Sentence(text=f"{refs[i][1]}发布消息称，公共数据授权运营稳步推进。", cites=cites)]),
            Paragraph(role="analysis", sentences=[Sentence(text="这意味着数据要素市场化配置进入落地阶段。", cites=[n])]),
        ]))
    return Bulletin(line="xinzhi", date=day, title=line.title, subtitle=line.subtitle, abstract=abstract,
                    sections=sections, trend="趋势判断一段。",
                    references=[Reference(n=k, publisher=p, title=t, date="2026-03-17", url=u, usage="用于核验。")
                                for k, (u, p, t) in enumerate(refs, 1)],
                    branding=line.branding, sample=True)


def make_site_store(home: Path):
    """Store + settings with the sample ingested, the planted page, and bulletins for 03-17 and 03-18."""
    settings = Settings(home=home, database_url=_store_url(home)).ensure()
    store = Store(settings.database_url)
    ingest_warc(store, settings, bundled_sample().warc)
    plant_page(store, settings)
    arts = sorted(store.articles(), key=lambda s: s.article.url)
    real = [(s.article.url, s.article.publisher, s.article.title) for s in arts if s.article.url != EVIL_URL]
    evil = (EVIL_URL, f"发布者{EVIL}", EVIL)
    store.save_bulletin(day_bulletin(date(2026, 3, 17), real[:4], headline="国家数据局推进公共数据授权运营",
                                     theme="data", abstract="三月十七日摘要。"), [])
    store.save_bulletin(day_bulletin(date(2026, 3, 18), [evil, real[0], *real[4:8]], headline=f"标题{EVIL}",
                                     theme="compute", abstract=f"摘要{EVIL}"), [])
    return store, settings, real


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = tmp_path_factory.mktemp("site-home")
    store, settings, real = make_site_store(home)
    out = home / "site-out"
    report = build_site(store, settings, "xinzhi", out=out)
    return store, settings, real, out, report


def _text(path: Path) -> str:
    return lxml_html.fromstring(path.read_bytes()).text_content()


def test_build_report_and_layout(built):
    _, _, _, out, rep = built
    assert rep.problems == []
    assert rep.bulletins == 2 and rep.rendered_bulletins == 2
    assert rep.archived_copies == 9          # 4 + 6 references, one page cited on both days
    assert rep.search_reindexed == ["2026-03"]
    for rel in ("index.html", "feed.xml", "search.html", "months/2026-03.html", "themes/index.html",
                "sources/index.html", "bulletins/2026-03/2026-03-17.html", "bulletins/2026-03/2026-03-18.html",
                "files/2026-03-18/bulletin.json", "pagefind/buckets.json", "pagefind/2026-03/pagefind.js"):
        assert (out / rel).is_file(), rel
    assert json.loads((out / "pagefind/buckets.json").read_text()) == ["2026-03"]
    assert (out / "themes/data/2026-03.html").is_file()        # theme and source pages have a page a month
    assert len(list((out / "sources").glob("s*/2026-03.html"))) == len(list((out / "sources").glob("s*.html")))


def test_every_internal_link_resolves(built):
    out = built[3]
    assert check_links(out) == []
    pages = list(out.rglob("*.html"))
    assert len(pages) > 20


def test_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/x.html">x</a><a href="a/y.html#nope">y</a><img src="../out.png">'
                                         '<a href="https://example.org/">ok</a><a href="#top">t</a><p id="top"></p>')
    (tmp_path / "a" / "y.html").write_text('<p id="here"></p>')
    broken = {(b.target, b.reason) for b in check_links(tmp_path)}
    assert broken == {("a/x.html", "no such file"), ("a/y.html#nope", "no such anchor"), ("../out.png", "leaves the site")}


def test_index_lists_bulletins_newest_first(built):
    out = built[3]
    doc = lxml_html.fromstring((out / "index.html").read_bytes())
    dates = [t.get("datetime") for t in doc.iter("time")]
    assert dates[:2] == ["2026-03-18", "2026-03-17"]
    assert "数据要素" in doc.text_content()          # theme chips carry the line's theme names


def test_references_link_original_and_archived_copy(built):
    store, settings, real, out, _ = built
    page = out / "bulletins/2026-03/2026-03-17.html"
    doc = lxml_html.fromstring(page.read_bytes())
    refs = doc.get_element_by_id("refs")
    originals = [a.get("href") for a in refs.iter("a") if not a.get("class")]
    archived = [a.get("href") for a in refs.iter("a") if a.get("class") == "archived"]
    assert originals == [u for u, _, _ in real[:4]]
    assert len(archived) == 4 and all(h.startswith("../../archive/2026-03/") for h in archived)
    copy_page = (page.parent / archived[0]).resolve()
    text = _text(copy_page)
    stored = store.articles_by_url([real[0][0]])[real[0][0]]
    assert stored.article.title in text and stored.article.body[0][:20] in text
    captured = stored.fetched_at.astimezone(CST)
    assert captured.strftime("%Y-%m-%d %H:%M") in text and "北京时间" in text
    cdoc = lxml_html.fromstring(copy_page.read_bytes())
    assert real[0][0] in [a.get("href") for a in cdoc.iter("a")]
    # Cited on both days: the copy lists both bulletins.
    assert "2026-03-17 简报 [1]" in text and "2026-03-18 简报 [2]" in text
    record = next(a.get("href") for a in cdoc.iter("a") if (a.get("href") or "").endswith(".warc.gz"))
    with (copy_page.parent / record).open("rb") as fh:
        recs = [r for r in ArchiveIterator(fh)]
    assert len(recs) == 1 and recs[0].rec_headers.get_header("WARC-Target-URI") == real[0][0]


def test_raw_record_is_the_archived_bytes(built):
    _, settings, _, out, _ = built
    rec = next((out / "archive/2026-03").glob("*.warc.gz"))
    data = rec.read_bytes()
    assert data[:2] == b"\x1f\x8b" and gzip.decompress(data).startswith(b"WARC/1.")
    archive = b"".join(p.read_bytes() for p in settings.warc_dir.rglob("*.warc.gz"))
    assert data in archive                    # a slice of ribao's own archive, not a re-encoding


def test_feed_parses(built):
    out = built[3]
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "新质生产力每日动态"
    assert [e.title for e in feed.entries] == ["新质生产力每日动态（2026-03-18）", "新质生产力每日动态（2026-03-17）"]
    first = feed.entries[0]
    assert first.link == "https://ribao.example.org/bulletins/2026-03/2026-03-18.html"
    assert first.id == first.link
    assert EVIL in first.summary                   # text summary: the planted string as written
    assert "<script" not in first.content[0].value and "&lt;script&gt;" in first.content[0].value


def test_planted_title_is_text_in_every_page(built):
    out = built[3]
    pages = [out / "bulletins/2026-03/2026-03-18.html", out / "index.html", out / "themes/compute.html",
             out / "sources/index.html"]
    archived = [p for p in (out / "archive/2026-03").glob("*.html") if EVIL_BODY[0] in _text(p)]
    assert len(archived) == 1
    pages += archived
    pages += [p for p in (out / "sources").glob("s*.html") if "发布者" in _text(p)]
    assert len(pages) == 6
    for p in pages:
        doc = lxml_html.fromstring(p.read_bytes())
        assert EVIL in doc.text_content(), p
        assert not [s for s in doc.iter("script")], p             # no script on these pages at all
        hrefs = [a.get("href") or "" for a in doc.iter("a")]
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript")], p
        assert "49" not in doc.text_content().replace("2026", ""), p   # {{7*7}} was never evaluated


def test_incremental_add_and_rebuild(built, tmp_path):
    store, settings, real, out, _ = built
    untouched = out / "bulletins/2026-03/2026-03-17.html"
    before = untouched.stat().st_mtime_ns
    rep = build_site(store, settings, "xinzhi", out=out)
    assert rep.rendered_bulletins == 0 and rep.pages_written == 0 and rep.search_reindexed == []
    # A new day in a new month: its pages, index, feed, and a search bundle of its own; March's stays.
    store.save_bulletin(day_bulletin(date(2026, 4, 2), real[8:10], headline="四月新动态", theme="data",
                                     abstract="四月摘要。"), [])
    rep = build_site(store, settings, "xinzhi", out=out)
    assert rep.rendered_bulletins == 1 and rep.search_reindexed == ["2026-04"]
    assert rep.pages_skipped > rep.pages_written > 0
    assert untouched.stat().st_mtime_ns == before
    assert (out / "bulletins/2026-04/2026-04-02.html").is_file() and (out / "months/2026-04.html").is_file()
    assert json.loads((out / "pagefind/buckets.json").read_text()) == ["2026-04", "2026-03"]
    assert (out / "pagefind/2026-03/pagefind.js").is_file()
    assert "2026-04-02" in (out / "index.html").read_text(encoding="utf-8")
    assert "2026-04-02" in feedparser.parse((out / "feed.xml").read_bytes()).entries[0].title
    # Rebuilding a day (a new created_at) re-renders that day only; dropping a reference drops its copy.
    store.save_bulletin(day_bulletin(date(2026, 4, 2), real[8:9], headline="四月新动态（修订）", theme="data",
                                     abstract="四月摘要。"), [])
    n_before = build_site(store, settings, "xinzhi", out=out, full=False)
    assert n_before.rendered_bulletins == 1 and n_before.search_reindexed == ["2026-04"]
    assert "四月新动态（修订）" in (out / "bulletins/2026-04/2026-04-02.html").read_text(encoding="utf-8")
    assert n_before.archived_copies == rep.archived_copies - 1
    assert check_links(out) == []
    full = build_site(store, settings, "xinzhi", out=out, full=True)
    assert full.rendered_bulletins == 3 and full.search_reindexed == ["2026-03", "2026-04"]
    assert check_links(out) == []


def test_cli_site_build_and_check(tmp_path):
    home = tmp_path / "home"
    make_site_store(home)
    runner = CliRunner()
    from ribao.cli import app

    res = runner.invoke(app, ["--home", str(home), "site", "build"])
    assert res.exit_code == 0, res.output
    site = home / "site" / "xinzhi"
    assert (site / "index.html").is_file() and str(site / "index.html") in res.output
    assert "2 bulletins (2 rendered)" in res.output
    res = runner.invoke(app, ["--home", str(home), "site", "check"])
    assert res.exit_code == 0 and "0 broken links" in res.output
    (site / "themes" / "data.html").unlink()
    res = runner.invoke(app, ["--home", str(home), "site", "check"])
    assert res.exit_code == 1 and "themes/data.html" in res.output
    res = runner.invoke(app, ["--home", str(home), "site", "check", "--out", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "no site at" in res.output


def test_search_bundles_are_months_of_the_newest_year_and_one_per_earlier_year():
    from ribao.site.search import buckets

    assert buckets({"2026-03", "2026-04"}) == {"2026-03": ["2026-03"], "2026-04": ["2026-04"]}
    # a new year: the year that passed is indexed once, as one bundle; its months' bundles go
    assert buckets({"2025-11", "2025-12", "2026-01"}) == {"2025": ["2025-11", "2025-12"], "2026-01": ["2026-01"]}
    assert buckets(set()) == {}
