"""The access matrix: every URL of the site, requested as every persona.

Each named route of our apps has entries in MATRIX: which object ids to use (from one
fixture district) and the status each persona must get on GET. A route without an entry
fails `test_it_has_an_entry_for_every_url`, so a new page cannot ship unlisted. POSTS
holds the state-changing routes: every persona posts, the refused ones must get their
status and leave the database exactly as it was, and one permitted persona must change it
(so the refusals are not passing merely because the posted data was wrong).

Every response a unit member gets is searched for the other unit's unpublished data
(SECRETS); `test_it_shows_each_secret_to_its_own_unit` proves those strings do appear
where their own unit looks, so their absence elsewhere means something.

The district is built once for the module inside a transaction that is rolled back at
the end; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image as PILImage

from accounts.models import Role
from actions.models import Cadence, Item, ItemKind, Progress, Unit, UnitGroup
from meetings import services as meeting_services
from meetings.exports.jobs import build_meeting_export_file
from meetings.models import (
    Assignment,
    AssignmentProgress,
    Comment,
    MeetingDate,
    MeetingExport,
    Notice,
    NoticeLetterhead,
    NoticePreview,
    ProgressFile,
    RatingResult,
    RatingSeat,
    RatingSession,
    Vote,
)
from meetings.tasks import request_meeting_export
from outlets.models import ApiKey, PublicPage, Webhook
from outlets.services import create_api_key, register_webhook
from reporting.evidence import attach_evidence
from reporting.ledger.jobs import create_ledger_import
from reporting.ledger.template import write_template
from reporting.models import (
    BonusPenalty,
    Evidence,
    LedgerImport,
    Month,
    MonthState,
    Notification,
    Report,
    ReportState,
)
from reporting.queries import open_work
from scoring.models import ScoreRun
from scoring.services import compute_month, publish_month
from zzd.services import link_account

from .factories import (
    ActionFactory,
    ItemFactory,
    MonthFactory,
    OfficialFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)
from .upload_files import PDF

PERSONAS = ("anonymous", "reporter_a", "reporter_b", "head_a", "leader", "office")
# A redirect to the login page: what an anonymous visitor gets from a login-only page.
LOGIN = "login"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Unpublished data of each unit, by what it is; each entry lists the spellings a page
# could use. The other unit's members must never receive any of them.
SECRETS = {
    "A": {
        "三月实现情况": ("甲单位未发布秘密文本",),
        "未发布过的事项": ("事项A-005",),
        "三月草稿完成值": ("123456.789", "123,456.789"),
        "三月未发布完成值": ("13579.24", "13,579.24"),
        "交办内容": ("甲单位交办保密事项内容",),
        "领导点评": ("甲单位领导点评保密内容",),
        "通知": ("甲单位通知保密",),
    },
    "B": {
        "三月实现情况": ("乙单位未发布秘密文本",),
        "未发布过的事项": ("事项B-004",),
        "三月草稿完成值": ("987654.321", "987,654.321"),
        "三月未发布完成值": ("24680.13", "24,680.13"),
        "交办内容": ("乙单位交办保密事项内容",),
        "办理情况": ("乙单位办结情况保密",),
        "领导点评": ("乙单位领导点评保密内容",),
        "通知": ("乙单位通知保密",),
    },
}
# Whose secrets each unit member must not see.
FOREIGN = {"reporter_a": "B", "head_a": "B", "reporter_b": "A"}


# --- The fixture district -------------------------------------------------------------


def build_district(media) -> SimpleNamespace:
    """Units A (with a head) and B (without) and a township; for A and B an indicator,
    a second indicator left as a March draft, a project and a task. February is
    published; March is open with accepted, submitted, approved and draft reports and a
    computed preview. Around it: a ledger upload, a background meeting export, March's
    assignments (B's reported done), comments, an open and a closed rating, notices."""
    w = SimpleNamespace(media=media)
    w.unit_a = UnitFactory(code="A01", name="区发改局", group=UnitGroup.DEPARTMENT)
    w.unit_b = UnitFactory(code="B01", name="区经信局", group=UnitGroup.DEPARTMENT)
    w.town = UnitFactory(code="T01", name="碧湖镇", group=UnitGroup.TOWNSHIP)
    w.official = OfficialFactory(name="王副区长")
    action = ActionFactory(code="X1", name="数字赋能", lead_unit=w.unit_a, leader=w.official)

    def item(code, unit, kind=ItemKind.INDICATOR, **fields):
        if kind != ItemKind.INDICATOR:
            fields.setdefault("target", None)
        return ItemFactory(
            code=code,
            name=f"事项{code}",
            action=action,
            lead_unit=unit,
            kind=kind,
            responsible_official=w.official,
            **fields,
        )

    w.a_ind, w.a_draft = item("A-001", w.unit_a), item("A-002", w.unit_a)
    w.a_proj = item("A-003", w.unit_a, ItemKind.PROJECT)
    w.a_task = item("A-004", w.unit_a, ItemKind.TASK)
    # Quarterly: due in March, not in February, so it has no published result at all.
    w.a_quarter = item("A-005", w.unit_a, ItemKind.TASK, cadence=Cadence.QUARTERLY)
    w.b_ind, w.b_draft = item("B-001", w.unit_b), item("B-002", w.unit_b)
    w.b_proj = item("B-003", w.unit_b, ItemKind.PROJECT)
    w.b_task = item("B-004", w.unit_b, ItemKind.TASK, cadence=Cadence.QUARTERLY)
    w.t_ind = item("T-001", w.town)

    w.office = UserFactory(username="office", role=Role.OFFICE, is_staff=True)
    w.leader = UserFactory(username="leader", role=Role.LEADER)
    w.reporter_a = UserFactory(username="rep_a", role=Role.REPORTER, unit=w.unit_a)
    w.head_a = UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=w.unit_a)
    w.reporter_b = UserFactory(username="rep_b", role=Role.REPORTER, unit=w.unit_b)

    w.feb = MonthFactory(year=2022, number=2, state=MonthState.CLOSED)
    w.mar = MonthFactory(year=2022, number=3, state=MonthState.OPEN)

    def report(item, month, state=ReportState.ACCEPTED, **fields):
        if item.kind == ItemKind.INDICATOR:
            fields.setdefault("value", Decimal("10"))
        else:
            fields.setdefault("value", None)
            fields.setdefault("progress", Progress.ON_TRACK)
        return ReportFactory(item=item, month=month, state=state, **fields)

    for due in (w.a_ind, w.a_draft, w.a_proj, w.a_task, w.b_ind, w.b_draft, w.b_proj, w.t_ind):
        report(due, w.feb, achievement="二月已发布")
    publish_month(w.feb.label, user=w.office)

    w.r_a_ind = report(
        w.a_ind, w.mar, value=Decimal("13579.2468"), achievement="甲单位未发布秘密文本"
    )
    w.r_a_draft = report(w.a_draft, w.mar, ReportState.DRAFT, value=Decimal("123456.7890"))
    w.r_a_proj = report(w.a_proj, w.mar, ReportState.SUBMITTED, achievement="甲项目进展")
    w.r_a_task = report(w.a_task, w.mar, achievement="甲工作进展")
    report(w.a_quarter, w.mar, ReportState.APPROVED, achievement="甲季度工作")
    w.r_b_ind = report(
        w.b_ind, w.mar, value=Decimal("24680.1357"), achievement="乙单位未发布秘密文本"
    )
    w.r_b_draft = report(w.b_draft, w.mar, ReportState.DRAFT, value=Decimal("987654.3210"))
    w.r_b_proj = report(w.b_proj, w.mar, ReportState.APPROVED, achievement="乙项目进展")
    w.r_b_task = report(w.b_task, w.mar, ReportState.SUBMITTED, achievement="乙工作进展")
    report(w.t_ind, w.mar, value=Decimal("28.5"))
    w.bonus = BonusPenalty.objects.create(
        unit=w.unit_b, month=w.mar, points=Decimal("2"), reason="获市级表彰"
    )
    compute_month(w.mar, w.office)

    photo = io.BytesIO()
    PILImage.new("RGB", (40, 30)).save(photo, "PNG")
    [w.evidence_a] = attach_evidence(
        w.r_a_draft, [SimpleUploadedFile("甲现场照片.png", photo.getvalue())], w.reporter_a
    )
    [w.evidence_b] = attach_evidence(
        w.r_b_draft, [SimpleUploadedFile("乙验收报告.pdf", PDF)], w.reporter_b
    )
    w.r_a_draft.refresh_from_db()
    w.r_b_draft.refresh_from_db()

    template = io.BytesIO()
    write_template(template)
    w.ledger = create_ledger_import(SimpleUploadedFile("台账.xlsx", template.getvalue()), w.office)
    w.export = request_meeting_export(w.feb, w.office, revision=1)
    build_meeting_export_file(w.export.pk)
    # A finished PDF preview of the 通报 (the LibreOffice run itself is tested elsewhere).
    w.notice_preview = NoticePreview.objects.create(
        month=w.mar,
        status="done",
        file=ContentFile(b"%PDF-1.4\n", name="notice.pdf"),
        requested_by=w.office,
    )

    w.comment_a = meeting_services.add_comment(
        month=w.mar, author=w.leader, text="甲单位领导点评保密内容", item=w.a_ind
    )
    w.comment_b = meeting_services.add_comment(
        month=w.mar, author=w.leader, text="乙单位领导点评保密内容", item=w.b_ind
    )
    assignment = {
        "month": w.mar,
        "deadline": datetime.date(2022, 4, 30),
        "assigned_by": w.official,
        "created_by": w.leader,
    }
    w.asg_a = meeting_services.create_assignment(
        content="甲单位交办保密事项内容", responsible_unit=w.unit_a, **assignment
    )
    w.asg_b = meeting_services.create_assignment(
        content="乙单位交办保密事项内容", responsible_unit=w.unit_b, **assignment
    )
    meeting_services.report_assignment_progress(
        w.asg_b,
        w.reporter_b,
        kind="done",
        text="乙单位办结情况保密",
        evidence="经信〔2022〕3号",
        files=[SimpleUploadedFile("乙办结佐证.pdf", PDF)],
    )
    w.progress_file_b = ProgressFile.objects.get()

    units = [w.unit_a, w.unit_b]
    w.rating = meeting_services.open_rating_session(
        month=w.mar, user=w.office, units=units, title="三月现场测评", seat_count=2
    )
    w.rated = meeting_services.open_rating_session(
        month=w.mar, user=w.office, units=units, title="三月现场测评（已结束）", seat_count=3
    )
    for seat, score in zip(w.rated.seats.all(), ("90", "85", "80"), strict=True):
        for unit in units:
            meeting_services.cast_vote(w.rated, unit, score, seat=seat)
    meeting_services.close_rating_session(w.rated, w.office)

    w.notice_a = Notification.objects.create(user=w.reporter_a, text="甲单位通知保密", url="/")
    w.notice_b = Notification.objects.create(user=w.reporter_b, text="乙单位通知保密", url="/")
    w.api_key, _secret = create_api_key("数字驾驶舱")
    w.webhook = register_webhook("http://127.0.0.1:9/hook", "webhook-secret")

    # One client per persona for the whole module: a new Client would load the
    # middleware again, and WhiteNoise scans every static file when it starts.
    w.clients, w.sessions = {"anonymous": Client()}, {"anonymous": None}
    for persona in PERSONAS[1:]:
        w.clients[persona] = Client()
        w.clients[persona].force_login(getattr(w, persona))
        w.sessions[persona] = w.clients[persona].cookies[settings.SESSION_COOKIE_NAME].value
    return w


