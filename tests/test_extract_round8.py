"""The general extractor on the classes of round 8 of issue 10 (``holdout5/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round."""
from test_extract_general import extract, page

TITLE = "某某公司调整产品供货安排"
NEWS = ["某某社报道，某某公司已经向有关部门申请继续为多家客户供货，暂时未知申请是否获批。",
        "公司发言人表示，公司一向遵守所有法规，不评论与个别客户的业务往来。",
        "分析人士认为，有关安排将影响公司下半年的销售额，其中海外市场受影响较大。"]


def _paras(lines: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in lines)


def test_a_figure_caption_is_no_paragraph_of_the_text():
    """A picture opening the text, its <figcaption> a long sentence with its credit (…零部件。 圖／某某社):
    the text starts under it (a short caption in the picture's block left already)."""
    figure = ('<p><figure><a href="/photo/1.jpg"><img src="/photo/1.jpg"></a><figcaption>某某电子产品制造商与'
              '存储器制造商、前身名为某某电器的另一家公司（Example），已经向有关部门申请继续为国内多家通信设备制造商'
              '提供产品和零部件。 圖／某某社</figcaption></figure></p>')
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=figure + _paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_link_glued_after_the_last_sentence_leaves_it():
    """A related report's headline linked in brackets after the last sentence (…谨慎才是。（<a>…</a>）),
    or a link back to the portal (…前往送别。<a>返回某某网，查看更多</a>), is not the text's."""
    last = NEWS[-1]
    for glued in (f'{last}（<a href="/news/2.html">某某公司二度延后发布会</a>）',
                  f'{last}<a href="/" title="首页"><span>返回某某网，查看更多</span></a>'):
        a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>",
                         body=_paras(NEWS[:-1]) + f"<p>{glued}</p>", title=f"{TITLE}_某某网"))
        assert a.body == NEWS, glued
    # a link inside the sentence is the sentence's own
    inside = '分析人士认为，有关安排将影响<a href="/c/1.html">某某公司</a>下半年的销售额。'
    a = extract(page(before=f"<h1>{TITLE}</h1>", body=_paras(NEWS[:-1]) + f"<p>{inside}</p>", title=f"{TITLE}_某某网"))
    assert a.body[-1] == inside.replace('<a href="/c/1.html">', "").replace("</a>", "")


def test_a_media_name_beside_the_time_under_the_headline_is_the_source_before_json_ld():
    """Under the headline a linked outlet and the time in brackets (某某新浪網 (2026-07-15 11:12)): the
    source the page shows, before JSON-LD's publisher (the site's operator) and in traditional script."""
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "某某公司調整產品供貨安排",'
          '"publisher": {"@type": "Organization", "name": "某某台灣"}}</script>')
    head = f'<h1>某某公司調整產品供貨安排</h1><cite><a href="/cobrand/x/">北京某某網</a> (2026-07-15 11:12)</cite>'
    a = extract(page(head=ld, before=head, body=_paras(NEWS), title="某某公司調整產品供貨安排-體育新聞-某某新聞中心"))
    assert a.publisher == "北京某某網"
    assert a.published.isoformat() == "2026-07-15T11:12:00+08:00"


def test_a_title_site_part_with_its_channel_after_a_slash():
    """<title> ends with the site and its channel split by a spaced slash (… -- 某報 / 焦點): the site."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras(NEWS),
                     title=f"{TITLE} -- 某報 / 焦點"))
    assert a.publisher == "某報"


def test_a_link_named_as_a_file_is_an_attachment_whatever_its_href():
    """A download action (…/Download.action?cmd=download&a=…) whose text is the file's name
    (招标文件正文.pdf) is the notice's attachment."""
    href = "https://www.example-bidding.cn/Bidder/Download.action?cmd=download&amp;a=NDhmNGNk"
    body = _paras(NEWS) + f"<br><a href='{href}'>招标文件正文.pdf</a>"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>发布日期：2026-07-15</div>", body=body, title=f"{TITLE}_某某网"))
    assert [(x.name, x.url, x.type) for x in a.attachments] == [
        ("招标文件正文.pdf", href.replace("&amp;", "&"), "pdf")]


def test_a_jump_menus_entry_for_the_page_is_not_its_headline():
    """The page's headline as an <option> of a story menu above the article: the byline is read
    under the visible headline (2026-07-15 15:05 某某報 記者某某／即時報導), its outlet the source."""
    related = "".join(f'<p><a href="/s/{i}">某某地區第{i}則經濟動態消息彙總與相關報導</a></p>' for i in range(6))
    menu = f'<select><option value="/s/1">其他報導</option><option value="/s/2">{TITLE}</option></select>'
    head = (f'{menu}<div>{related}</div><h2>{TITLE}</h2>'
            '<div class="info"><span>2026-07-15 15:05</span>某某報 記者某某／即時報導</div>')
    a = extract(page(before=head, body=_paras(NEWS), title=f"{TITLE} | 焦點 | 某某日報"))
    assert a.publisher == "某某報"
    assert a.published.isoformat() == "2026-07-15T15:05:00+08:00"


def test_bold_questions_over_the_text_are_its_deck():
    """Short lines all in bold over the first running line (出差前：……？ / 出差后：……？) leave the text;
    a first line in bold that is a sentence of the text (with its commas) stays."""
    deck = "<p><strong>出差前：行程安排会有哪些变化？</strong></p><p><strong>出差后：公司未来将如何发展？</strong></p>"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=deck + _paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS
    bold = f"<p><strong>{NEWS[0]}</strong></p>" + _paras(NEWS[1:])
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=bold, title=f"{TITLE}_某某网"))
    assert a.body == NEWS
