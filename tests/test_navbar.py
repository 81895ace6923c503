"""The frame of every page (showcase.templatetags.layout): the navigation bar and
language switch drawn by Jinja2 with Django's escaping, the markup the Django template
drew before, and the static files' addresses as the static tag gives them."""

from django.template import engines
from django.test import RequestFactory

from accounts.models import Role
from tests.factories import UnitFactory, UserFactory

# What the Django template language drew for the same login (templates/base.html before
# the bar moved to Jinja2), for the parts whose escaping differs between the two engines.
DJANGO = engines["django"].from_string(
    "{{ user }} · {{ user.get_role_display }} · {{ user.unit.name }}|{{ request.get_full_path }}"
)


def test_it_escapes_names_and_the_address_as_django_does(db):
    unit = UnitFactory(name="\"甲\" & 'B' <局>")
    user = UserFactory(role=Role.REPORTER, unit=unit, display_name="O'Brien <b>")
    request = RequestFactory().get("/boards/?q=it's")  # browsers leave ' as it is
    request.user = user
    html = (
        engines["django"]
        .from_string("{% load layout %}{% navbar %}")
        .render({"district_name": "莲都'区"}, request)
    )
    names, path = DJANGO.render({"user": user, "request": request}).split("|")
    assert f'<span class="navbar-text me-3 small">{names}</span>' in html
    assert f'name="next" value="{path}"' in html
    assert "&#x27;" in names and "&#x27;" in path and "&#39;" not in html
    assert "莲都&#x27;区 · 晒比会" in html


def test_it_names_the_static_files_as_the_static_tag_does(settings):
    both = engines["django"].from_string(
        "{% load static layout %}{% asset 'js/keep.js' %}|{% static 'js/keep.js' %}"
    )
    first, second = both.render({}).split("|")
    assert first == second
    settings.STATIC_URL = "/elsewhere/"  # a changed setting is read again
    first, second = both.render({}).split("|")
    assert first == second and first.startswith("/elsewhere/")
