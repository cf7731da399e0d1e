"""The metadata half of round 7 of issue 10 (``holdout4/`` developed on): forum and blog pages whose
<title> names the board, post times behind a forum's labels or in parts, and publishers a page
gives only as its site's name, its disclaimer, two organs or two languages. One small page per
class, with site-neutral markup; each fails on the code before this round."""
from test_extract_general import BODY, PARAS, extract, page

HEADLINE = "关于开展示范工作的几点体会"
TEXT = "".join(f"{p}<br><br>" for p in BODY)
URL = "http://bbs.example-forum.cn/board/read.php?forum=18&post=1001"


def _thread(title: str, post_foot: str, head: str = "", reply_foot: str = "") -> bytes:
    """A forum thread of old table layout: the board's breadcrumb, the post's headline in a coloured
    cell over the post, the author, the post's text in one cell with its time line at its foot, a reply."""
    reply = ('<tr><td class="subject"><font color="#FFFBB5">Re:' + HEADLINE + '</font></td></tr>'
             '<tr><td><a href="user.php?id=2">乙</a></td><td class="post">说得好，支持一下。<p>' + reply_foot +
             '</td></tr>') if reply_foot else ""
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            '<table><tr><td><a href="http://bbs.example-forum.cn/board/main.php">某某论坛</a> &gt; 综合版区 &gt; '
            '<a href="forum.php?forum=18">闲谈版</a></td></tr></table>'
            '<table><tr bgcolor="#F09F1F"><td class="subject"><font color="#FFFBB5">' + HEADLINE + '</font></td></tr>'
            '<tr><td><a href="user.php?id=1">甲</a></td><td class="post">' + TEXT + '<p>--------------<p>'
            + post_foot + '</td></tr>' + reply + '</table></body></html>').encode()


def test_a_posts_headline_over_its_text_wins_over_a_title_naming_the_board():
    """<title> is the board's name, shown only as the breadcrumb's link to the board: the headline in
    the cell over the post is the title, and <title> the site's name."""
    a = extract(_thread("某某论坛", "〓 某某论坛 闲谈版 发布时间 2005/05/17 22:11:42 by 甲 〓"), URL)
    assert a.title == HEADLINE
    assert a.publisher == "某某论坛"


def test_a_board_title_brackets_the_sites_name():
    a = extract(_thread("欢迎访问〖某某研究中心〗", "发表时间 2005/05/17 22:11:42"), URL)
    assert a.title == HEADLINE
    assert a.publisher == "某某研究中心"


def test_a_posts_own_time_line_in_its_cell_beats_the_replies_times_below():
    """The post's 发布时间 has no colon and sits in the post's own cell, under its text; the reply's
    line below the body is another time."""
    a = extract(_thread("某某论坛", "〓 某某论坛 闲谈版 发布时间 2005/05/17 22:11:42 by 甲 〓",
                        reply_foot="〓 某某论坛 闲谈版 发布时间 2005/05/18 13:45:40 by 乙 〓"), URL)
    assert a.published.isoformat() == "2005-05-17T22:11:00+08:00"


def test_a_posts_line_under_it_says_who_posted_when():
    """本贴由X于…在〖版面〗发表, in a centred line under the post, outside its text's box."""
    line = '<center>本贴由<b>甲</b>于2005年8月12日16:12:21在〖<a href="/board/">闲谈版</a>〗发表.</center>'
    a = extract(page(title=HEADLINE, before=f"<h1>{HEADLINE}</h1>", after=line))
    assert a.published.isoformat() == "2005-08-12T16:12:00+08:00"


def test_a_us_style_date_with_a_12_hour_time():
    """An ASP site's record: month first, seconds and PM (7/5/2005 9:23:57 PM)."""
    info = '<div>作者： 甲&nbsp;&nbsp;发布日期： 7/5/2005 9:23:57 PM</div>'
    a = extract(page(before=f"<h1>关于开展示范工作的通知</h1>{info}"))
    assert a.published.isoformat() == "2005-07-05T21:23:00+08:00"


def test_markup_printed_as_text_is_no_source():
    """A template that printed an attribute (size="20") where the 来源 value should be: no name."""
    info = '<div>作者：\n size="20"\n &nbsp;&nbsp;来源：\n size="20"\n &nbsp;&nbsp;发布日期： 2005-07-05</div>'
    a = extract(page(title="关于开展示范工作的通知", before=f"<h1>关于开展示范工作的通知</h1>{info}"))
    assert "=" not in a.publisher


def test_a_headline_at_the_head_of_the_posts_cell_on_a_page_without_title():
    """No <title>, no heading: the centred, big line at the head of the text's cell is the headline."""
    raw = ('<html><head><meta charset="utf-8"></head><body><table><tr>'
           '<td><a href="/"><img src="/logo.gif" alt="logo"></a></td>'
           f'<td width="85%"><p align="center"><big><font color="#0000FF">{HEADLINE}</font></big></p>{PARAS}</td>'
           '</tr></table></body></html>').encode()
    a = extract(raw)
    assert a.title == HEADLINE


