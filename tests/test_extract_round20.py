"""The general extractor on the classes of round 20 of issue 10 (``holdout18/``, energy-policy
pages, developed on). One small page per class, with site-neutral markup; each fails on the code
before this round (the guard passes on both)."""
from test_extract_general import extract, page
from test_extract_round8 import _paras

TITLE = "某某能源监管办关于印发《某某增量配电网企业供电服务规范（试行）》的通知"
TEXT = ["为维护供电市场秩序，规范增量配电网企业供电服务行为，保障用户和供电市场相关方合法权益，我办制定了本规范，现印发你们，请遵照执行。"]


def test_an_addressee_over_an_icon_in_its_block_is_no_caption():
    """One <p> holds the addressee, the text cut by <br> and, after them, the attachment's icon: the
    addressee opens the text; it is not the icon's caption."""
    block = (f"<p>各增量配电网企业：<br>{TEXT[0]}<br><br><img src='/icon_doc.gif'><a href='/a/1.doc'>附件.doc</a></p>"
             "<p>国家某某局某某监管办公室</p><p>2026年7月15日</p>")
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30 来源：某某能源监管办</div>", body=block,
                     title=f"{TITLE}_某某局"))
    assert a.body[0] == "各增量配电网企业："


def test_a_caption_under_its_picture_in_one_block_still_opens_no_text():
    """The guard: the picture first, its short caption after it in the same block."""
    block = "<p><img src='/1.jpg'><br>某某变电站施工现场</p>" + _paras(TEXT * 2)
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30 来源：某某能源监管办</div>", body=block,
                     title=f"{TITLE}_某某局"))
    assert a.body[0] == TEXT[0]


def test_a_title_that_is_the_signing_organs_name_gives_way_to_the_heading():
    """<title> is only the site's name, which the page shows only as the organ that signed the text:
    the heading over the 信息来源 line is the headline."""
    raw = ('<html><head><meta charset="utf-8"><title>某某电力交易中心</title></head><body>'
           '<div class="menu"><h5><a href="/flfg/">法律法规</a></h5><h5><a href="/jygz/">交易规则</a></h5></div>'
           f'<div class="content"><h3 class="title">{TITLE}</h3><p class="subTitle">信息来源：某某电力交易中心 发布时间：2026-04-08</p>'
           f'<div class="txt">{_paras(["各有关单位：", *TEXT, "特此通知。", "某某电力交易中心", "2026年4月8日"])}</div></div>'
           '</body></html>').encode()
    assert extract(raw, "https://www.example-power.cn/law/jygz/").title == TITLE


def test_a_content_source_naming_a_cms_channel_is_no_publisher():
    """meta ContentSource 某某市发改委信息公开, shown nowhere, no 来源 on the page: the site's name
    (meta SiteName) is the publisher, not the CMS channel's."""
    head = '<meta name="SiteName" content="某某市发展和改革委员会"><meta name="ContentSource" content="某某市发改委信息公开">'
    a = extract(page(head=head, before=f"<h2>{TITLE}</h2><div>(发布日期：2026年05月31日 文号：某发改规范〔2026〕7号)</div>",
                     body=_paras(["各区发展改革委，各有关单位：", *TEXT]), title=TITLE))
    assert a.publisher == "某某市发展和改革委员会"