@pytest.fixture(scope="module")
def district_once(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    quick = {
        "MEDIA_ROOT": media,
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "AXES_ENABLED": False,
    }
    with django_db_blocker.unblock(), override_settings(**quick), transaction.atomic():
        yield build_district(media)
        transaction.set_rollback(True)


@pytest.fixture
def w(district_once, db, settings, _fast_and_isolated):
    # The conftest gives each test its own empty MEDIA_ROOT; the district's files are here.
    settings.MEDIA_ROOT = district_once.media
    return district_once


@pytest.fixture
def clients(w) -> dict[str, Client]:
    """The personas' clients with nothing left from an earlier test but their login."""
    for persona, client in w.clients.items():
        client.cookies.clear()
        if w.sessions[persona]:
            client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[persona]
    return w.clients


# --- The matrix -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One GET of a route: with which objects, and each persona's expected status."""

    route: str
    label: str
    kwargs: Callable[[SimpleNamespace], dict]
    statuses: tuple  # in PERSONAS order
    query: str | Callable[[SimpleNamespace], str] = ""

    def url(self, w) -> str:
        query = self.query(w) if callable(self.query) else self.query
        return reverse(self.route, kwargs=self.kwargs(w)) + query

    @property
    def expected(self) -> dict:
        return dict(zip(PERSONAS, self.statuses, strict=True))


def none(w) -> dict:
    return {}


def pk(name: str) -> Callable:
    return lambda w: {"pk": getattr(w, name).pk}


def month(label: str) -> Callable:
    return lambda w: {"month": label}


def label(value: str) -> Callable:
    return lambda w: {"label": value}


def board(month: str, unit_code: str) -> Callable:
    return lambda w: {"month": month, "board": "district", "unit_code": unit_code}


def for_unit_b(parameter: str) -> Callable:
    """A filter asking for unit B's rows, as a unit A member might try."""
    return lambda w: f"?{parameter}={w.unit_b.pk}"


def unit_code(name: str) -> Callable:
    return lambda w: {"code": getattr(w, name).code}


def year(value: int) -> Callable:
    return lambda w: {"year": value}


def march_unit_b(w) -> dict:
    return {"label": "2022-03", "unit_pk": w.unit_b.pk}


L = LOGIN
ALL = (200,) * 6
DISTRICT = (L, 403, 403, 403, 200, 200)  # leaders and the office
DISTRICT_HIDDEN = (L, 404, 404, 404, 200, 200)  # … and not even confirmed to unit members
OFFICE = (L, 403, 403, 403, 403, 200)
OFFICE_POST = (L, 403, 403, 403, 403, 405)
LOGGED_IN = (L, 200, 200, 200, 200, 200)
OWN_A = (L, 200, 404, 200, 200, 200)  # unit A's object
OWN_B = (L, 404, 200, 404, 200, 200)  # unit B's object
UNIT_ONLY = (L, 200, 200, 200, 404, 404)  # a unit's own things; none for the district
NOBODY = (L, 404, 404, 404, 404, 404)
# require_POST wraps the access check in scoring and meetings: a GET is refused as 405
# before anyone is asked to log in. It reveals nothing about any object.
POST_ONLY = (405,) * 6

# Statuses are in PERSONAS order: anonymous, reporter_a, reporter_b, head_a, leader, office.
CASES = [
    Case("home", "", none, LOGGED_IN),
    Case("healthz", "", none, ALL),
    Case("login", "", none, (200, 302, 302, 302, 302, 302)),
    Case("logout", "GET", none, (405,) * 6),
    Case("set_language", "GET", none, (302,) * 6),
    # The admin sends everyone but staff to its own login page.
    Case("admin:index", "", none, (302, 302, 302, 302, 302, 200)),
    # actions: items and the reporting cycle
    Case("reporting:item_list", "", none, LOGGED_IN),
    Case("reporting:item_list", "filtered by B", none, LOGGED_IN, for_unit_b("lead_unit")),
    Case("reporting:item_detail", "A's", pk("a_ind"), OWN_A),
    Case("reporting:item_detail", "B's", pk("b_draft"), OWN_B),
    Case("reporting:item_detail", "township's", pk("t_ind"), (L, 404, 404, 404, 200, 200)),
    Case("reporting:fill", "", none, (L, 200, 200, 200, 403, 403)),
    Case("reporting:fill", "March", none, (L, 200, 200, 200, 403, 403), "?month=2022-03"),
    Case("reporting:fill", "February", none, (L, 200, 200, 200, 403, 403), "?month=2022-02"),
    Case("reporting:fill_approve_all", "GET", none, (L, 403, 403, 405, 403, 403)),
    Case("reporting:review", "", none, OFFICE),
    Case("reporting:delivery_log", "", none, OFFICE),
    Case("reporting:remind", "GET", label("2022-03"), OFFICE_POST),
    Case("reporting:review_unit", "", march_unit_b, OFFICE),
    Case("reporting:review_accept_unit", "GET", march_unit_b, OFFICE_POST),
    Case("reporting:review_return_unit", "GET", march_unit_b, OFFICE_POST),
    Case("reporting:month_open", "", none, OFFICE),
    Case("reporting:month_close", "GET", none, OFFICE_POST),
    Case("reporting:report_detail", "A's accepted", pk("r_a_ind"), OWN_A),
    Case("reporting:report_detail", "A's draft", pk("r_a_draft"), OWN_A),
    Case("reporting:report_detail", "B's accepted", pk("r_b_ind"), OWN_B),
    Case("reporting:report_detail", "B's draft", pk("r_b_draft"), OWN_B),
    Case("reporting:report_approve", "GET", pk("r_a_proj"), (L, 403, 403, 405, 403, 403)),
    Case("reporting:report_return", "GET", pk("r_a_proj"), (L, 403, 403, 405, 403, 405)),
    Case("reporting:report_accept", "GET", pk("r_b_proj"), OFFICE_POST),
    Case("reporting:report_reopen", "GET", pk("r_a_ind"), OFFICE_POST),
    Case("reporting:history", "", none, OFFICE),
    # 佐证材料: as the report they belong to
    Case("reporting:evidence_download", "A's", pk("evidence_a"), OWN_A),
    Case("reporting:evidence_download", "B's", pk("evidence_b"), OWN_B),
    Case("reporting:evidence_thumbnail", "A's", pk("evidence_a"), OWN_A),
    Case("reporting:evidence_upload", "GET", pk("r_b_draft"), (L, 405, 405, 405, 403, 403)),
    Case("reporting:evidence_delete", "GET", pk("evidence_b"), (L, 405, 405, 405, 403, 403)),
    # 加减分, for the office
    Case("reporting:bonus_index", "", none, (L, 403, 403, 403, 403, 302)),
    Case("reporting:bonus_list", "", label("2022-03"), OFFICE),
    Case("reporting:bonus_list", "published", label("2022-02"), OFFICE),
    Case("reporting:bonus_change", "", pk("bonus"), OFFICE),
    Case("reporting:bonus_delete", "", pk("bonus"), OFFICE),
    Case("reporting:notice_read", "GET", pk("notice_a"), (L, 405, 405, 405, 405, 405)),
    Case("reporting:notices_read_all", "GET", none, (L, 405, 405, 405, 405, 405)),
    # actions: the ledger, for the office only
    Case("reporting:ledger_import", "", none, OFFICE),
    Case("reporting:ledger_preview", "", pk("ledger"), OFFICE),
    Case("reporting:ledger_progress", "", pk("ledger"), OFFICE),
    Case("reporting:ledger_template", "", none, OFFICE),
    Case("reporting:ledger_export", "", none, OFFICE),
    # actions: the plan years and 结转, for the office only
    Case("actions:plan_years", "", none, OFFICE),
    Case("actions:carry_over", "", year(2022), OFFICE),
    Case("actions:plan_targets", "", year(2022), OFFICE),
    Case("actions:plan_targets", "no such year", year(1999), (L, 403, 403, 403, 403, 404)),
    Case("actions:unit_contacts", "", none, OFFICE),
    Case("actions:unit_contact_edit", "", unit_code("unit_b"), OFFICE),
    Case(
        "actions:unit_contact_edit",
        "no such unit",
        lambda w: {"code": "NOPE"},
        (L, 403, 403, 403, 403, 404),
    ),
    # scoring: boards. A unit member sees published months, and March only for itself.
    Case("scoring:boards", "", none, (L, 302, 302, 302, 302, 302)),
    Case("scoring:lagging", "", none, (L, 302, 302, 302, 302, 302)),
    Case("scoring:rulebook", "", none, LOGGED_IN),
    Case("scoring:item_trend", "A's", pk("a_ind"), LOGGED_IN),
    Case("scoring:item_trend", "B's, published in February", pk("b_ind"), LOGGED_IN),
    Case("scoring:item_trend", "A's, never published", pk("a_quarter"), OWN_A),
    Case("scoring:item_trend", "B's, never published", pk("b_task"), OWN_B),
    Case("exports:unit_items_export_latest", "", none, (L, 302, 302, 302, 404, 404)),
    Case("exports:export_status", "", pk("export"), DISTRICT_HIDDEN),
    Case("exports:export_download", "", pk("export"), DISTRICT_HIDDEN),
    Case("scoring:month_boards", "published", month("2022-02"), LOGGED_IN),
    Case("scoring:month_boards", "unpublished", month("2022-03"), DISTRICT_HIDDEN),
    Case("scoring:month_boards", "preview", month("2022-03"), DISTRICT_HIDDEN, "?preview=1"),
    Case("scoring:month_boards", "no revision 9", month("2022-02"), NOBODY, "?revision=9"),
    Case("exports:month_export", "published", month("2022-02"), DISTRICT_HIDDEN),
    Case("exports:month_export", "unpublished", month("2022-03"), DISTRICT_HIDDEN),
    Case("exports:unit_items_export", "published", month("2022-02"), UNIT_ONLY),
    Case("exports:unit_items_export", "own preview", month("2022-03"), UNIT_ONLY),
    Case("exports:month_exports", "", month("2022-02"), DISTRICT_HIDDEN),
    Case("exports:export_request", "GET", month("2022-03"), POST_ONLY),
    Case("scoring:publish", "GET", month("2022-03"), POST_ONLY),
    Case("scoring:publish_check", "", month("2022-03"), OFFICE),
    Case("scoring:rescore", "GET", month("2022-03"), POST_ONLY),
    Case("scoring:lagging", "published", month("2022-02"), LOGGED_IN),
    # 预警: the page for leaders and the office; the rows as JSON like the boards
    Case("scoring:warnings_latest", "", none, (L, 403, 403, 403, 302, 302)),
    Case("scoring:warnings", "published", month("2022-02"), DISTRICT),
    Case("scoring:warnings", "unpublished", month("2022-03"), DISTRICT),
    Case("scoring:warnings_json", "published", month("2022-02"), LOGGED_IN),
    Case("scoring:warnings_json", "unpublished", month("2022-03"), DISTRICT_HIDDEN),
    Case("scoring:lagging", "own preview", month("2022-03"), LOGGED_IN),
    Case("scoring:lagging", "B's asked", month("2022-03"), LOGGED_IN, for_unit_b("lead_unit")),
    Case("scoring:unit_detail", "B, published", board("2022-02", "B01"), LOGGED_IN),
    Case("scoring:unit_detail", "A, unpublished", board("2022-03", "A01"), OWN_A),
    Case("scoring:unit_detail", "B, unpublished", board("2022-03", "B01"), OWN_B),
    Case("scoring:unit_detail", "B, preview", board("2022-03", "B01"), OWN_B, "?preview=1"),
    # meetings: for leaders and the office; assignments also for the unit responsible
    Case("meetings:index", "", none, (L, 403, 403, 403, 302, 302)),
    Case("meetings:assignments", "", none, LOGGED_IN),
    Case("meetings:assignments", "filtered by B", none, LOGGED_IN, for_unit_b("unit")),
    Case("meetings:assignment_create", "", none, DISTRICT),
    Case("meetings:assignment_detail", "A's", pk("asg_a"), OWN_A),
    Case("meetings:assignment_detail", "B's", pk("asg_b"), OWN_B),
    Case("meetings:progress_file", "B's", pk("progress_file_b"), OWN_B),
    Case("meetings:progress_file_thumbnail", "B's PDF has none", pk("progress_file_b"), NOBODY),
    Case("meetings:assignment_progress", "GET", pk("asg_a"), POST_ONLY),
    Case("meetings:assignment_close", "GET", pk("asg_b"), POST_ONLY),
    Case("meetings:assignment_return", "GET", pk("asg_b"), POST_ONLY),
    Case("meetings:rating_detail", "", pk("rating"), OFFICE),
    Case("meetings:rating_close", "GET", pk("rating"), POST_ONLY),
    Case("meetings:rating_bonus", "GET", pk("rated"), POST_ONLY),
    Case("meetings:rating_seats", "", pk("rating"), OFFICE),
    Case("meetings:rating_screen", "", pk("rating"), DISTRICT),
    Case("meetings:rating_results", "", pk("rated"), DISTRICT),
    # The attendees' phone page is public by its token.
    Case("meetings:rate", "", lambda w: {"token": w.rating.token}, ALL),
    Case("meetings:month", "", label("2022-03"), DISTRICT),
    Case("meetings:screen_start", "", label("2022-03"), (L, 403, 403, 403, 302, 302)),
    Case("meetings:screen", "", lambda w: {"label": "2022-03", "step": 0}, DISTRICT),
    Case("meetings:comment_add", "GET", label("2022-03"), POST_ONLY),
    Case("meetings:rating_create", "", label("2022-03"), OFFICE),
    Case("meetings:notice", "", label("2022-03"), DISTRICT_HIDDEN),
    Case("meetings:notice_download", "", label("2022-03"), DISTRICT_HIDDEN),
    Case("meetings:notice_preview", "GET", label("2022-03"), POST_ONLY),
    Case("meetings:notice_preview_file", "", pk("notice_preview"), DISTRICT_HIDDEN),
    # outlets: the public page (off until switched on), the API (a key, never a session)
    # and the office's page of keys and webhooks
    Case("public_index", "off", none, (404,) * 6),
    Case("public_month", "off", month("2022-02"), (404,) * 6),
    Case("api:months", "session", none, (401,) * 6),
    Case("api:boards", "session", month("2022-02"), (401,) * 6),
    Case("api:items", "session", month("2022-02"), (401,) * 6),
    Case("api:warnings", "session", month("2022-02"), (401,) * 6),
    Case("api:plan_items", "session", year(2022), (401,) * 6),
    Case("outlets:office", "", none, OFFICE),
    Case("outlets:switch_public", "GET", none, OFFICE_POST),
    Case("outlets:create_key", "GET", none, OFFICE_POST),
    Case("outlets:revoke_key", "GET", lambda w: {"prefix": w.api_key.prefix}, OFFICE_POST),
    Case("outlets:key_uses", "", none, OFFICE),
    Case("outlets:openapi", "", none, OFFICE),
    Case("outlets:register_webhook", "GET", none, OFFICE_POST),
    Case("outlets:remove_webhook", "GET", pk("webhook"), OFFICE_POST),
    Case("outlets:webhook_log", "", none, OFFICE),
    # 浙政钉 is off here (ZZD_* unset): its pages do not exist for anyone. Switched on,
    # tests/zzd/test_login.py checks who may open them.
    Case("zzd:login", "浙政钉 off", none, (404,) * 6),
    Case("zzd:accounts", "浙政钉 off", none, (404,) * 6),
    Case("zzd:account_edit", "浙政钉 off", lambda w: {"pk": 1}, (404,) * 6),
    Case("meetings:letterhead", "", none, OFFICE),
]

MATRIX: dict[str, list[Case]] = {}
for _case in CASES:
    MATRIX.setdefault(_case.route, []).append(_case)


def site_routes() -> set[str]:
    """Every route of the site as namespace:name (or its pattern when unnamed), except
    the admin's own pages beyond its index and static/media serving."""

    def walk(patterns, namespace: str, prefix: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                if entry.name:
                    yield ":".join(filter(None, [namespace, entry.name]))
                else:
                    yield prefix + str(entry.pattern)

    skipped = tuple(
        f"^{url.lstrip('/')}" for url in (settings.STATIC_URL, settings.MEDIA_URL) if url
    )
    return {
        route
        for route in walk(get_resolver().url_patterns, "", "")
        if (route == "admin:index" or not route.startswith("admin:"))
        and not route.startswith("admin/")
        and not route.startswith(skipped)
    }


def test_it_has_an_entry_for_every_url():
    routes = site_routes()
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"URL 没有写进访问矩阵（MATRIX）: {missing}"
    assert not stale, f"访问矩阵里的 URL 已不存在: {stale}"


# --- Requests and bodies --------------------------------------------------------------


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


def workbook_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = (
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    return "\n".join(cells)


def body_text(response) -> str:
    if response.streaming:
        # The test client closes the response once its content has been read.
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type", "").startswith(XLSX):
        return workbook_text(content)
    return content.decode("utf-8", "replace")


def spellings(values: tuple[str, ...]) -> set[str]:
    # JSON embedded in a page (json_script) writes Chinese as \\uXXXX escapes.
    return {s for value in values for s in (value, json.dumps(value)[1:-1])}


def leaked(text: str, unit: str) -> list[str]:
    return [
        what for what, values in SECRETS[unit].items() if any(s in text for s in spellings(values))
    ]


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.route}[{c.label}]") for c in CASES])
def test_it_answers_each_persona_as_the_matrix_says(case, w, clients):
    check_case(case, w, clients)


@pytest.fixture
def zzd_clients(w, zzd_gateway) -> dict[str, Client]:
    """The personas signed in through 免登 instead: each linked to a 浙政钉 account, and
    their auth code exchanged at the local gateway."""
    for number, persona in enumerate(PERSONAS[1:], start=1):
        account = f"90{number}"
        link_account(getattr(w, persona), account)
        client = w.clients[persona]
        client.cookies.clear()
        answer = client.post(reverse("zzd:login"), {"code": zzd_gateway.person(account)})
        assert answer.status_code == 302, f"{persona} 免登失败"
    w.clients["anonymous"].cookies.clear()
    return w.clients


# With 浙政钉 on, its own pages answer differently: tests/zzd/test_login.py covers them.
SIGNED_IN_ELSEWHERE = [c for c in CASES if not c.route.startswith("zzd:")]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{c.route}[{c.label}]") for c in SIGNED_IN_ELSEWHERE]
)
def test_it_answers_the_same_to_whom_zzd_signed_in(case, w, zzd_clients):
    check_case(case, w, zzd_clients)


def check_case(case: Case, w, clients: dict[str, Client]) -> None:
    url = case.url(w)
    problems = []
    for persona, expected in case.expected.items():
        response = clients[persona].get(url)
        got = outcome(response)
        if got != expected:
            problems.append(f"{persona}: 期望 {expected}，实际 {got}")
        if persona in FOREIGN:
            found = leaked(body_text(response), FOREIGN[persona])
            if found:
                problems.append(f"{persona}: 看到了单位{FOREIGN[persona]}未发布的 {found}")
    assert not problems, f"GET {url}\n" + "\n".join(problems)


OWN_PAGES = {
    "reporter_a": [
        ("home", none, ""),
        ("reporting:fill", none, "?month=2022-03"),
        ("reporting:report_detail", pk("r_a_ind"), ""),
        ("scoring:unit_detail", board("2022-03", "A01"), ""),
        ("scoring:item_trend", pk("a_ind"), ""),
        ("meetings:assignment_detail", pk("asg_a"), ""),
    ],
    "reporter_b": [
        ("home", none, ""),
        ("reporting:fill", none, "?month=2022-03"),
        ("reporting:report_detail", pk("r_b_ind"), ""),
        ("scoring:unit_detail", board("2022-03", "B01"), ""),
        ("scoring:item_trend", pk("b_ind"), ""),
        ("meetings:assignment_detail", pk("asg_b"), ""),
    ],
}


@pytest.mark.parametrize("persona, unit", [("reporter_a", "A"), ("reporter_b", "B")])
def test_it_shows_each_secret_to_its_own_unit(persona, unit, w, clients):
    seen = set()
    for route, kwargs, query in OWN_PAGES[persona]:
        response = clients[persona].get(reverse(route, kwargs=kwargs(w)) + query)
        assert response.status_code == 200, route
        seen.update(leaked(body_text(response), unit))
    assert seen == set(SECRETS[unit]), f"单位{unit}自己也看不到: {set(SECRETS[unit]) - seen}"


# --- State-changing requests ----------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """The persona is permitted: this status, and the database must change."""

    status: int


@dataclass(frozen=True)
class Allowed:
    """The persona is permitted (this status); whether anything changes is not checked."""

    status: int


def everything(w) -> dict:
    """The rows a refused request must leave exactly as they were."""
    return {
        "reports": list(
            Report.objects.order_by("pk").values_list(
                "pk", "state", "version", "value", "achievement", "reopened"
            )
        ),
        "report history": Report.history.count(),
        "months": list(Month.objects.order_by("pk").values_list("pk", "state", "deadline")),
        "runs": list(ScoreRun.objects.order_by("pk").values_list("pk", "kind", "revision")),
        "exports": list(MeetingExport.objects.order_by("pk").values_list("pk", "status")),
        "ledger": list(LedgerImport.objects.order_by("pk").values_list("pk", "status")),
        "assignments": list(
            Assignment.objects.order_by("pk").values_list("pk", "status", "closed_at")
        ),
        "progress": AssignmentProgress.objects.count(),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "text")),
        "sessions": list(RatingSession.objects.order_by("pk").values_list("pk", "state")),
        "seats": RatingSeat.objects.count(),
        "votes": list(Vote.objects.order_by("pk").values_list("pk", "score")),
        "results": list(RatingResult.objects.order_by("pk").values_list("pk", "bonus")),
        "bonus": list(BonusPenalty.objects.order_by("pk").values_list("pk", "points", "reason")),
        "notices": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "name")),
    }


