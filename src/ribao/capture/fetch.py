"""One polite, bounded GET: the transport rules every crawl request goes through.

Why each rule is here:
- one request at a time per host, ``delay_s`` (or a longer robots Crawl-delay) between two:
  official sites are small servers, and a bulletin needs dozens of pages, not speed;
- robots.txt obeyed for every hop of a redirect chain;
- retries with doubling backoff only where waiting can help (5xx, timeouts, dropped
  connections); a 403/412/429 is a site's WAF or rate limit speaking, so the host is left alone
  for the rest of the run instead of being retried;
- timeouts (connect, read, and a whole-response deadline against trickling servers), a body
  cap checked on the compressed and decoded sizes, a decompression-ratio guard, a redirect
  limit, http/https only, TLS verification on;
- SSRF guard: the address a connection is made to is the address that was checked
  (resolution and connection happen together in ``GuardedBackend``), so a DNS answer cannot
  change between check and use.

Every response received (each redirect hop and each retried attempt included) is written to
WARC and handed to ``record`` before anything else looks at it. A refused body (too large, a
bomb, an unknown content encoding) is not archived: an archive must never itself be a bomb.
The replay transport (``capture.replay``) plugs in under the same code with delays, retries and
the address guard off, since no network is involved.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin, urlsplit

import anyio
import httpcore
import httpx

from ribao.capture.archive import WarcArchive
from ribao.capture.bodies import BodyDecoder as _Decoder, BodyRefused
from ribao.capture.config import CrawlConfig
from ribao.capture.robots import RobotsCache, RobotsRules
from ribao.capture.warc import CapturedResponse

REDIRECTS = {301, 302, 303, 307, 308}
WAF_STATUSES = {403, 412, 429}
REPLAY_MISS = "ribao.replay_miss"     # response extension: the replayed archives hold no such URL
REPLAY_DATE = "ribao.replay_date"     # response extension: WARC-Date of the replayed record


class PrivateAddressRefused(Exception):
    """The host resolves to a private, loopback, link-local or otherwise non-public address."""


def is_public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses non-public addresses, and connects to the address checked."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options=None) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as e:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from e
        except socket.gaierror as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
        addrs = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not self.allow_private:
            bad = [a for a in addrs if not is_public(a)]
            if bad:
                raise PrivateAddressRefused(f"{host} resolves to non-public address {bad[0]}")
        last: Exception = httpcore.ConnectError(f"no address for {host}")
        for addr in addrs:
            try:
                return await self._inner.connect_tcp(addr, port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        raise last

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise httpcore.ConnectError("unix sockets are not crawled")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport (TLS verified, no proxies from the environment) over ``GuardedBackend``."""

    def __init__(self, *, allow_private: bool) -> None:
        super().__init__(verify=True, trust_env=False, retries=0)
        self._pool = httpcore.AsyncConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=64,
                                                  max_keepalive_connections=32, keepalive_expiry=5.0,
                                                  network_backend=GuardedBackend(allow_private))


