"""E-mail over SMTP (implicit TLS on 465, STARTTLS on 587, or plain for a local relay): the
e-mail edition's HTML and text parts as ``multipart/alternative``, the PDF attached. One message
per bulletin and channel; its Message-ID is derived from (line, date, channel, bulletin version),
so a mail system that sees it twice can tell."""
from __future__ import annotations

import hashlib
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from ribao.deliver.base import DeliveryInput, SendResult
from ribao.deliver.config import EmailChannel
from ribao.render.email import render_email
from ribao.store.runs import DeliveryRecord, PlannedPart


class EmailSender:
    def __init__(self, config: EmailChannel) -> None:
        self.config = config

    def close(self) -> None:
        """Nothing to close: each message has its own SMTP session."""

    def secrets(self) -> list[str]:
        c = self.config
        return [v for v in (c.secret(c.password_env, "the SMTP password"),) if v]

    def plan(self, inp: DeliveryInput) -> list[PlannedPart]:
        c = self.config
        ed = render_email(inp.bulletin, bulletin_url=inp.bulletin_url, max_bytes=c.max_html_bytes)
        files = []
        pdf = inp.files.get("pdf")
        if c.attach_pdf and pdf is not None:
            files.append({"path": str(pdf), "filename": f"{inp.bulletin.title}-{inp.bulletin.date}.pdf"})
        b = inp.bulletin
        digest = hashlib.sha256(f"{b.line}/{b.date}/{c.id}/{ed.html}".encode("utf-8")).hexdigest()[:16]
        domain = c.sender.rsplit("@", 1)[-1].strip("> ") or "ribao.invalid"
        return [PlannedPart(1, 1, "message", {"subject": ed.subject, "html": ed.html, "text": ed.text,
                                              "html_mode": ed.mode, "attachments": files,
                                              "message_id": f"<ribao.{b.line}.{b.date}.{c.id}.{digest}@{domain}>"})]

    def message(self, payload: dict) -> EmailMessage:
        c = self.config
        msg = EmailMessage()
        msg["Subject"] = payload["subject"]
        msg["From"] = c.sender
        msg["To"] = ", ".join(c.to)
        if c.cc:
            msg["Cc"] = ", ".join(c.cc)
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = payload["message_id"]
        msg.set_content(payload["text"], subtype="plain", charset="utf-8")
        msg.add_alternative(payload["html"], subtype="html", charset="utf-8")
        for f in payload["attachments"]:
            msg.add_attachment(Path(f["path"]).read_bytes(), maintype="application", subtype="pdf",
                               filename=f["filename"])
        return msg

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.config.ca_file) if self.config.ca_file else None)

    def send(self, part: DeliveryRecord) -> SendResult:
        c = self.config
        try:
            msg = self.message(part.payload)
        except OSError as e:
            return SendResult(False, error=f"cannot read an attachment: {e.strerror or e}")
        try:   # before DATA nothing has been delivered: any failure here may be retried
            if c.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.smtp_port, timeout=c.timeout_s, context=self._context())
            else:
                smtp = smtplib.SMTP(c.host, c.smtp_port, timeout=c.timeout_s)
            with smtp:
                smtp.ehlo()
                if c.security == "starttls":
                    smtp.starttls(context=self._context())
                    smtp.ehlo()
                if c.username_env:
                    smtp.login(c.secret(c.username_env, "the SMTP user name"), c.secret(c.password_env, "the SMTP password"))
                return self._transact(smtp, msg)
        except smtplib.SMTPAuthenticationError as e:
            return SendResult(False, error=f"SMTP login refused: {e.smtp_code}")
        except smtplib.SMTPNotSupportedError as e:
            return SendResult(False, error=f"SMTP server: {e}")
        except ssl.SSLCertVerificationError as e:
            return SendResult(False, error=f"TLS certificate not trusted: {e.verify_message}")
        except (smtplib.SMTPException, OSError, socket.timeout) as e:
            return SendResult(False, retry=True, error=f"not sent: {type(e).__name__}: {e}"[:300])

    def _transact(self, smtp: smtplib.SMTP, msg: EmailMessage) -> SendResult:
        c = self.config
        try:
            refused = smtp.send_message(msg, from_addr=c.sender, to_addrs=[*c.to, *c.cc])
        except smtplib.SMTPRecipientsRefused as e:
            return SendResult(False, error=f"every recipient refused: {', '.join(sorted(e.recipients))}")
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
            return SendResult(False, retry=400 <= e.smtp_code < 500, error=f"SMTP {e.smtp_code}: {e.smtp_error!r}"[:300])
        except (smtplib.SMTPException, OSError) as e:   # the connection went during the transaction
            return SendResult(False, unconfirmed=True, error=f"no answer to the message: {type(e).__name__}")
        note = f"; refused: {', '.join(sorted(refused))}" if refused else ""
        return SendResult(True, response=f"250 accepted{note}", error=note.lstrip("; "))
