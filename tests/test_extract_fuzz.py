"""Property test of the extraction entry point: whatever the bytes, extract_page returns an
Article or an ExtractError with one of the known reasons — no exception escapes, and none is
swallowed as an internal error (the catch-all in extract_page would hide a bug)."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ribao.extract import ExtractError, extract_page
from ribao.models import Article

TAGS = ["html", "head", "body", "div", "p", "span", "td", "tr", "table", "script", "style", "meta", "title", "h1",
        "a", "br", "!--", "?xml", "time"]
ATTRS = ['id="zoom"', 'class="TRS_Editor"', 'id="UCAP-CONTENT"', 'class="date"', 'name="ArticleTitle" content="标题"',
         'name="PubDate" content="2026-07-14 10:00"', 'charset="gbk"', 'charset="utf-8"', 'href="a.pdf"',
         'type="application/ld+json"', 'style="text-align:center"', 'class="header-time"', 'class="share"']
WORDS = ["来源：", "发布时间：", "日期：", "发文字号：", "国发〔2026〕1号", "2026年07月14日08:21", "<!--ContentStart-->",
         "<!--ContentEnd-->", "正文", "附件：", "{\"headline\": 1}", "&amp;", "&#0;", "\x00", "\ufffd", "　　", "</html>",
         "<html>", "作者：", "记者："]
PAGE = ('<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="关于开展测试工作的通知">'
        '<meta name="PubDate" content="2026-07-14"><script type="application/ld+json">{"headline": "x"}</script></head>'
        '<body><div class="crumb"><a href="/">首页</a><a href="/l/">栏目</a></div>'
        '<div class="info">发布时间：2026-07-14 10:00　来源：国家数据局　作者：张三</div>'
        '<table><tr><td>发文字号：</td><td>国数测〔2026〕7号</td></tr></table>'
        '<div class="TRS_Editor"><p align="center">国数测〔2026〕7号</p><p>　　第一段正文。</p><p>第二段正文。</p>'
        '<p>附件：<a href="./P020.pdf">清单.pdf</a></p></div><div class="share">分享到：</div></body></html>')
REASONS = ("empty response body", "a PDF document", "gzip-compressed", "no HTML document", "no title found",
           "no article body found", "page body is")
TOKEN = st.one_of(
    st.builds(lambda t, a: f"<{t} {a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS + [""])),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(WORDS),
    st.text(alphabet=string.printable + "中文测试通知意见【】（）〔〕", max_size=40),
)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"])
CONTENT_TYPES = st.sampled_from([None, "text/html", "text/html; charset=gbk", "text/html; charset=utf-8",
                                 "text/html; charset=bogus"])


@st.composite
def html_ish(draw):
    return "".join(draw(st.lists(TOKEN, max_size=60))).encode(draw(ENCODINGS), errors="replace")


@st.composite
def mutated_page(draw):
    """A real-looking page with tokens spliced in, a piece cut out, or the end cut off."""
    text = PAGE
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "truncate"]))
        if op == "insert":
            text = text[:i] + draw(TOKEN) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 40)):]
        else:
            text = text[:i]
    return text.encode(draw(ENCODINGS), errors="replace")


def _check(raw: bytes, content_type):
    r = extract_page(raw, "https://www.nda.gov.cn/sjj/swdt/sjdt/0714/x.html", content_type)
    assert isinstance(r, (Article, ExtractError))
    if isinstance(r, Article):
        assert r.title and r.body and all(p.strip() for p in r.body)
        assert r.published is None or r.published.utcoffset().total_seconds() == 8 * 3600
        r.json_record()
    else:
        assert r.reason.startswith(REASONS), r.reason


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=4000), CONTENT_TYPES)
def test_any_bytes(raw, content_type):
    _check(raw, content_type)


@FUZZ
@given(html_ish(), CONTENT_TYPES)
def test_html_ish_markup(raw, content_type):
    _check(raw, content_type)


@FUZZ
@given(mutated_page(), CONTENT_TYPES)
def test_mutated_real_page(raw, content_type):
    _check(raw, content_type)
