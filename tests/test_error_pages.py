"""Error pages in the site's own layout and language: a guessed URL, a refused action,
and a server error."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_it_answers_a_guessed_report_url_with_its_own_404_page(personas, district):
    report = ReportFactory(item=district.item_a)
    url = reverse("reporting:report_detail", args=[report.pk])

    response = personas.reporter_b.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回首页" in html
    assert district.item_a.name not in html
    english = personas.reporter_b.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in english.content.decode()


def test_it_explains_a_refused_action_on_its_own_403_page(personas):
    response = personas.leader.get(reverse("reporting:fill"))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_it_renders_a_server_error_page_without_the_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()
