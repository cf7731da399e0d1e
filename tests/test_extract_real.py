"""Extraction on the real-page set (tests/fixtures/realpages: pages saved in public repositories,
labelled by reading them), scored as bench/extract_accuracy.py scores it. The floors are the
figures this code reaches, less about one page each; a change that loses a class of pages fails
here. ``more/`` (round 3), ``extra/`` (held out until round 4), ``holdout3/`` (held out until round
6), ``holdout4/`` (until round 7), ``holdout5/`` to ``holdout11/`` (until rounds 8 to 14), ``holdout2/``
and ``holdout12/`` (until round 14), ``holdout14/`` (until round 15), ``holdout13/`` and ``holdout15/``
(until round 16), ``holdout16/`` (until round 17), ``holdout17/`` (until round 18), ``holdout18/``
(until round 19), ``holdout19/`` to ``holdout27/`` (until round 21) and ``holdout28/``, ``holdout29/``,
``holdout32/`` and ``holdout34/`` to ``holdout39/`` (until round 22) have floors of their own; a folder
in the bench's ``HELD_OUT`` (collected apart, no rule developed on it yet) is only run for internal
errors here, its figures are read from the bench. The tests skip when the set is absent."""
import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "extract_accuracy.py"
# official + media: 89 articles, 31 list/other pages
FLOORS = {"title": 0.98, "published": 0.98, "publisher": 0.98, "doc_no": 0.98, "attachments": 0.98,
          "body_start": 0.95, "body_end": 0.98, "body_length": 0.98, "no_body": 0.96}
# more (round 3, developed on): 39 articles from 12 hosts, 2 list/other pages
MORE_FLOORS = {"title": 0.97, "published": 0.97, "publisher": 0.97, "doc_no": 0.97, "attachments": 0.97,
               "body_start": 0.97, "body_end": 0.97, "body_length": 0.97, "no_body": 0.9}
# extra (held out in rounds 1-3, developed on in round 4): 25 articles from 22 hosts
EXTRA_FLOORS = {"title": 0.96, "published": 0.96, "publisher": 0.84, "doc_no": 0.96, "attachments": 0.96,
                "body_start": 0.92, "body_end": 0.92, "body_length": 0.88}
# holdout3 (held out in round 5, developed on in round 6): 10 articles from 9 hosts, 3 list/other pages
HOLDOUT3_FLOORS = {"title": 0.9, "published": 0.9, "publisher": 0.8, "doc_no": 0.9, "attachments": 0.9,
                   "body_start": 0.8, "body_end": 0.7, "body_length": 0.7, "no_body": 0.6}
# holdout4 (held out in round 6, developed on in round 7): 14 articles from 13 hosts, 2 list/other pages
HOLDOUT4_FLOORS = {"title": 0.92, "published": 0.85, "publisher": 0.78, "doc_no": 0.92, "attachments": 0.85,
                   "body_start": 0.78, "body_end": 0.92, "body_length": 0.92, "no_body": 0.5}
# holdout5 to holdout11 (held out in rounds 7 to 13, developed on in rounds 8 to 14): 68 articles, 24 list/other
LATEST_FLOORS = {"title": 0.95, "published": 0.95, "publisher": 0.95, "doc_no": 0.95, "attachments": 0.95,
                 "body_start": 0.95, "body_end": 0.95, "body_length": 0.95, "no_body": 0.8}
# holdout2 and holdout12 (held out in rounds 4 to 14 and in round 14, developed on in round 15): 32 articles, 7 list/other
ROUND15_FLOORS = {"title": 0.96, "published": 0.96, "publisher": 0.96, "doc_no": 0.96, "attachments": 0.96,
                  "body_start": 0.96, "body_end": 0.96, "body_length": 0.93, "no_body": 0.85}
# holdout14 (held out in round 15, developed on in round 16): 5 articles, 2 list/other; one page less
ROUND16_FLOORS = {"title": 0.8, "published": 0.8, "publisher": 0.8, "doc_no": 0.8, "attachments": 0.8,
                  "body_start": 0.8, "body_end": 0.8, "body_length": 0.8, "no_body": 0.5}
# holdout13 and holdout15 (held out in round 16, developed on in round 17): 18 articles, 3 list/other
ROUND17_FLOORS = {"title": 0.94, "published": 0.94, "publisher": 0.94, "doc_no": 0.94, "attachments": 0.94,
                  "body_start": 0.94, "body_end": 0.94, "body_length": 0.94, "no_body": 0.66}
