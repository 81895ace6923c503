"""The DingTalk / 浙政钉 custom group robot (自定义机器人): a signed webhook POST.

The robot's 加签 security setting: the request carries ``timestamp`` (milliseconds) and
``sign`` = urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}"))) as query
parameters beside the webhook's own ``access_token``. The robot answers JSON
``{"errcode": 0, "errmsg": "ok"}`` on success, or an error code: 310000 (signature,
keyword or IP not accepted), 130101 (sending too fast), 300001 (token invalid) …
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT_SECONDS = 10
# Worth trying again later: DingTalk's rate limit (130101) and its "system busy" (-1).
TRANSIENT_ERRCODES = {130101, -1}


@dataclass(frozen=True)
class Robot:
    """A group robot: its webhook URL (with access_token) and its signing secret."""

    webhook: str
    secret: str = ""

    @property
    def label(self) -> str:
        """The webhook without its token, for the delivery log."""
        parts = urllib.parse.urlsplit(self.webhook)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"


class RobotError(Exception):
    """The robot refused or could not be reached; ``transient`` says whether a retry
    may succeed."""

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


def sign(secret: str, timestamp: int) -> str:
    """DingTalk's signature of a timestamp (ms), URL-encoded as the query expects."""
    string_to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(robot: Robot, timestamp: int | None = None) -> str:
    """The webhook with ``timestamp`` and ``sign`` added (unchanged without a secret)."""
    if not robot.secret:
        return robot.webhook
    timestamp = int(time.time() * 1000) if timestamp is None else timestamp
    separator = "&" if urllib.parse.urlsplit(robot.webhook).query else "?"
    return f"{robot.webhook}{separator}timestamp={timestamp}&sign={sign(robot.secret, timestamp)}"


def markdown_message(title: str, text: str) -> dict:
    """A markdown message; ``title`` is what the chat list shows."""
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def post(robot: Robot, message: dict) -> None:
    """Send one message; raises RobotError unless the robot answers errcode 0."""
    request = urllib.request.Request(
        signed_url(robot),
        data=json.dumps(message, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise RobotError(f"HTTP {exc.code}", transient=exc.code >= 500) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RobotError(f"无法连接机器人：{reason}", transient=True) from exc
    try:
        answer = json.loads(body)
        errcode = int(answer.get("errcode", -1))
    except (ValueError, TypeError, AttributeError) as exc:
        raise RobotError("机器人返回了无法识别的内容", transient=True) from exc
    if errcode != 0:
        raise RobotError(
            f"errcode {errcode}: {answer.get('errmsg', '')}",
            transient=errcode in TRANSIENT_ERRCODES,
        )
