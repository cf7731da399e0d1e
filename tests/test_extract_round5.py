"""The general extractor on the classes of failure found in round 5 of issue 10: list and
not-article pages of unfamiliar layouts, and the publisher. One small page per class, with
site-neutral markup; each fails on the code before this round."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from test_extract_general import BODY, PARAS, extract, page

SUMMARY = "某某部门召开会议研究部署下一阶段重点工作，会议强调要坚持稳中求进，加快推进各项任务落实落地，确保取得实效。"


def no_article(raw: bytes) -> str:
    r = extract_page(raw, "https://www.example-news.cn/list/index.html", catalog=load_catalog())
    assert isinstance(r, ExtractError), r.body
    assert "no article body" in r.reason
    return r.reason


def test_a_column_page_whose_entries_carry_summaries_is_a_list():
    """Each entry a headline link, a summary of running text and a date: density finds the list,
    whose links are a small share of its text."""
    for item in ('<li><a href="/n/{i}.html">关于推进第{i}项重点工作的通知</a><p>{s}</p><span>2026-07-{d:02d}</span></li>',
                 '<li class="{odd}"><span>[要闻]</span> <a href="/n/{i}.html">关于推进第{i}项重点工作的通知</a>'
                 '<div>{s}</div></li>',
                 '<tr><td><em>07-{d:02d}</em> <a href="/n/{i}.html">关于推进第{i}项重点工作的通知</a></td><td>{s}</td></tr>',
                 '<tr><td>·</td><td><a href="/n/{i}.html">关于推进第{i}项重点工作的通知</a><br>{s}</td></tr>'):
        entries = "".join(item.format(i=i, d=i + 1, s=SUMMARY, odd="odd" if i % 2 else "even") for i in range(8))
        wrap = "table" if entries.startswith("<tr>") else "ul"
        reason = no_article(page(title="要闻_某某网", body=f"<{wrap}>{entries}</{wrap}>"))
        assert "list of entries" in reason


def test_an_article_whose_paragraphs_hold_linked_names_or_attachments_is_no_list():
    names = "".join(f'<p>会议指出，<a href="/p{i}.html">某某同志</a>要求{SUMMARY}</p>' for i in range(6))
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=names)).body[0].startswith("会议指出")
    files = "".join(f'<p><a href="/f/{i}.pdf">附件{i}：某某示范项目名单（第{i}批）</a></p>' for i in range(1, 6))
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=f'<div class="TRS_Editor">{PARAS}{files}</div>'))
    assert a.body[:3] == BODY


def test_an_archive_of_whole_posts_in_nested_tables_is_no_article():
    """A blog's month: each post deep in tables of its own, with its own date and time."""
    def post(i):
        return (f'<tr><td><table><tr><td class="t">随笔之{i}</td><td>2026-07-{i + 1:02d} 0{i}:42:56</td></tr>'
                f'<tr><td><table><tr><td><table><tr><td><p>{SUMMARY * 3}</p><p>{SUMMARY * 2}</p></td></tr></table>'
                f'</td></tr></table></td></tr><tr><td>由某某张贴 @ 2026-07-{i + 1:02d} 0{i}:42:56 '
                f'<a href="/c/{i}">共 4 篇评论</a></td></tr></table></td></tr>')
    posts = "".join(post(i) for i in range(5))
    raw = (f'<html><head><meta charset="utf-8"><title>某某的博客</title></head><body><table><tr><td><div>'
           f'<table>{posts}</table></div></td></tr></table></body></html>').encode()
    assert "one entry of a list" in no_article(raw)


def test_a_home_pages_lead_story_teaser_is_no_article():
    box = "".join(f'<li><a href="/b/{i}.html">第{i}条某地新闻标题内容</a><span>07-0{i + 1}</span></li>' for i in range(8))
    lead = (f'<div class="top"><h2><a href="/top.html">某某部门研究部署重点工作</a></h2>'
            f'<p>{SUMMARY * 2}<a href="/top.html">[详细]</a></p></div>')
    raw = page(title="某某网——首页", before=lead, body="", after=f"<ul>{box}</ul>")
    assert "teaser" in no_article(raw)
    notice = f'<p>{SUMMARY}报名请登录某某平台查看<a href="https://apply.example.org/">详情</a></p>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS + notice))  # its link leads elsewhere
    assert a.body[:3] == BODY


