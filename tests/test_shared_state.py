"""A web node keeps no state of its own: what the production settings share between
nodes (cache, sessions, login lockouts, files), read as a node would start with them."""

import json
import subprocess
import sys

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.test_deploy import PROJECT, clean_env

SHOW = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"],
    "sessions": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER,
    "storage": settings.STORAGES["default"],
}))
"""


def node_settings(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=PROJECT,
        env=clean_env(DJANGO_SETTINGS_MODULE="showcase.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_keeps_everything_local_with_nothing_configured():
    shown = json.loads(node_settings().stdout)
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["sessions"] == "showcase.sessions"  # Django's db engine
    assert shown["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert shown["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_it_shares_cache_sessions_lockouts_and_files_when_configured():
    shown = json.loads(
        node_settings(
            CACHE_URL="redis://127.0.0.1:6379/3",
            AWS_STORAGE_BUCKET_NAME="showcase-files",
            AWS_S3_ENDPOINT_URL="https://s3.example.gov.cn",
            AWS_ACCESS_KEY_ID="key",
            AWS_SECRET_ACCESS_KEY="secret",
        ).stdout
    )
    assert shown["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }
    # Read through the shared cache, written to the database.
    assert shown["sessions"] == "showcase.cached_sessions"  # Django's cached_db
    # Failed logins are counted where every node counts them.
    assert shown["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    storage = shown["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "showcase-files",
        "https://s3.example.gov.cn",
    )
    # Never a public bucket: private objects, signed URLs that expire in five minutes.
    assert options["default_acl"] == "private"
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 300)
    assert options["file_overwrite"] is False


def test_it_refuses_to_have_nginx_send_files_it_cannot_read():
    result = node_settings(
        AWS_STORAGE_BUCKET_NAME="showcase-files", EVIDENCE_ACCEL_REDIRECT="/protected-media/"
    )
    assert result.returncode != 0
    assert "EVIDENCE_ACCEL_REDIRECT 须留空" in result.stderr


def test_a_file_in_the_bucket_is_private_and_its_url_signed_and_short_lived(settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_server.storage_options(location="privacy"),
        },
    }
    name = default_storage.save("evidence/2026/12/report.pdf", ContentFile(b"%PDF-1.4"))
    assert f"privacy/{name}" in s3_server.keys("privacy/")
    grants = s3_server.client().get_object_acl(Bucket=s3_server.bucket, Key=f"privacy/{name}")
    assert not [
        g for g in grants["Grants"] if g["Grantee"].get("URI", "").endswith("/global/AllUsers")
    ]
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url or "Signature=" in url
    assert "X-Amz-Expires=300" in url or "Expires=" in url
