"""The general extractor on the classes of round 14 of issue 10 (``holdout11/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round (the
comment-form guard passes on both)."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

URL = "https://www.example-news.cn/2026/07/15/a1.html"


def test_a_text_among_bare_divs_is_no_list_entry():
    """The article's container is one of several <div>s side by side that carry an id and no class,
    the others of about its size and each with a titled link (an old portal's layout: the info line,
    related reports, the comment box): such divs are the page's layout, not a list's entries."""
    about = '<div id="AboutLink">' + "".join(f'<a href="/r/{i}.htm">某某歌手新专辑发布会第{i}组图片</a>' for i in range(4)) + "</div>"
    comment = ('<div id="Comment"><a href="/c/1.htm">查看所有评论</a>现在有0人对本文发表评论，请您文明上网、理性发言并遵守'
               '相关规定，发表评论前请先登录，欢迎参与讨论。</div>')
    info = '<div id="ArtInfo"><a href="/">某某娱乐</a> 2009年11月09日11:30 某某音乐 <a href="/c/1.htm">我要评论(0)</a></div>'
    linked = _paras(NEWS).replace("有关部门", '<a href="/tag/1.htm">有关部门</a>', 1)  # a keyword linked in the text
    body = f'{info}<div id="ArticleCnt">{linked}</div>{about}{comment}'
    a = extract(page(before=f"<h1>{TITLE}</h1>", body=body, title=f"{TITLE}_某某娱乐"))
    assert a.body == NEWS


SIGN_IN = ('<form><p>登录云信邮箱</p><input type="text" name="user"><input type="password" name="password">'
           '<input type="submit" value="登录"></form>')
FEATURES = ["您可以使用 网盘 ，随时存，随地取，再也不用担心文件丢失。", "您还可以使用 闪电邮 在桌面随时提醒邮件到达，快速收发邮件。",
            "在 百宝箱 里您可以查星座，订机票，看小说，学做菜…"]


def test_a_sign_in_pages_feature_lines_are_no_article():
    """A mail service's login page: a sign-in form and three short feature lines, none about the
    page's title: no article, though the lines are punctuated sentences."""
    got = extract_page(page(before=SIGN_IN, body=_paras(FEATURES), title="云信免费邮--你的专业电子邮局"), URL,
                       catalog=load_catalog())
    assert isinstance(got, ExtractError)


def test_a_short_report_beside_a_comment_login_stays_an_article():
    """The guard: a short report about its headline, beside a comment box's sign-in form, is the article."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras(NEWS[:2]), after=SIGN_IN,
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS[:2]
