"""Two plan years loaded as a district would: last year's ledger with --year and its
November and December published, then this year's (mostly the same codes, one dropped,
one new, new targets) with --year and January to June published, all from the command
line. Each year's boards use only that year's plan; last year stays as published."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from actions.models import Item, PlanYear
from reporting.models import Month, Report
from scoring.models import ActionResult, ItemResult, ScoreRun, UnitResult

from ..reporting.ledger_workbooks import build_workbook

pytestmark = pytest.mark.django_db

UNITS = [
    {"单位编码": "D1", "单位名称": "区发改局", "分组": "区直部门"},
    {"单位编码": "D2", "单位名称": "区经信局", "分组": "区直部门"},
    {"单位编码": "D3", "单位名称": "区财政局", "分组": "区直部门"},
    {"单位编码": "T1", "单位名称": "碧湖镇", "分组": "乡镇街道"},
    {"单位编码": "T2", "单位名称": "大港头镇", "分组": "乡镇街道"},
]
ACTIONS = [
    {"行动编码": "X1", "行动名称": "数字赋能", "领办领导": "王五", "牵头单位编码": "D1"},
    {"行动编码": "X2", "行动名称": "城市更新", "领办领导": "王五", "牵头单位编码": "T1"},
]


def _item(code: str, unit: str, target: float, action: str = "X1") -> dict:
    return {
        "事项编码": code,
        "事项名称": f"{unit} 投资",
        "行动编码": action,
        "类型": "指标",
        "考核层级": "区级",
        "牵头单位编码": unit,
        "频次": "月",
        "目标值": target,
        "计量单位": "亿元",
        "方向": "正向",
        "累计": "是",
    }


def _reports(codes_values: dict[str, float], year: int, months: range) -> list[dict]:
    return [
        {
            "事项编码": code,
            "月份": f"{year}-{m:02d}",
            "完成值": round(per_month * m, 2),
            "实现情况": "按计划推进",
        }
        for m in months
        for code, per_month in codes_values.items()
    ]


# Last year: OLD-1 is dropped from this year's plan; this year NEW-1 is new and the
# carried-over items get new targets, under which the ranking turns over.
LAST_YEAR_ITEMS = [
    _item("I-D1", "D1", 120),
    _item("I-D2", "D2", 120),
    _item("I-D3", "D3", 120),
    _item("I-T1", "T1", 60, "X2"),
    _item("I-T2", "T2", 60, "X2"),
    _item("OLD-1", "D1", 12),
]
LAST_YEAR_PACE = {"I-D1": 11, "I-D2": 9, "I-D3": 7, "I-T1": 5, "I-T2": 4, "OLD-1": 0.5}
THIS_YEAR_ITEMS = [
    _item("I-D1", "D1", 240),
    _item("I-D2", "D2", 100),
    _item("I-D3", "D3", 90),
    _item("I-T1", "T1", 90, "X2"),
    _item("I-T2", "T2", 40, "X2"),
    _item("NEW-1", "T2", 10, "X2"),
]
THIS_YEAR_PACE = {"I-D1": 12, "I-D2": 9, "I-D3": 8, "I-T1": 5, "I-T2": 4, "NEW-1": 1}


def _ledger(tmp_path, name: str, items: list[dict], reports: list[dict]):
    sheets = {
        "单位": UNITS,
        "领导": [{"姓名": "王五", "职务": "副区长"}],
        "行动": ACTIONS,
        "事项": items,
        "月报": reports,
    }
    return build_workbook(tmp_path / name, sheets)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _published_rows(label: str) -> dict[str, list[tuple]]:
    """Every published row of a month, as the database holds it."""
    runs = ScoreRun.objects.publications().filter(
        month__year=int(label[:4]), month__number=int(label[5:])
    )
    fields = {
        UnitResult: ("board", "group", "rank", "unit_code", "score", "bonus", "movement"),
        ActionResult: ("rank", "action_code", "score", "movement"),
        ItemResult: ("item_code", "item_id", "score", "band", "value", "target"),
    }
    return {
        model.__name__: list(
            model.objects.filter(run__in=runs)
            .order_by("run__revision", *fields[model][:2], "pk")
            .values_list("run__revision", *fields[model])
        )
        for model in fields
    }


@pytest.fixture
def last_year(tmp_path):
    path = _ledger(
        tmp_path, "2021.xlsx", LAST_YEAR_ITEMS, _reports(LAST_YEAR_PACE, 2021, range(11, 13))
    )
    out = _run("import_ledger", str(path), "--year", "2021")
    assert "年度：2021" in out and "导入完成" in out
    assert "已发布（第1版）" in _run("publish_month", "2021-11")
    assert "已发布（第1版）" in _run("publish_month", "2021-12")
    return _published_rows("2021-12")


def _load_this_year(tmp_path) -> None:
    path = _ledger(
        tmp_path, "2022.xlsx", THIS_YEAR_ITEMS, _reports(THIS_YEAR_PACE, 2022, range(1, 7))
    )
    assert "年度：2022" in _run("import_ledger", str(path), "--year", "2022")
    for number in range(1, 7):
        assert "已发布（第1版）" in _run("publish_month", f"2022-{number:02d}")


def test_it_scores_each_year_with_its_own_plan(tmp_path, last_year):
    _load_this_year(tmp_path)

    assert list(PlanYear.objects.values_list("year", flat=True)) == [2021, 2022]
    assert Item.objects.of_year(2021).count() == 6 and Item.objects.of_year(2022).count() == 6
    this_year = set(Item.objects.of_year(2022).values_list("pk", flat=True))
    for number in range(1, 7):
        rows = ItemResult.objects.filter(
            run__kind="publication", run__month__year=2022, run__month__number=number
        )
        assert set(rows.values_list("item_id", flat=True)) == this_year
        assert "OLD-1" not in set(rows.values_list("item_code", flat=True))
    june = ItemResult.objects.get(
        run__kind="publication", run__month__number=6, run__month__year=2022, item_code="I-D1"
    )
    assert june.target == 240


def test_it_starts_movement_afresh_in_january(tmp_path, last_year):
    _load_this_year(tmp_path)

    january = _published_rows("2022-01")
    assert january["UnitResult"] and {row[-1] for row in january["UnitResult"]} == {None}
    assert {row[-1] for row in january["ActionResult"]} == {None}
    # February compares with January, which is in the same plan year.
    february = _published_rows("2022-02")
    assert {row[-1] for row in february["UnitResult"]} != {None}


def test_it_keeps_last_december_exactly_as_published(tmp_path, last_year):
    _load_this_year(tmp_path)

    out = _run("publish_month", "2021-12")

    assert "无变化，未重新发布（第1版）" in out
    assert _published_rows("2021-12") == last_year
    assert ScoreRun.objects.publications().filter(month__year=2021).count() == 2


def test_it_never_lets_a_correction_of_last_year_touch_this_year(tmp_path, last_year):
    _load_this_year(tmp_path)
    january = _published_rows("2022-01")
    preview = list(
        ItemResult.objects.filter(run__kind="preview", run__month__year=2022)
        .order_by("pk")
        .values_list("run__month__number", "item_code", "score")
    )
    report = Report.objects.get(item__code="I-D3", month__year=2021, month__number=12)
    report.value = 200
    report.save()

    assert "已更正发布（第2版）" in _run("publish_month", "2021-12", "--reason", "更正")

    assert _published_rows("2022-01") == january
    assert (
        list(
            ItemResult.objects.filter(run__kind="preview", run__month__year=2022)
            .order_by("pk")
            .values_list("run__month__number", "item_code", "score")
        )
        == preview
    )


def test_it_refuses_a_file_whose_year_cannot_be_told(tmp_path, last_year):
    reports = _reports(THIS_YEAR_PACE, 2021, range(12, 13)) + _reports(
        THIS_YEAR_PACE, 2022, range(1, 2)
    )
    path = _ledger(tmp_path, "both.xlsx", THIS_YEAR_ITEMS, reports)
    items_before = Item.objects.count()

    with pytest.raises(CommandError, match="导入失败"):
        _run("import_ledger", str(path))

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_ledger", str(path), "--year", "2022", stdout=StringIO(), stderr=err)
    assert "月报" in err.getvalue() and "月份" in err.getvalue()
    assert "2021-12" in err.getvalue() and "不在 2022 年度内" in err.getvalue()
    assert Item.objects.count() == items_before
    assert not Month.objects.filter(year=2022).exists()


def test_it_takes_the_year_of_the_reports_without_year(tmp_path, last_year):
    path = _ledger(
        tmp_path, "2022.xlsx", THIS_YEAR_ITEMS, _reports(THIS_YEAR_PACE, 2022, range(1, 2))
    )

    assert "年度：2022" in _run("import_ledger", str(path))

    assert set(Item.objects.of_year(2022).values_list("code", flat=True)) == {
        item["事项编码"] for item in THIS_YEAR_ITEMS
    }
    # Last year's items keep their targets.
    assert Item.objects.of_year(2021).get(code="I-D1").target == 120
    assert Item.objects.of_year(2022).get(code="I-D1").target == 240


# --- 同比 on the item's trend page ----------------------------------------------------


def test_it_shows_the_same_month_last_year_for_a_carried_over_item(personas, district):
    from decimal import Decimal

    from django.urls import reverse

    from scoring import services
    from tests.factories import ActionFactory, ItemFactory, MonthFactory, ReportFactory

    last_action = ActionFactory(code="X1", plan_year__year=2021, lead_unit=district.unit_a)
    last_item = ItemFactory(
        code="A-001", action=last_action, lead_unit=district.unit_a, target=Decimal("100")
    )
    ReportFactory(item=last_item, month=MonthFactory(year=2021, number=3), value=Decimal("20"))
    services.publish_month("2021-03")
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("33"))
    services.publish_month("2022-03")

    html = personas.leader.get(
        reverse("scoring:item_trend", args=[district.item_a.pk])
    ).content.decode()

    assert "上年同期" in html and "同比：与 2021 年度同一事项的同月相比" in html
    # Last March: 20 of an expected 25 (target 100) → 80.00, red; this March 33 of 30.
    assert "完成值 20.00亿元" in html and "80" in html
    # Last year's score reads with two decimals, as this year's 得分 column does.
    assert "80.00 · 完成值 20.00亿元" in html
    assert "<title>2022-03 上年完成值 20.00亿元</title>" in html
    assert "<title>2022-03 完成值 33.00亿元</title>" in html
    # Last year's months are laid on this year's, so the 预警 forecast joins the same axis:
    # January to March, then on to December.
    months = re.search(r'<ol class="trend-months[^"]*"[^>]*>(.*?)</ol>', html).group(1)
    assert re.findall(r"<li>([^<]+)</li>", months) == [f"2022-{n:02d}" for n in range(1, 13)]
    # An item new this year has no 同比.
    html = personas.leader.get(
        reverse("scoring:item_trend", args=[district.item_b.pk])
    ).content.decode()
    assert "上年同期" not in html


def test_it_leaves_a_unit_off_the_boards_from_the_year_it_is_inactive(tmp_path, last_year):
    from actions.models import Unit

    Unit.objects.filter(code="D3").update(inactive_from=2022)
    _load_this_year(tmp_path)

    january = _published_rows("2022-01")
    assert "D3" not in {row[4] for row in january["UnitResult"]}
    assert "I-D3" not in {row[1] for row in january["ItemResult"]}
    assert "D3" in {row[4] for row in _published_rows("2021-12")["UnitResult"]}
    assert _published_rows("2021-12") == last_year


def test_it_lists_the_items_of_the_chosen_plan_year(personas, tmp_path, last_year):
    from django.urls import reverse

    _load_this_year(tmp_path)
    url = reverse("reporting:item_list")

    this_year = personas.office.get(url).content.decode()
    last = personas.office.get(url + "?plan_year=2021").content.decode()

    assert "NEW-1" in this_year and "OLD-1" not in this_year
    assert "OLD-1" in last and "NEW-1" not in last


def test_it_moves_a_unit_to_the_other_group_for_the_new_year_only(tmp_path, last_year):
    """This year's ledger puts 区财政局 (D3) among the 乡镇街道: this year ranks it there,
    last year keeps it where it was scored, and the ledger of either year reads back."""
    from actions.models import Unit, UnitGroup

    moved = [dict(u, 分组="乡镇街道") if u["单位编码"] == "D3" else u for u in UNITS]
    sheets = {
        "单位": moved,
        "领导": [{"姓名": "王五", "职务": "副区长"}],
        "行动": ACTIONS,
        "事项": THIS_YEAR_ITEMS,
        "月报": _reports(THIS_YEAR_PACE, 2022, range(1, 2)),
    }
    path = build_workbook(tmp_path / "2022-moved.xlsx", sheets)
    out = _run("import_ledger", str(path), "--year", "2022")
    assert "单位：新增 0，更新 1，未变化 4" in out
    _run("publish_month", "2022-01")

    january = UnitResult.objects.get(
        run__kind="publication", run__month__year=2022, board="district", unit_code="D3"
    )
    assert january.group == UnitGroup.TOWNSHIP
    assert "无变化，未重新发布（第1版）" in _run("publish_month", "2021-12")
    assert _published_rows("2021-12") == last_year
    assert Unit.objects.get(code="D3").group == UnitGroup.TOWNSHIP
    # Importing last year's ledger again (D3 among the 区直部门) changes nothing.
    again = _ledger(
        tmp_path, "2021-again.xlsx", LAST_YEAR_ITEMS, _reports(LAST_YEAR_PACE, 2021, range(11, 13))
    )
    out = _run("import_ledger", str(again), "--year", "2021")
    assert "单位：新增 0，更新 0，未变化 5" in out
    assert "无变化，未重新发布（第1版）" in _run("publish_month", "2021-12")
    assert _published_rows("2021-12") == last_year
    for year, group in ((2021, "区直部门"), (2022, "乡镇街道")):
        _run("export_ledger", str(year), "--output", str(tmp_path / f"{year}.out.xlsx"))
        rows = list(
            load_workbook(tmp_path / f"{year}.out.xlsx")["单位"].iter_rows(values_only=True)
        )
        assert ("D3", "区财政局", group) in [tuple(r[:3]) for r in rows]
