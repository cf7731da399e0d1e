"""Bad input: every page gets a clear ExtractError or a best-effort article, never an exception.
Also the decoding rules, the date forms and the 文号 bracket forms the extractor must read."""
import gzip
import json
import time
from datetime import datetime

import pytest

from ribao.extract import ExtractError, extract_page
from ribao.extract.dates import parse_datetime
from ribao.extract.decode import decode_html
from ribao.extract.page import MAX_BYTES
from ribao.timeutil import CST

URL = "https://www.example.gov.cn/zwgk/202607/t20260714_1.html"
HEAD = ('<html><head><meta charset="{cs}"><meta name="ArticleTitle" content="关于做好迎峰度夏电力保供工作的通知">'
        '<meta name="PubDate" content="2026-07-14 10:00"><meta name="ContentSource" content="省能源局"></head><body>')
PARAS = ["各市能源主管部门：", "为保障迎峰度夏期间电力安全稳定供应，现将有关事项通知如下。", "请各地认真抓好落实。"]
PAGE = HEAD + '<div class="TRS_Editor">' + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>"


def extract(raw, content_type=None):
    return extract_page(raw, URL, content_type)


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty"),
    (b" \r\n\t ", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj", "PDF"),
    (b"\n  %PDF-1.4 served as html", "PDF"),
    (gzip.compress(PAGE.format(cs="utf-8").encode()), "gzip"),
    (b"<html><body><div></div></body></html>", "no title"),
    (b"<html><head><title>\xe6\xa0\x87\xe9\xa2\x98\xe4\xb8\x80\xe4\xba\x8c</title></head><body></body></html>", "no article body"),
    ("<html>not bytes</html>", "not bytes"),
])
def test_clear_errors(raw, reason):
    r = extract(raw)
    assert isinstance(r, ExtractError) and reason in r.reason and r.url == URL


def test_truncated_html_is_best_effort():
    raw = PAGE.format(cs="utf-8").encode()
    cut = raw[:raw.index("现将有关事项".encode()) + 6]
    a = extract(cut)
    assert not isinstance(a, ExtractError)
    assert a.title == "关于做好迎峰度夏电力保供工作的通知" and a.body[0] == PARAS[0]


def test_two_html_documents_keep_the_article():
    stub = '<html><head><title>页面跳转</title></head><body><p>正在跳转</p></body></html>\n'
    a = extract((stub + PAGE.format(cs="utf-8")).encode())
    assert not isinstance(a, ExtractError)
    assert a.title == "关于做好迎峰度夏电力保供工作的通知" and a.body == PARAS


def test_invalid_bytes_in_gbk_page():
    raw = PAGE.format(cs="gbk").encode("gb18030")
    broken = raw.replace("现将".encode("gb18030"), b"\x81\x20", 1)  # not a GBK sequence
    a = extract(broken, "text/html; charset=GBK")
    assert not isinstance(a, ExtractError)
    assert a.title == "关于做好迎峰度夏电力保供工作的通知" and a.publisher == "省能源局"
    assert a.body[0] == PARAS[0] and "有关事项通知如下" in a.body[1]


def test_lying_meta_charset_with_broken_bytes():
    raw = PAGE.format(cs="utf-8").encode("gb18030") + b"\xff"  # says utf-8, is GBK, one bad byte
    a = extract(raw)
    assert not isinstance(a, ExtractError) and a.title == "关于做好迎峰度夏电力保供工作的通知"


def test_header_charset_beats_meta_and_gb2312_reads_as_gb18030():
    text = PAGE.format(cs="iso-8859-1").replace("省能源局", "省能源局（䶮）")  # 䶮 is not in GB2312
    a = extract(text.encode("gb18030"), "text/html; charset=gb2312")
    assert a.publisher == "省能源局（䶮）"


def test_nul_and_control_bytes():
    raw = PAGE.format(cs="utf-8").encode().replace(b"<p>", b"<p>\x00\x01", 1)
    a = extract(raw)
    assert not isinstance(a, ExtractError) and a.body[0] == PARAS[0]


def test_twenty_megabyte_pages_are_bounded():
    """Cut to MAX_BYTES before parsing (inline data: URIs dropped first): an article, not minutes."""
    rows = "".join(f"<tr><td>{i}</td><td>数据项{i}</td></tr>" for i in range(700_000))
    table = (HEAD.format(cs="utf-8") + '<div id="zoom"><p>附表如下。</p><table>' + rows + "</table></div></body></html>").encode()
    image = (HEAD.format(cs="utf-8") + '<div id="zoom"><p><img src="data:image/png;base64,' + "QUJD" * 5_000_000
             + '"></p><p>图片之后的正文。</p></div></body></html>').encode()
    for raw in (table, image):
        assert len(raw) > 20_000_000
        t0 = time.monotonic()
        a = extract(raw)
        assert time.monotonic() - t0 < 60  # a hang guard, not a speed figure (bench/extract_speed.py)
        assert not isinstance(a, ExtractError) and a.title == "关于做好迎峰度夏电力保供工作的通知"
    assert a.body == ["图片之后的正文。"]
    assert MAX_BYTES < 20_000_000


