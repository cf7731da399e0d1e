"""Local stand-ins for the delivery platforms, over real HTTP and SMTP on 127.0.0.1.

``Platforms`` serves the WeCom group robot, the Feishu custom bot, the DingTalk custom robot and
a generic webhook on one port, each checking what its platform documents: the key or token,
the payload shape, the size limit (UTF-8 bytes), the signature (Feishu: HMAC-SHA256 keyed by
``ts\\nsecret`` over nothing, seconds; DingTalk: HMAC-SHA256 of ``ts\\nsecret`` keyed by the
secret, milliseconds, URL-encoded in the query), the rate limit, and answering the platform's
error codes (WeCom 40058, Feishu 19021 / 9499, DingTalk 310000 / 460101 …). What each accepted is
kept in ``accepted`` (what a reader would see), what it refused in ``refused``.

Faults: ``fail_next[platform]`` answers the next requests with an HTTP status; ``drop_next``
reads a request, records it as accepted, and closes the connection without answering (a
message that arrived but whose answer never came back); ``stop()`` takes the server down.

``SmtpServer`` is aiosmtpd on 127.0.0.1 with optional implicit TLS or STARTTLS and AUTH.
"""
from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WECOM_KEY, FEISHU_TOKEN, DINGTALK_TOKEN = "wecom-key-0123456789", "feishu-token-abcdef", "dingtalk-token-xyz"


@dataclass
class Received:
    platform: str
    body: dict
    headers: dict[str, str]
    query: dict[str, str]
    size: int
    at: float
    code: int = 0          # the platform's answer code (0 = accepted)

    @property
    def text(self) -> str:
        """The message's readable text (markdown content, card markdown, DingTalk text)."""
        b = self.body
        if self.platform == "wecom":
            t = b.get("msgtype")
            return b.get(t, {}).get("content", "") if isinstance(b.get(t), dict) else ""
        if self.platform == "feishu":
            els = b.get("card", {}).get("body", {}).get("elements", [])
            return b.get("card", {}).get("header", {}).get("title", {}).get("content", "") + "\n" + \
                "\n".join(e.get("content", "") for e in els)
        if self.platform == "dingtalk":
            t = b.get("msgtype")
            return b.get(t, {}).get("text", "") if isinstance(b.get(t), dict) else ""
        return json.dumps(b, ensure_ascii=False)


@dataclass
class Secrets:
    feishu: str = ""
    dingtalk: str = ""
    webhook: str = ""


