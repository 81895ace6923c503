"""上期 (last month's report) across a year boundary: in January, an item carried over
from last year's plan has last December's report as 上期 on the fill page's hints, the
office's diff, the identical-text confirmation and the plausibility flags alike
(ReportQuerySet.previous_to, by item code)."""

import pytest
from django.urls import reverse

from actions.models import Level
from reporting import plausibility, services
from reporting.checks import CONFIRM_SAME_TEXT
from reporting.models import Report, ReportState
from tests.factories import ActionFactory, ItemFactory, MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db

DECEMBER_TEXT = "完成全年省考目标，位次保持前列"


@pytest.fixture
def january(district):
    """R-001 (a 省考 rank item of 区发改局) in the plans of 2021 and 2022; last December's
    report is accepted (2nd of 26) and January 2022 is open."""

    def rank_item(year: int):
        action = ActionFactory(code="R", plan_year__year=year, lead_unit=district.unit_a)
        return ItemFactory(
            code="R-001", action=action, lead_unit=district.unit_a, level=Level.PROVINCE
        )

    last_year = rank_item(2021)
    ReportFactory(
        item=last_year,
        month=MonthFactory(year=2021, number=12),
        value=None,
        rank=2,
        peer_count=26,
        achievement=DECEMBER_TEXT,
    )
    district.item = rank_item(2022)
    district.january = MonthFactory(year=2022, number=1)
    return district


def _draft(district, user) -> Report:
    data = {
        "rank": 20,
        "peer_count": 26,
        "achievement": DECEMBER_TEXT,
        "problems": "新年度对标县份增加",
        "measures": "逐项对标补短板",
    }
    return services.save_report(district.item, district.january, data, user, 0)


def test_the_fill_page_hints_last_december(personas, january):
    page = personas.reporter_a.get(reverse("reporting:fill"), {"month": "2022-01"})
    assert f'">{DECEMBER_TEXT}</span>' in page.content.decode()


def test_the_identical_text_and_the_rank_flag_are_checked_against_last_december(personas, january):
    user = personas.users.reporter_a
    report = _draft(january, user)
    with pytest.raises(services.NeedsConfirmation) as refused:
        services.submit_report(report, user, report.version)
    assert refused.value.asks == [CONFIRM_SAME_TEXT]
    with pytest.raises(services.NeedsConfirmation) as refused:
        services.submit_report(report, user, report.version, confirmed=[CONFIRM_SAME_TEXT])
    assert refused.value.asks == [plausibility.RANK_MOVED]
    report = services.submit_report(
        report,
        user,
        report.version,
        confirmed=[CONFIRM_SAME_TEXT],
        reasons={plausibility.RANK_MOVED: "新年度对标口径调整"},
    )
    assert report.flags == [
        {"code": "rank_moved", "params": {"previous": "2"}, "reason": "新年度对标口径调整"}
    ]


def test_the_office_diffs_against_last_december(personas, january):
    user = personas.users.reporter_a
    report = _draft(january, user)
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    url = reverse("reporting:review_unit", args=["2022-01", january.unit_a.pk])
    rows = personas.office.get(url).context["rows"]
    row = next(row for row in rows if row["item"] == january.item)
    assert row["previous"].month.label == "2021-12"
    assert ("位次", "2", "20") in row["changes"]
