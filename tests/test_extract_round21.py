"""The general extractor on the classes of round 21 of issue 10: a question shown with its answers
(``zhihu-other-1601`` in ``holdout16/``), then the classes of ``holdout20/`` to ``holdout27/`` (news,
official and WeChat pages collected apart, measured once, then developed on). One small page per
class, with site-neutral markup; 17 fail on the code before this round, the 5 guards pass on both."""
import json

from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from test_extract_general import extract, page
from test_extract_round8 import _paras

URL = "https://www.example-qa.cn/question/1"
QUESTION = "新建数据中心的绿电比例怎样才能提高到八成以上？"
ANSWERS = [["数据中心的绿电比例取决于所在电网的新能源装机和可以签下的长期购电协议，西部枢纽节点在这两方面都有优势。",
            "东部节点可以通过跨省绿电交易和分布式光伏补足一部分，但很难单靠本地资源达到八成以上。"],
           ["从运营者的角度看，先把用电负荷做成可调节的，再去谈绿电交易的价格，比单纯追求比例更划算。",
            "储能和余热回收也能摊薄成本，关键是让算力调度和电价信号挂钩，这一点各地都在试点。"]]


def _qa(answers: list[list[str]], prop: str = "suggestedAnswer") -> bytes:
    items = "".join(
        f'<div class="AnswerItem" itemprop="{"acceptedAnswer" if i == 0 else prop}" itemscope '
        f'itemtype="http://schema.org/Answer"><div class="author" itemprop="author">用户{i + 1}</div>'
        f'<div class="text" itemprop="text">{_paras(a)}</div><span>发布于 2026-07-15 09:3{i}</span>'
        '<button>赞同</button><button>评论</button></div>'
        for i, a in enumerate(answers))
    return (f'<html><head><meta charset="utf-8"><title>{QUESTION} - 某某问答</title></head><body>'
            '<div class="top"><a href="/">首页</a><a href="/explore">发现</a></div>'
            f'<div class="QuestionPage" itemscope itemtype="http://schema.org/Question"><h1>{QUESTION}</h1>'
            f'<meta itemprop="answerCount" content="{len(answers)}">'
            f'<div class="List">{items}</div></div></body></html>').encode()


def _qa_ld(n: int) -> bytes:
    answers = [{"@type": "Answer", "text": "".join(a), "dateCreated": "2026-07-15T09:30+08:00"} for a in ANSWERS[:n]]
    ld = {"@context": "https://schema.org", "@type": "QAPage",
          "mainEntity": {"@type": "Question", "name": QUESTION, "answerCount": n,
                         "acceptedAnswer": answers[0], "suggestedAnswer": answers[1:]}}
    body = "".join(f'<div class="answer"><div class="who">用户{i + 1}</div>{_paras(a)}<span>2026-07-15</span></div>'
                   for i, a in enumerate(ANSWERS[:n]))
    return (f'<html><head><meta charset="utf-8"><title>{QUESTION}</title>'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head><body>'
            f'<div class="top"><a href="/">首页</a></div><div class="question"><h1>{QUESTION}</h1>{body}</div>'
            '</body></html>').encode()


def test_a_question_shown_with_two_answers_in_microdata_is_no_article():
    a = extract_page(_qa(ANSWERS), URL, catalog=load_catalog())
    assert isinstance(a, ExtractError) and "Q&A thread" in a.reason


def test_a_jsonld_qapage_with_two_answers_is_no_article():
    a = extract_page(_qa_ld(2), URL, catalog=load_catalog())
    assert isinstance(a, ExtractError) and "Q&A thread" in a.reason


def test_a_question_shown_with_its_one_answer_is_an_article():
    """The guard: an answer's own page (the question over one answer) keeps its text."""
    a = extract(_qa(ANSWERS[:1]), URL)
    assert ANSWERS[0][0] in a.body


def test_a_jsonld_qapage_with_one_answer_is_an_article():
    assert ANSWERS[0][0] in extract(_qa_ld(1), URL).body


# -- developed on holdout20 and holdout21 (news and official pages, collected apart) ----------------

HEADLINE = "某某市新能源公交线路开通首日运送乘客逾万人次"
STORY = ["某某市首批二十条新能源公交线路15日开通运营，首日运送乘客一万二千余人次，运行平稳有序。",
         "据市交通运输局介绍，新开通线路全部采用纯电动车辆，沿线配套建设了三座充电站和四十个充电桩。",
         "市民王女士说，新线路连接了居住区和工业园区，早晚通勤比过去节省了二十分钟左右的时间。",
         "下一步，该市将根据客流情况优化发车间隔，并在年底前再开通十条线路，覆盖全部开发区。"]


