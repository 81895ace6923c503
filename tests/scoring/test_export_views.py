"""Excel downloads as every persona: the meeting workbook (会议材料) of the board page,
a unit's own item table, and the workbook built in the background (后台生成)."""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Cadence, Item, Unit
from meetings.exports import MEETING_SHEETS
from meetings.models import ExportStatus, MeetingExport
from meetings.services import add_comment, create_assignment
from meetings.tasks import build_meeting_export
from scoring import boarddata, services
from tests.factories import MonthFactory, OfficialFactory, ReportFactory

from .builders import build_sized_district

pytestmark = pytest.mark.django_db

DISTRICT_READERS = ["office", "leader"]
UNIT_MEMBERS = ["reporter_a", "head_a", "reporter_b"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The first columns of each sheet's header row, as the office's tools match them.
HEADERS = {
    "省考排行榜": ["排名", "单位", "分组", "得分", "较上月"],
    "市考排行榜": ["排名", "单位", "分组", "得分", "较上月"],
    "区级综合评价榜": ["排名", "单位", "分组", "得分", "较上月"],
    "八大行动": ["排名", "行动", "领办领导", "牵头单位", "得分"],
    "事项明细": ["序号", "行动", "事项编码", "事项内容", "目标值", "完成值", "完成率/位次"],
    "排位靠后事项": ["序号", "行动", "事项编码", "事项内容", "目标值", "完成值"],
    "交办事项": ["序号", "编号", "交办月份", "交办内容", "责任单位", "配合单位", "办理时限"],
    "领导点评": ["序号", "对象", "编码", "名称", "点评领导", "点评内容", "录入人", "时间"],
}


@pytest.fixture
def reported(district):
    """March with accepted reports for A-001 and B-001; T-001 stays 未报送."""
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("33.5"))
    ReportFactory(item=district.item_b, month=district.month, value=Decimal("20"))
    return district


@pytest.fixture
def published(reported):
    services.publish_month("2022-03")
    return reported


@pytest.fixture
def preview(reported):
    services.compute_month(reported.month)
    return reported


def export_url(label="2022-03", query=""):
    return reverse("exports:month_export", args=[label]) + query


def unit_export_url(label="2022-03", query=""):
    return reverse("exports:unit_items_export", args=[label]) + query


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def header_row(ws, names) -> list:
    """The first row holding these column names (as the acceptance checker finds it)."""
    for row in ws.iter_rows(values_only=True):
        if all(name in row for name in names):
            return list(row)
    raise AssertionError(f"{ws.title}: no header row with {names}")


def column(ws, name) -> list:
    header = header_row(ws, [name])
    index = header.index(name)
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if list(row) == header) + 1
    return [row[index] for row in rows[start:]]


def attachment_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    prefix = "filename*=utf-8''"
    assert prefix in disposition, disposition
    return disposition.split(prefix, 1)[1]


# --- the meeting workbook -------------------------------------------------------------


@pytest.mark.parametrize("persona", DISTRICT_READERS)
def test_it_downloads_the_published_meeting_workbook(personas, published, persona):
    response = getattr(personas, persona).get(export_url())
    workbook = workbook_of(response)
    assert workbook.sheetnames == list(MEETING_SHEETS)
    assert workbook.sheetnames[:6] == list(HEADERS)[:6]
    for name, names in HEADERS.items():
        assert header_row(workbook[name], names)
        assert workbook[name]["A1"].value.endswith("（第1版）")
    assert column(workbook["事项明细"], "事项编码") == ["A-001", "B-001", "T-001"]


def test_it_names_the_file_in_chinese(personas, published):
    response = personas.leader.get(export_url())
    assert attachment_name(response) == quote("莲都区2022年3月晒比会会议材料（第1版）.xlsx")
    response = personas.office.get(export_url(query="?preview=1"))
    assert attachment_name(response) == quote("莲都区2022年3月晒比会会议材料（未发布）.xlsx")


def test_it_says_unpublished_in_every_title_of_a_preview(personas, preview):
    workbook = workbook_of(personas.office.get(export_url()))
    for ws in workbook.worksheets:
        assert ws["A1"].value.endswith("（未发布）"), ws.title


def test_it_exports_the_revision_asked_for(personas, published):
    ReportFactory(item=published.item_t, month=published.month, value=Decimal("5"))
    services.publish_month("2022-03", reason="补报")
    first = workbook_of(personas.leader.get(export_url(query="?revision=1")))
    assert first["事项明细"]["A1"].value.endswith("（第1版）")
    latest = workbook_of(personas.leader.get(export_url()))
    assert latest["事项明细"]["A1"].value.endswith("（第2版）")
    assert personas.leader.get(export_url(query="?revision=9")).status_code == 404


