"""Writes the demo district (演示数据) into the database, idempotently.

Everything is keyed like the ledger import: units, actions and items by code, officials
by name, months by (year, number), reports by (item, month), bonus/penalty points by
(unit, month, reason). Existing rows are read once, compared in memory and only the
differences are written in bulk, so a rerun — it runs on every app start — writes
next to nothing and never duplicates a row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Role, User, role_flags
from accounts.services import create_user
from actions.models import Action, Direction, Item, Official, PlanYear, Unit
from meetings.models import NoticeLetterhead
from reporting.models import (
    BonusPenalty,
    Month,
    MonthState,
    Report,
    ReportState,
    default_deadline,
    load_history,
    parse_month_label,
)
from reporting.workflow import LoadStep
from scoring.services import compute_month, publish_month

from .district import (
    ACTIONS,
    BONUSES,
    DEMO_MAIL_DOMAIN,
    DEMO_PASSWORD,
    DISTRICT_NAME,
    LOGINS,
    OFFICIALS,
    UNITS,
    LoginSpec,
    UnitSpec,
)
from .items import ITEMS, ItemSpec
from .last_year import LAST_YEAR, LAST_YEAR_ITEMS, LAST_YEAR_MONTHS
from .reports import REPORTED_MONTHS, YEAR, build_reports, fmt

DEMO_MONTHS = (1, 2, 3, 4)  # 2022-04 is open with no report yet
# For publish_demo_months(): all of last year, and this year's January and February.
PUBLISHED_DEMO_MONTHS = (
    *(f"{LAST_YEAR}-{number:02d}" for number in LAST_YEAR_MONTHS),
    "2022-01",
    "2022-02",
)
CHANGE_REASON = "演示数据"
UNIT_SPECS = {unit.code: unit for unit in UNITS}


@transaction.atomic
def load_demo_district() -> dict[str, int]:
    """Create or refresh the demo district; returns the number of demo rows of each kind."""
    units = _upsert(Unit, "code", [_unit_row(u) for u in UNITS])
    officials = _upsert(Official, "name", [{"name": n, "title": t} for n, t in OFFICIALS.items()])
    users = _ensure_logins()
    last_items = _load_plan(LAST_YEAR, LAST_YEAR_ITEMS, officials, units)
    items = _load_plan(YEAR, ITEMS, officials, units)
    last_months = _ensure_months(LAST_YEAR, LAST_YEAR_MONTHS)
    months = _ensure_months(YEAR, DEMO_MONTHS)
    reports = _upsert_reports(LAST_YEAR, LAST_YEAR_ITEMS, last_items, units, last_months, users)
    reports += _upsert_reports(YEAR, ITEMS, items, units, months, users)
    bonuses = _upsert_bonuses(units, months, users["kaohe"])
    publish_demo_months([*last_months.values(), *months.values()])
    _ensure_letterhead()
    return {
        "units": len(units),
        "officials": len(officials),
        "actions": len(ACTIONS),
        "items": len(items),
        "last_year_items": len(last_items),
        "months": len(months) + len(last_months),
        "reports": reports,
        "bonuses": bonuses,
        "logins": len(users),
    }


def _ensure_letterhead() -> None:
    """The 通报's 版头 and 版记 as the district's office would set them; an office's own
    later edit is kept when the demo is loaded again."""
    NoticeLetterhead.objects.get_or_create(
        pk=1,
        defaults={
            "issuer": f"{DISTRICT_NAME}晒比会办公室",
            "prefix": "莲考办",
            "copy_to": "区委、区人大常委会、区政府、区政协领导，各区级部门",
        },
    )


def _load_plan(year: int, specs, officials, units) -> dict[str, Item]:
    """The plan of a year (年度计划): its eight actions and its items, by code."""
    plan_year, _ = PlanYear.objects.get_or_create(year=year)
    actions = _upsert(
        Action,
        "code",
        [
            {
                "plan_year_id": plan_year.pk,
                "code": a.code,
                "name": a.name,
                "leader_id": officials[a.leader].pk,
                "lead_unit_id": units[a.lead_unit].pk,
                "order": position,  # the plan's order, as listed
            }
            for position, a in enumerate(ACTIONS, start=1)
        ],
        scope={"plan_year": plan_year},
    )
    items = _upsert(
        Item,
        "code",
        [_item_row(s, actions, officials, units) | {"plan_year_id": plan_year.pk} for s in specs],
        history=True,
        scope={"plan_year": plan_year},
    )
    _sync_co_units(specs, items, units)
    return items


def publish_demo_months(months: Iterable[Month]) -> None:
    """Hook, run last: publish PUBLISHED_DEMO_MONTHS through scoring.services.publish_month.

    A month already published is left alone (a rerun never makes a correction); the
    other demo months get a fresh preview so leaders see the live, unpublished boards.
    """
    for month in sorted(months, key=lambda m: (m.year, m.number)):
        if month.label in PUBLISHED_DEMO_MONTHS:
            if month.state != MonthState.PUBLISHED:
                publish_month(month.label, reason=CHANGE_REASON, announce=False)
        elif month.reports.exists():
            compute_month(month)


def _ensure_logins() -> dict[str, User]:
    """Create the demo logins through create_user; a rerun only resets their passwords.

    create_user hashes the password once per login (about half a second each): a login
    that is already as specified gets the demo password back with one shared hash.
    """
    users = User.objects.select_related("unit", "official").in_bulk(
        [login.username for login in LOGINS], field_name="username"
    )
    reset = []
    for login in LOGINS:
        user = users.get(login.username)
        if user is not None and _is_as_specified(user, login):
            reset.append(user.pk)
            continue
        users[login.username] = create_user(
            login.username,
            role=login.role,
            password=DEMO_PASSWORD,
            unit_code=login.unit_code,
            display_name=login.display_name,
            official_name=login.official,
            replace=True,
        )
    if reset:
        User.objects.filter(pk__in=reset).update(password=make_password(DEMO_PASSWORD))
    return users


def _is_as_specified(user: User, login: LoginSpec) -> bool:
    if (user.role, user.display_name) != (login.role, login.display_name):
        return False
    if (user.official.name if user.official else "") != login.official:
        return False
    if (user.unit.code if user.unit else None) != login.unit_code:
        return False
    flags = role_flags(login.role)
    return (user.is_staff, user.is_superuser) == (flags["is_staff"], flags["is_superuser"])


def _unit_row(spec: UnitSpec) -> dict:
    # Every demo unit has a contact (联系人) with an e-mail address, so a 催报 shows
    # e-mail deliveries in the log (printed by the console backend unless one is set).
    number = UNITS.index(spec) + 1
    return {
        "code": spec.code,
        "name": spec.name,
        "group": spec.group,
        "contact_name": f"{spec.name}联络员",
        "contact_mobile": f"1385780{number:04d}",
        "contact_email": f"{spec.code.lower()}@{DEMO_MAIL_DOMAIN}",
    }


def _item_row(spec: ItemSpec, actions, officials, units) -> dict:
    unit = UNIT_SPECS[spec.lead]
    return {
        "code": spec.code,
        "name": spec.name,
        "action_id": actions[spec.action_code].pk,
        "kind": spec.kind,
        "level": spec.level,
        "responsible_official_id": officials[spec.official or unit.overseer].pk,
        "responsible_person": unit.head,
        "lead_unit_id": units[spec.lead].pk,
        "cadence": spec.cadence,
        "deadline": spec.deadline,
        "target": spec.target,
        "measure_unit": spec.measure,
        "direction": spec.direction,
        "cumulative": spec.cumulative,
        "standard": spec.standard or _standard(spec),
        "weight": spec.weight,
    }


def _standard(spec: ItemSpec) -> str:
    """The 定性 standard when the spec gives none: what "done" means for the item."""
    if spec.deadline is not None:
        return f"{spec.deadline.year}年{spec.deadline.month}月底前完成，按月推进节点不滞后"
    if spec.cumulative:
        return f"全年完成{fmt(spec.target)}{spec.measure}，按序时进度推进"
    word = "不高于" if spec.direction == Direction.NEGATIVE else "不低于"
    return f"全年{word}{fmt(spec.target)}{spec.measure}"


def _upsert(
    model: type[models.Model],
    key: str,
    rows: list[dict],
    *,
    history: bool = False,
    scope: dict | None = None,
):
    """Insert missing rows and update changed ones, keyed by a field unique within `scope`
    (a plan year for actions and items); {key: object}."""
    existing = {
        getattr(obj, key): obj
        for obj in model.objects.filter(**(scope or {}), **{f"{key}__in": [r[key] for r in rows]})
    }
    created, changed, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            created.append(model(**row))
            continue
        diff = _apply(obj, row)
        if diff:
            changed.append(obj)
            fields |= diff
    _write(model, created, changed, fields, history)
    return {getattr(obj, key): obj for obj in [*existing.values(), *created]}


def _apply(obj: models.Model, row: dict) -> set[str]:
    diff = {field for field, value in row.items() if getattr(obj, field) != value}
    for field in diff:
        setattr(obj, field, row[field])
    return diff


def _write(model, created: list, changed: list, fields: Iterable[str], history: bool) -> None:
    fields = sorted(fields)
    if history:
        if created:
            bulk_create_with_history(created, model, **load_history(model, LoadStep.DEMO))
        if changed:
            bulk_update_with_history(changed, model, fields, **load_history(model, LoadStep.DEMO))
        return
    if created:
        model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, fields)


def _sync_co_units(specs, items: dict[str, Item], units: dict[str, Unit]) -> None:
    """Make each demo item's cooperating units (配合单位) exactly those of its spec."""
    through = Item.co_units.through
    wanted = {(items[spec.code].pk, units[code].pk) for spec in specs for code in spec.co}
    rows = through.objects.filter(item_id__in=[i.pk for i in items.values()])
    have = {(r.item_id, r.unit_id): r.pk for r in rows}
    extra = [pk for pair, pk in have.items() if pair not in wanted]
    if extra:
        through.objects.filter(pk__in=extra).delete()
    missing = wanted - have.keys()
    if missing:
        through.objects.bulk_create(
            [through(item_id=item_id, unit_id=unit_id) for item_id, unit_id in sorted(missing)]
        )


