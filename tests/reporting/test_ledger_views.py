"""The ledger pages (台账导入/导出): upload, preview, confirm, progress, template, export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Item, Unit
from reporting.ledger.jobs import create_ledger_import
from reporting.models import JobStatus, LedgerImport, Report
from reporting.tasks import run_ledger_import

from .ledger_workbooks import COLUMNS, build_workbook, small_ledger

pytestmark = pytest.mark.django_db

FORBIDDEN = ["leader", "reporter_a", "head_a", "reporter_b"]


def upload_of(path, name="台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.fixture
def ledger_path(tmp_path):
    ledger = small_ledger()
    ledger["单位"][0]["单位名称"] = "区发展改革局"  # one update over the district fixture
    return build_workbook(tmp_path / "ledger.xlsx", ledger)


@pytest.fixture
def previewed(personas, ledger_path):
    return create_ledger_import(upload_of(ledger_path), personas.users.office)


def page_urls(upload) -> list[str]:
    return [
        reverse("reporting:ledger_import"),
        reverse("reporting:ledger_preview", args=[upload.pk]),
        reverse("reporting:ledger_progress", args=[upload.pk]),
        reverse("reporting:ledger_template"),
        reverse("reporting:ledger_export") + "?year=2022",
    ]


def test_it_opens_every_ledger_page_for_the_office(personas, previewed):
    for url in page_urls(previewed):
        assert personas.office.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_it_refuses_everyone_else(personas, previewed, persona):
    client = getattr(personas, persona)
    for url in page_urls(previewed):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reporting:ledger_preview", args=[previewed.pk])).status_code == 403
    previewed.refresh_from_db()
    assert previewed.status == JobStatus.PREVIEWED


def test_it_sends_anonymous_visitors_to_login(personas, previewed):
    for url in page_urls(previewed):
        response = personas.anonymous.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_it_refuses_uploads_from_everyone_else(personas, ledger_path, persona):
    response = getattr(personas, persona).post(
        reverse("reporting:ledger_import"), {"file": upload_of(ledger_path)}
    )

    assert response.status_code == 403
    assert not LedgerImport.objects.exists()


def test_it_previews_an_upload_without_writing(personas, ledger_path):
    response = personas.office.post(
        reverse("reporting:ledger_import"), {"file": upload_of(ledger_path)}
    )

    upload = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reporting:ledger_preview", args=[upload.pk])
    assert upload.status == JobStatus.PREVIEWED
    assert upload.filename == "台账.xlsx"
    assert upload.created_by == personas.users.office
    assert upload.total == 13
    assert Unit.objects.get(code="A01").name == "区发改局"
    page = personas.office.get(response.url).content.decode()
    assert "确认导入" in page
    assert "未变化" in page


def test_it_imports_once_confirmed(personas, previewed):
    url = reverse("reporting:ledger_preview", args=[previewed.pk])

    response = personas.office.post(url)

    assert response.status_code == 302
    previewed.refresh_from_db()
    assert previewed.status == JobStatus.DONE
    assert previewed.finished_at is not None
    assert {s["sheet"]: s["updated"] for s in previewed.summary["sheets"]}["单位"] == 1
    assert Unit.objects.get(code="A01").name == "区发展改革局"
    assert Report.objects.filter(accepted_by=personas.users.office).count() == 3
    assert "导入完成" in personas.office.get(url).content.decode()


def test_it_imports_a_double_clicked_confirm_once(personas, previewed):
    url = reverse("reporting:ledger_preview", args=[previewed.pk])
    personas.office.post(url)
    history = Report.history.count(), Item.history.count()

    personas.office.post(url)

    assert (Report.history.count(), Item.history.count()) == history
    previewed.refresh_from_db()
    assert previewed.status == JobStatus.DONE


def test_it_shows_the_errors_of_a_bad_upload(personas, tmp_path):
    ledger = small_ledger()
    ledger["事项"][0]["牵头单位编码"] = "X99"
    path = build_workbook(tmp_path / "bad.xlsx", ledger)

    response = personas.office.post(
        reverse("reporting:ledger_import"), {"file": upload_of(path)}, follow=True
    )

    page = response.content.decode()
    assert "未写入任何数据" in page
    assert "X99" in page
    assert "未知单位编码" in page
    assert "确认导入" not in page
    assert LedgerImport.objects.get().status == JobStatus.FAILED
    assert Unit.objects.count() == 3  # the district fixture's, untouched


def test_it_cannot_confirm_a_failed_upload(personas, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    upload = create_ledger_import(upload_of(path), personas.users.office)

    personas.office.post(reverse("reporting:ledger_preview", args=[upload.pk]))

    upload.refresh_from_db()
    assert upload.status == JobStatus.FAILED
    assert "不是有效的 Excel 工作簿" in upload.errors[0]["message"]


def test_it_refuses_a_file_over_the_upload_limit(personas, ledger_path, settings):
    settings.SHOWCASE_MAX_UPLOAD_BYTES = 1024

    response = personas.office.post(
        reverse("reporting:ledger_import"), {"file": upload_of(ledger_path)}
    )

    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_it_runs_a_large_import_in_the_background(
    personas, previewed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("reporting.tasks.LARGE_IMPORT_ROWS", 5)
    url = reverse("reporting:ledger_preview", args=[previewed.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        personas.office.post(url)
    previewed.refresh_from_db()
    assert previewed.status == JobStatus.RUNNING
    assert 'hx-trigger="every 2s"' in personas.office.get(url).content.decode()
    progress = personas.office.get(reverse("reporting:ledger_progress", args=[previewed.pk]))
    assert "HX-Refresh" not in progress
    assert "0 / 13" in progress.content.decode()

    for callback in callbacks:
        callback()  # the queued task; eager Celery runs it in-process

    previewed.refresh_from_db()
    assert previewed.status == JobStatus.DONE
    assert previewed.progress == 13
    assert Unit.objects.get(code="A01").name == "区发展改革局"
    progress = personas.office.get(reverse("reporting:ledger_progress", args=[previewed.pk]))
    assert progress["HX-Refresh"] == "true"


def test_it_lets_the_task_run_twice(personas, previewed, monkeypatch):
    monkeypatch.setattr("reporting.tasks.LARGE_IMPORT_ROWS", 5)
    personas.office.post(reverse("reporting:ledger_preview", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert previewed.status == JobStatus.RUNNING  # on_commit never fires inside the test

    assert run_ledger_import(previewed.pk) == JobStatus.DONE
    history = Report.history.count()
    assert run_ledger_import(previewed.pk) == JobStatus.DONE
    assert Report.history.count() == history


def test_it_records_a_failure_when_the_file_is_gone(personas, previewed):
    LedgerImport.objects.filter(pk=previewed.pk).update(status=JobStatus.RUNNING)
    previewed.file.storage.delete(previewed.file.name)

    assert run_ledger_import(previewed.pk) == JobStatus.FAILED

    previewed.refresh_from_db()
    assert "内部错误" in previewed.errors[0]["message"]


def test_it_downloads_the_blank_template(personas):
    response = personas.office.get(reverse("reporting:ledger_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == list(COLUMNS)
    assert [cell.value for cell in workbook["事项"][1]] == COLUMNS["事项"]


def test_it_exports_a_year(personas, previewed, django_assert_num_queries):
    personas.office.post(reverse("reporting:ledger_preview", args=[previewed.pk]))
    url = reverse("reporting:ledger_export") + "?year=2022"

    # session + user and the 7 ledger queries (the session was saved within the minute).
    with django_assert_num_queries(9):
        response = personas.office.get(url)
        content = b"".join(response.streaming_content)

    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == list(COLUMNS)
    assert workbook["月报"].max_row == 1 + 3


@pytest.mark.parametrize("year", ["abc", "1999", ""])
def test_it_refuses_a_bad_export_year(personas, year):
    response = personas.office.get(reverse("reporting:ledger_export"), {"year": year})

    assert response.status_code == 400


def test_it_lists_recent_uploads(personas, previewed):
    page = personas.office.get(reverse("reporting:ledger_import")).content.decode()

    assert "台账.xlsx" in page
    assert reverse("reporting:ledger_preview", args=[previewed.pk]) in page
    assert reverse("reporting:ledger_template") in page


def test_it_imports_into_the_year_chosen_on_the_page(personas, tmp_path):
    ledger = small_ledger()
    for row in ledger["月报"]:
        row["月份"] = "2023-03"
    ledger["加减分"] = []
    path = build_workbook(tmp_path / "2023.xlsx", {k: v for k, v in ledger.items() if v})
    page = personas.office.get(reverse("reporting:ledger_import")).content.decode()
    assert 'name="year"' in page and "年度" in page

    response = personas.office.post(
        reverse("reporting:ledger_import"), {"file": upload_of(path), "year": "2023"}
    )
    personas.office.post(response.url)

    assert LedgerImport.objects.get().status == JobStatus.DONE
    assert set(Item.objects.of_year(2023).values_list("code", flat=True)) == {
        "A-001",
        "B-001",
        "T-001",
    }
    assert Item.objects.of_year(2022).filter(code="A-001").exists()  # the fixture's plan


def test_it_refuses_an_upload_whose_months_are_not_of_the_chosen_year(personas, tmp_path):
    path = build_workbook(tmp_path / "2022.xlsx", small_ledger())

    response = personas.office.post(
        reverse("reporting:ledger_import"), {"file": upload_of(path), "year": "2023"}, follow=True
    )

    page = response.content.decode()
    assert "月份不在 2023 年度内" in page and "2022-03" in page
    assert "确认导入" not in page
    assert not Item.objects.of_year(2023).exists()
