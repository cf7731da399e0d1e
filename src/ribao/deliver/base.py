"""The contract between the delivery log and a channel, and the HTTP plumbing webhooks share.

A channel *plans* (renders the bulletin into its messages, each within its platform's limit,
as JSON kept in the delivery log) and *sends* one planned message, saying whether it was
confirmed and, if not, whether trying again could help.
"""
from __future__ import annotations

import email.utils
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import httpx

from ribao.deliver.config import ChannelBase
from ribao.models import Bulletin
from ribao.store.runs import DeliveryRecord, PlannedPart


@dataclass(frozen=True)
class DeliveryInput:
    """What every channel renders from: the bulletin, where it is online, its rendered files."""

    bulletin: Bulletin
    bulletin_url: str = ""
    files: dict[str, Path] = field(default_factory=dict)   # pdf, email_html, email_text, …


@dataclass(frozen=True)
class SendResult:
    ok: bool
    retry: bool = False                 # a later attempt may succeed (network, 5xx, rate limit)
    error: str = ""
    response: str = ""                  # the platform's answer, for the log
    retry_after: float | None = None    # seconds the platform asked us to wait
    unconfirmed: bool = False           # it left, but no answer came back: it may have arrived


class Sender(Protocol):
    config: ChannelBase

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]: ...

    def send(self, part: DeliveryRecord) -> SendResult: ...

    def secrets(self) -> list[str]: ...

    def close(self) -> None: ...


def body_bytes(body: dict) -> bytes:
    """The one serialisation of a JSON request: what is measured against a limit is what is sent."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class WebhookSender:
    """A JSON-over-HTTPS robot: one client per channel, errors turned into :class:`SendResult`."""

    def __init__(self, config: ChannelBase) -> None:
        self.config = config
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.config.timeout_s, follow_redirects=False,
                                        headers={"User-Agent": "ribao-delivery"})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def post(self, url: str, content: bytes, *, headers: dict[str, str] | None = None,
             files: dict | None = None) -> tuple[httpx.Response | None, SendResult | None]:
        """POST; a failure without an answer is a result: retryable if the request never arrived,
        unconfirmed if it did. Error texts are ribao's own: an exception's text may hold the URL."""
        try:
            if files is not None:
                resp = self.client.post(url, files=files, headers=headers)
            else:
                resp = self.client.post(url, content=content,
                                        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
                httpx.WriteTimeout) as e:   # the request never arrived whole: safe to send again
            return None, SendResult(False, retry=True, error=f"not sent: {type(e).__name__}")
        except httpx.HTTPError as e:   # ReadTimeout, ReadError, RemoteProtocolError: sent, no answer
            return None, SendResult(False, unconfirmed=True, error=f"sent, but no answer came back: {type(e).__name__}")
        if resp.status_code == 429 or resp.status_code >= 500:
            return resp, SendResult(False, retry=True, error=f"HTTP {resp.status_code}",
                                    response=resp.text[:500], retry_after=retry_after(resp))
        if resp.status_code >= 400:
            return resp, SendResult(False, error=f"HTTP {resp.status_code}", response=resp.text[:500])
        return resp, None


def answer(resp: httpx.Response) -> dict:
    """The platform's JSON answer ({} when it is not JSON)."""
    try:
        got = resp.json()
    except ValueError:
        return {}
    return got if isinstance(got, dict) else {}