def plan_of_2023(w) -> object:
    return list(Item.objects.of_year(2023).values_list("code", flat=True))


def contacts(w) -> object:
    return list(Unit.objects.order_by("pk").values_list("pk", "contact_name", "contact_email"))


def targets(w) -> object:
    return list(Item.objects.order_by("pk").values_list("pk", "target"))


class RewindingFile(SimpleUploadedFile):
    """An upload posted by every persona in turn: each post reads it whole."""

    def read(self, *args):
        content = super().read(*args)
        self.seek(0)
        return content


def notice_of_a(w) -> object:
    return Notification.objects.filter(pk=w.notice_a.pk).values_list("read_at", flat=True)[0]


@dataclass(frozen=True)
class Post:
    """One POST of a route. `statuses`, in PERSONAS order, holds a plain status for a
    refused persona (nothing may change) or Changes/Allowed for a permitted one."""

    route: str
    label: str
    kwargs: Callable[[SimpleNamespace], dict]
    statuses: tuple
    data: Callable[[SimpleNamespace], dict] = none
    query: str = ""
    snapshot: Callable[[SimpleNamespace], object] = field(default=everything)


def outlet_rows(w) -> dict:
    """The outlets' settings a refused request must leave as they were."""
    return {
        "keys": list(ApiKey.objects.order_by("pk").values_list("pk", "revoked")),
        "public": list(PublicPage.objects.values_list("enabled")),
        "webhooks": list(Webhook.objects.order_by("pk").values_list("pk", "url")),
    }