# holdout16 (held out in round 17, developed on in round 18): 4 blog and Q&A articles, 3 list/other; its
# publisher (the blogger or the answer's author) and a Q&A page's bounds follow conventions the code does not
ROUND18_FLOORS = {"title": 0.75, "published": 0.5, "publisher": 0.25, "doc_no": 0.75, "attachments": 0.75,
                  "body_start": 0.5, "body_end": 0.25, "body_length": 0.75, "no_body": 0.33}
# holdout17 (held out in round 18, developed on in round 19): 10 city and district policy articles
ROUND19_FLOORS = {"title": 0.9, "published": 0.8, "publisher": 0.9, "doc_no": 0.9, "attachments": 0.9,
                  "body_start": 0.9, "body_end": 0.8, "body_length": 0.9, "no_body": 1.0}
# holdout18 (held out in round 19, developed on in round 20): 4 energy-policy articles
ROUND20_FLOORS = {"title": 0.75, "published": 0.75, "publisher": 0.75, "doc_no": 0.75, "attachments": 0.75,
                  "body_start": 0.75, "body_end": 0.75, "body_length": 0.75, "no_body": 1.0}
# holdout19 (held out in round 20) and holdout20 to holdout27 (each measured once while held out in round
# 21), developed on in round 21: 24 articles, 13 list/other; two embassy pages that never name their owner,
# a site named in Latin only and three Hong Kong releases dated and signed only in their closing lines
# keep published and publisher low, a forum topic and a statistics table labelled other keep a body
ROUND21_FLOORS = {"title": 0.95, "published": 0.79, "publisher": 0.7, "doc_no": 0.95, "attachments": 0.95,
                  "body_start": 0.91, "body_end": 0.91, "body_length": 0.91, "no_body": 0.76}

