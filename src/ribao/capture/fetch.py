"""One polite, bounded GET: the transport rules every crawl request goes through.

Why each rule is here:
- one request at a time per host, ``delay_s`` (or a longer robots Crawl-delay) between two:
  official sites are small servers, and a bulletin needs dozens of pages, not speed;
- robots.txt obeyed for every hop of a redirect chain;
- retries with doubling backoff only where waiting can help (5xx, timeouts, dropped
  connections); a block (401/403/412/429/521, or a 200 challenge page, see ``blocks``) is a
  site's WAF or rate limit speaking, so the host is left alone for the rest of the run instead of
  being retried, and no challenge is ever solved;
- cookies the site sets with ``Set-Cookie`` are kept for the run (one client, one jar), as any
  client keeps them; none is ever made up;
- per-endpoint request headers (Referer, Accept) as the site's own page sends them, kept on
  same-host redirect hops only;
- timeouts (connect, read, and a whole-response deadline against trickling servers), a body
  cap checked on the compressed and decoded sizes, a decompression-ratio guard, a redirect
  limit, http/https only, TLS verification on;
- SSRF guard: every address a host resolves to must be globally routable, IPv4 embedded in IPv6
  (mapped, compatible, 6to4, NAT64, Teredo) included; the address a connection is made to is
  the address that was checked (resolution and connection happen together in
  ``GuardedBackend``), so a DNS answer cannot change between check and use. Private addresses
  are allowed only for the hosts of sources marked ``allow_private`` (never for where their
  redirects or feed items lead), or everywhere with the crawl config's ``allow_private`` (tests).

Every response received (each redirect hop and each retried attempt included) is written to
WARC and handed to ``record`` before anything else looks at it, except a challenge page, which is
archived but not indexed (it is not the page it stands in for). A refused body (too large, a
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
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import anyio
import httpcore
import httpx

from ribao.capture.archive import WarcArchive
from ribao.capture.blocks import Block, detect_block
from ribao.capture.bodies import BodyDecoder as _Decoder, BodyRefused
from ribao.capture.config import CrawlConfig
from ribao.capture.responses import Fetched
from ribao.capture.robots import RobotsCache
from ribao.capture.warc import CapturedResponse

REDIRECTS = {301, 302, 303, 307, 308}
REPLAY_MISS = "ribao.replay_miss"     # response extension: the replayed archives hold no such URL
REPLAY_DATE = "ribao.replay_date"     # response extension: WARC-Date of the replayed record

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


class PrivateAddressRefused(Exception):
    """The host resolves to a private, loopback, link-local or otherwise non-public address."""


def is_public(ip: str) -> bool:
    """Whether a connection to ``ip`` reaches the public internet and nothing else.

    Everything not ``is_global`` is refused, and an IPv6 address carrying an IPv4 one (mapped,
    6to4, NAT64, Teredo) must carry a public one: ``[64:ff9b::7f00:1]`` is 127.0.0.1 through a
    NAT64 gateway. The deprecated IPv4-compatible form (``[::7f00:1]``) is refused outright.
    """
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if not addr.is_global or addr.is_multicast:
        return False
    if isinstance(addr, ipaddress.IPv4Address):
        return True
    if addr in _COMPATIBLE:
        return False
    embedded = [addr.ipv4_mapped, addr.sixtofour, *(addr.teredo or ())]
    if addr in _NAT64:
        embedded.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    return all(is_public(str(v4)) for v4 in embedded if v4 is not None)


def host_in(host: str, hosts: Iterable[str]) -> bool:
    """``host`` is one of ``hosts`` or a subdomain of one (IPv6 literals with or without brackets)."""
    h = host.strip("[]").lower()
    return any(h == x or h.endswith("." + x) for x in (x.strip("[]").lower() for x in hosts))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses non-public addresses (unless ``private_ok(host)``), and
    connects to the address checked."""

    def __init__(self, private_ok: Callable[[str], bool]) -> None:
        self.private_ok = private_ok
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
        if not self.private_ok(host):
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
    """httpx's transport (TLS verified, no proxies from the environment) over ``GuardedBackend``.

    httpx offers no network-backend parameter, so the pool it builds in ``__init__`` (the private
    ``_pool`` attribute) is replaced by one over our backend; ``tests/test_crawl_fetch.py`` fails
    loudly if httpx renames it (a private address would then be reached).
    """

    def __init__(self, *, private_ok: Callable[[str], bool]) -> None:
        super().__init__(verify=True, trust_env=False, retries=0)
        if not hasattr(self, "_pool"):
            raise RuntimeError("httpx.AsyncHTTPTransport has no _pool any more: the SSRF guard cannot be installed")
        self._pool = httpcore.AsyncConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=64,
                                                  max_keepalive_connections=32, keepalive_expiry=5.0,
                                                  network_backend=GuardedBackend(private_ok))


