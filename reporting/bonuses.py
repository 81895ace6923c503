"""Writes of 加减分 (bonus and penalty points): add, change, delete.

The office's page, the on-site rating's bonus and tests all go through these. Each is one
transaction that records django-simple-history (who, and for a change or a deletion,
why) and tells scoring the month's inputs changed, so the preview is rescored after
commit. A published month's 加减分 may still change: that is a correction, which the
office then republishes as a new revision.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from actions.models import Unit

from .models import BonusPenalty, Month, MonthState, reason_errors
from .numbers import NotANumber, parse_number
from .services import _queue_rescore, _require
from .workflow import WorkflowError

MAX_POINTS = Decimal(100)
REASON_LENGTH = BonusPenalty._meta.get_field("reason").max_length
CENT = Decimal("0.01")


def is_correction(month: Month) -> bool:
    """Whether changing this month's 加减分 corrects published figures (更正发布)."""
    return month.state == MonthState.PUBLISHED


def add_bonus(
    unit: Unit, month: Month, points, reason: str, user: User | None, *, rescore: bool = True
) -> BonusPenalty:
    """Add points (negative for a penalty) to the unit's 区级综合评价 score of the month.
    `rescore=False` leaves telling scoring to a caller that adds many at once."""
    _require(user, "reporting.manage_bonuses")
    points, reason = _clean(points, reason)
    with transaction.atomic():
        month = _lock_month(month)
        bonus = BonusPenalty(unit=unit, month=month, points=points, reason=reason, created_by=user)
        bonus._history_user = user
        try:
            with transaction.atomic():
                bonus.save()
        except IntegrityError:
            raise _duplicate(unit, month) from None
        if rescore:
            _queue_rescore(month)
    return bonus


def change_bonus(
    bonus: BonusPenalty, user: User | None, *, points, reason: str, why: str
) -> BonusPenalty:
    """Change a 加减分's points or reason; `why` (修改原因) is kept in its history."""
    _require(user, "reporting.manage_bonuses")
    points, reason = _clean(points, reason)
    why = _why(why)
    with transaction.atomic():
        bonus = BonusPenalty.objects.select_for_update().select_related("unit").get(pk=bonus.pk)
        month = _lock_month(bonus.month_id)
        if (bonus.points, bonus.reason) == (points, reason):
            raise WorkflowError(_("分值和事由都没有变化"))
        bonus.points, bonus.reason = points, reason
        bonus._history_user, bonus._change_reason = user, why
        try:
            with transaction.atomic():
                bonus.save()
        except IntegrityError:
            raise _duplicate(bonus.unit, month) from None
        _queue_rescore(month)
    return bonus


def delete_bonus(bonus: BonusPenalty, user: User | None, why: str) -> None:
    """Delete a 加减分; its history keeps the deletion with who and why."""
    _require(user, "reporting.manage_bonuses")
    why = _why(why, _("删除原因"))
    with transaction.atomic():
        bonus = BonusPenalty.objects.select_for_update().get(pk=bonus.pk)
        month = _lock_month(bonus.month_id)
        bonus._history_user, bonus._change_reason = user, why
        bonus.delete()
        _queue_rescore(month)


def _lock_month(month: Month | int) -> Month:
    """The month, locked against a concurrent publish. Open, closed and published months
    all take 加减分; on a published one it is a correction (see is_correction)."""
    pk = month if isinstance(month, int) else month.pk
    return Month.objects.select_for_update().get(pk=pk)


def _clean(points, reason: str) -> tuple[Decimal, str]:
    errors = {}
    try:
        # Typed the way every number is read (reporting.numbers): ２, +1.5, never 1e1.
        value = points if isinstance(points, Decimal) else parse_number(str(points))
    except NotANumber:
        value = None
    if value is None or not value.is_finite():
        errors["points"] = _("请输入有效的分值")
    elif value == 0:
        errors["points"] = _("分值不能为 0")
    elif value != value.quantize(CENT):
        errors["points"] = _("分值最多保留两位小数")
    elif abs(value) > MAX_POINTS:
        errors["points"] = _("分值须在 -100 到 100 之间")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请填写事由")
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = _("事由不能超过 %(n)s 个字") % {"n": REASON_LENGTH}
    if errors:
        raise WorkflowError(next(iter(errors.values())), errors)
    return value.quantize(CENT), reason


def _why(why: str, label=None) -> str:
    """The reason typed for a change or deletion, named by `label` (修改原因 or 删除原因)
    when it is missing or too long."""
    label = label or _("修改原因")
    why = (why or "").strip()
    if not why:
        message = _("请填写%(label)s") % {"label": label}
        raise WorkflowError(message, {"why": message})
    if message := reason_errors(why, label):
        raise WorkflowError(message, {"why": message})
    return why


def _duplicate(unit: Unit, month: Month) -> WorkflowError:
    message = _("%(unit)s 在 %(label)s 已有同一事由的加减分") % {
        "unit": unit,
        "label": month.label,
    }
    return WorkflowError(message, {"reason": message})
