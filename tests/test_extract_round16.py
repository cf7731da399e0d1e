"""The general extractor on the classes of round 16 of issue 10 (``holdout14/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round (the
guards pass on both)."""
from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

URL = "https://news.example-portal.cn/omn/20260715/a1.html"
SIDEBAR = ('<div class="tools"><div class="year">2026</div><div class="md">07/15</div><div class="time">16:37</div>'
           '{account}<div class="share"><span>分享</span></div><div class="cmt"><span>评论</span><i>1786</i></div></div>')
ACCOUNT = '<a class="author" href="//news.example-portal.cn/omn/author/10860566"><div>某某新闻</div><span>某某号</span></a>'


def _portal(account: str = ACCOUNT, after: str = "") -> bytes:
    """A portal's article: the headline over a box named only "content" that holds a sidebar of tools
    (the date, the account's link, 分享, 评论) beside the text's own box."""
    return (f'<html><head><meta charset="utf-8"><title>{TITLE}_某某门户新闻</title></head><body>'
            f'<div class="nav"><a href="/">首页</a><a href="/ch/world">国际</a></div><div class="main"><h1>{TITLE}</h1>'
            f'<div class="content">{SIDEBAR.format(account=account)}<div class="content-article">{_paras(NEWS)}'
            f'{after}</div></div></div><div class="foot">版权所有 某某门户</div></body></html>').encode()


def test_a_sidebar_of_tools_beside_the_text_is_not_its_first_line():
    """The box named "content" holds the text's box and, before it, a sidebar with no sentence: the
    text is the inner box's, not "16:37 分享 评论" over it."""
    assert extract(_portal(), URL).body == NEWS


def test_the_accounts_link_names_the_publisher_where_no_source_is_shown():
    """The sidebar's link to the account's page (a.author: 某某新闻 over the platform's 某某号 label): the
    outlet that posted the report, not the portal's name in <title>."""
    assert extract(_portal(), URL).publisher == "某某新闻"


def test_an_account_card_beside_the_text_names_the_publisher():
    """The account's card beside the text (an avatar link and a.s-name to the same account page), an
    info line with an empty 来源 slot: the account, not the host."""
    card = '<div class="m-info"><a href="/a/9eda3d" class="s-pic">某</a><a href="/a/9eda3d" class="s-name">某某时报新媒体</a></div>'
    raw = (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><div class="main">'
           f'<div class="art"><h1>{TITLE}</h1><div class="a-info"><span class="time">2026-07-15 10:17</span>'
           f'<span class="original"><span></span></span></div><div class="a-con">{_paras(NEWS)}</div></div>'
           f'<div class="column">{card}</div></div></body></html>').encode()
    assert extract(raw, "https://world.example-times.com/article/40CMOkE8DlW").publisher == "某某时报新媒体"


def test_a_persons_byline_link_is_no_publisher():
    """The guard: a link classed as the author's that names a person is a byline, not an outlet:
    the portal's name in <title> stays the publisher."""
    person = '<a class="author" href="//news.example-portal.cn/author/7"><div>王某某</div></a>'
    assert extract(_portal(account=person), URL).publisher == "某某门户新闻"


def test_a_title_cut_by_bare_hyphens_names_its_last_part():
    """<title> "headline-安全资讯-某某官网": the hyphen after the headline parts the rest too; the site
    is 某某官网, not the column and the site read as one name."""
    raw = page(before=f"<h1>{TITLE}</h1><div>2026-07-07 17:29:32</div>", body=_paras(NEWS),
               title=f"{TITLE}-安全资讯-某某官网")
    raw = raw.replace("版权所有 某某网".encode(), b"ICP 00000000")
    assert extract(raw).publisher == "某某官网"


PROFILE = ["<strong>某某实验室</strong>",
           "某某实验室，致力于移动安全领域的深度研究，在全球范围内首发了多篇具备国际影响力的分析报告。",
           "实验室为上百家国内外厂商提供了移动应用安全检测服务，全方位守护移动安全。"]


def test_a_labs_profile_after_a_release_ends_its_text():
    """A company's release closes with its lab's profile: the lab's name on a line of its own, the
    paragraph under it opening with that name (某某实验室，致力于…): the text ends before it."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-07 17:29:32</div>", body=_paras([*NEWS, *PROFILE])))
    assert a.body == NEWS


def test_a_section_heading_whose_paragraph_names_another_subject_stays():
    """The guard: a heading near the end whose paragraph does not open with its words is a section
    of the text."""
    section = ["<strong>下一步安排</strong>", "公司表示，将在下半年继续扩大海外市场的供货规模，并加强售后服务。"]
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-07 17:29:32</div>", body=_paras([*NEWS, *section])))
    assert a.body == [*NEWS, "下一步安排", section[1]]


def test_a_menus_named_link_is_no_account():
    """The guard: a menu's link classed as a name (a.nav-name 国际新闻) leads to a column, not to an
    account's card: the portal's name in <title> stays the publisher."""
    menu = '<a class="nav-name" href="//news.example-portal.cn/ch/world/">国际新闻</a>'
    assert extract(_portal(account=menu), URL).publisher == "某某门户新闻"
