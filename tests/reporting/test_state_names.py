"""A report under review is named as the homes and the review board count it:
待负责人审核 or 待考核办审核, on every page that shows its state."""

import pytest
from django.urls import reverse

from reporting.models import ReportState
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def _pages(personas, district, report) -> dict[str, str]:
    item = report.item
    unit = item.lead_unit
    reporter = personas.reporter_a if unit == district.unit_a else personas.reporter_b
    urls = {
        "report": (reporter, reverse("reporting:report_detail", args=[report.pk])),
        "item": (reporter, reverse("reporting:item_detail", args=[item.pk])),
        "fill": (reporter, reverse("reporting:fill") + "?month=2022-03"),
        "home": (reporter, reverse("home")),
        "review": (
            personas.office,
            reverse("reporting:review_unit", args=[district.month.label, unit.pk]),
        ),
    }
    return {name: client.get(url).content.decode() for name, (client, url) in urls.items()}


@pytest.mark.parametrize(
    ("unit", "state", "name"),
    [
        ("unit_a", ReportState.SUBMITTED, "待负责人审核"),
        ("unit_a", ReportState.APPROVED, "待考核办审核"),
        ("unit_b", ReportState.SUBMITTED, "待考核办审核"),  # no head: straight to the office
    ],
)
def test_it_names_a_report_under_review_as_the_counts_do(personas, district, unit, state, name):
    item = district.item_a if unit == "unit_a" else district.item_b
    report = ReportFactory(item=item, month=district.month, state=state, value="1")
    for page_name, page in _pages(personas, district, report).items():
        assert f"{name}</" in page, page_name
        assert "单位已审核<" not in page, page_name
        assert ">待审核<" not in page, page_name
