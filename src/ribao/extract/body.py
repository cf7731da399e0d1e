"""The article inside its container: the container cut into paragraphs, and the paragraphs that
are the article's kept.

What a CMS puts around an article inside the same container is not the article: metadata lines
and tables (their values go to the fields), the headline repeated as the document's own centred
title and the 文号 under it, bylines, captions, toolbars, share and follow prompts, closing
credits. A container found by density (not a CMS's own) may also hold page furniture: only its
densest run of running text is the article. A body that is mostly links, or has no running text,
is no article at all.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator, NamedTuple

from lxml import etree

from ribao.extract import density, tree
from ribao.extract.dates import parse_datetime
from ribao.extract.patterns import (ATTACHMENT_EXT, BYLINE, CJK, CREDIT_TAIL, DOC_NO, INFO_LABEL, LEGAL, MEDIA_NAME,
                                    META_TABLE_LABELS, NOTICE_NO, TABLE_PAIR_LABELS, is_boilerplate, join_labels)
from ribao.extract.tree import clean_text as _clean_text, squash as _squash, text_of as _text

# <figcaption> is a picture's caption (its credit often in it: 圖／騰訊科技), never the text
DROP_TAGS = frozenset(("script", "style", "noscript", "iframe", "form", "button", "select", "nav", "footer",
                       "figcaption"))
DROP_CLASSES = frozenset(("share", "edit", "editor", "tiyi1", "related", "side", "hot", "page", "sign-off",
                          "attach"))
BLOCKS = frozenset(("p", "div", "li", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section", "table", "ul",
                    "ol"))
_CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
_BODY_WS = re.compile(r"[ \t\r\n]+")


class Body:
    """The article body: one container element, or (Hanweb markers) the run of sibling nodes
    between <!--ContentStart--> and <!--ContentEnd-->."""

    __slots__ = ("nodes", "lead", "scope", "container", "known")

    def __init__(self, nodes: list, lead: str, scope, container: bool = False, known: bool = True):
        self.nodes = nodes          # the container, or the nodes between the markers
        self.lead = lead            # text before the first node (the start marker's tail)
        self.scope = scope          # where attachment links are looked for
        self.container = container  # one element whose children are the body
        self.known = known          # a CMS's own body container (else found by text density)


class Para(NamedTuple):
    """One paragraph of the body and where it came from."""

    text: str
    block: object       # the innermost block element around it (the container for <br>-cut text)
    link_chars: int     # characters of it inside <a>
    tail_link: str = ""  # the text of a link closing it (nothing but brackets after it)
    rules: int = 0      # how many horizontal rules (<hr>) of the body stand before it


def paragraphs(body: Body, skip: set) -> list[Para]:
    """Block-level text of the body in document order, boilerplate removed; elements in ``skip``
    (metadata tables and lines already read into fields) left out."""
    walk = _BodyWalk(skip, body.nodes[0] if body.container else None)
    if body.lead:
        walk.add(body.lead, False)
    if body.container:
        box = body.nodes[0]
        if box.text:
            walk.add(box.text, False)
        walk.children(box, False)
    else:
        for node in body.nodes:
            walk.child(node, False)
    walk.flush()
    if body.container and walk.out and _ANNOUNCE.match(walk.out[-1].text) and \
            (table := _table_after(body.nodes[0])) is not None and table not in skip:
        walk.child(table, False)  # the table the text's last line announces (附：招生专业及考试科目)
        walk.flush()
    return walk.out


# A line announcing what follows the text: 附：招生专业及考试科目, 附表1：…, 附件：…名单.
_ANNOUNCE = re.compile(r"^附(?:表|件)?\s*\d*\s*[:：][^。！？!?]{0,40}$")
# The text's last line naming a document appended to the report (附：…关于印发…的通知), after its last
# sentence; an 附件： line names the document's own attachment and stays
_POINTER = re.compile(r"^附\s*[:：][^。！？!?]{2,80}$")
_TABLE_LEVELS = 3


def _table_after(box):
    """The table right after the container (after it or after the box around it, up to
    ``_TABLE_LEVELS`` levels, nothing with text between), when it holds text and no links."""
    node = box
    for _ in range(_TABLE_LEVELS):
        after = node.getnext()
        while after is not None and (not isinstance(after.tag, str) or
                                     (after.tag != "table" and not _squash(_text(after)))):
            after = after.getnext()
        if after is not None:
            if after.tag != "table" or next(after.iter("a"), None) is not None or not _squash(_text(after)):
                return None
            return after
        node = node.getparent()
        if node is None:
            return None
    return None


# A box the editor set in the text and named for what it is (<pre datavalue="推荐" title="推荐">: a
# linked headline over its excerpt): another story, not the text.
_BOX_NAME = re.compile(r"\s*(?:相关|热门)?推荐|推荐阅读|相关(?:阅读|新闻|文章|链接)|延伸阅读|猜你喜欢\s*")
_AFTER_LINK = " \t\r\n\xa0\u3000）)】]"  # what may follow a link that closes its paragraph


class _BodyWalk:
    """The body cut into paragraphs at block elements and <br>; DROP_TAGS elements, elements with
    a DROP_CLASSES class and hidden elements left out (their tails stay: they are the body's text)."""

    __slots__ = ("out", "buf", "links", "skip", "blocks", "link_at", "flushes", "rules")

    def __init__(self, skip: set, container):
        self.out: list[Para] = []
        self.buf: list[str] = []
        self.links = 0
        self.skip = skip
        self.blocks = [container]
        self.link_at: tuple[int, int, int] | None = None  # the last link's pieces in buf: (flush, start, end)
        self.flushes = 0
        self.rules = 0

    def add(self, text: str, in_link: bool) -> None:
        self.buf.append(text)
        if in_link:
            self.links += len(_squash(text))

    def flush(self) -> None:
        """One paragraph: nbsp as a space, private-use glyphs dropped, runs of [ \\t\\r\\n] as one
        space, spaces and 　 trimmed from both ends (inner 　 stays); kept unless empty or boilerplate."""
        t = "".join(self.buf)
        links = self.links
        tail_link = ""
        if (at := self.link_at) is not None and at[0] == self.flushes and \
                not "".join(self.buf[at[2]:]).strip(_AFTER_LINK):
            tail_link = _BODY_WS.sub(" ", "".join(self.buf[at[1]:at[2]]).replace("\xa0", " ")).strip()
        self.link_at = None
        self.flushes += 1
        self.buf.clear()
        self.links = 0
        if "\xa0" in t:
            t = t.replace("\xa0", " ")
        if tree.PRIVATE_USE.search(t):
            t = tree.PRIVATE_USE.sub("", t)
        if "\n" in t or "  " in t or "\t" in t or "\r" in t:
            t = _BODY_WS.sub(" ", t)
        t = t.strip()
        if t and not is_boilerplate(t):
            self.out.append(Para(t, self.blocks[-1], links, tail_link, self.rules))

    def children(self, el, in_link: bool) -> None:
        for child in el:
            self.child(child, in_link)

    def child(self, el, in_link: bool) -> None:
        tag = el.tag
        if tag.__class__ is str and (tag not in DROP_TAGS or tag == "form" and density.wraps_page(el)) and \
                el not in self.skip and not (el.attrib and density.hidden(el)):
            cls = el.get("class")
            if (not cls or DROP_CLASSES.isdisjoint(cls.lower().split())) and \
                    not (tag in BLOCKS and _BOX_NAME.fullmatch(el.get("title") or el.get("datavalue") or "")):
                link = in_link or tag == "a"
                if tag in BLOCKS:
                    if self.buf:
                        self.flush()
                    self.blocks.append(el)
                    if el.text:
                        self.add(el.text, link)
                    if len(el):
                        self.children(el, link)
                    if self.buf:
                        self.flush()
                    self.blocks.pop()
                elif tag == "br":
                    if self.buf:
                        self.flush()
                elif tag == "hr":
                    if self.buf:
                        self.flush()
                    self.rules += 1
                elif tag == "a" and not in_link:
                    at = (self.flushes, len(self.buf))
                    if el.text:
                        self.add(el.text, True)
                    if len(el):
                        self.children(el, True)
                    self.link_at = (*at, len(self.buf)) if at[0] == self.flushes else None
                else:
                    if el.text:
                        self.add(el.text, link)
                    if len(el):
                        self.children(el, link)
        if el.tail:
            self.add(el.tail, in_link)


class Cleaned(NamedTuple):
    paragraphs: list[str]
    stamp: str          # the 文号 (or notice number) heading the document, taken out of the body
    info: list[str]     # metadata lines found at the body's head, taken out
    foot: list[str]     # and at its foot (a reprint's 来源 credit)
    chars: int          # characters of the paragraphs kept, boxes of links among them included
    link_chars: int     # of which inside links
    sentences: int      # sentence ends (。！？) in those paragraphs outside links
    record: bool = False  # under a time or 来源 line, a data table's rows only: a published record
    tabled: bool = False  # most of it a data table's rows


_TABLED = 0.6  # the share of a text in a data table's rows that makes it a table of figures (a note at most)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\$\{.*?\}")
_DATE_LINE = re.compile(r"^[\s\d年月日:：./\-—星期一二三四五六日天]{8,30}$")
SENTENCE_END = re.compile(r"[。！？!?]")
PUNCTUATION = re.compile(r"[。！？!?，：；]")
_SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# A document's colophon under its text (GB/T 9704's 版记): 公开方式：主动公开, 抄送：…, the office's 印发 date.
_COLOPHON = re.compile(r"^(?:(?:公开方式|公开属性|抄送|抄报|主题词)[:：]|.{0,30}(?:19|20)\d{2}年\d{1,2}月\d{1,2}日印发$)")
_COLUMN_TAG = re.compile(r"^[【\[][^】\]]{1,20}[】\]]$")


def clean_body(paras: list[Para], title: str, lead: int = 0, trail: int = 0) -> Cleaned:
    """The article's own paragraphs: template placeholders, metadata lines at the head and foot,
    the headline repeated as the document's centred title (with the 文号 under it), bylines and
    closing credits go; the 文号 heading the document is kept apart. The first ``lead`` and the
    last ``trail`` lines are outside the article (density left them out): read for the fields of
    the head and the foot (a reprint's 来源 credit), never kept."""
    outside = {id(p) for p in paras[:lead]}
    after = {id(p) for p in paras[len(paras) - trail:]} if trail else set()
    items = [p for p in paras if not (("{{" in p.text or "${" in p.text) and
                                      len(_squash(_TEMPLATE.sub("", p.text))) < 0.5 * len(_squash(p.text)))]
    info: list[str] = []
    foot: list[str] = []
    stamp = ""
    # the head: metadata lines, the repeated headline, the 文号, bylines (a few lines at most)
    head_done = False
    guard = 0
    cells: dict = {}
    while items and not head_done and guard < 12 + lead:
        guard += 1
        t = items[0].text
        if items[0].block is not None and not _is_info_line(t) and density.in_data_table(items[0].block, cells):
            break  # a data table's row opens the text (a published record): no header line
        if _is_info_line(t) or (_CODE_LINE.fullmatch(t) and len(items) > 1 and not _FIELD_LABEL.match(items[1].text)):
            info.append(join_labels(_pieces(items[0])))
            items.pop(0)
            continue
        if _DECK_HEADING.fullmatch(t) and (k := _report_below(items)):
            del items[:k]  # an editor's note box over the report: the text starts at its dateline (本报讯…)
            continue
        cut, no = _title_run(items, title)
        if cut:
            stamp = stamp or no
            del items[:cut]
            continue
        if (k := _document_head(items)):
            stamp = stamp or DOC_NO.search(_squash(items[k - 1].text)).group(0)
            if m := _RED_HEAD.fullmatch(_squash(items[0].text)):
                info.append(ISSUER_INFO + m.group(1))  # the red head over the 文号 names the issuer (X文件)
            del items[:k]  # a reprinted document's own title over its 文号 (the page's headline is the report's)
            continue
        if (k := _decree_head(items)):
            stamp = stamp or _DECREE_NO.search(_squash(items[k - 1].text)).group(0)
            del items[:k]  # a decree's head: the issuing organs' lines, the last ending in 令, and its number
            continue
        if (k := _restated_heads(items)):
            del items[:k]  # a release's headline and subtitles over its lead, which restates them
            continue
        if len(items) > 1 and _DECK_HEADING.fullmatch(t):
            del items[:2]  # a summary box's heading (核心阅读) and its text
            continue
        if (k := _headline_below(items, title)):
            del items[:k]  # a deck or a column's blurb over the headline restated: the text starts under it
            continue
        if not stamp and (no := _stamp(items[0])):
            stamp = no
            items.pop(0)
            continue
        if len(t) <= 60 and (BYLINE.match(t) or t.startswith("原标题") or _COLUMN_TAG.match(t)
                             or _HEAD_NOISE.match(t) or (len(items) > 1 and _caption(items[0]))):
            items.pop(0)
            continue
        if len(items) > 1 and (DECK.match(t) or _CAPTION_TEXT.search(t) or _summary_bullet(items)
                               or _subhead(t, items[1].text)):
            items.pop(0)  # an editor's note, a summary bullet, a caption, a subtitle before the text
            continue
        if len(items) > 1 and _summary_block(items[0]) and not all(_summary_block(q) for q in items[1:]):
            items.pop(0)  # the summary set over the text in a block of its own class (p.introduction, p.summary)
            continue
        if len(items) > 1 and _centred_deck(items[0], items[1]):
            items.pop(0)  # a deck set apart over the text: one centred bold line
            continue
        if (k := _bold_heads(items)):
            del items[:k]  # bold questions or subtitles over the text's first running line
            continue
        if (k := _byline_below(items)):
            del items[:k + 1]  # a deck above the byline ("本报记者 X 发自北京"): the text starts under it
            continue
        if (m := _SHARE_LEAD.match(t)) and (m.end() == len(t) or len(t) - m.end() > _SUBHEAD_CHARS):
            if m.end() == len(t):
                items.pop(0)  # a share toolbar's label, its buttons being pictures
            else:
                items[0] = items[0]._replace(text=t[m.end():])  # the label glued to the text
            continue
        if (m := _REPORT_CREDIT.match(t)) and PUNCTUATION.search(t, m.end()):
            items[0] = items[0]._replace(text=t[m.end():])  # 【看中国2005年07月03日报道】 before the text
            if m.group(1):
                foot.append(f"来源：{m.group(1)}")  # the outlet that reported it: the reprint's source
            continue
        if m := _ORIGINAL_TITLE.match(t):  # （原标题：…） opening the first paragraph
            if t[m.end():].strip():
                items[0] = items[0]._replace(text=t[m.end():].strip())
            else:
                items.pop(0)
            continue
        if len(t) <= _NOTE_LINE and _HEAD_BIO.fullmatch(t):
            items.pop(0)  # the author's name and who they are, in brackets, over the text
            continue
        if len(items) > 1 and _ISSUERS.fullmatch(t):
            del items[:2 if _ISSUED.fullmatch(items[1].text.strip()) else 1]  # a bulletin's issuing organs, its date
            continue
        if stamp and (k := _title_over_addressee(items)):
            del items[:k]  # the document's own title (关于印发…的通知) under its 文号, over the addressee line
            continue
        if len(items) > 1 and (_HEAD_PROMPT.search(t) and len(t) <= 60 or _READING_TIME.match(t) or
                               (len(t) <= _NOTE_LINE and (_ABOUT_TEXT.match(t) or _LEGAL_LEAD.match(t)) and LEGAL.search(t))):
            items.pop(0)  # a reprint's head: 点击上方蓝字关注, 本文4831个字，大概8分钟读完, 本文首发于…不代表X立场
            if len(items) > 1 and _HEAD_PROMPT.search(t) and len(items[0].text) <= 60 and _SELF_INTRO.match(items[0].text):
                items.pop(0)  # the account's greeting under its follow prompt (我是X，帮你…)
            continue
        if len(items) > 1 and (_alt_caption(items[0]) or _picture_caption(items[0]) or _centred_caption(items)):
            items.pop(0)  # the picture's caption printed under it: its words are the picture's alt text
            continue
        if len(items) > 1 and _restated_headline(t, title):
            items.pop(0)  # the headline restated as a picture's caption, with its credit: …刘鹤。（央视）
            continue
        if id(items[0]) in outside and not stamp and (m := DOC_NO.fullmatch(_squash(t))):
            stamp = m.group(0)  # the 文号 alone over the text density found
            items.pop(0)
            continue
        if (id(items[0]) in outside and not _DATELINE.fullmatch(t) and not _AGENCY_LEAD.match(t)
                and not (len(items) > 1 and id(items[1]) not in outside and _lead_in(items[0]))) or \
                _link_line(items[0]):
            items.pop(0)
            continue
        if not info and (k := _info_below(items)):
            info.append(join_labels(_pieces(items[k])))
            del items[:k + 1]  # a promotion above the 来源 line: the text starts under it
            continue
        head_done = True
    if not stamp and len(items) > 1 and (no := _stamp(items[1])):
        stamp = no  # under one line of the issuer's name
        items.pop(1)
    # the foot: notes appended to the text, metadata lines, credits, link lines
    credits = 0
    credits_seen = False
    below_noise = False  # the line just dropped was page furniture (a share prompt, a QR code's text, a link)
    helpline = 0  # lines of a helpline box's prompt that may still stand over the numbers dropped
    ends = (f(items) for f in (_notes_start, _afterword_start, _related_start, _profile_start,
                               _related_heading_start, _references_start, _end_mark_start))
    if (k := min((k for k in ends if k is not None), default=None)) is not None:
        del items[k:]  # the earliest of what closes a text
    colophon = False  # the line just dropped was the document's colophon (公开方式：…, X年X月X日印发)
    while items:
        last = items[-1]
        t = last.text
        if _COLOPHON.match(_squash(t)) or (colophon and re.fullmatch(_ORGAN_NAME, _squash(t))):
            colophon = True  # the issuing office over its 印发 date belongs to the colophon too
            items.pop()
            continue
        colophon = False
        if _is_info_line(t) and INFO_LABEL.match(join_labels(t).lstrip("（(【[ -")):  # a bare date: the signature's
            foot.append(join_labels(t))
        elif m := _REPRINT_LINE.match(t) or _REPRINT_CHAIN.match(t):
            foot.append(f"来源：{m.group(1)}")  # 转自《北京科技报》: the original's name, as a 来源 credit
        elif id(last) in after:
            pass
        elif _SOURCE_LINE.match(t):
            foot.append(join_labels(t.strip("（()）【】[] ")))
        elif len(t) <= 60 and (BYLINE.match(t) or _FOOT_NOISE.search(t) or _BRACKET_NAMES.match(t) or
                               (last.link_chars >= 0.6 * len(_squash(t)) and not _SIGNATURE_DATE.match(t)) or
                               _PRINT_CREDIT.fullmatch(t) or (len(items) > 1 and _CAPTION_TEXT.search(t)) or
                               _LABEL_ONLY.match(t) or
                               _attachment_line(last) or _empty_box(last)):
            pass
        elif len(items) > 1 and _POINTER.match(t) and _SENTENCE_CLOSE.search(items[-2].text):
            pass
        elif len(t) <= _LEGAL_LINE and (LEGAL.search(t) or _IMPRINT.search(t) or _APP_PROMPT.search(t)):
            pass
        elif len(t) <= _NOTE_LINE and (_ABOUT_TEXT.match(t) or _AUTHOR_BIO.match(t)):
            pass
        elif len(t) <= _LEGAL_LINE and _AGENCY_CREDIT.match(t):
            pass  # (Reporting by … in New York; Editing by …)
        elif len(t) <= 60 and (_LOOSE_BYLINE.match(t) or (_FIELD_CREDIT.match(t) and not _in_field_list(items)) or
                               (credits_seen and _MEDIA_LINE.fullmatch(t))):
            pass
        elif len(t) <= _NOTE_LINE and (_TAG_LINE.fullmatch(t) or _TAGS_LABEL.match(t)):
            pass  # the post's tags (#话题# @账号, 标签：…) under the text
        elif (m := _QUOTED_BY.search(t)) and m.start() > 0 and _SENTENCE_CLOSE.search(t[:m.start()].rstrip()):
            items[-1] = last._replace(text=t[:m.start()].rstrip())  # a closing quote's author (…适可而止。 ——廖一梅)
            continue
        elif (m := _CODE_TAIL.search(t)) and m.start() > 0:
            items[-1] = last._replace(text=t[:m.start()].rstrip())  # a story code after the closing credit
            continue
        elif (m := _PRINT_CREDIT.search(t)) and m.start() > 0 and _SENTENCE_CLOSE.search(t[:m.start()]):
            items[-1] = last._replace(text=t[:m.start()].rstrip())
            continue
        elif last.tail_link and (kept := _before_closing_link(t, last.tail_link)):
            items[-1] = last._replace(text=kept, tail_link="")  # …谨慎才是。（<a>中職二度延賽</a>）, …。<a>返回搜狐</a>
            continue
        elif (m := _FOOT_TAIL.search(t)) and m.start() > 0:  # 分享/来源/责任编辑 after the last sentence
            items[-1] = last._replace(text=t[:m.start()].rstrip())
            if "来源" in m.group(0):
                foot.append(join_labels(m.group(0).strip()))
            continue
        elif (m := CREDIT_TAIL.search(t)) and m.start() > 0 and credits < 3:
            items[-1] = last._replace(text=t[:m.start()].rstrip())
            if "来源" in m.group(0):
                foot.append(join_labels(m.group(0).strip()))
            credits += 1
            continue
        elif (k := _ruled_off(items)) is not None:
            del items[k:]  # the site's notice set under a rule after the text (an event's promotion)
            continue
        elif below_noise and len(items) > 1 and _widget_label(t):
            pass  # a box's heading or button over that furniture (热门推荐 收起, 我要反馈, an account's name)
        elif len(t) <= 60 and _HELPLINE.search(t):
            helpline = _HELPLINE_PROMPTS
        elif helpline and len(t) <= _HELPLINE_PROMPT and not last.link_chars and len(items) > 1:
            helpline -= 1  # the box's prompt over its numbers (X关心你 / 请珍惜生命 / 再给自己一次机会)
        else:
            break
        credits_seen = credits_seen or bool(BYLINE.match(t))
        below_noise = bool(_FOOT_NOISE.search(t)) or _link_line(last) or (below_noise and _widget_label(t))
        items.pop()
    # whether it is an article at all is judged on everything the container holds, its links too
    chars = sum(len(_squash(p.text)) for p in items)
    links = sum(min(p.link_chars, len(_squash(p.text))) for p in items)
    sentences = sum(len(SENTENCE_END.findall(p.text)) or _latin_sentences(p.text)
                    for p in items if p.link_chars < 0.5 * len(_squash(p.text)))
    paragraphs = [p.text for p in _without_link_boxes(items)]
    record = bool(info and items) and all(p.block is not None and density.in_data_table(p.block, cells) for p in items)
    tabled = sum(len(p.text) for p in items if p.block is not None and density.in_data_table(p.block, cells))
    return Cleaned(paragraphs, stamp, info, foot, chars, links, sentences, record,
                   tabled >= _TABLED * sum(len(p.text) for p in items))


_RULED_LINES = 2    # lines under the body's last rule that may be the site's notice …
_RULED_CHARS = 300  # … each this short at most …
_RULED_SHARE = 0.8  # … the rule past this share of the text


def _ruled_off(items: list[Para]) -> int | None:
    """The index of the first line under the body's last horizontal rule, when only one or two
    short lines stand under it, past most of the text: what the site sets off from the text (第七届…
    大会将于…举办…欢迎访问【大会官网】). None otherwise."""
    rules = items[-1].rules
    if not rules or len(items) < 2:
        return None
    k = next(i for i, p in enumerate(items) if p.rules == rules)
    if k == 0 or len(items) - k > _RULED_LINES or any(len(p.text) > _RULED_CHARS for p in items[k:]):
        return None
    total = sum(len(p.text) for p in items)
    return k if sum(len(p.text) for p in items[:k]) >= _RULED_SHARE * total else None


_WIDGET_LINE = 16
# A sentence in a Latin script: words, then a full stop, a question or an exclamation mark after a
# lower-case letter, a digit or a closing bracket or quote (not 2016.11, not U.S. alone).
_LATIN_STOP = re.compile(r"[a-z0-9)\"'”’][.!?][\"'”’)]?(?=\s|$)")
_LATIN_WORDS = 8  # a paragraph of running text in a Latin script has at least this many words
_LATIN_CLAUSE_WORDS = 12  # … and one this long with a comma in it needs no stop


def _latin_text(t: str) -> bool:
    """A paragraph of running text in a Latin script: words enough, no Chinese, and a sentence's
    stop in it or, in a longer one, a clause's comma (its sentence may go without a stop: …, the
    most since June 23, based on closing prices)."""
    words = len(t.split())
    return words >= _LATIN_WORDS and not CJK.search(t) and \
        (bool(_LATIN_STOP.search(t)) or words >= _LATIN_CLAUSE_WORDS and ", " in t)


def _latin_sentences(t: str) -> int:
    """How many sentences a paragraph in a Latin script holds (English, German press releases
    whose lines end in full stops), or 0 for a line of another kind."""
    return len(_LATIN_STOP.findall(t)) if _latin_text(t) else 0
# A crisis helpline's number, as news sites append them under a report of a suicide (自殺防治諮詢安心
# 專線：0800-788995, 生命線：1995, 心理援助热线：400-161-9995): the box is the site's, not the report.
_HELPLINE = re.compile(r"(?:自[杀殺]|心理|生命[线線]|安心|[张張]老[师師]|[协協][谈談]|危机|危機)[^：:。！？]{0,10}[:：]\s*[\d０-９]")
_HELPLINE_PROMPTS = 3  # the box's prompt lines over its numbers …
_HELPLINE_PROMPT = 40  # … each this short at most


def _widget_label(t: str) -> bool:
    """A page box's heading or button: a few words without punctuation, not a signature (an organ,
    a date) or a name in brackets."""
    t = t.strip()
    return 0 < len(_squash(t)) <= _WIDGET_LINE and not PUNCTUATION.search(t) and not re.search(r"\d", t) and \
        not re.fullmatch(_ORGAN_NAME, _squash(t)) and not _BRACKET_NAMES.match(t)


_CLOSING_LINK = 40  # a link glued after the last sentence is at most this long


def _before_closing_link(t: str, link: str) -> str:
    """The last line without the link glued after its last sentence (a related report's headline
    in brackets, a "back to the site" link): the line's text when its sentence ends before the
    link, and the link is no sentence of its own; "" when it is not such a line."""
    if not link or len(link) > _CLOSING_LINK or SENTENCE_END.search(link):
        return ""
    at = t.rfind(link)
    if at <= 0 or t[at + len(link):].strip(_AFTER_LINK):
        return ""
    kept = t[:at].rstrip(" \u3000").removesuffix("（").removesuffix("(").removesuffix("【").removesuffix("[").rstrip()
    return kept if _SENTENCE_CLOSE.search(kept) else ""


# Lines around an article that belong to the page: toolbars, share prompts, "related" headings.
_HEAD_NOISE = re.compile(r"^(?:图集|字体[:：]|字号[:：]|\[?[大中小]\]?\s*\[?[大中小]\]?|"
                         r"(?:作者|出品|策划|编辑|撰文)\s*[|｜丨]\s*[^|｜丨。！？]{1,30}$)")  # 作者|某某，土木工程博士
_FOOT_NOISE = re.compile(r"分享到|分享至|分享让|欢迎分享|点击分享|关注我们|关注公众号|关注微信|扫码关注|欢迎关注|点击关注|"
                         r"识别.{0,6}二维码|扫描二维码|长按二维码|扫一扫|阅读原文|App\s*商店|应用商店|下载.{0,8}(?:App|APP|客户端)|相关链接|相关阅读|相关新闻|相关政策|"
                         r"延伸阅读|推荐阅读|(?:看|阅读|展开|查看)全文$|附件下载|相关附件|责任编辑|本文来源|^原标题|^图集|点赞|^\+\d*$|^\[\d+\](?:\[\d+\])*$|"
                         r"［更多］|更多>>|^投稿|^合作[|｜]|版权所有(?![者人])|All\s*Rights\s*Reserved|Copyright|©|ICP备|"
                         r"已被阅读\s*\d+\s*次|[Tt]rackback|引用通告|^上一[页頁][\s\d]*下一[页頁]$|"
                         r"^顶\s*\d+\s*踩\s*\d+$|星标|不迷路|^感谢(?:你|您|大家)?(?:看到|读到|阅读到)这里|"  # votes, a follow prompt
                         r"^[-—_=*·.~]{3,}$|"  # a rule drawn in characters
                         r"^(?:[^。！？:：]{1,16}[:：]\s*)?https?://\S+$")  # a post's counter, trackbacks, a pager, a URL
_FOOT_TAIL = re.compile(r"(?<=[。！？!?”」』）)])\s*(?:图集\s*)?\+\d*$|(?<=[。！？!?”」』])\s*(?:分享|欢迎分享|本文来源|"
                        r"责任编辑|来源[:：|｜]|原标题[:：])[^。！？]{0,60}$|\s*[（(]来源[:：][^）)]{1,30}[）)]$|"
                        r"(?:——[^。！？]{1,20})?来源[|｜][^。！？]{0,60}$")
_ORGAN_NAME = r"[\u4e00-\u9fa5]{2,20}?(?:局|厅|委员会|委|办公室|办|总队|调查队|中心|政府|院|署|部)"
# Names in brackets closing the text: the authors' (（王某 李某）), the issuing organ's (（万载县统计局）) or
# the outlet's (（中国新闻网）).
_BRACKET_NAMES = re.compile(rf"^[（(](?:[\u4e00-\u9fa5]{{2,4}}(?:[\s、，,]+[\u4e00-\u9fa5]{{2,4}})*|{_ORGAN_NAME}|{MEDIA_NAME})"
                            r"\s*[）)]$")
_LEGAL_LINE = 300
# A prompt to read on in the site's app: 关于此事的更多报道，请在和讯财经客户端上阅读。
_APP_PROMPT = re.compile(r"征稿|投稿(?:至|请|邮箱)|稿酬|在.{0,12}(?:客户端|App|APP)上?(?:阅读|查看|观看)|(?:通过|用|使用)\s*(?:手机)?\s*(?:客户端|App|APP)\s*(?:访问|阅读|浏览)|(?:扫描|扫码|长按).{0,10}(?:二维码.{0,6})?下载|"
                         r"(?:App\s*Store|应用商店|安卓商店|应用市场).{0,20}(?:搜索|下载)")
# A note about the text closing it (本文为X授权Y发布 / 本文为…的演讲，转载自订阅号“透视”。 / 本文首发于微信公众号：X /
# 文章由X整合自Y、Z等) and the author's bio (作者为《中国企业家》主笔 / 作者X，为百略网旗下原创专栏作者 / （作者为…学术委员）).
_NOTE_LINE = 160
# A 公众号's lines over a reprinted post: the prompt to follow the account, the reading time.
_HEAD_PROMPT = re.compile(r"(?:欢迎|点击)(?:置顶)?关注|置顶关注|设为\s*[「“]?\s*星标|点击上方.{0,8}(?:关注|订阅)|关注公众号|扫码关注|长按.{0,6}二维码")
_SELF_INTRO = re.compile(r"^(?:我是|我们是|这里是)")
_LEGAL_LEAD = re.compile(r"^[【\[（(]?\s*(?:版权声明|免责声明|声明)\s*[】\]）)]?\s*[:：]")  # 版权声明：本文为博主原创文章…
_READING_TIME = re.compile(r"^[（(]?\s*(?:本文|全文)(?:共|约)?\s*\d[\d,]*\s*个?字[，,。]?\s*(?:大概|大约|预计|约)?(?:阅读|需要|需)?"
                           r"(?:时间)?\s*\d+\s*分钟")
_ABOUT_TEXT = re.compile(r"^[（(]?\s*(?:(?:本文|此文)(?:为|系|是|由|经|首发|原载|原发|转载|转自|来自|选自|摘自)|"
                         r"文章(?:由|来自|转自|转载|选自|摘自|首发|原载|整合))")
_AUTHOR_BIO = re.compile(r"^[（(]?\s*(?:作者|撰稿人)\s*(?:[^\s，,。：:]{1,20}[，,]\s*)?(?:为|系|是)|^[【\[（(]\s*作者单位\s*[:：]|"
                         r"^(?:文|作者)\s*[/／|｜丨]\s*[^\s，,。]{2,12}[，,].{0,40}(?:公众号|微信号|ID\s*[:：]|专栏)|"
                         r"^(?:原文链接|原文地址|英文原文)\s*[:：]")  # 文/X，微信公众号：…; the original's link
# A byline that says where it was filed (腾讯《一线》 作者 王丹薇 康路 发自瑞士达沃斯), a credit given as a
# field (线索：马先生), and the outlet's name on a line of its own next to a byline (北京晨报现场新闻).
_LOOSE_BYLINE = re.compile(r"^[^。！？!?，,]{0,30}(?:记者|作者|通讯员)[^。！？!?，,]{0,30}(?:发自|报道)[^。！？!?，,]{0,24}$")
# An agency's credit line closing an English report: Additional reporting by …; Editing by ….
_AGENCY_CREDIT = re.compile(r"^[(\[]?\s*(?:(?:Additional\s+)?[Rr]eporting|Writing|Editing|Compiled)\s+by\s+[A-Z]")
_FIELD_CREDIT = re.compile(r"^[\u4e00-\u9fa5]{2,4}[:：]\s*[\u4e00-\u9fa5A-Za-z·]{1,12}$")
_MEDIA_LINE = re.compile(MEDIA_NAME)
# An official document's imprint under its signature (GB/T 9704 版记): 抄送：…, 主题词：…, …印发.
_IMPRINT = re.compile(r"^(?:抄送|抄报|分送|主题词)\s*[:：]|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
# Where the text was printed, closing it: 《光明日报》（2022年02月13日 02版）, （刊于《半月谈》2019年第24期）.
_PRINT_CREDIT = re.compile(r"[（(]?\s*(?:刊于|原载于?|载于)?\s*《\s*[^》]{1,20}\s*》\s*[（(]?\s*(?:19|20)\d{2}\s*年"
                           r"[^）)。！？]{0,20}(?:版|期|日)\s*[）)]?\s*[）)]?$")
# A line that is only a 来源 credit (来源：新华社, （来源：新华社）, 来源|长江日报): the foot's source.
_SOURCE_LINE = re.compile(r"^[（(【\[]?\s*(?:本文|文章|稿件|信息)?来源\s*(?:[:：|｜]|于)[^。！？]{1,60}$")
# A heading with nothing after it (相关导读：, 注释：); an attachment line (附件：<a>name</a>).
# A reprint's credit naming the original without a 来源 label: 转自《北京科技报》, （摘自《读者》）.
_REPRINT_LINE = re.compile(r"^[（(【\[]?\s*(?:转自|转载自|摘自|选自)\s*[:：]?\s*《\s*([^》]{2,20}?)\s*》\s*[）)】\]]?$")
# A credit chain (摘自《某某学术季刊》2000年第2期，原文约15，000字)《新华文摘》2000年第09期: the copy's source is
# the last periodical named, which reprinted it from the first.
_REPRINT_CHAIN = re.compile(r"^[（(]\s*(?:转自|转载自|摘自|选自|原载)\s*[:：]?\s*《[^》]{2,30}》[^（()）《》。！？]{0,30}[）)]\s*"
                            r"《\s*([^》]{2,20}?)\s*》[^（()）《》。！？]{0,16}$")
# Tags of a post under its text: #话题# @账号 (topics and accounts only), or a 标签：/关键词： line.
_TAG_LINE = re.compile(r"(?:[#＃][^#＃\s]{1,24}[#＃]?|@[^@\s]{1,24})(?:\s+(?:[#＃][^#＃\s]{1,24}[#＃]?|@[^@\s]{1,24}))*")
_TAGS_LABEL = re.compile(r"^(?:标签|標籤|关键词|關鍵詞|Tags?)\s*[:：]")
# The author of a quotation closing the text, after its last sentence: …适可而止。 ——廖一梅.
_QUOTED_BY = re.compile(r"\s*(?:——|--|－－|—)\s*[\u4e00-\u9fa5·]{2,8}$")
_CODE_TAIL = re.compile(r"(?<=[）)】])\s*\d{6,10}$")  # （編輯：某某）1120221
_SHARE_LEAD = re.compile(r"^(?:分享到|分享至|分享)\s*[:：]\s*")
_LABEL_ONLY = re.compile(r"^[【\[]?[\u4e00-\u9fa5]{2,8}[】\]]?\s*[:：]$")
# An editor's note or a summary bullet heading the text; a picture's caption by its words.
_DECK_WORDS = r"(?:编者按|编者的话|编前语|编者|导读|内容提要|内容摘要|核心提示|核心阅读|提要|摘要|简介)"
DECK = re.compile(r"^[【\[（(]?\s*" + _DECK_WORDS + r"\s*[】\]）)]?\s*[:：]")
# The same heading on a line of its own, its text in the next paragraph.
_DECK_HEADING = re.compile(r"[【\[（(]?\s*" + _DECK_WORDS + r"\s*[】\]）)]?\s*[:：]?")
_BULLETS = "■●◆▲★□◇"
_CAPTION_TEXT = re.compile(r"^(?:图为|图：|图片：|资料图|题图|[（(]图[:：)）])|(?<=\S)\s(?:摄|供图)[）)]?$|[（(](?:图片来源|图源)[:：]|"
                           r"[（(][图圖]\s*[／/:：][^（()）]{1,20}[）)]$|"
                           r"^[（(][^（()）]{2,80}(?:图片来源|图源)[:：][^（()）]{1,30}[）)]$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十\d]+[章节条部分])")
_SUBHEAD_CHARS = 30
# Notes a signed document appends after its date (统计公报: 说明： / 数据来源：): not the text.
_NOTES = re.compile(r"^[（(【\[]?\s*(?:注释|注|说明|备注|附注|资料来源|数据来源)\s*[】\]）)]?\s*[:：]?$")


def _summary_bullet(items: list[Para]) -> bool:
    """A summary bullet over the text (■外汇储备的作用是…): the bullet marks only the lines at the
    head, never the text's own items (◇ before each news item of a digest)."""
    b = items[0].text[0]
    if b not in _BULLETS:
        return False
    k = 1
    while k < len(items) and items[k].text.startswith(b):
        k += 1
    return k < len(items) and not any(p.text.startswith(b) for p in items[k:])


def _subhead(t: str, following: str) -> bool:
    """A subtitle or a section title opening the body (人物画像, 出国前：政治科目会出啥考题？): short, no
    comma or full stop, not an addressee line (各区人民政府：), a numbered heading or a 文号, and
    shorter than what follows it."""
    return (len(t) <= _SUBHEAD_CHARS and len(following) >= len(t) and not _SUBHEAD_STOP.search(t)
            and not t.endswith(("：", ":")) and not _NUMBERED.match(t) and not _DATE_LINE.match(t)
            and not DOC_NO.search(t) and not NOTICE_NO.search(t) and not _AGENCY_LEAD.match(t))


_DECK_CHARS = 40


_DOCUMENT_TITLE_LINES = 3


def _title_over_addressee(items: list[Para]) -> int:
    """How many centred lines, none a sentence, stand over the addressee line (区属各单位：) at the
    head: the document's own title, which a reprint's headline need not repeat; else 0."""
    k = 0
    while k < min(len(items) - 1, _DOCUMENT_TITLE_LINES):
        p = items[k]
        if p.block is None or not _centred(p.block) or len(p.text) > _LINK_LINE or SENTENCE_END.search(p.text):
            break
        k += 1
    return k if k and _ADDRESSEE.fullmatch(_squash(items[k].text)) else 0


def _centred_caption(items: list[Para]) -> bool:
    """A picture's caption in the centred block that holds the picture (portraits, each over its
    person's profile), over text that is not centred: a caption however it is worded."""
    p = items[0]
    block = p.block
    if block is None or not _caption(p) or not _centred(block):
        return False
    rest = next((q for q in items[1:] if q.block is not block), None)
    return rest is not None and (rest.block is None or not _centred(rest.block))


def _centred_deck(p: Para, following: Para) -> bool:
    """A deck over the text (神奇，偶然掉在凡俗的临床上。): the first line, short, centred and all of it
    bold, over a longer line that is not centred — set apart as the text's own sentences are not;
    never a numbered heading, a 文号, an addressee line or a dateline."""
    t = p.text
    block = p.block
    if len(t) > _DECK_CHARS or block is None or not _centred(block) or len(following.text) < 2 * len(t):
        return False
    if following.block is not None and following.block is not block and _centred(following.block):
        return False
    return _all_bold(p) and not _NUMBERED.match(t) and not DOC_NO.search(t) and \
        not t.endswith(("：", ":")) and not _DATELINE.match(t) and not _AGENCY_LEAD.match(t)


def _all_bold(p: Para) -> bool:
    """The line is its block's whole text, all of it inside <b>/<strong>."""
    bold = "".join(_squash(_text(b)) for b in p.block.iter("b", "strong") if b.getparent().tag not in ("b", "strong"))
    return bool(bold) and bold == _squash(p.text)


_BOLD_HEADS = 4  # bold lines that may stand over the text as its deck
_HEAD_STOP = re.compile(r"[，。；、,;]")


def _bold_heads(items: list[Para]) -> int:
    """How many short lines, each all bold, stand over the text's first running line (出国前：政治科目会出啥
    考题？ / 出国后：国家未来将如何发展？): a deck of questions or subtitles, set apart by their weight as the
    text's own sentences are not; never an addressee line, a numbered heading, a 文号 or a dateline."""
    k = 0
    while k < min(len(items) - 1, _BOLD_HEADS):
        p = items[k]
        t = p.text
        if len(t) > _SUBHEAD_CHARS or p.block is None or _HEAD_STOP.search(t) or t.endswith(("：", ":")) or \
                _NUMBERED.match(t) or DOC_NO.search(t) or NOTICE_NO.search(t) or _DATELINE.search(t) or \
                _AGENCY_LEAD.match(t) or not _all_bold(p):
            break
        k += 1
    if not k or k >= len(items):
        return 0
    text = items[k]
    if text.block is None or _all_bold(text) or not _SENTENCE_CLOSE.search(text.text) or \
            len(text.text) < 2 * max(len(p.text) for p in items[:k]):
        return 0
    return k


_DOCUMENT_TITLE = 4  # lines a document's own title may take over its 文号
ISSUER_INFO = "发文机关："  # the info line a red head gives (page.py reads it as the table label)
_RED_HEAD = re.compile(r"([\u4e00-\u9fa5（）()·\-—]{4,40}?)文件")  # 重庆市某某大学文件, 国家能源局文件


def _document_head(items: list[Para]) -> int:
    """How many lines open the text as a reprinted document's head: its title (up to four lines,
    none a sentence) and the line of its 文号 alone (国发 〔2015〕40号), centred or not; else 0. A 文号
    alone opening the text, with no title over it, is the text's first line."""
    for k in range(min(len(items) - 1, _DOCUMENT_TITLE + 1)):
        t = _squash(items[k].text)
        if DOC_NO.fullmatch(t):
            return k + 1 if k else 0
        if len(t) > _DECK_LINE or SENTENCE_END.search(t) or t.endswith(("：", ":")):
            return 0
    return 0


# A decree's number under the organs that issue it (第　20　号, （第20号）), or on the same line
# (国务院令第708号): what its readers cite it by.
_DECREE_NO = re.compile(r"第\d{1,4}号")
_DECREE_LINE = re.compile(r"(?:.{2,60}令)?[（(]?第\d{1,4}号[）)]?")
_DECREE_ORGANS = 10  # lines the issuing organs may take


def _decree_head(items: list[Para]) -> int:
    """How many lines open the text as a decree's head (中华人民共和国…部 / …商务部令 / 第　20　号): short
    lines without a sentence, the last of the organs' ending in 令, then the number; else 0."""
    for k in range(min(len(items) - 1, _DECREE_ORGANS + 1)):
        t = _squash(items[k].text)
        if len(t) > _DECK_LINE or SENTENCE_END.search(t):
            return 0
        if k and _DECREE_LINE.fullmatch(t) and \
                (not t.startswith(("第", "（", "(")) or _squash(items[k - 1].text).endswith("令")):
            return k + 1
    return 0


_RESTATED_HEADS = 6  # lines a release's headline and subtitles may take over its lead …
_RESTATED = 0.6      # … each with this share of its character pairs in the lead


def _restated_heads(items: list[Para]) -> int:
    """How many short unpunctuated lines stand over the text's first running line that restates
    each of them (a government release's headline and its subtitles: 李克强主持召开国务院常务会议 /
    确定进一步积极有效利用外资的措施 …, then 国务院总理李克强5月30日主持召开…): 0 if any line is not."""
    k = 0
    while k < min(len(items) - 1, _RESTATED_HEADS):
        t = items[k].text.strip()
        if len(t) > _DECK_LINE or _HEAD_STOP.search(t) or SENTENCE_END.search(t) or t.endswith(("：", ":")) or \
                _NUMBERED.match(t) or DOC_NO.search(t) or _DATELINE.search(t) or _AGENCY_LEAD.match(t):
            break
        k += 1
    if not k or k >= len(items):
        return 0
    lead = items[k].text
    if not _SENTENCE_CLOSE.search(lead) or len(lead) < 2 * max(len(p.text) for p in items[:k]):
        return 0
    return k if all(_about(p.text, lead, _RESTATED) for p in items[:k]) else 0


# A news agency's dateline on a line of its own (新华社北京3月19日电): the text's first words, never page furniture.
_DAY = r"(?:\d{1,2}|[０-９]{1,2})"
_DATELINE = re.compile(r"[\u4e00-\u9fa5A-Za-z]{2,16}?\s*" + _DAY + r"\s*月\s*" + _DAY + r"\s*日\s*(?:电|讯)")
# A report's first words naming the outlet that sent it, without a date (南方网讯　…, 本报讯 …).
_AGENCY_LEAD = re.compile(r"^(?:" + MEDIA_NAME + r"|本报|本刊|本台)讯[\s\u3000\xa0:：]*\S")
_NOTE_PARAS = 8  # how many paragraphs an editor's note box may hold


def _report_below(items: list[Para]) -> int:
    """Where the report under an editor's note begins (its heading alone on a line, a reposted
    report's 编者按 box under it): the first of the next few paragraphs that
    opens with its dateline or its outlet's 讯; 0 when none does (the note is then left as it is)."""
    for k in range(2, min(len(items), _NOTE_PARAS + 2)):
        t = items[k].text.strip()
        if _AGENCY_LEAD.match(t) or _DATELINE.match(t):
            return k
    return 0


# The author's name over the text with who they are in brackets: 李旭红 （作者系…研究员）.
_HEAD_BIO = re.compile(r"[\u4e00-\u9fa5·]{2,12}\s*[（(]\s*(?:作者|撰稿人)\s*(?:系|为|是)[^）)]{2,150}[）)]")
# A caption's closing credit in brackets: （央视）, （新华社发）, （图片来源：…）.
_CAPTION_CREDIT = re.compile(r"[（(](?:[\u4e00-\u9fa5]{2,6}|" + MEDIA_NAME + r"|[^）)]{0,12}(?:发|摄|供图|图片来源[:：][^）)]{1,20}))[）)]$")


def _lead_in(p: Para) -> bool:
    """Running text that trails off (……) right above the text density found: its opening words,
    left out of the run only for want of a full stop."""
    t = p.text
    return len(t) >= 20 and t.endswith(("……", "…")) and not p.link_chars and bool(re.search("[，、；]", t))


def _restated_headline(t: str, title: str) -> bool:
    """A short first line that holds the headline and ends with a bracketed credit: the caption of a
    picture or video (kept or lost) that restates the headline, not the text's first sentence."""
    if len(t) > 80 or not (m := _CAPTION_CREDIT.search(t)):
        return False
    want = _squash(_narrow(title))
    return len(want) >= 6 and want in _squash(_narrow(t[:m.start()]))


_SUBHEAD_STOP = re.compile(r"[，。；、,;]|[。！？!?~～…]$|(?:电|讯|消息)$")  # nor a dateline (新华社北京7月15日电)


_REPORTER = re.compile(r"记者|通讯员|作者|撰文|^文\s*[/／|｜丨]")


def _byline_below(items: list[Para]) -> int:
    """The index of a byline among the body's second and third lines when only short lines (a
    deck, a summary) stand above it, else 0; never a transcript's speaker (上海人民广播电台记者:)."""
    for k in (1, 2):
        if k < len(items) and len(items[k].text) <= 60 and BYLINE.match(items[k].text) and \
                _REPORTER.search(items[k].text) and not items[k].text.rstrip().endswith((":", "：")) and \
                all(len(p.text) <= 150 for p in items[:k]):
            return k
    return 0


def _info_below(items: list[Para]) -> int:
    """The index of the 来源 line among the body's second and third lines when only short lines (a
    promotion, a teaser) stand above it and the text follows it, else 0."""
    for k in (1, 2):
        if k < len(items) - 1 and _is_info_line(t := items[k].text) and "来源" in join_labels(t) and \
                all(len(p.text) <= 200 for p in items[:k]) and not _is_info_line(items[k + 1].text):
            return k
    return 0


_LINK_LINE = 80


def _link_line(p: Para) -> bool:
    """A short line that is mostly links (a teaser, a related story); never an attachment's."""
    n = len(_squash(p.text))
    return bool(n) and n <= _LINK_LINE and p.link_chars >= 0.6 * n and not p.text.startswith("附件")


def _without_link_boxes(items: list[Para]) -> list[Para]:
    """The text without the boxes of links a page puts inside it (今日焦点： · story · story): lines
    of links, and the label-only or related-stories heading right above them."""
    out: list[Para] = []
    for i, p in enumerate(items):
        if _link_line(p):
            continue
        if (_LABEL_ONLY.match(p.text) or _RELATED_HEADING.fullmatch(p.text.strip())) and i + 1 < len(items) and \
                _link_line(items[i + 1]):
            continue
        out.append(p)
    return out


def _past_share(items: list[Para], share: float) -> Iterator[int]:
    """The indices of the lines that come after ``share`` of the body's text (its second half, its
    last third): where what closes a text (notes, an afterword, related stories, a profile) may start."""
    total = sum(len(p.text) for p in items)
    seen = 0
    for i, p in enumerate(items):
        if seen >= share * total:
            yield i
        seen += len(p.text)


def _notes_start(items: list[Para]) -> int | None:
    """Where the notes appended after a signed document begin: a heading such as 说明： or 数据来源：
    in the last third of the body's text, right under the date signed. A bulletin that is not
    signed (统计公报 whose 注释 and 资料来源 follow its last section) keeps them as its last lines."""
    for i in _past_share(items, 0.6):
        if _NOTES.match(items[i].text):
            return i if i and _SIGNATURE_DATE.match(_squash(items[i - 1].text)) else None
    return None


# An editor's afterword under a report (编后 / 编后语 on a line of its own, or opening its paragraph
# as 编后：…): the paper's comment on the story, like an 编者按 over it, not the report.
_AFTERWORD = re.compile(r"^[【\[（(]?\s*(?:编后|编后语|编后记|编后话|编者后记)\s*[】\]）)]?\s*(?:[:：]|$)")


def _afterword_start(items: list[Para]) -> int | None:
    """Where an editor's afterword begins, in the second half of the body's text, else None."""
    return next((i for i in _past_share(items, 0.5) if i and _AFTERWORD.match(items[i].text)), None)


# An outlet's or a company's profile closing a release: its name on a line of its own (关于X, or X),
# the paragraph under it opening with that name as its subject (X，致力于… / X是… / X（…）成立于…).
_PROFILE_HEAD = re.compile(r"(?:关于|About\s+)?(?P<name>[^\s。！？!?，,：:；;、]{2,24})", re.I)
_PROFILE_LINES = 6  # a profile is a few paragraphs


def _profile_start(items: list[Para]) -> int | None:
    """Where a profile of the company or the lab behind a release begins, in the second half of
    the body's text and under a closed sentence, to the end; else None."""
    for i in _past_share(items, 0.5):
        if i and len(items) - i <= _PROFILE_LINES + 1 and i + 1 < len(items) and \
                _SENTENCE_CLOSE.search(items[i - 1].text) and (m := _PROFILE_HEAD.fullmatch(items[i].text.strip())):
            name = m.group("name")
            if items[i + 1].text.startswith(name) and items[i + 1].text[len(name):][:1] in "，,（(是":
                return i
    return None


_RELATED = 2  # linked headlines, each over its excerpt, that make the text's foot a related-stories box


def _related_start(items: list[Para]) -> int | None:
    """Where a box of related stories begins inside the text: from a line that is all one
    link (another story's headline) right after a closed sentence in the text's second half, to
    the end, at least two such headlines each over excerpt lines of its own; else None."""
    for i in _past_share(items, 0.5):
        if i and _linked_headline(items[i]) and _SENTENCE_CLOSE.search(items[i - 1].text):
            rest = items[i:]
            heads = [j for j, q in enumerate(rest) if _linked_headline(q)]
            if len(heads) >= _RELATED and all(j + 1 < len(rest) and not _linked_headline(rest[j + 1]) for j in heads) \
                    and all(q.link_chars == 0 for j, q in enumerate(rest) if j not in heads):
                return i
            return None
    return None


# A box's heading over related stories, on a line of its own (相关新闻, 延伸阅读：, 相關新聞).
_RELATED_HEADING = re.compile(r"(?:相[关關](?:新[闻聞]|[阅閱][读讀]|[报報][道導]|文章|[链鏈]接)|延伸[阅閱][读讀]|推[荐薦][阅閱][读讀]|"
                              r"猜你喜[欢歡]|[热熱][门門]推[荐薦])\s*[:：]?")


# A list of the sources a feature drew on, under its heading (参考资料, 参考文献：, [参考资料]).
_REFERENCES = re.compile(r"[【\[]?\s*(?:参考资料|参考文献|参考来源|资料参考)\s*[】\]]?\s*[:：]?")
_REFERENCE_LINE = 120  # each entry a short line


# The mark an account sets under its text (END, - END -, —END—), the staff credits under it
# (撰稿：… 审稿：…); an author's bio under its heading (作者简介：…), the end of the text.
_END_MARK = re.compile(r"[-—–_/·\s]*(?:END|End|end)[-—–_/·\s]*")
_BIO_HEADING = re.compile(r"^[【\[（(]?\s*(?:作者|译者)简介\s*[】\]）)]?\s*[:：]")


def _end_mark_start(items: list[Para]) -> int | None:
    """Where an END mark or an author's bio closes the text: in its second half, only short lines
    (credits, the page's foot) under it."""
    for i in _past_share(items, 0.5):
        if (_END_MARK.fullmatch(items[i].text) or _BIO_HEADING.match(items[i].text)) and \
                all(len(q.text) <= _NOTE_LINE for q in items[i + 1:]):
            return i
    return None


def _references_start(items: list[Para]) -> int | None:
    """Where the references listed under a text begin: their heading in the text's second half,
    only short entries under it (1.《…》，…), to the end; else None."""
    for i in _past_share(items, 0.5):
        if i and i + 1 < len(items) and _REFERENCES.fullmatch(items[i].text.strip()):
            return i if all(len(q.text) <= _REFERENCE_LINE for q in items[i + 1:]) else None
    return None


_RUNNING_LINE = 50  # a paragraph of running text under a related box: the text goes on


def _related_heading_start(items: list[Para]) -> int | None:
    """Where a related-stories box begins in a container that also holds the page's foot: its
    heading on a line of its own in the text's second half, a linked line (the first entry) right
    under it and no running text after the box. A box set inside the text, the text going on under
    it, or a heading over text (推荐阅读 over a compilation's closing essay) stays."""
    for i in _past_share(items, 0.5):
        if i and i + 1 < len(items) and _RELATED_HEADING.fullmatch(items[i].text.strip()):
            if items[i + 1].link_chars and not any(
                    len(q.text) >= _RUNNING_LINE and not q.link_chars and SENTENCE_END.search(q.text)
                    for q in items[i + 2:]):
                return i
            return None
    return None


def _linked_headline(p: Para) -> bool:
    """The line is one link's words, a headline's length, not a sentence."""
    n = len(_squash(p.text))
    return 8 <= n <= _LINK_LINE and p.link_chars >= n and not _SENTENCE_CLOSE.search(p.text)


def _attachment_line(p: Para) -> bool:
    """An attachment listed under the text: 附件：<a>name</a>, or the 相关附件： heading."""
    t = p.text
    return t.startswith(("附件", "相关附件")) and (p.link_chars >= 0.5 * len(_squash(t)) or t.endswith(("：", ":")))


def _empty_box(p: Para) -> bool:
    """The heading of a box with nothing in it (政策文件 over an empty list): the line is all the
    text of the element around its block, and that element is not the body's container."""
    block = p.block
    if block is None or len(p.text) > 20 or SENTENCE_END.search(p.text):
        return False
    box = block.getparent()
    for _ in range(2):
        if box is None or box.getparent() is None:
            return False
        if _squash(_text(box)) != _squash(p.text):
            return False
        if len(box) > 1:
            return True
        box = box.getparent()
    return False
# A reprint's bracketed credit opening its first line (【看中国2005年07月03日报道】, 【某某网记者 X 报道】): who
# reported it, not the text (a bracketed outlet alone, 【财新网】, or a dateline 【本报讯】 opens the text).
_REPORT_CREDIT = re.compile(r"^[【\[]\s*(?:([^】\]。！？!?，,\s\d]{2,16}?)\s*"
                            r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|记者|記者)|[^】\]。！？!?，,]{2,40}?)"
                            r"[^】\]。！？!?，,]{0,30}?(?:报道|報導)\s*[】\]]\s*")
