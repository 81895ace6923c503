"""The Content-Security-Policy header: on the pages of every role, and the same in nginx."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role

from .factories import UserFactory

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = sorted(values)
    return policy


def assert_strict(header: str) -> None:
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.fixture
def admin_client(district):
    client = Client()
    client.force_login(
        UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    )
    return client


PAGES = {
    "anonymous": ["login", "home"],
    "reporter_a": ["home", "reporting:fill", "reporting:item_list", "scoring:boards"],
    "head_a": ["home", "reporting:fill"],
    "leader": ["home", "scoring:boards", "meetings:index", "meetings:assignments"],
    "office": ["home", "reporting:review", "reporting:ledger_import", "reporting:history"],
}


@pytest.mark.parametrize("persona, route", [(p, r) for p, routes in PAGES.items() for r in routes])
def test_it_sends_the_policy_on_every_role_s_pages(personas, persona, route):
    response = getattr(personas, persona).get(reverse(route), follow=True)
    assert response.status_code == 200
    assert_strict(response["Content-Security-Policy"])


def test_it_sends_the_policy_on_admin_refused_and_missing_pages(personas, admin_client):
    assert_strict(admin_client.get("/admin/").headers["Content-Security-Policy"])
    refused = personas.reporter_a.get(reverse("reporting:review"))
    assert refused.status_code == 403
    assert_strict(refused.headers["Content-Security-Policy"])
    missing = personas.leader.get("/no-such-page/")
    assert missing.status_code == 404
    assert_strict(missing.headers["Content-Security-Policy"])


def test_it_keeps_scripts_out_of_the_pages(personas):
    # What the policy forbids must not be in the HTML either: it would silently not run.
    for client, route in [
        (personas.office, "home"),
        (personas.office, "reporting:review"),
        (personas.reporter_a, "reporting:fill"),
        (personas.leader, "scoring:boards"),
    ]:
        html = client.get(reverse(route), follow=True).content.decode()
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)", html)
        assert not re.search(r"\son[a-z]+=", html)
        assert " style=" not in html


def test_it_documents_the_same_policy_for_nginx(settings):
    conf = (DEPLOY / "nginx-showcase.conf").read_text()
    found = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', conf)
    assert found, "deploy/nginx-showcase.conf 没有 Content-Security-Policy"
    from csp.utils import build_policy

    django_policy = build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    assert directives(found.group(1)) == directives(django_policy)
    assert "proxy_hide_header Content-Security-Policy;" in conf


def test_no_page_sends_the_browser_to_a_missing_favicon(personas, admin_client):
    """/favicon.ico is a 404, a console error on every page that does not name an icon: the
    site's pages and the admin's name an empty one, allowed by img-src data:."""
    assert admin_client.get("/favicon.ico").status_code == 404
    for html in (
        personas.office.get(reverse("home")).content.decode(),
        admin_client.get("/admin/").content.decode(),
        admin_client.get("/admin/actions/unit/").content.decode(),
    ):
        assert '<link rel="icon" href="data:,">' in html
    assert "晒比会</title>" in html  # the admin keeps its own title and header
