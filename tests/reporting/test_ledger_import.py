"""The ledger workbook import: upserts by code, all or nothing."""

import copy
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from actions.models import (
    Action,
    Cadence,
    Direction,
    Item,
    ItemKind,
    Level,
    Official,
    Progress,
    Unit,
    UnitGroup,
)
from reporting.ledger.importer import import_ledger
from reporting.models import (
    BonusPenalty,
    Month,
    Report,
    ReportState,
    default_deadline,
    load_history,
)
from reporting.signals import month_inputs_changed
from reporting.workflow import LoadStep
from tests.factories import (
    ItemFactory,
    MonthFactory,
    PlanYearFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)

from .ledger_workbooks import COLUMNS, build_workbook, small_ledger

pytestmark = pytest.mark.django_db

MODELS = [Unit, Official, Action, Item, Item.co_units.through, Month, Report, BonusPenalty]


def db_state() -> dict:
    """Row counts of every model the import writes, history tables included."""
    counts = {model._meta.label: model.objects.count() for model in MODELS}
    for model in (Item, Month, Report, BonusPenalty):
        counts[model._meta.label + ".history"] = model.history.count()
    return counts


@pytest.fixture
def ledger_file(tmp_path):
    def make(sheets=None, headers=None, name="ledger.xlsx"):
        return build_workbook(tmp_path / name, sheets or small_ledger(), headers)

    return make


def test_it_gives_a_month_it_creates_the_default_deadline_of_the_25th(ledger_file):
    assert not Month.objects.exists()

    assert import_ledger(ledger_file()).ok

    month = Month.objects.get()
    assert (month.label, month.deadline) == ("2022-03", datetime.date(2022, 3, 25))


@pytest.mark.parametrize(
    ("year", "number", "deadline"),
    [
        (2022, 1, datetime.date(2022, 1, 25)),
        (2022, 2, datetime.date(2022, 2, 25)),
        (2023, 12, datetime.date(2023, 12, 25)),
    ],
)
def test_it_defaults_every_months_deadline_to_the_25th(year, number, deadline):
    assert default_deadline(year, number) == deadline
    assert MonthFactory(year=year, number=number, deadline=None).deadline == deadline


def test_it_imports_every_sheet(ledger_file):
    result = import_ledger(ledger_file())

    assert result.ok, result.errors
    assert result.summary_lines() == [
        "单位：新增 3，更新 0，未变化 0",
        "领导：新增 2，更新 0，未变化 0",
        "行动：新增 1，更新 0，未变化 0",
        "事项：新增 3，更新 0，未变化 0",
        "月报：新增 3，更新 0，未变化 0",
        "加减分：新增 1，更新 0，未变化 0",
    ]
    town = Unit.objects.get(code="T01")
    assert (town.name, town.group) == ("碧湖镇", UnitGroup.TOWNSHIP)
    action = Action.objects.get(code="X1")
    assert (action.leader.name, action.lead_unit.code) == ("王五", "A01")
    item = Item.objects.get(code="A-001")
    assert item.action == action
    assert (item.kind, item.level, item.cadence) == (
        ItemKind.INDICATOR,
        Level.DISTRICT,
        Cadence.MONTHLY,
    )
    assert item.responsible_official.name == "王五"
    assert item.responsible_person == "李四"
    assert item.target == Decimal("120")
    assert item.weight == Decimal("2")
    assert sorted(item.co_units.values_list("code", flat=True)) == ["B01", "T01"]
    project = Item.objects.get(code="T-001")
    assert project.deadline == datetime.date(2022, 6, 30)
    # Defaults for the optional columns left blank.
    assert project.direction == Direction.POSITIVE
    assert project.cumulative is True
    assert project.weight == Decimal("1")
    month = Month.objects.get_by_label("2022-03")
    assert month.deadline == datetime.date(2022, 3, 25)
    ranked = Report.objects.get(item__code="B-001", month=month)
    assert (ranked.value, ranked.rank, ranked.peer_count) == (Decimal("8.5"), 3, 26)
    lagging = Report.objects.get(item__code="T-001")
    assert lagging.progress == Progress.BEHIND
    assert lagging.fix_deadline == datetime.date(2022, 6, 30)
    assert (lagging.problems, lagging.measures, lagging.fix_unit) == (
        "征迁滞后",
        "加快征迁",
        "碧湖镇",
    )
    bonus = BonusPenalty.objects.get()
    assert (bonus.unit.code, bonus.points, bonus.reason) == ("A01", Decimal("-1.5"), "通报批评")


