"""A canary: a unique text in a report of a published month, and in reports that are
not published (a submitted report, a month only previewed), appears in no response of
the API or the public page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from outlets.services import switch_public_page
from reporting.models import Report, ReportState
from scoring.services import compute_month, publish_month
from tests.factories import MonthFactory, ReportFactory
from tests.scoring.builders import build_march

pytestmark = pytest.mark.django_db

PUBLISHED_TEXT = "金丝雀已发布月份实现情况7f3a"
UNPUBLISHED_TEXT = "金丝雀未发布报告9c1e"
UNPUBLISHED_VALUE = "86420.1357"


def test_no_report_text_reaches_the_api_or_the_public_page(api, django_capture_on_commit_callbacks):
    world = build_march()
    Report.objects.filter(pk=world.reports.g1.pk).update(
        achievement=PUBLISHED_TEXT, problems=PUBLISHED_TEXT, measures=PUBLISHED_TEXT
    )
    # A submitted, not accepted, report of the published month.
    Report.objects.filter(pk=world.reports.m1.pk).update(achievement=UNPUBLISHED_TEXT)
    publish_month("2022-03")
    april = MonthFactory(year=2022, number=4)
    ReportFactory(
        item=world.g1,
        month=april,
        value=UNPUBLISHED_VALUE,
        achievement=UNPUBLISHED_TEXT,
        state=ReportState.ACCEPTED,
    )
    compute_month(april)  # April's live preview holds the canary
    with django_capture_on_commit_callbacks(execute=True):
        switch_public_page(True)

    api_paths = [reverse("api:months"), reverse("api:plan_items", args=[2022])]
    for label in ("2022-03", "2022-04"):
        for name in ("api:boards", "api:items", "api:warnings"):
            api_paths.append(reverse(name, args=[label]))
    responses = [api.get(path) for path in api_paths]
    public = Client()
    responses += [public.get(p) for p in ("/public/", "/public/2022-03/", "/public/2022-04/")]
    assert [r.status_code for r in responses].count(200) == 7
    for response in responses:
        body = response.content.decode()
        for canary in (PUBLISHED_TEXT, UNPUBLISHED_TEXT, UNPUBLISHED_VALUE):
            assert canary not in body, (response.request["PATH_INFO"], canary)
