"""A local stand-in for the 专有钉钉 (浙政钉) gateway on 127.0.0.1, for tests and for
trying 免登, 工作通知 and 待办 without 浙政钉 (``python manage.py zzd_gateway``).

It answers the endpoints zzd.gateway calls, checks every request's signature headers
against the app's secret (recomputed from the parameters it received, as the gateway
does), keeps what it was sent, and can be told to answer an error or to hang past the
client's timeout. Nothing leaves the machine."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import gateway
from .signing import canonical_parameters, parse_timestamp

# How far a request's timestamp may be from the gateway's clock.
CLOCK_SKEW = datetime.timedelta(minutes=15)
TOKEN_LIFETIME_SECONDS = 7200
# The local gateway's own page, unsigned: GET /local/code?account=ID mints an auth code.
MINT_PATH = "/local/code"


@dataclass
class Call:
    """One accepted call: its path and parameters."""

    path: str
    params: dict[str, str]


@dataclass
class LocalGateway:
    app_key: str
    app_secret: str
    host: str = "127.0.0.1"
    port: int = 0
    people: dict[str, dict] = field(default_factory=dict)  # auth code → user data
    calls: list[Call] = field(default_factory=list)
    refusals: list[tuple[str, str]] = field(default_factory=list)  # (path, code)
    queued: dict[str, deque] = field(default_factory=dict)  # path → ("error"|"hang", code)
    tokens: dict[str, float] = field(default_factory=dict)  # token → expiry (epoch s)
    token_lifetime: int = TOKEN_LIFETIME_SECONDS
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None
    _nonces: set[str] = field(default_factory=set)

    # --- set-up by the test or the command --------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def person(self, account_id: str, name: str = "", employee_code: str = "") -> str:
        """Register a person; returns a fresh 免登 auth code for them."""
        code = f"code-{account_id}-{next(self._counter)}"
        self.people[code] = {
            "accountId": account_id,
            "employeeCode": employee_code or f"GE_{account_id}",
            "lastName": name or account_id,
        }
        return code

    def fail_next(self, path: str, code: str = "ServiceUnavailable", times: int = 1) -> None:
        """Answer the next calls to ``path`` with an error."""
        self.queued.setdefault(path, deque()).extend([("error", code)] * times)

    def hang_next(self, path: str, seconds: float, times: int = 1) -> None:
        """Hold the next calls to ``path`` this long before answering (a time-out)."""
        self.queued.setdefault(path, deque()).extend([("hang", seconds)] * times)

    def sent(self, path: str) -> list[dict[str, str]]:
        return [call.params for call in self.calls if call.path == path]

    def start(self) -> LocalGateway:
        self._server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        self._server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        self.port = self._server.server_address[1]
        self._server.serve_forever()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- answering -------------------------------------------------------------------

    def answer(self, method: str, path: str, headers, params: dict[str, str]) -> dict:
        if path == MINT_PATH:  # not the platform's: a fresh code for trying 免登 by hand
            account = params.get("account", "")
            return {"code": self.person(account)} if account else {"error": "account?"}
        refusal = self._check_signature(method, path, headers, params)
        if refusal:
            return self._refuse(path, "InvalidSignature", refusal)
        queue = self.queued.get(path)
        if queue:
            kind, value = queue.popleft()
            if kind == "error":
                return self._refuse(path, value, "queued error")
            time.sleep(value)  # then answer as usual, too late for the client
        if path == gateway.TOKEN_PATH:
            return self._token(params)
        if self.tokens.get(params.get("access_token", ""), 0) < time.time():
            return self._refuse(path, "InvalidAccessToken", "access token invalid or expired")
        self.calls.append(Call(path, params))
        if path == gateway.USER_PATH:
            person = self.people.pop(params.get("auth_code", ""), None)  # one use
            if person is None:
                return self._refuse(path, "InvalidAuthCode", "auth code invalid")
            return _ok(person)
        if path == gateway.NOTICE_PATH:
            return _ok({"msgId": f"msg-{next(self._counter)}"})
        if path == gateway.TODO_CREATE_PATH:
            return _ok({"taskUuid": f"task-{next(self._counter)}"})
        if path == gateway.TODO_FINISH_PATH:
            return _ok(True)
        return self._refuse(path, "ApiNotFound", "no such api")

    def _token(self, params: dict[str, str]) -> dict:
        if params.get("appkey") != self.app_key or params.get("appsecret") != self.app_secret:
            return self._refuse(gateway.TOKEN_PATH, "InvalidAppKey", "app key or secret wrong")
        token = f"token-{next(self._counter)}"
        self.tokens[token] = time.time() + self.token_lifetime
        self.calls.append(Call(gateway.TOKEN_PATH, {"appkey": params["appkey"]}))
        return _ok({"accessToken": token, "expiresIn": self.token_lifetime})

    def _check_signature(self, method: str, path: str, headers, params: dict) -> str:
        needed = [
            "X-Hmac-Auth-Timestamp",
            "X-Hmac-Auth-Version",
            "X-Hmac-Auth-Nonce",
            "apiKey",
            "X-Hmac-Auth-Signature",
        ]
        missing = [name for name in needed if not headers.get(name)]
        if missing:
            return "missing " + ", ".join(missing)
        if headers["apiKey"] != self.app_key or headers["X-Hmac-Auth-Version"] != "1.0":
            return "apiKey or version"
        moment = parse_timestamp(headers["X-Hmac-Auth-Timestamp"])
        now = datetime.datetime.now(tz=datetime.UTC)
        if moment is None or moment.tzinfo is None or abs(now - moment) > CLOCK_SKEW:
            return "timestamp"
        nonce = headers["X-Hmac-Auth-Nonce"]
        if nonce in self._nonces:
            return "nonce used before"
        text = "\n".join(
            [method, headers["X-Hmac-Auth-Timestamp"], nonce, path, canonical_parameters(params)]
        )
        expected = base64.b64encode(
            hmac.new(self.app_secret.encode(), text.encode(), hashlib.sha256).digest()
        ).decode()
        if not hmac.compare_digest(expected, headers["X-Hmac-Auth-Signature"]):
            return "signature"
        self._nonces.add(nonce)
        return ""

    def _refuse(self, path: str, code: str, message: str) -> dict:
        self.refusals.append((path, code))
        return {"success": False, "errorCode": code, "errorMsg": message}


def _ok(data) -> dict:
    return {"success": True, "content": {"success": True, "data": data}}


def _handler(local: LocalGateway):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            self._reply(local.answer("GET", parts.path, self.headers, _flat(parts.query)))

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            parts = urllib.parse.urlsplit(self.path)
            params = {**_flat(parts.query), **_flat(body)}
            self._reply(local.answer("POST", parts.path, self.headers, params))

        def _reply(self, answer: dict) -> None:
            data = json.dumps(answer, ensure_ascii=False).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a time-out on purpose)

        def log_message(self, *args):
            pass

    return Handler


def _flat(query: str) -> dict[str, str]:
    return {key: values[-1] for key, values in urllib.parse.parse_qs(query).items()}