def test_it_counts_imported_reports_as_accepted(ledger_file):
    office = UserFactory(username="office", role="office")

    import_ledger(ledger_file(), user=office)

    for report in Report.objects.all():
        assert report.state == ReportState.ACCEPTED
        assert report.accepted_by == office
        assert report.accepted_at is not None


def test_it_records_no_user_from_the_command_line(ledger_file):
    import_ledger(ledger_file())

    assert set(Report.objects.values_list("accepted_by", flat=True)) == {None}
    assert Report.history.filter(history_type="+").count() == 3
    # A report's history names the import as its step; other models' as their reason.
    assert set(Report.history.values_list("step", "history_change_reason")) == {("台账导入", "")}
    assert set(Item.history.values_list("history_change_reason", flat=True)) == {"台账导入"}


def test_it_changes_nothing_on_a_second_import(ledger_file):
    path = ledger_file()
    import_ledger(path)
    before = db_state()
    reports = list(Report.objects.values().order_by("pk"))

    result = import_ledger(path)

    assert result.ok
    assert not result.changed
    assert result.summary_lines() == [
        "单位：新增 0，更新 0，未变化 3",
        "领导：新增 0，更新 0，未变化 2",
        "行动：新增 0，更新 0，未变化 1",
        "事项：新增 0，更新 0，未变化 3",
        "月报：新增 0，更新 0，未变化 3",
        "加减分：新增 0，更新 0，未变化 1",
    ]
    assert db_state() == before
    assert list(Report.objects.values().order_by("pk")) == reports


def test_it_updates_only_the_rows_that_changed(ledger_file):
    import_ledger(ledger_file())
    ledger = small_ledger()
    ledger["单位"][0]["单位名称"] = "区发展改革局"
    ledger["事项"][0]["目标值"] = "130"
    ledger["事项"][1]["配合单位编码"] = "A01"
    ledger["月报"][0]["完成值"] = 33
    ledger["加减分"][0]["分值"] = -2
    item_history = Item.history.count()

    result = import_ledger(ledger_file(ledger, name="changed.xlsx"))

    assert result.ok, result.errors
    assert result.sheets["单位"].updated == 1
    assert result.sheets["单位"].unchanged == 2
    assert (result.sheets["事项"].updated, result.sheets["事项"].unchanged) == (2, 1)
    assert (result.sheets["月报"].updated, result.sheets["月报"].unchanged) == (1, 2)
    assert result.sheets["加减分"].updated == 1
    assert result.months == ["2022-03"]
    assert Unit.objects.get(code="A01").name == "区发展改革局"
    assert Item.objects.get(code="A-001").target == Decimal("130")
    assert list(Item.objects.get(code="B-001").co_units.values_list("code", flat=True)) == ["A01"]
    report = Report.objects.get(item__code="A-001")
    assert (report.value, report.version) == (Decimal("33"), 2)
    changed = report.history.get(history_type="~")
    assert (changed.step, changed.history_change_reason) == ("台账导入", "")
    assert BonusPenalty.objects.get().points == Decimal("-2")
    # One history row for the changed item only (co-units live outside the history).
    assert Item.history.count() == item_history + 1


def test_it_accepts_a_stored_draft_it_imports_again(ledger_file, district):
    draft = ReportFactory(
        item=district.item_a, month=district.month, value=Decimal("9"), state=ReportState.DRAFT
    )
    row = {"事项编码": "A-001", "月份": "2022-03", "完成值": 9, "实现情况": "按计划推进"}

    result = import_ledger(ledger_file({"月报": [row]}))

    assert result.sheets["月报"].updated == 1
    draft.refresh_from_db()
    assert draft.state == ReportState.ACCEPTED


