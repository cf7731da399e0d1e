import gzip
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

pytest_plugins = ["pgbackend"]   # RIBAO_TEST_BACKEND=postgresql: each home on a fresh PostgreSQL database

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
REQUIRE_SHARED = os.environ.get("RIBAO_REQUIRE_SHARED") == "1"
RIBAO = Path(sys.executable).with_name("ribao")


def need_shared(what: str) -> None:
    """Skip a test that needs ../shared when it is absent; with RIBAO_REQUIRE_SHARED=1, fail it."""
    message = f"../shared/corpus is absent ({what})"
    if REQUIRE_SHARED:
        pytest.fail(message + " and RIBAO_REQUIRE_SHARED=1")
    pytest.skip(message)


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    d = CORPUS / "dev"
    if not (d / "corpus.warc.gz").exists():
        need_shared("the dev capture")
    return d


@dataclass(frozen=True)
class Capture:
    """A capture the store and end-to-end tests run on, with what a clean ingest of it stores."""

    name: str
    warc: Path
    records: int
    articles: int
    days: list[str]        # bulletin dates it is built for
    thin_day: str          # a date with nothing new in its window


def bundled_capture() -> Capture:
    from ribao.pipeline import bundled_sample

    s = bundled_sample()
    return Capture("sample", s.warc, records=71, articles=35, days=[s.date.isoformat()], thin_day="2026-04-20")


def dev_capture() -> Capture | None:
    d = CORPUS / "dev"
    if not (d / "corpus.warc.gz").exists():
        return None
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    return Capture("dev", d / "corpus.warc.gz", records=163, articles=124, days=sorted(gold), thin_day="2026-08-20")


@pytest.fixture(scope="session")
def capture() -> Capture:
    """The team's dev capture when ../shared is there, else the bundled sample (so the store and
    end-to-end tests never silently test nothing; RIBAO_REQUIRE_SHARED=1 refuses the fallback)."""
    dev = dev_capture()
    if dev is None and REQUIRE_SHARED:
        pytest.fail("../shared/corpus is absent and RIBAO_REQUIRE_SHARED=1")
    return dev or bundled_capture()


@pytest.fixture(scope="session")
def gold_articles(dev_corpus) -> dict:
    """URL → the day's hand-written article record (title, published, source, body…)."""
    gold = json.loads((dev_corpus / "gold.json").read_text(encoding="utf-8"))
    out = {}
    for day, g in gold.items():
        doc = json.loads((CORPUS / "days" / day / "articles.json").read_text(encoding="utf-8"))
        for a in doc["articles"]:
            out.setdefault(g["urls"][a["id"]], a)
    return out


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("RIBAO_HOME", str(h))
    monkeypatch.delenv("RIBAO_DATABASE_URL", raising=False)
    return h


# -- running the real entry point ------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    rc: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def ribao(*args: str | Path, env: dict | None = None, timeout: float = 300, cwd: Path | None = None) -> Run:
    """``ribao ARGS`` as a user runs it (the installed console script, a fresh process), so a
    traceback or a wrong exit code shows exactly as a user would see it."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("RIBAO_HOME", "RIBAO_DATABASE_URL")}
    full_env.update({"COLUMNS": "200", "PYTHONIOENCODING": "utf-8", **(env or {})})
    p = subprocess.run([str(RIBAO), *map(str, args)], capture_output=True, text=True, env=full_env,
                       timeout=timeout, cwd=cwd)
    return Run(p.returncode, p.stdout, p.stderr)


def assert_clean(run: Run, rc: int | tuple[int, ...]) -> None:
    """The command ended with ``rc`` and printed no Python traceback."""
    assert "Traceback (most recent call last)" not in run.output, run.output
    assert run.rc in ((rc,) if isinstance(rc, int) else rc), (run.rc, run.output)


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Path:
    """A home made by ``ribao demo`` through the real entry point (the README's first command),
    shared read-only by the tests that need a built home; copy it to change it."""
    home = tmp_path_factory.mktemp("demo") / "home"
    run = ribao("--home", home, "demo")
    assert_clean(run, 0)
    assert "demo bulletin written to" in run.err
    return home


# -- building WARC files -----------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """One HTTP response to write as a WARC record."""

    url: str
    body: bytes
    status: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    date: str = "2026-03-18T01:00:00Z"


def article_html(title: str, *, published: str = "2026-03-18 09:00", source: str = "国家发展和改革委员会",
                 paragraphs: Iterable[str] = ()) -> bytes:
    paras = list(paragraphs) or [f"{title}。本文为测试页面，内容为虚构。" * 3, "这是正文的第二段，用于测试。" * 4]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="{published}"><meta name="ContentSource" content="{source}">'
            f'<title>{title}</title></head><body><h1>{title}</h1><div class="TRS_Editor">{body}</div>'
            f'</body></html>').encode("utf-8")


def record_bytes(page: Page, *, gz: bool) -> bytes:
    """One response record as it would sit in a WARC (a gzip member if ``gz``)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz, warc_version="WARC/1.1")
    headers = list(page.headers)
    if not any(k.lower() == "content-length" for k, _ in headers):
        headers.append(("Content-Length", str(len(page.body))))
    rec = w.create_warc_record(page.url, "response", payload=io.BytesIO(page.body),
                               http_headers=StatusAndHeaders(page.status, headers, protocol="HTTP/1.1"),
                               warc_headers_dict={"WARC-Date": page.date})
    w.write_record(rec)
    return buf.getvalue()


def write_warc(path: Path, pages: Iterable[Page | bytes], *, gz: bool = False) -> Path:
    """A WARC of ``pages`` in order; raw ``bytes`` items are written as they are (junk, torn tails)."""
    with open(path, "wb") as fh:
        for p in pages:
            fh.write(p if isinstance(p, bytes) else record_bytes(p, gz=gz))
    return path


def sample_pages(transform: Callable[[Page], Page | None] = lambda p: p) -> list[Page]:
    """The bundled sample's responses as ``Page`` values, each passed through ``transform``."""
    from ribao.capture.warc import WarcReader
    from ribao.pipeline import bundled_sample

    out = []
    for r in WarcReader(bundled_sample().warc):
        rec_date = r.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = tuple((h.name, h.value) for h in r.headers if h.name.lower() != "content-length")
        page = transform(Page(r.url, r.body, status=str(r.status) + " OK", headers=headers, date=rec_date))
        if page is not None:
            out.append(page)
    return out


def gzip_bomb(decoded_bytes: int, level: int = 9) -> bytes:
    """A gzip member of ``decoded_bytes`` zeros (about 1000:1), built without holding them."""
    buf = io.BytesIO()
    block = bytes(1 << 20)
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=level, mtime=0) as g:
        for _ in range(decoded_bytes >> 20):
            g.write(block)
    return buf.getvalue()
