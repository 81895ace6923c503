"""The signed calls to the 浙政钉 gateway, against the local gateway on 127.0.0.1: the
signature as the platform's SDKs compute it, the access token cached and refreshed
before it expires, errors and time-outs."""

import base64
import datetime
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import time_machine
from django.core.cache import cache

from zzd import gateway
from zzd.signing import CHINA, signed_headers

pytestmark = pytest.mark.django_db


def test_it_signs_the_sdk_recipe_example():
    """The recipe of the platform's Node client, written out by hand for one request:
    POST /gettoken.json at 2024-05-06 10:20:30.123 (+08:00), nonce 17149621301231234,
    parameters appkey and appsecret sorted by name."""
    moment = datetime.datetime(2024, 5, 6, 10, 20, 30, 123_000, tzinfo=CHINA)
    headers = signed_headers(
        "app-key",
        "app-secret",
        "POST",
        "/gettoken.json",
        {"appsecret": "app-secret", "appkey": "app-key"},
        now=moment,
        nonce="17149621301231234",
    )
    text = (
        "POST\n2024-05-06T10:20:30.123+08:00\n17149621301231234\n/gettoken.json\n"
        "appkey=app-key&appsecret=app-secret"
    )
    expected = base64.b64encode(
        hmac.new(b"app-secret", text.encode(), hashlib.sha256).digest()
    ).decode()
    assert headers == {
        "X-Hmac-Auth-Timestamp": "2024-05-06T10:20:30.123+08:00",
        "X-Hmac-Auth-Version": "1.0",
        "X-Hmac-Auth-Nonce": "17149621301231234",
        "apiKey": "app-key",
        "X-Hmac-Auth-Signature": expected,
    }
    # The same signature as `openssl dgst -sha256 -hmac app-secret -binary | base64`
    # gives for that text, fixed so a change of the recipe cannot pass unnoticed.
    assert expected == "kpx49+HNcX1WUZ3rHm1gPMPCUOwzPhvgdTcQINcCL5g="


def test_it_encodes_values_as_the_form_body_it_sends():
    moment = datetime.datetime(2024, 5, 6, 10, 20, 30, tzinfo=CHINA)
    params = {"msg": '{"title": "催报 & 提醒"}', "bizMsgId": "a b"}
    headers = signed_headers(
        "k", "s", "POST", "/message/workNotification", params, now=moment, nonce="1"
    )
    text = (
        "POST\n2024-05-06T10:20:30.000+08:00\n1\n/message/workNotification\n"
        "bizMsgId=a+b&msg=%7B%22title%22%3A+%22%E5%82%AC%E6%8A%A5+%26+%E6%8F%90%E9%86%92%22%7D"
    )
    expected = base64.b64encode(hmac.new(b"s", text.encode(), hashlib.sha256).digest()).decode()
    assert headers["X-Hmac-Auth-Signature"] == expected


def test_the_local_gateway_accepts_a_signed_call_and_refuses_a_forged_one(zzd_gateway, settings):
    code = zzd_gateway.person("1001", "郑佳", "GE_1001")
    person = gateway.person_for_code(code)
    assert person == gateway.Person("1001", "GE_1001", "郑佳")

    settings.ZZD_APP_SECRET = "a-guess"
    cache.delete(gateway.TOKEN_CACHE_KEY)
    with pytest.raises(gateway.GatewayError) as refused:
        gateway.access_token()
    assert refused.value.code == "InvalidSignature" and not refused.value.transient
    assert zzd_gateway.refusals[-1] == (gateway.TOKEN_PATH, "InvalidSignature")


def test_it_caches_the_token_and_fetches_a_new_one_before_it_expires(zzd_gateway):
    with time_machine.travel(datetime.datetime.now(tz=CHINA), tick=False) as clock:
        first = gateway.access_token()
        assert gateway.access_token() == first
        assert len(zzd_gateway.sent(gateway.TOKEN_PATH)) == 1
        # Valid 7,200 s, kept 7,200 − 300 = 6,900 s: at 6,850 s the cached token serves …
        clock.shift(6_850)
        assert gateway.access_token() == first
        # … at 6,910 s a new one is fetched, five minutes before the old one expires.
        clock.shift(60)
        second = gateway.access_token()
    assert second != first
    assert len(zzd_gateway.sent(gateway.TOKEN_PATH)) == 2


def test_a_token_the_gateway_no_longer_accepts_is_fetched_anew(zzd_gateway):
    token = gateway.access_token()
    zzd_gateway.tokens[token] = 0  # revoked on the gateway's side
    code = zzd_gateway.person("1002")
    assert gateway.person_for_code(code).account_id == "1002"
    assert len(zzd_gateway.sent(gateway.TOKEN_PATH)) == 2


def test_errors_and_time_outs_are_told_apart(zzd_gateway):
    gateway.access_token()
    zzd_gateway.fail_next(gateway.NOTICE_PATH, "ServiceUnavailable")
    with pytest.raises(gateway.GatewayError) as busy:
        gateway.send_work_notice("1001", "m1", "标题", "正文", "http://x/")
    assert busy.value.transient

    zzd_gateway.fail_next(gateway.NOTICE_PATH, "InvalidReceiver")
    with pytest.raises(gateway.GatewayError) as refused:
        gateway.send_work_notice("1001", "m2", "标题", "正文", "http://x/")
    assert not refused.value.transient and refused.value.code == "InvalidReceiver"

    zzd_gateway.hang_next(gateway.NOTICE_PATH, seconds=2)
    with pytest.raises(gateway.GatewayError) as late:
        gateway.send_work_notice("1001", "m3", "标题", "正文", "http://x/")
    assert late.value.transient and "无法连接浙政钉网关" in str(late.value)

    assert gateway.send_work_notice("1001", "m4", "标题", "正文", "http://x/").startswith("msg-")


def test_the_command_runs_the_local_gateway(tmp_path):
    """`manage.py zzd_gateway` serves on 127.0.0.1 and mints codes for trying 免登."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ZZD_APP_KEY": "k",
        "ZZD_APP_SECRET": "s",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "zzd_gateway", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "本地浙政钉网关" in server.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/local/code?account=1001", timeout=2
                ) as answer:
                    assert json.load(answer)["code"].startswith("code-1001-")
                break
            except OSError:
                assert time.monotonic() < deadline, "zzd_gateway did not answer"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
