"""预警 stored with every score run: last year's curve, frozen publications, corrections
as new revisions, and the notice a unit gets when a published month turns an item 红."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Cadence, ItemKind, Unit
from meetings.exports import export_month
from reporting.models import Notification, ReportState
from scoring import services
from scoring.models import WarningResult
from tests.factories import (
    ActionFactory,
    ItemFactory,
    MonthFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(db):
    """G-1 (target 1200, cumulative) with last year's curve 300 by June, 900 by December;
    P-1 (target 1200) without last year; Y-1 a yearly task; Q-1 a quarterly task."""
    unit = UnitFactory(code="D1", name="区数据局")
    # Each item in an action of its own, coded in this order: the plan's order lists the
    # items so whatever number the factories' sequences have reached (A99 sorts after A100).
    items = {
        code: ItemFactory(
            code=code,
            lead_unit=unit,
            action=ActionFactory(code=f"D{number}"),
            **{"target": Decimal("1200"), **fields},
        )
        for number, (code, fields) in enumerate(
            {
                "G-1": {},
                "P-1": {},
                "Y-1": {"kind": ItemKind.TASK, "target": None, "cadence": Cadence.YEARLY},
                "Q-1": {"kind": ItemKind.TASK, "target": None, "cadence": Cadence.QUARTERLY},
            }.items()
        )
    }
    ReportFactory(item=items["G-1"], month=MonthFactory(year=2021, number=6), value=300)
    ReportFactory(item=items["G-1"], month=MonthFactory(year=2021, number=12), value=900)
    # Not accepted: never counts.
    ReportFactory(
        item=items["P-1"],
        month=MonthFactory(year=2021, number=6),
        value=1,
        state=ReportState.SUBMITTED,
    )
    june = MonthFactory(year=2022, number=6)
    ReportFactory(item=items["G-1"], month=june, value=Decimal("400"))
    ReportFactory(item=items["P-1"], month=june, value=Decimal("570"))
    ReportFactory(
        item=items["Q-1"], month=MonthFactory(year=2022, number=3), value=None, progress="behind"
    )
    return unit, items, june


def _warnings(run) -> dict[str, tuple]:
    return {
        w.item_code: (w.band, w.basis, w.forecast, w.completion)
        for w in WarningResult.objects.filter(run=run)
    }


def test_every_run_stores_the_months_warnings(two_years):
    _, _, june = two_years

    run = services.compute_month(june)

    assert _warnings(run) == {
        "G-1": ("green", "last_year", Decimal("1200.0000"), Decimal("1.0000")),
        "P-1": ("yellow", "pace", Decimal("1140.0000"), Decimal("0.9500")),
        "Q-1": ("red", "missing", None, None),
    }


def test_a_published_warning_never_changes_and_a_correction_is_a_new_revision(two_years):
    _, items, june = two_years
    first, _ = services.publish_month("2022-06")
    report = items["P-1"].reports.get(month=june)
    report.value = Decimal("700")
    report.save()

    second, created = services.publish_month("2022-06", reason="更正完成值")

    assert created and second.revision == 2
    assert _warnings(first)["P-1"][0] == "yellow"
    assert _warnings(second)["P-1"][:3] == ("green", "pace", Decimal("1400.0000"))


def test_a_change_to_an_earlier_month_alone_makes_a_correction(two_years):
    _, items, _ = two_years
    services.publish_month("2022-06")
    ReportFactory(
        item=items["Q-1"], month=MonthFactory(year=2022, number=6), value=None, progress="done"
    )

    run, created = services.publish_month("2022-06", reason="补报")

    assert created and _warnings(run)["Q-1"][:2] == ("green", "status")


def test_a_publication_that_turns_an_item_red_notifies_its_unit(
    two_years, django_capture_on_commit_callbacks
):
    unit, items, june = two_years
    reporter = UserFactory(role="reporter", unit=unit)
    red = Notification.objects.filter(user=reporter, text__startswith="预警")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_month("2022-06")
    notices = list(red)
    # Q-1 is red from the first publication; nothing else is.
    assert [n.text for n in notices] == [
        f"预警：{items['Q-1'].name} 在 2022-06 转为红色（未报送），请尽快采取措施"
    ]

    report = items["P-1"].reports.get(month=june)
    report.value = Decimal("100")
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_month("2022-06", reason="更正")

    texts = [n.text for n in red.all()]
    assert len(texts) == 2 and items["P-1"].name in texts[0]


WARNING_HEADERS = ["事项编码", "事项内容", "牵头单位", "预警", "预测年末值", "预计完成率", "依据"]


def test_the_meeting_workbook_has_the_warning_sheet_after_the_lagging_items(two_years, tmp_path):
    _, items, _ = two_years
    services.publish_month("2022-06")
    output = tmp_path / "meeting.xlsx"
    export_month("2022-06", output)

    workbook = load_workbook(output)
    names = workbook.sheetnames
    assert names.index("预警") == names.index("排位靠后事项") + 1
    ws = workbook["预警"]
    header = next(r[0].row for r in ws.iter_rows() if [c.value for c in r][:7] == WARNING_HEADERS)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
    assert rows == [
        ["G-1", items["G-1"].name, "区数据局", "绿", 1200, 1, "上年同期进度（截至6月）"],
        ["P-1", items["P-1"].name, "区数据局", "黄", 1140, 0.95, "序时进度（截至6月）"],
        ["Q-1", items["Q-1"].name, "区数据局", "红", None, None, "未报送"],
    ]
    assert ws.cell(header + 2, 6).number_format == "0.0%"


def test_the_warnings_page_lists_red_and_yellow_items_with_their_forecast(two_years, personas):
    services.publish_month("2022-06")

    _, items, _ = two_years
    page = personas.leader.get("/boards/2022-06/warnings/").content.decode()

    assert "1,140.00亿元" in page and "95.0%" in page and "序时进度（截至6月）" in page
    assert items["G-1"].name not in page  # G-1 is green: not on the watch list
    assert personas.reporter_a.get("/boards/2022-06/warnings/").status_code == 403


def test_the_warnings_page_reads_a_fixed_number_of_queries(
    two_years, personas, django_assert_num_queries
):
    services.publish_month("2022-06")
    url = "/boards/2022-06/warnings/"
    personas.leader.get(url)  # warm up: the session's save; the table is kept by run
    # session, user, the month with its runs, months for the switcher, the year's runs
    # shown (for the trend), the filter's actions and units
    with django_assert_num_queries(7):
        assert personas.leader.get(url).status_code == 200


def test_the_warnings_are_served_as_json(two_years, personas):
    services.publish_month("2022-06")

    response = personas.office.get("/boards/2022-06/warnings.json")

    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2022-06" and data["revision"] == 1
    assert [
        (w["item_code"], w["band"], w["forecast"], w["completion"], w["basis"])
        for w in data["warnings"]
        if w["item_code"] in ("G-1", "P-1", "Q-1")
    ] == [
        ("G-1", "绿", "1200.00", "1.000", "上年同期进度（截至6月）"),
        ("P-1", "黄", "1140.00", "0.950", "序时进度（截至6月）"),
        ("Q-1", "红", None, None, "未报送"),
    ]


@pytest.fixture
def red_a(district, personas):
    """A-001 (target 120, cumulative) at 10 by March: P = 40, c = 0.333, 红; published."""
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("10"))
    services.publish_month(district.month.label)
    return district


def test_a_unit_sees_its_own_red_items_on_its_home_page(red_a, personas):
    own = personas.reporter_a.get("/").content.decode()
    other = personas.reporter_b.get("/").content.decode()

    assert "本单位预警（2022-03）" in own and "固定资产投资" in own
    assert "40.00亿元" in own and "33.3%" in own
    assert "固定资产投资" not in other


def test_leaders_see_the_counts_on_their_home_page(red_a, personas):
    page = personas.leader.get("/").content.decode()

    # The leaders' home counts them in its own tile, linked to the 预警 page.
    tile = page[page.index('id="leader-counts"') :]
    assert '<a href="/boards/2022-03/warnings/"' in tile
    assert '<span class="text-danger">3</span>' in tile


def dots(page: str, line: str) -> list[str]:
    """What the dots of one line of an item's chart read (scoring/trend_figure.py)."""
    drawn = re.search(rf'<g class="trend-{line}">(.*?)</g>', page, re.S).group(1)
    return re.findall(r"<title>([^<]+)</title>", drawn)