@pytest.mark.parametrize("persona", UNIT_MEMBERS)
def test_it_hides_the_meeting_workbook_from_unit_members(personas, published, persona):
    client = getattr(personas, persona)
    assert client.get(export_url()).status_code == 404
    assert client.get(export_url(query="?preview=1")).status_code == 404


@pytest.mark.parametrize("persona", UNIT_MEMBERS)
def test_it_hides_a_preview_months_workbook_from_unit_members(personas, preview, persona):
    assert getattr(personas, persona).get(export_url()).status_code == 404


def test_it_sends_anonymous_users_to_login(personas, published):
    for url in (
        export_url(),
        unit_export_url(),
        reverse("exports:unit_items_export_latest"),
        reverse("exports:month_exports", args=["2022-03"]),
    ):
        response = personas.anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_answers_404_for_an_unknown_month(personas, published):
    assert personas.office.get(export_url("2021-01")).status_code == 404


def test_it_says_so_when_a_month_has_nothing_to_export(personas, district):
    may = MonthFactory(year=2022, number=5)
    Item.objects.update(cadence=Cadence.YEARLY)  # nothing is due in May
    services.compute_month(may)
    response = personas.office.get(export_url("2022-05"), follow=True)
    assert response.redirect_chain[0][0].startswith(
        reverse("scoring:month_boards", args=["2022-05"])
    )
    assert "尚无计分结果" in response.content.decode()


def test_it_keeps_a_comments_formula_as_text(personas, published):
    add_comment(
        month=published.month,
        author=personas.users.leader,
        text='=HYPERLINK("http://evil.example","点我")',
        item=published.item_a,
    )
    ws = workbook_of(personas.leader.get(export_url()))["领导点评"]
    header = header_row(ws, HEADERS["领导点评"])
    cell = next(row for row in ws.iter_rows(min_row=4))[header.index("点评内容")]
    assert cell.value == '=HYPERLINK("http://evil.example","点我")'
    assert cell.data_type == "s" and cell.quotePrefix


def test_it_lists_the_months_assignments(personas, published):
    create_assignment(
        month=published.month,
        content="加快项目前期",
        responsible_unit=published.unit_b,
        deadline=datetime.date(2022, 4, 30),
        assigned_by=OfficialFactory(name="王副区长"),
        created_by=personas.users.office,
    )
    ws = workbook_of(personas.office.get(export_url()))["交办事项"]
    assert column(ws, "交办内容") == ["加快项目前期"]
    assert column(ws, "责任单位") == ["区经信局"]


@pytest.mark.parametrize("units_per_group,notes", [(2, 1), (8, 6)])
def test_it_exports_in_a_fixed_number_of_queries(
    personas, django_assert_num_queries, units_per_group, notes
):
    month = build_sized_district(units_per_group)
    services.publish_month(month.label)
    leader = OfficialFactory()
    units = list(Unit.objects.order_by("code")[:3])
    for n in range(notes):
        add_comment(
            month=month,
            author=personas.users.office,
            on_behalf_of=leader,
            text=f"点评{n}",
            unit=units[0],
        )
        create_assignment(
            month=month,
            content=f"交办{n}",
            responsible_unit=units[1],
            co_units=units[2:],
            deadline=datetime.date(2023, 6, 30),
            assigned_by=leader,
            created_by=personas.users.office,
        )
    url = export_url(month.label)
    personas.leader.get(url)  # warm the session; the run's rows are read and kept
    # 2 for the session and user (saved once a minute, not now); the page's month with its
    # runs and its item count; the export's month, board data (2: month and runs; its
    # units, actions, items and 预警 are kept by run), comments, assignments with their
    # co-units (2), and rating sessions.
    with django_assert_num_queries(11):
        workbook = workbook_of(personas.leader.get(url))
    assert len(column(workbook["领导点评"], "点评内容")) == notes


# --- a unit's own item table ----------------------------------------------------------


@pytest.mark.parametrize(
    "persona,codes", [("reporter_a", ["A-001"]), ("head_a", ["A-001"]), ("reporter_b", ["B-001"])]
)
def test_it_gives_a_unit_member_only_their_own_items(personas, published, persona, codes):
    response = getattr(personas, persona).get(unit_export_url())
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["事项明细"]
    ws = workbook["事项明细"]
    assert column(ws, "事项编码") == codes
    assert ws["A1"].value.endswith("（第1版）")
    cells = {cell for row in ws.iter_rows(values_only=True) for cell in row}
    others = {"A-001", "B-001", "T-001"} - set(codes)
    assert not cells & others