DEEP_PARAGRAPH = ("很深的正文段落，用来测试嵌套很深的页面能否被完整地读出来。嵌套在二百层以内的页面，"
                  "解析器不会截断，正文应当完整保留，一个字也不能少。")


@pytest.mark.parametrize("open_tag,close_tag,levels", [
    ("<div>", "</div>", 100_000), ("<b>", "", 100_000), ("<span>", "", 1_000_000), ("<div>", "</div>", 300),
])
def test_deep_nesting_is_reported_not_lost(open_tag, close_tag, levels):
    """libxml2 stops nesting at 256 levels and drops the rest: the page is a reported error, never an
    "article" whose body silently became its title (the fault probe's 100k <div>, <b>, 1M <span>)."""
    raw = (HEAD.format(cs="utf-8") + open_tag * levels + f"<p>{DEEP_PARAGRAPH}</p>" + close_tag * levels).encode()
    t0 = time.monotonic()
    r = extract(raw)
    assert time.monotonic() - t0 < 30  # a hang guard; bench/extract_speed.py has the figures
    assert isinstance(r, ExtractError) and "nested more than 256 deep" in r.reason


def test_nesting_within_the_limit_extracts():
    raw = (HEAD.format(cs="utf-8") + "<div>" * 200 + f"<p>{DEEP_PARAGRAPH}</p>" + "</div>" * 200).encode()
    a = extract(raw)
    assert not isinstance(a, ExtractError), a
    assert a.body == [DEEP_PARAGRAPH]


@pytest.mark.parametrize("raw", [bytes(range(256)) * 100, b"<" * 10000, b"<html>" * 3000])
def test_junk_gets_a_known_reason(raw):
    r = extract(raw)
    assert isinstance(r, ExtractError) and r.reason.startswith(("no title found", "no article body found",
                                                                "no HTML document")), r


def test_many_attributes_on_one_element_are_bounded():
    """200,000 attributes on one element took libxml2 7 minutes: start tags are cut to MAX_TAG bytes
    of attributes before parsing, so the page extracts at once."""
    attrs = " ".join(f'data-a{i}="x"' for i in range(200_000))
    raw = (HEAD.format(cs="utf-8") + f'<div class="TRS_Editor" {attrs}>' + "".join(f"<p>{p}</p>" for p in PARAS)
           + "</div></body></html>").encode()
    assert len(raw) > 2_000_000
    t0 = time.monotonic()
    a = extract(raw)
    assert time.monotonic() - t0 < 30
    assert not isinstance(a, ExtractError), a
    assert a.body == PARAS


