"""The general extractor on the classes of failure found in round 4 of issue 10 (the ``extra/`` real
pages, held out until then): one small page per class, with site-neutral markup."""
from test_extract_general import BODY, PARAS, extract, page

H1 = "<h1>关于开展示范工作的通知</h1>"
MENU = "".join(f'<p><a href="/m{i}.html">推荐阅读标题{i}</a></p>' for i in range(3))


def test_a_first_line_naming_the_outlet_that_sent_it_is_text():
    """南方网讯　… opening the report, unpunctuated and with links in it, outside the densest run."""
    lead = '南方网讯　某某新专辑再拿<a href="/s1">好莱坞</a>（<a href="/s2">图片</a>-<a href="/s3">新闻</a>）巨星开涮'
    a = extract(page(before=H1, body=f"{MENU}<p>{lead}</p>{PARAS}"))
    assert a.body[0].startswith("南方网讯")
    assert a.body[1:] == BODY


def test_the_authors_bracketed_bio_over_the_text_leaves_it():
    """In a CMS's own container, where density does not trim the head."""
    bio = "张三 （作者系某某研究所特聘研究员、某某学院财税政策研究所所长）"
    a = extract(page(before=H1, body=f'<div class="TRS_Editor"><p>{bio}</p>{PARAS}</div>'))
    assert a.body == BODY


def test_the_headline_restated_as_a_caption_with_its_credit_leaves_the_body():
    caption = "某某部门关于开展示范工作的通知发布。（某视）"
    a = extract(page(before="<h1>关于开展示范工作的通知发布</h1>", body=f"<p>{caption}</p>{PARAS}",
                     title="关于开展示范工作的通知发布_某某网"))
    assert a.body == BODY
    other = "某某部门今天召开会议。（某视）"  # a line that does not restate the headline stays
    assert extract(page(before=H1, body=f"<p>{other}</p>{PARAS}")).body[0] == other


def test_a_reprint_credit_without_a_source_label_names_the_publisher():
    a = extract(page(before=H1, body=f"{PARAS}<p>转自《某某科技报》</p>"))
    assert a.body == BODY
    assert a.publisher == "某某科技报"


def test_a_media_name_joined_by_an_em_dash_beside_the_time():
    a = extract(page(before=f"{H1}<div>2003年11月12日16:36　某某网—某某快报</div>"))
    assert a.publisher == "某某网—某某快报"


def test_a_two_language_name_in_the_short_form_the_title_shows():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "关于开展示范工作的通知", '
            '"publisher": {"@type": "Organization", "name": "某某通訊社 Some News Agency"}}</script>')
    a = extract(page(head=head, before=H1, title="关于开展示范工作的通知 | 政治 | 某某社 SNA"))
    assert a.publisher == "某某社"


def test_a_posts_tags_and_a_story_code_close_no_body():
    """Under the text: #话题# @账号, a 标签： line, a credit in traditional script with the story's code."""
    for line in ("#某某健康团# @某某健康", "标签： 留学经验 留学面试 发布于：2015-11-05 11:34 某某编辑：Alice"):
        a = extract(page(before=H1, body=f'<div class="TRS_Editor">{PARAS}<p>{line}</p></div>'))
        assert a.body == BODY, line
    last = BODY[-1] + "（編輯：某某某）1120221"
    a = extract(page(before=H1, body=f'<div class="TRS_Editor"><p>{BODY[0]}</p><p>{BODY[1]}</p><p>{last}</p></div>'))
    assert a.body == BODY


def test_a_writers_byline_closes_no_body():
    a = extract(page(before=H1, body=f'<div class="TRS_Editor">{PARAS}<p>执笔人：张某某 李某某 王某</p></div>'))
    assert a.body == BODY


def test_a_share_label_over_the_text_leaves_it():
    a = extract(page(before=H1, body=f'<div class="TRS_Editor"><p>分享：</p>{PARAS}</div>'))
    assert a.body == BODY


def test_a_private_use_glyph_leaves_the_headline():
    """An icon font's glyph or a GB2312 user-defined cell (U+E004) shown after the headline."""
    a = extract(page(before="<h1>关于开展示范工作的通知\ue004</h1>", title="关于开展示范工作的通知\ue004_某某网"))
    assert a.title == "关于开展示范工作的通知"


def test_an_opening_line_that_trails_off_is_text():
    """他是…、他是…… above the text: no full stop, so density leaves it out of the run; it is the text's first line."""
    lead = "他是一个影响卓著的某某财团继承人、他是一个某某行业的开拓者……"
    a = extract(page(before=H1, body=f"{MENU}<p>{lead}</p>{PARAS}"))
    assert a.body == [lead, *BODY]
