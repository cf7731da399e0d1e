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


# -- round 2: classes of real-page failure (publisher, the body's head and foot, times, titles, kinds) --

def test_source_in_a_metadata_table_with_its_label_split_and_its_value_in_the_next_cell():
    table = ('<table><tr><td>标　　题：</td><td>关于开展示范工作的通知</td></tr>'
             '<tr><td>发文机关：</td><td>某某局</td></tr><tr><td>发文字号：</td><td>某发〔2026〕3号</td></tr>'
             '<tr><td>来<span>&nbsp;&nbsp;</span>源：</td><td>某某局网站</td></tr>'
             '<tr><td>成文日期：</td><td>2026年07月10日</td></tr></table>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + table))
    assert a.publisher == "某某局网站" and a.doc_no == "某发〔2026〕3号"
    unit = table.replace("发文机关", "发文单位").replace("<tr><td>来<span>&nbsp;&nbsp;</span>源：</td><td>某某局网站</td></tr>", "")
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>" + unit)).publisher == "某某局"


@pytest.mark.parametrize("line, publisher", [
    ("2005年3月11日12:12 来源：[ 某某网 ]", "某某网"),
    ("本文来源于 某某见闻 2018-05-29 09:19:00 我要评论", "某某见闻"),
    ("2018-06-13 00:00:00 来源: <a href='/'>某某经济报道</a>(广州) 分享到", "某某经济报道(广州)"),
    ("2020年07月04日 12:10　来源：某某网<a href='#c'>参与互动</a>", "某某网"),
    ("2026-07-15 09:30 稿源：<a href='/'>某某网－某某日报</a>", "某某网－某某日报"),
])
def test_source_values_in_brackets_after_laiyuanyu_with_a_place_or_a_link_beside_them(line, publisher):
    a = extract(page(before=f"<h1>关于开展示范工作的通知</h1><div>{line}</div>"))
    assert a.publisher == publisher


def test_a_reprint_credit_at_the_foot_names_the_publisher_when_the_head_names_none():
    """来源：转载文章 says only that the text is a reprint; the 来源 line under the text names the original."""
    head = '<div>2005-02-06 13:26更新 来源：转载文章 发表评论</div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + head, body=PARAS + "<p>来源：某某社</p>"))
    assert a.publisher == "某某社" and a.body == BODY
    b = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS + "<p>（来源：某某社）</p>"))
    assert b.publisher == "某某社" and b.body == BODY
    shown = '<div>2026-07-15 09:30 来源：某某日报</div>'
    c = extract(page(before="<h1>关于开展示范工作的通知</h1>" + shown, body=PARAS + "<p>本文来源：某某社</p>"))
    assert c.publisher == "某某日报"  # the head's 来源 first


@pytest.mark.parametrize("byline, publisher", [
    ("<span>某某中文站</span><span>2016年10月14日07:17</span>", "某某中文站"),
    ("<span>2005年03月21日 11:21</span> <span>《某某周刊》</span>", "某某周刊"),
    ("<p><span>第一财经</span><em>2018-05-22 10:17:00</em></p>", "第一财经"),
    ("<span>2018年04月12日 08:52</span> <a href='/'>中国某某网</a>", "中国某某网"),
])
def test_a_media_name_beside_the_time_under_the_headline(byline, publisher):
    a = extract(page(before=f"<h1>关于开展示范工作的通知</h1><div>{byline}</div>"))
    assert a.publisher == publisher


def test_a_person_beside_the_time_is_the_author_not_the_publisher():
    a = extract(page(before="<h1>关于开展示范工作的通知</h1><div><span>张小明</span>2018-04-05 00:25</div>"))
    assert a.publisher != "张小明"


def test_the_site_name_in_the_form_the_reader_sees():
    latin = '<meta property="og:site_name" content="Example.com">'
    a = extract(page(head=latin, before="<h1>关于开展示范工作的通知</h1>", title="关于开展示范工作的通知 - Example"))
    assert a.publisher == "Example"
    two = '<meta property="og:site_name" content="RFI - 某国国际广播电台">'
    assert extract(page(head=two, before="<h1>关于开展示范工作的通知</h1>")).publisher == "某国国际广播电台"
    channel = extract(page(before="<h1>关于开展示范工作的通知</h1>", title="关于开展示范工作的通知-某狐汽车"))
    assert channel.publisher == "某狐汽车"