def _ensure_months(year: int, numbers: Iterable[int]) -> dict[int, Month]:
    """Create the demo months that do not exist; an existing month keeps its state."""
    numbers = list(numbers)
    existing = {m.number: m for m in Month.objects.filter(year=year, number__in=numbers)}
    created = [
        Month(
            year=year,
            number=number,
            state=MonthState.OPEN,
            deadline=default_deadline(year, number),
        )
        for number in numbers
        if number not in existing
    ]
    if created:
        created = bulk_create_with_history(created, Month, **load_history(Month, LoadStep.DEMO))
    return existing | {m.number: m for m in created}


def _upsert_reports(year: int, specs, items, units, months, users) -> int:
    """Create the demo reports; refresh one only while nobody has worked on it.

    A report at version 1 in an unpublished month is still exactly what the demo
    wrote; once the workflow saved it (version > 1) or its month is published, it
    belongs to the people using the demo and is left alone.
    """
    unit_names = {code: unit.name for code, unit in units.items()}
    reporters = {u.unit.code: u for u in users.values() if u.role == Role.REPORTER}
    office = users["kaohe"]
    existing = {
        (r.item_id, r.month_id): r
        for r in Report.objects.filter(
            item_id__in=[i.pk for i in items.values()],
            month_id__in=[m.pk for m in months.values()],
        )
    }
    created, changed, fields, total = [], [], set(), 0
    reported = LAST_YEAR_MONTHS if year == LAST_YEAR else REPORTED_MONTHS
    for spec in specs:
        item = items[spec.code]
        fix_units = "、".join(unit_names[code] for code in (spec.lead, *spec.co))
        reporter = reporters.get(spec.lead)
        for number, figures in build_reports(spec, fix_units, year, reported).items():
            month = months[number]
            row = figures | {
                "item_id": item.pk,
                "month_id": month.pk,
                "state": ReportState.ACCEPTED,
                "submitted_by_id": reporter.pk if reporter else None,
                "accepted_by_id": office.pk,
            }
            total += 1
            report = existing.get((item.pk, month.pk))
            if report is None:
                created.append(Report(**row))
            elif report.version == 1 and month.state != MonthState.PUBLISHED:
                diff = _apply(report, row)
                if diff:
                    changed.append(report)
                    fields |= diff
    _write(Report, created, changed, fields, history=True)
    return total


def _upsert_bonuses(units, months, office: User) -> int:
    for spec in BONUSES:
        unit, month = units[spec.unit], months[parse_month_label(spec.month)[1]]
        bonus, created = BonusPenalty.objects.get_or_create(
            unit=unit,
            month=month,
            reason=spec.reason,
            defaults={"points": spec.points, "created_by": office},
        )
        if not created and bonus.points != spec.points and month.state != MonthState.PUBLISHED:
            bonus.points = spec.points
            bonus.save(update_fields=["points"])
    return len(BONUSES)