def test_a_related_box_in_a_container_that_holds_the_foot_ends_the_text():
    """A known container, left open by the template, holds the text, the editor's line, a 相关新闻
    heading over linked entries and the comments: the text ends before the box."""
    related = "".join(f'<dl><dt><a href="/a{i}.html">另一条公交新闻的标题第{i}条</a></dt><dd>摘要，某地开通了新的线路，'
                      "乘客反映良好。</dd></dl>" for i in range(3))
    raw = (f'<html><head><meta charset="utf-8"><title>{HEADLINE}_某某网</title></head><body>'
           f'<div id="detailContent"><h1>{HEADLINE}</h1><div class="information">2026-07-15 09:30 来源：某某日报</div>'
           f'<section>{_paras(STORY)}</section><div class="pages">上一页1下一页</div>'
           '<div class="author">网络编辑: 某某 责任编辑: 某某</div><div class="relNews"><h3>相关新闻</h3>'
           f'{related}</div><div class="commentLogin">评论9条</div><ul><li><a href="/login">登录</a></li></ul>'
           '</div></body></html>').encode()
    assert extract(raw).body == STORY


def test_a_related_box_set_inside_the_text_leaves_the_text_under_it():
    """The guard: the text goes on under the box (推荐阅读 over linked entries, then more paragraphs)."""
    box = '<table><tr><td><b>推荐阅读</b></td><td><a href="/x.html">另一条公交新闻的标题</a></td></tr></table>'
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras(STORY[:3]) + box + _paras(STORY[3:]), title=f"{HEADLINE}_某某网")
    assert extract(raw).body[-1] == STORY[3]


def test_a_crisis_helpline_box_under_the_report_is_no_text():
    """The site's box under a report of a suicide: its prompt lines over the helplines' numbers."""
    box = _paras(["《某报》关心你", "自杀解决不了问题，请珍惜生命。", "再给自己一次机会",
                  "自杀防治咨询安心专线：0800-788995（24小时）", "生命线协谈专线：1995"])
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras(STORY) + box, title=f"{HEADLINE}_某某网")
    assert extract(raw).body == STORY


def test_a_service_hotline_closing_a_notice_stays():
    """The guard: a notice's own last line with a service number is the text's."""
    last = "咨询服务热线：12345。"
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras([*STORY, last]), title=f"{HEADLINE}_某某网")
    assert extract(raw).body[-1] == last


def test_a_caption_with_its_picture_credit_closing_the_text_is_no_text():
    """▲▼警消到场时…。（圖／翻攝畫面）: a caption under the last paragraph, its credit in brackets."""
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras([*STORY, "▲新开通的公交线路首日运行平稳。（图／某某日报）"]), title=f"{HEADLINE}_某某网")
    assert extract(raw).body == STORY


def test_a_short_url_line_closing_the_text_is_no_text():
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras([*STORY, "Short URL: http://www.example-news.cn/?p=97971"]), title=f"{HEADLINE}_某某网")
    assert extract(raw).body == STORY


def test_a_day_shown_over_the_headline_is_the_publish_date():
    """A blog template's date line over the headline (Monday, March 17th, 2014 | Posted by admin),
    the page's only date."""
    raw = (f'<html><head><meta charset="utf-8"><title>{HEADLINE} | Example News</title></head><body>'
           '<div class="menu"><a href="/">首页</a><a href="/c1">财经</a></div><div class="post">'
           '<div class="meta"><span>Monday, March 17th, 2014</span> | <span>Posted by admin</span></div>'
           f'<h1>{HEADLINE}</h1>{_paras(STORY)}</div></body></html>').encode()
    a = extract(raw)
    assert a.published is not None and a.published.date().isoformat() == "2014-03-17"


def test_a_short_text_found_by_the_page_description_beats_a_longer_rules_box():
    """A two-line report beside a comment form's rules (a longer list without links): the container
    holding the page's description, the text's lead, is the text."""
    lead = "十五日上午，城区首批新能源公交正式投入运营，全天平稳有序，乘客反映良好。"  # few of the headline's words
    rules = "".join(f"<li>请勿发表与主题无关的内容，违者将被删除留言并限制发言权限，第{i}条规定请遵守</li>" for i in range(6))
    raw = (f'<html><head><meta charset="utf-8"><title>{HEADLINE} - 某某网</title>'
           f'<meta name="description" content="{lead}"></head><body>'
           '<div class="menu"><a href="/">首页</a><a href="/c1">社会</a></div>'
           f'<h1>{HEADLINE}</h1><article class="arttext"><div class="info"><time>2026年07月15日 15:31</time></div>'
           f'<p>{lead}</p></article><div id="comments"><div class="rule"><ul>{rules}</ul></div></div>'
           '</body></html>').encode()
    assert extract(raw).body == [lead]


