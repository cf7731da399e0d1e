"""Wall time of ``ribao run`` on the replay of ../shared/corpus/dev, per stage, on SQLite and on
PostgreSQL.

    python bench/daily.py [--date 2026-07-15] [--pg-url URL] [--repeat N] [--no-deliver]

Each backend gets a fresh home; ``ribao run --date D --replay corpus.warc.gz --sources
entrypoints.json`` runs as its own process (the wall time includes the interpreter's start), and
delivers to local WeCom, Feishu, DingTalk, webhook and SMTP servers (tests/delivery_servers.py)
unless ``--no-deliver``. Stage seconds come from the run's report; a second run of the same day
(everything already done) is timed too. PostgreSQL: ``--pg-url`` or ``RIBAO_TEST_PG_URL`` (a
server ribao may create databases on); otherwise a throwaway server is started as ``.ci/run``
does, when ``initdb`` is installed.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
STAGES = ("crawl", "ingest", "build", "approval", "render", "publish", "deliver")
RIBAO = str(Path(sys.executable).with_name("ribao"))


def start_postgres(tmp: Path) -> tuple[str, callable]:
    initdb = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1:]), None)
    if not initdb:
        raise SystemExit("no PostgreSQL: give --pg-url or install postgresql")
    bindir = Path(initdb).parent
    data = tmp / "pg"
    data.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run_as = ["su", "postgres", "-s", "/bin/sh", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    subprocess.run([*run_as, f"{bindir}/initdb -D {data}/d -A trust -U postgres >/dev/null && "
                    f"{bindir}/pg_ctl -D {data}/d -l {data}/log -w -o '-p {port} -k {data} "
                    f"-c listen_addresses=127.0.0.1' start >/dev/null"], check=True)
    return (f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
            lambda: subprocess.run([*run_as, f"{bindir}/pg_ctl -D {data}/d -m fast stop >/dev/null"]))


def fresh_database(admin: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def channels_yaml(home: Path, env: dict) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from delivery_servers import Platforms, Secrets, SmtpServer

    platforms, smtp = Platforms(Secrets(feishu="fs", dingtalk="SECdt")), SmtpServer()
    urls = platforms.urls()
    env.update({"B_WECOM": urls["wecom"], "B_FEISHU": urls["feishu"], "B_DINGTALK": urls["dingtalk"],
                "B_HOOK": urls["webhook"], "B_FEISHU_SECRET": "fs", "B_DINGTALK_SECRET": "SECdt"})
    chans = [{"id": "mail", "type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
              "sender": "ribao@example.org", "to": ["r@example.org"]},
             {"id": "wecom", "type": "wecom", "url_env": "B_WECOM", "attach_pdf": True},
             {"id": "feishu", "type": "feishu", "url_env": "B_FEISHU", "secret_env": "B_FEISHU_SECRET"},
             {"id": "dingtalk", "type": "dingtalk", "url_env": "B_DINGTALK", "secret_env": "B_DINGTALK_SECRET"},
             {"id": "hook", "type": "webhook", "url_env": "B_HOOK"}]
    home.mkdir(parents=True, exist_ok=True)
    (home / "run.yaml").write_text(yaml.safe_dump({"lines": [{"line": "xinzhi", "channels": chans,
                                                              "bulletin_url": "https://ribao.example.org/{date}/"}]}),
                                   encoding="utf-8")


def one(backend: str, url: str | None, day: str, tmp: Path, deliver: bool) -> dict:
    home = tmp / f"home-{backend}-{time.monotonic_ns()}"
    env = {**os.environ, "RIBAO_LOG_FORMAT": "json"}
    env.pop("RIBAO_DATABASE_URL", None)
    if url:
        env["RIBAO_DATABASE_URL"] = url
    if deliver:
        channels_yaml(home, env)
    cmd = [RIBAO, "--home", str(home), "run", "--date", day, "--replay", str(DEV / "corpus.warc.gz"),
           "--sources", str(DEV / "entrypoints.json")]
    t0 = time.perf_counter()
    first = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if first.returncode not in (0, 1):
        raise SystemExit(f"{backend}: ribao run exited {first.returncode}\n{first.stderr[-3000:]}")
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    rerun = time.perf_counter() - t0
    reports = json.loads(subprocess.run([RIBAO, "--home", str(home), "runs", "--json"], env=env, capture_output=True,
                                        text=True, check=True).stdout)
    rep = reports[-1]
    return {"stages": {s["name"]: s["seconds"] for s in rep["stages"]}, "wall": wall, "rerun": rerun,
            "status": rep["status"], "sent": sum(d["sent"] for d in rep["deliveries"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--date", default="2026-07-15")
    ap.add_argument("--pg-url", default=os.environ.get("RIBAO_TEST_PG_URL"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-deliver", action="store_true")
    args = ap.parse_args()
    if not (DEV / "corpus.warc.gz").exists():
        raise SystemExit(f"{DEV} is absent")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        stop = None
        admin = args.pg_url
        if not admin:
            admin, stop = start_postgres(tmp)
        try:
            rows = []
            for backend in ("sqlite", "postgresql"):
                for i in range(args.repeat):
                    url = fresh_database(admin, f"bench_daily_{i}") if backend == "postgresql" else None
                    rows.append((backend, one(backend, url, args.date, tmp, not args.no_deliver)))
        finally:
            if stop:
                stop()
    head = f"{'backend':<11}" + "".join(f"{s:>9}" for s in STAGES) + f"{'stages':>9}{'wall':>8}{'rerun':>8}  status, sent"
    print(f"ribao run --date {args.date} on the replay of {DEV} (seconds)")
    print(head)
    for backend, r in rows:
        st = r["stages"]
        print(f"{backend:<11}" + "".join(f"{st.get(s, 0):>9.2f}" for s in STAGES)
              + f"{sum(st.values()):>9.2f}{r['wall']:>8.2f}{r['rerun']:>8.2f}  {r['status']}, {r['sent']} messages")


if __name__ == "__main__":
    main()
