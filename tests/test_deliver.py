"""Delivery channels against local platform servers (tests/delivery_servers.py): payload shape,
byte limits, signatures, error codes, retries, rate limits, and the ledger's exactly-once rule."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from delivery_servers import Platforms, Secrets
from pgbackend import database_url_for
from sample_bulletins import PLANTED, bulletin

from ribao.deliver import DeliveryInput, sender_for
from ribao.deliver.config import DingTalkChannel, FeishuChannel, WebhookChannel, WeComChannel
from ribao.deliver.ledger import RateLimiter, deliver
from ribao.store import Store
from ribao.store.runs import RunStore

DAY = date(2026, 7, 15)
URL = "https://ribao.example.org/bulletins/2026-07-15/"
FEISHU_SECRET, DINGTALK_SECRET, WEBHOOK_SECRET = "fs-secret-9f8e7d", "SEC0123456789abcdef", "wh-secret-42"


@pytest.fixture()
def store(tmp_path):
    (tmp_path / "home").mkdir()
    s = Store(database_url_for(tmp_path / "home"))
    yield s
    s.close()


@pytest.fixture()
def platforms(monkeypatch):
    p = Platforms(Secrets(feishu=FEISHU_SECRET, dingtalk=DINGTALK_SECRET, webhook=WEBHOOK_SECRET))
    for name, url in p.urls().items():
        monkeypatch.setenv(f"T_{name.upper()}_URL", url)
    monkeypatch.setenv("T_FEISHU_SECRET", FEISHU_SECRET)
    monkeypatch.setenv("T_DINGTALK_SECRET", DINGTALK_SECRET)
    monkeypatch.setenv("T_WEBHOOK_SECRET", WEBHOOK_SECRET)
    yield p
    p.stop()


@pytest.fixture()
def pdf(tmp_path):
    f = tmp_path / "bulletin.pdf"
    f.write_bytes(b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n")
    return f


def wecom(**kw):
    return WeComChannel(id="wecom-team", type="wecom", url_env="T_WECOM_URL", backoff_s=0.01, **kw)


def feishu(**kw):
    return FeishuChannel(**{"id": "feishu-team", "type": "feishu", "url_env": "T_FEISHU_URL",
                            "secret_env": "T_FEISHU_SECRET", "backoff_s": 0.01, **kw})


def dingtalk(**kw):
    return DingTalkChannel(**{"id": "dingtalk-team", "type": "dingtalk", "url_env": "T_DINGTALK_URL",
                              "secret_env": "T_DINGTALK_SECRET", "backoff_s": 0.01, **kw})


def webhook(**kw):
    return WebhookChannel(id="hook", type="webhook", url_env="T_WEBHOOK_URL", secret_env="T_WEBHOOK_SECRET",
                          backoff_s=0.01, **kw)


def send(store, b, *channels, files=None, **kw):
    inp = DeliveryInput(bulletin=b, bulletin_url=URL, files=files or {})
    return {r.channel: r for r in deliver(store, DAY, inp, [sender_for(c) for c in channels], sleep=lambda s: None, **kw)}


def label(text: str) -> tuple[int, int]:
    m = re.search(r"（(\d+)/(\d+)）", text)
    return (int(m[1]), int(m[2])) if m else (1, 1)


def test_wecom_splits_at_sections_within_4096_bytes_numbered_and_links_the_bulletin(store, platforms, pdf):
    b = bulletin(6, repeat=12)
    rep = send(store, b, wecom(attach_pdf=True), files={"pdf": pdf})["wecom-team"]
    msgs = [r for r in platforms.of("wecom") if r.body["msgtype"] == "markdown"]
    files = [r for r in platforms.of("wecom") if r.body["msgtype"] == "file"]
    assert rep.failed == 0 and rep.sent == rep.parts == len(msgs) + 1 and len(msgs) >= 3 and len(files) == 1
    assert not platforms.refused
    sizes = [len(r.text.encode("utf-8")) for r in msgs]
    assert max(sizes) <= 4096 and max(sizes) > 2500          # full parts, not one section each
    assert [label(r.text) for r in msgs] == [(i, len(msgs)) for i in range(1, len(msgs) + 1)]
    assert f"[阅读全文]({URL})" in msgs[-1].text and all("阅读全文" not in r.text for r in msgs[:-1])
    joined = "\n".join(r.text for r in msgs)
    for sec in b.sections:      # every section once, whole: splits fall between sections
        assert joined.count(sec.headline) == 1
        for s in sec.paragraphs[0].sentences:
            assert s.text in joined
    assert platforms.media and list(platforms.media.values()) == [pdf.stat().st_size]


def test_a_section_larger_than_a_message_is_cut_between_sentences_with_nothing_lost(store, platforms):
    b = bulletin(2, sentences=14, repeat=10)      # each section alone ≈ 10 KB of UTF-8
    rep = send(store, b, wecom())["wecom-team"]
    msgs = platforms.of("wecom")
    assert rep.sent == len(msgs) >= 5 and not platforms.refused
    assert all(len(r.text.encode()) <= 4096 for r in msgs)
    joined = "".join(r.text for r in msgs)
    assert "（续）" in joined
    for sec in b.sections:
        for s in sec.paragraphs[0].sentences:
            assert joined.count(s.text) == 1


def test_wecom_over_the_limit_is_errcode_40058_not_retried_and_reported(store, platforms, monkeypatch):
    monkeypatch.setattr(platforms, "_wecom", _smaller_wecom(platforms, 1500))
    rep = send(store, bulletin(3, repeat=12), wecom(retries=3))["wecom-team"]
    assert rep.failed == 1 and rep.sent == 0 and rep.pending == rep.parts - 1
    assert "errcode 40058" in rep.errors[0]
    assert len(platforms.refused) == 1                    # a refusal for size is not tried again


def _smaller_wecom(platforms, limit):
    original = platforms._wecom

    def check(path, query, body, size, raw, headers):
        content = body.get("markdown", {}).get("content", "")
        if len(content.encode()) > limit:
            return 40058, {"errcode": 40058, "errmsg": f"markdown.content exceed max length {limit}"}
        return original(path, query, body, size, raw, headers)
    return check


def test_feishu_card_top_level_signed_within_20kb(store, platforms):
    b = bulletin(6, repeat=30)
    rep = send(store, b, feishu(keyword="日报"))["feishu-team"]
    got = platforms.of("feishu")
    assert rep.sent == rep.parts == len(got) >= 2 and not platforms.refused
    for r in got:
        assert r.size <= 20_000 and r.body["msg_type"] == "interactive" and "content" not in r.body
        assert r.body["card"]["schema"] == "2.0" and r.body["timestamp"].isdigit() and len(r.body["timestamp"]) == 10
        assert r.body["card"]["header"]["title"]["content"].startswith("日报 ")
    assert max(r.size for r in got) > 12_000            # packed, not one section per card
    assert URL in got[-1].text


def test_feishu_bad_signature_is_19021_and_not_retried(store, platforms, monkeypatch):
    monkeypatch.setenv("T_FEISHU_SECRET", "not-the-secret")
    rep = send(store, bulletin(2), feishu(retries=3))["feishu-team"]
    assert rep.failed == 1 and rep.sent == 0 and "code 19021" in rep.errors[0]
    assert len(platforms.refused) == 1 and not platforms.accepted


def test_dingtalk_markdown_and_action_card_signed_in_the_query(store, platforms):
    b = bulletin(6, repeat=30)
    md = send(store, b, dingtalk())["dingtalk-team"]
    assert md.sent == md.parts >= 2 and not platforms.refused
    got = platforms.of("dingtalk")
    assert all(r.size <= 20_000 and r.body["msgtype"] == "markdown" for r in got)
    assert all(len(r.query["timestamp"]) == 13 and r.query["sign"] for r in got)   # milliseconds; sign verified
    assert "  \n" in got[0].body["markdown"]["text"] and URL in got[-1].text
    card = send(store, b, dingtalk(id="dingtalk-card", format="actionCard"))["dingtalk-card"]   # a second robot
    last = platforms.of("dingtalk")[-1].body
    assert card.sent == card.parts and last["msgtype"] == "actionCard"
    assert last["actionCard"]["singleURL"] == URL and last["actionCard"]["singleTitle"] == "阅读全文"


def test_dingtalk_bad_signature_is_310000(store, platforms, monkeypatch):
    monkeypatch.setenv("T_DINGTALK_SECRET", "SECwrong")
    rep = send(store, bulletin(2), dingtalk())["dingtalk-team"]
    assert rep.failed == 1 and "errcode 310000" in rep.errors[0] and not platforms.accepted


def test_generic_webhook_summary_signed(store, platforms):
    b = bulletin(3)
    rep = send(store, b, webhook())["hook"]
    (got,) = platforms.of("webhook")
    assert rep.sent == 1 and got.body["type"] == "ribao.bulletin" and got.body["url"] == URL
    assert [s["headline"] for s in got.body["sections"]] == [s.headline for s in b.sections]
    assert got.headers["X-Ribao-Delivery"] == "xinzhi/2026-07-15/hook/1"


def test_a_send_failing_mid_way_is_completed_by_the_rerun_in_order_without_duplicates(store, platforms):
    b = bulletin(6, repeat=12)
    first = send(store, b, wecom(retries=1))["wecom-team"]
    n = first.parts
    assert first.sent == n and n >= 3
    # the same bulletin to a second robot whose server breaks at part 2 (two 500s: one retry, then give up)
    seen = len(platforms.of("wecom"))
    platforms.fail_next["wecom"] = []

    original = platforms._wecom
    calls = {"n": 0}

    def flaky(path, query, body, size, raw, headers):
        calls["n"] += 1
        if calls["n"] in (2, 3):
            return -1, {"errcode": -1, "errmsg": "system busy"}
        return original(path, query, body, size, raw, headers)
    platforms._wecom = flaky
    c2 = wecom(retries=1).model_copy(update={"id": "wecom-other"})
    broken = send(store, b, c2)["wecom-other"]
    assert (broken.sent, broken.failed, broken.pending) == (1, 1, n - 2)
    platforms._wecom = original
    again = send(store, b, c2)["wecom-other"]
    assert (again.sent, again.already, again.failed) == (n - 1, 1, 0)
    second = platforms.of("wecom")[seen:]
    assert [label(r.text) for r in second] == [(i, n) for i in range(1, n + 1)]   # each part once, in order
    assert send(store, b, c2)["wecom-other"].already == n and len(platforms.of("wecom")) == seen + n


def test_an_endpoint_down_fails_after_retries_and_other_channels_still_deliver(store, platforms, monkeypatch):
    monkeypatch.setenv("T_WECOM_URL", "http://127.0.0.1:9/cgi-bin/webhook/send?key=x")   # nothing listens on port 9
    reps = send(store, bulletin(3), wecom(retries=2), feishu())
    assert reps["wecom-team"].failed == 1 and "not sent: ConnectError" in reps["wecom-team"].errors[0]
    assert reps["feishu-team"].sent == reps["feishu-team"].parts and platforms.of("feishu")
    assert RunStore(store).planned("xinzhi", DAY, "wecom-team")[0].attempts == 3


def test_no_answer_means_unconfirmed_never_resent_on_its_own(store, platforms):
    platforms.drop_next["wecom"] = 1
    b = bulletin(6, repeat=12)
    rep = send(store, b, wecom())["wecom-team"]
    assert rep.unconfirmed == 1 and rep.sent == rep.parts - 1
    assert len(platforms.of("wecom")) == rep.parts          # it did arrive
    again = send(store, b, wecom())["wecom-team"]
    assert again.unconfirmed == 1 and again.sent == 0 and len(platforms.of("wecom")) == rep.parts
    forced = send(store, b, wecom(), resend_unconfirmed=True)["wecom-team"]
    assert forced.sent == 1 and len(platforms.of("wecom")) == rep.parts + 1


def test_a_new_bulletin_version_replaces_the_plan_only_if_nothing_left(store, platforms, monkeypatch):
    monkeypatch.setenv("T_WECOM_URL", "http://127.0.0.1:9/cgi-bin/webhook/send?key=x")
    send(store, bulletin(2), wecom(retries=0))
    plan1 = RunStore(store).planned("xinzhi", DAY, "wecom-team")
    monkeypatch.setenv("T_WECOM_URL", platforms.urls()["wecom"])
    rep = send(store, bulletin(4), wecom())["wecom-team"]     # nothing had left: the new version is sent
    assert rep.sent == rep.parts and RunStore(store).planned("xinzhi", DAY, "wecom-team")[0].bulletin_sha != plan1[0].bulletin_sha
    assert "第4项" in "".join(r.text for r in platforms.of("wecom"))
    later = send(store, bulletin(5), wecom())["wecom-team"]   # already sent: the edited version is not sent again
    assert later.already == rep.parts and later.sent == 0


def test_untrusted_text_is_literal_in_every_chat_format(store, platforms):
    b = bulletin(3, planted=True)
    send(store, b, wecom(), feishu(), dingtalk())
    for r in platforms.accepted:
        t = r.text
        assert "<script>" not in t and "<@all>" not in t and "<font" not in t and "](javascript:" not in t
        assert "＜script＞" in t
    links = re.findall(r"\]\(([^)]*)\)", "".join(r.text for r in platforms.accepted))
    assert links and all(u.startswith("https://") for u in links)


def test_secrets_are_never_stored(store, platforms):
    send(store, bulletin(3), wecom(), feishu(), dingtalk(), webhook())
    from sqlalchemy import select

    from ribao.store.schema import DeliveryRow
    with store.session() as s:
        dump = json.dumps([[r.payload, r.last_error, r.response] for r in s.execute(select(DeliveryRow)).scalars()],
                          ensure_ascii=False)
    for secret in ("wecom-key-0123456789", "feishu-token-abcdef", "dingtalk-token-xyz", FEISHU_SECRET,
                   DINGTALK_SECRET, WEBHOOK_SECRET, "127.0.0.1"):
        assert secret not in dump


def test_a_missing_secret_fails_that_channel_only(store, platforms, monkeypatch):
    monkeypatch.delenv("T_FEISHU_SECRET")
    reps = send(store, bulletin(2), feishu(), webhook())
    assert "T_FEISHU_SECRET" in reps["feishu-team"].errors[0] and reps["feishu-team"].parts == 0
    assert reps["hook"].sent == 1


def test_rate_limiter_keeps_to_the_minute_and_second_and_remembers_the_ledger():
    now = [1000.0]
    waits = []

    def sleep(s):
        waits.append(s)
        now[0] += s
    lim = RateLimiter(20, None, [995.0] * 5, clock=lambda: now[0], sleep=sleep)   # 5 sent 5 s ago (earlier run)
    for _ in range(15):
        lim.wait()
        lim.record()
    assert waits == [] and len(lim.history) == 20
    lim.wait()                  # the 21st within the minute waits until the oldest leaves it
    assert waits and abs(now[0] - 1055.0) < 1e-6
    per_s = RateLimiter(None, 5, [], clock=lambda: now[0], sleep=sleep)
    start = now[0]
    for _ in range(11):
        per_s.wait()
        per_s.record()
    assert now[0] - start >= 2.0