def test_the_copyright_line_names_a_site_that_names_itself_nowhere_else():
    raw = page(before="<h1>关于开展示范工作的通知</h1>", title="关于开展示范工作的通知").replace(
        "版权所有 某某网 京ICP备00000000号".encode(), "版权所有 江苏某某晚报有限公司 苏ICP备00000000号".encode())
    assert extract(raw).publisher == "某某晚报"
    raw = raw.replace("版权所有 江苏某某晚报有限公司".encode(), "所有内容为中国某某新闻网版权所有".encode())
    assert extract(raw).publisher == "中国某某新闻网"


@pytest.mark.parametrize("head", [
    "<p>编者按：本报今起推出系列报道，敬请关注。这是一段编者的说明文字。</p>",
    "<p>■要点一：示范工作全面铺开，各地推进有力。</p><p>■要点二：年底前报送工作进展。</p>",
    '<p><img src="a.jpg"></p><p>图为示范工作现场。</p>',
    "<p>人物画像</p>",
    "<p>专家认为示范工作意义重大</p><p>本报记者 王某某 发自北京</p>",
    "<p>【推广】相关服务平台上线，欢迎使用。</p><p>来源：某某经济报道</p>",
    '<p><a href="/x.html">英文报道 Exclusive: A Related Story</a></p>',
])
def test_what_heads_the_text_but_is_not_it_leaves_the_body(head):
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=head + PARAS))
    assert a.body == BODY


def test_a_bullet_that_marks_the_texts_own_items_stays():
    items = [f"◇第{i}项：各地要高度重视，认真组织实施，确保各项措施落到实处。" for i in range(1, 4)]
    body = f"<p>{items[0]}</p><p>{items[1]}</p><p>今日议程</p><p>{items[2]}</p>"
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body + PARAS))
    assert a.body[0] == items[0] and items[2] in a.body


@pytest.mark.parametrize("foot", [
    "<p>《某某日报》（2022年02月13日 02版）</p>",
    "<p>原创版权禁止商业转载 <a href='/s'>授权&gt;&gt;</a></p><p>转载申请事宜以及报告非法侵权行为，请联系我们：010-12345678</p>",
    "<p>相关附件：</p><p><a href='/f.xls'>附件：项目储备清单.xls</a></p>",
    '<div class="box"><div class="hd"><div class="name">政策文件</div></div><div class="bd"><ul></ul></div></div>',
    "<p>喜欢这篇文章？去App商店搜某某日报，每天看点不一样的。</p>",
    "<p>原标题：关于开展示范工作的通知</p>",
    "<p>题图来自某某图库</p>",
])
def test_what_closes_the_page_but_is_not_the_text_leaves_the_body(foot):
    notes_room = "".join(f"<p>{p}</p>" for p in BODY * 3)  # the notes of a bulletin follow a long text
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=notes_room + foot))
    assert a.body == BODY * 3


def test_a_print_credit_and_a_bracketed_outlet_glued_to_the_last_sentence():
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>",
                     body=PARAS[:-4] + "（刊于《某某谈》2019年第24期）</p>"))
    assert a.body == BODY
    b = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS[:-4] + "（某某经纬APP）</p>"))
    assert b.body == BODY
    c = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS[:-4] + "（张三 李四 ）</p>"))
    assert c.body == BODY


def test_an_official_documents_attachment_note_signature_and_imprint():
    sign = ('<p>附件：<a href="/s.html">示范企业名单</a></p><p>某某局办公室</p><p>2026年7月10日</p>'
            '<p>抄送：某某委、某某办</p><p>某某局办公室 2026年7月10日印发</p>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS + sign),
                url="https://www.example.gov.cn/zwgk/2026/a.html")
    assert a.body == [*BODY, "附件：示范企业名单", "某某局办公室", "2026年7月10日"]


def test_a_cms_container_that_holds_the_pages_foot_ends_where_the_text_does():
    """A CMS's own container (id article_content) with the site's boxes of links, its feedback line
    and copyright after the article: the body ends with the article, its short unlinked closing
    line and signature kept."""
    foot = ("<div><a href='/k'>文章关键词</a>：<a href='/k1'>示范</a> <a href='/k2'>工作</a></div>"
            + "".join(f"<li><a href='/r{i}.html'>相关新闻标题第{i}条关于某项工作的报道</a></li>" for i in range(8))
            + "<p>24小时滚动播报最新的资讯，更多福利请关注我们的频道。</p><p>电话：400-000-0000 欢迎批评指正</p>"
              "<p>Copyright © 1996-2018 Example Corporation</p>")
    body = PARAS + "<p>特此通知。</p><p>某某局</p><p>2026年7月10日</p>" + foot
    raw = page(before="<h1>关于开展示范工作的通知</h1>").replace(
        f'<div class="txt">{PARAS}</div>'.encode(), f'<div id="article_content">{body}</div>'.encode())
    a = extract(raw)
    assert a.body == [*BODY, "特此通知。", "某某局", "2026年7月10日"]


