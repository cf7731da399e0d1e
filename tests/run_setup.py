"""What the daily-run tests share: the bundled sample as a crawlable capture, a home whose
``run.yaml`` delivers to local platform servers, and counting what those servers received."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from delivery_servers import Platforms, Secrets, SmtpServer

from ribao.pipeline import bundled_sample

FEISHU_SECRET, DINGTALK_SECRET, WEBHOOK_SECRET = "fs-run-secret", "SECrun0123456789", "wh-run-secret"
SAMPLE_CRAWLED = ["ndrc", "nea", "nda", "govcn", "miit", "mee"]   # the rest of the sample comes by --ingest


def sample_entrypoints(directory: Path) -> Path:
    """The bundled sample's list pages as an ``entrypoints.json`` (``ribao run --sources``)."""
    meta = yaml.safe_load((bundled_sample().warc.parent / "sample.yaml").read_text(encoding="utf-8"))
    path = Path(directory) / "sample-entrypoints.json"
    path.write_text(json.dumps(meta["entrypoints"], ensure_ascii=False), encoding="utf-8")
    return path


@dataclass
class Endpoints:
    platforms: Platforms
    smtp: SmtpServer

    def env(self) -> dict[str, str]:
        urls = self.platforms.urls()
        return {"R_WECOM_URL": urls["wecom"], "R_FEISHU_URL": urls["feishu"], "R_DINGTALK_URL": urls["dingtalk"],
                "R_WEBHOOK_URL": urls["webhook"], "R_FEISHU_SECRET": FEISHU_SECRET,
                "R_DINGTALK_SECRET": DINGTALK_SECRET, "R_WEBHOOK_SECRET": WEBHOOK_SECRET}

    def stop(self) -> None:
        self.platforms.stop()
        self.smtp.stop()

    def received(self) -> Counter:
        """(channel, message identity) → how many times it arrived; signatures and timestamps aside."""
        seen: Counter = Counter()
        for r in self.platforms.accepted:
            body = {k: v for k, v in r.body.items() if k not in ("timestamp", "sign")}
            seen[(r.platform, json.dumps(body, ensure_ascii=False, sort_keys=True))] += 1
        for m in self.smtp.mails:
            seen[("email", m.message["Message-ID"])] += 1
        return seen


def endpoints() -> Endpoints:
    return Endpoints(Platforms(Secrets(feishu=FEISHU_SECRET, dingtalk=DINGTALK_SECRET, webhook=WEBHOOK_SECRET)),
                     SmtpServer())


def write_run_yaml(home: Path, smtp_port: int, **line) -> Path:
    """A run.yaml for the xinzhi line delivering to every channel type."""
    home.mkdir(parents=True, exist_ok=True)
    fast = {"backoff_s": 0.05, "timeout_s": 5}
    channels = [
        {"id": "mail", "type": "email", "host": "127.0.0.1", "port": smtp_port, "security": "none",
         "sender": "ribao@example.org", "to": ["reader@example.org"], **fast},
        {"id": "wecom", "type": "wecom", "url_env": "R_WECOM_URL", "attach_pdf": True, **fast},
        {"id": "feishu", "type": "feishu", "url_env": "R_FEISHU_URL", "secret_env": "R_FEISHU_SECRET", **fast},
        {"id": "dingtalk", "type": "dingtalk", "url_env": "R_DINGTALK_URL", "secret_env": "R_DINGTALK_SECRET", **fast},
        {"id": "hook", "type": "webhook", "url_env": "R_WEBHOOK_URL", "secret_env": "R_WEBHOOK_SECRET", **fast},
    ]
    entry = {"line": "xinzhi", "bulletin_url": "https://ribao.example.org/xinzhi/{date}/", "channels": channels, **line}
    path = home / "run.yaml"
    path.write_text(yaml.safe_dump({"lines": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


def bulletin_doc(path: Path) -> dict:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    doc.pop("generated_at", None)
    return doc
