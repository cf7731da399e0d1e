"""No traceback for any input of the fault probe (defects 3 and 6, §6), through the real ``ribao``
entry point: web text with Rich markup prints as written, and every user mistake ends in one
line and a documented exit code."""
import json
from pathlib import Path

import pytest
import yaml
from conftest import Page, assert_clean, ribao, sample_pages, write_warc
from pytest_httpserver import HTTPServer

from ribao.catalog import ListEndpoint, Source
from ribao.pipeline import bundled_sample

SAMPLE = bundled_sample()
DAY = SAMPLE.date.isoformat()
BAD_URL = "https://www.ndrc.gov.cn/xwdt/xwfb/202603/t20260318_[/y].html"


def test_demo_writes_the_bulletin(demo_home):
    out = demo_home / "bulletins" / SAMPLE.line / DAY
    b = json.loads((out / "bulletin.json").read_text(encoding="utf-8"))
    assert b["date"] == DAY and len(b["sections"]) >= 4 and b["references"]
    assert all((out / f"bulletin.{ext}").stat().st_size > 0 for ext in ("md", "html", "pdf"))


@pytest.fixture(scope="module")
def markup_home(tmp_path_factory) -> Path:
    """The sample with Rich markup in its pages (a chosen story's title holds ``[/x]``) and an
    empty page at a URL holding ``[/y]``, ingested and built (``home/out``)."""
    d = tmp_path_factory.mktemp("markup")

    def inject(p: Page) -> Page:
        return Page(p.url, p.body.replace("新型储能".encode(), "新型[/x]储能".encode()), p.status, p.headers, p.date)

    pages = sample_pages(inject) + [Page(BAD_URL, b"")]
    warc = write_warc(d / "markup.warc.gz", pages, gz=True)
    run = ribao("--home", d / "home", "ingest", warc)
    assert_clean(run, 0)
    assert f"skipped {BAD_URL}: empty response body" in run.err   # printed as written
    run = ribao("--home", d / "home", "build", "--date", DAY, "--out", d / "home" / "out")
    assert_clean(run, 0)
    (d / "home" / "build-output.txt").write_text(run.err, encoding="utf-8")
    return d / "home"


def test_build_prints_titles_holding_markup(markup_home):
    """Every headline prints as written; the planted ``[/x]`` reached the bulletin (a headline,
    or the cited titles when the writer's headline is a clause without it)."""
    text = (markup_home / "build-output.txt").read_text(encoding="utf-8")
    b = json.loads((markup_home / "out" / "bulletin.json").read_text(encoding="utf-8"))
    heads = [s["headline"] for s in b["sections"]]
    assert heads and all(h in text for h in heads)
    assert any("[/x]" in h for h in heads) or any("[/x]" in r["title"] for r in b["references"])


def test_stories_prints_titles_holding_markup(markup_home):
    run = ribao("--home", markup_home, "stories", "--date", DAY)
    assert_clean(run, 0)
    assert "[/x]" in run.out


def test_verify_prints_failing_sentences_holding_markup(markup_home, tmp_path):
    b = json.loads((markup_home / "out" / "bulletin.json").read_text(encoding="utf-8"))
    sent = b["sections"][0]["paragraphs"][0]["sentences"][0]
    sent["text"] = "[/z]" + sent["text"] + "另有[bold]9999[/]亿元。"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    run = ribao("--home", markup_home, "verify", edited)
    assert_clean(run, 1)
    assert "[/z]" in run.err


# -- user mistakes -------------------------------------------------------------------------------