def test_it_refers_to_rows_already_in_the_database(ledger_file, district):
    sheets = {
        "事项": [
            {
                "事项编码": "N-001",
                "事项名称": "新事项",
                "行动编码": "X1",
                "类型": "工作",
                "考核层级": "区级",
                "牵头单位编码": "B01",
                "配合单位编码": "A01,T01",
                "频次": "季",
            }
        ],
        "月报": [
            {"事项编码": "B-001", "月份": "2022年4月", "完成值": "1,234.5", "实现情况": "稳步增长"}
        ],
    }

    result = import_ledger(ledger_file(sheets))

    assert result.ok, result.errors
    item = Item.objects.get(code="N-001")
    assert (item.action, item.lead_unit) == (district.action, district.unit_b)
    assert Report.objects.get(item=district.item_b).month.label == "2022-04"


def test_it_leaves_columns_absent_from_the_sheet_as_they_are(ledger_file, district):
    headers = {
        "事项": ["事项编码", "事项名称", "行动编码", "类型", "考核层级", "牵头单位编码", "频次"]
    }
    sheets = {
        "事项": [
            {
                "事项编码": "A-001",
                "事项名称": "固定资产投资",
                "行动编码": "X1",
                "类型": "指标",
                "考核层级": "区级",
                "牵头单位编码": "A01",
                "频次": "月",
            }
        ]
    }
    target = district.item_a.target

    result = import_ledger(ledger_file(sheets, headers), year=2022)

    assert result.sheets["事项"].unchanged == 1
    assert Item.objects.get(code="A-001").target == target


def test_it_reads_cells_as_offices_type_them(ledger_file):
    ledger = small_ledger()
    ledger["单位"][0]["单位编码"] = " A01 "
    ledger["事项"][0].update(
        {
            "目标值": "１２０",
            "累计": "N",
            "方向": " 逆向 ",
            "权重": "1.5",
            "完成时限": "2022年12月31日",
        }
    )
    ledger["月报"][0].update({"完成值": "31.5%", "月份": datetime.datetime(2022, 3, 1)})
    ledger["月报"][1].update({"位次": "3", "参评数": 26.0})

    result = import_ledger(ledger_file(ledger))

    assert result.ok, result.errors
    item = Item.objects.get(code="A-001")
    assert item.target == Decimal("120")
    assert item.cumulative is False
    assert item.direction == Direction.NEGATIVE
    assert item.weight == Decimal("1.5")
    assert item.deadline == datetime.date(2022, 12, 31)
    assert Report.objects.get(item=item).value == Decimal("31.5")


def test_it_matches_headers_loosely_and_ignores_extra_columns(ledger_file):
    headers = {"单位": [" 单位编码", "备注", "单位 名称", "分组（区直部门/乡镇街道）"]}
    sheets = {
        "单位": [
            {
                " 单位编码": "A01",
                "单位 名称": "区发改局",
                "分组（区直部门/乡镇街道）": "区直部门",
                "备注": "x",
            }
        ]
    }

    result = import_ledger(ledger_file(sheets, headers))

    assert result.ok, result.errors
    assert Unit.objects.get().name == "区发改局"


def test_it_skips_blank_rows(ledger_file):
    ledger = small_ledger()
    ledger["单位"].insert(1, {"单位编码": "  ", "单位名称": None})
    ledger["单位"].append({})

    result = import_ledger(ledger_file(ledger))

    assert result.ok, result.errors
    assert result.sheets["单位"].created == 3


def test_it_previews_without_writing(ledger_file):
    before = db_state()

    result = import_ledger(ledger_file(), dry_run=True)

    assert result.ok
    assert result.dry_run
    assert result.sheets["月报"].created == 3
    assert db_state() == before


def _set(sheet, row, column, value):
    """Edit the small ledger: row is the Excel row number (2 = first data row)."""

    def edit(ledger):
        ledger[sheet][row - 2][column] = value

    return edit


