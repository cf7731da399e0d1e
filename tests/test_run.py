"""``ribao run`` end to end, offline: a dev-corpus day and the bundled sample, every channel
delivered to local servers; a second run duplicates nothing; approval; reports; resumption."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pgbackend import database_url_for
from run_setup import SAMPLE_CRAWLED, bulletin_doc, endpoints, sample_entrypoints, write_run_yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from ribao.cli import app
from ribao.pipeline import bundled_sample
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.schema import (ArticleRow, BulletinRow, CaptureRow, DeliveryRow, RunReportRow, RunStageRow,
                                StoryRow)

runner = CliRunner()
SAMPLE = bundled_sample()


def counts(home: Path) -> dict[str, int]:
    store = Store(Settings.load(home).database_url)
    with store.session() as s:
        out = {t.__tablename__: s.execute(select(func.count()).select_from(t)).scalar_one()
               for t in (CaptureRow, ArticleRow, BulletinRow, StoryRow, DeliveryRow, RunStageRow)}
        b = s.execute(select(BulletinRow)).scalars().all()
        out["bulletin_ids"] = tuple((r.id, r.created_at.isoformat()) for r in b)
    store.close()
    return out


@pytest.fixture()
def servers(monkeypatch):
    ep = endpoints()
    for k, v in ep.env().items():
        monkeypatch.setenv(k, v)
    yield ep
    ep.stop()


def test_dev_day_offline_end_to_end_then_twice_duplicates_nothing(dev_corpus, tmp_path, servers):
    home = tmp_path / "home"
    write_run_yaml(home, servers.smtp.port)
    args = ["--home", str(home), "run", "--date", "2026-07-15", "--replay", str(dev_corpus / "corpus.warc.gz"),
            "--sources", str(dev_corpus / "entrypoints.json"), "--log-format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    events = [json.loads(x) for x in first.output.splitlines() if x.startswith("{")]
    ends = {e["stage"]: e for e in events if e["event"] == "stage.end"}
    assert [e["stage"] for e in events if e["event"] == "stage.start"] == \
        ["crawl", "ingest", "build", "approval", "render", "publish", "deliver"]
    assert ends["crawl"]["counts"]["articles"] == 124 and ends["build"]["counts"]["sections"] >= 4
    assert ends["deliver"]["outcome"] == "done"
    out = home / "bulletins" / "xinzhi" / "2026-07-15"
    for name in ("bulletin.json", "bulletin.md", "bulletin.html", "bulletin.pdf", "bulletin.email.html",
                 "bulletin.email.txt"):
        assert (out / name).stat().st_size > 0, name
    got = servers.received()
    assert all(n == 1 for n in got.values())
    kinds = {k[0] for k in got}
    assert kinds == {"wecom", "feishu", "dingtalk", "webhook", "email"}
    assert len(servers.smtp.mails) == 1 and servers.smtp.mails[0].message.get_content_type() == "multipart/mixed"
    before = counts(home)

    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert counts(home) == before                           # no capture, story, bulletin version or message twice
    assert servers.received() == got
    reports = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json"]).stdout)
    assert [r["status"] for r in reports] == ["done", "done"]
    assert all(s["outcome"] == "already done" for s in reports[0]["stages"])
    first_rep = reports[1]
    assert {s["name"]: s["outcome"] for s in first_rep["stages"]} == {
        "crawl": "done", "ingest": "skipped", "build": "done", "approval": "done", "render": "done",
        "publish": first_rep["stages"][5]["outcome"], "deliver": "done"}
    assert {d["channel"]: (d["sent"], d["parts"]) for d in first_rep["deliveries"]}["mail"] == (1, 1)
    assert first_rep["verification"]["sentences"] > 0 and first_rep["sources_down"] == []


def test_approval_stops_after_build_and_approve_resumes(tmp_path, servers):
    home = tmp_path / "home"
    write_run_yaml(home, servers.smtp.port, approval=True)
    entry = sample_entrypoints(tmp_path)
    args = ["--home", str(home), "run", "--date", str(SAMPLE.date), "--replay", str(SAMPLE.warc), "--sources",
            str(entry), *sum((["--source", s] for s in SAMPLE_CRAWLED), []), "--ingest", str(SAMPLE.warc)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "awaiting_approval" in first.output and not servers.received()
    out = home / "bulletins" / "xinzhi" / str(SAMPLE.date)
    assert (out / "bulletin.json").exists() and not (out / "bulletin.email.html").exists()
    rerun = runner.invoke(app, args)                      # still waiting: nothing rebuilt, nothing sent
    assert rerun.exit_code == 0 and "awaiting_approval" in rerun.output and not servers.received()
    rep = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json", "--limit", "1"]).stdout)[0]
    assert [(s["name"], s["outcome"]) for s in rep["stages"]][2:] == [("build", "already done"), ("approval", "waiting")]

    ok = runner.invoke(app, ["--home", str(home), "approve", "--date", str(SAMPLE.date), "--by", "编辑甲"])
    assert ok.exit_code == 0, ok.output
    assert (out / "bulletin.email.html").exists()
    assert {k[0] for k in servers.received()} == {"wecom", "feishu", "dingtalk", "webhook", "email"}
    reports = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json"]).stdout)
    assert reports[0]["trigger"] == "approve" and reports[0]["status"] == "done"
    approval = next(s for s in reports[0]["stages"] if s["name"] == "approval")
    assert approval["outcome"] == "already done" and "编辑甲" in approval["notes"][0]
    crawl = reports[-1]["stages"][0]
    assert crawl["counts"]["sources"] == len(SAMPLE_CRAWLED)
    ingest = reports[-1]["stages"][1]
    assert ingest["outcome"] == "done" and ingest["counts"]["new_captures"] > 0   # what the crawl did not reach


def test_nothing_to_approve_before_build_is_one_line(tmp_path):
    r = runner.invoke(app, ["--home", str(tmp_path / "h"), "approve", "--date", "2026-03-18"])
    assert r.exit_code == 2 and "nothing to approve" in r.output and "Traceback" not in r.output


def test_real_entry_point_with_a_delivery_endpoint_down_then_resumed(tmp_path, servers):
    """The console script in a subprocess: WeCom unreachable → the run publishes and delivers the rest,
    exits 1 with the failure in its report; with WeCom back, a rerun (in-process) sends only what is missing."""
    home = tmp_path / "home"
    write_run_yaml(home, servers.smtp.port)
    env = {**os.environ, **servers.env(), "RIBAO_DATABASE_URL": database_url_for(home),
           "R_WECOM_URL": "http://127.0.0.1:9/cgi-bin/webhook/send?key=x"}
    ribao = str(Path(sys.executable).with_name("ribao"))
    cmd = [ribao, "--home", str(home), "run", "--date", str(SAMPLE.date), "--no-crawl", "--ingest", str(SAMPLE.warc)]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr and "delivery wecom: 0/" in first.stderr
    got = servers.received()
    assert {k[0] for k in got} == {"feishu", "dingtalk", "webhook", "email"}
    rep = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json", "--limit", "1"], env=env).stdout)[0]
    assert rep["status"] == "problems"
    assert {s["name"]: s["outcome"] for s in rep["stages"]}["deliver"] == "failed"
    assert rep["stages"][5]["outcome"] in ("done", "unavailable")     # publication was not blocked

    env["R_WECOM_URL"] = servers.env()["R_WECOM_URL"]
    second = runner.invoke(app, cmd[1:], env=env)
    assert second.exit_code == 0, second.output
    now = servers.received()
    assert all(n == 1 for n in now.values()) and {k for k in now if k[0] != "wecom"} == set(got)
    assert sum(1 for k in now if k[0] == "wecom") >= 2            # its markdown parts and the PDF file
    rep = json.loads(runner.invoke(app, ["--home", str(home), "runs", "--json", "--limit", "1"], env=env).stdout)[0]
    assert [s["outcome"] for s in rep["stages"]][:6] == ["already done"] * 6


def test_a_second_run_of_a_line_at_once_is_busy(tmp_path):
    from ribao.run.lock import hold

    home = tmp_path / "home"
    with hold(home, "run-xinzhi", "a run of line xinzhi"):
        r = runner.invoke(app, ["--home", str(home), "run", "--date", "2026-03-18", "--no-crawl"])
    assert r.exit_code == 4 and "already running" in r.output


def test_run_yaml_mistakes_are_one_line_naming_the_key(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "run.yaml").write_text("lines:\n  - line: xinzhi\n    schedul: '40 6 * * *'\n", encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home), "run", "--date", "2026-03-18"])
    assert r.exit_code == 2 and "run.yaml: lines.0.schedul: unknown key" in r.output
    (home / "run.yaml").write_text("lines:\n  - line: xinzhi\n    schedule: 'at dawn'\n", encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home), "run", "--date", "2026-03-18"])
    assert r.exit_code == 2 and "not a cron expression" in r.output
    (home / "run.yaml").write_text("lines:\n  - line: xinzhi\n    channels:\n      - {id: a, type: wecom, url: "
                                   "'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'}\n", encoding="utf-8")
    r = runner.invoke(app, ["--home", str(home), "run", "--date", "2026-03-18"])
    assert r.exit_code == 2 and "url_env: Field required" in r.output and "url: unknown key" in r.output
    (home / "run.yaml").unlink()
    r = runner.invoke(app, ["--home", str(home), "run", "--date", "2026-03-18", "--channel", "nope"])
    assert r.exit_code == 2 and "--channel nope" in r.output
