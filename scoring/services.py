"""Writes of the scoring app: rescoring a month's preview and publishing its boards.

The database layer only gathers the rulebook's inputs in a fixed number of set-based
queries and stores its results in bulk; every rule lives in `scoring.rulebook`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import may
from actions.models import Action, Item, Unit, cadences_due_in
from reporting.facts import item_facts, report_facts
from reporting.models import BonusPenalty, Month, MonthState, Report, parse_month_label
from reporting.signals import month_inputs_changed

from . import rulebook
from .models import ActionResult, ItemResult, RunKind, RunStatus, ScoreRun, UnitResult

logger = logging.getLogger(__name__)


class PublishError(ValueError):
    """A publish request that cannot be honoured; the message is for the user."""


@dataclass
class ScoredMonth:
    """A month scored from its current inputs, not yet stored."""

    items: list[ItemResult]
    units: list[UnitResult]
    actions: list[ActionResult]
    fingerprint: str

    def store(self, run: ScoreRun) -> None:
        for rows, model in (
            (self.items, ItemResult),
            (self.units, UnitResult),
            (self.actions, ActionResult),
        ):
            # The same rows go to a publication and then to the preview: insert afresh.
            for row in rows:
                row.run = run
                row.pk = None
                row._state.adding = True
            # On SQLite Django splits a bulk insert into batches of 999 parameters;
            # PostgreSQL takes each table in one statement.
            model.objects.bulk_create(rows)


def get_month(label: str) -> Month:
    """The month of a "YYYY-MM" label; PublishError with a Chinese message otherwise."""
    try:
        year, number = parse_month_label(label)
    except ValueError as exc:
        raise PublishError(str(exc)) from exc
    try:
        return Month.objects.get(year=year, number=number)
    except Month.DoesNotExist:
        raise PublishError(_("月份 %(label)s 不存在") % {"label": label.strip()}) from None


def score_month_inputs(month: Month) -> ScoredMonth:
    """Gather the month's inputs (7 queries whatever the district's size) and score them."""
    cadences = cadences_due_in(month.number)
    items = list(
        Item.objects.filter(cadence__in=cadences)
        .select_related("action", "lead_unit", "responsible_official")
        .order_by("code")
    )
    # Only accepted reports count; anything else is 未报送 (DESIGN §3.3).
    reports = {
        report.item_id: report
        for report in Report.objects.accepted().in_month(month).filter(item__cadence__in=cadences)
    }
    bonuses = list(BonusPenalty.objects.filter(month=month).order_by("unit_id", "pk"))
    units = {unit.pk: unit for unit in Unit.objects.all()}
    actions = {action.pk: action for action in Action.objects.select_related("leader", "lead_unit")}
    previous_ranks = _previous_ranks(month)

    result = rulebook.score_month(
        month.year,
        month.number,
        items=[item_facts(item) for item in items],
        reports={item_id: report_facts(report) for item_id, report in reports.items()},
        units=[rulebook.UnitFacts(u.pk, u.code, u.group) for u in units.values()],
        actions=[rulebook.ActionFacts(a.pk, a.code) for a in actions.values()],
        bonuses=[rulebook.BonusFacts(b.unit_id, b.points, b.reason) for b in bonuses],
        previous_ranks=previous_ranks,
    )

    items_by_id = {item.pk: item for item in items}
    item_rows = [
        _item_row(items_by_id[score.item_id], score, reports.get(score.item_id))
        for score in result.item_scores
    ]
    bonus_detail: dict[int, list[dict]] = {}
    for bonus in bonuses:
        bonus_detail.setdefault(bonus.unit_id, []).append(
            {"points": str(bonus.points), "reason": bonus.reason}
        )
    unit_rows = [
        _unit_row(units[entry.unit_id], entry, bonus_detail) for entry in result.unit_entries
    ]
    action_rows = [_action_row(actions[entry.action_id], entry) for entry in result.action_entries]
    return ScoredMonth(
        items=item_rows,
        units=unit_rows,
        actions=action_rows,
        fingerprint=_fingerprint(item_rows, unit_rows, action_rows),
    )


def compute_month(month: Month, user=None) -> ScoreRun:
    """Rescore the month's live preview (预览) from its current inputs, replacing the last one.

    The Month row is locked while the preview is replaced, so concurrent rescorings of
    the same month queue up and the last one wins; never two previews.
    """
    with transaction.atomic():
        month = Month.objects.select_for_update().get(pk=month.pk)
        scored = score_month_inputs(month)
        return _replace_preview(month, scored, user)


def publish_month(month_label: str, user=None, reason: str = "") -> tuple[ScoreRun, bool]:
    """Publish the month's boards (发布) as a frozen snapshot; returns (run, created).

    Publishing again with unchanged inputs is a no-op that returns the latest revision.
    With changed inputs it is a correction (更正): revision n+1 with who, when and why;
    earlier revisions stay as they were.
    """
    if not may(user, "scoring.publish_month"):
        raise PublishError(_("只有考核办可以执行此操作"))
    reason = (reason or "").strip()
    month = get_month(month_label)
    with transaction.atomic():
        month = Month.objects.select_for_update().get(pk=month.pk)
        scored = score_month_inputs(month)
        latest = ScoreRun.objects.publications().of_month(month).order_by("-revision").first()
        if latest is not None and latest.input_fingerprint == scored.fingerprint:
            return latest, False
        if latest is not None and not reason:
            raise PublishError(
                _("%(label)s 已发布第%(revision)s版，数据有变化；更正发布须填写原因")
                % {"label": month.label, "revision": latest.revision}
            )
        run = ScoreRun.objects.create(
            month=month,
            kind=RunKind.PUBLICATION,
            revision=latest.revision + 1 if latest else 1,
            computed_at=timezone.now(),
            created_by=user,
            reason=reason,
            input_fingerprint=scored.fingerprint,
        )
        scored.store(run)
        # The preview now shows the same figures, so "changed since publication" is exact.
        _replace_preview(month, scored, user)
        if month.state != MonthState.PUBLISHED:
            month.state = MonthState.PUBLISHED
            month.save(update_fields=["state"])
        _rescore_later_previews(month)
    return run, True


def record_rescore_failure(month: Month, error: str) -> ScoreRun:
    """Leave a failed rescoring on the preview so the board page can say so."""
    with transaction.atomic():
        month = Month.objects.select_for_update().get(pk=month.pk)
        run = ScoreRun.objects.previews().of_month(month).first()
        if run is None:
            return ScoreRun.objects.create(
                month=month,
                kind=RunKind.PREVIEW,
                computed_at=timezone.now(),
                status=RunStatus.FAILED,
                error=error,
            )
        run.status, run.error = RunStatus.FAILED, error
        run.save(update_fields=["status", "error"])
        return run


def _rescore_later_previews(month: Month) -> None:
    """A new publication is what later months' 较上月 compares with: rescore the
    previews scored before it (their published revisions stay as they are)."""
    later = (
        ScoreRun.objects.previews()
        .filter(
            Q(month__year__gt=month.year)
            | Q(month__year=month.year, month__number__gt=month.number)
        )
        .select_related("month")
    )
    for preview in later:
        month_inputs_changed.send(sender=Month, month=preview.month)


def _replace_preview(month: Month, scored: ScoredMonth, user) -> ScoreRun:
    ScoreRun.objects.previews().of_month(month).delete()
    run = ScoreRun.objects.create(
        month=month,
        kind=RunKind.PREVIEW,
        computed_at=timezone.now(),
        created_by=user,
        input_fingerprint=scored.fingerprint,
    )
    scored.store(run)
    return run


def _previous_ranks(month: Month) -> dict[tuple[str, int], int]:
    """Ranks in the latest revision of the latest earlier published month (2 queries)."""
    latest = Subquery(
        ScoreRun.objects.publications().earlier_than(month).newest_first().values("pk")[:1]
    )
    ranks: dict[tuple[str, int], int] = {}
    for board, unit_id, rank in UnitResult.objects.filter(run=latest).values_list(
        "board", "unit_id", "rank"
    ):
        if unit_id is not None:
            ranks[(board, unit_id)] = rank
    for action_id, rank in ActionResult.objects.filter(run=latest).values_list("action_id", "rank"):
        if action_id is not None:
            ranks[(rulebook.BOARD_ACTIONS, action_id)] = rank
    return ranks


def _item_row(item: Item, score: rulebook.ItemScore, report: Report | None) -> ItemResult:
    official = item.responsible_official
    return ItemResult(
        item=item,
        item_code=item.code,
        item_name=item.name,
        kind=item.kind,
        level=item.level,
        action=item.action,
        action_code=item.action.code,
        action_name=item.action.name,
        lead_unit=item.lead_unit,
        lead_unit_code=item.lead_unit.code,
        lead_unit_name=item.lead_unit.name,
        responsible_official=official.name if official else "",
        target=item.target,
        measure_unit=item.measure_unit,
        deadline=item.deadline,
        weight=item.weight,
        rule=score.rule,
        score=score.score,
        band=score.band,
        missing=score.missing,
        overdue=score.overdue,
        expected=score.expected,
        completion=score.completion,
        value=score.value,
        rank=score.rank,
        peer_count=score.peer_count,
        progress=score.progress or "",
        achievement=report.achievement if report else "",
        problems=report.problems if report else "",
        measures=report.measures if report else "",
        fix_unit=report.fix_unit if report else "",
        fix_deadline=report.fix_deadline if report else None,
    )


def _unit_row(
    unit: Unit, entry: rulebook.UnitEntry, bonus_detail: dict[int, list[dict]]
) -> UnitResult:
    on_district_board = entry.board == rulebook.BOARD_DISTRICT
    return UnitResult(
        board=entry.board,
        unit=unit,
        unit_code=unit.code,
        unit_name=unit.name,
        group=entry.group,
        base_score=entry.base_score,
        bonus=entry.bonus,
        bonus_detail=bonus_detail.get(unit.pk, []) if on_district_board else [],
        score=entry.score,
        rank=entry.rank,
        movement=entry.movement,
        item_count=entry.item_count,
        honour=entry.honour,
        warning=entry.warning,
    )


def _action_row(action: Action, entry: rulebook.ActionEntry) -> ActionResult:
    return ActionResult(
        action=action,
        action_code=action.code,
        action_name=action.name,
        leader=action.leader.name if action.leader else "",
        lead_unit_name=action.lead_unit.name if action.lead_unit else "",
        score=entry.score,
        rank=entry.rank,
        movement=entry.movement,
        item_count=entry.item_count,
    )


_FINGERPRINT_SKIP = {"id", "run"}


def _fingerprint(*row_lists: list) -> str:
    """sha256 of everything a run would store. The rows are a pure function of the
    gathered inputs, so equal fingerprints mean a republish would change nothing."""

    def canonical(value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        if value is None or isinstance(value, bool | int | str | list | dict):
            return value
        return str(value)

    payload = [
        [
            {
                field.attname: canonical(getattr(row, field.attname))
                for field in row._meta.concrete_fields
                if field.name not in _FINGERPRINT_SKIP
            }
            for row in rows
        ]
        for rows in row_lists
    ]
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()
