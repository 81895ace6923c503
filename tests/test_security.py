"""Hardening: login throttling, password rules, idle sessions and the production checks."""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as reset_axes
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import UserError, create_user
from showcase.client_ip import client_ip

from .factories import UserFactory

PROJECT = Path(__file__).resolve().parent.parent
PASSWORD = "Shaibi-2022!"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


# --- Login throttling (django-axes) ----------------------------------------------------


@pytest.fixture
def axes_on(settings, db):
    settings.AXES_ENABLED = True
    yield
    reset_axes()


@pytest.fixture
def kaohe(db) -> User:
    return create_user("kaohe", role=Role.OFFICE, password=PASSWORD)


def attempt(username: str, password: str, address: str = ATTACKER):
    """One login form post as it reaches the app through nginx from `address`."""
    client = Client(HTTP_X_FORWARDED_FOR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def fail_five_times(username: str, address: str = ATTACKER) -> None:
    for _ in range(4):
        _, response = attempt(username, "wrong-password", address)
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure already answers with the lockout page.
    _, response = attempt(username, "wrong-password", address)
    assert_locked_out(response)


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    # Someone locked out by another person's typos on the same address is told why.
    assert "登录失败次数过多" in html and "网络地址" in html and "所有账号" in html


def test_it_logs_in_with_the_right_password(axes_on, kaohe):
    client, response = attempt("kaohe", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(kaohe.pk)


def test_it_locks_the_account_after_five_failures(axes_on, kaohe):
    fail_five_times("kaohe")
    client, response = attempt("kaohe", PASSWORD)
    assert_locked_out(response)
    assert "_auth_user_id" not in client.session


def test_it_locks_the_account_from_every_address(axes_on, kaohe):
    fail_five_times("kaohe")
    _, response = attempt("kaohe", PASSWORD, address=ELSEWHERE)
    assert_locked_out(response)


def test_it_locks_the_address_for_every_account(axes_on, kaohe):
    create_user("lingdao", role=Role.LEADER, password=PASSWORD)
    fail_five_times("kaohe")
    _, response = attempt("lingdao", PASSWORD)
    assert_locked_out(response)
    # The same person from another address is not affected.
    _, response = attempt("lingdao", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302


def test_it_counts_failures_across_accounts_from_one_address(axes_on, kaohe):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(name, "wrong-password")
    _, response = attempt("kaohe", PASSWORD)
    assert_locked_out(response)


def test_it_does_not_lock_before_the_fifth_failure(axes_on, kaohe):
    for _ in range(4):
        attempt("kaohe", "wrong-password")
    _, response = attempt("kaohe", PASSWORD)
    assert response.status_code == 302


def test_it_lets_the_office_unlock_in_admin(axes_on, kaohe):
    fail_five_times("kaohe")
    office = Client()
    office.force_login(create_user("kaohe2", role=Role.OFFICE, password=PASSWORD))

    changelist = office.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    locked = AccessAttempt.objects.get(username="kaohe")
    assert locked.failures_since_start == 5
    response = office.post(
        reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    _, response = attempt("kaohe", PASSWORD)
    assert response.status_code == 302


def test_it_keeps_the_lockout_page_from_other_roles(axes_on, kaohe):
    reporter = Client()
    reporter.force_login(UserFactory(role=Role.LEADER))
    response = reporter.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302  # to the admin login: not staff


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", ATTACKER, ATTACKER),
        # A client-written entry to the left of the one nginx appended is ignored.
        ("127.0.0.1", f"10.9.9.9, {ATTACKER}", ATTACKER),
        # Only our own proxy may speak for the client.
        (ELSEWHERE, "10.9.9.9", ELSEWHERE),
    ],
)
def test_it_takes_the_client_address_from_the_proxy_only(remote, forwarded, expected):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected


# --- Passwords ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Short-1!", "password1234", "20220325012345", "zhangsanfeng1"],
    ids=["too-short", "common", "numeric", "like-the-username"],
)
def test_it_refuses_weak_passwords(db, password):
    with pytest.raises(UserError, match="密码不符合要求"):
        create_user("zhangsanfeng", role=Role.LEADER, password=password)
    assert not User.objects.filter(username="zhangsanfeng").exists()


def test_it_explains_a_weak_password_in_chinese(db):
    with pytest.raises(UserError) as error:
        create_user("zhang", role=Role.LEADER, password="12345")
    assert "密码太短，至少需要 10 个字符" in str(error.value)


def test_it_accepts_the_demo_password(db):
    assert create_user("lingdao", role=Role.LEADER, password=PASSWORD).check_password(PASSWORD)


# --- Sessions ----------------------------------------------------------------------


@pytest.fixture
def office_client(db, time_machine):
    time_machine.move_to(dt.datetime(2022, 3, 25, 9, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(UserFactory(role=Role.OFFICE, is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 200
    return client


def test_it_logs_out_a_session_idle_for_31_minutes(office_client, time_machine):
    time_machine.shift(dt.timedelta(minutes=31))
    response = office_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_keeps_a_session_active_every_20_minutes(office_client, time_machine):
    for _ in range(6):  # two hours in all
        time_machine.shift(dt.timedelta(minutes=20))
        assert office_client.get(reverse("admin:index")).status_code == 200


def test_it_moves_an_active_sessions_expiry_at_most_once_a_minute(office_client, time_machine):
    def expiry():
        key = office_client.cookies["sessionid"].value
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    assert first == dt.datetime(2022, 3, 25, 9, 30, tzinfo=dt.UTC)
    time_machine.shift(dt.timedelta(seconds=30))
    assert office_client.get(reverse("admin:index")).status_code == 200
    assert expiry() == first  # no write within the minute
    time_machine.shift(dt.timedelta(seconds=40))
    assert office_client.get(reverse("admin:index")).status_code == 200
    assert expiry() == dt.datetime(2022, 3, 25, 9, 31, 10, tzinfo=dt.UTC)


def test_it_ends_the_session_when_the_browser_closes(office_client, time_machine):
    time_machine.shift(dt.timedelta(minutes=2))  # the refresh sends the cookie again
    response = office_client.get(reverse("admin:index"))
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


# --- Production settings -------------------------------------------------------------


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG"}
        and not k.startswith(("SECURE_", "PYTEST", "DJANGO_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="showcase.example.gov.cn",
        SECURE_COOKIES="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        DJANGO_SETTINGS_MODULE="showcase.settings",
    )
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_in_production(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_it_flags_the_embedded_key_in_the_deploy_check(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    env["SECURE_COOKIES"] = "false"
    result = manage(env, "check", "--deploy")
    assert "security.W009" in result.stdout + result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


HEADERS_PROBE = """
import json
import os
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
# Production pages name the hashed static files: collect them first, as a deployment does.
settings.STATIC_ROOT = os.environ["PROBE_STATIC_ROOT"]
call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
https = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
health = client.get("/healthz")
print(json.dumps({
    "https_status": https.status_code,
    "hsts": https.get("Strict-Transport-Security", ""),
    "frame": https.get("X-Frame-Options", ""),
    "nosniff": https.get("X-Content-Type-Options", ""),
    "referrer": https.get("Referrer-Policy", ""),
    "csrf_cookie_secure": bool(https.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "health_status": health.status_code,
}))
"""


def test_it_sends_security_headers_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_PROBE],
        cwd=PROJECT,
        env=production_env(
            tmp_path, ALLOWED_HOSTS="testserver", PROBE_STATIC_ROOT=str(tmp_path / "static")
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["https_status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["frame"] == "DENY"
    assert seen["nosniff"] == "nosniff"
    assert seen["referrer"] == "same-origin"
    assert seen["csrf_cookie_secure"] is True
    assert seen["session_cookie_secure"] is True
    # Plain HTTP is sent to HTTPS, except the load balancer's health probe.
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://testserver/accounts/login/"
    assert seen["health_status"] == 200
