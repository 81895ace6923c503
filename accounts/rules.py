"""Who may do what: the named predicates, and the one registry of the permissions built
from them (django-rules). Each app declares its permissions in its own rules.py with
`declare()`; this module declares the accounts' and the admin's.

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
# Each app declares its own in its rules.py (reporting, scoring, meetings), which
# django-rules' AutodiscoverRulesConfig imports when the apps are ready; this one holds
# the accounts' own and the admin's for the apps below accounts (actions) and for the
# outside apps. All of them end up here, in PERMISSIONS.

PERMISSIONS: dict[str, Any] = {}
# What the system (user=None) may do: exactly what only the office may.
SYSTEM_PERMISSIONS: set[str] = set()


def declare(permissions: dict[str, Any]) -> None:
    """Register an app's permissions (name → predicate) with django-rules."""
    for name, predicate in permissions.items():
        rules.set_perm(name, predicate)
        PERMISSIONS[name] = predicate
        if predicate is is_office:
            SYSTEM_PERMISSIONS.add(name)
        else:
            SYSTEM_PERMISSIONS.discard(name)


def admin_permissions(app: str, predicate, models: tuple[str, ...], *, verbs=None) -> dict:
    """The Django admin asks model permissions ("app.verb_model") and, for its index, the
    app label: `predicate` may do `verbs` (all four by default) to `models`."""
    verbs = verbs or ("view", "add", "change", "delete")
    permissions = {app: predicate}
    for model in models:
        for verb in verbs:
            permissions[f"{app}.{verb}_{model}"] = predicate
    return permissions


# The office keeps the plan (五定), the reminder schedule and the login lockouts (axes:
# deleting an attempt unlocks), the administrator the logins.
declare(admin_permissions("actions", is_office, ("unit", "official", "planyear", "action", "item")))
declare(
    admin_permissions(
        "django_celery_beat",
        is_office,
        ("periodictask", "crontabschedule", "intervalschedule", "clockedschedule", "solarschedule"),
    )
)
declare(admin_permissions("axes", is_office, ("accessattempt", "accesslog", "accessfailurelog")))
declare(admin_permissions("accounts", is_admin, ("user",)))


def may(user, perm: str, obj: Any = None) -> bool:
    """Whether `user` may do `perm` (to `obj`). `user=None` is the system acting as the
    office (see the module's docstring) — the only place None is let through, and only
    to the office's own permissions (a command never fills a unit's report)."""
    if user is None:
        return perm in SYSTEM_PERMISSIONS
    return user.has_perm(perm, obj)
