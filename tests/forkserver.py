"""Start ``ribao`` commands as separate processes, fast: a helper process imports ribao once,
then forks a child per command, and each child runs ribao's console entry point
(``ribao.cli.main``) with its own argv, environment and log file, as a process of its own that a
test may SIGKILL at any moment. A fresh interpreter spends seconds importing jieba, datasketch
and WeasyPrint before ribao does anything; forking a warm, single-threaded parent skips that,
so a kill sweep can afford dozens of runs.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_HELPER = r"""
import json, os, sys, threading
import ribao.cli, ribao.cli.run, ribao.pipeline, ribao.capture.crawler, ribao.ingest
import ribao.deliver.ledger, ribao.deliver.email, ribao.deliver.wecom, ribao.deliver.feishu
import ribao.deliver.dingtalk, ribao.deliver.webhook, ribao.render.email, ribao.run.runner
out = sys.stdout
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd["op"] == "run":
        assert threading.active_count() == 1, "fork only from a single-threaded parent"
        pid = os.fork()
        if pid == 0:
            fd = os.open(cmd["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.environ.clear()
            os.environ.update(cmd["env"])
            sys.argv = ["ribao", *cmd["args"]]
            code = 0
            try:
                ribao.cli.main()
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:
                import traceback
                traceback.print_exc()
                code = 70
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        out.write(json.dumps({"pid": pid}) + "\n")
    elif cmd["op"] == "wait":
        _, status = os.waitpid(cmd["pid"], 0)
        out.write(json.dumps({"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                              "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}) + "\n")
    out.flush()
"""


@dataclass(frozen=True)
class Ended:
    signal: int          # the signal that ended it (0 if it exited)
    code: int | None     # its exit code (None if a signal ended it)


class ForkServer:
    def __init__(self) -> None:
        self._p = subprocess.Popen([sys.executable, "-c", _HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True)

    def _ask(self, doc: dict) -> dict:
        assert self._p.stdin and self._p.stdout
        self._p.stdin.write(json.dumps(doc) + "\n")
        self._p.stdin.flush()
        return json.loads(self._p.stdout.readline())

    def start(self, args: list[str], env: dict[str, str], log: Path) -> int:
        """Start ``ribao ARGS``; its stdout and stderr go to ``log``. Returns its pid."""
        return self._ask({"op": "run", "args": args, "env": env, "log": str(log)})["pid"]

    def wait(self, pid: int) -> Ended:
        got = self._ask({"op": "wait", "pid": pid})
        return Ended(got["signal"], got["code"])

    def close(self) -> None:
        if self._p.stdin:
            self._p.stdin.close()
        self._p.wait(timeout=30)
