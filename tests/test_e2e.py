"""End to end: ingest a capture and build its dates; on ../shared/corpus/dev, score every gold date.

Without ../shared the tests that need no gold run on the bundled sample instead (``capture``)."""
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ribao.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(capture, tmp_path_factory):
    home = tmp_path_factory.mktemp("e2e")
    r = runner.invoke(app, ["--home", str(home), "ingest", str(capture.warc)])
    assert r.exit_code == 0, r.output
    again = runner.invoke(app, ["--home", str(home), "ingest", str(capture.warc)])
    assert "0 new captures, 0 articles" in again.output
    outs = {}
    for day in capture.days:
        out = home / "out" / day
        r = runner.invoke(app, ["--home", str(home), "build", "--date", day, "--out", str(out)])
        assert r.exit_code == 0, r.output
        outs[day] = out
    return outs


def _score(dev_corpus, day, out):
    script = dev_corpus.parents[1] / "eval" / "score.py"
    res = subprocess.run([sys.executable, str(script), str(dev_corpus.parent / "days" / day),
                          str(dev_corpus / "gold.json"), str(out / "bulletin.json")],
                         capture_output=True, text=True, check=True)
    line = res.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def test_scores_on_every_gold_date(dev_corpus, built):
    assert sorted(built) == sorted(json.loads((dev_corpus / "gold.json").read_text(encoding="utf-8")))
    for day, out in built.items():
        s = _score(dev_corpus, day, out)
        assert s["story_recall"] == 1.0 and s["split"] == 0, (day, s)
        assert s["section_precision"] == 1.0, (day, s)
        assert s["noise_cited"] == 0 and s["reprint_both_cited"] == 0, (day, s)
        assert s["ref_problems"] == 0 and s["ungrounded"] == 0 and s["uncited_facts"] == 0, (day, s)


def test_four_files_and_contract(built):
    for day, out in built.items():
        for name in ("bulletin.json", "bulletin.md", "bulletin.html", "bulletin.pdf"):
            assert (out / name).stat().st_size > 0
        b = json.loads((out / "bulletin.json").read_text(encoding="utf-8"))
        assert b["date"] == day and b["line"] == "xinzhi" and b["writer"]["kind"] == "extractive"
        refs = {r["n"] for r in b["references"]}
        assert 4 <= len(b["sections"]) <= 6
        for sec in b["sections"]:
            roles = [p["role"] for p in sec["paragraphs"]]
            assert roles == ["facts", "analysis"]
            for p in sec["paragraphs"]:
                for s in p["sentences"]:
                    assert set(s["cites"]) <= refs
            assert all(s["cites"] for s in sec["paragraphs"][0]["sentences"])


def test_follow_up_day_does_not_repeat_yesterday(built, dev_corpus):
    first = json.loads((built["2026-07-15"] / "bulletin.json").read_text(encoding="utf-8"))
    second = json.loads((built["2026-07-16"] / "bulletin.json").read_text(encoding="utf-8"))
    cited_first = {u for s in first["sections"] for u in s["sources"]}
    refs = {r["n"]: r["url"] for r in second["references"]}
    facts_second = {refs[c] for s in second["sections"] for p in s["paragraphs"] if p["role"] == "facts"
                    for x in p["sentences"] for c in x["cites"]}
    assert not cited_first & facts_second   # yesterday's pages are at most context, never today's facts
    # the 答记者问 and reports of 07-16 on the 07-15 实施意见 are linked to that story as a development
    gold = json.loads((dev_corpus / "gold.json").read_text(encoding="utf-8"))
    s1_urls = {gold["2026-07-16"]["urls"][i] for i in gold["2026-07-16"]["stories"][0]["articles"]}
    first_s1 = next(s for s in first["sections"]
                    if gold["2026-07-15"]["urls"]["a01"] in s["sources"])
    follow = next(s for s in second["sections"] if s1_urls & set(s["sources"]))
    assert follow["continues"] == [f"2026-07-15:{first_s1['story_id']}"]
    assert sum(bool(s["continues"]) for s in second["sections"]) == 1


def test_editor_overrides_are_honoured(built):
    day = sorted(built)[-1]
    home = built[day].parents[1]
    b = json.loads((built[day] / "bulletin.json").read_text(encoding="utf-8"))
    dropped = b["sections"][0]["story_id"]
    listing = runner.invoke(app, ["--home", str(home), "stories", "--date", day, "--limit", "50"])
    keys = re.findall(r"st-[0-9a-f]{10}", listing.output)
    assert dropped in keys
    unchosen = [k for k in keys if k not in {s["story_id"] for s in b["sections"]}][0]
    r = runner.invoke(app, ["--home", str(home), "stories", "--date", day, "--exclude", dropped,
                            "--include", unchosen])
    assert r.exit_code == 0, r.output
    out = home / "override-out"
    r = runner.invoke(app, ["--home", str(home), "build", "--date", day, "--out", str(out)])
    assert r.exit_code == 0, r.output
    again = json.loads((out / "bulletin.json").read_text(encoding="utf-8"))
    ids = [s["story_id"] for s in again["sections"]]
    assert dropped not in ids and unchosen in ids


def test_verify_catches_an_editors_wrong_number(built, tmp_path):
    src = built[sorted(built)[0]] / "bulletin.json"
    b = json.loads(src.read_text(encoding="utf-8"))
    home = src.parents[2]
    ok = runner.invoke(app, ["--home", str(home), "verify", str(src)])
    assert ok.exit_code == 0, ok.output
    sent = b["sections"][0]["paragraphs"][0]["sentences"][-1]
    m = re.search(r"\d+(?:\.\d+)?%", sent["text"]) or re.search(r"\d+", sent["text"])
    sent["text"] = sent["text"].replace(m.group(0), "9" + m.group(0), 1)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    bad = runner.invoke(app, ["--home", str(home), "verify", str(edited)])
    assert bad.exit_code == 1 and "number" in bad.output
    fixed = runner.invoke(app, ["--home", str(home), "verify", str(edited), "--write"])
    assert fixed.exit_code == 0
    out = json.loads(edited.read_text(encoding="utf-8"))
    assert sent["text"] not in json.dumps(out["sections"], ensure_ascii=False)
    assert out["verification"]["dropped"]


def test_a_thin_day_prints_no_noise(built, capture):
    """A date with nothing new in the window gets fewer sections, not filler."""
    home = built[sorted(built)[0]].parents[1]
    out = home / "thin"
    r = runner.invoke(app, ["--home", str(home), "build", "--date", capture.thin_day, "--out", str(out)])
    assert r.exit_code == 0, r.output
    b = json.loads((out / "bulletin.json").read_text(encoding="utf-8"))
    assert b["sections"] == [] and b["references"] == [] and b["abstract"]
    assert (out / "bulletin.pdf").stat().st_size > 0


def test_trend_names_lines_that_continue(built, dev_corpus):
    """The 趋势判断 counts the earlier bulletin's section on the line and names the story continued."""
    second = json.loads((built["2026-07-16"] / "bulletin.json").read_text(encoding="utf-8"))
    assert "已刊1节，最近7月15日" in second["trend"] and "本刊7月15日所报" in second["trend"]
