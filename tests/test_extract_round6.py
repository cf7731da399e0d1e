"""The general extractor on the classes of failure found in round 6 of issue 10 (``holdout3/``
developed on): government information-disclosure pages and bulletins, an empty 来源 field, and
<title>s that put the site's name first or leave a page number. One small page per class, with
site-neutral markup; each fails on the code before this round."""
from test_extract_general import BODY, PARAS, extract, page

TITLE = "某某县2026年国民经济和社会发展统计公报"
URL = "https://www.example-county.cn/tjgb/202605/a1.shtml"


def _disclosure(dates: str) -> bytes:
    table = ('<div class="meta"><dl>'
             '<dd><label><font>索\u2002引\u2002号：</font></label><div>000000000A/2026-0000001</div></dd>'
             '<dd><label><font>发布机构：</font></label><div>某某县统计局</div></dd>'
             f'<dd><label><font>{dates}</font></label><div>2026-05-11</div></dd>'
             '<dd><label><font>公开方式：</font></label><div>主动公开</div></dd></dl></div>')
    organs = '<p style="text-align: center">某某县统计局\u2002\u2002 国家统计局某某调查队<br>（2026年5月）</p>'
    head = ('<meta name="PubDate" content="2026-08-16 10:33:59"><meta name="ContentSource" content="某某统计 公众号">'
            '<meta name="others" content="页面生成时间 2026-08-16 10:33:59">')
    return page(title=f"{TITLE} | 某某县人民政府", head=head, before=f"{table}<h1>{TITLE}</h1>",
                body=f'<div class="article-content">{organs}{PARAS}<p>（某某县统计局）</p></div>')


def test_an_information_disclosure_table_gives_the_date_and_publisher_and_the_bulletins_organs_leave_the_body():
    """The table's 发文日期 / 生成日期 before a PubDate meta that is the page's render time, its 发布机构
    before the hidden ContentSource; the issuing organs over the text, their date and the bracketed organ
    closing it are not the text."""
    for label in ("发文日期：", "生成日期："):
        a = extract(_disclosure(label), URL)
        assert a.published.date().isoformat() == "2026-05-11"
        assert a.publisher == "某某县统计局"
        assert a.body == BODY


def test_a_render_time_meta_is_no_publish_time():
    head = ('<meta name="PubDate" content="2026-04-24 10:00:43">'
            '<meta name="others" content="页面生成时间 2026-04-24 10:00:43">')
    line = '<div class="attr"><span>访问量：199</span> <span>发布日期：2026-05-15 10:49:00</span></div>'
    a = extract(page(head=head, before=f"<h1>关于开展示范工作的通知</h1>{line}"))
    assert a.published.isoformat() == "2026-05-15T10:49:00+08:00"


def test_an_empty_source_field_is_not_the_next_fields_label():
    line = ('<div class="attr"><span>来源：<b></b></span> <span>访问量：<b>199</b></span> '
            '<span>发布日期：2026-05-15 10:49:00</span></div>')
    a = extract(page(title="某某县人民政府 | 关于开展示范工作的通知", head='<meta name="SiteName" content="某某县人民政府">',
                     before=f"<h1>关于开展示范工作的通知</h1>{line}"))
    assert a.publisher == "某某县人民政府"


def _no_headline(title: str, extra: str = "") -> bytes:
    """A blog post whose headline is in no h1/h2: only <title> names it."""
    text = "".join(f"<p>{p}</p>" for p in BODY)
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<table><tr><td><a href="../index.html"><img src="/logo.jpg" alt="某某随笔"></a></td></tr>'
            f'<tr><td><p><strong>今天说几句</strong></p>{text}{extra}</td></tr></table></body></html>').encode()


def test_the_site_name_before_the_headline_in_title_is_not_the_headline():
    assert extract(_no_headline("某某随笔 - 今天说几句")).title == "今天说几句"  # the logo's alt in a home link
    quoted = '<h3>《写给新来的同事》已有1件评论</h3>'
    assert extract(_no_headline("某某博客 » 写给新来的同事", quoted)).title == "写给新来的同事"


def test_a_page_number_or_bare_dashes_after_the_headline_leave_it():
    assert extract(_no_headline("今天说几句(页 1) - 某某论坛 - powered by Archiver")).title == "今天说几句"
    a = extract(page(before="<h2>关于开展示范工作的通知- -</h2>"))
    assert a.title == "关于开展示范工作的通知"
