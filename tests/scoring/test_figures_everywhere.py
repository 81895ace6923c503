"""A figure is written once: the 预警 page, its JSON and the meeting workbook show the
same text for it, by its measurement unit, and list the items in the same plan order."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from actions.models import Item
from meetings.exports import export_month
from scoring import services
from tests.factories import ActionFactory, ItemFactory, MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db

OURS = ("Z-1", "B-1", "M-1")


@pytest.fixture
def counted(district):
    """June 2022, three red items in actions listed Z (order 1), then B (order 2):
    Z-1 counts people (人), heading for 6,945.09 of 10,000; B-1 counts things (个), a
    level figure of 24 against 100; M-1 is money (万元). By code B-1 comes first."""
    first = ActionFactory(code="Z", name="第一行动", order=1)
    second = ActionFactory(code="B", name="第二行动", order=2)
    june = MonthFactory(year=2022, number=6)
    people = ItemFactory(
        code="Z-1", action=first, lead_unit=district.unit_a, target=10000, measure_unit="人"
    )
    things = ItemFactory(
        code="B-1",
        action=second,
        lead_unit=district.unit_a,
        target=100,
        measure_unit="个",
        cumulative=False,
    )
    money = ItemFactory(
        code="M-1", action=second, lead_unit=district.unit_a, target=1000, measure_unit="万元"
    )
    ReportFactory(item=people, month=june, value=Decimal("3472.545"))
    ReportFactory(item=things, month=june, value=Decimal("24.0000"))
    ReportFactory(item=money, month=june, value=Decimal("100"))
    services.publish_month("2022-06")
    return june


def test_the_warnings_page_and_json_write_counts_whole_and_money_with_cents(counted, personas):
    page = personas.leader.get("/boards/2022-06/warnings/").content.decode()
    data = personas.leader.get("/boards/2022-06/warnings.json").json()

    ours = {w["item_code"]: w for w in data["warnings"] if w["item_code"] in OURS}
    assert ours["Z-1"]["forecast_text"] == "6,945人" and ours["Z-1"]["forecast"] == "6945"
    assert ours["B-1"]["forecast_text"] == "24个" and ours["B-1"]["forecast"] == "24"
    assert ours["M-1"]["forecast_text"] == "200.00万元"
    for warning in ours.values():
        shown = f'<td class="hide-phone num">{warning["forecast_text"]}</td>'
        assert shown in page and f'<td class="num">{warning["completion_text"]}</td>' in page
    assert "6,945.09" not in page and "24.00" not in page
    assert ours["Z-1"]["completion_text"] == "69.5%"


def test_the_warnings_page_its_json_and_the_workbook_list_items_in_plan_order(
    counted, personas, tmp_path
):
    page = personas.office.get("/boards/2022-06/warnings/").content.decode()
    data = personas.office.get("/boards/2022-06/warnings.json").json()
    export_month("2022-06", tmp_path / "meeting.xlsx")
    sheet = load_workbook(tmp_path / "meeting.xlsx")["预警"]

    in_json = [w["item_code"] for w in data["warnings"] if w["item_code"] in OURS]
    in_sheet = [r[0].value for r in sheet.iter_rows() if r[0].value in OURS]
    assert in_json == in_sheet == ["Z-1", "B-1", "M-1"]
    names = dict(Item.objects.filter(code__in=OURS).values_list("code", "name"))
    at = {code: page.index(f">{name}<") for code, name in names.items()}
    assert sorted(at, key=at.get) == in_json