def test_it_gives_a_unit_its_own_unpublished_items(personas, preview):
    response = personas.reporter_a.get(unit_export_url())
    ws = workbook_of(response)["事项明细"]
    assert column(ws, "事项编码") == ["A-001"]
    assert ws["A1"].value == "莲都区2022年3月 晒比会 · 区发改局 事项明细（未发布）"
    assert attachment_name(response) == quote("区发改局2022年3月事项明细（未发布）.xlsx")
    assert personas.reporter_a.get(unit_export_url(query="?revision=1")).status_code == 404


@pytest.mark.parametrize("persona", DISTRICT_READERS)
def test_it_has_no_unit_table_for_leaders_or_the_office(personas, published, persona):
    assert getattr(personas, persona).get(unit_export_url()).status_code == 404


def test_it_links_a_unit_home_page_to_the_latest_months_table(personas, preview):
    home = personas.reporter_a.get(reverse("home")).content.decode()
    assert f'href="{unit_export_url()}">下载本单位事项表（2022-03 预览，Excel）</a>' in home
    latest = reverse("exports:unit_items_export_latest")
    assert personas.reporter_a.get(latest).url == unit_export_url()
    assert personas.leader.get(latest).status_code == 404


def test_the_home_link_names_the_tables_month_when_another_is_being_reported(personas, preview):
    """April is open on the home while March has the latest results: the link says it
    downloads March's preview table, and once March is published, March's."""
    from reporting.models import MonthState
    from tests.factories import MonthFactory

    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    home = personas.reporter_a.get(reverse("home")).content.decode()
    assert "2022-04 月报" in home
    assert f'href="{unit_export_url()}">下载本单位事项表（2022-03 预览，Excel）</a>' in home
    services.publish_month("2022-03")
    home = personas.reporter_a.get(reverse("home")).content.decode()
    assert f'href="{unit_export_url()}">下载本单位事项表（2022-03，Excel）</a>' in home


def test_a_unit_home_has_no_table_link_before_any_month_has_results(personas, district):
    home = personas.reporter_a.get(reverse("home")).content.decode()
    assert "下载本单位事项表" not in home


def test_it_says_when_no_month_has_results_yet(personas, district):
    response = personas.reporter_a.get(reverse("exports:unit_items_export_latest"))
    assert "尚无已发布的榜单" in response.content.decode()


# --- the board page's buttons ---------------------------------------------------------


def test_it_offers_the_office_both_downloads(personas, published):
    page = personas.office.get(reverse("scoring:month_boards", args=["2022-03"])).content.decode()
    assert export_url(query="?revision=1") in page and "导出会议材料 (Excel)" in page
    assert reverse("exports:export_request", args=["2022-03"]) in page and "后台生成" in page
    assert reverse("exports:month_exports", args=["2022-03"]) in page


def test_it_offers_leaders_the_direct_download(personas, preview):
    page = personas.leader.get(reverse("scoring:month_boards", args=["2022-03"])).content.decode()
    assert export_url(query="?preview=1") in page
    assert reverse("exports:export_request", args=["2022-03"]) not in page


def test_it_offers_unit_members_their_own_table_only(personas, published):
    page = personas.reporter_b.get(reverse("scoring:month_boards", args=["2022-03"]))
    html = page.content.decode()
    assert unit_export_url(query="?revision=1") in html and "下载本单位事项表" in html
    assert export_url() not in html and "导出会议材料" not in html


def test_it_builds_a_large_month_in_the_background(personas, published, monkeypatch):
    monkeypatch.setattr(boarddata, "DIRECT_EXPORT_MAX_ITEMS", 2)
    board = reverse("scoring:month_boards", args=["2022-03"])
    page = personas.leader.get(board).content.decode()
    assert export_url(query="?revision=1") not in page
    assert reverse("exports:export_request", args=["2022-03"]) in page
    response = personas.leader.get(export_url(), follow=True)
    assert "后台生成" in response.content.decode()
    assert response.redirect_chain[0][0] == board + "?revision=1"


# --- the background export ------------------------------------------------------------


def request_export(client, django_capture_on_commit_callbacks, query="?revision=1", **headers):
    url = reverse("exports:export_request", args=["2022-03"]) + query
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, headers=headers)


