"""The general extractor on the classes of round 10 of issue 10 (``holdout7/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page

from test_extract_general import extract, page
from test_extract_round8 import NEWS, _paras

URL = "https://www.example-news.cn/2026/07/15/a1.html"


def test_a_one_sentence_flash_that_restates_a_long_headline_is_an_article():
    """A wire flash of one short sentence with no clause (某某社快讯：…１３日宣布辞职。, 27 characters) is the
    article when it holds the headline's words: the page's only text, not a notice."""
    title = "某某国总理某某某宣布辞职并解散现任政府"
    flash = "某某社快讯：某某国总理某某某１３日宣布辞职并解散现任政府。"
    a = extract(page(before=f"<h1>{title}</h1><div>2026-07-15 23:14:03　来源：某某网</div>",
                     body=f"<p>{flash}</p>", title=f"{title}_某某网"))
    assert a.body == [flash]
    assert a.title == title


def test_a_short_line_under_a_short_headline_stays_no_article():
    """The guard: a not-found page's one line repeats its short headline's words, but a headline of
    four character pairs is no report's."""
    title = "页面不存在"
    got = extract_page(page(before=f"<h1>{title}</h1>", body="<p>抱歉，您访问的页面不存在或已删除。</p>",
                            title=title), URL, catalog=load_catalog())
    assert isinstance(got, ExtractError)


def test_a_dateline_paragraph_restating_a_labelled_headline_is_header():
    """The text's first paragraph is the wire dateline and the headline again, its column label worded
    otherwise (headline 某某报评论员：…; paragraph 某某社北京6月13日电 某某报6月14日评论员文章：…): header."""
    head = "携手创造更加光明的美好未来——四论某某峰会重要讲话"
    first = f"某某社北京6月13日电 <strong>某某报6月14日评论员文章：携手创造更加光明的美好未来</strong><strong>——四论某某峰会重要讲话</strong>"
    a = extract(page(before=f"<h1>某某报评论员：{head}</h1><div>2026-07-15 21:11:17　来源：某某网</div>",
                     body=f"<p>{first}</p>" + _paras(NEWS), title=f"某某报评论员：{head}_某某网"))
    assert a.body == NEWS
