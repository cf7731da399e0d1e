"""Feishu (飞书) custom bot: an interactive card (JSON 2.0, in the top-level ``card`` field) per
part, the whole request body ≤ 20,000 bytes, signed when a secret is set (HMAC-SHA256 keyed by
``timestamp + "\\n" + secret`` over an empty message, base64; timestamp in seconds, in the body).
A custom bot cannot upload files, so the PDF is reached through the bulletin's link."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

from ribao.deliver.base import DeliveryInput, SendResult, WebhookSender, answer, body_bytes
from ribao.deliver.chat import Block, OverLimit, bulletin_blocks, link, pack, title_line
from ribao.deliver.config import FeishuChannel
from ribao.store.runs import DeliveryRecord, PlannedPart

RETRY_CODES = {11232}              # frequency limited
_PLACEHOLDER = {"timestamp": "0" * 10, "sign": "0" * 44}   # same length as a real timestamp and signature


def sign(timestamp: str, secret: str) -> str:
    key = f"{timestamp}\n{secret}".encode("utf-8")
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


class FeishuSender(WebhookSender):
    config: FeishuChannel

    def url(self) -> str:
        return self.config.secret(self.config.url_env, "the bot's webhook URL")

    def secrets(self) -> list[str]:
        url = self.url()
        out = [url, url.rstrip("/").rsplit("/", 1)[-1]]
        if self.config.secret_env:
            out.append(self.config.secret(self.config.secret_env, "the bot's signing secret"))
        return out

    def card(self, inp: DeliveryInput, part: list[Block], i: int, n: int, last: bool) -> dict:
        title = title_line(inp.bulletin) + (f"（{i}/{n}）" if n > 1 else "")
        if self.config.keyword and self.config.keyword not in title:
            title = f"{self.config.keyword} {title}"
        elements = [{"tag": "markdown", "content": "\n".join([f"**{blk.heading}**", *blk.lines])} for blk in part]
        if last and inp.bulletin_url:
            elements.append({"tag": "markdown", "content": link("阅读全文", inp.bulletin_url)})
        return {"msg_type": "interactive",
                "card": {"schema": "2.0", "config": {"update_multi": True},
                         "header": {"title": {"tag": "plain_text", "content": title}, "template": "blue"},
                         "body": {"elements": elements}}}

    def size(self, body: dict) -> int:
        return len(body_bytes({**_PLACEHOLDER, **body} if self.config.secret_env else body))

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]:
        parts = pack(bulletin_blocks(inp.bulletin),
                     lambda part, i, n, last: self.size(self.card(inp, list(part), i, n, last)), self.config.max_bytes)
        return [PlannedPart(i, len(parts), "message", {"body": self.card(inp, p, i, len(parts), i == len(parts))})
                for i, p in enumerate(parts, 1)]

    def send(self, part: DeliveryRecord) -> SendResult:
        body = dict(part.payload["body"])
        if self.config.secret_env:
            ts = str(int(time.time()))
            body = {"timestamp": ts, "sign": sign(ts, self.config.secret(self.config.secret_env, "signing secret")),
                    **body}
        data = body_bytes(body)
        if len(data) > self.config.max_bytes:
            raise OverLimit(f"the request body is {len(data)} bytes, over {self.config.max_bytes}")
        resp, failed = self.post(self.url(), data)
        if failed:
            return failed
        got = answer(resp)
        code = got.get("code", got.get("StatusCode"))
        if code == 0:
            return SendResult(True, response=resp.text[:500])
        return SendResult(False, retry=code in RETRY_CODES,
                          error=f"code {code}: {got.get('msg', got.get('StatusMessage', ''))}", response=resp.text[:500])
