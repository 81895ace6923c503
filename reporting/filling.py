"""Saving the fill page (本月填报) as one step: every posted item's draft saved, and the
ones asked for submitted, in one transaction, or nothing at all.

The page's forms (reporting.forms.ReportForm) carry what was typed; a refusal is put
next to its item (form errors, `asks`, the newer values of a stale report) and the
whole page rolls back, so the reporter corrects it and saves again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from . import queries, services
from .models import Month
from .workflow import WorkflowError


@dataclass
class FillResult:
    """What a save of the fill page did: `done` False when nothing was saved (the forms
    say why), else the counts and the items 全部报送 passed by as not filled."""

    done: bool
    invalid: bool = False  # a form did not validate
    repeated: bool = False  # the item was submitted already (a double click on 报送)
    saved: int = 0
    submitted: int = 0
    already: int = 0  # submitted before (a double click)
    skipped: list[str] = field(default_factory=list)


def to_submit(action: str, forms: list) -> set[int]:
    """The items the page's button submits: every posted one (全部报送), one (报送), or
    none (保存)."""
    if action == "submit_all":
        return {form.item.pk for form in forms}
    if action.startswith("submit:") and action[7:].isdigit():
        return {int(action[7:])}
    return set()


def save_fill_page(user, month: Month, forms: list, action: str, data) -> FillResult:
    """Save (and submit, as `action` asks) the bound forms of the fill page in one
    transaction. `data` is the page's POST copy: a stale report's version is set there
    to the newer one, so that saving again deliberately replaces the values shown."""
    submitting = to_submit(action, forms)
    if submitting and not any(form.item.pk in submitting for form in forms):
        # Typically a double click on 报送: the first click already did it.
        return FillResult(done=True, repeated=True)
    if not all([form.is_valid() for form in forms]):
        return FillResult(done=False, invalid=True)
    result = FillResult(done=True)
    with transaction.atomic():
        failed = False
        for form in forms:
            if form.report is None and not form.has_content():
                # Nothing filled this month: 全部报送 passes it by and says so.
                if form.item.pk in submitting and action == "submit_all":
                    result.skipped.append(f"{form.item.code} {form.item.name}")
                    continue
            failed |= not _save_one(user, month, form, form.item.pk in submitting, data, result)
        if failed:
            transaction.set_rollback(True)
            return FillResult(done=False)
    return result


def _save_one(user, month: Month, form, submit: bool, data, result: FillResult) -> bool:
    """Save one item's form (and submit it); False, with the refusal on the form, when
    refused."""
    report, version = form.report, form.loaded_version
    try:
        if form.has_content_changes() or (report is None and form.has_content()):
            report = services.save_report(form.item, month, form.report_data(), user, version)
            version = report.version
            result.saved += 1
        if submit:
            if report is None:
                form.add_error(None, _("请先填写本项内容再报送"))
                return False
            services.submit_report(
                report,
                user,
                version,
                confirmed=form.confirmations(),
                reasons=form.flag_reasons(),
            )
            result.submitted += 1
    except services.AlreadySubmitted:
        result.already += 1
    except services.StaleReport as exc:
        form.add_error(None, exc.message)
        form.stale = exc.current
        form.stale_values = queries.report_values(exc.current)
        data[f"{form.prefix}-version"] = exc.current.version
        return False
    except services.NeedsConfirmation as exc:
        form.asks = exc.asks
        form.ask_errors = {
            name.removeprefix("flag_"): message
            for name, message in exc.field_errors.items()
            if name.startswith("flag_")
        }
        attach_errors(form, exc)
        return False
    except WorkflowError as exc:
        attach_errors(form, exc)
        return False
    return True


def attach_errors(form, exc: WorkflowError) -> None:
    """A refusal next to the fields it names, else above the form."""
    placed = False
    for name, message in exc.field_errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
