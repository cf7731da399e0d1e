"""The verifier catches wrong numbers, dates, titles, 文号 and organisations, and passes true ones."""
from datetime import date, datetime

import pytest

from ribao.models import Article, Bulletin, Paragraph, Reference, Section, Sentence
from ribao.timeutil import CST
from ribao.verify import SourceText, check_sentence, enforce
from ribao.verify.numbers import arabise, cn_to_int, quantities

ART = Article(
    url="https://www.nea.gov.cn/x/c.html", title="国家能源局关于进一步加强新型储能调度运用的通知",
    published=datetime(2026, 7, 15, 10, 0, tzinfo=CST), publisher="国家能源局", site="nea", site_name="国家能源局",
    doc_no="国能发科技〔2026〕46号",
    body=["截至2026年6月底，全国新型储能装机规模达1.62亿千瓦/4.03亿千瓦时，同比增长约71%。",
          "到2027年底，年等效利用小时数达到1300小时以上，聚合可调节能力达到1000万千瓦以上。",
          "会同国家发展和改革委员会落实《新型储能调度运行管理规范》，请于12月31日前报送。",
          "新能源装机2753万千瓦，其中三个项目已投运，七成以上由民营企业建设。"])
SRC = [SourceText.of(ART)]
D = date(2026, 7, 16)


def ok(text, role="facts"):
    return check_sentence(text, SRC, role=role, bulletin_date=D)


@pytest.mark.parametrize("text", [
    "国家能源局7月15日发布《关于进一步加强新型储能调度运用的通知》（国能发科技〔2026〕46号）。",
    "截至2026年6月底，全国新型储能装机规模达1.62亿千瓦/4.03亿千瓦时，同比增长约71%。",
    "新能源装机约27.53GW，其中3个项目已投运，70%以上由民营企业建设。",
    "国家发展改革委要求12月31日前报送。",
])
def test_true_sentences_pass(text):
    assert ok(text) == []


@pytest.mark.parametrize("text,kind", [
    ("全国新型储能装机规模达1.72亿千瓦，同比增长约71%。", "number"),
    ("全国新型储能同比增长约81%。", "number"),
    ("国家能源局7月14日发布了通知。", "date"),
    ("国家能源局发布《关于加强新型储能并网运用的通知》。", "title"),
    ("国家能源局发布通知（国能发科技〔2026〕64号）。", "doc_no"),
    ("国家数据局发布关于进一步加强新型储能调度运用的通知。", "organisation"),
    ("新能源装机约28GW。", "number"),
])
def test_mutations_are_caught(text, kind):
    assert kind in {p.kind for p in ok(text)}


def test_publish_date_after_bulletin_date_fails():
    late = ART.model_copy(update={"published": datetime(2026, 7, 20, 9, 0, tzinfo=CST)})
    probs = check_sentence("国家能源局7月20日发布了通知。", [SourceText.of(late)], role="facts", bulletin_date=D)
    assert "date" in {p.kind for p in probs}


def test_uncited_fact_and_unsupported_text():
    assert "uncited" in {p.kind for p in check_sentence("全国新型储能装机规模持续扩大。", SRC, role="facts",
                                                        bulletin_date=D, cited=False)}
    assert "support" in {p.kind for p in ok("专家普遍预计明后两年市场将迎来爆发式的增长机遇窗口期。")}


def test_numerals():
    assert cn_to_int("十二") == 12 and cn_to_int("二十") == 20 and cn_to_int("一百零五") == 105
    assert arabise("三项任务，七成企业") == "3项任务，70%企业"
    assert arabise("一体化") == "一体化"
    (q,) = quantities("2753万千瓦")
    (g,) = quantities("27.53 GW")
    assert q.kind == g.kind == "power" and abs(q.value - g.value) < 1e-6


