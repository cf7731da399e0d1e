"""The general extractor on the classes of failure found in round 3 of issue 10 (the ``more/`` real
pages): one small page per class, with site-neutral markup, the way the class shows up."""
from datetime import datetime

from ribao.extract import ExtractError, extract_page
from ribao.timeutil import CST

from test_extract_general import BODY, PARAS, extract, page

H1 = "<h1>关于开展示范工作的通知</h1>"


def test_a_sentence_with_linked_names_stays_in_the_text():
    """Names linked inside running text (任命<a>韩正</a>、…) do not make the line page furniture, so the
    text found by density starts at its own first line."""
    names = "".join(f'<a href="/p{i}.html">人名{i}</a>、' for i in range(4))
    body = ("<p>新华社北京3月19日电</p><p>根据全国人民代表大会的决定：</p>"
            f"<p>任命{names}为副部长；</p><p>任命{names}为部长助理；</p>" + PARAS)
    a = extract(page(before=H1, body=body))
    assert a.body[:3] == ["新华社北京3月19日电", "根据全国人民代表大会的决定：", "任命人名0、人名1、人名2、人名3、为副部长；"]
    assert a.body[-3:] == BODY


def test_the_headline_repeated_with_full_width_marks_leaves_the_body():
    headline = "“年轻人30岁时年薪20万元算不算很失败?” 某某报纸的评论文章这样回答读者"
    body = "<p>“年轻人30岁时年薪20万元算不算很失败？”某某报纸的评论文章这样回答读者</p>" + PARAS
    a = extract(page(before=f"<h1>{headline}</h1>", body=body, title=f"{headline}_某某网"))
    assert a.body == BODY


def test_a_summary_heading_on_its_own_line_takes_its_text_with_it():
    body = "<p>核心阅读</p><p>目前，相关现象普遍存在，推进相关工作已经开始行动，仍有三大瓶颈。</p>" + PARAS
    a = extract(page(before=H1, body=body))
    assert a.body == BODY


def test_running_text_under_a_picture_is_no_caption():
    first = "今天要讲的题目是关于示范工作的，主要是怎么贯彻有关部署，就示范工作的长效机制形成合理的对策措施。"
    body = f'<p><img src="/a.jpg"></p><p>{first}</p>' + PARAS
    a = extract(page(before=H1, body=body))
    assert a.body == [first, *BODY]
    caption = '<p><img src="/a.jpg"></p><p>图为示范现场</p>' + PARAS
    assert extract(page(before=H1, body=caption)).body == BODY


def test_notes_about_the_text_bios_and_disclaimers_close_no_body():
    foot = ["本文为某某网授权某某财经《观察》专栏发布，转载请注明出处。",
            "作者为《某某杂志》主笔，曾任某某杂志社记者。",
            "本文首发于微信公众号：某某。文章内容属作者个人观点，不代表某某网立场。投资者据此操作，风险请自担。",
            "某某社《一线》 作者 张三 李四 发自瑞士达沃斯",
            "看全文",
            "某某网今天刊登了《关于开展示范工作的通知》一文，关于此事的更多报道，请在某某财经客户端上阅读。"]
    for line in foot:
        a = extract(page(before=H1, body=PARAS + f"<p>{line}</p>"))
        assert a.body == BODY, line


def test_a_byline_block_and_a_field_credit_close_no_body():
    """In a CMS's own container (nothing trims its foot by density): the outlet's name, the byline
    and a tip-off credit under the text."""
    body = (f'<div class="article-content">{PARAS}<p>　　某某晨报现场新闻</p><p>　　记者&nbsp;张三&nbsp;文并摄</p>'
            '<p>　　线索：马先生</p></div>')
    assert extract(page(before=H1, body=body)).body == BODY


def test_credits_glued_to_the_last_sentence_leave_it():
    for credit, last in (("（据某某社客户端报道）", "这个真没有......"), (" (来自:某某财经)", "是很令人激动的一天。")):
        body = PARAS + f"<p>但难成那样？他说，{last}{credit}</p>"
        a = extract(page(before=H1, body=body))
        assert a.body[-1] == f"但难成那样？他说，{last}", credit


