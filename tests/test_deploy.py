"""What an operator installs from deploy/: the health check, gunicorn, systemd, nginx, env."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

PROJECT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT / "deploy"
ENV_EXAMPLE = DEPLOY / "showcase.env.example"
UNITS = sorted(DEPLOY.glob("showcase-*.service")) + sorted(DEPLOY.glob("showcase-*.timer"))


# --- /healthz ------------------------------------------------------------------------


def test_it_reports_healthy_with_the_database_and_no_broker(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_it_answers_503_quickly_when_the_broker_is_down(client, db, settings, monkeypatch):
    from showcase.celery import app

    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_URL = closed
    monkeypatch.setattr(app.conf, "broker_url", closed)
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")


def test_it_answers_503_when_the_shared_cache_is_down(client, db, settings):
    # Sessions are read through the shared cache: with it down every logged-in page
    # fails, so the node is not healthy.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error: ")


def test_it_answers_503_while_the_bucket_does_not_exist(client, db, settings, s3_server):
    # A bucket not yet created (or a wrong name) passes `check --deploy`; without this the
    # first evidence upload would be the first to find out.
    settings.AWS_STORAGE_BUCKET_NAME = "no-such-bucket"
    options = s3_server.storage_options() | {"bucket_name": "no-such-bucket"}
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error: ")

    settings.AWS_STORAGE_BUCKET_NAME = s3_server.bucket
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_server.storage_options(),
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["storage"] == "ok"


# --- The production environment --------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them (comments skipped)."""
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def variables_read_by(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    python = re.findall(r"""(?:environ\.get\(|environ\[|env_bool\()\s*["']([A-Z_]+)["']""", text)
    shell = re.findall(r"\$\{([A-Z_]+)[:}]", text)
    return set(python) | set(shell)


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without anything that would configure the app."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    }
    env.update(values)
    return env


def test_it_documents_every_setting_in_the_env_example_and_the_guide():
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    guide = (PROJECT / "docs" / "production.md").read_text(encoding="utf-8")
    read = (
        variables_read_by(PROJECT / "showcase" / "settings.py")
        | variables_read_by(DEPLOY / "gunicorn.conf.py")
        | variables_read_by(DEPLOY / "backup.sh")
    )
    # An internal marker for tooling, not something an operator sets.
    operator_facing = read - {"SHOWCASE_REQUIRE_SECRET_KEY"}
    assert sorted(v for v in operator_facing if not re.search(rf"\b{v}=", example)) == []
    assert sorted(v for v in operator_facing if f"`{v}`" not in guide) == []
    # And nothing in the example that the app would silently ignore.
    named = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert sorted(named - read) == []


def test_it_passes_the_deploy_check_with_the_env_example(tmp_path):
    env = read_env_file(ENV_EXAMPLE)
    for required in ("SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"):
        assert env.get(required), required
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the example's placeholder is flagged
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", ["ture", "enabled", "2"])
def test_it_refuses_to_start_with_an_unknown_switch_value(value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=clean_env(SECURE_COOKIES=value, SECRET_KEY=secrets.token_urlsafe(50)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"SECURE_COOKIES='{value}' 不是有效的开关值" in result.stderr


def test_it_reads_the_usual_switch_words(monkeypatch):
    from showcase.settings import env_bool

    for word, meaning in [("TRUE", True), ("on", True), ("1", True), ("off", False), ("", False)]:
        monkeypatch.setenv("SHOWCASE_TEST_SWITCH", word)
        assert env_bool("SHOWCASE_TEST_SWITCH", not meaning) is meaning


# --- gunicorn --------------------------------------------------------------------------


def load_gunicorn_conf(monkeypatch, **env: str) -> dict:
    import runpy

    for key in [k for k in os.environ if k.startswith("GUNICORN_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_it_configures_gunicorn_with_defaults(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["wsgi_app"] == "showcase.wsgi:application"
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == os.cpu_count() * 2 + 1
    assert (conf["worker_class"], conf["threads"]) == ("gthread", 2)
    assert conf["timeout"] == 120
    assert conf["accesslog"] == "-"


def test_it_configures_gunicorn_from_the_environment(monkeypatch):
    conf = load_gunicorn_conf(
        monkeypatch,
        GUNICORN_WORKERS="4",
        GUNICORN_THREADS="8",
        GUNICORN_BIND="10.0.0.5:8000",
        GUNICORN_TIMEOUT="60",
    )
    assert (conf["workers"], conf["threads"], conf["bind"], conf["timeout"]) == (
        4,
        8,
        "10.0.0.5:8000",
        60,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_serves_the_health_check_through_gunicorn_in_production(tmp_path):
    port = free_port()
    env = clean_env(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # Plain HTTP straight to the app port, as a load balancer probes it.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status, body = r.status, json.loads(r.read())
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(server.stdout.read().decode() if server.poll() else "timeout")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "broker": "eager"}


# --- systemd and nginx -----------------------------------------------------------------


def test_it_ships_the_three_services_and_the_backup_timer():
    names = {unit.name for unit in UNITS}
    assert names == {
        "showcase-web.service",
        "showcase-worker.service",
        "showcase-beat.service",
        "showcase-backup.service",
        "showcase-backup.timer",
    }
    commands = {
        unit.name: re.search(r"^ExecStart=(.*)$", unit.read_text(), re.MULTILINE).group(1)
        for unit in UNITS
        if unit.suffix == ".service"
    }
    assert "gunicorn -c deploy/gunicorn.conf.py showcase.wsgi" in commands["showcase-web.service"]
    assert "celery -A showcase worker" in commands["showcase-worker.service"]
    assert (
        "celery -A showcase beat --loglevel=INFO"
        " --scheduler django_celery_beat.schedulers:DatabaseScheduler"
    ) in commands["showcase-beat.service"]
    assert commands["showcase-backup.service"].endswith("deploy/backup.sh")
    for unit in UNITS:
        if unit.suffix == ".service":
            text = unit.read_text()
            assert "EnvironmentFile=/etc/showcase/showcase.env" in text
            assert "User=showcase" in text


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze 未安装")
def test_it_has_unit_files_that_systemd_accepts(tmp_path):
    # The units name /srv/showcase; point them at this checkout so the programs exist.
    for unit in UNITS:
        text = unit.read_text().replace("/srv/showcase", str(PROJECT))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    problems = [
        line
        for line in result.stderr.splitlines()
        if re.search(r"Unknown|Invalid|Failed|not executable|Missing", line)
    ]
    assert problems == []


def test_it_proxies_https_with_the_headers_the_app_trusts():
    conf = (DEPLOY / "nginx-showcase.conf").read_text()
    assert "client_max_body_size 20m;" in conf
    assert "listen 443 ssl" in conf
    assert "return 301 https://$host$request_uri;" in conf
    assert "proxy_set_header Host $host;" in conf
    # settings.SECURE_PROXY_SSL_HEADER and showcase.client_ip read exactly these.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "server 127.0.0.1:8000" in conf  # gunicorn.conf.py's default bind


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx 未安装")
def test_it_has_an_nginx_config_that_nginx_accepts(tmp_path):
    site = (DEPLOY / "nginx-showcase.conf").read_text()
    certificate = tmp_path / "cert.pem"
    key = tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=showcase.example.gov.cn", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = site.replace("/etc/ssl/certs/showcase.example.gov.cn.pem", str(certificate))
    site = site.replace("/etc/ssl/private/showcase.example.gov.cn.key", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


# --- Backup scripts (their refusals; the round trip is tests/test_backup.py) -------------


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh"])
def test_it_ships_executable_shell_scripts(script):
    path = DEPLOY / script
    assert os.access(path, os.X_OK)
    assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize(
    ("script", "args", "env", "message"),
    [
        ("backup.sh", [], {}, "DATABASE_URL 未设置"),
        ("backup.sh", [], {"DATABASE_URL": "sqlite:///db.sqlite3"}, "不是 PostgreSQL"),
        ("restore.sh", [], {}, "用法"),
        ("restore.sh", ["/nonexistent.dump"], {}, "找不到数据库备份"),
    ],
)
def test_it_refuses_clearly_in_the_backup_scripts(tmp_path, script, args, env, message):
    result = subprocess.run(
        [str(DEPLOY / script), *args],
        env=clean_env(BACKUP_DIR=str(tmp_path), **env),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_it_says_the_backup_leaves_the_bucket_to_the_storage_service(tmp_path):
    # With a bucket the files are not under MEDIA_ROOT: the backup must not pass off an
    # empty (or stale) MEDIA_ROOT as the files, nor skip them in silence.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text('#!/bin/sh\nfor a; do case "$a" in --file=*) : > "${a#--file=}";; esac; done\n')
    fake.chmod(0o755)
    media = tmp_path / "media"
    media.mkdir()
    (media / "stale.txt").write_text("left from before the bucket")
    backups = tmp_path / "backups"
    env = clean_env(
        DATABASE_URL="postgres://showcase@127.0.0.1:5432/showcase",
        MEDIA_ROOT=str(media),
        AWS_STORAGE_BUCKET_NAME="showcase-files",
        BACKUP_DIR=str(backups),
    )
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    result = subprocess.run(
        [str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert [p.name.split("-")[1] for p in backups.iterdir()] == ["db"]
    assert "对象存储桶 showcase-files 中，本脚本只备份了数据库" in result.stderr


def test_it_gives_up_on_a_mail_server_that_never_answers():
    # Django's SMTP backend waits forever by default: one silent mail server (a firewall
    # dropping packets) would hold a Celery worker, and the scoring queued behind it.
    from django.core.mail import get_connection

    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == 30


def test_it_lets_every_evidence_upload_the_app_accepts_through_nginx():
    # A reporter may choose up to MAX_FILES files of MAX_SIZE at once; nginx must let the
    # app explain its limits in Chinese rather than answer its own English 413 page.
    from reporting.evidence import MAX_FILES, MAX_SIZE

    conf = (DEPLOY / "nginx-showcase.conf").read_text()
    evidence = conf.split("location ~ ^/reports/[0-9]+/evidence/$ {", 1)[1].split("}", 1)[0]
    limit = re.search(r"client_max_body_size (\d+)m;", evidence)
    assert limit is not None
    assert int(limit.group(1)) * 1024 * 1024 > MAX_FILES * MAX_SIZE


def announce_upload(port: int, path: str, size: int) -> tuple[int, str]:
    """A POST announcing `size` bytes, as a browser starts one: nginx judges the size
    from the header, before any of the body."""
    import http.client
    import ssl

    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, timeout=10, context=ssl._create_unverified_context()
    )
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read().decode()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx 未安装")
def test_it_refuses_an_upload_too_large_for_nginx_in_chinese(tmp_path):
    from tests.nginx import free_port, nginx_site

    port = free_port()
    conf = nginx_site([free_port()], port, tmp_path)  # no app behind: nginx answers alone
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for path, size in [("/ledger/", 21 * 1024 * 1024), ("/reports/1/evidence/", 202 << 20)]:
            status, page = announce_upload(port, path, size)
            assert status == 413
            assert "文件过大，没有上传" in page
            assert "nginx" not in page
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
