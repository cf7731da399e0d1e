"""WeCom (企业微信) group robot: markdown messages of ≤ 4,096 UTF-8 bytes, split at section
boundaries and numbered, the last linking the full bulletin; optionally the PDF as a file
(``upload_media``, 5 B – 20 MB). No signature: the key in the URL is the credential."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ribao.deliver.base import DeliveryInput, SendResult, WebhookSender, answer, body_bytes
from ribao.deliver.chat import Block, OverLimit, bulletin_blocks, link, pack, title_line
from ribao.deliver.config import WeComChannel
from ribao.store.runs import DeliveryRecord, PlannedPart

RETRY_CODES = {-1, 45009}          # system busy; api freq out of limit
MAX_FILE, MIN_FILE = 20 * 1024 * 1024, 5


class WeComSender(WebhookSender):
    config: WeComChannel

    def url(self) -> str:
        return self.config.secret(self.config.url_env, "the robot's webhook URL with its key")

    def secrets(self) -> list[str]:
        url = self.url()
        return [url, *(v for k, v in parse_qsl(urlsplit(url).query) if k == "key")]

    def content(self, inp: DeliveryInput, part: list[Block], i: int, n: int, last: bool) -> str:
        b = inp.bulletin
        lines = [f"**{title_line(b)}**" + (f"（{i}/{n}）" if n > 1 else "")]
        for blk in part:
            lines.append(f"### {blk.heading}")
            lines.extend(blk.lines)
        if last and inp.bulletin_url:
            lines.append(link("阅读全文", inp.bulletin_url))
        return "\n".join(lines)

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]:
        fmt, limit = self.config.format, self.config.max_bytes
        parts = pack(bulletin_blocks(inp.bulletin),
                     lambda part, i, n, last: len(self.content(inp, list(part), i, n, last).encode("utf-8")), limit)
        pdf = inp.files.get("pdf")
        with_file = self.config.attach_pdf and pdf is not None
        total = len(parts) + with_file
        out = [PlannedPart(i, total, "message",
                           {"body": {"msgtype": fmt, fmt: {"content": self.content(inp, p, i, len(parts), i == len(parts))}}})
               for i, p in enumerate(parts, 1)]
        if with_file:
            out.append(PlannedPart(total, total, "file",
                                   {"path": str(pdf), "filename": f"{inp.bulletin.title}-{inp.bulletin.date}.pdf"}))
        return out

    def send(self, part: DeliveryRecord) -> SendResult:
        if part.kind == "file":
            return self._send_file(part.payload)
        body = part.payload["body"]
        content = body[body["msgtype"]]["content"]
        if len(content.encode("utf-8")) > self.config.max_bytes:   # pre-flight: never send what the robot refuses
            raise OverLimit(f"markdown.content is {len(content.encode('utf-8'))} bytes, over {self.config.max_bytes}")
        return self._post(body)

    def _post(self, body: dict) -> SendResult:
        resp, failed = self.post(self.url(), body_bytes(body))
        if failed:
            return failed
        got = answer(resp)
        code = got.get("errcode")
        if code == 0:
            return SendResult(True, response=resp.text[:500])
        return SendResult(False, retry=code in RETRY_CODES, error=f"errcode {code}: {got.get('errmsg', '')}",
                          response=resp.text[:500])

    def _send_file(self, payload: dict) -> SendResult:
        path = Path(payload["path"])
        try:
            data = path.read_bytes()
        except OSError as e:
            return SendResult(False, error=f"cannot read {path.name}: {e.strerror or e}")
        if not MIN_FILE <= len(data) <= MAX_FILE:
            return SendResult(False, error=f"{path.name} is {len(data)} bytes; a robot file must be 5 B – 20 MB")
        resp, failed = self.post(self._upload_url(), b"", files={"media": (payload["filename"], data, "application/pdf")})
        if failed:
            return failed
        got = answer(resp)
        if got.get("errcode") != 0 or not got.get("media_id"):
            return SendResult(False, retry=got.get("errcode") in RETRY_CODES,
                              error=f"upload_media errcode {got.get('errcode')}: {got.get('errmsg', '')}",
                              response=resp.text[:500])
        return self._post({"msgtype": "file", "file": {"media_id": got["media_id"]}})

    def _upload_url(self) -> str:
        parts = urlsplit(self.url())
        path = parts.path.rsplit("/", 1)[0] + "/upload_media"
        query = urlencode([*((k, v) for k, v in parse_qsl(parts.query) if k != "type"), ("type", "file")])
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
