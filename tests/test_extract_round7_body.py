"""The general extractor on the body classes of round 7 of issue 10 (``holdout4/`` developed on):
where the text starts and ends, and pages that are no article. One small page per class, with
site-neutral markup; each fails on the code before this round."""
from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from test_extract_general import BODY, PARAS, extract, page

BULLETIN = ["2026年，全县经济运行总体平稳，稳中有进，高质量发展取得新成效。",
            "一、综合",
            "全年实现生产总值262.6亿元，按可比价格计算，同比增长5.3％，其中第一产业增加值22.9亿元。",
            "二、农业",
            "全年粮食播种面积58.6万亩，比上年增加0.3万亩，粮食总产量24.1万吨，比上年增长1.2%。"]
NOTES = ["注释：", "1.本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总项与分项合计不等的情况。",
         "资料来源：", "本公报中财政数据来自县财政局；其他数据来自县统计局和国家统计局某某调查队。"]


def test_an_unsigned_bulletins_notes_are_its_last_lines_and_a_signed_ones_follow_its_date():
    """A 统计公报 that is not signed ends with its 注释 and 资料来源 paragraphs; after a signature
    (the issuing organ and the date signed) the notes are the page's, not the document's."""
    paras = "".join(f"<p>{p}</p>" for p in BULLETIN + NOTES)
    a = extract(page(before="<h1>某某县2026年国民经济和社会发展统计公报</h1>", body=f'<div class="zoom">{paras}</div>'))
    assert a.body == BULLETIN + NOTES
    signed = "".join(f"<p>{p}</p>" for p in [*BULLETIN, "某某县统计局", "2027年3月20日", *NOTES])
    a = extract(page(before="<h1>某某县2026年国民经济和社会发展统计公报</h1>", body=f'<div class="zoom">{signed}</div>'))
    assert a.body == [*BULLETIN, "某某县统计局", "2027年3月20日"]

AWARD = ["一、项目编号：SC2026-0815", "二、项目名称：某某村信息服务站电脑采购项目",
         "三、中标（成交）信息", "供应商名称 供应商地址", "某某商贸有限公司 某某县城关镇东街8号",
         "四、评审专家名单：", "张某 李某 王某",
         "五、公告期限", "自本公告发布之日起1个工作日。",
         "六、凡对本次公告内容提出询问，请按以下方式联系。", "1.采购人信息", "名称：某某县文化广电局", "地址：某某县城关镇",
         "2.采购代理机构信息", "名称：某某县政府采购中心", "3.项目联系方式", "项目联系人：张某", "电话：0314-1234567"]


def test_a_procurement_notice_in_numbered_label_value_sections_is_an_article():
    """A 中标公告 in the standard form — numbered sections of label：value lines and short rows, one
    sentence among them — is a document from its first section to its last's contact line, not a
    record of fields; the last section with nothing under it but its link (七、附件) is left out."""
    rows = "".join(f"<tr><td>{t}</td></tr>" for t in AWARD)
    rows += '<tr><td>七、附件</td></tr><tr><td><a href="/files/award.docx">某某村信息服务站电脑采购项目</a></td></tr>'
    a = extract(page(before="<h1>某某村信息服务站电脑采购项目中标公告</h1><p>发布时间：2026-08-15</p>",
                     body=f"<table>{rows}</table>", title="某某村信息服务站电脑采购项目中标公告"),
                "https://www.example-procurement.cn/cggg/202608/t20260815_1.html")
    assert a.body == AWARD


def test_a_tender_notice_ends_with_its_last_sections_contact_lines():
    """The run of running text stops at a sentence that is mostly a link (the notice's own site); the
    notice goes on to its last numbered section, 联系方式, and its label：value lines."""
    text = ["某某报社有限公司就2026年客户端宣传推广服务项目进行公开招标，欢迎合格的供应商前来投标。",
            "1.项目名称：", "2026年客户端宣传推广服务采购项目。", "2.投标人资格要求：",
            "具有独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度；",
            "3.投标文件的递交", "投标文件递交的截止时间及地点见招标文件，逾期送达的投标文件，招标人不予受理。",
            "4.发布公告的媒介"]
    contact = ["5.联系方式", "招 标 人：某某报社有限公司", "联 系 人：李某", "联系电话：18500000000"]
    paras = "".join(f"<p>{p}</p>" for p in text)
    paras += '<p>本次招标公告在<a href="https://www.example-news.cn/">某某网（www.example-news.cn）</a>上发布。</p>'
    paras += "".join(f"<p>{p}</p>" for p in contact)
    a = extract(page(before="<h1>2026年客户端宣传推广服务项目招标公告</h1>", body=paras,
                     title="2026年客户端宣传推广服务项目招标公告"))
    assert a.body[0] == text[0] and a.body[-4:] == contact