def test_a_portals_own_desk_yields_to_the_texts_source():
    info = '<div class="info">2026-07-15 09:30　来源: 某某财经综合</div>'
    body = "<p>来源：某某十一人</p>" + PARAS
    a = extract(page(before=H1 + info, body=body))
    assert a.publisher == "某某十一人" and a.body == BODY
    named = extract(page(before=H1 + info.replace("某某财经综合", "某某日报"), body=body))
    assert named.publisher == "某某日报"


def test_a_one_sentence_flash_is_an_article():
    flash = "新华社快讯：纽约油价１３日上涨，７月交货的原油期货价格上涨０．２８美元。"
    raw = page(before="<h1>纽约油价１３日上涨</h1>", body=f"<p>{flash}</p>", title="纽约油价１３日上涨-某某网")
    a = extract(raw)
    assert a.body == [flash] and a.title == "纽约油价１３日上涨"


def test_a_short_notice_that_is_not_about_the_headline_is_no_article():
    notice = "用户您好，您的访问过于频繁，为确认本次访问为正常用户行为，需要您协助验证。"
    raw = page(before="<h1>某某搜索</h1>", body=f"<p>{notice}</p>", title="某某搜索")
    r = extract_page(raw, "https://www.example-news.cn/antispider/")
    assert isinstance(r, ExtractError) and "not about the headline" in r.reason


def test_a_disclaimer_box_is_not_the_article():
    flash = "某某财经讯 6月7日消息，据报道，某部部长表示，双方达成协议。"
    disclaimer = ('<div class="note"><p>【免责声明】本文仅代表作者本人观点，与某某网无关。某某网站对文中陈述、观点判断保持中立，'
                  '不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证。请读者仅作参考，并请自行承担全部责任。</p></div>')
    raw = page(before="<h1>外媒：某部部长称双方达成协议</h1>", body=f"<p>{flash}</p>", after=disclaimer,
               title="外媒：某部部长称双方达成协议-某某网")
    assert extract(raw).body == [flash]


def test_times_shown_twice_count_once_beside_a_short_report():
    """A related-stories box printed twice (a page's second copy of it) does not make a short report
    one entry among many timestamped ones."""
    text = ("新华社东京６月２日电 据日本媒体报道，一架客机２日晚因货舱疑似起火而紧急降落。"
            "这起事故未造成人员受伤，但导致多个航班受到影响。")
    boxes = "".join(f'<div class="r"><a href="/n{i}.html">另一条新闻标题{i}</a>'
                    f'<div class="t">2018-03-0{i + 1} 08:5{i}:39</div></div>' for i in range(5))
    raw = page(before="<h1>一客机因疑似起火紧急降落</h1>", body=f"<p>{text}</p>", after=boxes + boxes,
               title="一客机因疑似起火紧急降落-某某网")
    a = extract(raw)
    assert a.body == [text]


def test_the_published_time_of_a_flash_is_read():
    info = '<div class="info">2018-06-14 03:03:50 来源：某某网</div>'
    flash = "新华社快讯：纽约油价１３日上涨，７月交货的原油期货价格上涨０．２８美元。"
    a = extract(page(before="<h1>纽约油价１３日上涨</h1>" + info, body=f"<p>{flash}</p>", title="纽约油价１３日上涨-某某网"))
    assert a.published == datetime(2018, 6, 14, 3, 3, tzinfo=CST) and a.publisher == "某某网"


def test_a_source_linked_beside_the_time_is_the_publisher_whatever_its_name_ends_with():
    line = '<div class="tip"><span>2026-07-15 09:30:07</span> <a href="https://wallstreetcn.example/">华尔街见闻</a></div>'
    a = extract(page(before=H1 + line))
    assert a.publisher == "华尔街见闻"
    plain = extract(page(before=H1 + line.replace('<a href="https://wallstreetcn.example/">华尔街见闻</a>', "华尔街见闻")))
    assert plain.publisher != "华尔街见闻"  # unlinked and not named like an outlet: not taken for one
    credit = extract(page(before=H1 + line, body=PARAS + "<p>（来源：某某社）</p>"))
    assert credit.publisher == "某某社"  # the text's own 来源 credit comes first