class _Quiet(ThreadingHTTPServer):
    """A client that dies mid-request (the kill sweep) is not an error worth a traceback here."""

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class Platforms:
    LIMITS = {"wecom": 4096, "feishu": 20_000, "dingtalk": 20_000}
    RATE = {"wecom": (20, 60.0), "dingtalk": (20, 60.0), "feishu": (5, 1.0)}

    def __init__(self, secrets: Secrets | None = None) -> None:
        self.secrets = secrets or Secrets()
        self.accepted: list[Received] = []
        self.refused: list[Received] = []
        self.media: dict[str, int] = {}
        self.fail_next: dict[str, list[int]] = {}
        self.drop_next: dict[str, int] = {}
        self.delay: dict[str, float] = {}
        self._recent: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._server = _Quiet(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def urls(self) -> dict[str, str]:
        return {"wecom": f"{self.base}/cgi-bin/webhook/send?key={WECOM_KEY}",
                "feishu": f"{self.base}/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
                "dingtalk": f"{self.base}/robot/send?access_token={DINGTALK_TOKEN}",
                "webhook": f"{self.base}/hook/ribao"}

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def of(self, platform: str) -> list[Received]:
        return [r for r in self.accepted if r.platform == platform]

    # --------------------------------------------------------------- checks
    def _rate_ok(self, platform: str, now: float) -> bool:
        if platform not in self.RATE:
            return True
        n, window = self.RATE[platform]
        recent = [t for t in self._recent.get(platform, []) if t > now - window]
        recent.append(now)
        self._recent[platform] = recent
        return len(recent) <= n

    def _wecom(self, path: str, query: dict, body: dict, size: int, raw: bytes, headers) -> tuple[int, dict]:
        if query.get("key") != WECOM_KEY:
            return 93000, {"errcode": 93000, "errmsg": "invalid webhook url"}
        if path.endswith("/upload_media"):
            if query.get("type") != "file":
                return 40004, {"errcode": 40004, "errmsg": "invalid media type"}
            msg = email.message_from_bytes(b"Content-Type: " + headers.get("Content-Type", "").encode() + b"\r\n\r\n" + raw,
                                           policy=email.policy.HTTP)
            files = [p for p in msg.iter_parts() if p.get_param("name", header="content-disposition") == "media"]
            if not files:
                return 40004, {"errcode": 40004, "errmsg": "media field missing"}
            data = files[0].get_payload(decode=True) or b""
            if not 5 <= len(data) <= 20 * 1024 * 1024:
                return 40006, {"errcode": 40006, "errmsg": "invalid media size"}
            media_id = uuid.uuid4().hex
            self.media[media_id] = len(data)
            return 0, {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": media_id, "created_at": str(int(time.time()))}
        t = body.get("msgtype")
        if t in ("markdown", "markdown_v2"):
            content = body.get(t, {}).get("content")
            if not isinstance(content, str) or not content:
                return 40008, {"errcode": 40008, "errmsg": "invalid message type"}
            if len(content.encode("utf-8")) > 4096:
                return 40058, {"errcode": 40058, "errmsg": f"{t}.content exceed max length 4096"}
        elif t == "file":
            if body.get("file", {}).get("media_id") not in self.media:
                return 40007, {"errcode": 40007, "errmsg": "invalid media_id"}
        else:
            return 40008, {"errcode": 40008, "errmsg": "invalid message type"}
        return 0, {"errcode": 0, "errmsg": "ok"}

    def _feishu(self, path: str, query: dict, body: dict, size: int) -> tuple[int, dict]:
        if path.rsplit("/", 1)[-1] != FEISHU_TOKEN:
            return 19001, {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        if size > 20_000:
            return 9499, {"code": 9499, "msg": "Bad Request", "data": {}}
        if self.secrets.feishu:
            ts, sign = str(body.get("timestamp", "")), body.get("sign", "")
            key = f"{ts}\n{self.secrets.feishu}".encode()
            good = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if not ts.isdigit() or abs(time.time() - int(ts)) > 3600 or sign != good:
                return 19021, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        if body.get("msg_type") != "interactive" or not isinstance(body.get("card"), dict):
            return 9499, {"code": 9499, "msg": "params error, unknown card value"}
        card = body["card"]
        if card.get("schema") != "2.0" or not isinstance(card.get("body", {}).get("elements"), list):
            return 9499, {"code": 9499, "msg": "params error, unknown card value"}
        return 0, {"code": 0, "data": {}, "msg": "success"}

    def _dingtalk(self, path: str, query: dict, body: dict, size: int) -> tuple[int, dict]:
        if query.get("access_token") != DINGTALK_TOKEN:
            return 300001, {"errcode": 300001, "errmsg": "token is not exist"}
        if self.secrets.dingtalk:
            ts, sign = query.get("timestamp", ""), query.get("sign", "")   # parse_qs has URL-decoded the sign
            mac = hmac.new(self.secrets.dingtalk.encode(), f"{ts}\n{self.secrets.dingtalk}".encode(), hashlib.sha256)
            if not ts.isdigit() or abs(time.time() * 1000 - int(ts)) > 3_600_000 or \
                    sign != base64.b64encode(mac.digest()).decode():
                return 310000, {"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}
        if size > 20_000:
            return 460101, {"errcode": 460101, "errmsg": "message too long, exceed 20000 bytes"}
        t = body.get("msgtype")
        part = body.get(t) if isinstance(body.get(t), dict) else None
        if t == "markdown" and part and part.get("title") and part.get("text"):
            return 0, {"errcode": 0, "errmsg": "ok"}
        if t == "actionCard" and part and part.get("title") and part.get("text") and \
                (part.get("singleURL") and part.get("singleTitle") or part.get("btns")):
            return 0, {"errcode": 0, "errmsg": "ok"}
        return 40035, {"errcode": 40035, "errmsg": "缺少参数 json"}

    def _webhook(self, body: dict, raw: bytes, headers) -> tuple[int, dict]:
        if self.secrets.webhook:
            want = "sha256=" + hmac.new(self.secrets.webhook.encode(), raw, hashlib.sha256).hexdigest()
            if headers.get("X-Ribao-Signature") != want:
                return 401, {"ok": False, "error": "bad signature"}
        return 0, {"ok": True}

    # --------------------------------------------------------------- HTTP
    def _handler(self):
        platforms = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                platform = ("wecom" if parts.path.startswith("/cgi-bin/webhook/") else
                            "feishu" if parts.path.startswith("/open-apis/bot/v2/hook/") else
                            "dingtalk" if parts.path == "/robot/send" else
                            "webhook" if parts.path.startswith("/hook/") else "")
                if not platform:
                    return self._send(404, {"error": "not found"})
                if platforms.delay.get(platform):
                    time.sleep(platforms.delay[platform])
                with platforms._lock:
                    failing = platforms.fail_next.get(platform) or []
                    if failing:
                        return self._send(failing.pop(0), {"error": "injected failure"})
                    upload = parts.path.endswith("/upload_media")
                    try:
                        body = {} if upload else json.loads(raw.decode("utf-8"))
                    except (UnicodeDecodeError, ValueError):
                        return self._send(400, {"errcode": 40001, "errmsg": "invalid json"})
                    rec = Received(platform, body, dict(self.headers), query, len(raw), time.time())
                    if not upload and not platforms._rate_ok(platform, rec.at):
                        code, answer = {"wecom": (45009, {"errcode": 45009, "errmsg": "api freq out of limit"}),
                                        "dingtalk": (410100, {"errcode": 410100, "errmsg": "send too fast, exceed 20 times per minute"}),
                                        "feishu": (11232, {"code": 11232, "msg": "frequency limited"})}[platform]
                    elif platform == "wecom":
                        code, answer = platforms._wecom(parts.path, query, body, len(raw), raw, self.headers)
                    elif platform == "feishu":
                        code, answer = platforms._feishu(parts.path, query, body, len(raw))
                    elif platform == "dingtalk":
                        code, answer = platforms._dingtalk(parts.path, query, body, len(raw))
                    else:
                        code, answer = platforms._webhook(body, raw, self.headers)
                    rec.code = code
                    if upload:
                        pass
                    elif code == 0:
                        platforms.accepted.append(rec)
                    else:
                        platforms.refused.append(rec)
                    if code == 0 and not upload and platforms.drop_next.get(platform):
                        platforms.drop_next[platform] -= 1
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                status = 401 if platform == "webhook" and code == 401 else 200
                return self._send(status, answer)

            def _send(self, status: int, doc: dict):
                data = json.dumps(doc, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    size: int


class SmtpServer:
    """aiosmtpd on 127.0.0.1; ``tls``: None, "ssl" (implicit TLS) or "starttls"; with ``user``, AUTH is required."""

    def __init__(self, *, tls: str | None = None, cert=None, user: str = "", password: str = "") -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.mails: list[Mail] = []
        self.logins: list[str] = []
        server = self

        class Handler:
            async def handle_DATA(self, srv, session, envelope):
                msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
                server.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), msg, len(envelope.content)))
                return "250 Message accepted for delivery"

        def authenticator(srv, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and \
                auth_data.password.decode() == password
            if ok:
                server.logins.append(user)
            return AuthResult(success=ok)

        kwargs: dict = {}
        ctx = None
        if tls and cert is not None:
            import ssl

            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(ctx)
        if tls == "starttls":
            kwargs.update(tls_context=ctx, require_starttls=True)
        if user:
            # implicit TLS is invisible to aiosmtpd's STARTTLS bookkeeping: require TLS for AUTH only with STARTTLS
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=tls == "starttls")
        with socket.socket() as s:   # aiosmtpd connects to its port to see it is up: it needs a real number
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with warnings.catch_warnings():   # AUTH without STARTTLS over implicit TLS is what we mean
            warnings.simplefilter("ignore", UserWarning)
            self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                         ssl_context=ctx if tls == "ssl" else None, **kwargs)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
