"""The archive site in headless Chromium (Debian's ``chromium`` through Playwright; no browser is
downloaded): the index and a bulletin page render without console errors, screenshots are saved,
and the static search finds a bulletin and an archived page by a Chinese word.

The site is served by a real HTTP server on 127.0.0.1 (search fetches its index; file:// would
not). Chromium gets the bundled Noto Sans CJK SC through a private fontconfig file, so the
screenshots show glyphs on a machine without CJK fonts. ``RIBAO_SCREENSHOTS=DIR`` also copies
the screenshots there (how docs/site-index.png is made).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from ribao.site import build_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason="Debian chromium is not installed (apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from datetime import date

    from test_site import EVIL, day_bulletin, make_site_store

    home = tmp_path_factory.mktemp("browser-home")
    store, settings, real = make_site_store(home)
    store.save_bulletin(day_bulletin(date(2026, 4, 1), real[8:10], headline="四月授权运营新进展", theme="data",
                                     abstract="四月摘要。"), [])   # a second search bundle: merged in the browser
    out = home / "site"
    rep = build_site(store, settings, "xinzhi", out=out)
    assert rep.problems == []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}/", out, EVIL
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from ribao.render import fonts

    fontdir = tmp_path_factory.mktemp("fonts")
    (fontdir / "NotoSansCJKsc.otf").symlink_to(fonts.font_path())
    conf = fontdir / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fontdir}</dir></fontconfig>')
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        yield b
        b.close()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1100, "height": 1300})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))   # the payload's alert()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, problems


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("RIBAO_SCREENSHOTS"):
        dest = Path(os.environ["RIBAO_SCREENSHOTS"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / path.name)
    return path


def test_index_renders_without_console_errors(served, browser, tmp_path):
    base, _, _ = served
    page, problems = _open(browser, base + "index.html")
    assert problems == []
    assert page.title().startswith("存档")
    assert page.locator("article.entry").count() == 3
    assert page.locator("article.entry time").first.inner_text() == "2026 年 4 月 1 日"
    _shot(page, tmp_path, "site-index")
    page.close()


def test_bulletin_page_renders_without_console_errors(served, browser, tmp_path):
    base, _, evil = served
    page, problems = _open(browser, base + "bulletins/2026-03/2026-03-18.html")
    assert problems == []
    assert evil in page.locator("#sec-1 h2").inner_text()          # shown as text…
    assert page.locator("script").count() == 0                      # …and nothing ran or was injected
    assert page.locator("#refs a.archived").count() == 6
    # Following a reference's archived copy lands on its page, with the raw record linked.
    page.locator("#refs a.archived").nth(1).click()
    page.wait_for_load_state("networkidle")
    assert "/archive/2026-03/" in page.url and page.locator("a[download]").count() == 1
    assert problems == []
    page.goto(base + "bulletins/2026-03/2026-03-18.html")
    _shot(page, tmp_path, "site-bulletin")
    page.close()


def _search(browser, base: str, q: str) -> tuple[list[str], list[str], object]:
    page, problems = _open(browser, base + "search.html")
    page.wait_for_function("window.ribaoSearchReady === true")
    urls = page.evaluate("(q) => window.ribaoSearch(q)", q)
    return urls, problems, page


def test_search_finds_bulletins_and_archived_pages_by_chinese_word(served, browser):
    base, _, _ = served
    urls, problems, page = _search(browser, base, "授权运营")   # a word from both bulletins' text
    assert problems == []
    assert {"/bulletins/2026-03/2026-03-17.html", "/bulletins/2026-03/2026-03-18.html",
            "/bulletins/2026-04/2026-04-01.html"} <= set(urls)          # across both bundles
    assert page.locator("#results li").count() == len(urls)
    page.close()
    urls, _, page = _search(browser, base, "市场化配置")       # a word of the planted page's body
    assert any("/archive/2026-03/" in u for u in urls)
    page.close()
    urls, _, page = _search(browser, base, "zqxjvw")
    assert urls == [] and page.locator("#status").inner_text().startswith("找到 0")
    page.close()


def test_search_results_show_hostile_text_as_text(served, browser):
    base, _, evil = served
    page, problems = _open(browser, base + "search.html?q=" + "数据要素")
    page.wait_for_function("document.querySelectorAll('#results li').length > 0")
    assert problems == []
    assert page.locator("#results script, #results img, #results iframe").count() == 0
    titles = page.locator("#results li > a").all_inner_texts()
    assert any("<script>" in t for t in titles), titles         # the planted title, as text
    assert problems == []                                        # and its alert() never ran
    page.close()