# The folders of round 22 (holdout28, holdout29 and holdout32 to holdout39, each measured once when it
# arrived), developed on in round 22: 34 articles, 8 list/other; four publishers follow a self-media platform's
# channel or the first line's credit, an 编者按 the label keeps, a paid-group promotion and a column's
# promotion under the text, and a photo report whose captions the label leaves out keep the rest low
ROUND22_FLOORS = {"title": 0.95, "published": 0.95, "publisher": 0.85, "doc_no": 0.95, "attachments": 0.95,
                  "body_start": 0.95, "body_end": 0.9, "body_length": 0.95, "no_body": 1.0}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("extract_accuracy", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _rows(bench, sets, least: int = 20):
    labels = bench.load_labels(sets=sets)
    if len(labels) < least:
        pytest.skip(f"the real-page set {sets} (tests/fixtures/realpages) is absent")
    return bench.real_rows(labels, tools=("ribao",))


@pytest.fixture(scope="module")
def rows(bench):
    return _rows(bench, bench.DEV_SETS)


@pytest.fixture(scope="module")
def more_rows(bench):
    return _rows(bench, ("more",))


@pytest.fixture(scope="module")
def extra_rows(bench):
    return _rows(bench, ("extra",))


@pytest.fixture(scope="module")
def holdout3_rows(bench):
    return _rows(bench, ("holdout3",), least=13)


@pytest.fixture(scope="module")
def holdout4_rows(bench):
    return _rows(bench, ("holdout4",), least=16)


@pytest.fixture(scope="module")
def latest_rows(bench):
    return _rows(bench, ("holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10", "holdout11"),
                 least=92)


@pytest.fixture(scope="module")
def round15_rows(bench):
    return _rows(bench, ("holdout2", "holdout12"), least=39)


@pytest.fixture(scope="module")
def round16_rows(bench):
    return _rows(bench, ("holdout14",), least=7)


@pytest.fixture(scope="module")
def round17_rows(bench):
    return _rows(bench, ("holdout13", "holdout15"), least=21)


@pytest.fixture(scope="module")
def round18_rows(bench):
    return _rows(bench, ("holdout16",), least=7)


@pytest.fixture(scope="module")
def round19_rows(bench):
    return _rows(bench, ("holdout17",), least=10)


@pytest.fixture(scope="module")
def round20_rows(bench):
    return _rows(bench, ("holdout18",), least=4)


@pytest.fixture(scope="module")
def round21_rows(bench):
    return _rows(bench, tuple(f"holdout{i}" for i in range(19, 28)), least=37)


@pytest.fixture(scope="module")
def round22_rows(bench):
    return _rows(bench, ("holdout28", "holdout29", "holdout32", "holdout34", "holdout35", "holdout36", "holdout37",
                         "holdout38", "holdout39"), least=42)


@pytest.fixture(scope="module")
def held_out_rows(bench):
    """The held-out folder's rows, or none where it is absent (it is collected apart)."""
    labels = bench.load_labels(sets=bench.HELD_OUT)
    return bench.real_rows(labels, tools=("ribao",)) if labels else []


def _below(bench, rows, floors):
    rates = bench.rates(rows, "ribao")
    got = {f: round(r / n, 3) for f, (r, n) in rates.items()}
    return {f: v for f, v in got.items() if v < floors[f]}, got


def test_every_field_holds_its_floor(bench, rows):
    low, got = _below(bench, rows, FLOORS)
    assert not low, (low, got)


def test_the_round_3_pages_hold_their_floor(bench, more_rows):
    low, got = _below(bench, more_rows, MORE_FLOORS)
    assert not low, (low, got)


def test_the_round_4_pages_hold_their_floor(bench, extra_rows):
    low, got = _below(bench, extra_rows, EXTRA_FLOORS)
    assert not low, (low, got)


def test_the_round_6_pages_hold_their_floor(bench, holdout3_rows):
    low, got = _below(bench, holdout3_rows, HOLDOUT3_FLOORS)
    assert not low, (low, got)


def test_the_round_7_pages_hold_their_floor(bench, holdout4_rows):
    low, got = _below(bench, holdout4_rows, HOLDOUT4_FLOORS)
    assert not low, (low, got)


def test_the_round_8_to_14_pages_hold_their_floor(bench, latest_rows):
    low, got = _below(bench, latest_rows, LATEST_FLOORS)
    assert not low, (low, got)


def test_the_round_15_pages_hold_their_floor(bench, round15_rows):
    low, got = _below(bench, round15_rows, ROUND15_FLOORS)
    assert not low, (low, got)


def test_the_round_16_pages_hold_their_floor(bench, round16_rows):
    low, got = _below(bench, round16_rows, ROUND16_FLOORS)
    assert not low, (low, got)


def test_the_round_17_pages_hold_their_floor(bench, round17_rows):
    low, got = _below(bench, round17_rows, ROUND17_FLOORS)
    assert not low, (low, got)


def test_the_round_18_pages_hold_their_floor(bench, round18_rows):
    low, got = _below(bench, round18_rows, ROUND18_FLOORS)
    assert not low, (low, got)


def test_the_round_19_pages_hold_their_floor(bench, round19_rows):
    low, got = _below(bench, round19_rows, ROUND19_FLOORS)
    assert not low, (low, got)


def test_the_round_20_pages_hold_their_floor(bench, round20_rows):
    low, got = _below(bench, round20_rows, ROUND20_FLOORS)
    assert not low, (low, got)


def test_the_round_21_pages_hold_their_floor(bench, round21_rows):
    low, got = _below(bench, round21_rows, ROUND21_FLOORS)
    assert not low, (low, got)


def test_the_round_22_pages_hold_their_floor(bench, round22_rows):
    low, got = _below(bench, round22_rows, ROUND22_FLOORS)
    assert not low, (low, got)


def test_no_page_raises_or_hits_an_internal_error(rows, more_rows, extra_rows, holdout3_rows, holdout4_rows,
                                                  latest_rows, round15_rows, round16_rows, round17_rows,
                                                  round18_rows, round19_rows, round20_rows, round21_rows,
                                                  round22_rows, held_out_rows):
    every = [*rows, *more_rows, *extra_rows, *holdout3_rows, *holdout4_rows, *latest_rows, *round15_rows,
             *round16_rows, *round17_rows, *round18_rows, *round19_rows, *round20_rows, *round21_rows,
             *round22_rows, *held_out_rows]
    assert not [r.label.id for r in every
                if r.got["ribao"].error.startswith("internal error")]


def test_corrections_name_real_pages_and_fields(bench):
    """Every correction names a labelled page and one of its fields, and says why."""
    if not bench.CORRECTIONS.exists():
        pytest.skip("no corrections")
    every = (*bench.DEV_SETS, *bench.MORE, *bench.HELD_OUT)
    ids = {lab.id for lab in bench.load_labels(corrections=Path("/nonexistent"), sets=every)}
    for line in bench.CORRECTIONS.read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        assert c["id"] in ids and c["field"] in bench.Label.__dataclass_fields__ and c["reason"].strip()


def test_corrections_are_applied(bench):
    """The bench scores the corrected value, not the label's."""
    if not bench.CORRECTIONS.exists():
        pytest.skip("no corrections")
    fixes = [json.loads(line) for line in bench.CORRECTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {lab.id: lab for lab in bench.load_labels(sets=(*bench.DEV_SETS, *bench.MORE, *bench.HELD_OUT))}
    for c in fixes:
        assert getattr(by_id[c["id"]], c["field"]) == c["value"]
