"""The general extractor on the classes of failure found in round 6 of issue 10 (``holdout3/``
developed on): government information-disclosure pages and bulletins, an empty 来源 field, and
<title>s that put the site's name first or leave a page number. One small page per class, with
site-neutral markup; each fails on the code before this round."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
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


def _post(before: str = "", after: str = "", title: str = "写给新来的同事") -> bytes:
    """A blog post in an old table layout: the post line, the headline, the text, then what follows it."""
    text = "".join(f"<p>{p}</p>" for p in BODY)
    return (f'<html><head><meta charset="utf-8"><title>{title} | 某某博客</title></head><body><table><tr>'
            f'<td>{before}<p align=center><font size=5>{title}</font></p>{text}{after}</td>'
            f'<td><ul>{"".join(f"<li><a href=/c{i}>分类{i}</a></li>" for i in range(8))}</ul></td></tr></table>'
            '</body></html>').encode()


def test_a_posts_comment_section_is_not_its_text():
    """A long comment under a short post reads as running text too: the text ends at the comments'
    heading, and the post's read counter and trackback line are no text either."""
    comment = "".join(f"<p>{p}</p>" for p in ("这是一位读者贴上来的另一篇文章，与本文无关，只是很长，有好几句话。",) * 2)
    after = ('<span>(本文发表于首页<a href="/c7">批评与建议</a>, 已被阅读178次)</span><hr>'
             '<div>本文通告引用(Trackback)链接: /wp-trackback.php?p=1700</div>'
             f'<h3>《写给新来的同事》已有1件评论</h3><ol><li><cite>某读者</cite>的评论<br>'
             f'<small>September 19th, 2005 at 7:32 pm</small>{comment}</li></ol>')
    a = extract(_post(after=after), "http://blog.example.org/?p=1700")
    assert a.body == BODY


def test_a_posts_english_line_above_its_headline_gives_the_time():
    line = '<p><img src="/i.gif"> Saturday, September 10th, 2005 &nbsp; 10:56 am </p>'
    a = extract(_post(before=line), "http://blog.example.org/?p=1700")
    assert a.published.isoformat() == "2005-09-10T10:56:00+08:00"
    assert a.published_precision == "minute"


def test_a_posts_line_after_its_text_gives_the_time():
    foot = '<p class="postfoot">发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)</p>'
    a = extract(_post(after=foot), "http://blog.example.org/archive/2004/12/27/41810.aspx")
    assert a.published.isoformat() == "2004-12-27T12:40:00+08:00"


def test_a_sites_name_of_chinese_parts_is_kept_whole():
    raw = page(title="关于开展示范工作的通知 @ 某某的家_蓝天 :: 某某博客平台 ::",
               head='<meta property="og:site_name" content="某某的家_蓝天">', before="<h1>关于开展示范工作的通知</h1>")
    assert extract(raw, "http://someone.example-blog.net/blog/post/1").publisher == "某某的家_蓝天"


def test_one_search_result_shown_opened_among_many_is_no_article():
    closed = "".join(f'<div class="Card Result"><h2><a href="/q/{i}">关于某某问题的第{i}个回答的标题</a></h2>'
                     f'<span>这是第{i}条结果的摘要，只有一两句话，点开才看得到全文。</span></div>' for i in range(12))
    opened = (f'<div class="Card Result"><h2><a href="/q/x">爬虫工程师的日常工作是什么</a></h2>'
              f'<div class="Rich"><span>{"".join(f"<p>{p}</p>" for p in BODY * 4)}</span></div></div>')
    raw = ('<html><head><meta charset="utf-8"><title>(3 条消息) 智能解析 - 某某问答</title></head><body>'
           f'<div class="List"><div>{opened}{closed}</div></div></body></html>').encode()
    r = extract_page(raw, "https://www.example-qa.com/search", catalog=load_catalog())
    assert isinstance(r, ExtractError) and "one entry of a list" in r.reason


def test_a_reprinted_papers_credit_chain_and_affiliation_leave_the_text_and_name_its_source():
    """A forum archive's copy of a paper: the authors' affiliation and the chain of periodicals that
    carried it close the text; the last periodical named is where this copy came from."""
    foot = ('<br>【作者单位：某某大学社会学系】<br>'
            '(摘自《某某学术季刊》2000年第2期，原文约15，000字)《某某文摘》2000年第09期<br>')
    text = "<br><br>".join(BODY)
    raw = ('<html><head><meta charset="utf-8"><title>关于开展示范工作的通知(页 1) - 学术前沿 - 某某论坛</title></head><body>'
           '<div class="nav"><a href="/">某某论坛</a> » <a href="/f">学术前沿</a> » 关于开展示范工作的通知</div>'
           f'<div class="post"><span>2003-5-29 09:07</span> <b>某网友</b><div class="msg"><b>关于开展示范工作的通知</b>'
           f'<br><br>{text}{foot}</div></div></body></html>').encode()
    a = extract(raw, "http://bbs.example.edu.cn/archiver/?tid-1011.html")
    assert a.body == BODY
    assert a.publisher == "某某文摘"
    assert a.published.isoformat() == "2003-05-29T09:07:00+08:00"


def test_an_editors_note_box_over_a_reposted_report_is_not_its_text():
    note = "".join(f"<p>{p}</p>" for p in ("为拆一幢房，断送了三条人命，这场惨剧发生得实在太突然。",
                                           "生命是可贵的，生命同样是脆弱的，人命关天的事，岂可马虎视之？"))
    report = [f"本报讯　{BODY[0]}", *BODY[1:]]
    text = "".join(f"<p>{p}</p>" for p in report)
    foot = '<p>- 作者： <a href="/u">某某</a> 访问统计：　2005年08月30日, 星期二 13:22 加入博采</p>'
    raw = ('<html><head><meta charset="utf-8"><title>写给新来的同事 - 某某博客</title></head><body><table><tr><td>'
           f'<h2>写给新来的同事</h2><p>2003-7-24 某某晚报</p><p>编者按</p>{note}{text}{foot}</td></tr></table></body></html>')
    a = extract(raw.encode(), "http://someone.example-blog.com/2756656.html")
    assert a.body == report
