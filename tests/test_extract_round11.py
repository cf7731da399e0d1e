"""The general extractor on the classes of round 11 of issue 10 (``holdout8/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round."""
from datetime import datetime

import pytest

from ribao.extract.dates import parse_datetime
from ribao.timeutil import CST

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras


def test_an_authors_name_beside_the_time_is_no_source_though_it_ends_like_one():
    """"某某财经APP 2017-09-18 22:19:00", then the author's card (陈某刊): the outlet before the time is the
    source; the name after it ends like a 刊 but is a person's."""
    head = (f"<h1>{TITLE}</h1><p><span>某某财经APP</span><em>2017-09-18 22:19:00</em></p>"
            '<div class="person"><a href="/author/85.html"><p>陈益刊</p></a></div>')
    a = extract(page(before=head, body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.publisher == "某某财经APP"


def test_a_range_of_months_is_no_date():
    """2018年1-5月 (January to May) is no 2018-01-05: the date's separators agree (年/月, or -, /, .)."""
    assert parse_datetime("2018年1-5月，全国房地产调控政策发布次数多达159次") is None
    assert parse_datetime("2018年6月13日 07:42").when == datetime(2018, 6, 13, 7, 42, tzinfo=CST)
    assert parse_datetime("2018-6-13 08:57:48").when == datetime(2018, 6, 13, 8, 57, tzinfo=CST)
    a = extract(page(head='<script>window.DATA = {"pubtime":"2018-06-13 07:42:50"};</script>',
                     before=f"<h1>{TITLE}</h1>", title=f"{TITLE}_某某网",
                     body=_paras(["某某研究中心统计数据显示，2018年1-5月，全国房地产调控政策发布次数多达159次。", *NEWS])))
    assert a.published == datetime(2018, 6, 13, 7, 42, tzinfo=CST)


@pytest.mark.parametrize("foot", ["<p>（某某新闻网）</p>",
                                  "<p>今日内容您可满意？还有更多精彩等着您～请前往App Store、安卓商店搜索“某某财经”"
                                  "或扫描下方二维码下载某某财经客户端，好内容为更好决策。</p>",
                                  "<p>看全文</p><p>想了解更多关于《某某部门谈经贸磋商：已做好应对准备…》的报道，那就扫码下载某某财经APP阅读吧。</p>"])
def test_an_outlets_name_alone_or_an_app_prompt_closes_no_text(foot):
    """In the CMS's own container, the outlet's name alone in brackets under the text (（某某新闻网）), or
    the site's prompt to download its app: neither is the last paragraph."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>",
                     body=f'<div class="article-body">{_paras(NEWS)}{foot}</div>',
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_summary_box_headed_jianjie_is_no_paragraph_of_the_text():
    """A 简介： box over the text (the summary an editor wrote) is a deck, like 摘要： and 导读：."""
    box = "<p>简介：多位接受某某记者采访的专家认为，有关部门的新举措开得到位，下一步关键在于落实。</p>"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=box + _paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_date_a_summary_reports_is_no_publish_time():
    """A 简介： box over the text reports a day (截至2018年1月14日，…); the time shown beside the outlet
    under the headline is the publish time."""
    head = (f"<h1>{TITLE}</h1><p><span>某某财经APP</span><em>2018-01-15 20:16:00</em></p>"
            "<div class=\"intro\">简介：15日某某公司晚间公告，截至2018年1月14日，公司来源于某影片的营业收入约为4.5亿元。</div>")
    a = extract(page(before=head, body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.published == datetime(2018, 1, 15, 20, 16, tzinfo=CST)
