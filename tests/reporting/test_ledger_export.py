"""The year ledger export (台账导出) and the blank template: the import's own format."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from actions.models import Action, Direction, Item, ItemKind, Level, Official, Progress, Unit
from reporting.ledger import schema
from reporting.ledger.exporter import export_ledger
from reporting.ledger.importer import import_ledger
from reporting.ledger.template import write_template
from reporting.models import BonusPenalty, Month, Report
from tests.factories import (
    ActionFactory,
    BonusPenaltyFactory,
    ItemFactory,
    MonthFactory,
    OfficialFactory,
    ReportFactory,
    UnitFactory,
)

from .ledger_workbooks import COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2022(db):
    """A district with the awkward values: formula-like text, 4 decimals, 逆向, co-units."""
    unit_a = UnitFactory(code="A01", name="区发改局")
    unit_b = UnitFactory(code="=B01", name="+区经信局")
    official = OfficialFactory(name="王五", title="@副区长")
    action = ActionFactory(code="X1", name="数字赋能", leader=official, lead_unit=unit_a)
    ActionFactory(code="X2", name="空间聚合", leader=None, lead_unit=None)
    item = ItemFactory(
        code="A-001",
        action=action,
        lead_unit=unit_a,
        responsible_official=official,
        kind=ItemKind.INDICATOR,
        level=Level.CITY,
        target=Decimal("123.4567"),
        direction=Direction.NEGATIVE,
        cumulative=False,
        deadline=datetime.date(2022, 6, 30),
        standard="=SUM(A1:A9)",
        weight=Decimal("1.5"),
    )
    item.co_units.set([unit_b])
    task = ItemFactory(
        code="B-001", action=action, lead_unit=unit_b, responsible_official=None, target=None
    )
    march, april = MonthFactory(year=2022, number=3), MonthFactory(year=2022, number=4)
    ReportFactory(item=item, month=march, value=Decimal("-5.25"), rank=2, peer_count=11)
    ReportFactory(
        item=task,
        month=april,
        value=None,
        progress=Progress.BEHIND,
        achievement="-进度滞后",
        problems="征迁",
        measures="加快",
        fix_unit="区发改局",
        fix_deadline=datetime.date(2022, 5, 31),
    )
    ReportFactory(item=task, month=MonthFactory(year=2021, number=12), value=Decimal("1"))
    BonusPenaltyFactory(unit=unit_b, month=april, points=Decimal("-1.5"), reason="=通报")
    BonusPenaltyFactory(unit=unit_a, month=MonthFactory(year=2021, number=12))


def snapshot(year: int) -> dict:
    """Everything the ledger carries, keyed by codes, for one year's months."""
    return {
        "units": sorted(Unit.objects.values_list("code", "name", "group")),
        "officials": sorted(Official.objects.values_list("name", "title")),
        "actions": sorted(
            Action.objects.values_list("code", "name", "leader__name", "lead_unit__code")
        ),
        "items": sorted(
            Item.objects.values_list(
                "code",
                "name",
                "action__code",
                "kind",
                "level",
                "responsible_official__name",
                "responsible_person",
                "lead_unit__code",
                "cadence",
                "deadline",
                "target",
                "measure_unit",
                "direction",
                "cumulative",
                "standard",
                "weight",
            )
        ),
        "co_units": sorted(Item.co_units.through.objects.values_list("item__code", "unit__code")),
        "reports": sorted(
            Report.objects.filter(month__year=year).values_list(
                "item__code",
                "month__number",
                "value",
                "rank",
                "peer_count",
                "progress",
                "achievement",
                "problems",
                "measures",
                "fix_unit",
                "fix_deadline",
            )
        ),
        "bonuses": sorted(
            BonusPenalty.objects.filter(month__year=year).values_list(
                "unit__code", "month__number", "points", "reason"
            )
        ),
    }


def empty_database() -> None:
    for model in (BonusPenalty, Report, Item, Action, Official, Unit, Month):
        model.objects.all().delete()


