"""Delivery with a ledger: plan every message once, send each at most once, retry with backoff,
keep to the platform's rate, and say what happened to each.

Per channel: parts left ``sending`` by a dead run become ``unconfirmed`` (they may have
arrived; ribao never sends a message twice on its own), the plan is made or reused, then parts
go in order. A part that fails after its retries stops the channel (later parts wait, so a
reader never gets 3/3 before 2/3); the next run resumes there. One channel's failure never
touches another's, and delivery never raises for a channel's sake.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Sequence

from ribao.deliver.base import DeliveryInput, Sender, SendResult
from ribao.errors import RibaoError
from ribao.models import Bulletin
from ribao.run.report import DeliveryReport
from ribao.store import Store
from ribao.store.runs import RunStore

log = logging.getLogger("ribao.deliver")


def bulletin_sha(b: Bulletin) -> str:
    """The bulletin version a plan was made from (generation time aside)."""
    doc = b.model_dump(mode="json", exclude={"generated_at"})
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


class Redactor:
    """Removes secrets (webhook URLs, keys, passwords) from every text that is logged or stored."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "***")
        return text


@dataclass
class RateLimiter:
    """At most ``per_minute`` sends in any 60 s and ``per_second`` in any 1 s, remembering the
    channel's sends of the last minute from the ledger (so a rerun does not burst past the limit)."""

    per_minute: int | None
    per_second: int | None
    history: list[float] = field(default_factory=list)
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep

    def wait(self) -> None:
        while True:
            now = self.clock()
            self.history = [t for t in self.history if t > now - 60]
            waits = []
            if self.per_minute and len(self.history) >= self.per_minute:
                waits.append(self.history[-self.per_minute] + 60 - now)
            recent = [t for t in self.history if t > now - 1]
            if self.per_second and len(recent) >= self.per_second:
                waits.append(recent[-self.per_second] + 1 - now)
            if not waits or max(waits) <= 0:
                return
            self.sleep(max(waits))

    def record(self) -> None:
        self.history.append(self.clock())


def deliver(store: Store, day: date, inp: DeliveryInput, senders: Sequence[Sender], *,
            resend_unconfirmed: bool = False, sleep: Callable[[float], None] = time.sleep,
            clock: Callable[[], float] = time.time) -> list[DeliveryReport]:
    """Send the bulletin through every sender; one report per channel."""
    runs = RunStore(store)
    line = inp.bulletin.line
    sha = bulletin_sha(inp.bulletin)
    reports = []
    for sender in senders:
        cfg = sender.config
        rep = DeliveryReport(channel=cfg.id, type=cfg.type)
        reports.append(rep)
        done = runs.planned(line, day, cfg.id)
        if done and all(r.status == "sent" for r in done):   # nothing left: no secret, no render needed
            rep.parts = rep.already = len(done)
            sender.close()
            continue
        redact = Redactor([])
        try:
            redact = Redactor(sender.secrets())
            runs.abandoned_to_unconfirmed(line, day, cfg.id)
            records = runs.plan(line, day, cfg.id, sha, lambda: sender.plan(inp))
        except RibaoError as e:   # a missing secret, a message that cannot fit: this channel only
            rep.errors.append(redact(str(e)))
            log.warning("delivery %s: %s", cfg.id, redact(str(e)), extra={"event": "delivery.error", "channel": cfg.id})
            sender.close()
            continue
        rep.parts = len(records)
        if records and records[0].bulletin_sha != sha:
            rep.errors.append("planned from an earlier version of the bulletin, which had begun to go out; "
                              "the rest follows that plan")
        since = datetime.now(timezone.utc) - timedelta(seconds=60)
        limiter = RateLimiter(cfg.per_minute, cfg.per_second,
                              [t.timestamp() for t in runs.sent_times(cfg.id, since)], clock=clock, sleep=sleep)
        stopped = False
        try:
            for rec in records:
                if rec.status == "sent":
                    rep.already += 1
                elif rec.status == "unconfirmed" and not resend_unconfirmed:
                    rep.unconfirmed += 1
                    rep.errors.append(f"part {rec.part}/{rec.parts}: {rec.last_error}")
                elif stopped:
                    rep.pending += 1
                else:
                    ok = _send(runs, sender, rec, limiter, rep, redact, sleep)
                    stopped = not ok
        finally:
            sender.close()
        log.info("delivery %s: %d parts, %d sent, %d already, %d failed, %d unconfirmed", cfg.id, rep.parts,
                 rep.sent, rep.already, rep.failed, rep.unconfirmed,
                 extra={"event": "delivery.channel", "channel": cfg.id, "parts": rep.parts, "sent": rep.sent,
                        "already": rep.already, "failed": rep.failed, "unconfirmed": rep.unconfirmed})
    return reports


def _send(runs: RunStore, sender: Sender, rec, limiter: RateLimiter, rep: DeliveryReport,
          redact: Redactor, sleep: Callable[[float], None]) -> bool:
    """One part, with retries; returns whether the channel may go on to the next part."""
    cfg = sender.config
    attempts = rec.attempts
    for attempt in range(cfg.retries + 1):
        limiter.wait()
        attempts += 1
        runs.set_status(rec.id, "sending", attempts=attempts)
        try:
            res = sender.send(rec)
        except RibaoError as e:   # refused before it left (over the limit, a secret missing)
            res = SendResult(False, error=str(e))
        limiter.record()
        error, response = redact(res.error), redact(res.response)
        if res.ok:
            runs.set_status(rec.id, "sent", response=response, error=error)
            rep.sent += 1
            log.info("delivery %s part %d/%d sent", cfg.id, rec.part, rec.parts,
                     extra={"event": "delivery.sent", "channel": cfg.id, "part": rec.part, "parts": rec.parts})
            return True
        if res.unconfirmed:
            runs.set_status(rec.id, "unconfirmed", error=error, response=response)
            rep.unconfirmed += 1
            rep.errors.append(f"part {rec.part}/{rec.parts}: {error}")
            return True
        wait = res.retry_after if res.retry_after is not None else min(cfg.backoff_s * 2 ** attempt, cfg.max_backoff_s)
        if res.retry and attempt < cfg.retries and wait <= cfg.max_backoff_s:
            log.info("delivery %s part %d/%d: %s; retry in %.1f s", cfg.id, rec.part, rec.parts, error, wait,
                     extra={"event": "delivery.retry", "channel": cfg.id, "part": rec.part, "error": error})
            runs.set_status(rec.id, "failed", error=error, response=response)
            sleep(wait)
            continue
        runs.set_status(rec.id, "failed", error=error, response=response)
        rep.failed += 1
        rep.errors.append(f"part {rec.part}/{rec.parts}: {error}" + (f" ({response[:200]})" if response else ""))
        log.warning("delivery %s part %d/%d failed: %s", cfg.id, rec.part, rec.parts, error,
                    extra={"event": "delivery.failed", "channel": cfg.id, "part": rec.part, "error": error})
        return False
    return False
