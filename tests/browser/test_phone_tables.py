"""Tables on a phone (390×844): a figure stays on one line, the text beside it wraps."""

import pytest

from accounts.models import Role
from reporting.models import ReportState
from tests.factories import ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_items_reports_keep_each_figure_on_one_line_on_a_phone(phone, district):
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    ReportFactory(
        item=district.item_a,
        month=district.month,
        value="1234.56",
        rank=15,
        peer_count=26,
        achievement="1-3月固定资产投资增速10.2%，居全省山区26县第15位，较上月前移4位。" * 2,
        state=ReportState.ACCEPTED,
    )
    login(phone, "rep_a")
    phone.goto(f"{phone.base_url}/items/{district.item_a.pk}/")
    cells = phone.locator("table tbody td.num")
    assert cells.count() == 2
    for cell in cells.all():
        lines = cell.evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td);"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
        )
        assert lines == 1, cell.inner_text()