def test_the_item_page_draws_the_forecast_to_december(red_a, personas):
    page = personas.reporter_a.get(f"/boards/items/{red_a.item_a.pk}/").content.decode()

    forecast = dots(page, "forecast")
    assert len(forecast) == 10  # March to December
    assert forecast[:2] == [
        "2022-03 预测（序时进度） 10.00亿元",
        "2022-04 预测（序时进度） 13.33亿元",
    ]
    assert forecast[-1] == "2022-12 预测（序时进度） 40.00亿元"
    assert "预测年末值 40.00亿元（依据 序时进度）" in page and "预计完成率 33.3%" in page


def test_the_item_page_follows_last_years_curve_when_the_forecast_did(two_years, personas):
    _, items, _ = two_years
    services.publish_month("2022-06")

    page = personas.leader.get(f"/boards/items/{items['G-1'].pk}/").content.decode()

    assert dots(page, "forecast") == [
        "2022-06 预测（上年同期进度） 400.00亿元",
        "2022-12 预测（上年同期进度） 1,200.00亿元",
    ]
    assert dots(page, "last-year") == ["2022-06 上年同期 300.00亿元", "2022-12 上年同期 900.00亿元"]
    assert "依据 上年同期进度" in page


def test_accepting_an_earlier_months_report_rescores_a_later_months_warnings(
    district, personas, django_capture_on_commit_callbacks
):
    # A quarterly item: April's 预警 rests on March, accepted only once April is open.
    item = ItemFactory(
        code="Q-2", lead_unit=district.unit_a, action=district.action, cadence=Cadence.QUARTERLY
    )
    march = ReportFactory(
        item=item, month=district.month, value=Decimal("30"), state=ReportState.APPROVED
    )
    april = MonthFactory(year=2022, number=4)
    services.compute_month(district.month)
    services.compute_month(april)
    assert WarningResult.objects.get(run__month=april, item=item).band == "red"  # 未报送 in 3

    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(reverse("reporting:report_accept", args=[march.pk]))

    warning = WarningResult.objects.get(run__month=april, item=item)
    assert (warning.band, warning.basis, warning.forecast) == ("green", "pace", Decimal("120"))