def test_it_builds_the_workbook_in_the_background_and_serves_it(
    personas, published, django_capture_on_commit_callbacks
):
    response = request_export(personas.office, django_capture_on_commit_callbacks)
    assert response.url == reverse("scoring:month_boards", args=["2022-03"]) + "?revision=1"
    export = MeetingExport.objects.get()
    assert (export.status, export.revision, export.requested_by) == (
        ExportStatus.DONE,
        1,
        personas.users.office,
    )
    assert export.finished_at is not None and default_storage.exists(export.file.name)

    status = personas.office.get(reverse("exports:export_status", args=[export.pk]))
    download = reverse("exports:export_download", args=[export.pk])
    assert download in status.content.decode() and "hx-trigger" not in status.content.decode()
    for persona in DISTRICT_READERS:
        response = getattr(personas, persona).get(download)
        assert attachment_name(response) == quote("莲都区2022年3月晒比会会议材料（第1版）.xlsx")
        assert workbook_of(response).sheetnames == list(MEETING_SHEETS)


def test_it_answers_an_htmx_request_with_the_export_list(
    personas, published, django_capture_on_commit_callbacks
):
    response = request_export(
        personas.leader, django_capture_on_commit_callbacks, "?preview=1", HX_Request="true"
    )
    # The list was rendered before the commit queued the task: it shows the export
    # waiting, polling its status.
    html = response.content.decode()
    assert response.status_code == 200 and 'id="meeting-exports"' in html
    export = MeetingExport.objects.get()
    assert export.revision is None and export.run_label == "预览"
    status_url = reverse("exports:export_status", args=[export.pk])
    assert status_url in html and "排队中" in html
    status = personas.leader.get(status_url).content.decode()
    assert reverse("exports:export_download", args=[export.pk]) in status
    workbook = workbook_of(
        personas.leader.get(reverse("exports:export_download", args=[export.pk]))
    )
    assert workbook["事项明细"]["A1"].value.endswith("（未发布）")


def test_it_polls_an_unfinished_export(personas, published):
    export = MeetingExport.objects.create(month=published.month, revision=1)
    status = personas.office.get(reverse("exports:export_status", args=[export.pk]))
    html = status.content.decode()
    assert "hx-trigger" in html and "排队中" in html
    download = reverse("exports:export_download", args=[export.pk])
    assert download not in html
    assert personas.office.get(download).status_code == 404
    listing = personas.office.get(reverse("exports:month_exports", args=["2022-03"]))
    assert f"meeting-export-{export.pk}" in listing.content.decode()


@pytest.mark.parametrize("persona", UNIT_MEMBERS)
def test_it_hides_background_exports_from_unit_members(
    personas, published, persona, django_capture_on_commit_callbacks
):
    request_export(personas.office, django_capture_on_commit_callbacks)
    export = MeetingExport.objects.get()
    client = getattr(personas, persona)
    for name in ("exports:export_status", "exports:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert client.get(reverse("exports:month_exports", args=["2022-03"])).status_code == 404
    response = request_export(client, django_capture_on_commit_callbacks)
    assert response.status_code == 404 and MeetingExport.objects.count() == 1


def test_it_requests_a_background_export_by_post_only(personas, published):
    url = reverse("exports:export_request", args=["2022-03"])
    assert personas.office.get(url).status_code == 405
    assert not MeetingExport.objects.exists()


def test_it_sends_anonymous_users_from_a_background_export_to_login(personas, published):
    export = MeetingExport.objects.create(month=published.month, revision=1)
    for name in ("exports:export_status", "exports:export_download"):
        response = personas.anonymous.get(reverse(name, args=[export.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_is_safe_to_run_the_task_twice(personas, published):
    export = MeetingExport.objects.create(month=published.month, revision=1)
    assert build_meeting_export.delay(export.pk).get() == "done"
    export.refresh_from_db()
    name, finished_at = export.file.name, export.finished_at
    assert build_meeting_export.delay(export.pk).get() == "done"
    export.refresh_from_db()
    assert (export.file.name, export.finished_at) == (name, finished_at)
    assert len(default_storage.listdir(name.rsplit("/", 1)[0])[1]) == 1
    assert build_meeting_export.delay(export.pk + 1).get() == "missing"


def test_it_records_a_failed_export(personas, published):
    # Revision 2 was never published (a request names the revision its page showed).
    export = MeetingExport.objects.create(month=published.month, revision=2)
    assert build_meeting_export.delay(export.pk).get() == "failed"
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "没有第2版发布结果" in export.error
    assert not export.file and export.finished_at is not None
    html = personas.office.get(reverse("exports:export_status", args=[export.pk])).content.decode()
    assert "生成失败" in html and "没有第2版发布结果" in html and "hx-trigger" not in html
