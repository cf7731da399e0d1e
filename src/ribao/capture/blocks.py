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

_VENDORS = (
    ("WZWS WAF challenge", re.compile(rb"wzwschallenge|wzwstemplate|WZWS_CONFIRM|wzws_cid", re.I)),
    ("Tencent EdgeOne bot challenge", re.compile(rb"__tst_status|EO_Bot_Ssid|edgeone", re.I)),
    ("Rivers Security (瑞数) dynamic-cookie challenge", re.compile(rb"\$_ts\s*=|\$_ts\.|\br=['\"]m['\"]")),
    ("Jiasule cookie gate", re.compile(rb"__jsl_clearance|__jsluid", re.I)),
    ("Alibaba Cloud WAF challenge", re.compile(rb"acw_sc__v2|aliyun_waf|_waf_bd8ce2ce37", re.I)),
    ("DataDome captcha", re.compile(rb"captcha-delivery\.com|datadome", re.I)),
    ("Cloudflare challenge", re.compile(rb"cf-chl-|challenge-platform|cf_chl_opt", re.I)),
)
_ENABLE_JS = re.compile(rb"enable\s+javascript|javascript\s+is\s+(?:disabled|required)|"
                        rb"(?:\xe5\xbc\x80\xe5\x90\xaf|\xe5\x90\xaf\xe7\x94\xa8|\xe6\x89\x93\xe5\xbc\x80)\s*javascript",
                        re.I)   # 开启 / 启用 / 打开 JavaScript
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_STRIP = re.compile(rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>|&nbsp;|\s+", re.I | re.S)
_GATE_SCRIPT = re.compile(rb"document\.cookie|location\.reload|\beval\s*\(|\batob\s*\(", re.I)


def _visible_bytes(head: bytes) -> int:
    return len(_STRIP.sub(b"", head))


def detect_block(status: int, content_type: str, body: bytes) -> Block | None:
    """The block this response is, or None for an ordinary answer (a 404 or a 500 is not a block)."""
    head = body[:SNIFF_BYTES]
    vendor = next((name for name, rx in _VENDORS if rx.search(head)), None)
    if status in WAF_STATUSES:
        reason = f"HTTP {status}" + (f" ({vendor})" if vendor else "")
        return Block("status", status, reason, _ADVICE[status])
    if status != 200 or not _looks_like_html(content_type, head):
        return None
    little = len(body) <= SNIFF_BYTES and _visible_bytes(head) < LITTLE_TEXT
    if vendor and little:
        return Block("challenge", status, f"HTTP 200 challenge page ({vendor})", _CHALLENGE_ADVICE)
    if little and _ENABLE_JS.search(head):
        return Block("javascript", status, "HTTP 200 page asking to enable JavaScript (a WAF challenge)", _CHALLENGE_ADVICE)
    scripts = _SCRIPT.findall(head)
    if scripts and _visible_bytes(head) == 0 and any(_GATE_SCRIPT.search(s) for s in scripts):
        return Block("script_only", status, "HTTP 200 script-only page that sets a cookie or reloads (a challenge)",
                     _CHALLENGE_ADVICE)
    return None


def _looks_like_html(content_type: str, head: bytes) -> bool:
    ct = content_type.lower()
    if "html" in ct:
        return True
    return head.lstrip()[:1] == b"<" and b"<script" in head.lower()
