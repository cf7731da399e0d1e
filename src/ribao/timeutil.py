"""Time helpers: the bulletin's clock is Asia/Shanghai."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")


def to_cst(dt: datetime) -> datetime:
    """An aware datetime in Asia/Shanghai; a naive one is taken as already Beijing time."""
    return dt.replace(tzinfo=CST) if dt.tzinfo is None else dt.astimezone(CST)
