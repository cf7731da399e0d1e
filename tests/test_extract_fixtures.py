"""Extraction on real-size pages of CMS families the shared capture lacks (tests/fixtures/extract):
a GBK Hanweb art_ page with ContentStart/ContentEnd markers, a gov.cn policy page with the 发文字号
table, two <html> documents in one response, a media page with og/JSON-LD in UTC, a TRS page with
stale dates in attributes and a 文号 in [] brackets."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from ribao.extract import ExtractError, extract_page

HERE = Path(__file__).parent / "fixtures" / "extract"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=CASES, ids=[c["file"] for c in CASES])
def case(request):
    c = request.param
    return c, extract_page((HERE / c["file"]).read_bytes(), c["url"], c["content_type"])


def test_fields(case):
    c, a = case
    assert not isinstance(a, ExtractError), a
    assert a.title == c["title"]
    assert a.published == datetime.fromisoformat(c["published"]) and a.published_precision == c["precision"]
    assert a.published.utcoffset().total_seconds() == 8 * 3600
    assert a.publisher == c["publisher"]
    assert a.doc_no == c["doc_no"]
    for key in ("doc_type", "column", "author", "language", "canonical_url"):
        if key in c:
            assert getattr(a, key) == c[key], key


def test_body_is_the_article_and_nothing_else(case):
    c, a = case
    assert a.body == c["body"]
    text = "".join(a.body)
    for noise in c["absent"]:
        assert noise not in text


def test_attachments(case):
    c, a = case
    assert [[x.name, x.type] for x in a.attachments] == c["attachments"]
    assert all(x.url.startswith("https://") for x in a.attachments)


def test_json_record_contract(case):
    c, a = case
    rec = a.json_record()
    for key in ("url", "title", "published", "publisher", "site", "column", "author", "doc_no", "doc_type",
                "attachments", "body"):
        assert key in rec
    assert rec["published"].endswith("+08:00") and isinstance(rec["body"], list)


def test_fixtures_are_current():
    """cases.json and the pages come from _make_fixtures.py; a hand edit to one alone is caught."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", HERE / "_make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for make in (mod.hanweb, mod.govcn, mod.two_html, mod.media, mod.trs_stale):
        data, c = make()
        assert (HERE / c["file"]).read_bytes() == data
        assert c in CASES