def test_empty_element_junk_before_the_body_keeps_the_body():
    """20 MB of <i></i> before the article used to push the body past the size cut."""
    raw = (HEAD.format(cs="utf-8") + "<i></i>" * 3_000_000 + '<div class="TRS_Editor">'
           + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>").encode()
    assert len(raw) > 20_000_000
    a = extract(raw)
    assert not isinstance(a, ExtractError), a
    assert a.body == PARAS


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_encodings_with_a_bom(codec):
    """A UTF-16/32 page with its byte-order mark (the meta tag saying utf-8) is read as what it is."""
    text = PAGE.format(cs="utf-8")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
           "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    a = extract(bom + text.encode(codec))
    assert not isinstance(a, ExtractError), a
    assert a.title == "关于做好迎峰度夏电力保供工作的通知" and a.publisher == "省能源局" and a.body == PARAS


@pytest.mark.parametrize("where", ["meta", "header"])
def test_utf8_page_declaring_utf16_is_read(where):
    """A page whose bytes are UTF-8 but whose meta tag (or header) says utf-16 was lost."""
    text = PAGE.format(cs="utf-16" if where == "meta" else "utf-8")
    a = extract(text.encode(), "text/html; charset=utf-16" if where == "header" else None)
    assert not isinstance(a, ExtractError), a
    assert a.title == "关于做好迎峰度夏电力保供工作的通知" and a.body == PARAS


def test_stale_attribute_dates_are_ignored():
    page = ('<html><head><meta charset="utf-8"><title>某某通知</title></head><body><h1>某某通知标题</h1>'
            '<div class="date" title="2019-01-01 08:00">发布时间：2026-07-14 09:30 <img alt="2020-02-02 20:20"></div>'
            '<div id="zoom"><p>正文内容足够长，满足正文容器的最小长度要求。</p></div></body></html>')
    a = extract(page.encode())
    assert a.published == datetime(2026, 7, 14, 9, 30, tzinfo=CST)


@pytest.mark.parametrize("line", ["国发〔2026〕7号", "国发[2026]7号", "国发［2026］7号", "国发（2026）7号", "国发(2026)7号"])
def test_doc_no_bracket_forms(line):
    page = HEAD.format(cs="utf-8") + f'<div id="zoom"><p>{line}</p>' + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    assert extract(page.encode()).doc_no == line


def test_doc_no_from_gov_cn_table_and_centred_stamp():
    table = ('<table><tr><td><b>发文字号：</b></td><td>国办发〔2026〕19号</td></tr>'
             '<tr><td>成文日期：</td><td>2026年07月10日</td></tr></table>')
    page = HEAD.format(cs="utf-8") + table + '<div id="UCAP-CONTENT">' + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    a = extract(page.encode())
    assert a.doc_no == "国办发〔2026〕19号" and a.published.hour == 10
    stamped = HEAD.format(cs="utf-8") + '<div class="TRS_Editor"><p style="text-align: center">发改能源〔2026〕9号</p>' \
        + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    a = extract(stamped.encode())
    assert a.doc_no == "发改能源〔2026〕9号" and a.body == PARAS  # the centred header stamp is not a paragraph


@pytest.mark.parametrize("text,expected,precision", [
    ("2026-06-27 15:30", datetime(2026, 6, 27, 15, 30, tzinfo=CST), "minute"),
    ("2026/06/27", datetime(2026, 6, 27, tzinfo=CST), "day"),
    ("2026年06月27日08:21", datetime(2026, 6, 27, 8, 21, tzinfo=CST), "minute"),
    ("2026年6月27日 15时30分", datetime(2026, 6, 27, 15, 30, tzinfo=CST), "minute"),
    ("2026.06.27", datetime(2026, 6, 27, tzinfo=CST), "day"),
    ("2026-07-14-18:05:33", datetime(2026, 7, 14, 18, 5, tzinfo=CST), "minute"),
    ("2026-07-13T08:48:00Z", datetime(2026, 7, 13, 16, 48, tzinfo=CST), "minute"),
    ("2026-07-13T08:48:00.250+00:00", datetime(2026, 7, 13, 16, 48, tzinfo=CST), "minute"),
    ("2026-07-13T08:48:00", datetime(2026, 7, 13, 8, 48, tzinfo=CST), "minute"),
])
def test_date_forms(text, expected, precision):
    st = parse_datetime(text)
    assert st is not None and st.when == expected and st.precision == precision


def test_decoding_order():
    gbk = "国家能源局".encode("gb18030")
    assert decode_html(b'<meta charset="gbk">' + gbk) == ('<meta charset="gbk">国家能源局', "gb18030", True)
    assert decode_html(b'<meta charset="utf-8">' + gbk).encoding == "gb18030"          # a lying meta
    assert decode_html("国家能源局".encode(), "text/html; charset=GB2312").encoding == "utf-8"  # a lying header
    assert decode_html(b"\xef\xbb\xbf" + "能源".encode()).text == "能源"
    text, enc, exact = decode_html(gbk + b"\x81\x20" + gbk, "text/html; charset=gbk")   # one broken sequence
    assert enc == "gb18030" and text.startswith("国家能源局") and text.endswith("国家能源局") and not exact


def test_cli_prints_one_article_per_article_page(dev_corpus, gold_articles):
    from typer.testing import CliRunner

    from ribao.cli import app

    res = CliRunner().invoke(app, ["extract", "--warc", str(dev_corpus / "corpus.warc.gz"), "--jsonl"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert sorted(r["url"] for r in records) == sorted(gold_articles)
    for r in records:
        assert {"url", "title", "published", "publisher", "site", "column", "author", "doc_no", "doc_type",
                "attachments", "body"} <= set(r)
        assert r["published"].endswith("+08:00") and isinstance(r["body"], list) and r["body"]


@pytest.mark.parametrize("raw,charset", [
    ("国家能源局".encode("gb18030"), "utf-8"),                   # GBK under a UTF-8 label
    ("能".encode()[:2] + "源局".encode(), "utf-8"),              # a cut UTF-8 sequence
    (b"\xed\xa0\x80", "utf-8"),                                  # a surrogate
    (b"\xc0\xaf", "utf-8"),                                      # an overlong form
    (b"\xf4\x90\x80\x80", "utf-8"),                              # past U+10FFFF
    ("国家".encode("gb18030") + b"\x81\x20", "gb18030"),         # a broken pair
    (b"\x80", "gb18030"),
    (b"\xff", "gb18030"),
    (b"\x84\x31\xa5\x30", "gb18030"),                            # a 4-byte sequence past the mapping
])
def test_bytes_libxml2_rejects_are_the_bytes_python_rejects(raw, charset):
    """The page is parsed as bytes in its declared charset; bytes libxml2 finds invalid send it to
    decode_html's rules. That is sound only if libxml2 rejects what Python's codec rejects."""
    from ribao.extract.page import _parse

    page = f'<html><head><meta charset="{charset}"></head><body><p>'.encode() + raw + b"</p></body></html>"
    with pytest.raises(UnicodeDecodeError):
        page.decode(charset)
    root, decoded, _ = _parse(page, f"text/html; charset={charset}")
    assert decoded is not None and root is not None  # fell back to decode_html
    valid = PAGE.format(cs=charset).encode(charset)
    assert _parse(valid, f"text/html; charset={charset}")[1] is None  # parsed once, as bytes
