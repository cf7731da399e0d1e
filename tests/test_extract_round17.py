"""The general extractor on the classes of round 17 of issue 10 (``holdout13/`` and ``holdout15/``
developed on). One small page per class, with site-neutral markup; each fails on the code before
this round (the guards pass on both)."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

URL = "https://www.example-news.cn/2026/07/15/a1.html"


def _info(line: str) -> str:
    return f"<h1>{TITLE}</h1><div class='info'>{line}</div>"


def _post(body: str) -> bytes:
    """An account's post: the headline, the account's name and the text in its known container."""
    return (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h2 id="activity-name">{TITLE}</h2>'
            f'<div id="meta_content"><a id="js_name">某某网</a></div><div id="js_content">{body}</div></body></html>').encode()


def test_the_source_shown_as_the_meta_names_abbreviation_wins():
    """meta ContentSource 某某省民用航空局, 来源：某某省民航局 under the headline: the form the reader sees."""
    head = '<meta name="ContentSource" content="某某省民用航空局">'
    a = extract(page(head=head, before=_info("来源：某某省民航局 发布时间：2026-07-15"), body=_paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.publisher == "某某省民航局"


def test_a_shown_source_the_meta_name_holds_keeps_the_meta_name():
    """The guard: 来源：某某市统计局 under the headline, ContentSource naming it with a second organ: the
    meta's fuller name stays."""
    head = '<meta name="ContentSource" content="某某市统计局 国家统计局某某调查队">'
    a = extract(page(head=head, before=_info("来源：某某市统计局 发布时间：2026-07-15"), body=_paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.publisher == "某某市统计局 国家统计局某某调查队"


def test_a_bracketed_link_label_between_the_source_and_the_time():
    """宏观经济 某某财经 [微博] 2026-07-15 09:54 我要分享: the outlet before the bracketed link, not the
    share button after the time."""
    line = ('<span><a href="/hgjj.htm">宏观经济</a></span><span class="where">某某财经</span><span>[<a '
            'href="http://t.example.com/x">微博</a>]</span><span class="time">2026-07-15 09:54</span>'
            '<div class="share"><a class="share-hd">我要分享</a></div>')
    a = extract(page(before=_info(line), body=_paras(NEWS), title=TITLE))
    assert a.publisher == "某某财经"


SHORT = ["某某实业公布，公司全资附属某某财务向借款人提供最多5,800万元之补充贷款融资，补充贷款之利息将按年利率12%计算。",
         "年期为由提取补充贷款融资当日起计满第二个月之营业日，可额外延长两个月。"]
PROMO = ["拿了驾照，上路技巧还是不会？一出现故障就往店里跑？想了解最新的汽车价格信息？某某车友微信号为你提供驾驶、养护技巧，快来试试吧！",
         "关注方法：1.扫描左侧二维码；2.搜索“某某车友”，关注某某车友，获取更多实用资讯、评测与报价。"]


def test_a_short_text_in_one_block_with_its_headline_beats_a_promotion():
    """A two-paragraph report cut by <br> in the block that holds its headline and info line, a
    promotion's box of two punctuated paragraphs under it: the report, not the promotion."""
    title = "某某实业授出5800万元两个月补充贷款融资"
    raw = (f'<html><head><meta charset="utf-8"><title>{title}_某某网</title></head><body>'
           f'<div class="main"><div class="art"><h1>{title}</h1><div class="info">2026-07-15 09:58:39 来源：某某财经</div>'
           f'<div class="text">{"<br><br>".join(SHORT)}</div><p></p></div>'
           f'<div class="promo"><img src="/qr.jpg">{_paras(PROMO)}</div></div></body></html>').encode()
    assert extract(raw).body == SHORT


def test_captions_in_a_pictures_centred_block_open_no_text():
    """Two portraits in one centred block, each with its person's profile line after it (70
    characters, no credit): captions, not the text's first lines."""
    captions = ["某某某1943年在美国出生，1966年在某某大学获得医学博士学位，现任美国某某医学研究所和某某大学医学中心医学和生物化学教授。",
                "某某某1955年在美国出生，1981年在某某大学获得医学博士学位，现任某某大学医学院医学以及分子和细胞生理学教授，长期从事受体研究。"]
    block = (f'<div align="center"><div align="center"><img src="/1.jpg" alt="某某奖"></div>{captions[0]}'
             f'<div align="center"><img src="/2.jpg" alt="x"></div>{captions[1]}</div>')
    a = extract(page(before=_info("2026-07-15 02:30 来源：某某晨报"), body=block + _paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_deck_over_a_slash_byline_opens_no_text():
    """A one-sentence deck, then 文/王某某 某某专栏作者, then the text: the text starts under the byline."""
    lines = ["技术只是服务产业的助推器，人才才是产业破局关键。", "文/王某某 某某专栏作者", *NEWS]
    a = extract(page(before=_info("2026-07-15 来源：某某网"), body=_paras(lines), title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_recommended_box_and_its_label_close_no_text():
    """The account's reprint notice, an English label and 推荐阅读 under the text: none of them ends it."""
    foot = ["本文来源某某，经某某授权发布，版权归原作者所有。申请文章授权请后台回复“转载”，违规转载法律必究。", "RECOMMEND", "推荐阅读"]
    assert extract(_post(_paras([*NEWS, *foot])), "https://mp.weixin.qq.com/s/abc").body == NEWS


def test_a_bracketed_heading_over_dropped_links_closes_no_text():
    """【某某好文】 over a numbered list of linked headlines under the text: the links go, their heading too."""
    links = "".join(f"<p>{i}、<a href='/s/{i}'>某某银行业金融科技报告第{i}期</a></p>" for i in range(1, 5))
    assert extract(_post(_paras([*NEWS, "【某某好文】"]) + links), "https://mp.weixin.qq.com/s/abc").body == NEWS


def test_a_text_its_scripts_reveal_is_the_text():
    """A WeChat article as served: #js_content styled visibility: hidden until the scripts run, a
    short headline the text does not repeat, a topic card beside it: the text is #js_content's."""
    text = ["近日，多家媒体报道，某某银行行长拟接替某某，担任另一家银行党委书记，并将担任董事长一职。",
            "目前，某某银行是六大行中领导团队人数最多、最齐的银行；中行、交行均是“一正三副”或“一正四副”。",
            "某某据Wind资讯统计，整理了六大行目前高管与其他重要人员情况，以及本年高管团队变动情况。"]
    raw = ('<html><head><meta charset="utf-8"><title>两家大行行长空缺</title></head><body>'
           '<h2 id="activity-name">两家大行行长空缺</h2><div id="meta_content"><a id="js_name">某某金融</a></div>'
           '<div class="topic"><span>收录于话题</span><span>年末银行业又一起重量级高管变动。</span></div>'
           f'<div id="js_content" style="visibility: hidden;">{_paras(text)}</div></body></html>').encode()
    a = extract(raw, "https://mp.weixin.qq.com/s/abc")
    assert a.body == text


def test_a_reprint_line_under_the_text_names_the_publisher_and_an_app_prompt_closes_no_text():
    """本文转载自: 某某科技 in the box under the text (the info line names only the site's account), and
    想通过手机客户端访问某某：请点这里 closing the text."""
    body = _paras(NEWS) + "<p>想通过手机客户端访问某某社区：<a href='/mobile'>请点这里</a></p>"
    after = "<div class='copyright'>本文转载自: 某某科技<br>(本站只作转载,不代表本站同意文中观点)</div>"
    raw = page(before=_info("oschina 发布于： 2026年07月15日 (22评)"), body=body, after=after, title=TITLE)
    raw = raw.replace("版权所有 某某网".encode(), b"ICP 00000000")
    a = extract(raw)
    assert a.body == NEWS
    assert a.publisher == "某某科技"


def test_a_list_whose_headline_links_carry_a_tag_is_a_list():
    """A news site's home: entries of a headline link, a poster line and a summary; half the links
    open with a tag inside them ([图], [视频]): still a list, no body."""
    entries = "".join(
        f'<div class="item"><div class="title"><a href="/articles/{i}.htm">{"[图]" if i % 2 else ""}某某公司发布第{i}代新产品引发关注</a>'
        f'<span>某某 发布于2026-07-15 17:59:{i:02d}</span></div><p>近期，某某公司再次成为关注的焦点，第{i}代产品在发布会上亮相，'
        f'业内人士认为，这将带动相关产业链的发展，并对市场格局产生一定影响。</p></div>' for i in range(1, 9))
    raw = (f'<html><head><meta charset="utf-8"><title>某某网_中文业界资讯站</title></head><body>'
           f'<div class="items_area">{entries}</div></body></html>').encode()
    assert isinstance(extract_page(raw, "https://www.example-news.cn/", catalog=load_catalog()), ExtractError)


def test_a_title_of_the_sites_and_a_sections_name_gives_way_to_the_headline():
    """<title> 中华人民共和国某某部政府信息公开 (no separator), an <h1> 政府信息公开 over the section's menu and
    the article's <h1> over its info line: the article's headline."""
    raw = ('<html><head><meta charset="utf-8"><title>中华人民共和国某某部政府信息公开</title></head><body>'
           '<div class="banner"><h1>政府信息公开</h1><ul><li><a href="/a/">法定主动公开内容</a></li><li><a href="/b/">解读回应</a></li></ul></div>'
           f'<div class="listMain"><h1>{TITLE}</h1><p class="ly">来源：某某部官网 发布时间：2026-07-15 09:00</p>'
           f'<div class="TRS_Editor">{_paras(NEWS)}</div></div></body></html>').encode()
    assert extract(raw, "https://www.example.gov.cn/pub/zwxxgk/202607/t20260715_1.html").title == TITLE
