"""A DingTalk custom group robot on 127.0.0.1 for tests: it checks each request's
``timestamp`` and ``sign`` against the robot's secret as DingTalk does and answers as
DingTalk does — {"errcode": 0, "errmsg": "ok"}, 310000 for a bad signature, or an error
queued by the test (130101 "send too fast"). Nothing leaves the machine."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ERRORS = {
    310000: "sign not match, more: [https://open.dingtalk.com/document/robots/customize-robot-security-settings]",
    130101: "send too fast, exceed 20 times per minute",
    300001: "token is not exist",
}


@dataclass
class Received:
    token: str
    message: dict

    @property
    def text(self) -> str:
        body = self.message.get(self.message.get("msgtype", ""), {})
        return body.get("text", "") or body.get("content", "")

    @property
    def title(self) -> str:
        return self.message.get("markdown", {}).get("title", "")


@dataclass
class RobotServer:
    """Robots by access_token, each with its signing secret."""

    secrets: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refusals: list[tuple[str, int]] = field(default_factory=list)
    queued_errors: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    port: int = 0

    def robot(self, token: str, secret: str) -> str:
        """Register a robot; returns its webhook URL."""
        self.secrets[token] = secret
        return f"http://127.0.0.1:{self.port}/robot/send?access_token={token}"

    def fail_next(self, token: str, errcode: int, times: int = 1) -> None:
        self.queued_errors[token].extend([errcode] * times)

    def to(self, token: str) -> list[Received]:
        return [r for r in self.received if r.token == token]

    def answer(self, path: str, body: bytes) -> dict:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        token = query.get("access_token", [""])[0]
        if token not in self.secrets:
            return self._refuse(token, 300001)
        secret = self.secrets[token]
        timestamp = query.get("timestamp", [""])[0]
        given = query.get("sign", [""])[0]
        digest = hmac.new(
            secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
        ).digest()
        fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) < 3_600_000
        if not fresh or not hmac.compare_digest(given, base64.b64encode(digest).decode()):
            return self._refuse(token, 310000)
        if self.queued_errors[token]:
            return self._refuse(token, self.queued_errors[token].popleft())
        self.received.append(Received(token, json.loads(body)))
        return {"errcode": 0, "errmsg": "ok"}

    def _refuse(self, token: str, errcode: int) -> dict:
        self.refusals.append((token, errcode))
        return {"errcode": errcode, "errmsg": ERRORS[errcode]}


def _handler(server: RobotServer):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            answer = json.dumps(server.answer(self.path, body)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def robot_server():
    """A running robot server on 127.0.0.1 (a free port), stopped after the test."""
    robots = RobotServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(robots))
    robots.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield robots
    finally:
        httpd.shutdown()
        httpd.server_close()
