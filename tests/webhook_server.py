"""A webhook receiver on 127.0.0.1 for tests: it checks each POST's
`X-Showcase-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">` against the secret
it was given and its freshness, answers 401 to a bad signature, and fails on purpose
(HTTP 500) as often as the test asks. Nothing leaves the machine."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOLERANCE_SECONDS = 300


@dataclass
class WebhookReceiver:
    secret: str = "receiver-secret-3f9a"
    received: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failures_left: int = 0
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/showcase-hook"

    def fail_next(self, times: int) -> None:
        self.failures_left = times

    def answer(self, signature: str, body: bytes) -> int:
        parts = dict(part.split("=", 1) for part in signature.split(",") if "=" in part)
        timestamp = parts.get("t", "")
        expected = hmac.new(
            self.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
        ).hexdigest()
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < TOLERANCE_SECONDS
        if not fresh or not hmac.compare_digest(parts.get("v1", ""), expected):
            self.refused.append(signature)
            return 401
        if self.failures_left:
            self.failures_left -= 1
            return 500
        self.received.append(json.loads(body))
        return 204


def _handler(receiver: WebhookReceiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = receiver.answer(self.headers.get("X-Showcase-Signature", ""), body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def webhook_receiver():
    """A running receiver on 127.0.0.1 (a free port), stopped after the test."""
    receiver = WebhookReceiver()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        httpd.shutdown()
        httpd.server_close()