def _append(sheet, values):
    def edit(ledger):
        ledger[sheet].append(values)

    return edit


def _copy_row(sheet, row):
    def edit(ledger):
        ledger[sheet].append(copy.deepcopy(ledger[sheet][row - 2]))

    return edit


ERROR_CASES = [
    (_set("事项", 2, "牵头单位编码", "X99"), "事项 第2行 牵头单位编码「X99」：未知单位编码"),
    (_set("事项", 3, "配合单位编码", "A01、Z9"), "事项 第3行 配合单位编码「Z9」：未知单位编码"),
    (_set("行动", 2, "牵头单位编码", "Z9"), "行动 第2行 牵头单位编码「Z9」：未知单位编码"),
    (_set("加减分", 2, "单位编码", "Z9"), "加减分 第2行 单位编码「Z9」：未知单位编码"),
    (_set("事项", 4, "行动编码", "X9"), "事项 第4行 行动编码「X9」：未知行动编码"),
    (_set("月报", 3, "事项编码", "Q-1"), "月报 第3行 事项编码「Q-1」：未知事项编码"),
    (_set("行动", 2, "领办领导", "无名氏"), "行动 第2行 领办领导「无名氏」：未知领导"),
    (_set("事项", 2, "责任领导", "无名氏"), "事项 第2行 责任领导「无名氏」：未知领导"),
    (_set("月报", 3, "位次", 30), "月报 第3行 位次「30」：位次不能大于参评数"),
    (_set("月报", 3, "位次", 0), "月报 第3行 位次「0」：位次至少为 1"),
    (_set("月报", 3, "参评数", -1), "月报 第3行 参评数「-1」：参评数至少为 1"),
    (_set("月报", 3, "位次", 2.5), "月报 第3行 位次「2.5」：应为整数"),
    (_set("月报", 3, "参评数", "二十六"), "月报 第3行 参评数「二十六」：应为整数"),
    (_set("月报", 3, "参评数", None), "月报 第3行 参评数：填写位次时须填写参评数"),
    (_set("事项", 2, "类型", "指数"), "事项 第2行 类型「指数」：应为 指标 / 项目 / 工作"),
    (_set("事项", 2, "考核层级", "国考"), "事项 第2行 考核层级「国考」：应为 省考 / 市考 / 区级"),
    (_set("事项", 2, "频次", "周"), "事项 第2行 频次「周」：应为 月 / 季 / 年"),
    (_set("事项", 2, "方向", "反向"), "事项 第2行 方向「反向」：应为 正向 / 逆向"),
    (
        _set("月报", 4, "进度状态", "完成"),
        "月报 第4行 进度状态「完成」：应为 已完成 / 序时推进 / 滞后",
    ),
    (_set("单位", 3, "分组", "部门"), "单位 第3行 分组「部门」：应为 区直部门 / 乡镇街道"),
    (_set("月报", 2, "月份", "2022-13"), "月报 第2行 月份「2022-13」：月份应为 YYYY-MM 格式"),
    (_set("加减分", 2, "月份", "三月"), "加减分 第2行 月份「三月」：月份应为 YYYY-MM 格式"),
    (_copy_row("单位", 2), "单位 第5行 单位编码「A01」：与第2行重复"),
    (_copy_row("领导", 3), "领导 第4行 姓名「赵六」：与第3行重复"),
    (_copy_row("事项", 3), "事项 第5行 事项编码「B-001」：与第3行重复"),
    (_copy_row("月报", 2), "月报 第5行 事项编码「A-001 / 2022-03」：与第2行重复"),
    (_copy_row("加减分", 2), "加减分 第3行 单位编码「A01 / 2022-03 / 通报批评」：与第2行重复"),
    (_set("事项", 2, "目标值", "很多"), "事项 第2行 目标值「很多」：不是有效的数值"),
    (_set("月报", 2, "完成值", "约30"), "月报 第2行 完成值「约30」：不是有效的数值"),
    (_set("事项", 2, "权重", "高"), "事项 第2行 权重「高」：不是有效的数值"),
    (_set("事项", 2, "权重", 0), "事项 第2行 权重「0」：权重必须大于 0"),
    (_set("事项", 2, "权重", -1), "事项 第2行 权重「-1」：权重必须大于 0"),
    (_set("加减分", 2, "分值", "两分"), "加减分 第2行 分值「两分」：不是有效的数值"),
    (_set("加减分", 2, "分值", 0.125), "加减分 第2行 分值「0.125」：最多 2 位小数"),
    (_set("事项", 2, "权重", "0.333"), "事项 第2行 权重「0.333」：最多 2 位小数"),
    (
        _set("事项", 4, "完成时限", "2022-02-30"),
        "事项 第4行 完成时限「2022-02-30」：不是有效的日期",
    ),
    (_set("月报", 4, "解决时限", "年底前"), "月报 第4行 解决时限「年底前」：不是有效的日期"),
    (
        _set("事项", 2, "目标值", "12345678901234567890"),
        "事项 第2行 目标值「12345678901234567890」：数值过大",
    ),
    (_set("月报", 2, "完成值", 1e17), "月报 第2行 完成值「1e+17」：数值过大"),
    (
        _set("单位", 2, "单位编码", "A" * 33),
        "单位 第2行 单位编码「" + "A" * 33 + "」：超过最大长度 32",
    ),
    (_set("领导", 2, "职务", "长" * 101), "领导 第2行 职务「"),
    (_set("事项", 2, "累计", "也许"), "事项 第2行 累计「也许」：应为 是 或 否"),
    (_set("单位", 2, "单位名称", None), "单位 第2行 单位名称：不能为空"),
    (_set("事项", 3, "频次", " "), "事项 第3行 频次：不能为空"),
    (_set("加减分", 2, "事由", None), "加减分 第2行 事由：不能为空"),
]


