"""E-mail: the edition (inline-styled HTML under 100 KB, full text part) and SMTP delivery to a
local aiosmtpd server over implicit TLS and STARTTLS with AUTH, the PDF attached, sent once."""
from __future__ import annotations

import json
from datetime import date

import pytest
import trustme
from delivery_servers import SmtpServer
from lxml import html as lxml_html
from pgbackend import database_url_for
from sample_bulletins import PLANTED, bulletin

from ribao.deliver import DeliveryInput, sender_for
from ribao.deliver.config import EmailChannel
from ribao.deliver.ledger import deliver
from ribao.render.email import render_email
from ribao.store import Store

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")   # implicit TLS: it is

DAY = date(2026, 7, 15)
URL = "https://ribao.example.org/bulletins/2026-07-15/"


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture()
def store(tmp_path):
    (tmp_path / "home").mkdir()
    s = Store(database_url_for(tmp_path / "home"))
    yield s
    s.close()


def test_edition_has_inline_styles_only_and_fits_gmail():
    ed = render_email(bulletin(6), bulletin_url=URL)
    assert ed.mode == "full" and len(ed.html.encode()) < 100_000
    doc = lxml_html.fromstring(ed.html)
    assert not doc.xpath("//style|//script|//link|//img|//*[@class]")
    styled = doc.xpath("//h1|//h2|//p")
    assert styled and all(e.get("style") for e in styled)
    hrefs = doc.xpath("//a/@href")
    assert URL in hrefs and all(h.startswith("https://") for h in hrefs)
    text = ed.text
    assert all(s.headline in text for s in bulletin(6).sections) and "https://www.nea.gov.cn/2026-07/14/c_1.htm" in text


def test_a_huge_bulletin_gets_a_compact_html_that_says_so_and_the_whole_text():
    b = bulletin(6, sentences=30, repeat=40)
    ed = render_email(b, bulletin_url=URL)
    assert len(ed.html.encode()) <= 100_000 and ed.mode in ("compact", "headlines")
    assert "全文见附件 PDF" in ed.html and all(s.headline in ed.html for s in b.sections)
    assert all(s.text in ed.text for sec in b.sections for p in sec.paragraphs for s in p.sentences)


def test_planted_markup_is_text_in_the_email():
    ed = render_email(bulletin(3, planted=True))
    assert "<script>" not in ed.html and "&lt;script&gt;" in ed.html and 'href="javascript' not in ed.html
    assert "<script>alert(1)</script>" in ed.text     # plain text shows it as written


def _channel(port, security, ca_file, **kw):
    return EmailChannel(id="mail", type="email", host="127.0.0.1", port=port, security=security, sender="ribao@example.org",
                        to=["reader@example.org"], cc=["editor@example.org"], ca_file=ca_file, backoff_s=0.01, **kw)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_smtp_with_tls_and_auth_sends_html_text_and_pdf_once(store, tmp_path, ca, monkeypatch, security):
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = SmtpServer(tls=security, cert=cert, user="ribao", password="s3cret-pass")
    monkeypatch.setenv("T_SMTP_USER", "ribao")
    monkeypatch.setenv("T_SMTP_PASSWORD", "s3cret-pass")
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%fake but whole\n%%EOF\n")
    try:
        cfg = _channel(server.port, security, ca_file, username_env="T_SMTP_USER", password_env="T_SMTP_PASSWORD")
        inp = DeliveryInput(bulletin=bulletin(4), bulletin_url=URL, files={"pdf": pdf})
        (rep,) = deliver(store, DAY, inp, [sender_for(cfg)], sleep=lambda s: None)
        assert rep.sent == rep.parts == 1 and server.logins == ["ribao"]
        (mail,) = server.mails
        assert sorted(mail.rcpt_tos) == ["editor@example.org", "reader@example.org"]
        msg = mail.message
        assert msg["Subject"] == "新质生产力每日动态（2026 年 7 月 15 日）"
        assert msg.get_body(("plain",)).get_content().startswith("新质生产力每日动态")
        assert "<h1" in msg.get_body(("html",)).get_content()
        (att,) = list(msg.iter_attachments())
        assert att.get_filename() == "新质生产力每日动态-2026-07-15.pdf" and att.get_content() == pdf.read_bytes()
        again = deliver(store, DAY, inp, [sender_for(cfg)], sleep=lambda s: None)[0]
        assert again.already == 1 and len(server.mails) == 1
        with store.session() as s:
            from sqlalchemy import select

            from ribao.store.schema import DeliveryRow
            stored = json.dumps([r.payload for r in s.execute(select(DeliveryRow)).scalars()], ensure_ascii=False)
        assert "s3cret-pass" not in stored
    finally:
        server.stop()


def test_untrusted_certificate_is_refused_not_retried(store, tmp_path, ca):
    server = SmtpServer(tls="ssl", cert=ca.issue_cert("127.0.0.1"))
    try:
        (rep,) = deliver(store, DAY, DeliveryInput(bulletin=bulletin(2)), [sender_for(_channel(server.port, "ssl", None))],
                         sleep=lambda s: None)
        assert rep.failed == 1 and "certificate" in rep.errors[0] and not server.mails
    finally:
        server.stop()


def test_smtp_server_down_is_retried_then_reported(store):
    (rep,) = deliver(store, DAY, DeliveryInput(bulletin=bulletin(2)),
                     [sender_for(_channel(9, "none", None, retries=2))], sleep=lambda s: None)
    assert rep.failed == 1 and "not sent" in rep.errors[0]
