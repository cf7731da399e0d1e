"""What every command shares: the console, the settings, and parsing of user-typed values.

Everything that comes from the web (titles, URLs, error texts) is printed with ``esc`` or as a
``rich.text.Text``, never as markup: a page title holding ``[/x]`` must print as written.
"""
from __future__ import annotations

import re
from datetime import date
from enum import Enum

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ribao.errors import InputError
from ribao.settings import Settings

console = Console(stderr=True, soft_wrap=True)   # log lines are never folded mid-word
out = Console()   # tables a user may pipe (``ribao stories``)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_DAY, MAX_DAY = date(1990, 1, 1), date(2100, 12, 31)


class Writer(str, Enum):
    """Who writes the bulletin's prose."""

    extractive = "extractive"
    llm = "llm"


def settings(ctx: typer.Context) -> Settings:
    """The settings chosen by the global options (``--home``)."""
    return ctx.find_root().obj or Settings.load(None)


def esc(value: object) -> str:
    """``value`` as literal text inside a markup string."""
    return escape(str(value))


def text(value: object, style: str = "") -> Text:
    """``value`` as a literal table cell or line."""
    return Text(str(value), style=style)


def parse_day(value: str | None, option: str = "--date") -> date | None:
    """A calendar day written YYYY-MM-DD, within 1990–2100; anything else is an ``InputError``."""
    if value is None:
        return None
    v = value.strip()
    try:
        if not _ISO_DAY.fullmatch(v):
            raise ValueError
        d = date.fromisoformat(v)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date written YYYY-MM-DD, e.g. 2026-07-15") from None
    if not MIN_DAY <= d <= MAX_DAY:
        raise InputError(f"{option} {value} is outside {MIN_DAY.year}–{MAX_DAY.year}")
    return d
