"""A scripted OpenAI-compatible server for the LLM writer's tests: real HTTP on 127.0.0.1.

It speaks ``POST /v1/chat/completions`` as OpenAI does (``chat.completion`` objects with
``usage``; errors as ``{"error": {...}}`` with status codes and ``Retry-After``). What it answers
is decided per request by a ``respond(body) -> Reply`` function the test supplies; every request
is recorded (body, headers, arrival time) so tests can count calls and read prompts.
"""
from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from ribao.compose import prompts

_SOURCE = re.compile(r'<source id="(S\d+)">\n(.*?)\n</source>', re.S)


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                   # seconds before answering (a client with a shorter timeout gives up)
    error_type: str = "server_error"
    error_message: str = ""


@dataclass
class Request:
    body: dict
    headers: dict[str, str]
    at: float

    @property
    def system(self) -> str:
        return self.body["messages"][0]["content"]

    @property
    def user(self) -> str:
        return self.body["messages"][1]["content"]

    @property
    def bulletin_title(self) -> str:
        """The line's title the system prompt names (《…》)."""
        m = re.search(r"《([^》]+)》", self.system)
        return m.group(1) if m else ""

    @property
    def task(self) -> str:
        t = self.bulletin_title
        return {prompts.section_system(t): "section", prompts.summary_system(t): "summary",
                prompts.repair_system(t): "repair"}.get(self.system, "unknown")

    def passages(self) -> dict[str, str]:
        return dict(_SOURCE.findall(self.user))


def body_of(passage: str) -> list[str]:
    """The body lines of a fenced passage."""
    return passage.split("正文：\n", 1)[1].splitlines()


def title_of(passage: str) -> str:
    return re.search(r"^标题：(.*)$", passage, re.M).group(1)


def tokens(text: str) -> int:
    """A stable stand-in for a tokenizer: what the server bills."""
    return max(1, len(text) // 2)


class ScriptedLLM:
    def __init__(self, respond: Callable[[Request], Reply], *, api_key: str = "test-key"):
        self.respond = respond
        self.api_key = api_key
        self.requests: list[Request] = []
        self.billed_in = self.billed_out = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def tasks(self) -> list[str]:
        return [r.task for r in self.requests]

    def __enter__(self) -> "ScriptedLLM":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": f"no route {self.path}",
                                                      "type": "invalid_request_error"}})
                if self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    return self._send(401, {"error": {"message": "Incorrect API key provided",
                                                      "type": "invalid_request_error", "code": "invalid_api_key"}})
                body = json.loads(raw)
                req = Request(body=body, headers={k.lower(): v for k, v in self.headers.items()}, at=time.monotonic())
                with server._lock:
                    server.requests.append(req)
                reply = server.respond(req)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": reply.error_message or "error",
                                                               "type": reply.error_type, "code": None}}, reply.headers)
                p_tok = tokens(json.dumps(body["messages"], ensure_ascii=False))
                c_tok = tokens(reply.content)
                with server._lock:
                    server.billed_in += p_tok
                    server.billed_out += c_tok
                self._send(200, {
                    "id": "chatcmpl-" + uuid.uuid4().hex[:24], "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", ""), "system_fingerprint": "fp_scripted",
                    "choices": [{"index": 0, "logprobs": None, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": reply.content, "refusal": None}}],
                    "usage": {"prompt_tokens": p_tok, "completion_tokens": c_tok, "total_tokens": p_tok + c_tok}},
                    reply.headers)

            def _send(self, status: int, obj: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass   # the client timed out and left

        return Handler
