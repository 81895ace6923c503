"""本月填报's posts (保存, 报送本项) in a fixed number of queries, however many items the
page holds: bench/load.py's reporters send a quarter of its requests so."""

import pytest
from django.urls import reverse

from reporting.models import Report, ReportState
from tests.factories import ItemFactory, MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db

URL = reverse("reporting:fill")


def _page(district, count):
    """The unit's items (each with last month's report, every other one with a draft) and
    the page's POST data, every item posted as loaded."""
    items = [district.item_a]
    for n in range(count - 1):
        items.append(ItemFactory(code=f"A-{n + 10:03d}", lead_unit=district.unit_a))
    data = {}
    for n, item in enumerate(items):
        ReportFactory(item=item, month=MonthFactory(year=2022, number=2), value=30)
        report = None
        if n % 2 == 0:
            report = ReportFactory(
                item=item, month=district.month, state="draft", value=31, achievement="进展"
            )
        prefix = f"i{item.pk}"
        data[f"{prefix}-version"] = report.version if report else 0
        for name in ("value", "problems", "measures", "fix_unit", "fix_deadline"):
            data[f"{prefix}-{name}"] = ""
        data[f"{prefix}-value"] = "31" if report else ""
        data[f"{prefix}-achievement"] = "进展" if report else ""
    return district.item_a, data


@pytest.mark.parametrize("count", [1, 12])
def test_it_saves_one_changed_item_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, count
):
    item, data = _page(district, count)
    data[f"i{item.pk}-achievement"] = "新的进展"
    # session, user, months, items, reports (as the page's view); savepoints of the page
    # and of the save; the draft's id, its claim (UPDATE), its reload, its UPDATE and its
    # history row; both savepoints released; the session saved (savepoint, update, release).
    with django_assert_num_queries(17):
        response = personas.reporter_a.post(URL, data | {"action": "save"})
    assert response.status_code == 302
    assert Report.objects.get(item=item, month=district.month).achievement == "新的进展"


@pytest.mark.parametrize("count", [1, 12])
def test_it_submits_one_item_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, count
):
    item, data = _page(district, count)
    data[f"i{item.pk}-achievement"] = "报送的进展"
    # The save's 17, and the submit's: a savepoint, the claim, the reload, 上期, the
    # UPDATE, the history row, the unit's open 待办 asked for, the release.
    with django_assert_num_queries(25):
        response = personas.reporter_a.post(URL, data | {"action": f"submit:{item.pk}"})
    assert response.status_code == 302
    report = Report.objects.get(item=item, month=district.month)
    assert report.state == ReportState.SUBMITTED
