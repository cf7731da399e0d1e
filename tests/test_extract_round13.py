"""The general extractor on the classes of round 13 of issue 10 (``holdout10/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round (the
blog-name guard passes on both)."""
from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

CRUMB = ('<div class="crumb"><a href="../../index.htm">首页</a>&gt;<a href="../index.htm">新闻动态</a>&gt;'
         '<a href="#" title="通知公告">通知公告</a></div>')
MENU = ('<a href="../../index.htm"><img alt="某某集团" src="/logo.png"></a><ul class="menu"><li><a href="../index.htm">'
        '新闻动态</a></li><li><a href="index.htm">通知公告</a></li></ul>')


def test_a_title_that_names_the_column_gives_way_to_the_pages_one_h1():
    """<title> is 通知公告 - 新闻动态 - 某某集团, each part a name the menus link to (the column, the
    section, the site's logo) and a box heads the column with; the page's one <h1> over the text is
    the headline."""
    before = f'{MENU}<div class="name"><a href="">通知公告</a></div>{CRUMB}<h1>{TITLE}</h1><div>时间：2020-01-14</div>'
    a = extract(page(before=before, body=_paras(NEWS), title="通知公告 - 新闻动态 - 某某集团"))
    assert a.title == TITLE


def test_a_blogs_name_in_its_h1_stays_no_headline():
    """The guard: a blog's <h1> that links to its home page is the blog's name, not the post's headline."""
    before = f'<h1 class="title"><a href="index.html">某某读者</a></h1><div class="post"><b>{TITLE}</b></div>'
    a = extract(page(before=before, body=_paras(NEWS), title="某某读者 - 博客"))
    assert a.title != "某某读者"


def test_a_copyright_notice_over_the_text_is_not_its_first_line():
    """版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。 over a blog post."""
    notice = "<p>版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。</p>"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2019-10-10 09:50:07</div>", body=notice + _paras(NEWS),
                     title=f"{TITLE}_某某博客"))
    assert a.body == NEWS


def test_the_publisher_labelled_fabuzhe():
    """发布者：本科生院 beside the time is the 来源 (a WebPlus site's label)."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>发布者：本科生院 发布时间：2021-09-11 浏览次数：12056</div>",
                     body=_paras(NEWS), title=f"{TITLE}_某某大学本科生院"))
    assert a.publisher == "本科生院"
