"""`python manage.py import_ledger FILE.xlsx`."""

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from actions.models import Unit
from reporting.models import Report

from .ledger_workbooks import build_workbook, small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_file(tmp_path):
    return build_workbook(tmp_path / "ledger.xlsx", small_ledger())


@pytest.fixture
def bad_file(tmp_path):
    ledger = small_ledger()
    ledger["事项"][2]["牵头单位编码"] = "X99"
    ledger["月报"][0]["位次"] = 5
    return build_workbook(tmp_path / "bad.xlsx", ledger)


def test_it_prints_a_summary_per_sheet(good_file, capsys):
    call_command("import_ledger", str(good_file))

    out = capsys.readouterr().out
    assert "单位：新增 3，更新 0，未变化 0" in out
    assert "月报：新增 3，更新 0，未变化 0" in out
    assert "导入完成" in out
    assert Report.objects.count() == 3


def test_it_rescores_eagerly_without_broker_warnings(
    good_file, caplog, django_capture_on_commit_callbacks, settings
):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("只在未配置消息代理（任务即时执行）时检查")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_ledger", str(good_file))

    assert callbacks  # the month's rescoring was queued, and ran in-process
    assert [r.getMessage() for r in caplog.records if r.name.startswith("kombu")] == []


def test_it_says_so_when_nothing_changed(good_file, capsys):
    call_command("import_ledger", str(good_file))
    capsys.readouterr()

    call_command("import_ledger", str(good_file))

    out = capsys.readouterr().out
    assert "单位：新增 0，更新 0，未变化 3" in out
    assert "全部未变化" in out


def test_it_fails_with_the_chinese_error_list_and_writes_nothing(bad_file, capsys):
    with pytest.raises(CommandError, match="共 2 处错误，未写入任何数据"):
        call_command("import_ledger", str(bad_file))

    err = capsys.readouterr().err.splitlines()
    assert err == [
        "事项 第4行 牵头单位编码「X99」：未知单位编码",
        "月报 第2行 参评数：填写位次时须填写参评数",
    ]
    assert Unit.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # run_from_argv closes the connection at the end
def test_it_exits_non_zero_on_errors(bad_file, capsys):
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_ledger", str(bad_file)]).execute()

    assert exit_info.value.code == 1
    assert "事项 第4行 牵头单位编码「X99」" in capsys.readouterr().err


def test_it_exits_zero_on_success(good_file):
    # call_command raises CommandError (exit 1) on failure; run_from_argv would also
    # close the test's database connection, which PostgreSQL's test transaction needs.
    call_command("import_ledger", str(good_file))

    assert Unit.objects.count() == 3


def test_it_previews_with_dry_run(good_file, capsys):
    call_command("import_ledger", str(good_file), "--dry-run")

    assert "单位：新增 3" in capsys.readouterr().out
    assert Unit.objects.count() == 0


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_ledger", str(tmp_path / "nope.xlsx"))


def test_it_reports_a_file_that_is_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("hello")

    with pytest.raises(CommandError):
        call_command("import_ledger", str(path))

    assert "不是有效的 Excel 工作簿" in capsys.readouterr().err