_ORIGINAL_TITLE = re.compile(r"^[（(]?原标题[:：][^）)]{2,80}[）)]\s*")


def _pieces(p: Para) -> str:
    """A metadata line with its text pieces apart ("来源：求是网 参与互动", the link's words not
    the source's): the line of its block when the block is the line."""
    block = p.block
    if block is not None and len(p.text) <= 160 and (t := tree.line_text(block, 160)) and _squash(t) == _squash(p.text):
        return t
    return p.text


# Words of a class that marks a block as the summary over a text (introduction, ep-summary, article-abstract).
_SUMMARY_CLASS = frozenset(("introduction", "intro", "summary", "abstract", "digest", "standfirst"))


def summary_box(el, levels: int = 0) -> bool:
    """Whether the element (or one of its ``levels`` nearest ancestors) is classed a summary."""
    for _ in range(levels + 1):
        if el is None:
            return False
        if (cls := el.get("class")) and not _SUMMARY_CLASS.isdisjoint(re.split(r"[\s_-]+", cls.lower())):
            return True
        el = el.getparent()
    return False


def _summary_block(p: Para) -> bool:
    """The line is a block of its own whose class names it a summary: a deck set over the text."""
    return p.block is not None and summary_box(p.block)


def _caption(p: Para) -> bool:
    """A picture's caption opening the body: a short line in the block of an <img>, or right after one."""
    block = p.block
    if block is None or len(p.text) > 80:
        return False
    if _ADDRESSEE.fullmatch(_squash(p.text)):
        return False  # a document's addressee line, in a block that shows an attachment's icon too
    if next(block.iter("img"), None) is not None:
        return True
    if len(p.text) > _CAPTION_CHARS and "，" in p.text and _SENTENCE_CLOSE.search(p.text) or \
            len(SENTENCE_END.findall(p.text)) >= 2 and p.text.endswith(("。", "！", "？")):
        return False  # running text under a picture (two sentences, closed), not its caption
    prev = block.getprevious()
    return prev is not None and isinstance(prev.tag, str) and next(prev.iter("img"), None) is not None \
        and not _squash(_text(prev))


