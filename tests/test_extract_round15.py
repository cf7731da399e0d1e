"""The general extractor on the classes of round 15 of issue 10 (``holdout12/`` and ``holdout2/``
developed on). One small page per class, with site-neutral markup; each fails on the code before
this round (the guards pass on both)."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras

URL = "https://www.example-news.cn/2026/07/15/a1.html"
DOC = ["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
       "为推动某某产业高质量发展，现就有关事项通知如下。",
       "一、各地要结合实际制定实施方案，明确目标任务，落实工作责任，确保各项措施落地见效。",
       "二、有关部门要加强协调配合，及时总结推广经验做法，重大事项及时报告。"]


def test_a_source_line_under_the_headline_beats_the_tables_issuing_organ():
    """A 信息公开 table's 发布机构 (市政府) and, beside the time under the headline, 信息来源：市府办:
    the credit the reader sees under the headline is the publisher."""
    table = ('<table><tr><td>索引号</td><td>113325000026455663/2026-43887</td><td>文号</td><td>某政发〔2026〕30号</td></tr>'
             '<tr><td>发布机构</td><td>市政府</td><td>成文日期</td><td>2026-07-10</td></tr></table>')
    before = f"{table}<h1>{TITLE}</h1><div><span>发布时间：2026-07-15 08:59</span><span>信息来源：市府办</span></div>"
    a = extract(page(before=before, body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.publisher == "市府办"


def test_a_table_without_a_shown_source_keeps_its_issuing_organ():
    """The guard: with no 来源 under the headline, the table's 发布机构 is the publisher."""
    table = '<table><tr><td>发布机构</td><td>市政府</td><td>成文日期</td><td>2026-07-10</td></tr></table>'
    before = f"{table}<h1>{TITLE}</h1><div><span>发布时间：2026-07-15 08:59</span></div>"
    a = extract(page(before=before, body=_paras(NEWS), title=f"{TITLE}_某某网"))
    assert a.publisher == "市政府"


def test_the_logos_link_title_names_a_site_that_names_itself_nowhere_else():
    """A university office's page: no 来源, no site name in <title> or the metas; its logo links home
    with title="返回信息化建设管理服务中心首页": that is the site's name, not the host."""
    raw = (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>'
           '<div class="head"><a href="/main.psp" title="返回信息化建设管理服务中心首页"><img src="/logo.png"></a></div>'
           f'<div class="main"><h1>{TITLE}</h1><div>发布时间：2026-07-15</div><div class="art">{_paras(NEWS)}</div></div>'
           '</body></html>').encode()
    a = extract(raw, "https://itsc.example.edu.cn/2026/0715/c1a1/page.htm")
    assert a.publisher == "信息化建设管理服务中心"


def test_an_undated_text_under_a_heading_it_never_mentions_is_no_article():
    """A directory record (an organisation's profile): the heading found is a side box's (相关组织,
    over the related records' links), no date anywhere, and the text found holds not one of its
    words: no article."""
    profile = ["一、某某发电厂的环境与健康影响研究（某某基金会资助项目，2012-2013）",
               "结合野外调查和文献整理，此项目研究了某某发电厂对周围环境和当地居民带来的影响，包括空气中的污染物。",
               "二、某某补贴政策的合理性研究（某某联盟部分资助的报告，2013）",
               "本研究对可再生电力补贴的合理性进行了深入分析，结论是这种补贴在环境可持续方面不合理，建议废除此补贴。"]
    before = "<dl><dt><h1>相关组织</h1></dt><dd><ul><li><a href='/o/1.html'>某某环境行动网络</a></li>" \
             "<li><a href='/o/2.html'>某某环保协会</a></li></ul></dd></dl>"
    got = extract_page(page(before=before, body=_paras(profile), title="某某地图 | 某某研究所"), URL,
                       catalog=load_catalog())
    assert isinstance(got, ExtractError)