def test_a_unit_with_its_own_robot_hears_of_items_turned_red(
    district, robot_server, django_capture_on_commit_callbacks
):
    Unit.objects.filter(pk=district.unit_a.pk).update(
        robot_webhook=robot_server.robot("tok-a", "SEC-a"), robot_secret="SEC-a"
    )
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("10"))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_month(district.month.label)
        services.publish_month(district.month.label)  # no change: nothing new to say
    warnings = [r for r in robot_server.received if "预警" in r.title]
    assert [(r.token, r.title) for r in warnings] == [
        ("tok-a", "【晒比会】区发改局 2022-03 有 1 项事项转为红色预警")
    ]
    assert "A-001 固定资产投资（序时进度）" in warnings[0].text


def test_the_warnings_page_and_sheet_follow_the_plans_order(db, personas, tmp_path):
    """Two actions whose order (顺序) runs against their codes: the 预警 page and the
    workbook's 预警 sheet list the first action's item first, as every board does."""
    from tests.factories import ActionFactory

    unit = UnitFactory(code="D1", name="区数据局")
    first = ActionFactory(code="Z", name="数字赋能", order=1, lead_unit=unit)
    second = ActionFactory(code="A", name="城市更新", order=2, lead_unit=unit)
    ItemFactory(code="Z-1", name="数字事项", action=first, lead_unit=unit)
    ItemFactory(code="A-1", name="城市事项", action=second, lead_unit=unit)
    MonthFactory(year=2022, number=3)
    services.publish_month("2022-03")

    page = personas.leader.get("/boards/2022-03/warnings/").content.decode()
    assert page.index("数字事项") < page.index("城市事项")

    output = tmp_path / "meeting.xlsx"
    export_month("2022-03", output)
    codes = [row[0] for row in load_workbook(output)["预警"].iter_rows(values_only=True)]
    assert codes.index("Z-1") < codes.index("A-1")
