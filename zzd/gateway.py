"""Calls to the 专有钉钉 (浙政钉) open platform gateway: the app's access token, the person
behind a 免登 auth code, 工作通知 and 待办. Every call is signed (zzd.signing); the
access token is cached and fetched anew a few minutes before it expires, or at once when
the gateway says it is no longer valid.

Endpoints and parameters as the platform's public SDK requests name them
(``zwdd-sdk-java``: OapiGettokenJsonRequest, OapiRpcOauth2DingtalkAppUserJsonRequest,
OapiMessageWorkNotificationRequest, OapiTcV2OpenapiTaskCreateJsonRequest,
OapiTcOpenapiTaskFinishJsonRequest). Answers are JSON ``{"success": true, "content":
{"success": true, "data": …}}``, or ``success: false`` with ``errorCode``/``errorMsg``
(outside) or ``responseCode``/``responseMessage`` (inside ``content``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .signing import signed_headers

TOKEN_PATH = "/gettoken.json"
USER_PATH = "/rpc/oauth2/dingtalk_app_user.json"
NOTICE_PATH = "/message/workNotification"
TODO_CREATE_PATH = "/tc/v2/openapi/task/create.json"
TODO_FINISH_PATH = "/tc/openapi/task/finish.json"

TOKEN_CACHE_KEY = "zzd:access-token"
# Fetch a new token this long before the old one expires (the gateway gives 7200 s).
TOKEN_REFRESH_MARGIN_SECONDS = 300
# Refusals of the access token itself: fetch a new one and try once more.
TOKEN_ERRORS = {"InvalidAccessToken", "AccessTokenExpired", "40001", "40014"}
# Refusals worth trying again later (throttled, busy).
TRANSIENT_ERRORS = {"ServiceUnavailable", "Throttling", "SystemBusy", "-1"}
# Refusals of a 免登 auth code: unknown, expired or used before (each code is good once).
AUTH_CODE_ERRORS = {"InvalidAuthCode"}


class GatewayError(Exception):
    """The gateway refused or could not be reached; ``transient`` says whether a retry
    may succeed."""

    def __init__(self, message: str, *, code: str = "", transient: bool = False):
        super().__init__(message)
        self.code = code
        self.transient = transient


@dataclass(frozen=True)
class Person:
    """Who a 免登 auth code belongs to."""

    account_id: str
    employee_code: str
    name: str


def enabled() -> bool:
    """浙政钉 is on when its domain, app key and secret are all set."""
    return bool(settings.ZZD_DOMAIN and settings.ZZD_APP_KEY and settings.ZZD_APP_SECRET)


def access_token() -> str:
    """The app's access token, from the cache while it has more than the margin left."""
    token = cache.get(TOKEN_CACHE_KEY)
    if token:
        return token
    data = _call(
        TOKEN_PATH,
        {"appkey": settings.ZZD_APP_KEY, "appsecret": settings.ZZD_APP_SECRET},
        method="GET",
    )
    try:
        token, lifetime = data["accessToken"], int(data.get("expiresIn", 7200))
    except (KeyError, TypeError, ValueError) as exc:
        raise GatewayError("网关返回的 access token 无法识别", transient=True) from exc
    cache.set(TOKEN_CACHE_KEY, token, max(lifetime - TOKEN_REFRESH_MARGIN_SECONDS, 1))
    return token


def person_for_code(auth_code: str) -> Person:
    """The person a 免登 auth code (from the JSAPI) was issued to."""
    data = _with_token(USER_PATH, {"auth_code": auth_code})
    try:
        return Person(
            account_id=str(data["accountId"]),
            employee_code=str(data.get("employeeCode", "")),
            name=str(data.get("lastName") or data.get("nickNameCn") or ""),
        )
    except (KeyError, TypeError) as exc:
        raise GatewayError("网关返回的用户信息无法识别") from exc


def send_work_notice(account_id: str, biz_msg_id: str, title: str, text: str, url: str) -> str:
    """A 工作通知 to one person, opening ``url``; the gateway's message id."""
    msg = {
        "msgtype": "link",
        "link": {"messageUrl": url, "picUrl": "", "title": title, "text": text},
    }
    data = _with_token(
        NOTICE_PATH,
        {
            "receiverIds": account_id,
            "tenantId": settings.ZZD_TENANT_ID,
            "bizMsgId": biz_msg_id,
            "msg": json.dumps(msg, ensure_ascii=False),
        },
    )
    return str(data.get("msgId", "") if isinstance(data, dict) else data)


def create_todo(account_id: str, biz_task_id: str, subject: str, url: str) -> str:
    """A 待办 for one person, opening ``url``; the gateway's task id."""
    data = _with_token(
        TODO_CREATE_PATH,
        {
            "subject": subject,
            "creatorId": account_id,
            "assigneeId": account_id,
            "bizTaskId": biz_task_id,
            "url": url,
            "mobileUrl": url,
            "tenantId": settings.ZZD_TENANT_ID,
        },
    )
    task = data.get("taskUuid") if isinstance(data, dict) else data
    if not task:
        raise GatewayError("网关未返回待办编号")
    return str(task)


def finish_todo(account_id: str, task_uuid: str) -> None:
    """Mark one person's 待办 done."""
    _with_token(TODO_FINISH_PATH, {"taskUuid": task_uuid, "userId": account_id})


def _with_token(path: str, params: dict) -> dict:
    try:
        return _call(path, {**params, "access_token": access_token()})
    except GatewayError as exc:
        if exc.code not in TOKEN_ERRORS:
            raise
        cache.delete(TOKEN_CACHE_KEY)
        return _call(path, {**params, "access_token": access_token()})


def _call(path: str, params: dict, *, method: str = "POST") -> dict:
    """One signed call; the answer's ``content.data``, or GatewayError."""
    params = {key: str(value) for key, value in params.items()}
    headers = signed_headers(settings.ZZD_APP_KEY, settings.ZZD_APP_SECRET, method, path, params)
    body = urllib.parse.urlencode(sorted(params.items()))
    url = settings.ZZD_DOMAIN.rstrip("/") + path
    if method == "GET":
        request = urllib.request.Request(f"{url}?{body}", headers=headers, method="GET")
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.ZZD_TIMEOUT_SECONDS) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise GatewayError(f"HTTP {exc.code}", transient=exc.code >= 500) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GatewayError(f"无法连接浙政钉网关：{reason}", transient=True) from exc
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise GatewayError("浙政钉网关返回了无法识别的内容", transient=True) from exc
    return _content(answer)


def _content(answer: dict) -> dict:
    if not isinstance(answer, dict):
        raise GatewayError("浙政钉网关返回了无法识别的内容", transient=True)
    if not answer.get("success"):
        code = str(answer.get("errorCode", ""))
        raise GatewayError(
            f"{code}: {answer.get('errorMsg', '')}", code=code, transient=code in TRANSIENT_ERRORS
        )
    content = answer.get("content") or {}
    if isinstance(content, dict) and content.get("success") is False:
        code = str(content.get("responseCode", ""))
        raise GatewayError(
            f"{code}: {content.get('responseMessage', '')}",
            code=code,
            transient=code in TRANSIENT_ERRORS,
        )
    return content.get("data", content) if isinstance(content, dict) else content
