"""The tree walks of extract/tree.py against their definitions in lxml, on generated HTML: the nodes
outside a body are exactly the document's nodes less the body's subtree, in document order; an
element's line is its itertext() words joined by spaces, or None past the limit."""
import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ribao.extract import tree

TAGS = ["div", "span", "p", "td", "table", "tr", "li", "ul", "a", "b", "br", "h1", "script", "font", "section"]
TEXT = st.text(alphabet="ab中文 \t\n\xa0\u3000来源时间", max_size=8).map(html.escape)
NODE = st.recursive(TEXT, lambda kids: st.builds(lambda t, c: f"<{t}>{''.join(c)}</{t}>", st.sampled_from(TAGS),
                                                 st.lists(kids, max_size=4)), max_leaves=30)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _root(doc: str):
    return etree.fromstring(f"<html><body>{doc}</body></html>".encode(), etree.HTMLParser())


@SETTINGS
@given(st.lists(NODE, min_size=1, max_size=5), st.data())
def test_outside_is_everything_but_the_body(parts, data):
    root = _root("".join(parts))
    elements = list(root.iter())
    box = data.draw(st.sampled_from(elements))
    inside = set(box.iter())
    got = list(tree.outside(root, box=box))
    assert got.count(None) == 1  # the mark between the nodes before the box and those after it
    k = got.index(None)
    assert got[:k] + got[k + 1:] == [e for e in elements if e not in inside]
    at = elements.index(box)
    assert all(elements.index(e) < at for e in got[:k]) and all(elements.index(e) > at for e in got[k + 1:])
    kids = list(box)
    run = kids[::2]
    skipped = {e for k in run for e in k.iter()}
    assert list(tree.outside(root, body_nodes=run)) == [e for e in elements if e not in skipped]


@SETTINGS
@given(st.lists(NODE, min_size=1, max_size=5), st.integers(0, 40))
def test_line_text_is_itertext_words(parts, limit):
    root = _root("".join(parts))
    for el in root.iter():
        full = " ".join(" ".join(el.itertext()).split())
        assert tree.line_text(el, limit) == (full if len(full) <= limit else None)
        assert tree.visible_at_least(el, limit) is (len("".join(full.split())) >= limit)