def test_it_round_trips_a_year_into_an_empty_database(year_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    export_ledger(2022, path)
    before = snapshot(2022)
    empty_database()

    result = import_ledger(path)

    assert result.ok, [str(e) for e in result.errors]
    assert snapshot(2022) == before
    assert result.sheets["月报"].created == 2
    assert result.sheets["加减分"].created == 1
    assert sorted(Month.objects.values_list("year", "number")) == [(2022, 3), (2022, 4)]


def test_it_exports_exactly_the_import_format(year_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    export_ledger(2022, path)

    workbook = load_workbook(path)

    assert workbook.sheetnames == list(COLUMNS)
    for name, columns in COLUMNS.items():
        assert [cell.value for cell in workbook[name][1]] == columns
    items = workbook["事项"]
    deadline = items.cell(row=2, column=COLUMNS["事项"].index("完成时限") + 1)
    assert deadline.is_date
    assert deadline.value == datetime.datetime(2022, 6, 30)
    assert items.cell(row=2, column=COLUMNS["事项"].index("配合单位编码") + 1).value == "=B01"
    month = workbook["月报"].cell(row=2, column=2)
    assert (month.data_type, month.value) == ("s", "2022-03")
    value = workbook["月报"].cell(row=2, column=3)
    assert (value.data_type, value.value) == ("n", -5.25)


def test_it_never_writes_a_formula(year_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    export_ledger(2022, path)

    workbook = load_workbook(path)  # not data_only: formulas would show as data_type "f"
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]

    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert {"=B01", "+区经信局", "@副区长", "=SUM(A1:A9)", "-进度滞后", "=通报"} <= texts


def test_it_re_imports_its_own_export_as_unchanged(year_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    export_ledger(2022, path)
    Report.objects.update(state="accepted")

    result = import_ledger(path)

    assert result.ok
    assert not result.changed


def test_it_exports_with_a_fixed_number_of_queries(year_2022, tmp_path, django_assert_num_queries):
    for number in range(20):
        ItemFactory(code=f"N-{number:03d}").co_units.set(Unit.objects.all())

    with django_assert_num_queries(7):
        export_ledger(2022, tmp_path / "2022.xlsx")


def test_it_writes_a_template_that_imports_as_it_is(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == list(COLUMNS)
    for name, columns in COLUMNS.items():
        rows = list(workbook[name].values)
        assert list(rows[0]) == columns
        assert len(rows) == 2
    result = import_ledger(path)
    assert result.ok, [str(e) for e in result.errors]
    assert all(counts.created == 1 for counts in result.sheets.values())


def test_it_exports_from_the_command_line(year_2022, tmp_path, capsys):
    path = tmp_path / "out.xlsx"

    call_command("export_ledger", "2022", "--output", str(path))

    assert "已导出 2022 年台账" in capsys.readouterr().out
    assert load_workbook(path, read_only=True).sheetnames == list(COLUMNS)


def test_it_writes_the_ledgers_chinese_words_whatever_the_language(year_2022, tmp_path):
    """An office working in English exports the same workbook: 指标, 市考, 逆向, 滞后 are
    the ledger's own words, and the file still imports as unchanged."""
    path = tmp_path / "ledger-en.xlsx"
    Report.objects.update(state="accepted")
    with translation.override("en"):
        export_ledger(2022, path)
        result = import_ledger(path, dry_run=True)
    assert result.ok and not result.changed, [str(e) for e in result.errors]
    rows = list(load_workbook(path, read_only=True)["事项"].iter_rows(values_only=True))
    assert {"指标", "市考", "逆向", "月"} <= set(rows[1])


def test_it_reads_the_ledgers_chinese_words_even_when_first_loaded_in_english():
    """The schema may be imported during a request in English (urls load lazily)."""
    with translation.override("en"):
        kinds = schema._choices(ItemKind)
    assert kinds["指标"] == ItemKind.INDICATOR and "Indicator" not in kinds
