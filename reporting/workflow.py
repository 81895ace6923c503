"""The reporting workflow's vocabulary: its steps as the change log names them, and the
errors its services raise (with Chinese messages for the page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:  # annotations only
    from .models import Report


class Step(TextChoices):
    """Workflow steps, stored in the report history row's ``step`` (操作): the stored
    value stays Chinese whatever the language (the change log filters on it), the label
    is what pages show. A reason typed with the step is in ``history_change_reason``."""

    SAVE = "保存", pgettext_lazy("change log", "保存")
    SUBMIT = "报送", pgettext_lazy("change log", "报送")
    APPROVE = "单位审核通过", pgettext_lazy("change log", "单位审核通过")
    HEAD_RETURN = "单位退回", pgettext_lazy("change log", "单位退回")
    RETURN = "退回", pgettext_lazy("change log", "退回")
    ACCEPT = "审核通过", pgettext_lazy("change log", "审核通过")
    REOPEN = "重新打开", pgettext_lazy("change log", "重新打开")
    ATTACH = "上传佐证材料", pgettext_lazy("change log", "上传佐证材料")
    DETACH = "删除佐证材料", pgettext_lazy("change log", "删除佐证材料")


class LoadStep(TextChoices):
    """Steps of report history rows written by bulk loads rather than the workflow."""

    IMPORT = "台账导入", pgettext_lazy("change log", "台账导入")
    DEMO = "演示数据", pgettext_lazy("change log", "演示数据")


# Every value a report history row's step may hold ("" for rows written outside a step).
HISTORY_STEPS = [*Step.choices, *LoadStep.choices]
_STEP_LABELS = dict(HISTORY_STEPS)


def step_label(step: str, reason: str | None = "") -> str:
    """A report history row's step as a page shows it: the step's label in the current
    language, followed by the reason as it was typed ("退回：理由"). A row without a
    step shows its reason as stored."""
    if not step:
        return reason or ""
    label = _STEP_LABELS.get(step, step)
    if not reason:
        return str(label)
    return _("%(step)s：%(reason)s") % {"step": label, "reason": reason}


class WorkflowError(Exception):
    """A refused step; ``message`` is shown to the user, ``field_errors`` next to fields."""

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = dict(field_errors or {})


class NeedsConfirmation(WorkflowError):
    """A submission the reporter must confirm first: ``asks`` names what (codes of
    reporting.services.CONFIRMATIONS or plausibility flags); the text is next to fields."""

    def __init__(
        self, message: str, field_errors: Mapping[str, str] | None = None, asks=()
    ) -> None:
        super().__init__(message, field_errors)
        self.asks = list(asks)


class AlreadySubmitted(WorkflowError):
    """A second submit of the same report (a double click): nothing to do."""


class StaleReport(WorkflowError):
    """Someone saved the report after this user loaded it; ``current`` holds the newer values."""

    def __init__(self, current: Report):
        who = current.updated_by or "—"
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(
            _("该月报已被 %(who)s 于 %(when)s 修改，您的修改未保存。请核对下方的最新内容后再保存。")
            % {"who": who, "when": when}
        )
        self.current = current
