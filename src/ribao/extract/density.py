"""The article container of a page of unknown layout, by text density over the parsed tree.

The CETD/GNE family of methods, in the form Readability made common: every block of running text
(a paragraph's own text, outside the blocks nested in it) scores by its length and its
punctuation — Chinese prose is dense in ，。、；, navigation and lists are not — and passes its score
to the blocks around it, fully to its parent and halved to its grandparent. A container's score is
then discounted by its link density (the share of its text inside <a>): a menu, a list of
headlines or a "related articles" box is mostly links. The best container is the one the
paragraphs of the article all point to.

Hidden subtrees (``display:none``, ``hidden``), scripts and forms are not text.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from lxml import etree

from ribao.extract import tree
from ribao.extract.patterns import ATTACHMENT_EXT, LEGAL, READ_MORE

SKIP = frozenset(("script", "style", "noscript", "template", "iframe", "button", "select", "textarea",
                  "nav", "footer", "header", "aside", "head", "title", "meta", "link", "svg", "object", "video",
                  "audio", "canvas", "input", "option"))
BLOCKS = frozenset(("p", "div", "td", "th", "li", "section", "article", "main", "blockquote", "pre", "table",
                    "tbody", "tr", "ul", "ol", "dl", "dd", "dt", "center", "body", "h1", "h2", "h3",
                    "h4", "h5", "h6"))
PUNCT = frozenset("，。；：！？、,;!?“”")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
_VISIBILITY_HIDDEN = re.compile(r"visibility\s*:\s*hidden", re.I)
_LEGAL_TEXT = 300  # characters of a legal box at most
MIN_PARAGRAPH = 10  # characters of a block's own text before it counts as running text


def hidden(el) -> bool:
    """Whether the element is hidden by its own markup (a dialog or template the page shows later)."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = el.get("style")
    return bool(style) and bool(_DISPLAY_NONE.search(style) or _VISIBILITY_HIDDEN.search(style))


def shown_by_script(el) -> bool:
    """Whether the element is hidden only by ``visibility: hidden`` in its own style: a text its page
    reveals once its scripts run (a WeChat article's #js_content as served), not a dialog or a template
    (``display: none``, ``hidden``)."""
    style = el.get("style") or ""
    return el.get("hidden") is None and bool(_VISIBILITY_HIDDEN.search(style)) and not _DISPLAY_NONE.search(style)


_OVERLAY = re.compile(r"modal|dialog|popup|overlay|lightbox", re.I)
_MASK = re.compile(r"mask|overlay|-bg\b|Bg$", re.I)
_MASK_TAGS = frozenset(("div", "section"))  # a mask is a block over the page, never an icon's <span>/<i>


_DIALOG_CHARS = 300  # a dialog beside a mask is a prompt; an article holding a video's "embed-mask" is not one


