"""The run's log: human lines on stderr, or JSON lines (one object per event) for a collector.

Each event is a ``logging`` record of the ``ribao`` logger with an ``event`` name and fields in
``extra`` (``stage``, ``seconds``, ``channel``…). The JSON formatter is a few lines over the
standard library rather than a dependency. Nothing secret is ever passed to the log: delivery
redacts webhook URLs and keys before it logs.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc = {"ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name,
               "event": getattr(record, "event", "log"), "msg": record.getMessage()}
        doc.update({k: v for k, v in vars(record).items() if k not in _STANDARD and k != "event"})
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner swaps it per command)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class Lines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S")


def configure(fmt: str = "text", *, level: int = logging.INFO) -> None:
    """Send the ``ribao`` logger's records to stderr as text or JSON lines."""
    logger = logging.getLogger("ribao")
    for h in list(logger.handlers):
        if getattr(h, "_ribao", False):
            logger.removeHandler(h)
    handler = _Stderr()
    handler._ribao = True   # type: ignore[attr-defined]
    handler.setFormatter(JsonLines() if fmt == "json" else Lines())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
