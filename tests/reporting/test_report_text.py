"""Report text at every door: 实现情况 required, 2,000 / 1,000 / 1,000 characters at most,
refused with the limit named and never cut."""

from decimal import Decimal

import pytest

from reporting import services
from reporting.ledger.importer import import_ledger
from reporting.models import Report
from tests.reporting.ledger_workbooks import build_workbook, small_ledger

pytestmark = pytest.mark.django_db


def _ledger_with(tmp_path, **row):
    sheets = small_ledger()
    sheets["月报"][0] |= row
    return build_workbook(tmp_path / "ledger.xlsx", sheets)


def test_the_import_refuses_a_report_without_achievement_naming_sheet_row_and_column(tmp_path):
    result = import_ledger(_ledger_with(tmp_path, 实现情况=None))
    assert [str(error) for error in result.errors] == ["月报 第2行 实现情况：不能为空"]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("column", "limit"), [("实现情况", 2000), ("存在问题", 1000), ("具体措施", 1000)]
)
def test_the_import_refuses_text_over_its_limit_and_writes_nothing(tmp_path, column, limit):
    result = import_ledger(_ledger_with(tmp_path, **{column: "字" * (limit + 1)}))
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == ("月报", 2, column)
    assert f"超过最大长度 {limit} 个字符（实际 {limit + 1} 个）" in str(error)
    assert not Report.objects.exists()


def test_the_import_accepts_text_exactly_at_the_limits(tmp_path):
    row = {"实现情况": "实" * 2000, "存在问题": "问" * 1000, "具体措施": "措" * 1000}
    assert import_ledger(_ledger_with(tmp_path, **row)).ok
    report = Report.objects.get(item__code="A-001")
    assert (len(report.achievement), len(report.problems), len(report.measures)) == (
        2000,
        1000,
        1000,
    )


def test_the_service_refuses_text_over_its_limit_whole(personas, district):
    user = personas.users.reporter_a
    data = {"value": Decimal("30"), "achievement": "实" * 2001, "measures": "措" * 1001}
    with pytest.raises(services.WorkflowError) as refused:
        services.save_report(district.item_a, district.month, data, user, 0)
    assert refused.value.field_errors == {
        "achievement": "实现情况最多 2,000 字，现有 2,001 字；请精简后再保存，内容未作截断",
        "measures": "具体措施最多 1,000 字，现有 1,001 字；请精简后再保存，内容未作截断",
    }
    assert not Report.objects.exists()


def test_the_service_submits_no_report_without_achievement(personas, district):
    user = personas.users.reporter_a
    report = services.save_report(
        district.item_a, district.month, {"value": Decimal("30")}, user, 0
    )
    with pytest.raises(services.WorkflowError) as refused:
        services.submit_report(report, user, report.version)
    assert refused.value.field_errors == {"achievement": "报送前须填写实现情况"}


def test_the_model_validates_the_limits_for_the_admin(district):
    report = Report(item=district.item_a, month=district.month, achievement="实" * 2001)
    with pytest.raises(Exception) as refused:
        report.full_clean()
    assert "最多 2000 字，现有 2001 字" in str(refused.value)