_CAPTION_CHARS = 40
_ALT_WORDS = 15  # a picture's alt text this long that a line opens with makes the line its caption


def _alt_caption(p: Para) -> bool:
    """A picture's caption however long: the line opens with the alt text of a picture in its block
    or in the block before it, and ends with the photographer's credit (这是位于…的新闻中心（6月3日无人机
    拍摄）。… 新华社记者 李某 摄)."""
    block = p.block
    if block is None:
        return False
    prev = block.getprevious()
    pictures = [*block.iter("img"), *(prev.iter("img") if prev is not None and isinstance(prev.tag, str) else ())]
    text = _squash(p.text)
    return bool(_PHOTO_CREDIT.search(text)) and \
        any(len(alt := _squash(img.get("alt") or "")) >= _ALT_WORDS and text.startswith(alt[:2 * _ALT_WORDS])
            for img in pictures)  # a CMS may give a picture the next paragraph's words; a caption ends with its credit


def _picture_caption(p: Para) -> bool:
    """A picture's caption however long, under a block that holds only the picture: it says 图为 and
    ends with the picture's credit (…的改革，应该…。图为2017年11月16日，…了解情况。视觉中国 资料)."""
    prev = p.block.getprevious() if p.block is not None else None
    return prev is not None and isinstance(prev.tag, str) and next(prev.iter("img"), None) is not None and \
        not _squash(_text(prev)) and "图为" in p.text and bool(_PICTURE_CREDIT.search(_squash(p.text)))