def test_a_sub_sites_department_beside_the_parents_logo_is_the_publisher():
    """The catalog and <meta SiteName> name the ministry; the department's sub-site shows its own
    name only in the banner beside the ministry's logo."""
    banner = ('<div class="logo"><h2><a href="https://www.example.gov.cn/"><img src="/logo.png" alt="某某部"></a></h2>'
              '<div class="name">某某管理司</div></div>')
    raw = page(head='<meta name="SiteName" content="某某部">', title="关于开展示范工作的通知",
               before="<h1>关于开展示范工作的通知</h1>").replace(b"<body>", f"<body>{banner}".encode(), 1)
    assert extract(raw).publisher == "某某管理司"
    slogan = banner.replace("某某管理司", "为人民服务")  # a slogan beside the logo names no organ
    raw = page(head='<meta name="SiteName" content="某某部">', title="关于开展示范工作的通知",
               before="<h1>关于开展示范工作的通知</h1>").replace(b"<body>", f"<body>{slogan}".encode(), 1)
    assert extract(raw).publisher != "为人民服务"


def test_a_language_code_in_the_title_is_no_site_name():
    """<title> = headline_column_CN_organisation: the site is the organisation, not the code."""
    raw = page(before="<h1>关于开展示范工作的通知</h1>", title="关于开展示范工作的通知_会议秘书处_CN_某某大学经济研究中心")
    assert extract(raw).publisher == "某某大学经济研究中心"


def test_a_page_wrapped_in_one_form_has_its_article_found():
    """ASP.NET WebForms put the whole page in one <form>; a search form's words stay no text."""
    raw = page(before="<h1>关于开展示范工作的通知</h1>").replace(b"<body>", b'<body><form id="Form1">', 1) \
        .replace(b"</body>", b"</form></body>", 1)
    assert extract(raw).body == BODY


def test_a_comments_labelled_time_below_the_text_yields_to_the_date_under_the_headline():
    from datetime import date
    comment = ('<table><tr><td>发表人邮件：<a href="mailto:a@example.org">a@example.org</a></td>'
               '<td>发表时间：2026-07-16 9:51:00</td></tr></table>')
    a = extract(page(before="<h1>关于开展示范工作的通知</h1><div>2026-07-15　阅读1054次</div>", after=comment))
    assert a.published.date() == date(2026, 7, 15)
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", after="<div>发布时间：2026-07-16 09:51</div>"))
    assert a.published.date() == date(2026, 7, 16)  # a page whose only time is below its text keeps it


def test_a_from_field_on_the_line_under_the_headline_names_the_publisher():
    """A forum portal's line: author | 发布: time | 点击: n | 来自: source."""
    line = '<p class="xg1"><a href="/u/1">某某网</a> | 发布: 2026-7-15 13:18 | 点击: 313 | 来自: 某某日报</p>'
    assert extract(page(before=f"<h1>关于开展示范工作的通知</h1>{line}")).publisher == "某某日报"
    said = f"<p>{BODY[0]}来自：基层的声音，值得倾听。</p>"  # 来自 in a sentence of the text is no field
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=said + PARAS)).publisher != "基层的声音"


def test_entries_cut_by_br_lines_are_a_list():
    """An old table layout: each entry a bulleted headline link, its summary and date on the lines under it."""
    entries = "".join(f'· <a href="/n/{i}.html">关于推进第{i}项重点工作的通知</a><br>{SUMMARY}<br>'
                      f'<font color="gray">2026-07-{i + 1:02d}</font><br>' for i in range(8))
    assert "list of entries" in no_article(page(title="要闻_某某网", body=entries))
    text = "".join(f'<a href="/p{i}.html">某某研究院</a>研究员指出，{SUMMARY}{SUMMARY}<br>' for i in range(2)) + \
        "".join(f"{SUMMARY}{SUMMARY}<br>" for _ in range(4))  # an article whose lines open with a linked name
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=text)).body
