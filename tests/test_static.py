"""Static files as production serves them: collected into hashed, compressed copies and
sent by whitenoise compressed and cached a year; Bootstrap's CSS cut to what we use."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
YEAR = 365 * 24 * 3600
PURGED = Path(django_settings.BASE_DIR) / "build" / "css" / "bootstrap.min.css"
FULL = Path(django_settings.BASE_DIR) / "node_modules" / "bootstrap" / "dist" / "css"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = MANIFEST
    return Client()  # a new client: whitenoise reads STATIC_ROOT when it starts


def stylesheets(client) -> list[str]:
    html = client.get("/accounts/login/").content.decode()
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_it_names_hashed_stylesheets_in_the_page(production):
    sheets = stylesheets(production)
    assert sheets, "登录页没有样式表"
    for href in sheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href


def test_it_serves_the_page_css_compressed_and_cached_a_year(production):
    for href in stylesheets(production):
        response = production.get(href, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response.status_code == 200
        assert response["Content-Encoding"] in ("gzip", "br")
        assert "immutable" in response["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
        assert max_age >= YEAR
        plain = production.get(href)
        assert "Content-Encoding" not in plain
        body = b"".join(response.streaming_content)
        assert len(body) < int(plain["Content-Length"]) / 2


def test_it_serves_bootstrap_cut_to_the_classes_the_pages_use():
    css = PURGED.read_text()
    assert len(css) < (FULL / "bootstrap.min.css").stat().st_size / 2
    # Used in templates, by tables and widgets, by Bootstrap's JS and by htmx.
    for selector in [
        ".navbar-toggler-icon",
        ".table-responsive",
        ".form-select",
        ".alert-success",
        ".text-bg-warning",
        ".collapse:not(.show)",
        ".collapsing",
        ".dropdown-menu.show",
        ".invalid-feedback",
        ".page-link",
    ]:
        assert selector in css, selector
    for unused in [".carousel", ".offcanvas", ".accordion-button", ".toast-header"]:
        assert unused not in css, unused
