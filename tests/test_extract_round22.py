"""The general extractor on the classes of round 22 of issue 10, found by reading ribao's fields on
unlabelled real pages (the wwwxmu dataset's 906 pages: publishers and titles that no label checks)
and on the held-out folders of this round. One small page per class, with site-neutral markup."""
from datetime import datetime, timedelta, timezone

from test_extract_general import extract, page
from test_extract_round8 import NEWS, _paras

CST = timezone(timedelta(hours=8))
TITLE = "某某公司一季度营业收入同比增长两成"


def test_a_sentence_saying_where_money_comes_from_names_no_publisher():
    """来源于 inside a sentence (公司来源于《某影片》的营业收入) is a verb, not the 来源 label: the
    outlet shown beside the time is the publisher; 本文来源于 某某见闻 still names one."""
    head = (f"<h1>{TITLE}</h1><p><span>某某财经APP</span><em>2018-01-15 20:16:00</em></p>"
            "<div class=\"intro\">简介：截至2018年1月14日，公司来源于《某某影片》的营业收入约为4.5亿元。</div>")
    a = extract(page(before=head, body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.publisher == "某某财经APP"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>本文来源于 某某见闻 2018-05-29 09:19:00 我要评论</div>",
                     body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.publisher == "某某见闻"


def test_meta_source_holding_its_label_gives_the_name():
    """<meta name="source" content="来源：某某网-财经频道 原创稿">: the name, not the label and the note."""
    head = '<meta name="source" content="来源：某某网-财经频道 原创稿"><meta name="publishdate" content="2016-07-18">'
    a = extract(page(head=head, before=f"<h1>{TITLE}</h1>", body=_paras(NEWS), title=f"{TITLE}--财经--某某网"))
    assert a.publisher == "某某网-财经频道"


def test_a_gallery_counter_is_no_headline():
    """A photo gallery without a headline element: the counter over each picture (<em>1/25</em>)
    is no headline; <title> less its column and site names is."""
    items = "".join(f'<li><img src="/p{i}.jpg"><p class="show"><em><b>{i}</b>/25</em>{t}</p></li>'
                    for i, t in enumerate(["", *NEWS], 1))  # the cover picture has no caption
    raw = (f'<html><head><meta charset="utf-8"><title>财景故事：城市24小时--财经--某某网</title>'
           '<meta name="publishdate" content="2018-05-17"></head><body><div class="top"><a href="/">某某网</a></div>'
           f'<div class="main"><ul class="scroll">{items}</ul></div><div class="foot">某某网版权所有</div></body></html>')
    a = extract(raw.encode())
    assert a.title == "财景故事：城市24小时"
    assert a.published == datetime(2018, 5, 17, tzinfo=CST)
