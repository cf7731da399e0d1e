"""The general extractor on the classes of round 19 of issue 10 (``holdout17/``, ten city and
district policy pages, developed on). One small page per class, with site-neutral markup; each fails
on the code before this round (the guard passes on both)."""
from test_extract_general import extract, page
from test_extract_round8 import _paras

TITLE = "某某市人民政府办公厅关于重新发布某某管理办法的通知"
ARTICLES = ["第一条 为规范某某管理工作，根据有关法律法规，结合本市实际，制定本办法。",
            "第二条 本办法适用于本市行政区域内的某某管理工作，有关部门按照职责分工做好相关工作。",
            "第三条 市主管部门负责统筹协调，区主管部门负责本辖区的组织实施和监督检查工作。",
            "第四条 本办法自印发之日起施行，有效期五年，原办法同时废止，实施中遇到问题请径向市主管部门反映。"]


def _document(head: str, text: list[str], foot: str = "") -> bytes:
    return page(before=f"<h1>{TITLE}</h1><div>发布日期：2026-07-05 来源：某某市人民政府办公厅</div>",
                body=head + _paras(text) + foot, title=f"{TITLE} - 某某市人民政府门户网站")


def _centred(line: str) -> str:
    return f'<p style="text-align: center;">{line}</p>'


def test_a_wenhao_over_the_documents_title_is_read():
    """The 文号 centred over the document's title, which repeats the headline, then the addressee:
    the 文号 is the page's, the text starts at the addressee line."""
    a = extract(_document(_centred("某府办规〔2026〕8号") + _centred(f"<strong>{TITLE}</strong>"),
                          ["各区人民政府，市政府各部门、各直属机构：", *ARTICLES]))
    assert a.doc_no == "某府办规〔2026〕8号"
    assert a.body[0] == "各区人民政府，市政府各部门、各直属机构："


def test_a_short_addressee_line_opens_the_text():
    """各有关单位： (too short to count as running text) over the first paragraph: the text starts there."""
    a = extract(_document("", ["各有关单位：", *ARTICLES]))
    assert a.body[0] == "各有关单位："


def test_the_documents_own_title_under_its_wenhao_and_issuers_opens_no_text():
    """A page headed by the measure's name reprints the notice issuing it: 文号, the issuing organs and
    关于印发…的通知, all centred, over 区属各单位：. The text starts at the addressee line."""
    head = (_centred("某天科工信规字〔2026〕1号") + _centred("某某区科技工业和信息化局 某某区人力资源和社会保障局")
            + _centred("关于印发某某区深化支持青年创新创业高质量发展实施办法的通知"))
    a = extract(_document(head, ["区属各单位：", *ARTICLES]))
    assert a.body[0] == "区属各单位："
    assert a.doc_no == "某天科工信规字〔2026〕1号"


def test_the_colophon_under_the_text_is_no_part_of_it():
    """公开方式：主动公开, the office that printed it and its 印发 date under the last article: the
    document's colophon, not its text."""
    foot = _paras(["公开方式：主动公开", "某某区科技工业和信息化局办公室", "2026年8月9日印发"])
    raw = (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h1>{TITLE}</h1>'
           f'<div>发布日期：2026-08-09 来源：某某区科技工业和信息化局</div><div class="TRS_Editor">'
           f'{_paras(["区属各单位：", *ARTICLES])}{foot}</div></body></html>').encode()
    assert extract(raw).body[-1] == ARTICLES[-1]


def test_files_listed_under_the_attachment_note_keep_the_signature():
    """Five numbered attachment links under the text, then the issuing organ and the date signed:
    the signature still closes the text (the dev capture's convention), the files are attachments."""
    files = "".join(f'<p>{i}.<a href="/attachment/{i}.xlsx">某某服务网点名单{i}</a></p>' for i in range(1, 6))
    foot = "<p>附件：</p>" + files + _paras(["某某市社会保险基金管理中心", "2026年3月27日"])
    a = extract(_document("", ["各有关单位：", *ARTICLES], foot))
    assert a.body[-1] == "2026年3月27日"
    assert len(a.attachments) == 5


def test_a_numbered_related_list_without_a_signature_is_not_kept():
    """The guard: numbered links under the text with no date signed after them are the page's, not
    the document's."""
    links = "".join(f'<p>{i}.<a href="/news/{i}.html">某某市召开第{i}次工作推进会议</a></p>' for i in range(1, 6))
    a = extract(_document("", ["各有关单位：", *ARTICLES], links))
    assert a.body[-1] == ARTICLES[-1]
