"""A generic JSON webhook: the bulletin's summary and links in one POST, for whatever the
receiver does with it. Signed when a secret is set: ``X-Ribao-Signature: sha256=<hex HMAC of the
body>``; ``X-Ribao-Delivery`` names the message so a receiver can drop a repeat."""
from __future__ import annotations

import hashlib
import hmac

from ribao.deliver.base import DeliveryInput, SendResult, WebhookSender, body_bytes
from ribao.deliver.chat import OverLimit
from ribao.deliver.config import WebhookChannel
from ribao.render import safe_href
from ribao.store.runs import DeliveryRecord, PlannedPart


def summary(inp: DeliveryInput) -> dict:
    """The webhook's JSON document (documented in docs/operations.md)."""
    b = inp.bulletin
    return {"type": "ribao.bulletin", "line": b.line, "date": b.date.isoformat(), "title": b.title,
            "subtitle": b.subtitle, "abstract": b.abstract, "trend": b.trend,
            "sections": [{"number": s.number, "headline": s.headline, "theme": s.theme,
                          "sources": [u for u in s.sources if safe_href(u)]} for s in b.sections],
            "references": [{"n": r.n, "publisher": r.publisher, "title": r.title, "date": r.date,
                            "url": safe_href(r.url) or "", "archived": safe_href(r.archived) or ""} for r in b.references],
            "url": safe_href(inp.bulletin_url) or ""}


def signature(secret: str, data: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), data, hashlib.sha256).hexdigest()


class JsonWebhookSender(WebhookSender):
    config: WebhookChannel

    def url(self) -> str:
        return self.config.secret(self.config.url_env, "the webhook URL")

    def secrets(self) -> list[str]:
        out = [self.url()]
        if self.config.secret_env:
            out.append(self.config.secret(self.config.secret_env, "the webhook's signing secret"))
        return out

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]:
        body = summary(inp)
        if len(body_bytes(body)) > self.config.max_bytes:
            raise OverLimit(f"the summary is {len(body_bytes(body))} bytes, over {self.config.max_bytes}")
        return [PlannedPart(1, 1, "message", {"body": body})]

    def send(self, part: DeliveryRecord) -> SendResult:
        data = body_bytes(part.payload["body"])
        headers = {"X-Ribao-Delivery": f"{part.payload['body']['line']}/{part.payload['body']['date']}/"
                                       f"{self.config.id}/{part.part}"}
        if self.config.secret_env:
            headers["X-Ribao-Signature"] = signature(self.config.secret(self.config.secret_env, "signing secret"), data)
        resp, failed = self.post(self.url(), data, headers=headers)
        if failed:
            return failed
        return SendResult(True, response=resp.text[:500])
