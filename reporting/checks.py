"""What a report must satisfy to be saved or submitted through the services (the fill
page, scripts; the ledger import applies the same number parser and text limits through
its schema): figures read and consistent, texts within their limits, a submission
complete, and what may be a slip confirmed by the reporter (已完成 with 存在问题, text
identical to last month's, plausibility flags)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from actions.models import Item, Progress
from actions.prepared import prepared_objects
from reporting.facts import item_facts, report_facts
from scoring import rulebook
from scoring.figures import rank_errors

from . import plausibility
from .models import TEXT_LIMITS, Month, Report, text_errors
from .numbers import NOT_A_NUMBER, NotANumber, parse_number
from .workflow import NeedsConfirmation, WorkflowError

NARRATIVE_FIELDS = ("achievement", "problems", "measures")
FLAG_REASON_LIMIT = 500
# What a reporter confirms before a report goes, besides its plausibility flags.
CONFIRM_DONE_PROBLEMS = "done_with_problems"
CONFIRM_SAME_TEXT = "same_as_last"
CONFIRMATIONS = (CONFIRM_DONE_PROBLEMS, CONFIRM_SAME_TEXT)
SAME_AS_LAST = _noop("与上期相同，确认报送？")


def would_score_red(item: Item, month: Month, report: Report) -> bool:
    """The band the rulebook would give this report if accepted as it stands."""
    score = rulebook.score_item(item_facts(item), report_facts(report), month.year, month.number)
    return score.band == rulebook.BAND_RED


def previous_report(item: Item, month: Month) -> Report | None:
    """The item's 上期 in the month (ReportQuerySet.previous_to), by SQL the ORM builds
    once per item and month in each thread (actions.prepared): every 报送 reads it, and
    building the query took longer than running it."""

    def build():
        # As .first() reads it: ordered by the id where the queryset is unordered.
        previous = Report.objects.previous_to([item.code], month).select_related("month")
        return (previous if previous.ordered else previous.order_by("pk"))[:1]

    found = prepared_objects(("previous_report", item.code, month.year, month.number), build)
    return found[0] if found else None


def report_flags(report: Report, previous: Report | None) -> dict[str, dict[str, str]]:
    """The plausibility flags the report's figures raise against last month's."""
    item = report.item
    return plausibility.flags(
        plausibility.Figures(
            value=report.value,
            rank=report.rank,
            last_value=previous.value if previous else None,
            last_rank=previous.rank if previous else None,
            same_year=previous is not None and previous.month.year == report.month.year,
            cumulative=item.cumulative,
            direction=item.direction,
            target=item.target,
            month=report.month.number,
        )
    )


def same_texts(values: Mapping[str, Any], previous: Report | None) -> list[str]:
    """The narrative fields whose text is identical to last month's (and not empty)."""
    if previous is None:
        return []
    return [
        name
        for name in NARRATIVE_FIELDS
        if (values.get(name) or "").strip()
        and values[name].strip() == getattr(previous, name).strip()
    ]


def check_confirmed(report: Report, previous: Report | None, confirmed: Collection[str]) -> None:
    errors, asks = {}, []
    if (
        report.progress == Progress.DONE
        and report.problems.strip()
        and CONFIRM_DONE_PROBLEMS not in confirmed
    ):
        errors["problems"] = _("已完成的事项仍填有存在问题：请确认问题仍然存在，或清空后再报送")
        asks.append(CONFIRM_DONE_PROBLEMS)
    same = same_texts({name: getattr(report, name) for name in NARRATIVE_FIELDS}, previous)
    if same and CONFIRM_SAME_TEXT not in confirmed:
        for name in same:
            errors.setdefault(name, _(SAME_AS_LAST))
        asks.append(CONFIRM_SAME_TEXT)
    if asks:
        raise NeedsConfirmation(_("请确认标出的内容后再报送"), errors, asks)


def confirmed_flags(
    report: Report, previous: Report | None, reasons: Mapping[str, str]
) -> list[dict]:
    raised = report_flags(report, previous)
    missing = [code for code in raised if not (reasons.get(code) or "").strip()]
    if missing:
        errors = {
            f"flag_{code}": _("%(flag)s：请核实，并填写说明后再报送")
            % {"flag": plausibility.flag_text(code, raised[code])}
            for code in missing
        }
        raise NeedsConfirmation(_("完成值或位次与上期相比变化异常，请核实并说明"), errors, missing)
    return [
        {"code": code, "params": params, "reason": reasons[code].strip()[:FLAG_REASON_LIMIT]}
        for code, params in raised.items()
    ]


NUMBER_LABELS = {"value": _noop("完成值"), "rank": _noop("位次"), "peer_count": _noop("参评数")}


def read_numbers(fields: dict[str, Any]) -> None:
    """Figures given as text (an API, a script) are read as the fill page and the ledger
    import read them (reporting.numbers); whole numbers stay whole."""
    errors = {}
    for name, label in NUMBER_LABELS.items():
        if not isinstance(fields.get(name), str):
            continue
        try:
            number = parse_number(fields[name])
        except NotANumber:
            errors[name] = f"{_(label)}：{_(NOT_A_NUMBER)}"
            continue
        if name != "value" and number is not None:
            if number != number.to_integral_value():
                errors[name] = f"{_(label)}：{_(NOT_A_NUMBER)}"
                continue
            number = int(number)
        fields[name] = number
    if errors:
        raise WorkflowError(_("请修正标出的错误"), errors)


def validate_figures(fields: Mapping[str, Any]) -> None:
    faults = rank_errors(fields.get("rank"), fields.get("peer_count"))
    errors = {name: _(message) for name, message in faults.items()}
    errors.update(text_errors(fields))
    if fields.get("progress") and fields["progress"] not in Progress.values:
        errors["progress"] = _("进度状态无效")
    if errors:
        raise WorkflowError(_("请修正标出的错误"), errors)


def check_complete(report: Report) -> None:
    """A submission carries what its rule scores, and red/滞后 ones are explained."""
    item, errors = report.item, {}
    rule = rulebook.rule_for(item_facts(item))
    if rule == rulebook.RULE_RANK:
        if report.rank is None:
            errors["rank"] = _("报送前须填写位次")
        if report.peer_count is None:
            errors["peer_count"] = _("报送前须填写参评数")
    elif rule == rulebook.RULE_TARGET and report.value is None:
        errors["value"] = _("报送前须填写完成值")
    elif rule == rulebook.RULE_STATUS and not report.progress:
        errors["progress"] = _("报送前须选择进度状态")
    if not report.achievement.strip():
        errors["achievement"] = _("报送前须填写实现情况")
    errors.update(text_errors({name: getattr(report, name) for name in TEXT_LIMITS}))
    if errors:
        raise WorkflowError(_("报送内容不完整"), errors)
    if report.progress == Progress.BEHIND or would_score_red(item, report.month, report):
        message = _("该事项评分为红色或进度滞后，报送前须填写%(field)s")
        if not report.problems.strip():
            errors["problems"] = message % {"field": _("存在问题")}
        if not report.measures.strip():
            errors["measures"] = message % {"field": _("具体措施")}
        if errors:
            raise WorkflowError(_("红色或滞后事项须说明存在问题和具体措施"), errors)
