"""The general extractor on the classes of round 10 of issue 10 (``holdout7/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round (the page-not-found
guard passes on both). Classes from the wwwxmu dataset (``bench/extract_dataset.py``) are here too."""
import pytest

from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

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


def test_the_text_that_restates_the_headline_beats_a_box_of_related_summaries():
    """A flash of one sentence, and beside it a related-news box whose three entries each show a linked
    headline, a summary and a time: the box holds more text, but the flash restates the headline."""
    title = "某某国际组织大会通过关于保护某地平民的决议"
    flash = "某某社快讯：某某国际组织大会１３日通过关于保护某地平民的决议。"
    related = "".join(f'<li><a href="/w/{i}.htm">某地边境冲突第{i}次升级</a><div class="des">某地{i}日发生冲突，造成多人'
                      f'伤亡，有关方面呼吁各方保持克制，避免局势进一步恶化。</div><span>2026-07-1{i} 21:04:29</span></li>'
                      for i in range(3))
    a = extract(page(before=f"<h1>{title}</h1><div>2026-07-15 05:54:18　来源：某某网</div>",
                     body=f"<p>{flash}</p>", after=f'<div class="relate"><h3>相关新闻</h3><ul>{related}</ul></div>',
                     title=f"{title}_某某网"))
    assert a.body == [flash]


@pytest.mark.parametrize("box", ["<div><h2>热门推荐</h2><span>收起</span></div><div><span>某某财经公众号</span>"
                                 "<p>24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（example）</p></div>",
                                 "<p>【推荐阅读】：</p>"])
def test_a_boxs_heading_and_buttons_under_the_text_are_not_its_end(box):
    """Under the last sentence, in the CMS's own container: a box's heading and toggle (热门推荐 收起), an
    account's name over its QR prompt, or a bracketed label line (【推荐阅读】：) — page furniture, not
    the text's last lines."""
    body = f'<div class="article-body">{_paras(NEWS)}{box}</div>'
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30　来源：某某日报</div>", body=body,
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_source_line_under_a_one_paragraph_text_is_no_promotions():
    """A one-paragraph report, then its 来源 line and the portal's 本文来源 line: the paragraph is the text,
    not a promotion standing over a 来源 line (the text follows such a line, a credit does not)."""
    text = "【某某人劝诫年轻人：能在大城市待着就别去小县城】在某某论坛上，某某公司董事长被问到年轻人是否要去大城市，他说，小地方太讲关系。"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>",
                     body=f"<p>{text}</p><p>某某人：年轻人要到大城市 （来源：某某财经）</p><p>本文来源：某某视频 责任编辑：王某_NBJ0001</p>",
                     title=f"{TITLE}_某某网"))
    assert a.body == [text]


def test_a_notice_with_running_text_among_its_fields_is_an_article():
    """A 中标 notice: its number, dates and contacts are label：value lines, but its own paragraph says what
    was decided — a document, not a record of fields."""
    lines = ["招标编号：某某司公招[2026]001号", "评标结果公示时间：2026-7-15", "项目名称：2026年报纸印刷服务采购项目",
             "我公司对2026年报纸印刷服务采购项目进行国内公开招标，开标后，评标委员会按照招标文件中的评标原则，"
             "确定本项目中标候选人为：某某印刷有限公司。", "评标委员会成员：张某、李某、王某", "联系人：王某", "联系电话：028-00000000"]
    a = extract(page(before=f"<h1>2026年报纸印刷服务采购项目中标公告</h1><div>2026-07-15 16:40:14</div>",
                     body=_paras(lines), title="2026年报纸印刷服务采购项目中标公告_某某网"))
    assert a.body[0] == lines[0] and a.body[3] == lines[3]


def test_a_lists_rows_are_no_running_text():
    """A report of three paragraphs, then the 名单 it announces as a table of 30 rows, each with a
    punctuated reason: the report is the text found, not a stretch of the table's rows."""
    rows = "".join(f"<tr><td>张某{i}</td><td>110101****{i:04d}</td><td>在机场安检中查出随身携带违禁品，被处以行政处罚。</td></tr>"
                   for i in range(30))
    body = _paras(NEWS) + "<p><strong>附件：</strong></p><p><strong>某某严重失信人名单</strong></p>" + \
        f"<table><tr><td>姓名</td><td>证件号码</td><td>列入原因</td></tr>{rows}</table>"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=body, title=f"{TITLE}_某某网"))
    assert a.body[:3] == NEWS


def test_a_list_the_text_announces_ends_it():
    """The last paragraph announces a numbered list of documents (签署了以下4项合作文件：), the items 《…》
    titles with no sentence: they close the text."""
    items = [f"{i}、《某某国政府与某某国政府关于第{i}领域合作的谅解备忘录》" for i in range(1, 5)]
    body = _paras(NEWS) + "<p>会晤后，双方签署了以下4项合作文件：</p>" + _paras(items)
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=body, title=f"{TITLE}_某某网"))
    assert a.body[-5:] == ["会晤后，双方签署了以下4项合作文件：", *items]


def test_a_pictures_caption_under_it_is_no_paragraph_of_the_text():
    """A caption printed under its picture: the picture's alt text with the photographer's credit, or a
    pull quote and 图为… ending with the agency's credit under a picture-only block."""
    alt = ("这是位于某某市某某区某某路上的某某峰会新闻中心（6月3日无人机拍摄）。新闻中心没有新建场地，而是选在独具特色的"
           "某某研究中心，整体建筑时尚、浪漫，独具本地特色")
    first = f'<div align=center><img alt="{alt}" src="/p/1.jpg"></div><p>{alt}。某某社记者 李某</p>'
    second = ('<p class="f_center"><img alt="" src="/p/2.jpg"></p><p>某某税的改革，应该将重点放在提高征收率上。图为2026年7月14日，'
              '某某省某某县税务局税源股的工作人员在该县经济开发区内一家电源技术公司生产车间了解情况，为企业提供服务。视觉中国 资料</p>')
    for caption in (first, second):
        a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=caption + _paras(NEWS),
                         title=f"{TITLE}_某某网"))
        assert a.body == NEWS, caption


def test_a_transcripts_speaker_is_no_byline():
    """A press conference's record: the opening paragraph, 以下是发言实录, then 某某电台记者: and the
    question — the speaker's line is no byline over the text, so nothing above it is dropped."""
    lines = ["某某新闻中心定于3月9日上午10时举行记者会，邀请某某部部长就有关问题回答中外记者提问。", "以下是发言实录",
             "某某广播电台记者:", "我们注意到，今年的报告中对于有关政策的表述比较新，对于市场来讲，我们如何来理解？",
             "某某部长:", "这个表述主要是针对支持实体经济而言的，我们可以从几个维度来看。"]
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras(lines), title=f"{TITLE}_某某网"))
    assert a.body == lines


@pytest.mark.parametrize("lead", ["点击上方蓝字关注我们，每天为你送上有态度、有温度的精彩内容", "本文4831个字，大概8分钟读完。",
                                  "本文首发于微信公众号：某某资讯。文章内容属作者个人观点，不代表某某网立场。投资者据此操作，风险请自担。"])
def test_a_reprinted_posts_head_lines_are_not_its_text(lead):
    """A 公众号 post reprinted by a portal opens with the account's prompt, its reading time or the
    portal's note that the post first ran elsewhere: none is the text's first line."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=f"<p>{lead}</p>" + _paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS
