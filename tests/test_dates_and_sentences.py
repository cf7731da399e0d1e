from datetime import datetime

import pytest

from ribao.compose.sentences import split_sentences
from ribao.extract.dates import parse_datetime
from ribao.timeutil import CST


@pytest.mark.parametrize("text,expected,precision", [
    ("发布时间：2026-06-27 15:30", datetime(2026, 6, 27, 15, 30, tzinfo=CST), "minute"),
    ("2026/06/27", datetime(2026, 6, 27, tzinfo=CST), "day"),
    ("2026年06月27日08:21 | 来源：人民日报", datetime(2026, 6, 27, 8, 21, tzinfo=CST), "minute"),
    ("日期：2026.06.27", datetime(2026, 6, 27, tzinfo=CST), "day"),
    ("2026-07-13T08:48:00Z", datetime(2026, 7, 13, 16, 48, tzinfo=CST), "minute"),
    ("July 13, 2026", datetime(2026, 7, 13, tzinfo=CST), "day"),
])
def test_date_forms(text, expected, precision):
    st = parse_datetime(text)
    assert st is not None and st.when == expected and st.precision == precision
    assert st.when.utcoffset().total_seconds() == 8 * 3600


def test_invalid_dates_are_none():
    assert parse_datetime("2026-13-45") is None
    assert parse_datetime("no date here") is None


def test_sentence_split_respects_titles_and_decimals():
    text = "印发《关于推动“人工智能+制造”高质量发展的实施意见。试行》。增长3.5%。目标是什么？“很好。”他说。"
    assert split_sentences(text) == ["印发《关于推动“人工智能+制造”高质量发展的实施意见。试行》。", "增长3.5%。",
                                     "目标是什么？", "“很好。”他说。"]


def test_english_sentences():
    assert split_sentences("Output rose 3.5 percent. Analysts said more.") == [
        "Output rose 3.5 percent.", "Analysts said more."]
