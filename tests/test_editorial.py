"""Editorial depth on a fictional one-event day: angles, archive context, windows by tier, the
line's own name, computed history, and no sentence printed twice."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import editorial_day_six as six
from editorial_day import DAY, FOREIGN, FRAME, MEMBERS, NOISE, NOTICE, PLAN, REPORT, fill

from ribao.analyze.select import select_day
from ribao.compose.extractive import write_bulletin
from ribao.compose.headline import balanced
from ribao.lines import load_line
from ribao.models import Bulletin
from ribao.render import render_markdown
from ribao.settings import Settings
from ribao.store import Store, search
from ribao.store.repo import ChosenStory
from ribao.verify import enforce, sources_from_articles

SECOND_LINE = Path(__file__).parent / "fixtures" / "lines" / "chuneng.yaml"


@pytest.fixture()
def store(tmp_path):
    st = Store(Settings.load(tmp_path / "home").ensure().database_url)
    fill(st)
    yield st
    st.close()


def build(store, line):
    sel = select_day(store, line, DAY)
    return sel, enforce(write_bulletin(sel), sources_from_articles(sel.cited_articles()))


def cited_urls_of(b: Bulletin, sentence) -> set[str]:
    refs = {r.n: r.url for r in b.references}
    return {refs[c] for c in sentence.cites}


def cited_urls(b: Bulletin, sec) -> set[str]:
    return {u for p in sec.paragraphs for s in p.sentences for u in cited_urls_of(b, s)}


def headlines_ok(b: Bulletin) -> None:
    """Every headline: at most 40 characters, brackets and quotes closed, Chinese."""
    for sec in b.sections:
        h = sec.headline
        assert len(h) <= 40 and balanced(h), h
        assert len(re.findall(r"[A-Za-z]", h)) <= 4, h          # an acronym (AI) at most, never English prose


def test_one_big_story_is_told_from_several_angles_each_from_its_own_members(store):
    sel, b = build(store, load_line("xinzhi"))
    assert b.verification.dropped == [] and b.verification.headlines_replaced == []
    big = [s for s in b.sections if s.story_id == sel.chosen[0].key]
    assert [s.angle for s in big] == ["content", "scope", "mechanism", "context"]
    own = {**MEMBERS, "context": {FRAME.url, PLAN.url}}
    for sec in big:
        facts = sec.paragraphs[0]
        assert facts.role == "facts" and len(facts.sentences) >= 2
        assert {u for s in facts.sentences for u in cited_urls_of(b, s)} <= own[sec.angle], sec.angle
        # every member is used; an analysis sentence may link back to the day's document, nothing else
        assert own[sec.angle] <= cited_urls(b, sec) <= own[sec.angle] | {NOTICE.url}, sec.angle
        assert len(sec.headline) <= 40 and balanced(sec.headline)
    # the mechanism section's analysis is the interpretation's own reasoning, attributed
    mech = next(s for s in big if s.angle == "mechanism")
    assert any("旨在" in x.text for p in mech.paragraphs if p.role == "analysis" for x in p.sentences)


def test_no_sentence_is_printed_twice(store):
    _, b = build(store, load_line("xinzhi"))
    texts = [re.sub(r"\s+", "", s.text) for sec in b.sections for p in sec.paragraphs for s in p.sentences]
    assert len(texts) == len(set(texts))
    for i, t in enumerate(texts):       # nor a 14-character run of another sentence (document names aside)
        runs = {re.sub(r"《[^》]*》", "", t)[k:k + 14] for k in range(max(0, len(t) - 13))}
        for u in texts[i + 1:]:
            assert not any(r and r in re.sub(r"《[^》]*》", "", u) for r in runs if len(r) == 14), (t, u)


def test_archive_context_is_the_lines_earlier_documents_never_noise(store):
    sel, b = build(store, load_line("xinzhi"))
    context = {a.url for a in sel.chosen[0].context}
    assert context == {FRAME.url, PLAN.url}
    assert NOISE.url not in {r.url for r in b.references}
    ctx = next(s for s in b.sections if s.angle == "context")
    assert "2025年12月1日" in ctx.paragraphs[0].sentences[0].text     # an earlier year is dated with its year
    # the analysis places the day's document after the earlier ones, in date order
    timeline = next(x.text for p in ctx.paragraphs if p.role == "analysis" for x in p.sentences
                    if "之前" in x.text)
    dates = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", timeline)
    assert dates[0] == "2026年10月19日" and dates[1:] == ["2025年12月1日", "2026年3月20日"]
    assert {r.usage for r in b.references if r.url in context} == {"用于绿电与新型能源体系长期脉络梳理。"}


def test_a_foreign_report_six_days_old_is_taken_once(store, tmp_path):
    line = load_line("xinzhi")
    sel, b = build(store, line)
    assert line.selection.window_hours("foreign_media") == 168
    assert FOREIGN.url in {r.url for r in b.references}
    # without its tier's window the 48-hour one applies, and the six-day-old report is out
    narrow = line.model_copy(update={"selection": line.selection.model_copy(update={"tier_windows": {}})})
    assert FOREIGN.url not in {a.url for c in select_day(store, narrow, DAY).stories for a in c.articles}
    # once a bulletin cited it, the next day's window does not take it again
    store.save_bulletin(b, [ChosenStory(date=DAY.isoformat(), story_key=c.key, headline="", theme=c.theme,
                                        article_urls=c.all_urls) for c in sel.chosen])
    later = select_day(store, line, DAY + timedelta(days=1))
    assert FOREIGN.url not in {a.url for c in later.stories for a in c.articles}


def test_headlines_say_the_event_in_chinese(store):
    _, b = build(store, load_line("xinzhi"))
    headlines_ok(b)
    foreign = next(s for s in b.sections if cited_urls(b, s) == {FOREIGN.url})
    assert foreign.headline.startswith("路透社")
    # the English stays in the body as a quotation
    assert any("Reuters" in x.text for p in foreign.paragraphs for x in p.sentences)


def test_the_six_item_day_keeps_the_week_old_foreign_report_and_links_its_items(store):
    line = load_line("xinzhi")
    sel, b = build(store, line)                       # the one-event day three weeks before
    store.save_bulletin(b, [ChosenStory(date=DAY.isoformat(), story_key=c.key, headline="", theme=c.theme,
                                        article_urls=c.all_urls) for c in sel.chosen])
    six.fill(store)
    sel = select_day(store, line, six.DAY)
    b = enforce(write_bulletin(sel), sources_from_articles(sel.cited_articles()))
    assert b.verification.dropped == [] and b.verification.headlines_replaced == []
    assert len(b.sections) == 6
    urls = {r.url for r in b.references}
    assert six.FOREIGN.url in urls and not {a.url for a in six.NOISE} & urls
    headlines_ok(b)
    assert 150 <= len(b.abstract) <= 300
    # the provincial rules develop the notice of three weeks before, which is cited as background
    rules = next(s for s in b.sections if six.STORAGE_RULES.url in cited_urls(b, s))
    assert NOTICE.url in cited_urls(b, rules)
    # two items from one issuer on the same day are linked by section number
    texts = [x.text for s in b.sections for p in s.paragraphs for x in p.sentences]
    assert any(re.search(r"国家数据局同日.*（第[一二三四五六]部分）", t) for t in texts)


def test_a_second_line_prints_its_own_name_and_vocabulary(store):
    line = load_line(str(SECOND_LINE))
    sel, b = build(store, line)
    assert b.title == "储能产业观察" and b.sections
    printed = b.model_dump_json() + render_markdown(b)
    assert "新质生产力" not in printed
    assert "储能市场机制" in printed                   # its theme names carry the usage notes and the trend
    assert len(b.sections) <= line.selection.sections


def test_trend_figures_are_the_stores_counts(store):
    sel, b = build(store, load_line("xinzhi"))
    hist = sel.history.of(sel.chosen[0].theme)
    titles = [t for _, t in search.titles_between(store, sel.as_of - timedelta(days=8), sel.as_of,
                                                  fetched_by=sel.as_of + timedelta(days=1))]
    theme = load_line("xinzhi").theme(sel.chosen[0].theme)
    by_hand = [t for t in titles if any(term.lower() in t.lower() for term in theme.terms)
               and not any(n in t for n in theme.negative)]
    assert hist.articles_7 == len(by_hand) > 0
    assert f"等{hist.articles_7}篇" in b.trend and f"30日累计{hist.articles_30}篇" in b.trend
    assert "2026年12月1日起施行" in b.trend        # what to watch: the notice's effective date
    # a figure the writer did not compute does not survive verification
    tampered = b.model_copy(update={"trend": b.trend.replace(f"等{hist.articles_7}篇", f"等{hist.articles_7 + 40}篇")})
    checked = enforce(tampered, sources_from_articles(sel.cited_articles()))
    assert f"等{hist.articles_7 + 40}篇" not in checked.trend
    assert any(d.role == "trend" for d in checked.verification.dropped)


def test_abstract_is_long_enough_and_from_the_sections(store):
    _, b = build(store, load_line("xinzhi"))
    assert 150 <= len(b.abstract) <= 300
    assert b.sections[0].headline.split("：")[-1] in b.abstract      # the day's clearest change leads
    # prose, not fragments: every sentence closes its quotes and brackets and has a clause of its own
    for s in re.split(r"(?<=。)", b.abstract):
        assert not s or (balanced(s) and len(s) >= 12), s
    assert "第二部分" in b.abstract and "第三部分" in b.abstract     # how the angles fit together


def test_references_credit_departments_and_reprints():
    from ribao.catalog import load_catalog
    from ribao.compose.common import attribution, credit

    cat = load_catalog()
    dept = NOTICE.model_copy(update={"url": "https://sjzyj.ah.gov.cn/x/1.html", "publisher": "数据要素处",
                                     "site": "ahsjj", "site_name": "安徽省数据资源管理局"})
    assert credit(dept, cat).publisher == "安徽省数据资源管理局（数据要素处）"
    assert attribution(dept, cat) == "安徽省数据资源管理局数据要素处"
    reprint = REPORT.model_copy(update={"url": "https://www.nea.gov.cn/20261020/zz/c.html", "site": "nea",
                                        "site_name": "国家能源局"})
    c = credit(reprint, cat)
    assert (c.publisher, c.original) == ("国家能源局转载", "中国能源报")
    assert credit(NOTICE, cat).publisher == "国家能源局" and credit(REPORT, cat).publisher == "中国能源报"
