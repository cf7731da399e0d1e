"""Recognising a site that refuses the crawler: WAF statuses and challenge pages.

A block is respected, never worked around: ribao does not run a challenge's script, compute or
forge a cookie, or change its user agent. The host is left alone for the rest of the run and
``ribao sources check`` shows the source as blocked, with the reason and what an operator can do
(cookies a site sets with ``Set-Cookie`` on its ordinary pages are kept for the run as any client
keeps them; that is not a workaround).

Two shapes: a status a WAF answers with (401, 403, 412, 429, 521), and an HTTP 200 that is a
challenge, not the page: a vendor's challenge markers (WZWS, Tencent EdgeOne, 瑞数/Rivers,
Jiasule, Alibaba Cloud, DataDome, Cloudflare), a request to enable JavaScript, or a body that is
only a script setting a cookie or reloading. Such a 200 would otherwise parse as an empty list
and be misreported as a changed layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

WAF_STATUSES = frozenset({401, 403, 412, 429, 521})
SNIFF_BYTES = 64 * 1024        # challenge pages are small; markers are looked for in the head of a body
LITTLE_TEXT = 600              # bytes of visible text under which a page with markers is a challenge


@dataclass(frozen=True)
class Block:
    """Why a site refused a request, and what an operator can do about it."""

    kind: str        # status | challenge | javascript | script_only
    status: int
    reason: str
    advice: str

    def __str__(self) -> str:
        return self.reason


_ADVICE = {
    401: "the site wants a login or a bot-protection token: use a licensed feed or ask the site; ribao does not work around it",
    403: "the site refuses this client: check the source from a network the site serves (e.g. a mainland network), "
         "or ask its operator to allow the crawler's contact address",
    412: "a WAF wants a cookie computed by script: ribao does not solve challenges; disable the source or find a feed",
    429: "rate limited: raise delay_s in crawl.yaml; the host is left alone for the rest of the run",
    521: "a cookie gate (a script sets a cookie and reloads) or the origin is down: ribao does not compute such cookies; "
         "probe again later, or disable the source",
}
_CHALLENGE_ADVICE = ("the site answers with a challenge page instead of content: ribao does not run challenges; "
                     "probe from a network the site serves, or disable the source (note the reason in sources.yaml)")

# Literal markers, looked for in the lower-cased head of a body (``bytes.find`` is memchr-fast;
# case-insensitive regexes cost a hundred times more on every page).
_VENDORS = (
    ("WZWS WAF challenge", (b"wzwschallenge", b"wzwstemplate", b"wzws_confirm", b"wzws_cid")),
    ("Tencent EdgeOne bot challenge", (b"__tst_status", b"eo_bot_ssid", b"edgeone")),
    ("Rivers Security (瑞数) dynamic-cookie challenge", (b"$_ts=", b"$_ts.", b"$_ts =", b" r='m'", b' r="m"')),
    ("Jiasule cookie gate", (b"__jsl_clearance", b"__jsluid")),
    ("Alibaba Cloud WAF challenge", (b"acw_sc__v2", b"aliyun_waf")),
    ("DataDome captcha", (b"captcha-delivery.com", b"datadome")),
    ("Cloudflare challenge", (b"cf-chl-", b"challenge-platform", b"_cf_chl_opt")),
)
_ENABLE_JS = tuple(w.encode() for w in ("enable javascript", "javascript is disabled", "javascript is required",
                                        "开启javascript", "启用javascript", "打开javascript",
                                        "开启 javascript", "启用 javascript", "打开 javascript"))
_GATE = (b"document.cookie", b"location.reload", b"eval(", b"atob(")
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_STRIP = re.compile(rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>|&nbsp;|\s+", re.I | re.S)


def _visible_bytes(head: bytes) -> int:
    return len(_STRIP.sub(b"", head))


def detect_block(status: int, content_type: str, body: bytes) -> Block | None:
    """The block this response is, or None for an ordinary answer (a 404 or a 500 is not a block).

    Runs on every response, so the common case is three regex searches over a small body (a
    large 200 is never a challenge); the visible text is measured only when a marker is present.
    """
    head = body[:SNIFF_BYTES].lower()
    if status in WAF_STATUSES:
        vendor = _vendor(head)
        return Block("status", status, f"HTTP {status}" + (f" ({vendor})" if vendor else ""), _ADVICE[status])
    if status != 200 or len(body) > SNIFF_BYTES or not _looks_like_html(content_type, head):
        return None
    vendor, asks_js, gate = _vendor(head), _has(head, _ENABLE_JS), _has(head, _GATE)
    if not (vendor or asks_js or gate):
        return None
    visible = _visible_bytes(head)
    if vendor and visible < LITTLE_TEXT:
        return Block("challenge", status, f"HTTP 200 challenge page ({vendor})", _CHALLENGE_ADVICE)
    if asks_js and visible < LITTLE_TEXT:
        return Block("javascript", status, "HTTP 200 page asking to enable JavaScript (a WAF challenge)", _CHALLENGE_ADVICE)
    if gate and visible == 0 and any(_has(s, _GATE) for s in _SCRIPT.findall(head)):
        return Block("script_only", status, "HTTP 200 script-only page that sets a cookie or reloads (a challenge)",
                     _CHALLENGE_ADVICE)
    return None


def _has(head: bytes, markers: tuple[bytes, ...]) -> bool:
    return any(head.find(m) >= 0 for m in markers)


def _vendor(head: bytes) -> str | None:
    return next((name for name, markers in _VENDORS if _has(head, markers)), None)


def _looks_like_html(content_type: str, head: bytes) -> bool:
    ct = content_type.lower()
    if "html" in ct:
        return True
    return head.lstrip()[:1] == b"<" and b"<script" in head
