"""The general extractor on the classes of round 9 of issue 10 (``holdout6/`` developed on). One
small page per class, with site-neutral markup; each fails on the code before this round."""
import pytest

from test_extract_general import extract, page
from test_extract_round8 import NEWS, TITLE, _paras


def _script_box(times: int) -> str:
    """A side box whose entries are data in a script, each with its time of day (shown by the script)."""
    items = ",".join(f'{{"title": "某某新闻标题第{i}条", "time": "07-15 {9 + i % 10:02d}:{i:02d}"}}' for i in range(times))
    return f'<div class="side"><script>var hot = [{items}];</script><ul id="hot"></ul></div>'


def test_a_short_report_beside_a_scripts_timed_entries_is_an_article():
    """A short report (under 400 characters) whose side box holds twenty timed entries only inside a
    <script>: no reader sees those times, so the text is no post among timestamped replies."""
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30　来源：某某日报</div>", body=_paras(NEWS),
                     after=_script_box(20), title=f"{TITLE}_某某网"))
    assert a.body == NEWS
    assert a.publisher == "某某日报"


def test_the_same_times_shown_make_it_a_thread():
    """The guard: the same twenty times shown as the replies' lines keep the short text a thread's post."""
    replies = "".join(f"<div class='r'><p>回复第{i}楼的内容</p><span>07-15 {9 + i % 10:02d}:{i:02d}</span></div>"
                      for i in range(20))
    from ribao.catalog import load_catalog
    from ribao.extract import ExtractError, extract_page
    got = extract_page(page(before=f"<h1>{TITLE}</h1>", body=_paras(NEWS), after=replies, title=f"{TITLE}_某某网"),
                       "https://www.example-news.cn/2026/07/15/a1.html", catalog=load_catalog())
    assert isinstance(got, ExtractError) and "timestamped" in got.reason


@pytest.mark.parametrize("credit", ["文章由某某邦整合自某某财讯、某某报等", "（文章来自某某日报客户端）"])
def test_a_note_that_the_article_was_compiled_from_others_closes_no_text(credit):
    """The portal's note under the text that it compiled the article from other outlets (文章由X整合自Y、Z等)
    is a credit like 本文来自…, not the last sentence — also with the portal's source line under it."""
    foot = '<p></p><div class="src"><a href="/">某某科技</a> 本文来源：某某邦 责任编辑：王某_NT1234</div>'
    a = extract(page(before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>",
                     body=_paras(NEWS) + f"<p>{credit}</p>" + foot, title=f"{TITLE}_某某网"))
    assert a.body == NEWS


def test_an_organ_the_cms_repeats_in_the_source_field_is_named_once():
    """ContentSource "某某市统计局 国家统计局某某调查总队 某某市统计局" (the CMS appended the site's organ to
    the joint issuers): each organ once, in the order shown."""
    meta = '<meta name="ContentSource" content="某某市统计局 国家统计局某某调查总队 某某市统计局">'
    a = extract(page(head=meta, before=f"<h1>{TITLE}</h1><div>2026-07-15 09:30</div>", body=_paras(NEWS),
                     title=f"{TITLE}_某某网"))
    assert a.publisher == "某某市统计局 国家统计局某某调查总队"
