"""The public page (政务公开): off until the office switches it on, only DESIGN §9's
fields of published months, rendered once per revision and served from the cache."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from outlets.models import PublicPage
from outlets.services import switch_public_page
from reporting.models import Report
from scoring.services import publish_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        switch_public_page(True)
    return march


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the cache's new generation, the webhooks) as a
    real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_it_is_off_until_the_office_switches_it_on(march, personas, committed):
    assert Client().get("/public/").status_code == 404
    assert Client().get("/public/2022-03/").status_code == 404
    with committed():
        response = personas.office.post(reverse("outlets:switch_public"), {"enabled": "1"})
    assert response.status_code == 302
    page = Client().get("/public/2022-03/")
    assert page.status_code == 200
    assert "区级综合评价榜" in page.content.decode()


def test_the_switch_is_kept_in_the_history(march, personas, committed):
    with committed():
        personas.office.post(reverse("outlets:switch_public"), {"enabled": "1"})
        personas.office.post(reverse("outlets:switch_public"), {"enabled": "0"})
    history = PublicPage.objects.get().history.order_by("history_date")
    assert [(h.enabled, h.history_user.username) for h in history.exclude(history_type="+")] == [
        (True, "office"),
        (False, "office"),
    ]
    office_page = personas.office.get(reverse("outlets:office")).content.decode()
    assert "开启" in office_page and "关闭" in office_page
    assert Client().get("/public/").status_code == 404


def test_it_shows_the_boards_revisions_and_publish_time_without_login(public):
    html = Client().get("/public/2022-03/").content.decode()
    for text in ("省考排行榜", "市考排行榜", "区级综合评价榜", "八大行动", "各行动事项分档"):
        assert text in html
    for unit in ("区数据局", "区住建局", "雅溪镇"):
        assert unit in html
    assert "发布时间" in html and "第1版" in html
    assert "红榜" in html or "警示榜" in html
    # The index opens on the newest published month.
    assert "2022-03 晒比会榜单（第1版）" in Client().get("/public/").content.decode()


def test_it_shows_no_person_and_no_report_text(public):
    html = Client().get("/public/2022-03/").content.decode()
    assert "王建国" not in html  # the actions' leader
    assert "张三" not in html  # the items' responsible person
    assert "进度偏慢" not in html  # a report's 存在问题
    assert "事项G-001" not in html  # no item is listed by name


def test_an_unpublished_month_is_not_found(public):
    assert Client().get("/public/2022-04/").status_code == 404
    assert Client().get("/public/2022-13/").status_code == 404


def test_the_switched_off_page_is_one_cache_entry_and_runs_no_query(march):
    assert Client().get("/public/2022-03/").status_code == 404
    for path in ("/public/2022-03/", "/public/", "/public/1999-01/"):
        with TestCase().assertNumQueries(0):
            assert Client().get(path).status_code == 404


def test_a_cache_hit_runs_no_query(public, personas):
    for client in (Client(), personas.office, personas.reporter_a):
        for url in ("/public/", "/public/2022-03/"):
            first = client.get(url)
            with TestCase().assertNumQueries(0):
                again = client.get(url)
            assert again.status_code == 200
            assert again.content == first.content
            assert again["Cache-Control"] == "no-cache"


def test_a_correction_shows_at_the_next_request(public, committed):
    assert "第2版" not in Client().get("/public/2022-03/").content.decode()
    Report.objects.filter(item__code="G-001", month__number=3).update(value=Decimal("99"))
    with committed():
        publish_month("2022-03", reason="完成值录入有误")
    html = Client().get("/public/2022-03/").content.decode()
    assert "第2版" in html and "完成值录入有误" in html


def test_switching_off_shows_at_the_next_request(public, committed):
    assert Client().get("/public/2022-03/").status_code == 200
    with committed():
        switch_public_page(False)
    assert Client().get("/public/2022-03/").status_code == 404


def test_it_is_in_chinese_whatever_the_browser_asks(public):
    html = Client().get("/public/2022-03/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "区级综合评价榜" in html