def test_a_box_of_teaser_links_inside_the_text_leaves_it():
    box = ("<table><tr><td>今日焦点：</td></tr>"
           + "".join(f"<tr><td>· <a href='/f{i}.html'>某某焦点新闻标题之{i}</a></td></tr>" for i in range(4)) + "</table>")
    lead = BODY[0] * 3  # a lead that outweighs the box (the box between a one-line lead and the rest cuts it off)
    body = f"<p>{lead}</p>{box}<p>{BODY[1]}</p><p>{BODY[2]}</p>"
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body)).body == [lead, *BODY[1:]]


@pytest.mark.parametrize("script, when, precision", [
    ('var nickname = "某某日报"; var ct = "1521408600"; var publish_time = "2018-03-19" || "";',
     datetime(2018, 3, 19, 5, 30, tzinfo=CST), "minute"),
    ('window.DATA = {"title": "x", "pubtime": "2018-06-13 07:36:34", "media": "某某新闻"};',
     datetime(2018, 6, 13, 7, 36, tzinfo=CST), "minute"),
])
def test_a_publish_time_only_a_script_sets(script, when, precision):
    a = extract(page(head=f"<script>{script}</script>", before="<h1>关于开展示范工作的通知</h1>"))
    assert a.published == when and a.published_precision == precision


def test_a_time_in_a_named_zone_and_a_meta_written_with_value():
    zoned = '<div class="info">更新时间 2012年12月10日, 格林尼治标准时间10:41</div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>" + zoned))
    assert a.published == datetime(2012, 12, 10, 18, 41, tzinfo=CST)
    meta = '<meta value="2016-12-14T06:02:15Z" name="og:article:published_time">'
    b = extract(page(head=meta, before="<h1>关于开展示范工作的通知</h1>"))
    assert b.published == datetime(2016, 12, 14, 14, 2, 15, tzinfo=CST)
    box = '<span id="paperdate">2022年02月13日</span>'
    assert extract(page(before=box + "<h1>关于开展示范工作的通知</h1>")).published == datetime(2022, 2, 13, tzinfo=CST)


def test_titles_a_hidden_copy_an_english_subtitle_a_separator_in_the_headline_no_title_element():
    hidden = '<div style="display:none"><div class="share-title">关于开展示范工作的通知-某某网</div></div>'
    a = extract(page(before='<div class="h-title">关于开展示范工作的通知</div>', after=hidden,
                     title="关于开展示范工作的通知-某某网"))
    assert a.title == "关于开展示范工作的通知"
    sub = '<h2 class="title_con">示范工作分地区决算表<br>Final Accounts of the Demonstration Work by Region</h2>'
    meta = '<meta name="ArticleTitle" content="示范工作分地区决算表Final Accounts of the Demonstration Work by Region">'
    b = extract(page(head=meta, before=sub, title="示范工作分地区决算表Final Accounts of the Demonstration Work by Region"))
    assert b.title == "示范工作分地区决算表"
    full = "书记市长这一周 | 奋马扬鞭争春色，全力开向未来"
    c = extract(page(before=f'<div class="tit2">{full}</div>', title=full))
    assert c.title == full
    raw = page(before='<div class="Heading">广汽回应合资内幕 全面合作项目即将展开</div>').replace(
        "<title>关于开展示范工作的通知_某某网</title>".encode(), b"")
    assert extract(raw).title == "广汽回应合资内幕 全面合作项目即将展开"


def test_one_entry_of_a_list_of_search_results_is_no_article():
    entry = ('<li><div class="img"><img src="i{i}.jpg"></div><div class="txt-box"><h3><a href="/s{i}">关于高考志愿的'
             '第{i}点建议，仅供参考</a></h3><p class="txt-info">最近一直有读者留言问，填报志愿该选什么专业？讲真，这个问题'
             '很难回答。专业选择没有绝对的好坏对错，跟考试成绩、个人兴趣都有关系{i}。</p><div class="s-p">某某号 {i}小时前</div>'
             '</div></li>')
    raw = (f'<html><head><meta charset="utf-8"><title>高考的搜索结果</title></head><body><ul>{NAV}</ul>'
           f'<ul class="news-list">{"".join(entry.format(i=i) for i in range(8))}</ul></body></html>').encode()
    r = extract_page(raw, "https://search.example.com/s?query=x")
    assert isinstance(r, ExtractError) and "one entry of a list" in r.reason


