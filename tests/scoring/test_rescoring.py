"""The live preview follows every change of its inputs, wherever the change is made: a
report accepted or reopened on the office's pages, an item edited in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import ReportState
from scoring.models import Board, ScoreRun, UnitResult
from scoring.services import compute_month
from tests.admin_forms import admin_form_data
from tests.factories import ReportFactory, UserFactory


def preview_score(unit_code: str) -> Decimal:
    return UnitResult.objects.get(
        run__in=ScoreRun.objects.previews(), board=Board.DISTRICT, unit_code=unit_code
    ).score


def board_preview(client) -> str:
    return client.get(
        reverse("scoring:month_boards", args=["2022-03"]) + "?preview=1"
    ).content.decode()


@pytest.fixture
def awaiting(district):
    """区发改局 reported 15 of an expected 30 (target 120, March), approved by its head."""
    report = ReportFactory(
        item=district.item_a, month=district.month, value=Decimal("15"), state=ReportState.APPROVED
    )
    compute_month(district.month)
    return report


def test_it_scores_a_report_once_the_office_accepts_it(
    personas, awaiting, django_capture_on_commit_callbacks
):
    assert preview_score("A01") == Decimal("0.00")  # not accepted: 未报送
    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(reverse("reporting:report_accept", args=[awaiting.pk]))
    assert preview_score("A01") == Decimal("50.00")
    assert "50.00" in board_preview(personas.leader)


def test_it_drops_a_reopened_report_from_the_preview(
    personas, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(reverse("reporting:report_accept", args=[awaiting.pk]))
        personas.office.post(
            reverse("reporting:report_reopen", args=[awaiting.pk]), {"reason": "口径有误"}
        )
    assert preview_score("A01") == Decimal("0.00")


def test_it_rescores_the_preview_after_an_item_is_edited_in_the_admin(
    district, awaiting, client, django_capture_on_commit_callbacks
):
    awaiting.state = ReportState.ACCEPTED
    awaiting.save()
    compute_month(district.month)
    assert preview_score("A01") == Decimal("50.00")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:actions_item_change", args=[district.item_a.pk])
    data = admin_form_data(client, url, target="60")  # E = 15 in March: 15 is on pace

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert preview_score("A01") == Decimal("100.00")