@dataclass
class HostGate:
    """Per-host politeness state for one run."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    delay: float = 0.0
    blocked: str = ""


@dataclass
class Fetched:
    """The outcome of a GET after redirects and retries: the final response, or why there is none."""

    url: str
    final_url: str = ""
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    fetched_at: datetime | None = None
    error: str = ""
    kinds: list[str] = field(default_factory=list)   # what ``record`` said of each archived response

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and not self.error

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass
class _Attempt:
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    fetched_at: datetime | None = None
    error: str = ""
    retry: bool = False
    retry_after: float | None = None


Record = Callable[[CapturedResponse], str]


def _caused_by(exc: BaseException, kind: type) -> bool:
    while exc is not None:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _text_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]


class Fetcher:
    """GETs through robots, host gates, limits and retries; archives and records every response."""

    def __init__(self, config: CrawlConfig, archive: WarcArchive, record: Record, *,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.archive = archive
        self.record = record
        self.network = transport is None
        timeout = httpx.Timeout(connect=config.connect_timeout_s, read=config.read_timeout_s,
                                write=config.read_timeout_s, pool=None)
        headers = {"User-Agent": config.agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": "text/html,application/xhtml+xml,application/json,application/xml;q=0.9,*/*;q=0.8"}
        if transport is None:
            transports = {False: GuardedTransport(allow_private=False), True: GuardedTransport(allow_private=True)}
        else:
            transports = {False: transport, True: transport}
        self._clients = {k: httpx.AsyncClient(transport=t, timeout=timeout, headers=headers, follow_redirects=False,
                                              trust_env=False) for k, t in transports.items()}
        self.gates: dict[str, HostGate] = {}
        self.robots = RobotsCache(self, agent="ribao")
        self.requests = 0

    async def aclose(self) -> None:
        for c in set(self._clients.values()):
            await c.aclose()

    def gate(self, url: str) -> HostGate:
        key = urlsplit(url).netloc.lower()
        if key not in self.gates:
            self.gates[key] = HostGate(delay=self.config.delay_s if self.network else 0.0)
        return self.gates[key]

    async def get(self, url: str, *, allow_private: bool = False, headers: dict[str, str] | None = None,
                  check_robots: bool = True) -> Fetched:
        """GET ``url`` following redirects (each hop checked like the first)."""
        allow_private = allow_private or self.config.allow_private
        out = Fetched(url=url)
        current, extra = url.split("#", 1)[0], dict(headers or {})
        for hop in range(self.config.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                out.error = f"refused: not an http(s) URL: {current[:200]}"
                return out
            gate = self.gate(current)
            if gate.blocked:
                out.error = f"host left alone this run ({gate.blocked})"
                return out
            if check_robots:
                rules = await self.robots.rules(current, allow_private=allow_private)
                if not rules.allowed(current):
                    out.error = f"disallowed by robots.txt ({rules.reason})" if rules.reason else "disallowed by robots.txt"
                    return out
                if self.network and rules.crawl_delay:
                    gate.delay = max(gate.delay, rules.crawl_delay)
            att = await self._with_retries(current, extra, allow_private, gate, out)
            out.final_url, out.status, out.headers, out.body = current, att.status, att.headers, att.body
            out.fetched_at, out.error = att.fetched_at, att.error
            if att.error or att.status not in REDIRECTS:
                if att.status in WAF_STATUSES:
                    gate.blocked = f"HTTP {att.status} from {parts.netloc}"
                    out.error = f"HTTP {att.status}: not retried, host left alone this run (its protection is respected)"
                return out
            location = out.header("location")
            if not location:
                return out
            current, extra = urljoin(current, location).split("#", 1)[0], {}
        out.error = f"more than {self.config.max_redirects} redirects"
        return out

    async def _with_retries(self, url: str, headers: dict[str, str], allow_private: bool, gate: HostGate,
                            out: Fetched) -> _Attempt:
        retries = self.config.retries if self.network else 0
        for i in range(retries + 1):
            att = await self._attempt(url, headers, allow_private, gate, out)
            if not att.retry or i == retries:
                return att
            wait = self.config.backoff_s * (2 ** i)
            if att.retry_after is not None:
                if att.retry_after > self.config.max_retry_after_s:
                    return att
                wait = max(wait, att.retry_after)
            gate.next_at = max(gate.next_at, time.monotonic() + wait)
        return att  # pragma: no cover

    async def _attempt(self, url: str, headers: dict[str, str], allow_private: bool, gate: HostGate,
                       out: Fetched) -> _Attempt:
        client = self._clients[allow_private]
        async with gate.lock:
            if self.network:
                wait = gate.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                return await self._exchange(client, url, headers, out)
            finally:
                gate.next_at = max(gate.next_at, time.monotonic() + gate.delay)

    async def _exchange(self, client: httpx.AsyncClient, url: str, headers: dict[str, str], out: Fetched) -> _Attempt:
        cfg = self.config
        self.requests += 1
        request = client.build_request("GET", url, headers=headers)
        try:
            async with asyncio.timeout(cfg.total_timeout_s):
                resp = await client.send(request, stream=True)
                try:
                    if resp.extensions.get(REPLAY_MISS):
                        return _Attempt(error="not in the replayed archives")
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > cfg.max_body_bytes:
                        raise BodyRefused(f"Content-Length {declared} over {cfg.max_body_bytes} bytes")
                    decoder = _Decoder(resp.headers.get("content-encoding", ""), cfg.max_body_bytes, cfg.max_ratio)
                    raw = bytearray()
                    async for chunk in resp.aiter_raw():
                        raw += chunk
                        if len(raw) > cfg.max_body_bytes:
                            raise BodyRefused(f"body over {cfg.max_body_bytes} bytes")
                        decoder.feed(chunk)
                finally:
                    await resp.aclose()
        except PrivateAddressRefused as e:
            return _Attempt(error=f"refused: {e}")
        except BodyRefused as e:
            return _Attempt(error=f"refused body: {e}")
        except (TimeoutError, httpx.TimeoutException):
            return _Attempt(error="timeout", retry=True)
        except (httpx.NetworkError, httpx.RemoteProtocolError) as e:
            if _caused_by(e, ssl.SSLError):   # a bad certificate does not get better by asking again
                return _Attempt(error=f"TLS failed: {e}")
            return _Attempt(error=f"connection failed: {e.__class__.__name__}: {e}", retry=True)
        except httpx.HTTPError as e:
            return _Attempt(error=f"{e.__class__.__name__}: {e}")
        when = resp.extensions.get(REPLAY_DATE) or datetime.now(timezone.utc).replace(microsecond=0)  # as WARC-Date keeps it
        kept = [(k, v) for k, v in _text_headers(resp.headers.raw) if k.lower() != "transfer-encoding"]
        rec = self.archive.write(url=url, method="GET", request_headers=_text_headers(request.headers.raw),
                                 status=resp.status_code, reason=resp.reason_phrase, http_version=resp.http_version,
                                 response_headers=kept, payload=bytes(raw), date=when)
        body = decoder.body()
        out.kinds.append(self.record(CapturedResponse(url=url, fetched_at=when, status=resp.status_code, headers=kept,
                                                      body=body, warc_file=str(rec.path), offset=rec.offset,
                                                      length=rec.length)))
        att = _Attempt(status=resp.status_code, headers=kept, body=body, fetched_at=when)
        if resp.status_code >= 500:
            att.error, att.retry = f"HTTP {resp.status_code}", True
            ra = resp.headers.get("retry-after", "")
            att.retry_after = float(ra) if ra.strip().isdigit() else None
        elif resp.status_code >= 400:
            att.error = f"HTTP {resp.status_code}"
        return att


__all__ = ["Fetcher", "Fetched", "GuardedBackend", "GuardedTransport", "PrivateAddressRefused", "RobotsRules",
           "is_public", "REPLAY_MISS", "REPLAY_DATE"]
