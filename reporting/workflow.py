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
    """Workflow steps, stored as the history row's change reason (操作): the stored value
    stays Chinese whatever the language (the change log filters on it), the label is
    what pages show."""

    SAVE = "保存", pgettext_lazy("change log", "保存")
    SUBMIT = "报送", pgettext_lazy("change log", "报送")
    APPROVE = "单位审核通过", pgettext_lazy("change log", "单位审核通过")
    HEAD_RETURN = "单位退回", pgettext_lazy("change log", "单位退回")
    RETURN = "退回", pgettext_lazy("change log", "退回")
    ACCEPT = "审核通过", pgettext_lazy("change log", "审核通过")
    REOPEN = "重新打开", pgettext_lazy("change log", "重新打开")


# Change reasons written by bulk loads rather than by a workflow step.
OTHER_CHANGE_REASONS = {
    "台账导入": pgettext_lazy("change log", "台账导入"),
    "演示数据": pgettext_lazy("change log", "演示数据"),
}


def change_reason_label(reason: str | None) -> str:
    """A report history row's stored reason as a page shows it: "退回：理由" becomes the
    step's label in the current language, followed by the reason as it was typed."""
    if not reason:
        return ""
    step, colon, typed = reason.partition("：")
    if step not in Step.values:
        return str(OTHER_CHANGE_REASONS.get(reason, reason))
    label = Step(step).label
    if not colon:
        return str(label)
    return _("%(step)s：%(reason)s") % {"step": label, "reason": typed}


class WorkflowError(Exception):
    """A refused step; ``message`` is shown to the user, ``field_errors`` next to fields."""

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = dict(field_errors or {})


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