_PICTURE_CREDIT = re.compile(r"(?:视觉中国|东方IC|CFP|图虫创意|IC\s*photo|新华社|中新社|人民视觉|[\u4e00-\u9fa5]{2,8}(?:记者|通讯员))"
                             r"[\u4e00-\u9fa5·、]{0,8}(?:摄|供图|资料图?|图)?[）)]?$|(?:摄|供图|资料图)[）)]?$")
_PHOTO_CREDIT = re.compile(r"(?:记者|摄影)[\u4e00-\u9fa5·、]{2,12}摄?[）)]?$|[（(][^（()）]{0,20}(?:摄|供图)[）)]$")


# A document's addressee line over its text, too short to count as running text (各有关单位：, 区属各单位：).
_ADDRESSEE = re.compile(r"[\u4e00-\u9fa5、，,（）()]{0,60}(?:单位|部门|机构|机关|政府|委员会|委|局|厅|办公室|公司|企业|学校|院校|同志)[：:]")


def densest_run(paras: list[Para]) -> tuple[int, int]:
    """The run of paragraphs that is the article, where the container found by density also holds
    page furniture (old table layouts put the text loose among menus): each paragraph of running
    text (punctuated, few links) counts its length, every other line counts against, and the run
    with the highest sum wins (the maximum-sum segment)."""
    best = (0.0, 0, 0)
    total, start = 0.0, 0
    cells: dict = {}
    boxed = False  # under a related-stories heading set inside the text, up to the text's next paragraph
    for i, p in enumerate(paras):
        n = len(_squash(p.text))
        own = n - min(p.link_chars, n)
        if heading := bool(_RELATED_HEADING.fullmatch(p.text.strip())):
            boxed = total > 0
        if boxed and (p.link_chars or heading):
            w = 0.0  # the box's heading and its links: furniture inside the text, not its end
        elif p.block is not None and density.in_data_table(p.block, cells):
            w = 0.0  # a row's cell of a data table (a 名单's 列入原因 column): neither the text nor against it
        elif p.block is not None and (p.block.tag == "pre" or next(p.block.iterancestors("pre"), None) is not None):
            w = 0.0  # a block of code a technical text shows: no punctuation, but no page furniture either
        elif (own >= 10 and p.link_chars <= 0.3 * n and PUNCTUATION.search(p.text)) or \
                (not p.link_chars and _SENTENCE_CLOSE.search(p.text)) or \
                (p.link_chars <= 0.3 * n and _latin_text(p.text)):  # 特此公告。 / 你期待吗？ / a paragraph in English
            w = float(own)
        elif own >= 10 and p.link_chars <= 0.5 * n and _CLAUSE_CLOSE.search(p.text):
            w = float(own - p.link_chars)  # a sentence with names linked inside it (任命<a>韩正</a>、…为国务院副总理；)
        else:
            w = -(n * 0.5 + 10.0)
        boxed = boxed and w == 0.0
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best[0]:
            best = (total, start, i + 1)
    if best[0] <= 0:
        return 0, len(paras)
    start = best[1] - 1 if best[1] and _ADDRESSEE.fullmatch(_squash(paras[best[1] - 1].text)) else best[1]
    start, end = _sections(paras, start, best[2])
    return start, _record_end(paras, start, _table_end(paras, _fields_end(paras, _list_end(paras, end))), cells)


