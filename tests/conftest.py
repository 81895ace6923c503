"""Shared fixtures: a small district and the personas every view is tested as."""

import os
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.models import Role
from actions.models import UnitGroup

from .factories import ActionFactory, ItemFactory, MonthFactory, UnitFactory, UserFactory
from .robot_server import robot_server  # noqa: F401 (a DingTalk robot on 127.0.0.1)
from .s3_server import s3_server  # noqa: F401 (an S3-compatible server on 127.0.0.1)
from .zzd_server import zzd_gateway  # noqa: F401 (a 浙政钉 gateway on 127.0.0.1)


def pytest_addoption(parser):
    parser.addoption(
        "--storage",
        choices=["local", "s3"],
        default=os.environ.get("SHOWCASE_TEST_STORAGE", "local"),
        help="where files go: a temporary MEDIA_ROOT, or a bucket on moto's S3 server",
    )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path, request):
    # A test that switches language must not leave it switched for the next one.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    # Rendered boards are cached by run; a rolled-back test may reuse a run's id.
    from django.core.cache import cache

    from scoring.fragments import forget_recent

    cache.clear()
    forget_recent()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if request.config.getoption("--storage") == "s3":
        s3 = request.getfixturevalue("s3_server")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                # Each test's files under a prefix of their own, as MEDIA_ROOT above.
                "OPTIONS": s3.storage_options(location=f"{tmp_path.name}-{uuid.uuid4().hex}"),
            },
        }


@pytest.fixture
def district(db):
    """Two units (A, B), one township, an action, and an item led by each unit."""
    unit_a = UnitFactory(code="A01", name="区发改局", group=UnitGroup.DEPARTMENT)
    unit_b = UnitFactory(code="B01", name="区经信局", group=UnitGroup.DEPARTMENT)
    town = UnitFactory(code="T01", name="碧湖镇", group=UnitGroup.TOWNSHIP)
    action = ActionFactory(code="X1", name="数字赋能", lead_unit=unit_a)
    item_a = ItemFactory(code="A-001", name="固定资产投资", action=action, lead_unit=unit_a)
    item_b = ItemFactory(code="B-001", name="规上工业增加值增速", action=action, lead_unit=unit_b)
    item_t = ItemFactory(code="T-001", name="碧湖新城控规编制", action=action, lead_unit=town)
    month = MonthFactory(year=2022, number=3)
    return SimpleNamespace(
        unit_a=unit_a,
        unit_b=unit_b,
        town=town,
        action=action,
        item_a=item_a,
        item_b=item_b,
        item_t=item_t,
        month=month,
    )


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def personas(district):
    """Logged-in clients: office, leader, reporter of A, head of A, reporter of B, anonymous."""
    users = SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE, is_staff=True),
        leader=UserFactory(username="leader", role=Role.LEADER),
        reporter_a=UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a),
        head_a=UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=district.unit_a),
        reporter_b=UserFactory(username="rep_b", role=Role.REPORTER, unit=district.unit_b),
    )
    return SimpleNamespace(
        users=users,
        office=_login(users.office),
        leader=_login(users.leader),
        reporter_a=_login(users.reporter_a),
        head_a=_login(users.head_a),
        reporter_b=_login(users.reporter_b),
        anonymous=Client(),
    )


# --- Celery -------------------------------------------------------------------------
# Ordinary tests run tasks eagerly, in-process. Tests marked `worker` send them through
# the real broker (CELERY_BROKER_URL) to a real `celery worker` process started here
# against the test database; they are skipped when no broker is configured (SQLite pass).


@pytest.fixture(autouse=True)
def _celery_mode(request):
    from showcase.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    import os
    import subprocess
    import sys
    import time

    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL 未设置：真实 worker 测试只在 PostgreSQL + broker 轮次运行")
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("真实 worker 需要共享数据库（PostgreSQL）")
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}
    from showcase.celery import app

    app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "showcase",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--hostname=ci-worker@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=1.0):
                break
            if worker.poll() is not None:
                pytest.fail("celery worker 启动失败")
        else:
            pytest.fail("celery worker 60 秒内未响应 ping")
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy (for work done by another process)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
