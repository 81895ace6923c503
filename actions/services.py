"""Writes of the plan: carrying a year's plan over into the next (结转) and setting the
new year's targets. Each runs in one transaction and tells the layers above through
`plan_changed`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Action, Item, PlanYear, Unit, UnitGroupInYear
from .signals import plan_changed

CARRY_OVER_REASON = "结转"
# A unit's contact and work group robot, as the office edits them (联系人与工作群).
CONTACT_FIELDS = [
    "contact_name",
    "contact_mobile",
    "contact_email",
    "robot_webhook",
    "robot_secret",
]
TARGETS_REASON = "年度目标值"


class PlanError(ValueError):
    """A plan change that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class CarryOver:
    """What a carry-over did: the next year, and how many actions and items it copied
    (those already in the next year's plan are left as they are)."""

    year: int
    actions: int
    items: int
    already: int


def _next_year_date(value: datetime.date | None, years: int) -> datetime.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def carry_over_plan(from_year: int, codes: Iterable[str] | None = None, user=None) -> CarryOver:
    """Copy the plan of `from_year` into the next year (结转): its actions and its items
    (all, or those of `codes`) with every 五定 field, deadlines a year later. An action
    or item whose code the next year already has is left as it is, so running it again
    copies nothing twice. The targets are last year's until the office edits them."""
    source = PlanYear.objects.filter(year=from_year).first()
    if source is None:
        raise PlanError(_("%(year)s 年度没有计划，无法结转") % {"year": from_year})
    items = list(
        Item.objects.filter(plan_year=source).select_related("action").prefetch_related("co_units")
    )
    if codes is not None:
        wanted = set(codes)
        items = [item for item in items if item.code in wanted]
        if not items:
            raise PlanError(_("请至少选择一个事项"))
    target, _created = PlanYear.objects.get_or_create(year=from_year + 1)
    years = target.year - source.year

    actions = {a.code: a for a in Action.objects.filter(plan_year=target)}
    new_actions = [
        Action(
            plan_year=target,
            code=action.code,
            name=action.name,
            leader_id=action.leader_id,
            lead_unit_id=action.lead_unit_id,
            order=action.order,
        )
        for action in Action.objects.filter(plan_year=source).order_by("order", "code")
        if action.code not in actions
    ]
    for action in Action.objects.bulk_create(new_actions):
        actions[action.code] = action

    present = set(Item.objects.filter(plan_year=target).values_list("code", flat=True))
    copies, co_units = [], {}
    for item in items:
        if item.code in present:
            continue
        copy = Item(
            plan_year=target,
            action=actions[item.action.code],
            deadline=_next_year_date(item.deadline, years),
            **{name: getattr(item, name) for name in COPIED_FIELDS},
        )
        copies.append(copy)
        co_units[item.code] = [unit.pk for unit in item.co_units.all()]
    if copies:
        copies = bulk_create_with_history(
            copies, Item, default_user=user, default_change_reason=CARRY_OVER_REASON
        )
        stored = dict(
            Item.objects.filter(plan_year=target, code__in=co_units).values_list("code", "pk")
        )
        through = Item.co_units.through
        through.objects.bulk_create(
            [
                through(item_id=stored[code], unit_id=unit_id)
                for code, unit_ids in co_units.items()
                for unit_id in unit_ids
            ]
        )
    transaction.on_commit(lambda: plan_changed.send(sender=Item, year=target.year))
    return CarryOver(
        year=target.year,
        actions=len(new_actions),
        items=len(copies),
        already=len(items) - len(copies),
    )


COPIED_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "responsible_official_id",
    "responsible_person",
    "lead_unit_id",
    "cadence",
    "target",
    "measure_unit",
    "direction",
    "cumulative",
    "standard",
    "weight",
)


@transaction.atomic
def set_targets(year: int, targets: Mapping[int, Decimal | None], user=None) -> int:
    """Set the targets (目标值) of the plan of `year`, {item id: target}; ids of another
    year are refused. Returns how many changed."""
    items = {item.pk: item for item in Item.objects.of_year(year).filter(pk__in=list(targets))}
    if len(items) != len(targets):
        raise PlanError(_("只能修改 %(year)s 年度的事项") % {"year": year})
    changed = []
    for pk, value in targets.items():
        item = items[pk]
        if item.target != value:
            item.target = value
            changed.append(item)
    if changed:
        bulk_update_with_history(
            changed,
            Item,
            ["target"],
            default_user=user,
            default_change_reason=TARGETS_REASON,
        )
        transaction.on_commit(lambda: plan_changed.send(sender=Item, year=year))
    return len(changed)


def set_unit_group(unit: Unit, year: int, group: str) -> bool:
    """Put `unit` in `group` for plan year `year` (a ledger of that year says so) without
    moving it in any other year: the other planned years first keep the group the unit
    has now, then the unit takes the new one. Returns whether anything changed."""
    kept = {g.year: g for g in UnitGroupInYear.objects.filter(unit=unit)}
    if year in kept:
        if kept[year].group == group:
            return False
        kept[year].group = group
        kept[year].save(update_fields=["group"])
        return True
    if unit.group == group:
        return False
    others = (
        PlanYear.objects.exclude(year=year).exclude(year__in=kept).values_list("year", flat=True)
    )
    UnitGroupInYear.objects.bulk_create(
        UnitGroupInYear(unit=unit, year=other, group=unit.group) for other in others
    )
    unit.group = group
    unit.save(update_fields=["group"])
    return True


@transaction.atomic
def change_unit_group(unit: Unit, year: int, group: str) -> bool:
    """The office puts a unit in another group (分组) from plan year `year` on: the unit
    moves in that year only (set_unit_group), and that year's previews are rescored.
    Returns whether anything changed."""
    changed = set_unit_group(unit, year, group)
    if changed:
        transaction.on_commit(lambda: plan_changed.send(sender=Unit, year=year))
    return changed


@transaction.atomic
def set_action_order(action: Action, order: int) -> bool:
    """Put an action at `order` in its plan's order (行动顺序), which the boards, the big
    screen and the workbook follow; its year's previews are rescored. Returns whether
    the order changed."""
    changed = Action.objects.filter(pk=action.pk).exclude(order=order).update(order=order)
    action.order = order
    if changed:
        year = action.plan_year.year
        transaction.on_commit(lambda: plan_changed.send(sender=Action, year=year))
    return bool(changed)


def update_unit_contacts(unit: Unit, changes: Mapping[str, str]) -> Unit:
    """Save a unit's contact (联系人) and work group robot (工作群机器人) as the office
    edited them. An empty secret keeps the saved one while the webhook stays; a unit
    without a webhook keeps no secret."""
    values = {name: (changes.get(name) or "").strip() for name in CONTACT_FIELDS}
    if not values["robot_secret"] and values["robot_webhook"] == unit.robot_webhook:
        values["robot_secret"] = unit.robot_secret
    if not values["robot_webhook"]:
        values["robot_secret"] = ""
    with transaction.atomic():
        for name, value in values.items():
            setattr(unit, name, value)
        unit.save(update_fields=CONTACT_FIELDS)
    return unit
