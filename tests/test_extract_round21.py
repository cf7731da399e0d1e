"""The general extractor on the class of round 21 of issue 10: a question shown with its answers
(``zhihu-other-1601`` in ``holdout16/``). Site-neutral markup: schema.org's Question, marked up as
microdata or as a JSON-LD QAPage. The two thread pages fail on the code before this round; the
one-answer pages are guards that pass on both."""
import json

from ribao.catalog import load_catalog
from ribao.extract import ExtractError, extract_page
from test_extract_general import extract
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