@dataclass
class HostGate:
    """Per-host politeness state for one run."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    delay: float = 0.0
    blocked: Block | None = None     # the host refused us this run: left alone from then on


@dataclass
class _Attempt:
    status: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    fetched_at: datetime | None = None
    error: str = ""
    retry: bool = False
    retry_after: float | None = None
    replay_miss: bool = False
    blocked: Block | None = None


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
    """GETs through robots, host gates, limits and retries; archives and records every response.

    ``private_hosts`` are the hosts (and their subdomains) that may resolve to private addresses:
    those of the sources marked ``allow_private``, nothing they lead to.
    """

    def __init__(self, config: CrawlConfig, archive: WarcArchive, record: Record, *,
                 transport: httpx.AsyncBaseTransport | None = None, private_hosts: Iterable[str] = ()) -> None:
        self.config = config
        self.archive = archive
        self.record = record
        self.network = transport is None
        self.private_hosts = frozenset(h.lower() for h in private_hosts)
        timeout = httpx.Timeout(connect=config.connect_timeout_s, read=config.read_timeout_s,
                                write=config.read_timeout_s, pool=None)
        headers = {"User-Agent": config.agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": "text/html,application/xhtml+xml,application/json,application/xml;q=0.9,*/*;q=0.8"}
        if transport is None:
            transport = GuardedTransport(private_ok=self.private_ok)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout, headers=headers,
                                         follow_redirects=False, trust_env=False)
        self.gates: dict[str, HostGate] = {}
        self.robots = RobotsCache(lambda url: self.get(url, check_robots=False), agent="ribao")
        self.requests = 0

    def private_ok(self, host: str) -> bool:
        """Whether ``host`` may resolve to a private address (the SSRF guard asks before connecting)."""
        return self.config.allow_private or host_in(host, self.private_hosts)

    async def aclose(self) -> None:
        await self._client.aclose()

    def gate(self, url: str) -> HostGate:
        key = urlsplit(url).netloc.lower()
        if key not in self.gates:
            self.gates[key] = HostGate(delay=self.config.delay_s if self.network else 0.0)
        return self.gates[key]

    async def get(self, url: str, *, headers: dict[str, str] | None = None, check_robots: bool = True) -> Fetched:
        """GET ``url`` following redirects (each hop checked like the first; ``headers`` go to
        same-host hops only)."""
        out = Fetched(url=url)
        current = url.split("#", 1)[0]
        first_host = (urlsplit(current).hostname or "").lower()
        for hop in range(self.config.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                out.error = f"refused: not an http(s) URL: {current[:200]}"
                return out
            gate = self.gate(current)
            if gate.blocked is not None:
                out.error, out.blocked = f"host left alone this run ({gate.blocked} from {parts.netloc})", gate.blocked
                return out
            if check_robots:
                rules = await self.robots.rules(current)
                if not rules.allowed(current):
                    out.error = f"disallowed by robots.txt ({rules.reason})" if rules.reason else "disallowed by robots.txt"
                    out.blocked = gate.blocked    # robots.txt itself was answered by a block
                    return out
                if self.network and rules.crawl_delay:
                    gate.delay = max(gate.delay, rules.crawl_delay)
            extra = dict(headers or {}) if parts.hostname.lower() == first_host else {}
            att = await self._with_retries(current, extra, gate, out)
            out.final_url, out.status, out.headers, out.body = current, att.status, att.headers, att.body
            out.fetched_at, out.error, out.replay_miss, out.blocked = (att.fetched_at, att.error, att.replay_miss,
                                                                       att.blocked)
            if att.blocked is not None:
                gate.blocked = att.blocked
                out.error = f"blocked: {att.blocked}; not retried, host left alone this run (its protection is respected)"
                return out
            if att.error or att.status not in REDIRECTS:
                return out
            location = out.headers.get("location", "")
            if not location:
                return out
            current = urljoin(current, location).split("#", 1)[0]
        out.error = f"more than {self.config.max_redirects} redirects"
        return out

    async def _with_retries(self, url: str, headers: dict[str, str], gate: HostGate, out: Fetched) -> _Attempt:
        retries = self.config.retries if self.network else 0
        for i in range(retries + 1):
            att = await self._attempt(url, headers, gate, out)
            if not att.retry or i == retries:
                return att
            wait = self.config.backoff_s * (2 ** i)
            if att.retry_after is not None:
                if att.retry_after > self.config.max_retry_after_s:
                    return att
                wait = max(wait, att.retry_after)
            gate.next_at = max(gate.next_at, time.monotonic() + wait)
        return att  # pragma: no cover

    async def _attempt(self, url: str, headers: dict[str, str], gate: HostGate, out: Fetched) -> _Attempt:
        async with gate.lock:
            if self.network:
                wait = gate.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                return await self._exchange(url, headers, out)
            finally:
                gate.next_at = max(gate.next_at, time.monotonic() + gate.delay)

    async def _exchange(self, url: str, headers: dict[str, str], out: Fetched) -> _Attempt:
        cfg, client = self.config, self._client
        self.requests += 1
        request = client.build_request("GET", url, headers=headers)
        try:
            async with asyncio.timeout(cfg.total_timeout_s):
                resp = await client.send(request, stream=True)
                try:
                    if resp.extensions.get(REPLAY_MISS):
                        return _Attempt(error="not in the replayed archives", replay_miss=True)
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
        att = _Attempt(status=resp.status_code, headers=httpx.Headers(kept), body=body, fetched_at=when,
                       blocked=detect_block(resp.status_code, resp.headers.get("content-type", ""), body))
        if att.blocked is not None:
            att.error = f"blocked: {att.blocked}"
            if resp.status_code == 200:   # a challenge page: archived as evidence, not indexed as the page asked for
                out.kinds.append("blocked")
                return att
        out.kinds.append(self.record(CapturedResponse(url=url, fetched_at=when, status=resp.status_code, headers=kept,
                                                      body=body, warc_file=str(rec.path), offset=rec.offset,
                                                      length=rec.length)))
        if att.blocked is not None:
            return att
        if resp.status_code >= 500:
            att.error, att.retry = f"HTTP {resp.status_code}", True
            ra = resp.headers.get("retry-after", "")
            att.retry_after = float(ra) if ra.strip().isdigit() else None
        elif resp.status_code >= 400:
            att.error = f"HTTP {resp.status_code}"
        return att


__all__ = ["Fetcher", "Fetched", "GuardedBackend", "GuardedTransport", "PrivateAddressRefused", "host_in",
           "is_public", "REPLAY_MISS", "REPLAY_DATE"]