def _record_end(paras: list[Para], start: int, end: int, cells: dict) -> int:
    """A run of metadata lines only (签署时间：… 信息来源：…) over a data table ends with the table: the
    page is a published record (a contract's, a statistics table's), its rows the text."""
    if not all(_is_info_line(p.text) for p in paras[start:end]):
        return end
    while end < len(paras) and paras[end].block is not None and density.in_data_table(paras[end].block, cells):
        end += 1
    return end


_LIST_ITEM = 200  # an item of the list a line announces is at most this long


def _list_end(paras: list[Para], end: int) -> int:
    """A run that ends with a line announcing a list (…签署了以下11项合作文件：) ends with the list: its
    items numbered 1、 2、 3、 … in order, none linked, short and often no sentence (《…》 titles)."""
    if not 0 < end < len(paras) or not paras[end - 1].text.rstrip().endswith(("：", ":")):
        return end
    k, want, style = end, 1, None
    while k < len(paras) and not paras[k].link_chars and len(paras[k].text) <= _LIST_ITEM and \
            (found := _section_number(paras[k].text)) is not None and found[1] == want and style in (None, found[0]):
        style, want, k = found[0], want + 1, k + 1
    return k if want > _MIN_SECTIONS else end


def _table_end(paras: list[Para], end: int) -> int:
    """A run that ends with a line announcing a table (附：招生专业及考试科目) ends with the table: its
    rows, short and unpunctuated, are the text's, up to the table's last row without links."""
    k = end
    while k > 0 and k > end - 2 and not _ANNOUNCE.match(paras[k - 1].text):
        k -= 1
    if k == 0 or not _ANNOUNCE.match(paras[k - 1].text) or k >= len(paras):
        return end
    table = next((t for t in _tables_of(paras[k]) if t not in _tables_of(paras[k - 1])), None)
    if table is None:
        return end
    while k < len(paras) and not paras[k].link_chars and table in _tables_of(paras[k]):
        k += 1
    return max(end, k)


