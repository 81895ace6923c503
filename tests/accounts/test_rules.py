"""Who may do what (accounts/rules.py), asked the way the site asks: `user.has_perm`."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from accounts.rules import PERMISSIONS, may
from meetings.models import Assignment
from reporting.services import WorkflowError, save_report
from scoring.services import PublishError, publish_month

from ..factories import OfficialFactory, ReportFactory, UserFactory

PERSONAS = ("office", "leader", "reporter_a", "head_a", "reporter_b", "admin", "anonymous")
OFFICE = {"office", "admin"}
DISTRICT = {"office", "admin", "leader"}
UNITS = {"reporter_a", "head_a", "reporter_b"}
VERBS = ("view", "add", "change", "delete")

ALLOWED = {
    "reporting.open_month": OFFICE,
    "reporting.close_month": OFFICE,
    "reporting.review_reports": OFFICE,
    "reporting.fill_report": UNITS,
    "reporting.approve_report": {"head_a"},
    "reporting.return_report": OFFICE | {"head_a"},
    "reporting.read_district": DISTRICT,
    "reporting.manage_bonuses": OFFICE,
    "reporting.import_ledger": OFFICE,
    "scoring.read_preview": DISTRICT,
    "scoring.publish_month": OFFICE,
    "scoring.rescore_month": OFFICE,
    "meetings.read_meeting": DISTRICT,
    "meetings.comment": DISTRICT,
    "meetings.assign": DISTRICT,
    "meetings.read_assignments": DISTRICT | UNITS,
    "meetings.report_progress": UNITS,
    "meetings.close_assignment": OFFICE,
    "meetings.run_rating": OFFICE,
    "meetings.export_district": DISTRICT,
    "meetings.export_unit": UNITS,
    "meetings.edit_notice": OFFICE,
    "outlets.manage": OFFICE,
    "zzd.link_accounts": OFFICE,
    "accounts": {"admin"},
    **{f"accounts.{verb}_user": {"admin"} for verb in VERBS},
    "actions": OFFICE,
    **{
        f"actions.{verb}_{model}": OFFICE
        for model in ("unit", "official", "planyear", "action", "item")
        for verb in VERBS
    },
    "django_celery_beat": OFFICE,
    **{
        f"django_celery_beat.{verb}_{model}": OFFICE
        for model in (
            "periodictask",
            "crontabschedule",
            "intervalschedule",
            "clockedschedule",
            "solarschedule",
        )
        for verb in VERBS
    },
    "axes": OFFICE,
    **{
        f"axes.{verb}_{model}": OFFICE
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for verb in VERBS
    },
    **{app: OFFICE for app in ("scoring", "meetings")},
    **{
        f"{app}.view_{model}": OFFICE
        for app, models in {
            "scoring": ("scorerun", "itemresult", "unitresult", "actionresult"),
            "meetings": ("comment", "assignment", "ratingsession", "vote"),
        }.items()
        for model in models
    },
}


@pytest.fixture
def users(personas):
    return {
        **vars(personas.users),
        "admin": UserFactory(username="admin", role=Role.ADMIN, is_staff=True),
        "anonymous": AnonymousUser(),
    }


def who(users, perm: str, obj=None) -> set[str]:
    """The personas `user.has_perm(perm, obj)` allows."""
    return {name for name in PERSONAS if users[name].has_perm(perm, obj)}


def test_it_lists_every_permission_in_the_table():
    assert set(ALLOWED) == set(PERMISSIONS)


@pytest.mark.parametrize("app", ["reporting", "scoring", "meetings", "outlets", "zzd"])
def test_each_app_declares_its_own_permissions_in_its_rules_module(app):
    declared = importlib.import_module(f"{app}.rules").PERMISSIONS

    assert declared and all(name.split(".")[0] == app for name in declared)
    assert {name: PERMISSIONS[name] for name in declared} == declared
    assert {name for name in ALLOWED if name.split(".")[0] == app} == set(declared)


@pytest.mark.parametrize("perm", sorted(ALLOWED))
def test_it_allows_each_permission_to_exactly_its_personas(users, perm):
    assert who(users, perm) == ALLOWED[perm]


def test_it_lets_a_unit_fill_only_its_own_items_and_reports(users, district):
    report_a = ReportFactory(item=district.item_a, month=district.month)
    for target in (district.item_a, report_a):
        assert who(users, "reporting.fill_report", target) == {"reporter_a", "head_a"}
    assert who(users, "reporting.fill_report", district.item_b) == {"reporter_b"}


def test_it_lets_a_head_approve_and_return_only_their_units_reports(users, district):
    report_b = ReportFactory(item=district.item_b, month=district.month)
    report_a = ReportFactory(item=district.item_a, month=district.month)
    assert who(users, "reporting.approve_report", report_a) == {"head_a"}
    assert who(users, "reporting.approve_report", report_b) == set()
    assert who(users, "reporting.return_report", report_a) == OFFICE | {"head_a"}
    assert who(users, "reporting.return_report", report_b) == OFFICE


def test_it_lets_only_the_responsible_unit_report_an_assignments_progress(users, district):
    assignment = Assignment.objects.create(
        month=district.month,
        content="加快项目审批",
        responsible_unit=district.unit_a,
        deadline=district.month.deadline,
        assigned_by=OfficialFactory(),
        created_by=users["leader"],
    )
    assert who(users, "meetings.report_progress", assignment) == {"reporter_a", "head_a"}


def test_it_lets_the_system_do_only_what_the_office_does(district):
    assert may(None, "reporting.open_month")
    assert may(None, "scoring.publish_month")
    assert not may(None, "reporting.fill_report", district.item_a)
    assert not may(None, "meetings.comment")


def test_it_refuses_a_service_call_the_permission_refuses(users, district):
    with pytest.raises(WorkflowError):
        save_report(district.item_a, district.month, {"value": "1"}, users["reporter_b"], 0)
    with pytest.raises(PublishError):
        publish_month(district.month.label, user=users["leader"])


def test_it_opens_the_admin_by_the_same_permissions(users, personas, client):
    personas.office.get("/admin/")  # a session, as for every page
    assert personas.office.get("/admin/actions/unit/").status_code == 200
    assert personas.office.get("/admin/accounts/user/").status_code == 403
    client.force_login(users["admin"])
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/actions/item/").status_code == 200
    assert personas.office.get("/admin/scoring/scorerun/").status_code == 200
    assert personas.office.post("/admin/scoring/scorerun/add/").status_code == 403
    assert personas.office.get("/admin/reporting/report/").status_code == 403


def test_it_answers_again_when_a_logins_role_changes_in_place(users, district):
    """A login remembers its answers without an object (the menu asks them on every
    page), keyed by its role and unit: a changed role is asked afresh, unsaved too."""
    user = users["reporter_a"]
    assert user.has_perm("reporting.fill_report") and not user.has_perm("reporting.review_reports")
    user.give_role(Role.OFFICE)
    assert user.has_perm("reporting.review_reports") and not user.has_perm("reporting.fill_report")
    user.give_role(Role.REPORTER)
    user.unit = None
    assert not user.has_perm("reporting.fill_report")