def test_enforce_drops_repairs_and_renumbers():
    other = ART.model_copy(update={"url": "https://example.org/other", "title": "另一篇"})
    b = Bulletin(line="xinzhi", date=D, title="t", sections=[
        Section(number=1, headline="h", story_id="s", sources=[ART.url], paragraphs=[
            Paragraph(role="facts", sentences=[Sentence(text="全国新型储能装机规模达1.62亿千瓦。", cites=[2]),
                                               Sentence(text="全国新型储能装机规模达9.99亿千瓦。", cites=[2])]),
            Paragraph(role="analysis", sentences=[Sentence(text="同比增长约99%。", cites=[2])])]),
        Section(number=2, headline="h2", story_id="s2", sources=[other.url], paragraphs=[
            Paragraph(role="facts", sentences=[Sentence(text="凭空捏造的事实陈述没有任何出处。", cites=[1])])])],
        references=[Reference(n=1, publisher="x", title="另一篇", date="2026-07-15", url=other.url),
                    Reference(n=2, publisher="国家能源局", title=ART.title, date="2026-07-15", url=ART.url)])
    fixes = []

    def repair(text, cites, problems):
        fixes.append(text)
        return Sentence(text="同比增长约71%。", cites=cites) if "99%" in text else None

    out = enforce(b, {ART.url: SourceText.of(ART), other.url: SourceText.of(other)}, repair=repair)
    v = out.verification
    assert v.sentences == 4 and v.repaired == 1 and len(v.dropped) == 2
    assert [s.number for s in out.sections] == [1]
    assert [r.url for r in out.references] == [ART.url] and out.references[0].n == 1
    texts = [s.text for p in out.sections[0].paragraphs for s in p.sentences]
    assert texts == ["全国新型储能装机规模达1.62亿千瓦。", "同比增长约71%。"]
    assert all(s.cites == [1] for p in out.sections[0].paragraphs for s in p.sentences)


REPORT = Article(
    url="https://www.cnenergynews.cn/news/x.html", title="新型储能调度运用迎来硬约束", publisher="中国能源报",
    site="cnenergy", site_name="中国能源新闻网", published=datetime(2026, 6, 26, 20, 0, tzinfo=CST),
    body=["国家能源局6月26日印发通知，要求独立储能电站年均等效完全充放电次数不低于300次。",
          "上半年全国新型储能等效利用小时数约590小时，同比提高约80小时，项目平均造价下降12%。",
          "业内人士认为，调度规则明确后，储能电站利用率将明显提高。"])
RSRC = [SourceText.of(REPORT)]


def rcheck(text, role="facts"):
    return {p.kind for p in check_sentence(text, RSRC, role=role, bulletin_date=D)}


@pytest.mark.parametrize("text", [
    "据中国能源报6月26日消息，上半年全国新型储能等效利用小时数约590小时，同比提高约80小时。",
    "中国能源新闻网报道称，项目平均造价下降12%。",
    "国家能源局6月26日印发通知，要求独立储能电站年均等效完全充放电次数不低于300次。",   # the text names it
    "业内人士认为，调度规则明确后，储能电站利用率将明显提高。",
])
def test_true_leads_and_directions_pass(text):
    assert rcheck(text) == set()


@pytest.mark.parametrize("text,kind", [
    ("据数据要素处6月26日消息，上半年全国新型储能等效利用小时数约590小时。", "attribution"),
    ("装备工业一司报道称，项目平均造价下降12%。", "attribution"),
    ("要求独立储能电站年均等效完全充放电次数不高于300次。", "polarity"),
    ("上半年全国新型储能等效利用小时数约590小时，同比下降约80小时。", "polarity"),
    ("项目平均造价增长12%。", "polarity"),
    ("调度规则明确后，储能电站利用率将明显降低。", "polarity"),
])
def test_wrong_leads_and_flipped_directions_are_caught(text, kind):
    assert kind in rcheck(text)


def test_a_section_reference_is_not_a_figure():
    assert ok("国家能源局7月15日发布了通知，详见第三部分。") == []


def test_headlines_abstract_and_trend_are_verified():
    b = Bulletin(line="xinzhi", date=D, title="t", abstract="全国新型储能装机规模达1.62亿千瓦。全国新型储能装机规模达9.99亿千瓦。",
                 trend="近7日有5篇。近7日有6篇。", computed=["近7日有5篇。"], sections=[
                     Section(number=1, headline="新型储能装机达8.88亿千瓦", story_id="s", sources=[ART.url], paragraphs=[
                         Paragraph(role="facts", sentences=[Sentence(text="全国新型储能装机规模达1.62亿千瓦。", cites=[1])])])],
                 references=[Reference(n=1, publisher="国家能源局", title=ART.title, date="2026-07-15", url=ART.url)])
    out = enforce(b, {ART.url: SourceText.of(ART)})
    assert out.abstract == "全国新型储能装机规模达1.62亿千瓦。" and out.trend == "近7日有5篇。"
    assert out.sections[0].headline == ART.title[:40] and out.verification.headlines_replaced
    assert {d.role for d in out.verification.dropped} == {"abstract", "trend"}
