"""The general extractor on layouts no rule names: one small page per class of failure seen on real
pages (issue 10). Each page is written the way the class shows up, with site-neutral markup."""
from datetime import datetime

import pytest
from typer.testing import CliRunner

from ribao.catalog import load_catalog
from ribao.extract import ExtractError, ExtractorBroken, extract_page
from ribao.timeutil import CST

BODY = ["为贯彻落实有关部署，加快推进相关工作，现将有关事项通知如下。",
        "一、各地要高度重视，认真组织实施，确保各项措施落到实处，取得实效。",
        "二、请于年底前将工作进展情况报送我局，联系人：综合处，电话：010-12345678。"]
PARAS = "".join(f"<p>{p}</p>" for p in BODY)
NAV = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(12))
RELATED = "".join(f'<li><a href="/a{i}.html">相关新闻标题第{i}条关于某项工作的报道</a><span>2026-07-0{i % 9 + 1}</span></li>'
                  for i in range(10))


def page(head: str = "", before: str = "", body: str = PARAS, after: str = "", title: str = "关于开展示范工作的通知_某某网") -> bytes:
    """A page of unknown layout: navigation, the article in unnamed divs, related links, a footer."""
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f'<div class="top"><ul>{NAV}</ul></div><div class="main"><div class="left">{before}'
            f'<div class="txt">{body}</div>{after}</div><div class="right"><ul>{RELATED}</ul></div></div>'
            '<div class="foot">版权所有 某某网 京ICP备00000000号</div></body></html>').encode()


def extract(raw: bytes, url: str = "https://www.example-news.cn/2026/07/15/a1.html"):
    a = extract_page(raw, url, catalog=load_catalog())
    assert not isinstance(a, ExtractError), a
    return a


def test_density_finds_the_article_among_menus_and_related_links():
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>"))
    assert a.title == "关于开展示范工作的通知"
    assert a.body == BODY


def test_source_label_split_by_markup():
    info = '<div class="info">2026-07-15 09:30　来<span>&nbsp;&nbsp;</span>源：<span>某某日报</span></div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + info))
    assert a.publisher == "某某日报"
    assert a.published == datetime(2026, 7, 15, 9, 30, tzinfo=CST) and a.published_precision == "minute"


def test_info_line_inside_the_container_goes_to_the_fields():
    body = '<p>2026年07月14日　　来源：综合司</p><p>发布时间：2026-07-14 16:05</p>' + PARAS
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body == BODY
    assert a.publisher == "综合司" and a.published == datetime(2026, 7, 14, 16, 5, tzinfo=CST)


def test_metadata_table_inside_the_container_leaves_the_body():
    table = ('<table><tr><td>索引号：</td><td>000014349/2026-00012</td><td>发文机关：</td><td>某某省人民政府</td></tr>'
             '<tr><td>成文日期：</td><td>2026年07月10日</td><td>发布日期：</td><td>2026年07月14日</td></tr>'
             '<tr><td>发文字号：</td><td>某政发〔2026〕12号</td><td>主题分类：</td><td>综合政务</td></tr></table>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=table + PARAS),
                url="https://www.example.gov.cn/zwgk/2026/0714/a.html")
    assert a.body == BODY
    assert a.doc_no == "某政发〔2026〕12号"
    assert a.published.date() == datetime(2026, 7, 14).date()  # 发布日期, not 成文日期
    assert a.publisher == "某某省人民政府"                          # no 来源 line: the 发文机关


def test_publish_date_beats_the_date_signed():
    info = '<div class="info">成文日期：2026-07-10　发布日期：2026-07-14</div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + info))
    assert a.published == datetime(2026, 7, 14, tzinfo=CST) and a.published_precision == "day"


def test_unlisted_gov_cn_host_gets_the_publisher_the_page_shows():
    """gov.cn is in the catalog; www.xyz.gov.cn is not its page (a public suffix owns only itself)."""
    info = '<div class="info">发布时间：2026-07-14　来源：某某局</div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + info), url="https://www.xyz.gov.cn/art/2026/a.html")
    assert a.publisher == "某某局" and a.site == "www.xyz.gov.cn"
    bare = extract(page(before="<h1>关于开展示范工作的通知</h1>"), url="https://www.xyz.gov.cn/art/2026/a.html")
    assert bare.publisher != load_catalog().by_id("govcn").publisher


