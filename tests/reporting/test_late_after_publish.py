"""A report returned in a month that then gets published: it stays editable, comes back
as a late report, and the office's acceptance goes into a correction."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reporting import services
from reporting.models import Month, ReportState
from scoring import services as scoring
from scoring.models import ScoreRun

from .test_workflow import GOOD, save, submitted

pytestmark = pytest.mark.django_db


def test_a_returned_report_of_a_published_month_comes_back_late_into_a_correction(
    personas, district, django_capture_on_commit_callbacks
):
    users = personas.users
    report = submitted(district, users.reporter_b, district.item_b)
    services.return_report(report, users.office, "数据口径有误，请核实后重报")
    scoring.publish_month("2022-03", user=users.office)
    month = Month.objects.get(pk=district.month.pk)
    assert month.state == "published"

    # The unit's fill page still has the fields, with the reason named as what it is.
    fill = personas.reporter_b.get(f"{reverse('reporting:fill')}?month=2022-03").content.decode()
    assert "退回理由：数据口径有误，请核实后重报" in fill and 'name="' in fill
    report.refresh_from_db()
    assert services.is_editable(report, month)

    with time_machine.travel(datetime.datetime(2022, 4, 3, 10, 0), tick=False):
        report = save(district.item_b, month, users.reporter_b, GOOD)
        report = services.submit_report(report, users.reporter_b, report.version)
    assert (report.state, report.late) == (ReportState.SUBMITTED, True)

    with django_capture_on_commit_callbacks(execute=True):  # the preview rescores
        services.accept_report(report, users.office)
    board = personas.office.get(reverse("scoring:month_boards", args=["2022-03"])).content.decode()
    assert "数据在发布后有变化" in board
    run, created = scoring.publish_month("2022-03", user=users.office, reason="补报区经信局月报")
    assert created and run.revision == 2
    assert ScoreRun.objects.publications().get(revision=2).reason == "补报区经信局月报"