def test_the_sites_own_name_in_meta_source_gives_way_to_the_source_shown_beside_the_time():
    head = '<meta name="source" content="某某电子报"><meta property="og:site_name" content="某某电子报">'
    raw = page(head=head, before=f'<h1>{HEADLINE}</h1><div><time>2026年07月15日 15:31</time> '
                                 '<a href="/realtime/11">某某时报</a></div>',
               body=_paras(STORY), title=f"{HEADLINE} - 某某电子报")
    assert extract(raw).publisher == "某某时报"


def test_summary_lines_set_over_the_text_in_their_own_class_are_no_text():
    summary = ('<p class="introduction">多名乘客在首日体验了新线路，普遍认为班次密集、车辆舒适。</p>'
               '<p class="introduction">鲜为人知的是，这些线路的规划历时三年。</p>')
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=summary + _paras(STORY), title=f"{HEADLINE}_某某网")
    assert extract(raw).body == STORY


def test_a_decrees_head_opens_no_text_and_gives_its_number():
    """A 令 page: the joint organs' lines (the last ending in 令) and the number under them open the
    container; the number is the 文号 and the text starts at the decree's own sentence. The <title>
    holds the head and the regulation's name: the name is the headline."""
    organs = ["中华人民共和国某某发展委员会", "中 华 人 民 共 和 国 某 某 部", "中 华 人 民 共 和 国 某 某 总 局 令"]
    text = ["《某某管理办法》已经审议通过，现予公布，自2026年9月1日起施行。", "某某发展委员会主任　某某　　某某部部长　某某",
            "2026年7月15日", "某某管理办法", "第一条　为了规范某某活动，根据有关法律，制定本办法。", "第二条　本办法自公布之日起施行。"]
    raw = (f'<html><head><meta charset="utf-8"><title>{" ".join(organs)}　（第20号）　　某某管理办法__2026年第20号公报_某某网'
           '</title></head><body><div class="nav"><a href="/">首页</a> &gt; <a href="/gb/">公报</a></div>'
           f'<div id="UCAP-CONTENT">{_paras([*organs, "第　20　号", *text])}</div></body></html>').encode()
    a = extract(raw, "https://www.example.gov.cn/gongbao/content/2026/content_1.htm")
    assert (a.title, a.doc_no, a.body[0]) == ("某某管理办法", "第20号", text[0])


def test_a_number_line_under_a_heading_that_is_no_decree_stays():
    """The guard: 第3号 under a line that does not end in 令 (a bulletin's issue) opens no decree head."""
    text = ["某某统计公报", "第3号", "2026年上半年，全市规模以上工业增加值同比增长百分之六点二，增速比一季度加快零点五个百分点。",
            "分行业看，新能源汽车、光伏设备等行业增加值分别增长百分之二十一和百分之十八。"]
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某统计局</div>",
               body=_paras(text), title=f"{HEADLINE}_某某网")
    assert extract(raw).doc_no != "第3号"


def test_a_date_set_by_a_small_script_after_megabytes_of_bundled_code_is_found():
    """A WeChat-style page over the size cut: 2.5 MB of inline library code, then the article, then
    the small script that sets its time (var ct = "…", epoch seconds); the date line is empty."""
    bundle = "<script>" + "var lib=function(a){return a+1};" * 80_000 + "</script>"
    raw = (f'<html><head><meta charset="utf-8"><title>{HEADLINE}</title>{bundle}</head><body>'
           f'<div id="js_content"><h1>{HEADLINE}</h1><em id="publish_time"></em>{_paras(STORY)}</div>'
           '<script>var ct = "1762243169";</script></body></html>').encode()
    assert len(raw) > 2_000_000
    a = extract(raw, "https://mp.weixin.qq.com/s/abc")
    assert a.published is not None and a.published.date().isoformat() == "2025-11-04"


def test_a_source_line_with_a_bar_and_a_cover_credit_open_no_text():
    """来源｜X（ID：…） and 封面来源｜… over a reposted text: metadata lines, not the text."""
    head = ["来源｜某某周刊（ID：some-weekly）", "封面来源｜《某某》剧照"]
    raw = page(before=f"<h1>{HEADLINE}</h1>", body=_paras([*head, *STORY]), title=HEADLINE)
    a = extract(raw)
    assert a.body == STORY and a.publisher == "某某周刊"


