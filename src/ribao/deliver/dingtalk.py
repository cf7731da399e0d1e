"""DingTalk (钉钉) custom robot: markdown or actionCard messages, the whole body ≤ 20,000 bytes,
signed when a secret is set (加签: timestamp in milliseconds; HMAC-SHA256 of
``timestamp + "\\n" + secret`` keyed by the secret, base64, then URL-encoded; both in the query,
rebuilt for every send). Past 20 messages a minute the robot is throttled for 10 minutes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import parse_qsl, quote_plus, urlsplit

from ribao.deliver.base import DeliveryInput, SendResult, WebhookSender, answer, body_bytes
from ribao.deliver.chat import Block, OverLimit, bulletin_blocks, link, pack, title_line
from ribao.deliver.config import DingTalkChannel
from ribao.render import safe_href
from ribao.store.runs import DeliveryRecord, PlannedPart

RETRY_CODES = {-1, 130101}         # system busy; sending too fast
THROTTLED = 410100                 # throttled for 10 minutes: not waited for within a run


def sign(timestamp: str, secret: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(mac).decode("ascii"))


class DingTalkSender(WebhookSender):
    config: DingTalkChannel

    def url(self) -> str:
        return self.config.secret(self.config.url_env, "the robot's webhook URL with its access token")

    def secrets(self) -> list[str]:
        url = self.url()
        out = [url, *(v for k, v in parse_qsl(urlsplit(url).query) if k == "access_token")]
        if self.config.secret_env:
            out.append(self.config.secret(self.config.secret_env, "the robot's signing secret"))
        return out

    def title(self, inp: DeliveryInput, i: int, n: int) -> str:
        title = title_line(inp.bulletin) + (f"（{i}/{n}）" if n > 1 else "")
        return f"{self.config.keyword} {title}" if self.config.keyword and self.config.keyword not in title else title

    def body(self, inp: DeliveryInput, part: list[Block], i: int, n: int, last: bool) -> dict:
        title = self.title(inp, i, n)
        card = self.config.format == "actionCard" and safe_href(inp.bulletin_url) is not None
        text = [f"#### {title}"]
        for blk in part:
            text.append(f"### {blk.heading}")
            text.append("  \n".join(blk.lines))
        if last and inp.bulletin_url and not card:
            text.append(link("阅读全文", inp.bulletin_url))
        md = "\n\n".join(text)
        if card and last:   # the last part's button opens the full bulletin
            return {"msgtype": "actionCard", "actionCard": {"title": title, "text": md, "singleTitle": "阅读全文",
                                                            "singleURL": safe_href(inp.bulletin_url)}}
        return {"msgtype": "markdown", "markdown": {"title": title, "text": md}}

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]:
        parts = pack(bulletin_blocks(inp.bulletin),
                     lambda part, i, n, last: len(body_bytes(self.body(inp, list(part), i, n, last))),
                     self.config.max_bytes)
        return [PlannedPart(i, len(parts), "message", {"body": self.body(inp, p, i, len(parts), i == len(parts))})
                for i, p in enumerate(parts, 1)]

    def send(self, part: DeliveryRecord) -> SendResult:
        data = body_bytes(part.payload["body"])
        if len(data) > self.config.max_bytes:
            raise OverLimit(f"the request body is {len(data)} bytes, over {self.config.max_bytes}")
        url = self.url()
        if self.config.secret_env:
            ts = str(int(time.time() * 1000))
            secret = self.config.secret(self.config.secret_env, "signing secret")
            url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={sign(ts, secret)}"
        resp, failed = self.post(url, data)
        if failed:
            return failed
        got = answer(resp)
        code = got.get("errcode")
        if code == 0:
            return SendResult(True, response=resp.text[:500])
        return SendResult(False, retry=code in RETRY_CODES or code == THROTTLED,
                          retry_after=600.0 if code == THROTTLED else None,
                          error=f"errcode {code}: {got.get('errmsg', '')}", response=resp.text[:500])