def test_a_reprinted_documents_title_and_wenhao_open_no_text():
    """A portal's report reprinting a document: the document's own title (bold, over two lines) and
    its 文号 (国发 〔2015〕40号, not centred) over the 主送 line; the page's headline is the portal's.
    The 文号 is the document's; the text starts at the 主送 line."""
    head = "<p><strong>国务院关于推进某某产业</strong></p><p><strong>高质量发展的指导意见</strong></p><p><strong>国发 〔2026〕40号</strong></p>"
    a = extract(page(before="<h1>国务院：推进某某产业高质量发展</h1><div>2026-07-15 09:30 来源：某某网</div>",
                     body=head + _paras(DOC), title="国务院：推进某某产业高质量发展_某某网"))
    assert a.doc_no == "国发〔2026〕40号"
    assert a.body == DOC


def test_a_wenhao_alone_over_the_text_is_read():
    """A 文号 alone on the line over the 主送 line, with no title over it, left out of the text that
    density found: still the page's 文号."""
    a = extract(page(before="<h1>关于推进某某产业高质量发展的通知</h1><div>2026-07-15 09:30</div>",
                     body=_paras(["皖数资〔2026〕31号", *DOC]), title="关于推进某某产业高质量发展的通知_某某网"))
    assert a.doc_no == "皖数资〔2026〕31号"
    assert a.body == DOC


def test_a_releases_headline_and_subtitles_restated_by_its_lead_open_no_text():
    """A government release reprinted: its own headline and subtitles, unpunctuated lines, over the
    lead that restates each of them; the text starts at the lead."""
    heads = ["某某主持召开常务会议 确定进一步扩大开放的措施等", "某某主持召开常务会议", "确定进一步扩大开放的措施 推动经济升级",
             "部署建立康复救助制度 给他们更多关爱"]
    lead = "某某7月15日主持召开常务会议，确定进一步扩大开放的措施，推动经济升级；部署建立康复救助制度，给他们更多帮扶和关爱。"
    rest = ["会议指出，要营造更加公平、透明、便利的投资环境，推动形成全面开放新格局。", "会议还研究了其他事项。"]
    a = extract(page(before="<h1>常务会议决定下调部分商品关税</h1><div>2026-07-15 18:53 来源：某某网</div>",
                     body=_paras([*heads, lead, *rest]), title="常务会议决定下调部分商品关税_某某网"))
    assert a.body == [lead, *rest]


def test_a_bracketed_caption_with_its_picture_source_opens_no_text():
    """（…填海面积增加。图片来源：某某部网站） over the text: the picture's caption, not its first line."""
    caption = "（某某码头冶炼废渣堆存，填海面积增加。图片来源：某某部网站）"
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras([caption, *NEWS]),
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_closing_pointer_to_an_appended_document_is_no_text():
    """附：…的通知 closing a report, the document itself not on the page: not the text's last line."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>",
                     body=_paras([*NEWS, "附：某某委员会关于印发某某编报规则的通知"]), title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_related_stories_inside_the_container_end_the_text():
    """After the text, inside its container, two linked headlines of other stories, each over an
    excerpt: a related-stories box, not the text."""
    related = ('<p><a href="/2026/07/15/b1.html"><strong>某某会晤在某地举行</strong></a></p>'
               '<p>当地时间上午9时许，会场庭院红毯铺地，双方在持续不断的照相机快门声中握手问候。</p>'
               '<p><a href="/2026/07/15/b2.html"><strong>某某：希望会晤为实现和平迈出实质性步伐</strong></a></p>'
               '<p>两国的最高领导人能够坐在一起进行平等对话，这本身就具有重大和积极的意义。</p>')
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras(NEWS) + related,
                     title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_a_site_greeting_is_no_news_flash():
    """A column page whose only text is the site's welcome line (欢迎您来到…，投资有风险，购买需谨慎！): no article."""
    got = extract_page(page(before="<h1>公司公告</h1>", body="<p>欢迎您来到某某阿尔法基金管理有限公司官方网站，投资有风险，购买需谨慎！</p>",
                            title="某某基金管理有限公司"), URL, catalog=load_catalog())
    assert isinstance(got, ExtractError)