@pytest.mark.parametrize(("edit", "message"), ERROR_CASES, ids=[m for _, m in ERROR_CASES])
def test_it_rejects_the_whole_file_for_one_bad_cell(ledger_file, edit, message):
    ledger = small_ledger()
    edit(ledger)
    before = db_state()

    result = import_ledger(ledger_file(ledger))

    assert not result.ok
    assert any(str(error).startswith(message) for error in result.errors), [
        str(e) for e in result.errors
    ]
    assert db_state() == before


def test_it_names_a_missing_required_column(ledger_file):
    headers = {name: list(columns) for name, columns in COLUMNS.items()}
    headers["事项"].remove("频次")
    before = db_state()

    result = import_ledger(ledger_file(headers=headers))

    assert [str(error) for error in result.errors] == ["事项 第1行 频次：缺少必填列"]
    assert db_state() == before


def test_it_refuses_a_misnamed_column_rather_than_leaving_it_out(ledger_file):
    headers = {name: list(columns) for name, columns in COLUMNS.items()}
    headers["事项"][headers["事项"].index("目标值")] = "目标"
    ledger = small_ledger()
    for row in ledger["事项"]:
        row["目标"] = row.pop("目标值", None)
    before = db_state()

    result = import_ledger(ledger_file(ledger, headers))

    assert [str(error) for error in result.errors] == [
        "事项 第1行 目标：未识别的列名，是否应为「目标值」？"
    ]
    assert db_state() == before


def test_it_lists_every_error_of_the_file(ledger_file):
    ledger = small_ledger()
    ledger["单位"][0]["分组"] = "部门"
    ledger["月报"][0]["月份"] = "三月"
    ledger["事项"][1]["牵头单位编码"] = "Z9"

    result = import_ledger(ledger_file(ledger))

    # Cell errors are found while reading; reference errors once every cell is valid.
    assert {(e.sheet, e.row, e.column) for e in result.errors} == {
        ("单位", 2, "分组"),
        ("月报", 2, "月份"),
    }


def test_it_writes_nothing_when_a_late_sheet_is_wrong(ledger_file):
    ledger = small_ledger()
    ledger["加减分"][0]["单位编码"] = "Z9"

    result = import_ledger(ledger_file(ledger))

    assert not result.ok
    assert Unit.objects.count() == 0
    assert Report.objects.count() == 0