def test_multi_line_centred_title_and_the_doc_no_under_it():
    head = ('<div style="text-align:center"><strong>某某省发展改革委 某某省能源局关于</strong></div>'
            '<div style="text-align:center"><strong>开展示范</strong></div>'
            '<div style="text-align:center"><strong>工作的通知</strong></div>'
            '<div style="text-align:center">某发改能源〔2026〕88号</div>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=head + PARAS))
    assert a.body == BODY and a.doc_no == "某发改能源〔2026〕88号"


def test_notice_number_in_place_of_a_doc_no():
    head = '<p style="text-align: center;"><b>国家某某局公告2026年第19号</b></p>'
    a = extract(page(before="<h1>关于开展示范工作的公告</h1>", body=head + PARAS, title="关于开展示范工作的公告"))
    assert a.doc_no == "国家某某局公告2026年第19号" and a.body == BODY


def test_raw_html_inside_meta_article_title():
    meta = '<meta name="ArticleTitle" content="为建设凝聚力量<div>——热烈祝贺会议开幕</div>">'
    a = extract(page(head=meta, before="<h1>为建设凝聚力量</h1>"))
    assert a.title == "为建设凝聚力量——热烈祝贺会议开幕"


def test_headline_over_a_title_cut_at_its_separator():
    a = extract(page(before="<h1>某市召开会议：部署下半年重点工作</h1>", title="某市召开会议：部署下半年重点工作_要闻_某某网"))
    assert a.title == "某市召开会议：部署下半年重点工作"
    meta = '<meta property="og:title" content="栏目摘要 - 某市召开会议部署重点工作">'
    b = extract(page(head=meta, before="<h1>某市召开会议部署重点工作</h1>"))
    assert b.title == "某市召开会议部署重点工作"


def test_hidden_leave_site_dialog_is_never_the_body():
    dialog = ('<div class="link-wrapper"><div class="link-mask"></div><div class="link-inner"><div class="content">'
              '<h1>您访问的链接即将离开某某部门户网站，是否继续？</h1><span>继续访问</span><span>取消</span></div></div></div>')
    video_only = (f'<html><head><meta charset="utf-8"><title>视频丨某某节目</title></head><body><ul>{NAV}</ul>'
                  f'<div class="video"><video src="v.mp4"></video></div>{dialog}</body></html>').encode()
    r = extract_page(video_only, "https://www.example.gov.cn/sp/2026/a.shtml")
    assert isinstance(r, ExtractError) and "no article body" in r.reason
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", after=dialog))
    assert a.body == BODY


def test_share_follow_and_credit_lines_leave_the_body():
    tail = ('<p>（记者 张三 李四）</p><p>分享让更多人看到</p><p>欢迎关注我们的公众号</p>'
            '<p>责任编辑：王五</p>')
    head = '<p>原标题：开展示范工作</p><p>本报记者 赵六</p>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=head + PARAS + tail))
    assert a.body == BODY


def test_time_and_source_in_plain_spans_under_the_headline():
    byline = '<div><span>2017-11-24 15:13:18</span> <span>某某网</span></div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + byline))
    assert a.published == datetime(2017, 11, 24, 15, 13, tzinfo=CST) and a.published_precision == "minute"
    assert a.publisher == "某某网"


def test_attachments_in_a_download_box_beside_the_container():
    box = ('<div class="attachment"><div class="l">附件：</div><div class="r"><p>'
           '<a href="./P0202607.pdf">示范工作方案.pdf</a><br><a href="./P0202607.ofd">示范工作方案.ofd</a></p></div></div>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", after=box))
    assert [(x.name, x.type) for x in a.attachments] == [("示范工作方案.pdf", "pdf"), ("示范工作方案.ofd", "ofd")]
    assert a.attachments[0].url == "https://www.example-news.cn/2026/07/15/P0202607.pdf"


def test_list_page_gets_no_body():
    listing = "".join(f'<li><a href="/t{i}.html">关于开展第{i}批示范工作的通知</a><span>2026-07-{i + 1:02d}</span></li>'
                      for i in range(25))
    raw = (f'<html><head><meta charset="utf-8"><title>通知公告</title></head><body><ul>{NAV}</ul>'
           f'<div class="list"><ul>{listing}</ul></div></body></html>').encode()
    r = extract_page(raw, "https://www.example.gov.cn/tzgg/")
    assert isinstance(r, ExtractError) and "no article body" in r.reason


def test_a_missing_module_is_a_broken_install_not_a_bad_page(monkeypatch, tmp_path):
    """An ImportError inside extraction stops the run with one line, instead of being stored as the
    reason every page failed (the lost lxml.html.clean extra cost half a batch, silently)."""
    from ribao.cli import app
    from ribao.extract import page as page_module

    def broken(*_a, **_k):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(page_module, "_body", broken)
    raw = page(before="<h1>关于开展示范工作的通知</h1>")
    with pytest.raises(ExtractorBroken, match="installation is broken"):
        extract_page(raw, "https://www.example-news.cn/a.html")
    f = tmp_path / "a.html"
    f.write_bytes(raw)
    res = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "extract", str(f)])
    assert res.exit_code == 2 and "installation is broken" in res.output
    assert "Traceback" not in res.output


def test_cli_counts_pages_that_yield_no_article(tmp_path):
    from ribao.cli import app

    good, bad = tmp_path / "a.html", tmp_path / "b.html"
    good.write_bytes(page(before="<h1>关于开展示范工作的通知</h1>"))
    bad.write_bytes(b"")
    res = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "extract", str(good)])
    assert res.exit_code == 0 and "1 pages: 1 articles, 0 errors" in res.output
    res = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "extract", str(bad)])
    assert res.exit_code == 1 and "1 pages: 0 articles, 1 errors" in res.output and "empty response body" in res.output


def test_the_store_and_verifier_do_not_load_the_extractor():
    import subprocess
    import sys

    code = ("import sys, ribao.store, ribao.verify, ribao.analyze.select; "
            "print(sorted(m for m in sys.modules if m.startswith('ribao.extract')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