def test_private_use_glyphs_leave_the_text():
    """Icon-font glyphs or GB2312 user-defined cells (U+E000–F8FF) drawn before a paragraph mean
    nothing in another font: the paragraph starts at its first word."""
    body = "".join(f"<p>\ue5e5\ue5e5{p}</p>" for p in BODY)
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body == BODY


def test_a_reprints_bracketed_credit_leaves_the_first_line():
    """【某某网2026年07月03日报道】 before the first sentence says who reported it (the reprint's
    source); a bracketed outlet alone (【某某网】) is the text's own first words."""
    body = f"<p>【某某网2026年07月03日报道】{BODY[0]}</p>" + "".join(f"<p>{p}</p>" for p in BODY[1:])
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body == BODY and a.publisher == "某某网"
    body = f"<p>【某某网】{BODY[0]}</p>" + "".join(f"<p>{p}</p>" for p in BODY[1:])
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body)).body[0] == f"【某某网】{BODY[0]}"


def test_an_editors_afterword_under_a_report_leaves_the_text():
    """编后 on a line of its own (or opening its paragraph, 编后：…) under a report is the paper's
    comment on the story, as an 编者按 over it is."""
    after = "<p>编后</p><p>十三岁的孩子还需要大人的监护，家庭和社会的引导就变得格外重要。</p>"
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS + after))
    assert a.body == BODY
    after = "<p>编后：十三岁的孩子还需要大人的监护，家庭和社会的引导就变得格外重要。</p>"
    assert extract(page(before="<h1>关于开展示范工作的通知</h1>", body=PARAS + after)).body == BODY


def _month_archive(title: str) -> bytes:
    """A blog's month page: whole posts of any length, each in its own row with its title link and
    its date and time, the longest one deep in nested tables."""
    posts = [("元宵节的由来", BODY * 6, "2026-03-18 01:28"), ("周末随笔", BODY[:1], "2026-03-21 01:20"),
             ("春天来了", BODY[1:], "2026-03-15 16:47")]
    rows = "".join(f'<tr><td><table><tr><td><a href="/post/{i}.html">{t}</a></td></tr>'
                   f'<tr><td><table><tr><td>{"".join(f"<p>{p}</p>" for p in text)}</td></tr></table></td></tr>'
                   f'<tr><td>发表于 {when} | <a href="/post/{i}.html#c">评论(0)</a></td></tr></table></td></tr>'
                   for i, (t, text, when) in enumerate(posts))
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<table><tr><td><h1>{title}</h1></td></tr><tr><td><table>{rows}</table></td></tr></table>'
            f'</body></html>').encode()


def test_a_month_archive_of_whole_posts_is_no_article():
    """Three posts, each titled by its link and dated to the minute, under the blog's name: the
    longest of them is one entry of the archive. The same rows under one post's own title are
    that post's page."""
    a = extract_page(_month_archive("某某的博客"), "https://blog.example.cn/archives.php?date=202603",
                     catalog=load_catalog())
    assert isinstance(a, ExtractError) and "an archive of dated posts" in a.reason
    a = extract(_month_archive("元宵节的由来"), "https://blog.example.cn/post/0.html")
    assert a.body == BODY * 6


def test_a_centred_bold_deck_over_the_text_leaves_it():
    """One short line, centred and all bold, over the text's first paragraph: the deck, set apart as
    the text's own sentences are not."""
    deck = '<div align="center"><b>神奇，偶然掉在凡俗的临床上。</b></div>'
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=deck + PARAS))
    assert a.body == BODY


