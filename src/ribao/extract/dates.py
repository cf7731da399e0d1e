"""Publish-time parsing for the forms Chinese official and media pages use.

Every result is aware, in Asia/Shanghai, with a precision: "minute" when the text shows a
time, "day" when it shows only the date (the page is then represented as that date at 00:00).
Forms: 2026-06-27 15:30, 2026/06/27, 2026.06.27, 2026年06月27日08:21, 2026年6月27日 15时30分,
gov.cn's 2026-06-27-15:30:00, ISO 8601 with an offset or Z (converted) or without one (Beijing
time), a date followed by a time in a named zone (格林尼治标准时间10:41, converted), "June 27, 2026"
(and "September 10th, 2005 10:56 am"), the US form of ASP sites' records ("7/5/2005 9:23:57 PM", month
first), and (``epoch_stamp``) a script's Unix time.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from ribao.timeutil import CST

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})")
# The separators agree: 2026年6月27日, 2026-06-27, 2026/6/27, 2026.6.27 — never 2018年1-5月 (a range of months).
_CN = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月|([-/.])\s*(\d{1,2})\s*\3)\s*(\d{1,2})\s*日?"
                 r"(?:(?:\s*|[T-])(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?")
# A time after the date with its zone named (BBC 中文: "2012年12月10日, 格林尼治标准时间10:41").
_ZONED = re.compile(r"[\s,，]*(格林尼治标准时间|格林尼治时间|世界标准时间|GMT|UTC|北京时间)\s*(\d{1,2})[:：](\d{2})")
_EN_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
# June 27, 2026; Saturday, September 10th, 2005   10:56 am (a blog's post line: ordinal day, 12-hour time)
_EN = re.compile(r"(" + "|".join(_EN_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})"
                 r"(?:[\s,]*(?:at\s+)?(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?(?![\w:])"
                 r"(?:\s*(UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)?)?", re.I)
# 7/5/2005 9:23:57 PM: month first, a 12-hour time (what an ASP/.NET site prints for a US locale)
_US = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
                 r"(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([AP])\.?M\.?)?(?![\w:]))?", re.I)


class Stamp(NamedTuple):
    when: datetime
    precision: str  # "minute" | "day"


def parse_datetime(text: str | None) -> Stamp | None:
    """The first date (and time, if shown) in ``text``; None when there is none or it is invalid."""
    if not text:
        return None
    m = _ISO.search(text) if "Z" in text or "+" in text or text.count("-") > 2 else None  # a zone is written
    if m:
        y, mo, d, h, mi, s, tz = m.groups()
        off = timezone.utc if tz == "Z" else _offset(tz)
        try:
            dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=off)
        except ValueError:
            return None
        return Stamp(dt.astimezone(CST), "minute")
    m = _CN.search(text)
    if m:
        y, mo_cn, _, mo_sep, d, h, mi, s = m.groups()
        mo = mo_cn or mo_sep
        zone = CST
        if h is None and (z := _ZONED.match(text, m.end())):  # 2012年12月10日, 格林尼治标准时间10:41
            h, mi = z.group(2), z.group(3)
            zone = CST if z.group(1) == "北京时间" else timezone.utc
        try:
            if h is not None and int(h) < 24:
                return Stamp(datetime(int(y), int(mo), int(d), int(h), int(mi), tzinfo=zone).astimezone(CST), "minute")
            return Stamp(datetime(int(y), int(mo), int(d), tzinfo=CST), "day")
        except ValueError:
            return None
    m = _EN.search(text)
    if m:
        try:
            day = datetime(int(m.group(3)), _EN_MONTHS[m.group(1).lower()], int(m.group(2)), tzinfo=CST)
            if m.group(4) is None:
                return Stamp(day, "day")
            h, mi, half = int(m.group(4)), int(m.group(5)), (m.group(6) or "").lower()[:1]
            if (half and not 1 <= h <= 12) or h > 23 or mi > 59:
                return Stamp(day, "day")
            h = h % 12 + (12 if half == "p" else 0) if half else h
            if m.group(7):  # 08:48 AM UTC, 10:00 GMT+8: the zone shown
                sign = -1 if m.group(8) == "-" else 1
                zone = timezone(sign * timedelta(hours=int(m.group(9) or 0), minutes=int(m.group(10) or 0)))
                return Stamp(day.replace(hour=h, minute=mi, tzinfo=zone).astimezone(CST), "minute")
            return Stamp(day.replace(hour=h, minute=mi), "minute")
        except ValueError:
            return None
    m = _US.search(text)
    if m:
        mo, d, y, h, mi, half = m.groups()
        try:
            day = datetime(int(y), int(mo), int(d), tzinfo=CST)
            if h is None or (half and not 1 <= int(h) <= 12) or int(h) > 23 or int(mi) > 59:
                return Stamp(day, "day")
            hour = int(h) % 12 + (12 if half.upper() == "P" else 0) if half else int(h)
            return Stamp(day.replace(hour=hour, minute=int(mi)), "minute")
        except ValueError:
            return None
    return None


_EPOCH = re.compile(r"^1[0-9]{9}$")  # seconds since 1970: 2001-09 to 2033-05


def epoch_stamp(text: str) -> Stamp | None:
    """A Unix time in seconds (a script's ``ct = "1521408600"``), at the minute."""
    text = text.strip()
    if not _EPOCH.match(text):
        return None
    return Stamp(datetime.fromtimestamp(int(text), timezone.utc).astimezone(CST).replace(second=0), "minute")


def _offset(tz: str) -> timezone:
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