def _mistakes(tmp: Path, home: Path) -> dict[str, tuple[list, dict, int, str]]:
    (tmp / "notjson.json").write_text("this is not json", encoding="utf-8")
    (tmp / "empty.json").write_text("{}", encoding="utf-8")
    (tmp / "a-file").write_text("x", encoding="utf-8")
    (tmp / "broken.yaml").write_text("sources: [unclosed\n", encoding="utf-8")
    (tmp / "evil.yaml").write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    (tmp / "adir").mkdir()
    h = ["--home", str(home)]
    return {
        # name: (arguments, environment, exit code, what the one line says)
        "unknown line": ([*h, "build", "--date", DAY, "--line", "nope"], {}, 2, "no line config 'nope'"),
        "line YAML executes nothing": ([*h, "build", "--date", DAY, "--line", tmp / "evil.yaml"], {}, 2, ""),
        "unknown writer": ([*h, "build", "--date", DAY, "--writer", "gpt"], {}, 2, "'gpt' is not one of"),
        "missing llm config": ([*h, "build", "--date", DAY, "--writer", "llm", "--llm-config", tmp / "nope.yaml"],
                               {}, 2, "--llm-config: no such file"),
        "date out of range": ([*h, "build", "--date", "9999-12-31"], {}, 2, "outside 1990–2100"),
        "date before range": ([*h, "stories", "--date", "0001-01-01"], {}, 2, "outside 1990–2100"),
        "basic ISO date": ([*h, "build", "--date", "20260715"], {}, 2, "not a date written YYYY-MM-DD"),
        "ISO week date": ([*h, "stories", "--date", "2026-W29-3"], {}, 2, "not a date written YYYY-MM-DD"),
        "out is a file": ([*h, "build", "--date", DAY, "--out", tmp / "a-file"], {}, 2, "is a file"),
        "verify non-JSON": ([*h, "verify", tmp / "notjson.json"], {}, 2, "not a bulletin.json"),
        "verify empty object": ([*h, "verify", tmp / "empty.json"], {}, 2, "not a bulletin.json"),
        "verify a directory": ([*h, "verify", tmp / "adir"], {}, 2, "no such file"),
        "ingest a directory": ([*h, "ingest", tmp / "adir"], {}, 2, "not a file"),
        "ingest a missing file": ([*h, "ingest", tmp / "nope.warc"], {}, 2, "no such file"),
        "database URL nonsense": ([*h, "stories", "--date", DAY], {"RIBAO_DATABASE_URL": "nonsense://x"}, 3,
                                  "cannot open the database"),
        "database unreachable": ([*h, "stories", "--date", DAY],
                                 {"RIBAO_DATABASE_URL": "postgresql+psycopg://ribao@127.0.0.1:9/ribao"}, 3,
                                 "cannot open the database"),
        "log file unwritable": (["--log-file", tmp / "no" / "such" / "dir.log", *h, "sources", "list"], {}, 2,
                                "--log-file"),
        "sources YAML broken": ([*h, "crawl", "--sources", tmp / "broken.yaml", "--replay", SAMPLE.warc], {}, 2,
                                "cannot be read as a sources file"),
    }


MISTAKES = ["unknown line", "line YAML executes nothing", "unknown writer", "missing llm config", "date out of range",
            "date before range", "basic ISO date", "ISO week date", "out is a file", "verify non-JSON",
            "verify empty object", "verify a directory", "ingest a directory", "ingest a missing file",
            "database URL nonsense", "database unreachable", "log file unwritable", "sources YAML broken"]


@pytest.mark.parametrize("name", MISTAKES)
def test_a_user_mistake_ends_in_one_line_and_its_exit_code(name, demo_home, tmp_path):
    args, env, rc, said = _mistakes(tmp_path, demo_home)[name]   # each is refused before anything is written
    run = ribao(*args, env=env)
    assert_clean(run, rc)
    assert said in run.err, run.err
    assert "pwned" not in run.output


def test_crawl_replay_of_a_file_that_is_not_a_warc_gives_no_traceback(tmp_path):
    (tmp_path / "notwarc.warc").write_text("# not a WARC file\n", encoding="utf-8")
    run = ribao("--home", tmp_path / "home", "crawl", "--replay", tmp_path / "notwarc.warc")
    assert_clean(run, (0, 1, 2))


# -- crawl output and stored errors holding markup ------------------------------------------------

@pytest.fixture()
def redirecting_site(httpserver: HTTPServer, tmp_path) -> Path:
    """A source named ``markup[/x]`` whose list pages fail: one redirects to ``ftp://…`` and one
    sits at a URL holding ``[/x]`` (so the stored error holds it); returns the catalog file."""
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/news/").respond_with_data("", status=302,
                                                          headers={"Location": "ftp://example.invalid/[/x]"})
    src = Source(id="markup[/x]", name="测试[/x]局", publisher="测试局", tier="central_ministry",
                 hosts=["localhost", "127.0.0.1"], allow_private=True,
                 endpoints=[ListEndpoint(column="新闻", url=httpserver.url_for("/news/")),
                            ListEndpoint(column="通知", url=httpserver.url_for("/tz/[/x]/"))])
    cat = tmp_path / "catalog.yaml"
    cat.write_text(yaml.safe_dump({"sources": [src.model_dump(mode="json", exclude_defaults=True)]},
                                  allow_unicode=True), encoding="utf-8")
    return cat


def test_crawl_prints_a_redirect_target_holding_markup(redirecting_site, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "crawl.yaml").write_text("contact: tests@example.org\ndelay_s: 0\nretries: 0\n", encoding="utf-8")
    run = ribao("--home", home, "crawl", "--sources", redirecting_site)
    assert_clean(run, (0, 1))
    assert "markup[/x]" in run.err and "/tz/[/x]/" in run.err and "ftp://example.invalid/" in run.err


def test_sources_check_prints_a_stored_error_holding_markup(redirecting_site, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "crawl.yaml").write_text("contact: tests@example.org\ndelay_s: 0\nretries: 0\n", encoding="utf-8")
    assert_clean(ribao("--home", home, "crawl", "--sources", redirecting_site), (0, 1))
    run = ribao("--home", home, "sources", "check", "--sources", redirecting_site)
    assert_clean(run, 1)   # unwell: its list page failed
    assert "[/x]" in run.err