def test_a_spec_list_closing_a_report_is_its_last_lines():
    """A test drive's specifications under its text (动力系统主要参数： then label：value lines): the
    short lines at the list's end are items of it, not credits given as fields."""
    specs = ["动力系统主要参数：", "某某CH7121", "发动机型式：直列4缸多点式电喷汽油机", "发动机总排量：1171ml",
             "最大功率：51Kw／6000rpm", "最大扭距：95N.m／3250rpm", "驱动型式：前置前驱", "变速箱：进口手动五速"]
    body = PARAS * 3 + "".join(f"<p>{p}</p>" for p in specs)
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body == BODY * 3 + specs


def test_a_posts_comment_section_longer_than_the_post_is_not_its_text():
    """A short post and, beside it, a box opened by its comments heading with a time per comment: the
    comments outweigh the post by density, but the box is the readers', not the text."""
    post = "".join(f"<p>{p}</p>" for p in BODY)
    comments = "".join(f'<h4>re: 关于开展示范工作的通知 2026-07-15 1{i}:3{i} 网友{i}</h4>'
                       f'<p>拜读了，很有收获，希望各地认真组织实施，确保各项措施落到实处，取得实效，第{i}条意见。</p>'
                       for i in range(6))
    raw = ('<html><head><meta charset="utf-8"><title>关于开展示范工作的通知</title></head><body>'
           f'<div><h2>关于开展示范工作的通知</h2><div>{post}</div></div>'
           f'<div><h3>评论</h3>{comments}</div></body></html>').encode()
    assert extract(raw).body == BODY


def test_short_lines_over_the_headline_restated_in_the_text_leave_it():
    """A chapter's deck (two quoted sentences) over its headline, restated alone on its line: the
    text starts under the headline."""
    deck = "<p>即使是最好的计划，一生中也可能会有两百次修改的打算。</p><p>海市蜃楼是眺望的结果，新的陆地是航行的结果。</p>"
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=deck + "<p>关于开展示范工作的通知</p>" + PARAS))
    assert a.body == BODY


def test_the_table_the_texts_last_line_announces_is_the_texts():
    """An admission notice closes with 附：招生专业及考试科目 and the table after its box, cells of
    short unpunctuated words: the table is the notice's, row by row."""
    text = "<tr><td>" + "".join(f"<p>{p}</p>" for p in BODY * 2) + "<p>附：招生专业及考试科目</p></td></tr>"
    rows = [("专业名称", "研究方向", "考试科目"), ("01 艺术学", "舞蹈史", "英语 舞蹈史 舞蹈理论"),
            ("02 音乐学", "音乐理论", "英语 音乐史 作曲理论")]
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    raw = ('<html><head><meta charset="utf-8"><title>某某研究院2026年博士生招生简章</title></head><body>'
           f'<table><tr><td><h2>某某研究院2026年博士生招生简章</h2><table>{text}</table>'
           f'<table border="1">{table}</table></td></tr></table></body></html>').encode()
    a = extract(raw)
    assert a.body == BODY * 2 + ["附：招生专业及考试科目"] + ["".join(r) for r in rows]


def test_the_author_of_a_closing_quotation_leaves_the_last_line():
    """A post that closes with a quotation and its author after a dash (…适可而止。 ——廖一梅): the
    author's name is a credit, the quotation the text's last sentence."""
    body = PARAS + "<p>人对他人的需求越少，就会活得越自如越安详，唯一的办法就是令自己的需要适可而止。 ——某某某</p>"
    a = extract(page(before="<h1>关于开展示范工作的通知</h1>", body=body))
    assert a.body[-1] == "人对他人的需求越少，就会活得越自如越安详，唯一的办法就是令自己的需要适可而止。"


def test_an_english_agency_credit_line_leaves_the_foot():
    """(Additional reporting by … in New York; Editing by …) under an English report is its credit."""
    text = ["The central bank raised its benchmark rate by a quarter point on Wednesday, its second move in a year.",
            "Officials said the outlook remained uncertain and that further increases would depend on the data.",
            "Markets had widely expected the decision, and stocks closed little changed after the announcement."]
    body = "".join(f"<p>{p}</p>" for p in text) + \
        "<p>Additional reporting by Jane Doe in Washington and John Roe in New York; Editing by Ann Smith</p>"
    a = extract(page(before="<h1>Central bank raises rates</h1>", body=body, title="Central bank raises rates"),
                "https://www.example-news.com/article/rates-idUS1")
    assert a.body == text
