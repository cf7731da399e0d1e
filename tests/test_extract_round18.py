"""The general extractor on the classes of round 18 of issue 10 (``holdout16/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round (the
guard passes on both)."""
from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

LONG = [f"第{i}段，{NEWS[i % 3]}业内人士还指出，相关安排的影响仍有待观察，市场各方将持续关注后续进展。" for i in range(1, 9)]


def test_a_box_named_content_beside_the_text_is_not_the_text():
    """A sidebar's box classed "content" (a collection's description, 200 characters with
    punctuation) while the article's running text, many times longer, stands in another box: the
    article."""
    side = ('<div class="content"><h5><a href="/c/1">今日看点</a></h5><p class="description">本专题仅让编辑在特殊情况下使用，'
            '入选文章将立刻上首页，绕过推荐队列。使用场景：突发事件的相关内容，需要立刻推首页；重要活动的相关内容，需要立刻推首页；'
            '其他需要立刻推首页的内容。投稿前请先阅读专题说明，不符合要求的文章将被移出专题，请各位作者理解并支持编辑的工作。</p></div>')
    raw = (f'<html><head><meta charset="utf-8"><title>{TITLE} - 某某社区</title></head><body>'
           f'<div class="post"><h1>{TITLE}</h1><div class="show-content">{_paras(LONG)}</div></div>'
           f'<div class="side">{side}</div></body></html>').encode()
    assert extract(raw).body == LONG


def test_a_box_named_content_that_holds_the_text_stays_its_container():
    """The guard: the box classed "content" is the article's own."""
    raw = (f'<html><head><meta charset="utf-8"><title>{TITLE} - 某某社区</title></head><body>'
           f'<div class="post"><h1>{TITLE}</h1><div class="content">{_paras(LONG)}</div></div>'
           '<div class="side"><p>本站简介：某某社区是一个写作平台。</p></div></body></html>').encode()
    assert extract(raw).body == LONG


CODE = "(add-to-list 'load-path \"~/.emacs.d\")\n" * 12 + "(autoload 'paredit-mode \"paredit\" \"Minor mode\" t)\n" * 8


def test_a_block_of_code_inside_a_technical_text_does_not_end_it():
    """A long <pre> block of code (no Chinese punctuation) in the middle of the text: the text goes
    on after it to its last paragraph."""
    body = _paras(LONG[:4]) + f"<pre>{CODE}</pre>" + _paras(LONG[4:])
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 05:30</div>", body=body, title=f"{TITLE}_某某网"))
    assert a.body[0] == LONG[0] and a.body[-1] == LONG[-1]


def test_a_blogs_name_stands_before_its_platforms_in_the_title():
    """<title> headline_某某某_某某博客 with no 来源 shown: the blog's own name, not the platform's."""
    raw = page(before=f"<h1>{TITLE}</h1><div>(2026-07-15 18:03:16)</div>", body=_paras(NEWS),
               title=f"{TITLE}_织女_某某博客")
    raw = raw.replace("版权所有 某某网".encode(), b"ICP 00000000")
    assert extract(raw).publisher == "织女"