def _mask(el) -> bool:
    return el.tag in _MASK_TAGS and bool(_MASK.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _beside_mask(el) -> bool:
    """Whether a short box sits beside (or holds) a dialog's mask."""
    return not tree.visible_at_least(el, _DIALOG_CHARS)


def overlay(el) -> bool:
    """Whether the element sits in a modal dialog (a box the page shows over itself on demand: "您访问
    的链接即将离开…", a login prompt): an ancestor named modal/dialog/popup, or one whose child is
    the dialog's mask."""
    for a in (el, *el.iterancestors()):
        if a.tag in ("body", "html"):
            return False
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        if _OVERLAY.search(names):
            return True
        if any(_mask(sib) for sib in a.itersiblings(preceding=True)) or any(_mask(sib) for sib in a.itersiblings()):
            return _beside_mask(a)
    return False


class Scored(NamedTuple):
    element: object
    score: float       # the paragraphs' score, discounted by link density
    chars: int
    link_density: float


_NAMED = etree.XPath("descendant-or-self::*[@class or @id]")


# A page's foot by its name (the <footer> of pages older than the element): the site's address,
# phones and copyright, dense in punctuation but never the article.
_FOOTER = r"(?:^|[-_\s])(?:foot|footer|copyright)(?:$|[-_\s])"
_NOT_TEXT = re.compile(f"{_OVERLAY.pattern}|{_FOOTER}", re.I)


def _dialog_boxes(top) -> set:
    """The page's dialog boxes (named modal/dialog/popup, or holding a dialog's mask), its foot
    (named footer) and a post's comment section (``_comment_box``): not its text."""
    boxes = set()
    for el in _NAMED(top):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _NOT_TEXT.search(names):
            boxes.add(el)
        elif _mask(el) and (parent := el.getparent()) is not None and _beside_mask(parent):
            boxes.add(parent)
    for h in top.iter("h2", "h3", "h4", "h5"):
        if (box := _comment_box(h)) is not None:
            boxes.add(box)
    return boxes


# The heading of a post's comments (《…》已有1件评论, 网友评论(12), 共 63 条留言, Comments).
COMMENTS_HEADING = re.compile(r"^[^。！？!?，,]{0,60}(?:已有|共有?)\s*\d+\s*[件条篇个]?\s*(?:评论|留言|回复|回应)\s*$|"
                              r"^(?:网友|读者|最新|全部|热门)?(?:评论|留言)\s*(?:[(（]\s*\d+\s*[)）]|\d+\s*条)?$|"
                              r"^\d+\s*(?:Comments?|Responses?)\b|^Comments?$")
_COMMENT_TIMES = 3  # distinct times of day in a box under a comments heading: the comments' own


def _comment_box(h):
    """The box a comments heading opens (its first child), when the box shows at least
    ``_COMMENT_TIMES`` distinct times of day (one per comment): the comments, however long, are not
    the post (a column label 评论 over an article shows one time, the article's)."""
    box = h.getparent()
    if box is None or box.tag in ("body", "html") or next(box.iterchildren("*"), None) is not h:
        return None
    heading = tree.clean_text(tree.text_of(h))
    if len(heading) > 80 or not COMMENTS_HEADING.match(heading):
        return None
    return box if len(set(_STAMP.findall(tree.text_of(box)))) >= _COMMENT_TIMES else None


def _len(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _punct(s: str) -> int:
    return sum(1 for c in s if c in PUNCT)


_FORM_TEXT = 200  # characters of a form that wraps the page rather than asks for input


def wraps_page(form) -> bool:
    """Whether a form is the page's wrapper (ASP.NET WebForms put the whole page, article and all,
    in one <form>), not a search or comment form, whose labels and buttons are no text."""
    return _len(tree.text_of(form)) >= _FORM_TEXT


def best_container(root) -> Scored | None:
    """The element the page's running text gathers in, or None when no block has running text."""
    ranked = ranked_containers(root)
    return ranked[0] if ranked else None


def ranked_containers(root) -> list[Scored]:
    """The elements the page's running text gathers in, best first."""
    stats: dict = {}
    gathered: dict = {}
    own_text: dict = {}

    def visit(el, in_link: bool) -> tuple[int, int]:
        """(chars, link chars) of el's subtree; fills ``own_text`` for blocks."""
        tag = el.tag
        link = in_link or tag == "a"
        chars = _len(el.text)
        links = chars if link else 0
        own = [el.text or ""] if not link else []
        for child in el:
            ctag = child.tag
            if ctag.__class__ is str and ctag not in SKIP and child not in boxes and \
                    not (child.attrib and hidden(child)) and (ctag != "form" or wraps_page(child)):
                c, lc = visit(child, link)
                chars += c
                links += lc
                if ctag not in BLOCKS and not link and ctag != "a":
                    own.append(etree.tostring(child, method="text", encoding=str, with_tail=False))
            t = child.tail
            if t:
                n = _len(t)
                chars += n
                if link:
                    links += n
                else:
                    own.append(t)
        stats[el] = (chars, links)
        if tag in BLOCKS and own:
            own_text[el] = "".join(own)
        return chars, links

    body = root.find("body")
    top = body if body is not None else root
    if not isinstance(top.tag, str):
        return []
    boxes = _dialog_boxes(top)
    visit(top, False)
    tables: dict = {}
    rows = next(top.iter("tr"), None) is not None
    for el, text in own_text.items():
        n = _len(text)
        if n < MIN_PARAGRAPH or (rows and in_data_table(el, tables)):
            continue
        p = _punct(text)
        if p == 0 and n < 40:
            continue
        if n <= _LEGAL_TEXT and LEGAL.search(text):
            continue  # a disclaimer or copyright box is punctuated too, but it is not the article
        s = 1.0 + p + min(n / 100.0, 3.0)
        parent = el.getparent()
        if parent is not None:
            gathered[parent] = gathered.get(parent, 0.0) + s
            grand = parent.getparent()
            if grand is not None:
                gathered[grand] = gathered.get(grand, 0.0) + s / 2
    ranked = []
    for el, g in gathered.items():
        if el not in stats:
            continue
        chars, links = stats[el]
        ld = links / chars if chars else 1.0
        ranked.append(Scored(el, g * (1.0 - ld), chars, ld))
    ranked.sort(key=lambda c: -c.score)  # stable: the first in document order among equals
    return ranked


_SPLIT_LEVELS = 3   # how far up from the container the rest of a text split by boxes is looked for …
_SPLIT_PARTS = 12   # … in at most this many parts …
_SPLIT_LINKS = 0.3  # … each with less than this share of links …
_SPLIT_CHARS = 150  # … and at least this many characters (a promotion's box of the same kind has fewer)


def split_text(best: Scored, ranked: list[Scored]) -> list:
    """The parts of a text that boxes cut apart (a social post's consent box, a 'more on this' box
    between paragraphs): blocks of the container's tag and class within a few levels of it, each
    holding running text, in document order; ``[best.element]`` when it stands alone. A list's
    entries are alike too but link by their titles (``list_entry``): they are never joined."""
    el = best.element
    kind = _first_class(el)
    if not kind or list_entry(el):
        return [el]
    texts = {c.element for c in ranked if c.link_density < _SPLIT_LINKS}
    node = el
    for _ in range(_SPLIT_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
        parts = [c for c in node.iter(el.tag) if c in texts and _first_class(c) == kind]
        if len(parts) > 1:
            nested = any(a in parts for c in parts for a in c.iterancestors())
            short = any(_len(tree.text_of(c)) < _SPLIT_CHARS for c in parts)
            return [el] if nested or short or len(parts) > _SPLIT_PARTS or any(map(_led_by_link, parts)) else parts
    return [el]


def _first_class(el) -> str:
    """The block's first class name (RichText of "RichText RichText--lastPmb0 lg:w-8/12"): what its
    kind is called, the rest being modifiers."""
    names = (el.get("class") or "").split()
    return names[0] if names else ""


def _led_by_link(el) -> bool:
    """Whether the block opens with a line that is a link (a list entry's headline), not with a
    linked name inside a sentence."""
    for t in _SHOWN_TEXT(el):
        if t.strip():
            holder = t.getparent()
            link = holder if holder.tag == "a" and not t.is_tail else next(holder.iterancestors("a"), None)
            if link is None:
                return False
            line = next((b for b in link.iterancestors() if b.tag in BLOCKS), el)
            return _len(tree.text_of(link)) >= 0.8 * _len(tree.text_of(line))
    return False


_ROW_TEXT = 200  # a data table's row holds at most this much text (a layout table's row holds the article)
_DATA_ROWS = 4  # rows of two cells or more with text that make a table data


def in_data_table(el, seen: dict) -> bool:
    """Whether ``el`` is in a short row of a data table (a 名单's rows, their 列入原因 punctuated):
    at least ``_DATA_ROWS`` rows of its table have two cells or more with text, and the row links to
    nothing by a title (a column page's rows are its entries, which ``listing`` tells). Such rows
    are the table's, not running text. ``seen`` caches the answer per row and per table."""
    row = el if el.tag == "tr" else next(el.iterancestors("tr"), None)
    if row is None:
        return False
    if row in seen:
        return seen[row]
    table = next(row.iterancestors("table"), None)
    if table is not None and table not in seen:
        rows = 0
        for tr in table.iter("tr"):
            rows += sum(1 for c in tr if c.tag in ("td", "th") and _len(tree.text_of(c))) >= 2
            if rows >= _DATA_ROWS:
                break
        seen[table] = rows >= _DATA_ROWS
    seen[row] = table is not None and seen[table] and _len(tree.text_of(row)) <= _ROW_TEXT and not _titled(row)
    return seen[row]


def link_density(el) -> float:
    """Share of the element's text inside links (script and style text counted too: cheap, and
    they are rare inside a body container)."""
    chars = _len(etree.tostring(el, method="text", encoding=str, with_tail=False))
    if not chars:
        return 0.0
    links = sum(_len(etree.tostring(a, method="text", encoding=str, with_tail=False)) for a in el.iter("a"))
    return min(1.0, links / chars)


_ENTRIES = 3       # siblings alike before a box is one entry of a list
_ENTRY_TEXT = 30   # characters each of them holds
_ENTRY_LEVELS = 4  # how far up from the container a list entry is looked for
_OPENED_AMONG = 8  # classed siblings alike, each titled, that make a long list around an entry shown opened
_POST_LEVELS = 12  # how far up when every entry shows a date and time of its own (posts in old table layouts)
_DATED = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?\s*\d{1,2}[:：时]\d{2}")


def _alike_up(el, levels: int) -> Iterator[tuple[int, etree._Element, list]]:
    """Each box from ``el`` up ``levels`` levels (below <body>), with its siblings of the same tag
    and class: where a list's entries, or an archive's posts, stand side by side."""
    node = el
    for level in range(levels):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return
        sig = (node.tag, node.get("class"))
        yield level, node, [c for c in parent if c is not node and isinstance(c.tag, str)
                            and (c.tag, c.get("class")) == sig]
        node = parent


def list_entry(el) -> bool:
    """Whether the container is one entry of a list (a search result, a post among posts): it, or
    a box around it within a few levels, is one of at least three siblings of the same tag and
    class that each hold some text of about its size and a titled link — a list's entries are
    alike and link to what they list, an article is not the size of what stands beside it (an
    archive of whole posts, further up, is ``post_archive``'s)."""
    for level, node, same in _alike_up(el, _POST_LEVELS):
        if level < _ENTRY_LEVELS and len(same) >= _ENTRIES - 1 and _titled(node) and _marked(node):
            mine = _len(tree.text_of(node))
            alike = [c for c in same if _ENTRY_TEXT <= (n := _len(tree.text_of(c))) and 0.5 * mine <= n <= 2 * mine
                     and _titled(c)]
            if len(alike) >= _ENTRIES - 1:
                return True
        if node.get("class") and len(same) >= _OPENED_AMONG and sum(map(_titled, same)) >= _LIST_SHARE * len(same) and \
                sum(_len(tree.text_of(c)) for c in same) >= _len(tree.text_of(node)):
            return True  # one entry shown opened in place among many closed ones (a search result's full answer)
    return False


def _marked(node) -> bool:
    """Whether siblings alike by tag and class say they are entries: a list's item, or a box with a
    class (a page's bare <div>s, side by side, are its layout)."""
    return node.tag in ("li", "tr", "dd", "article") or bool(node.get("class"))


def post_archive(el, title: str) -> bool:
    """Whether the container is one post of an archive of whole posts (a blog's month page): it, or
    a box around it up to ``_POST_LEVELS`` levels, is one of at least three siblings of its tag and
    class, each titled and showing a date and time of its own, of any length (posts are as long
    as they are written) — and the page's headline is none of their title links: a thread's or a
    post's page is headed by its own post's title, an archive by the blog's name."""
    want = "".join(title.split())
    for _, node, same in _alike_up(el, _POST_LEVELS):
        entries = [node, *(c for c in same if _len(tree.text_of(c)) >= _ENTRY_TEXT)]
        if len(entries) >= _ENTRIES and all(map(_titled, entries)):
            stamps = [_DATED.findall(tree.text_of(c)) for c in entries]
            if all(stamps) and len({s[0] for s in stamps}) == len(entries):
                return bool(want) and not any(want in "".join(tree.text_of(a).split())
                                              for c in entries for a in c.iter("a"))
    return False


def _titled(entry) -> bool:
    """Whether a list entry links somewhere by a title (a link of four characters or more)."""
    return any(_len(tree.text_of(a)) >= 4 for a in entry.iter("a"))


_STAMP = re.compile(r"\d{1,2}[-/月]\d{1,2}日?\s*\d{1,2}:\d{2}")
_THREAD_TEXT = 400    # a text found this short …
_THREAD_STAMPS = 8    # … beside this many timestamped entries is a thread's first post or a list's head
_THREAD_LEVELS = 6


# the text a reader sees: a script's data (a side box's entries as JSON, with their times) is not shown
_SHOWN_TEXT = etree.XPath(".//text()[not(" + "|".join(f"ancestor::{t}" for t in sorted(tree.INVISIBLE)) + ")]")


def among_stamps(el) -> bool:
    """Whether a short text sits beside many timestamped entries (a forum thread's replies, a feed):
    within a few levels around it, the text shown outside it has at least ``_THREAD_STAMPS`` distinct
    times of day (an article's page shows its own time, and dates without times in its lists)."""
    mine = tree.text_of(el)
    if _len(mine) >= _THREAD_TEXT:
        return False
    node = el
    for _ in range(_THREAD_LEVELS):
        if node.getparent() is None or node.getparent().tag in ("body", "html"):
            break
        node = node.getparent()
    around = "".join(_SHOWN_TEXT(node)).replace(mine, "", 1)
    return len(set(_STAMP.findall(around))) >= _THREAD_STAMPS  # a box shown twice (a page's mobile copy) counts once



_LIST_ITEMS = 4      # children of one tag that each open with a titled link make a list …
_LIST_SHARE = 0.8    # … when this share of them do, to distinct addresses …
_LIST_COVER = 0.6    # … and they hold this share of the container's text
_LIST_DEPTH = 3      # how far down, through the child holding most of the text, the items are looked for
_LEAD_LABEL = re.compile(r"^[\[【(（]?(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}日?[\]】)）]?|"
                         r"^[\[【(（][^\]】)）]{1,8}[\]】)）]|^[·•●○■□◆◇▪▶►>»]+")  # what may come before an entry's headline
_FILE_LINK = re.compile(r"\.(?:" + "|".join(ATTACHMENT_EXT) + r")(?:[?#]|$)", re.I)


def listing(el) -> bool:
    """Whether the container is a list of entries (a column page, search results, a blog's home)
    rather than one text: at least ``_LIST_ITEMS`` children of one tag (odd and even rows may be
    classed apart), most of which open with a link of four characters or more (after a bullet, a
    date or a bracketed tag) to pages of their own, hold most of its text. Each entry of a list leads with its
    headline's link, whatever summary follows; an article's paragraphs lead with their own words
    (a linked name inside a sentence is not its start, a notice's attachments are files), and a
    box of related links holds little of the text."""
    # the scripts between the entries (one per entry, fetching its view count) are no part of its text
    total = _len(tree.text_of(el)) - sum(_len(tree.text_of(c)) for c in el
                                         if isinstance(c.tag, str) and c.tag in SKIP)
    node = el
    for _ in range(_LIST_DEPTH):
        if not total:
            return False
        groups: dict = {}
        sizes: dict = {}
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                n = _len(tree.text_of(child))
                if n:
                    groups.setdefault(child.tag, []).append(child)
                    sizes[child] = n
        for items in groups.values():
            if len(items) < _LIST_ITEMS or sum(sizes[i] for i in items) < _LIST_COVER * total:
                continue
            hrefs = [h for h in map(_headline_link, items) if h]
            if len(hrefs) >= max(_LIST_ITEMS, _LIST_SHARE * len(items)) and \
                    len(set(hrefs)) >= _LIST_SHARE * len(hrefs):
                return True
        if _br_entries(node, total):
            return True
        if not sizes:
            return False
        widest = max(sizes, key=sizes.get)
        if sizes[widest] < _LIST_COVER * total:
            return False
        node = widest
    return False


def _br_entries(node, total: int) -> bool:
    """Whether ``node`` lists its entries as lines cut by <br> (old table layouts): at least
    ``_LIST_ITEMS`` lines open with a headline link to pages of their own, and they, with the
    summary lines under each, hold most of the container's text, none of them most of it."""
    if sum(1 for c in node if c.tag == "br") < _LIST_ITEMS:
        return False
    entries: list[list] = []  # [href, characters] per entry, in order
    line = "".join((node.text or "").split())  # the current line's words so far
    for child in node:
        tail = "".join((child.tail or "").split())
        if not isinstance(child.tag, str) or child.tag in SKIP:
            words = ""
        elif child.tag == "br" or child.tag in BLOCKS:
            if child.tag != "br" and entries:
                entries[-1][1] += _len(tree.text_of(child))
            line = words = ""
        else:
            words = "".join(tree.text_of(child).split())
            if (not line or _LEAD_LABEL.fullmatch(line)) and \
                    (href := _headline_link(child) if child.tag != "a" else _page_link(child)):
                entries.append([href, len(line)])
        if entries:
            entries[-1][1] += len(words) + len(tail)
        line += words + tail
    hrefs = [e[0] for e in entries]
    covered = sum(e[1] for e in entries)
    return len(hrefs) >= _LIST_ITEMS and len(set(hrefs)) >= _LIST_SHARE * len(hrefs) and \
        covered >= _LIST_COVER * total and max(e[1] for e in entries) <= covered / 3


def _page_link(a) -> str:
    """A link's address when it is a headline's: four characters or more, to a page, not a file."""
    href = a.get("href")
    return href if href and _len(tree.text_of(a)) >= 4 and not _FILE_LINK.search(href) else ""


def _headline_link(item) -> str:
    """The address an entry's headline links to: its first link of four characters or more, when
    the entry's text opens with it (after a bullet, a date or a bracketed tag: ·, 07-15, [要闻]) and it is a
    page, not a file; else ""."""
    text = "".join(tree.text_of(item).split())
    for _ in range(3):  # a bullet, a date, a tag, in any order
        text = _LEAD_LABEL.sub("", text, count=1)
    for a in item.iter("a"):
        words = "".join(tree.text_of(a).split())
        if len(words) >= 4 and a.get("href"):
            words = _LEAD_LABEL.sub("", words, count=1) or words  # [图]…, [视频]… inside the headline's link
            return _page_link(a) if text.startswith(words[:4]) else ""
    return ""


_TEASER_TEXT = 500  # characters of a text found by density that may be a teaser


def teaser(el) -> bool:
    """Whether the text found is a teaser of a story on another page (a home page's or a column
    page's lead item): short, and ending in a link that only leads on to the full text ([详细],
    阅读全文>>) where the teaser's headline, in or just around it, links too. An article's page
    shows its own text; a short notice's closing "详情" link leads somewhere its headline does not."""
    text = "".join(tree.text_of(el).split())
    if len(text) > _TEASER_TEXT:
        return False
    last = None
    for a in el.iter("a"):
        last = a
    if last is None or not (href := last.get("href")):
        return False
    words = "".join(tree.text_of(last).split())
    if not (words and text.endswith(words) and READ_MORE.match(words)):
        return False
    around = el.getparent() if el.getparent() is not None else el
    return any(a is not last and a.get("href") == href and _len(tree.text_of(a)) >= 4 for a in around.iter("a"))