def _tables_of(p: Para) -> list:
    block = p.block
    if block is None:
        return []
    return [block] * (block.tag == "table") + list(block.iterancestors("table"))


_FIELD_LIST = 3  # label：value lines in a row that make a list


def _fields_end(paras: list[Para], end: int) -> int:
    """A run that ends inside a list of label：value lines (its last three lines such: a spec table,
    驱动型式：前置前驱 / 变速箱：进口手动五速) ends with the list: its short lines weigh against the run
    one by one."""
    if end < _FIELD_LIST or not all(_field_line(p) for p in paras[end - _FIELD_LIST:end]):
        return end
    while end < len(paras) and _field_line(paras[end]):
        end += 1
    return end


def _field_line(p: Para) -> bool:
    return not p.link_chars and bool(_FIELD_LINE.match(p.text))



def _in_field_list(items: list[Para]) -> bool:
    """Whether the last line closes a list of label：value lines (a spec table's 变速箱：进口手动五速),
    the lines above it such lines too and none a byline: an item of the text, not a credit."""
    above = items[-1 - _FIELD_LIST:-1]
    return len(above) == _FIELD_LIST and all(_field_line(p) and not BYLINE.match(p.text) for p in above)


# A section's number opening its line: 一、 / 十二、 / 3. / 3、 (never 3.1, a subsection's).
_SECTION_NO = re.compile(r"^\s*(?:([一二三四五六七八九十]{1,3})\s*[、.．]|(\d{1,2})\s*[、.．](?![\d.．]))")
_CN_DIGITS = "一二三四五六七八九"
_MIN_SECTIONS = 3