def test_a_box_of_legal_lines_is_no_article():
    legal = ('<div class="legal"><div class="legal-title">版权与免责声明</div>'
             '<div>1.凡本站注明“文章类型：原创”的所有作品，其版权属于本网站所有。其他媒体、网站或个人转载使用时必须注明来源。</div>'
             '<div>2.凡本站注明“文章类型：转载”的所有作品，均转载自其他媒体，其他媒体、网站或个人转载使用时必须注明文章来源。</div></div>')
    raw = (f'<html><head><meta charset="utf-8"><title>某某总局</title></head><body><ul>{NAV}</ul><ul>{RELATED}</ul>'
           f'{legal}</body></html>').encode()
    r = extract_page(raw, "https://www.example.gov.cn/")
    assert isinstance(r, ExtractError) and "no article body" in r.reason


def test_a_video_mask_inside_the_article_and_an_icon_span_make_no_dialog():
    body = ('<p class="category"><span class="iconfont icon-x-bg"></span><span>智能</span></p>'
            '<div class="embed"><div class="embed-mask"></div><video src="v.mp4"></video></div>' + PARAS)
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body[-3:] == BODY


def test_a_box_named_footer_is_never_the_article():
    """A one-sentence notice and a site foot dense in punctuation (address, phones): the notice."""
    notice = ("<p>根据《某某许可证管理规定》《某某设施许可证管理办法》等有关规定，本局对本期行政许可情况予以通告，"
              "许可企业清单及告知承诺书详见附件。</p>")
    foot = ('<div class="wrapper-footer-content"><p>办公地址：某市某区某路190号　邮编：510308　值班电话：020-85125196　'
            '传真：020-85125197</p><p>某某业务办公室办公地址：某省某市某区某大道126号某大厦9层，电话：0771-5784938。</p>'
            '<p>咨询电话：020-85125209、0771-5784938（某地）、0898-66526086（某地）；接听时间：工作日。</p></div>')
    raw = (f'<html><head><meta charset="utf-8"><title>某某局行政许可通告</title></head><body><ul>{NAV}</ul>'
           f'<h1>某某局行政许可通告</h1><div class="txt">{notice}</div>{foot}</body></html>').encode()
    assert extract(raw).body == ["根据《某某许可证管理规定》《某某设施许可证管理办法》等有关规定，本局对本期行政许可情况予以通告，"
                                 "许可企业清单及告知承诺书详见附件。"]


def test_attachments_under_a_download_label_four_levels_up_and_not_a_sidebars_bare_download_link():
    box = ('<div class="dl"><p>附件下载：</p><ul><li><span><a href="./P0202510.pdf">示范工作情况.pdf</a></span></li></ul></div>')
    side = ('<table><tr><td><a href="/about.html">查看节目播出时间表</a> <a href="/icon/schedule.doc">[下载]</a></td></tr></table>')
    raw = page(before="<h1>关于开展示范工作的通知</h1>", after=box).replace(
        f"<ul>{RELATED}</ul>".encode(), f"<ul>{RELATED}</ul>{side}".encode())
    a = extract(raw)
    assert [x.url for x in a.attachments] == ["https://www.example-news.cn/2026/07/15/P0202510.pdf"]
    toolbar = '<div class="tools"><a href="./P0202510.wps">【下 载】</a> <a href="#">打印</a></div>'
    b = extract(page(before="<h1>关于开展示范工作的通知</h1>", after=toolbar))
    assert [x.type for x in b.attachments] == ["wps"]  # the article's own toolbar: this document as a file


def test_a_forum_threads_first_post_among_timestamped_replies_is_no_article():
    post = ('<table><tr><td class="post"><p>导游的收入很大一部分来自购物的回扣，这是业内的“行规”，境内游境外游都是这样的，'
            '属于国际惯例。以国内游为例，回扣一般在购物金额的三成左右。</p></td></tr></table>')
    replies = "".join(f'<li><a href="/t{i}">回复：说说你的经历之{i}</a>【网友{i}】08-{11 + i % 9} 1{i % 10}:0{i % 6} {i * 7}字</li>'
                      for i in range(20))
    raw = (f'<html><head><meta charset="utf-8"><title>旅行中，谁忽悠了你？</title></head><body><ul>{NAV}</ul>'
           f'<table><tr><td>{post}</td></tr><tr><td><ul>{replies}</ul></td></tr></table></body></html>').encode()
    r = extract_page(raw, "http://bbs.example.com/thread.jsp?id=1")
    assert isinstance(r, ExtractError) and "thread" in r.reason
