"""Extraction on the shared dev capture and on bad input."""
import gzip
import re

import pytest

from ribao.capture.warc import iter_responses, page_kind
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page


def _norm(s):
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def extracted(dev_corpus):
    cat = load_catalog()
    out = {}
    for r in iter_responses(dev_corpus / "corpus.warc.gz"):
        if page_kind(r.url, r.content_type, cat) == "article":
            out[r.url] = extract_page(r.body, r.url, r.content_type, catalog=cat)
    return out


def test_every_article_page_extracts(extracted, gold_articles):
    assert set(extracted) == set(gold_articles)
    assert not [u for u, a in extracted.items() if isinstance(a, ExtractError)]


def test_titles_publishers_and_times(extracted, gold_articles):
    for url, a in extracted.items():
        g = gold_articles[url]
        assert a.title == g["title"], url
        assert a.publisher == g["source"], url
        shown = a.published.strftime("%Y-%m-%d %H:%M") if a.published_precision == "minute" else \
            a.published.strftime("%Y-%m-%d")
        assert g["published"].startswith(shown), (url, shown, g["published"])
        assert a.published.utcoffset().total_seconds() == 8 * 3600
        assert a.column == g["column"], url


def test_body_matches_and_excludes_boilerplate(extracted, gold_articles):
    for url, a in extracted.items():
        g = gold_articles[url]
        body = _norm("".join(a.body))
        for p in g["body"]:
            assert _norm(p) in body, (url, p[:30])
        for noise in ("打印本页", "关闭窗口", "责任编辑", "版权所有", "分享到", "ICP备"):
            assert noise not in body, (url, noise)


def test_gbk_page_and_date_only_precision(extracted):
    ah = [a for u, a in extracted.items() if "sjzyj.ah.gov.cn" in u]
    assert ah and all(a.published_precision == "day" and a.published.hour == 0 for a in ah)
    assert all(re.search(r"[\u4e00-\u9fff]", a.title) for a in ah)


def test_utc_times_are_converted(extracted):
    reuters = [a for u, a in extracted.items() if "reuters.com" in u]
    assert reuters and all(a.language == "en" for a in reuters)
    assert all(a.published.tzinfo is not None and a.published.utcoffset().total_seconds() == 8 * 3600 for a in reuters)


PAGE = """<html><head><meta charset="{cs}"><meta name="ArticleTitle" content="关于开展测试工作的通知">
<meta name="PubDate" content="2026-03-02 09:15"><meta name="ContentSource" content="国家数据局"></head>
<body><div class="TRS_Editor"><p>国数测〔2026〕7号</p><p>　　为推进数据要素市场建设，现就有关事项通知如下。</p>
<p>附件：<a href="./P0202603.pdf">测试清单.pdf</a></p></div></body></html>"""


def test_gbk_bytes_with_lying_meta():
    raw = PAGE.format(cs="utf-8").encode("gb18030")      # says utf-8, is GBK
    a = extract_page(raw, "https://www.nda.gov.cn/sjj/zwgk/zcfb/0302/x.html")
    assert not isinstance(a, ExtractError)
    assert a.title == "关于开展测试工作的通知" and a.doc_no == "国数测〔2026〕7号" and a.doc_type == "通知"
    assert a.attachments[0].type == "pdf" and a.attachments[0].url.endswith("/0302/P0202603.pdf")
    assert a.body[-1].startswith("为推进数据要素市场建设")


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"\x00\x01\x02binary", "no title"),
])
def test_bad_input_gives_clear_error(raw, reason):
    r = extract_page(raw, "https://example.org/x.html")
    assert isinstance(r, ExtractError) and reason in r.reason


def test_truncated_html_is_best_effort():
    raw = PAGE.format(cs="utf-8").encode("utf-8")[:420]
    r = extract_page(raw, "https://www.nda.gov.cn/a.html")
    assert not isinstance(r, ExtractError) and r.title == "关于开展测试工作的通知"


def test_gzip_bytes_do_not_crash():
    r = extract_page(gzip.compress(b"<html>x</html>"), "https://example.org/x.html")
    assert isinstance(r, ExtractError)
