"""Two web nodes behave as one: two gunicorn processes on two ports behind Debian's
nginx (the site of deploy/nginx-showcase.conf with both in its upstream), sharing
PostgreSQL, Redis (cache and broker), a Celery worker and an S3 server, and nothing
else: each node has a MEDIA_ROOT of its own that must stay empty.

Runs in the PostgreSQL + broker pass of bin/test (skipped without nginx)."""

from __future__ import annotations

import http.cookiejar
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from accounts.models import Role
from reporting.models import ReportState
from tests.factories import MonthFactory, ReportFactory, UserFactory
from tests.nginx import free_port, nginx_site
from tests.test_deploy import PROJECT, clean_env
from tests.upload_files import PDF

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Two-nodes-2022!"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=5, context=_UNVERIFIED).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{url} did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)


_UNVERIFIED = ssl._create_unverified_context()


@dataclass
class Answer:
    status: int
    url: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Visitor:
    """A browser's cookie jar, shared by every address it visits (cookies ignore ports)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            urllib.request.HTTPSHandler(context=_UNVERIFIED),
        )

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None) -> Answer:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.url, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.url, error.read())

    def csrf(self, base: str) -> str:
        if not any(c.name == "csrftoken" for c in self.jar):
            self.request(base + reverse("login"))
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, base: str, path: str, fields: dict, files: dict | None = None) -> Answer:
        token = self.csrf(base)
        headers = {"X-CSRFToken": token, "Referer": base + path}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in {"csrfmiddlewaretoken": token, **fields}.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n"
                ).encode()
            for name, (filename, content) in files.items():
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
                body += content + b"\r\n"
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request(base + path, body, headers)

    def log_in(self, base: str, username: str, password: str = PASSWORD) -> Answer:
        return self.post(base, reverse("login"), {"username": username, "password": password})


@dataclass
class Cluster:
    node_a: str
    node_b: str
    nginx: str
    media: list[Path]


@pytest.fixture
def cluster(celery_worker_process, s3_server, tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx 未安装")
    # Collected apart from the checkout's staticfiles/, which another test run may be
    # reading at the same time.
    static_root = tmp_path / "static"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env=clean_env(STATIC_ROOT=str(static_root)),
        check=True,
    )
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    ports, nginx_port = [free_port(), free_port()], free_port()
    processes: list[subprocess.Popen] = []
    media = []
    try:
        for name, port in zip("ab", ports, strict=True):
            media.append(tmp_path / f"media-{name}")
            log = tmp_path / f"node-{name}.log"
            env = clean_env(
                DEBUG="false",
                SECRET_KEY="two-nodes-share-this-key-" + "x" * 40,
                ALLOWED_HOSTS="127.0.0.1",
                # nginx passes the host without its port, as on 443 in production.
                CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{nginx_port}",
                DATABASE_URL=database_url,
                CONN_MAX_AGE="0",
                CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
                # The broker's Redis database holds the cache too (its keys apart).
                CACHE_URL=settings.CELERY_BROKER_URL,
                MEDIA_ROOT=str(media[-1]),
                STATIC_ROOT=str(static_root),
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_WORKERS="1",
                GUNICORN_THREADS="2",
                **s3_server.environ(),
            )
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).with_name("gunicorn")),
                        "-c",
                        "deploy/gunicorn.conf.py",
                    ],
                    cwd=PROJECT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
            wait_until_up(f"http://127.0.0.1:{port}/healthz", processes[-1], log)
        conf = nginx_site(ports, nginx_port, tmp_path)
        processes.append(
            subprocess.Popen(
                ["nginx", "-p", str(tmp_path), "-c", str(conf)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        wait_until_up(
            f"https://127.0.0.1:{nginx_port}/healthz", processes[-1], tmp_path / "error.log"
        )
        yield Cluster(
            f"http://127.0.0.1:{ports[0]}",
            f"http://127.0.0.1:{ports[1]}",
            f"https://127.0.0.1:{nginx_port}",
            media,
        )
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _login_user(username: str, **fields):
    hasher = PBKDF2PasswordHasher()
    user = UserFactory(username=username, **fields)
    # The nodes run with the production hashers, not the tests' fast one.
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def test_two_nodes_behind_nginx_answer_as_one(cluster, district, s3_server):
    _login_user("office2", role=Role.OFFICE, is_staff=True)
    _login_user("reporter2", role=Role.REPORTER, unit=district.unit_a)
    _login_user("outsider2", role=Role.REPORTER, unit=district.unit_b)
    _login_user("leader2", role=Role.LEADER)
    for item in (district.item_a, district.item_b, district.item_t):
        ReportFactory(item=item, month=district.month, value=Decimal("30"))
    april = MonthFactory(year=2022, number=4)
    draft = ReportFactory(item=district.item_a, month=april, state=ReportState.DRAFT)

    # Logged in through A, the session goes on on B and through nginx.
    reporter_browser = Visitor()
    assert reporter_browser.log_in(cluster.node_a, "reporter2").url.endswith("/")
    home_on_b = reporter_browser.request(cluster.node_b + "/")
    assert home_on_b.status == 200 and "/accounts/login/" not in home_on_b.url
    assert reporter_browser.request(cluster.nginx + "/").status == 200

    # A file uploaded through A downloads through B: it is in the bucket, on no disk.
    pdf = PDF  # a real PDF: an upload must be, as a whole, what its name says
    uploaded = reporter_browser.post(
        cluster.node_a,
        reverse("reporting:evidence_upload", args=[draft.pk]),
        {},
        files={"file": ("验收报告.pdf", pdf)},
    )
    assert uploaded.status == 200, uploaded.text[-2000:]
    evidence = draft.evidence.get()
    download = reporter_browser.request(
        cluster.node_b + reverse("reporting:evidence_download", args=[evidence.pk])
    )
    assert (download.status, download.body) == (200, pdf)
    assert any(key.endswith(evidence.file.name) for key in s3_server.keys())
    assert not any(folder.exists() and any(folder.rglob("*.pdf")) for folder in cluster.media)
    # Another unit's login sees nothing of it on either node.
    other = Visitor()
    other.log_in(cluster.node_b, "outsider2")
    url = reverse("reporting:evidence_download", args=[evidence.pk])
    assert other.request(cluster.node_a + url).status == 404

    # A publish through A shows on B's boards at once.
    office_browser = Visitor()
    office_browser.log_in(cluster.node_a, "office2")
    board = reverse("scoring:month_boards", args=[district.month.label])
    assert "已发布 · 第1版" not in office_browser.request(cluster.node_b + board).text
    published = office_browser.post(
        cluster.node_a, reverse("scoring:publish", args=[district.month.label]), {}
    )
    assert "已发布（第1版）" in published.text
    leader = Visitor()
    logged_in = leader.log_in(cluster.nginx, "leader2")
    assert logged_in.status == 200, logged_in.text[-1500:]
    assert "已发布 · 第1版" in leader.request(cluster.node_b + board).text
    assert "已发布 · 第1版" in leader.request(cluster.nginx + board).text

    # Five failed logins spread over A and B lock the account on every node: the
    # fifth, wherever it lands, is the one that locks.
    guesser = Visitor()
    for attempt in range(5):
        node = cluster.node_a if attempt % 2 else cluster.node_b
        answer = guesser.log_in(node, "leader2", "wrong-password").text
        assert ("登录失败次数过多" in answer) == (attempt == 4), attempt
    # Through nginx and on either node, the right password does not get past it.
    for base in (cluster.nginx, cluster.node_a, cluster.node_b):
        visitor = Visitor()
        assert "登录失败次数过多" in visitor.log_in(base, "leader2").text
        assert visitor.request(base + "/").url.startswith(base + reverse("login"))