def test_an_encyclopedia_entry_is_no_article():
    """An encyclopedia's entry: section headings each with its 编辑 button: a reference page, no article."""
    entry = ["中文名 某某 外文名 Example 国籍 新加坡", "某某早年经历 编辑", "1975年出生于新加坡，家里有一个姐姐，中学毕业后考入理工学院研读。",
             "某某演艺经历 编辑", "1999年签约唱片公司，1月推出首张同名专辑，专辑入选年度十大专辑。",
             "某某主要作品 编辑", "2003年发行专辑《陌生人》，同年在渔人码头举办演唱会，并发行台压版专辑。"]
    got = extract_page(page(before="<h1>某某</h1><div>2012-06-24</div>", body=_paras(entry), title="某某_百科"), URL,
                       catalog=load_catalog())
    assert isinstance(got, ExtractError)


PARTS = ["某某公司发言人15日在记者会上表示，公司将在下半年调整产品供货安排，优先保障国内客户的订单需求，并将继续加大研发投入，"
         "力争在三年内实现关键零部件领域的自主可控。",
         "发言人说，公司已经向有关部门申请继续为多家客户供货，目前尚未获得答复，公司一向遵守所有法规，不评论与个别客户的业务往来，"
         "也不对市场上的各种传闻作出任何回应。",
         "分析人士认为，有关安排将影响公司下半年的销售额，其中海外市场受影响较大，但国内市场的需求仍然旺盛，全年业绩有望保持增长，"
         "公司股价在经历了一段时间的波动之后，近期也已经趋于稳定。",
         "业内人士指出，供货安排的调整反映了行业供应链的深刻变化，更多企业正在重新评估海外业务的风险，并寻求多元化的市场布局，"
         "以应对外部环境带来的种种不确定性。",
         "据了解，公司下半年还将在国内新建两条生产线，预计明年一季度投产，届时产能将比目前提高三成以上，可以满足国内客户的新增需求，"
         "也为今后出口业务的逐步恢复留出足够的空间。",
         "公司表示，将密切关注市场变化，及时调整经营策略，并将在三季度报告中披露供货安排调整对经营业绩的具体影响，请投资者注意投资风险，"
         "理性地作出投资决策。"]


def test_a_text_cut_apart_by_boxes_is_joined():
    """A text whose paragraphs stand in several blocks of one kind (class RichText, modifiers
    aside), a social post's consent box and a 'more on this' box between them: the text is all
    its parts, the boxes none of it."""
    consent = ('<section class="embed"><div class="consent"><p>我同意显示外部内容，个人数据可能因此传输给第三方平台，'
               '详情请参阅我们的隐私声明。</p><button>显示</button></div></section>')
    more = ('<section class="more"><p>相关阅读</p><ul><li><a href="/2026/07/14/b1.html">某某公司上半年业绩公布</a></li>'
            '<li><a href="/2026/07/13/b2.html">某某行业供应链调查</a></li></ul></section>')
    body = (f'<div class="text"><div class="RichText w-8">{_paras(PARTS[:2])}</div></div>{consent}'
            f'<div class="text"><div class="RichText w-8">{_paras(PARTS[2:4])}</div></div>{more}'
            f'<div class="text"><div class="RichText RichText--last w-8">{_paras(PARTS[4:])}</div></div>')
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=body, title=f"{TITLE}_某某网"))
    assert a.body == PARTS


def test_a_promotion_of_the_texts_kind_is_not_joined():
    """The guard: a short promotion box with the text's class under it stays out of the text."""
    promo = "【某某征稿】某某网欢迎各界投书，来稿请寄至编辑部邮箱，并请附上真实姓名与联络方式。"
    body = f'<div class="editor">{_paras(PARTS)}</div><div class="ad"></div><div class="editor"><p>{promo}</p></div>'
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=body, title=f"{TITLE}_某某网"))
    assert a.body == PARTS