def _section_number(t: str) -> tuple[str, int] | None:
    """The style (Chinese or Arabic numerals) and the number of a section heading, else None."""
    m = _SECTION_NO.match(t)
    if not m:
        return None
    if m.group(2):
        return "arabic", int(m.group(2))
    cn = m.group(1)
    tens, _, ones = cn.rpartition("十")
    if "十" not in cn:
        return ("chinese", _CN_DIGITS.index(cn) + 1) if len(cn) == 1 else None
    if len(tens) > 1 or len(ones) > 1:
        return None
    return "chinese", (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_CN_DIGITS.index(ones) + 1 if ones else 0)


def section_heads(texts: list[str], links: list[int] | None = None) -> list[int]:
    """The indices of the longest chain of numbered sections (一、 二、 三、…, or 1. 2. 3.) in
    order, at least three of them, none a link; [] when there is none. A notice in the standard
    form (招标/中标公告: 一、项目编号 … 十、附件) is such a chain of label：value sections."""
    open_chains: dict[str, list[int]] = {}
    best: list[int] = []
    for i, t in enumerate(texts):
        if links and links[i]:
            continue
        if (found := _section_number(t)) is None:
            continue
        style, n = found
        chain = open_chains.get(style)
        if n == 1:
            open_chains[style] = [i]
        elif chain and _section_number(texts[chain[-1]])[1] == n - 1:
            chain.append(i)
        else:
            continue
        if len(open_chains[style]) > len(best):
            best = open_chains[style]
    return list(best) if len(best) >= _MIN_SECTIONS else []


def _sections(paras: list[Para], start: int, end: int) -> tuple[int, int]:
    """The run widened to the whole of the numbered sections it lies in: a notice's label：value
    sections (一、项目编号：…, 联系方式 lines) are no running text, but the document's: the run
    starts at the first section when it missed whole sections, and ends with the last. The last
    section runs over the short unlinked lines under its heading; one with nothing under it (十、附件
    over its links) is left out."""
    heads = section_heads([p.text for p in paras], [p.link_chars for p in paras])
    if sum(start <= h < end for h in heads) < 2:
        return start, end
    last = heads[-1]
    tail = text_end(paras, last + 1)
    if start > heads[1]:  # the run missed whole sections; one that opens at the first's text keeps its start
        start = heads[0]
    return start, max(end, tail if tail > last + 1 else last)


_SENTENCE_CLOSE = re.compile(r"[。！？!?][”’」』）)]?$")
_CLAUSE_CLOSE = re.compile(r"[。！？!?；;][”’」』）)]?$")
_SHORT_LINE = 120


def text_end(paras: list[Para], end: int) -> int:
    """Where the article in a CMS's own container ends: after its densest run of running text
    (``densest_run``), the short lines without links that follow it still belong to it — a
    document's 附件 note (and the numbered files listed under it) and signature (国家能源局人事司 /
    2026年9月16日), a video post's captions — up to the first line of links, where the page's foot
    (related links, the site's menus) begins."""
    while end < len(paras) and len(paras[end].text) <= _SHORT_LINE and \
            (not paras[end].link_chars or paras[end].text.startswith("附件") or _listed_file(paras[end])):
        end += 1
    return end


def _listed_file(p: Para) -> bool:
    """An attachment listed under the text by its number and its file's name or link
    (2.广州市社保服务银行网点.xlsx, 3.<a>户籍家庭公共租赁住房常态分配办理指引</a>)."""
    return bool(_LISTED_FILE.match(p.text) and (_FILE_NAME.search(p.text.strip()) or _link_line(p)))


def comments_start(paras: list[Para], start: int, end: int) -> int:
    """Where a post's comment section begins inside the run density found (a long pasted comment
    under a short post reads as running text too), else ``end``."""
    for i in range(start + 1, end):
        t = paras[i].text
        if len(t) <= 80 and density.COMMENTS_HEADING.match(t.strip()):
            return i
    return end


_SIGNATURE_LINES = 5
_LISTED_FILES = 12  # files an 附件 note may list


_LISTED_FILE = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*\S")  # 2.广州市社保服务银行网点.xlsx
_FILE_NAME = re.compile(r"\.(?:" + "|".join(ATTACHMENT_EXT) + r")$", re.I)


def signature_end(paras: list[Para], end: int) -> int:
    """Where a document found by density ends: its run of running text, then its 附件 note (with the
    numbered files listed under it) and its signature (issuing organs' lines, the date signed) when
    they follow — the lines up to a date signed, none of them punctuated or linked (but the 附件 note)."""
    listed = False  # under the 附件 note: its numbered entries, each a file's link or name
    budget = _SIGNATURE_LINES  # lines of the note and the signature; the files listed count apart
    i = end
    while i < len(paras) and budget and i < end + _SIGNATURE_LINES + _LISTED_FILES:
        p = paras[i]
        i += 1
        if p.text.startswith("附件"):
            listed = True
            budget -= 1
            continue
        if (listed and (_link_line(p) or _LISTED_FILE.match(p.text))) or _listed_file(p):
            continue
        listed = False
        budget -= 1
        if p.link_chars or PUNCTUATION.search(p.text) or len(p.text) > _SHORT_LINE:
            break
        if _SIGNATURE_DATE.match(_squash(p.text)):
            return i
    return end


# A notice's code on a line of its own over its text (标段编码：NJGD2500410-25HWGH, 项目编号：ZC-2026-01):
# metadata; a numbered section that opens with one (一、项目编号：…) is the text, and a record's card
# of fields (证书编号：… 类别等级：…) is no text at all.
_CODE_LINE = re.compile(r"[\u4e00-\u9fa5]{0,6}(?:编码|编号|代码)\s*[:：]\s*[A-Za-z0-9][A-Za-z0-9\-_/.（）()]{3,40}")
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fa5]{2,8}\s*[:：]")


def _is_info_line(t: str) -> bool:
    """A metadata line: short, and a label with its value (发布时间：… 来源：…) or a bare date."""
    if len(t) > 120:
        return False
    j = join_labels(t)
    if INFO_LABEL.search(j):
        return not SENTENCE_END.search(j)
    return bool(_DATE_LINE.match(t)) and bool(parse_datetime(t))


def _stamp(p: Para) -> str:
    """The 文号 or notice number when the paragraph is that alone, centred (a document's header)."""
    t = _squash(p.text)
    if len(t) > 60 or p.block is None or not _centred(p.block):
        return ""
    if m := DOC_NO.fullmatch(t):
        return m.group(0)
    if NOTICE_NO.fullmatch(p.text.strip()):
        return _clean_text(p.text)
    return ""


_TITLE_NOTE = re.compile(r"[（(][^）)]*[）)]$")
_FOOTNOTE = re.compile(r"(?:\[\d{1,2}\]|［\d{1,2}］)$")  # a footnote's mark after a headline: …统计公报[1]
# A bulletin's issuing organs on a line of their own over its text (江西省统计局  国家统计局江西调查总队),
# and the date under them, bracketed or not ((2023年5月), 2023年3月28日): a byline, not the text.
_ISSUERS = re.compile(rf"{_ORGAN_NAME}(?:[\s\u3000\u2002\xa0]+{_ORGAN_NAME})+")
_ISSUED = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[）)]?")


def _narrow(t: str) -> str:
    """``t`` with full-width forms as their ASCII ones: a headline repeated in the text may write
    its ？ where the h1 has ?."""
    return unicodedata.normalize("NFKC", t) if not t.isascii() else t


