"""Who may do what, in one place: named predicates and the permissions
built from them, registered with django-rules.

Everything asks these permissions through Django's own API: views through
`accounts.access.permission_required`, services through `may()`, templates through
`{% load rules %}{% has_perm 'reporting.review_reports' user as can_review %}`, and the
admin through its `has_*_permission` (the model permissions below). A permission is named
by what it allows; the object, where there is one, is an item, a report or an
assignment, and the permission asked without an object means "may do this to some".

The system itself — a management command, a Celery task, the demo loader — acts as the
office and has no login: it passes `user=None` to the services, and `may()` is the one
place that lets None through. Views always pass the request's user (AnonymousUser when
logged out), never None.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Role

# --- Predicates -------------------------------------------------------------------------
# Roles are facts of the login (accounts.models.User); the predicates add "logged in".


@rules.predicate
def is_office(user) -> bool:
    """考核办 (and the system administrator and superusers, who can do what it does)."""
    return user.is_authenticated and user.is_office


@rules.predicate
def is_admin(user) -> bool:
    """系统管理员: the Django admin's users."""
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


@rules.predicate
def is_leader(user) -> bool:
    return user.is_authenticated and user.is_leader


@rules.predicate
def sees_district(user) -> bool:
    """Leaders and the office read the whole district, published or not."""
    return user.is_authenticated and user.sees_district


@rules.predicate
def is_unit_member(user) -> bool:
    """A reporter (填报员) or unit head (单位负责人) of some unit."""
    return user.is_authenticated and user.is_unit_member


@rules.predicate
def is_unit_head(user) -> bool:
    return is_unit_member(user) and user.role == Role.UNIT_HEAD


@rules.predicate
def no_object(user, obj) -> bool:
    """Asked without an object: "may do this to some"; the object check comes later."""
    return obj is None


def unit_id_of(obj: Any) -> int | None:
    """The unit that answers for an item (its lead unit), a report (its item's lead
    unit) or an assignment (its responsible unit)."""
    for name in ("lead_unit_id", "responsible_unit_id"):
        if hasattr(obj, name):
            return getattr(obj, name)
    item = getattr(obj, "item", None)
    return item.lead_unit_id if item is not None else None


@rules.predicate
def member_of_item_unit(user, item) -> bool:
    """The login belongs to the unit that answers for the item, report or assignment."""
    return item is not None and is_unit_member(user) and user.unit_id == unit_id_of(item)


@rules.predicate
def head_of_item_unit(user, item) -> bool:
    return is_unit_head(user) and member_of_item_unit(user, item)


# Leaders comment and assign; the office does so on a leader's behalf.
may_comment = is_leader | is_office

# --- Permissions -------------------------------------------------------------------------

PERMISSIONS = {
    # The monthly cycle (月报流程)
    "reporting.open_month": is_office,
    "reporting.close_month": is_office,
    "reporting.review_reports": is_office,  # accept, return, reopen; the 未报送 list
    "reporting.fill_report": is_unit_member & (no_object | member_of_item_unit),
    "reporting.approve_report": is_unit_head & (no_object | head_of_item_unit),
    "reporting.return_report": is_office | (is_unit_head & (no_object | head_of_item_unit)),
    "reporting.read_district": sees_district,  # every unit's reports and items
    "reporting.manage_bonuses": is_office,
    "reporting.import_ledger": is_office,
    # Boards (榜单)
    "scoring.read_preview": sees_district,
    "scoring.publish_month": is_office,
    "scoring.rescore_month": is_office,
    # The meeting (晒比会)
    "meetings.read_meeting": sees_district,  # the meeting page, rating screens
    "meetings.comment": may_comment,
    "meetings.assign": may_comment,
    "meetings.read_assignments": sees_district | is_unit_member,
    "meetings.report_progress": is_unit_member & (no_object | member_of_item_unit),
    "meetings.close_assignment": is_office,  # close (销号) or return
    "meetings.run_rating": is_office,
    "meetings.export_district": sees_district,
    "meetings.export_unit": is_unit_member,
    "meetings.edit_notice": is_office,  # the month's 通报
    # 浙政钉
    "zzd.link_accounts": is_office,  # link logins to 浙政钉 accounts
}
# The Django admin asks model permissions ("app.verb_model") and, for its index, the app
# label: the office keeps the plan (五定), the reminder schedule and the login lockouts
# (axes: deleting an attempt unlocks), the administrator the logins; the office reads
# score runs, comments and ratings, which no one edits there.
EDITABLE_IN_ADMIN = {
    "actions": (is_office, ("unit", "official", "planyear", "action", "item")),
    "django_celery_beat": (
        is_office,
        ("periodictask", "crontabschedule", "intervalschedule", "clockedschedule", "solarschedule"),
    ),
    "axes": (is_office, ("accessattempt", "accesslog", "accessfailurelog")),
    "accounts": (is_admin, ("user",)),
}
READ_ONLY_IN_ADMIN = {
    "scoring": ("scorerun", "itemresult", "unitresult", "actionresult"),
    "meetings": ("comment", "assignment", "ratingsession", "vote"),
}
for _app, (_predicate, _models) in EDITABLE_IN_ADMIN.items():
    PERMISSIONS[_app] = _predicate
    for _model in _models:
        for _verb in ("view", "add", "change", "delete"):
            PERMISSIONS[f"{_app}.{_verb}_{_model}"] = _predicate
for _app, _models in READ_ONLY_IN_ADMIN.items():
    PERMISSIONS[_app] = is_office
    for _model in _models:
        PERMISSIONS[f"{_app}.view_{_model}"] = is_office

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)


# What the system (user=None) may do: exactly what only the office may.
SYSTEM_PERMISSIONS = frozenset(name for name, pred in PERMISSIONS.items() if pred is is_office)


def may(user, perm: str, obj: Any = None) -> bool:
    """Whether `user` may do `perm` (to `obj`). `user=None` is the system acting as the
    office (see the module's docstring) — the only place None is let through, and only
    to the office's own permissions (a command never fills a unit's report)."""
    if user is None:
        return perm in SYSTEM_PERMISSIONS
    return user.has_perm(perm, obj)