def _xlsx_bytes(sheets) -> bytes:
    stream = io.BytesIO()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    workbook.save(stream)
    return stream.getvalue()


def _corrupt_sheet_xml() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes({"单位": [COLUMNS["单位"]]})))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(info, data)
    return stream.getvalue()


def _ole(*streams: str) -> bytes:
    """The head of an OLE compound file (the container of encrypted .xlsx and old .xls)."""
    names = b"".join(name.encode("utf-16-le") + b"\0\0" for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + names + b"\0" * 1024


MALFORMED = [
    ("empty", b"", "文件为空"),
    ("text", "单位编码,单位名称\nA01,区发改局\n".encode(), "不是有效的 Excel 工作簿"),
    ("truncated", _xlsx_bytes({"单位": [COLUMNS["单位"]]})[:3000], "文件已损坏或不完整"),
    ("zip", b"PK\x05\x06" + b"\0" * 18, "文件已损坏"),
    ("bad xml", _corrupt_sheet_xml(), "文件内容已损坏"),
    ("encrypted", _ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "密码保护"),
    ("xls", _ole("Root Entry", "Workbook"), "旧版 .xls"),
    ("no sheets", _xlsx_bytes({"Sheet1": [["a", "b"]]}), "没有可导入的工作表"),
]


@pytest.mark.parametrize(
    ("content", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_it_explains_files_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    before = db_state()

    result = import_ledger(path)

    assert not result.ok
    assert message in str(result.errors[0])
    assert db_state() == before


def test_it_refuses_a_file_over_the_upload_limit(ledger_file, settings):
    settings.SHOWCASE_MAX_UPLOAD_BYTES = 1024

    result = import_ledger(ledger_file())

    assert "文件过大" in str(result.errors[0])
    assert "上限" in str(result.errors[0])


def test_it_reads_from_an_open_file(ledger_file):
    with open(ledger_file(), "rb") as stream:
        assert import_ledger(io.BytesIO(stream.read())).ok


def test_it_refuses_a_sheet_over_the_row_limit(tmp_path):
    path = tmp_path / "huge.xlsx"
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("领导")
    worksheet.append(["姓名", "职务"])
    for number in range(100_001):
        worksheet.append([f"领导{number}"])
    workbook.save(path)

    result = import_ledger(path)

    assert [str(e) for e in result.errors] == [
        "领导 第50002行：超过每表 50,000 行的上限，请拆分为多个文件分批导入"
    ]
    assert Official.objects.count() == 0


def test_it_stops_listing_errors_after_a_few_hundred(ledger_file):
    sheets = {"单位": [{"单位编码": f"U{n}", "单位名称": "x", "分组": "?"} for n in range(600)]}

    result = import_ledger(ledger_file(sheets))

    assert len(result.errors) == 501
    assert str(result.errors[-1]) == "另有 100 处错误未列出，请先修正以上错误"


def _numbered_ledger(prefix: str, count: int, month: str) -> dict:
    return {
        "单位": [
            {"单位编码": f"{prefix}U{n}", "单位名称": f"单位{n}", "分组": "区直部门"}
            for n in range(count)
        ],
        "领导": [{"姓名": f"{prefix}领导{n}", "职务": "副区长"} for n in range(count)],
        "行动": [
            {
                "行动编码": f"{prefix}X{n}",
                "行动名称": "行动",
                "领办领导": f"{prefix}领导{n}",
                "牵头单位编码": f"{prefix}U{n}",
            }
            for n in range(count)
        ],
        "事项": [
            {
                "事项编码": f"{prefix}I{n}",
                "事项名称": "事项",
                "行动编码": f"{prefix}X{n}",
                "类型": "指标",
                "考核层级": "省考",
                "责任领导": f"{prefix}领导{n}",
                "牵头单位编码": f"{prefix}U{n}",
                "配合单位编码": f"{prefix}U{(n + 1) % count}",
                "频次": "月",
                "目标值": n,
            }
            for n in range(count)
        ],
        "月报": [
            {
                "事项编码": f"{prefix}I{n}",
                "月份": month,
                "完成值": n,
                "位次": 1,
                "参评数": 26,
                "实现情况": "进展",
            }
            for n in range(count)
        ],
        "加减分": [
            {"单位编码": f"{prefix}U{n}", "月份": month, "分值": 1, "事由": "表彰"}
            for n in range(count)
        ],
    }


def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(ledger_file):
    PlanYearFactory(year=2022)  # so that neither import creates the plan year
    small = ledger_file(_numbered_ledger("S", 10, "2022-03"), name="small.xlsx")
    large = ledger_file(_numbered_ledger("L", 100, "2022-04"), name="large.xlsx")

    with CaptureQueriesContext(connection) as ten:
        assert import_ledger(small).ok
    with CaptureQueriesContext(connection) as hundred:
        assert import_ledger(large).ok
    with CaptureQueriesContext(connection) as again:
        assert not import_ledger(large).changed

    assert len(ten) == len(hundred)
    assert len(again) < len(ten)
    assert Report.objects.count() == 110
    assert Item.co_units.through.objects.count() == 110


@pytest.fixture
def months_changed():
    """The labels of the months the code under test tells the upper layers about."""
    labels: list[str] = []

    def record(sender, month, **kwargs) -> None:
        labels.append(month.label)

    month_inputs_changed.connect(record)
    yield labels
    month_inputs_changed.disconnect(record)


def test_it_tells_scoring_each_month_it_changed(ledger_file, months_changed):
    ledger = small_ledger()
    ledger["加减分"].append({"单位编码": "B01", "月份": "2022-04", "分值": 1, "事由": "表彰"})
    path = ledger_file(ledger)

    import_ledger(path)
    import_ledger(path)  # unchanged: nothing to rescore

    assert months_changed == ["2022-03", "2022-04"]


def test_it_tells_nothing_on_a_dry_run(ledger_file, months_changed):
    import_ledger(ledger_file(), dry_run=True)

    assert months_changed == []


def test_it_keeps_units_created_elsewhere(ledger_file):
    UnitFactory(code="Z01", name="其他单位")
    ItemFactory(code="Z-001")

    import_ledger(ledger_file())

    assert Unit.objects.filter(code="Z01").exists()
    assert Item.objects.filter(code="Z-001").exists()


def _history(model, history_type: str) -> list[dict]:
    rows = model.history.filter(history_type=history_type).order_by("id", "history_date")
    return [{k: v for k, v in row.items() if k != "history_id"} for row in rows.values()]


def test_its_history_rows_are_the_ones_simple_history_writes(ledger_file):
    """The import writes history rows by its own fast insert: the same rows, field for
    field, that simple-history's bulk helpers write for the stored objects."""
    office = UserFactory(username="office", role="office")
    import_ledger(ledger_file(), user=office)
    ledger = small_ledger()
    ledger["事项"][0]["目标值"] = "130"
    ledger["月报"][0]["完成值"] = 33
    ledger["加减分"][0]["分值"] = -2
    import_ledger(ledger_file(ledger, name="changed.xlsx"), user=office)

    for model in (Item, Month, Report, BonusPenalty):
        for history_type in ("+", "~"):
            written = _history(model, history_type)
            if not written:
                continue
            dates = {row["history_date"] for row in written}
            assert len(dates) == 1
            objs = list(model.objects.filter(pk__in=[row["id"] for row in written]))
            if history_type == "+":
                # The rows as they were created: the ones changed since, as first imported.
                objs = [
                    model.history.filter(history_type="+", id=obj.pk).get().instance for obj in objs
                ]
            model.history.filter(history_type=history_type).delete()
            model.history.bulk_history_create(
                objs,
                update=history_type == "~",
                default_user=office,
                default_date=dates.pop(),
                **load_history(model, LoadStep.IMPORT),
            )
            assert _history(model, history_type) == written, (model, history_type)