def test_a_bulletin_issued_by_two_organs_shown_under_the_headline():
    """The meta tag names the first organ; the line under the headline shows both before the date."""
    head = '<meta name="ContentSource" content="某某市统计局">'
    line = '<small class="time">某某市统计局 国家统计局某某调查总队 2025-03-25</small>'
    a = extract(page(head=head, before=f"<h2>2024年某某市国民经济和社会发展统计公报</h2>{line}",
                     title="2024年某某市国民经济和社会发展统计公报"))
    assert a.publisher == "某某市统计局 国家统计局某某调查总队"


def test_a_reports_bracketed_opening_credit_names_its_source():
    """No 来源 line; the text opens with the outlet that ran it and the day: 【某某周刊2005年07月03日报道】."""
    body = f"<p>【某某周刊2005年07月03日报道】{BODY[0]}</p>" + "".join(f"<p>{p}</p>" for p in BODY[1:])
    raw = page(title="谢谢您访问", before=f"<h1>{HEADLINE}</h1>", body=body).replace(
        "版权所有 某某网".encode(), b"")
    assert extract(raw).publisher == "某某周刊"


def test_a_date_shown_in_parts_each_classed_for_its_part():
    """A blog's post head: month name, day, weekday, year and time in spans of their own."""
    when = ('<ul class="article-head"><li class="publish"><span class="month">Dec </span><span class="date">28 </span>'
            '<span class="day">Sat </span><span class="year">2013 </span><span class="time">00:28</span></li></ul>')
    a = extract(page(before=f"{when}<h1>关于开展示范工作的通知</h1>"))
    assert a.published.isoformat() == "2013-12-28T00:28:00+08:00"


def test_a_posts_tag_line_at_the_foot_gives_the_minute_of_the_day_shown_under_the_headline():
    line = '<div class="tags">标签： <a href="/t/1">经验分享</a> <span>发布于：2015-11-05 11:34</span></div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1><div class=\"desc\"><span>2015-11-05</span></div>",
                     body=PARAS + line))
    assert a.published.isoformat() == "2015-11-05T11:34:00+08:00"


def _nameless(foot: str) -> bytes:
    """A page that names its site nowhere but in its foot: <title> is the headline alone."""
    return (f'<html><head><meta charset="utf-8"><title>{HEADLINE}</title></head><body>'
            f'<div class="main"><h1>{HEADLINE}</h1><div class="txt">{PARAS}</div></div>{foot}</body></html>').encode()


def test_the_disclaimer_names_the_site():
    a = extract(_nameless('<table><tr><td>1. 任何言论纯属作者个人观点，与某某园无关；</td></tr></table>'), URL)
    assert a.publisher == "某某园"


def test_a_page_that_names_no_site_is_published_by_its_host():
    a = extract(_nameless(""), "http://www.example-site.net/a/1.html")
    assert a.publisher == "example-site.net"


def test_a_portals_channel_in_title_takes_the_portals_brand():
    a = extract(page(title="投身外交(3)_读书频道_某浪网", before="<h1>投身外交(3)</h1>").replace(
        "版权所有 某某网".encode(), b""))
    assert a.publisher == "某浪读书频道"


def test_a_sites_english_name_shown_beside_its_chinese_one():
    banner = ('<a href="/index.html"><img src="/logo.gif" alt="Example on Software"></a>'
              '<p><i><font size="5">Example on Software</font> &nbsp; <font size="2"></i>'
              '<font size="4">某某趣谈软件</font></font></p>')
    raw = (f'<html><head><meta charset="utf-8"><title>Example on Software - {HEADLINE}</title></head><body>'
           f'{banner}<div class="main"><p class="slugText"><strong>{HEADLINE}</strong></p>'
           f'<div class="txt">{PARAS}</div></div></body></html>').encode()
    assert extract(raw).publisher == "Example on Software 某某趣谈软件"


def test_a_source_given_as_where_the_text_is_from():
    """出自[X] on the line under the headline is its 来源 line."""
    line = '<div>02日14:25 作者： 甲 出自<a href="http://www.example-press.cn/">[某某出版社]</a></div>'
    a = extract(page(before=f"<h1>关于开展示范工作的通知</h1>{line}"))
    assert a.publisher == "某某出版社"


def test_a_column_name_over_the_text_is_not_taken_for_the_headline():
    """Guard: where <title> holds the headline and a column name, a bold column name over the text
    is a part of <title>, not the post's headline (the headline is shown only with its date here)."""
    before = f'<div><b>政策解读</b></div><div>{HEADLINE} 2026-07-15</div>'
    a = extract(page(title=f"{HEADLINE}_政策解读_某某网", before=before))
    assert a.title == HEADLINE
