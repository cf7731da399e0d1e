"""The general extractor on the body classes of round 7 of issue 10 (``holdout4/`` developed on):
where the text starts and ends, and pages that are no article. One small page per class, with
site-neutral markup; each fails on the code before this round."""
from test_extract_general import extract, page

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