def fill_data(action: str) -> Callable:
    def data(w) -> dict:
        report = w.r_b_draft
        prefix = f"i{w.b_draft.pk}"
        return {
            f"{prefix}-version": report.version,
            f"{prefix}-value": "30",  # on schedule, within 3× February's 10: no flag
            f"{prefix}-achievement": "乙单位三月完成情况",
            "action": action.format(pk=w.b_draft.pk),
        }

    return data


def reason(w) -> dict:
    return {"reason": "数据有误，请核实"}


# C(302): permitted, and the database must change; A(302): permitted, not checked further.
C = Changes
A = Allowed

POSTS = [
    # Saving and submitting on 本月填报: the page only ever takes the user's own items,
    # so unit A posting B's fields finds nothing of its own to save.
    Post("reporting:fill", "save B's draft", none, (L, 302, C(302), 302, 403, 403),
         fill_data("save"), "?month=2022-03"),
    # Submitting an item not on the page reads as a double click: "already submitted".
    Post("reporting:fill", "submit B's draft", none, (L, 302, C(302), 302, 403, 403),
         fill_data("submit:{pk}"), "?month=2022-03"),
    Post("reporting:fill_approve_all", "", none, (L, 403, 403, C(302), 403, 403),
         lambda w: {"month": "2022-03"}),
    Post("reporting:report_approve", "A's", pk("r_a_proj"), (L, 403, 403, C(302), 403, 403)),
    Post("reporting:report_approve", "B's", pk("r_b_task"), (L, 403, 403, 404, 403, 403)),
    Post("reporting:report_return", "B's", pk("r_b_proj"), (L, 403, 403, 404, 403, C(302)),
         reason),
    Post("reporting:report_return", "A's", pk("r_a_proj"), (L, 403, 403, C(302), 403, A(302)),
         reason),
    Post("reporting:report_accept", "", pk("r_b_proj"), (L, 403, 403, 403, 403, C(302))),
    Post("reporting:report_reopen", "", pk("r_a_ind"), (L, 403, 403, 403, 403, C(302)), reason),
    Post("reporting:evidence_upload", "B's draft", pk("r_b_draft"),
         (L, 404, C(302), 404, 403, 403), lambda w: {"file": RewindingFile("乙.pdf", PDF)}),
    Post("reporting:evidence_delete", "B's", pk("evidence_b"), (L, 404, C(302), 404, 403, 403)),
    Post("reporting:review_accept_unit", "", march_unit_b, (L, 403, 403, 403, 403, C(302))),
    Post("reporting:remind", "", label("2022-03"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"all": "1"}),
    Post("reporting:review_return_unit", "", march_unit_b, (L, 403, 403, 403, 403, C(302)), reason),
    Post("reporting:month_open", "", none, (L, 403, 403, 403, 403, C(302)),
         lambda w: {"month": "2022-04", "deadline": "2022-04-25"}),
    Post("reporting:month_close", "", none, (L, 403, 403, 403, 403, C(302)),
         lambda w: {"month": "2022-03"}),
    Post("reporting:notice_read", "A's", pk("notice_a"), (L, C(302), 404, 404, 404, 404)),
    Post("reporting:notices_read_all", "", none, (L, C(302), 302, 302, 302, 302),
         snapshot=notice_of_a),
    Post("reporting:bonus_list", "add", label("2022-03"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"unit": w.unit_a.pk, "points": "1.5", "reason": "获省级表彰"}),
    Post("reporting:bonus_change", "", pk("bonus"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"points": "3", "reason": "获市级表彰", "why": "文件更正"}),
    Post("reporting:bonus_delete", "", pk("bonus"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"why": "重复录入"}),
    Post("reporting:ledger_import", "no file", none, (L, 403, 403, 403, 403, A(200))),
    Post("actions:carry_over", "", year(2022), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"scope": "all"}, snapshot=plan_of_2023),
    Post("actions:plan_targets", "", year(2022), (L, 403, 403, 403, 403, C(302)),
         lambda w: {f"t{w.a_ind.pk}-target": "77"}, snapshot=targets),
    Post("actions:unit_contact_edit", "", unit_code("unit_b"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"contact_name": "钱七", "contact_email": "b@example.com"},
         snapshot=contacts),
    Post("reporting:ledger_preview", "confirm", pk("ledger"), (L, 403, 403, 403, 403, C(302))),
    Post("scoring:publish", "", month("2022-03"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"confirm": open_work(Month.objects.get_by_label("2022-03")).token}),
    Post("scoring:rescore", "", month("2022-03"), (L, 403, 403, 403, 403, A(302))),
    Post("exports:export_request", "", month("2022-03"), (L, 404, 404, 404, C(302), A(302))),
    Post("meetings:assignment_create", "", none, (L, 403, 403, 403, C(302), A(302)),
         lambda w: {
             "month": w.mar.pk,
             "content": "新的交办事项",
             "responsible_unit": w.unit_b.pk,
             "deadline": "2022-05-31",
             "assigned_by": w.official.pk,
         }),
    Post("meetings:assignment_progress", "A's", pk("asg_a"), (L, C(302), 404, A(302), 403, 403),
         lambda w: {"kind": "in_progress", "text": "正在推进"}),
    Post("meetings:assignment_close", "B's", pk("asg_b"), (L, 403, 403, 403, 403, C(302))),
    Post("meetings:assignment_return", "B's", pk("asg_b"), (L, 403, 403, 403, 403, C(302)),
         reason),
    Post("meetings:comment_add", "on B's item", label("2022-03"),
         (L, 403, 403, 403, C(302), A(302)),
         lambda w: {"target": "item", "target_id": w.b_ind.pk, "text": "请加快进度"}),
    Post("meetings:rating_create", "", label("2022-03"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {
             "title": "再测一次",
             "units": [w.unit_a.pk],
             "min_score": "0",
             "max_score": "100",
             "seat_count": "0",
         }),
    Post("meetings:notice", "", label("2022-03"), (L, 404, 404, 404, 403, C(302)),
         lambda w: {"text": "关于莲都区2022年3月晒比会情况的通报\n正文", "save": "1"},
         snapshot=lambda w: list(Notice.objects.values_list("pk", "text"))),
    Post("meetings:notice_preview", "", label("2022-03"), (L, 404, 404, 404, 404, C(302)),
         snapshot=lambda w: NoticePreview.objects.count()),
    Post("meetings:notice", "会议日期", label("2022-03"), (L, 404, 404, 404, 403, C(302)),
         lambda w: {"held_on": "2022-04-12"},
         snapshot=lambda w: list(MeetingDate.objects.values_list("month_id", "held_on"))),
    Post("meetings:letterhead", "", none, (L, 403, 403, 403, 403, C(302)),
         lambda w: {"issuer": "莲都区晒比会办公室", "prefix": "莲考办", "copy_to": "区委"},
         snapshot=lambda w: list(NoticeLetterhead.objects.values_list("issuer", "prefix"))),
    Post("meetings:rating_close", "", pk("rating"), (L, 403, 403, 403, 403, C(302))),
    Post("meetings:rating_bonus", "", pk("rated"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"weight": "5"}),
    Post("meetings:rating_seats", "", pk("rating"), (L, 403, 403, 403, 403, C(302)),
         lambda w: {"count": "2"}),
    # Anyone may vote with a seat code or a login; without either, nothing is recorded.
    Post("meetings:rate", "", lambda w: {"token": w.rating.token},
         (403, C(302), A(302), A(302), A(302), A(302)),
         lambda w: {"unit": w.unit_a.pk, "score": "88"}),
    Post("outlets:switch_public", "", none, (L, 403, 403, 403, 403, C(302)),
         lambda w: {"enabled": "1"}, snapshot=outlet_rows),
    Post("outlets:create_key", "", none, (L, 403, 403, 403, 403, C(200)),
         lambda w: {"name": "新密钥", "rate": "60/min"}, snapshot=outlet_rows),
    Post("outlets:revoke_key", "", lambda w: {"prefix": w.api_key.prefix},
         (L, 403, 403, 403, 403, C(302)), snapshot=outlet_rows),
    # Without a secret, one is made and shown in the answer (200), as a new key is.
    Post("outlets:register_webhook", "", none, (L, 403, 403, 403, 403, C(200)),
         lambda w: {"url": "https://example.gov.cn/hook"}, snapshot=outlet_rows),
    Post("outlets:remove_webhook", "", pk("webhook"), (L, 403, 403, 403, 403, C(302)),
         snapshot=outlet_rows),
]  # fmt: skip


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.route}[{c.label}]") for c in POSTS])
def test_it_refuses_state_changes_to_whom_the_matrix_says(case, w, clients):
    url = reverse(case.route, kwargs=case.kwargs(w)) + case.query
    expected = dict(zip(PERSONAS, case.statuses, strict=True))
    permitted = [p for p, e in expected.items() if isinstance(e, (Changes, Allowed))]
    refused = [p for p in PERSONAS if p not in permitted]
    data = case.data(w)
    before = case.snapshot(w)
    problems = []
    for persona in refused + permitted:
        response = clients[persona].post(url, data)
        got, wanted = outcome(response), expected[persona]
        status = getattr(wanted, "status", wanted)
        if got != status:
            problems.append(f"{persona}: 期望 {status}，实际 {got}")
        after = case.snapshot(w)
        if persona in refused and after != before:
            problems.append(f"{persona}: 被拒绝却改动了数据")
        if isinstance(wanted, Changes) and after == before:
            problems.append(f"{persona}: 有权限却什么也没改（提交的数据无效？）")
        if persona in FOREIGN:
            found = leaked(body_text(response), FOREIGN[persona])
            if found:
                problems.append(f"{persona}: 看到了单位{FOREIGN[persona]}未发布的 {found}")
        before = after
    assert not problems, f"POST {url}\n" + "\n".join(problems)