# A column's label before the headline (人民日报评论员：…, 深度关注丨…), which the text's own title line
# may word otherwise (人民日报6月14日评论员文章：…) or leave out.
_HEADLINE_LABEL = re.compile(r"[^：:，。丨｜|]{2,10}[：:丨｜|]")


def _title_run(items: list[Para], title: str) -> tuple[int, str]:
    """How many leading paragraphs repeat the headline as the document's own title (issuer lines,
    the headline over several centred lines, the 文号 under it or over it), and that 文号."""
    want = _narrow(_squash(title))
    core = _narrow(_squash(_TITLE_NOTE.sub("", title.strip()))) or want
    if len(core) < 4:
        return 0, ""
    bare = core[m.end():] if (m := _HEADLINE_LABEL.match(core)) and len(core) - m.end() >= 8 else core
    run = ""
    cut = 0
    no = ""
    for i, p in enumerate(items[:8]):
        t = _narrow(_squash(_FOOTNOTE.sub("", p.text.strip())))
        if not t:
            continue
        if (n := _stamp(p) or (DOC_NO.fullmatch(t) and t)) and (cut or not run):
            if cut:
                return i + 1, no or n
            no = n  # the 文号 over the document's title (穗府办规〔2025〕8号, then the title's lines)
            continue
        if len(t) > len(want) + 30 or (SENTENCE_END.search(t) and t not in want):  # a headline may ask (？)
            break
        run += t
        if run.endswith((core, bare)) or run == want or (len(run) >= 0.8 * len(core) and core.endswith(run)):
            cut = i + 1
        elif cut:
            break
        if len(run) > len(want) + 40:
            break
    return cut, no


_ABOVE_HEADLINE = 3  # short lines that may stand over the headline restated in the text …
_DECK_LINE = 80  # … each at most this long


def _headline_below(items: list[Para], title: str) -> int:
    """How many lines to drop when the headline is restated, alone on its line, a line or a few
    below the body's head under short lines only (a deck of quotes, a series' blurb): those lines
    and the headline; else 0. Lines closed by a date signed are a text of their own (a decree's
    text and signature over the regulation it issues)."""
    want = _narrow(_squash(title))
    bare = want[m.end():] if (m := _HEADLINE_LABEL.match(want)) and len(want) - m.end() >= 6 else want
    for k in range(1, _ABOVE_HEADLINE + 1):
        if k >= len(items) - 1 or len(items[k - 1].text) > _DECK_LINE or \
                _SIGNATURE_DATE.match(_squash(items[k - 1].text)):
            return 0  # a date signed above it: a decree's text over the regulation it issues, not a deck
        if _narrow(_squash(items[k].text)) in (want, bare):
            return k + 1
    return 0


def not_an_article(c: Cleaned, body: Body, title: str) -> str:
    """Why the body found is not an article's (a list of links, a page of buttons), or ""."""
    if c.chars and c.link_chars > 0.5 * c.chars:
        return "the page is mostly links: a list, not an article"
    if not body.known and c.chars < _SHORT_FOUND and \
            (c.sentences <= 1 or (c.sentences <= _SHORT_SENTENCES and _sign_in(body))) and \
            not _about(title, "".join(c.paragraphs)):
        return "a short text that is not about the headline"
    if c.sentences == 0 and not body.known and not c.record:
        return "no running text"
    if c.sentences <= 1 and c.tabled and not body.known and not c.record:
        return "a table of figures with a note at most, not an article"
    if c.chars < MIN_FOUND_CHARS and not body.known and not _flash(c, title) and not c.record:
        return "no running text"
    if not body.known and c.paragraphs and not section_heads(c.paragraphs) and \
            sum(bool(_FIELD_LINE.match(t)) for t in c.paragraphs) >= 0.6 * len(c.paragraphs) and \
            not any(len(t) >= _NOTICE_TEXT and _SENTENCE_CLOSE.search(t) and not _LABEL_LED.match(t)
                    for t in c.paragraphs):
        return "a record of fields (label：value lines), not an article"
    if sum(bool(_EDITABLE_HEADING.fullmatch(t)) for t in c.paragraphs) >= _EDITABLE_SECTIONS:
        return "an entry of a reference work (its sections' 编辑 buttons), not a dated article"
    if not body.known and body.container and density.post_archive(body.nodes[0], title):
        return "the text found is one entry of a list: an archive of dated posts, none of them the page's headline"
    return ""


# A section heading with its edit button (蔡健雅早年经历 编辑, 历史[编辑]): an encyclopedia's entry.
_EDITABLE_HEADING = re.compile(r"[^。！？!?，,]{2,30}?\s*(?:\[\s*)?(?:编辑|編輯|edit)(?:\s*\])?")
_EDITABLE_SECTIONS = 2
MIN_FOUND_CHARS = 60  # an article found by density alone has at least this much text (a notice, a prompt has less)
# A text found by density under _SHORT_FOUND characters, of one sentence (or of up to _SHORT_SENTENCES
# beside a sign-in form: a mail service's login page), must be about the headline: words of it in the text.
_SHORT_FOUND = 100
_SHORT_SENTENCES = 3
_PASSWORD = etree.XPath("//input[@type='password']")


def _sign_in(body: Body) -> bool:
    """Whether the page has a password field (a sign-in form, a comment box's login)."""
    return bool(body.nodes) and bool(_PASSWORD(body.nodes[0].getroottree()))


_ABOUT = 0.2  # the share of the headline's character pairs the text holds


def _pairs(title: str) -> set[str]:
    """The headline's pairs of adjacent Chinese characters: what a text about it repeats."""
    t = _narrow(_squash(title))
    return {t[i:i + 2] for i in range(len(t) - 1) if _CJK_PAIR.fullmatch(t[i:i + 2])}


def restates_headline(title: str, text: str) -> bool:
    """Whether running text restates a long headline in its own words: most of its character pairs,
    without holding the headline itself (a header block does that)."""
    return len(_pairs(title)) >= _FLASH_PAIRS and _narrow(_squash(title)) not in _narrow(_squash(text)) and \
        bool(SENTENCE_END.search(text)) and _about(title, text, _FLASH_ABOUT)


def _about(title: str, text: str, share: float = _ABOUT) -> bool:
    """Whether ``text`` is about the headline: holds at least ``share`` of its pairs of Chinese
    characters (a news flash repeats its headline's words; a notice or a box on a home page does not)."""
    if not (pairs := _pairs(title)):
        return True
    text = _narrow(_squash(text))
    return sum(p in text for p in pairs) >= share * len(pairs)


def off_headline(title: str, text: str) -> bool:
    """Whether ``text`` holds not one of the Chinese headline's character pairs: the heading found
    is a box's (相关组织 over a directory record), not the headline of that text."""
    return bool(_pairs(title)) and not _about(title, text, share=1 / (len(title) + 1))


_CJK_PAIR = re.compile(r"[\u4e00-\u9fa5]{2}")
MIN_FLASH_CHARS = 30  # but a news flash is one sentence: 新华社快讯：纽约油价１３日上涨，…收于每桶６６．６４美元。
MIN_HEADLINE_FLASH = 15  # or shorter, with no clause, when it restates a long headline: …总理…１３日宣布辞职。
_FLASH_ABOUT = 0.6  # … holding this share of the headline's character pairs …
_FLASH_PAIRS = 8  # … of a headline with at least this many (a 页面不存在 page's title has four)


def _flash(c: Cleaned, title: str) -> bool:
    """A one- or two-sentence news item: clauses and a full stop, or one sentence that restates a
    long headline; not a page's short notice."""
    text = "".join(c.paragraphs)
    if len(c.paragraphs) > 2 or not _SENTENCE_CLOSE.search(text) or LEGAL.search(text) or _GREETING.match(text):
        return False
    if c.chars >= MIN_FLASH_CHARS and "，" in text:
        return True
    return c.chars >= MIN_HEADLINE_FLASH and c.sentences <= 1 and restates_headline(title, text)


_GREETING = re.compile(r"^(?:欢迎您?|您好[，,]?欢迎)(?:来到|访问|光临|进入|登录)")  # a site's welcome line, no news item
_NOTICE_TEXT = 60  # … with no paragraph of running text this long that a label does not lead (a notice's own)
_LABEL_LED = re.compile(r"^[^。！？!?，,]{1,12}[:：]")
_FIELD_LINE = re.compile(r"^[^。！？!?，,]{1,12}[:：][^。！？!?]{0,80}$")


class MetaTable(NamedTuple):
    element: object
    pairs: dict  # label → value (labels with their spaces removed)


_PAIR = re.compile(r"(" + "|".join(sorted(TABLE_PAIR_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*")
_TABLE_LABELS = frozenset(META_TABLE_LABELS)


def meta_tables(body: Body, root) -> list[MetaTable]:
    """Tables (or lists) of 索引号 / 发文机关 / 成文日期 / 发布日期 / 发文字号: inside the content
    container they are not the article, and outside it they hold its fields."""
    out: list[MetaTable] = []
    page = _text(root)
    if sum(w in page for w in META_TABLE_LABELS) < 2:  # most pages: no such table
        return out
    for el in root.iter("table", "ul", "div", "dl"):
        t = tree.line_text(el, 600)
        if t is None:
            continue
        j = join_labels(t)
        found = {m.group(1) for m in _PAIR.finditer(j)} & _TABLE_LABELS
        if len(found) < 2:
            cells = {join_labels(_clean_text(_text(c))).rstrip("：: ") for c in el.iter("td", "th", "dt", "span", "b")}
            found = cells & _TABLE_LABELS
        if len(found) >= 2 and not any(el in x.element.iterancestors() or x.element is el for x in out):
            out = [x for x in out if el not in x.element.iterancestors()]
            out.append(MetaTable(el, _table_pairs(el)))
    return out


def _table_pairs(el) -> dict:
    """label → value: "label：value" in one cell, or a label cell and the value cell after it."""
    pairs: dict = {}
    cells = [join_labels(_clean_text(_text(c))) for c in el.iter("td", "th", "li", "dt", "dd", "span", "p")
             if not any(x.tag in ("td", "th", "li", "dt", "dd", "p") for x in c.iterchildren())]
    text = "\n".join(cells) if cells else join_labels(_clean_text(_text(el)))
    marks = list(_PAIR.finditer(text))
    for m, nxt in zip(marks, [*marks[1:], None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip(" \n：:")
        value = value.split("\n")[0].strip() if value else ""
        if value and m.group(1) not in pairs:
            pairs[m.group(1)] = value
    for i, c in enumerate(cells[:-1]):  # a label cell without a colon, the value in the next cell
        key = c.rstrip("：: ")
        value = cells[i + 1]
        if key in TABLE_PAIR_LABELS and key not in pairs and value and value.rstrip("：: ") not in TABLE_PAIR_LABELS:
            pairs[key] = value
    return pairs


def _centred(el) -> bool:
    return (el.get("align") or "").lower() == "center" or bool(_CENTRED.search(el.get("style") or ""))
