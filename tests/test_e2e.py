"""End to end on ../shared/corpus/dev: ingest the capture, build every gold date, score it."""
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ribao.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(dev_corpus, tmp_path_factory):
    home = tmp_path_factory.mktemp("e2e")
    r = runner.invoke(app, ["--home", str(home), "ingest", str(dev_corpus / "corpus.warc.gz")])
    assert r.exit_code == 0, r.output
    again = runner.invoke(app, ["--home", str(home), "ingest", str(dev_corpus / "corpus.warc.gz")])
    assert "0 new captures, 0 articles" in again.output
    gold = json.loads((dev_corpus / "gold.json").read_text(encoding="utf-8"))
    outs = {}
    for day in sorted(gold):
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
    for day, out in built.items():
        s = _score(dev_corpus, day, out)
        assert s["story_recall"] >= 0.8, (day, s)
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


def test_follow_up_day_does_not_repeat_yesterday(built):
    first = json.loads((built["2026-07-15"] / "bulletin.json").read_text(encoding="utf-8"))
    second = json.loads((built["2026-07-16"] / "bulletin.json").read_text(encoding="utf-8"))
    cited_first = {u for s in first["sections"] for u in s["sources"]}
    primaries_second = {s["sources"][0] for s in second["sections"]}
    assert not cited_first & primaries_second


def test_verify_catches_an_editors_wrong_number(built, tmp_path):
    src = built["2026-07-15"] / "bulletin.json"
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