def test_the_references_listed_under_a_feature_are_no_text():
    refs = ["参考资料", "1.《某某研究》，某某学报", "2.《城市公交的电动化》，某某日报"]
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras([*STORY, *refs]), title=f"{HEADLINE}_某某网")
    assert extract(raw).body == STORY


def test_a_related_box_set_early_in_the_text_leaves_the_text_whole():
    """推荐阅读 and its links set after the text's first two paragraphs (a portal's box inside the
    story): the text runs on over it, from its first paragraph, and the box is not in it."""
    box = ('<div id="yued"><div class="tit">推荐阅读</div><ul>' +
           "".join(f'<li><a href="/s{i}.html">另一条市场新闻的标题第{i}条</a></li>' for i in range(8)) + "</ul></div>")
    more = ["据了解，首批线路覆盖六个区，沿线有二十余所学校和三家三甲医院。",
            "市交通运输局表示，将根据首周客流数据调整部分站点的设置。",
            "此前，该市已完成全部巡游出租车的电动化替换，累计减少碳排放约十万吨。"]
    raw = page(before=f"<h1>{HEADLINE}</h1><div>2026-07-15 09:30 来源：某某日报</div>",
               body=_paras(STORY[:2]) + box + _paras(STORY[2:] + more), title=f"{HEADLINE}_某某网")
    assert extract(raw).body == [*STORY, *more]


def test_a_column_page_with_a_script_between_its_entries_is_a_list():
    """Each entry (its headline's link in a figcaption, a picture, a summary) follows a script that
    fetches its view count: the scripts' code is no part of the list's text."""
    script = ('<script>$(document).ready(function(){ jQuery.get("/visitors.jsp?articleID=2016112511144092639964'
              '&"+Math.random(), function(data){ $("#total").empty(); $("#total").append(data); }); });</script>')
    entries = "".join(
        f'{script}<li><figure><figcaption><a href="/news/2016/{i}.html">某某大学课题组在某某领域取得第{i}项重要进展</a>'
        f'</figcaption><a href="/news/2016/{i}.html"><img src="/{i}.jpg"></a><div><p>某某大学课题组与合作者于11月{i}日在'
        f'《某某》在线发表论文，揭示了某某材料摩擦演化的机理，为相关器件的设计提供了新的思路...</p><div>{3000 + i}</div></div>'
        "</figure></li>" for i in range(1, 11))
    raw = (f'<html><head><meta charset="utf-8"><title>头条新闻-某某大学新闻网</title></head><body>'
           f'<div class="nav"><a href="/">首页</a></div><section><h2>头条新闻</h2><ul class="picnewslist">{entries}</ul>'
           '</section></body></html>').encode()
    assert isinstance(extract_page(raw, "https://news.example.edu.cn/thunews/9648/index.html", catalog=load_catalog()),
                      ExtractError)


def test_an_english_press_release_is_running_text():
    """An English release in a box no rule names, its paragraphs cut by <br> inside a span, with
    full stops and commas but none of the Chinese marks: the text, not only its list items."""
    paras = ["The Centre for Health Protection of the Department of Health is today closely monitoring a cluster "
             "of pneumonia cases in the region, and has contacted the health authorities for more information.",
             "According to an announcement from the provincial health commission, a number of cases have been "
             "found in the city, most of them linked to one market.",
             "The centre will remain vigilant and work closely with the health authorities, the spokesman said."]
    tips = "".join(f"<li>Avoid making close contact with patients, especially those with symptoms {i};</li>"
                   for i in range(3))
    raw = ('<html><head><meta charset="utf-8"><title>CHP monitors cluster of pneumonia cases</title></head><body>'
           '<div id="contentBody" class="row"><div class="share"><a href="#">Share</a> <a href="#">Print</a></div>'
           '<div id="PRHeadline">CHP monitors cluster of pneumonia cases</div><span id="pressrelease">'
           + "<br /><br />".join(paras) + f"<ul>{tips}</ul><div>Ends/Tuesday, December 31, 2019</div></span></div>"
           '<div class="footer"><a href="/">Home</a> <a href="/privacy">Privacy Policy</a></div></body></html>').encode()
    a = extract(raw, "https://www.example.gov.hk/gia/general/201912/31/P2019123100667.htm")
    assert a.body[:3] == paras
