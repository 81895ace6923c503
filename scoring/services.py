"""Writes of the scoring app: rescoring a month's preview and publishing its boards.

The database layer only gathers the rulebook's inputs in a fixed number of set-based
queries and stores its results in bulk; every rule lives in `scoring.rulebook`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, models, router, transaction
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import may
from actions.models import group_in_year, scored_in
from reporting.facts import ITEM_FACT_FIELDS, REPORT_FACT_FIELDS, item_facts_of, report_facts_of
from reporting.ledger.bulk import db_converter, execute_insert
from reporting.models import (
    BonusPenalty,
    Month,
    MonthState,
    ReportState,
    parse_month_label,
    reason_errors,
)

from . import early_warning, rulebook
from .models import (
    ActionResult,
    ItemResult,
    RunKind,
    RunStatus,
    ScoreRun,
    UnitResult,
    WarningResult,
)
from .signals import month_published

logger = logging.getLogger(__name__)


class PublishError(ValueError):
    """A publish request that cannot be honoured; the message is for the user."""


@dataclass
class ScoredMonth:
    """A month scored from its current inputs, not yet stored: each table's rows as
    {attname: value} of every field but the id and the run (`_result_row`)."""

    items: list[dict]
    units: list[dict]
    actions: list[dict]
    warnings: list[dict]
    fingerprint: str

    def store(self, run: ScoreRun) -> None:
        """Insert the rows for the run: one INSERT per table."""
        for rows, model in (
            (self.items, ItemResult),
            (self.units, UnitResult),
            (self.actions, ActionResult),
            (self.warnings, WarningResult),
        ):
            _insert(model, rows, run)


def get_month(label: str, *, for_update: bool = False) -> Month:
    """The month of a "YYYY-MM" label; PublishError with a Chinese message otherwise.
    With for_update, the row is locked until the transaction ends."""
    try:
        year, number = parse_month_label(label)
    except ValueError as exc:
        raise PublishError(str(exc)) from exc
    months = Month.objects.select_for_update() if for_update else Month.objects
    try:
        return months.get(year=year, number=number)
    except Month.DoesNotExist:
        raise PublishError(_("月份 %(label)s 不存在") % {"label": label.strip()}) from None


def score_month_inputs(month: Month) -> ScoredMonth:
    """Gather the month's inputs (5 queries whatever the district's size) and score them,
    with the month's early warning (预警).

    The items the 预警 lists (due at least once this year so far) come as values, with
    what the rows copy of their action, lead unit, official and accepted report, in one
    query, marked where the month scores them; the units and actions the boards rank
    are those of the scored items (a unit or action without a due item is on no board).
    """
    listed = list(
        early_warning.month_items(month)
        .annotate(
            scored=ExpressionWrapper(scored_in(month), output_field=BooleanField()),
            # A unit is ranked in its group of the month's plan year.
            lead_unit_group=group_in_year("lead_unit", month.year),
            # Only accepted reports count; anything else is 未报送.
            accepted_report=FilteredRelation(
                "reports",
                condition=Q(reports__month=month, reports__state=ReportState.ACCEPTED),
            ),
        )
        .values(*_LISTED_VALUES)
        .order_by("code")
    )
    facts = [item_facts_of(item) for item in listed]
    items = [item for item in listed if item["scored"]]
    # A unit's or an action's row copies it through any of its items.
    units = {item["lead_unit_id"]: item for item in items}
    actions = {item["action_id"]: item for item in items}
    bonuses = list(BonusPenalty.objects.filter(month=month).order_by("unit_id", "pk"))

    result = rulebook.score_month(
        month.year,
        month.number,
        items=[f for f, item in zip(facts, listed, strict=True) if item["scored"]],
        reports={
            item["id"]: report_facts_of(
                *(item[f"accepted_report__{f}"] for f in REPORT_FACT_FIELDS)
            )
            for item in items
            if item["accepted_report__id"] is not None
        },
        units=[
            rulebook.UnitFacts(unit_id, u["lead_unit__code"], u["lead_unit_group"])
            for unit_id, u in units.items()
        ],
        actions=[
            rulebook.ActionFacts(action_id, a["action__code"]) for action_id, a in actions.items()
        ],
        bonuses=[rulebook.BonusFacts(b.unit_id, b.points, b.reason) for b in bonuses],
        previous_ranks=_previous_ranks(month),
    )

    listed_by_id = {item["id"]: item for item in listed}
    bonus_detail: dict[int, list[dict]] = {}
    for bonus in bonuses:
        bonus_detail.setdefault(bonus.unit_id, []).append(
            {"points": str(bonus.points), "reason": bonus.reason}
        )
    item_rows = [
        _result_row(ItemResult, listed_by_id[score.item_id], ITEM_SNAPSHOT, score)
        for score in result.item_scores
    ]
    unit_rows = [
        _result_row(
            UnitResult,
            units[entry.unit_id],
            UNIT_SNAPSHOT,
            entry,
            bonus_detail=bonus_detail.get(entry.unit_id, [])
            if entry.board == rulebook.BOARD_DISTRICT
            else [],
        )
        for entry in result.unit_entries
    ]
    action_rows = [
        _result_row(ActionResult, actions[entry.action_id], ACTION_SNAPSHOT, entry)
        for entry in result.action_entries
    ]
    warning_rows = [
        _result_row(
            WarningResult, listed_by_id[warning.item_id], early_warning.WARNING_SNAPSHOT, warning
        )
        for warning in early_warning.gather(month, facts)
    ]
    return ScoredMonth(
        items=item_rows,
        units=unit_rows,
        actions=action_rows,
        warnings=warning_rows,
        fingerprint=_fingerprint(item_rows, unit_rows, action_rows, warning_rows),
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


def publish_month(
    month_label: str, user=None, reason: str = "", *, announce: bool = True
) -> tuple[ScoreRun, bool]:
    """Publish the month's boards (发布) as a frozen snapshot; returns (run, created).

    Publishing again with unchanged inputs is a no-op that returns the latest revision.
    With changed inputs it is a correction (更正): revision n+1 with who, when and why;
    earlier revisions stay as they were. A new revision is announced to the units over
    the reminders' channels (notice, e-mail, work group robot), with the items it turns
    红, by a task after the commit, unless ``announce`` is off.
    """
    if not may(user, "scoring.publish_month"):
        raise PublishError(_("只有考核办可以执行此操作"))
    reason = (reason or "").strip()
    if message := reason_errors(reason, _("更正原因")):
        raise PublishError(message)
    with transaction.atomic():
        month = get_month(month_label, for_update=True)
        scored = score_month_inputs(month)
        # The month's runs, and the later previews a new publication rescores, at once.
        year_runs = list(
            ScoreRun.objects.filter(
                Q(month=month) | Q(pk__in=ScoreRun.objects.previews().later_in_year(month))
            ).select_related("month")
        )
        runs = [r for r in year_runs if r.month_id == month.pk]
        publications = sorted((r for r in runs if r.is_publication), key=lambda r: r.revision)
        latest = publications[-1] if publications else None
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
        # The preview must show the same figures, so "changed since publication" is exact;
        # it usually does already, as every accepted change rescored it.
        preview = next((r for r in runs if not r.is_publication), None)
        if preview is None:
            _store_preview(month, scored, user)
        elif preview.status != RunStatus.DONE or preview.input_fingerprint != scored.fingerprint:
            _replace_preview(month, scored, user)
        if month.state != MonthState.PUBLISHED:
            # Who published when is the run's own record (created_by, computed_at).
            Month.objects.filter(pk=month.pk).update(state=MonthState.PUBLISHED)
            month.state = MonthState.PUBLISHED
        from .tasks import announce_publication, queue_rescore  # the tasks import this module

        for later in (r for r in year_runs if r.month_id != month.pk):
            # This publication is what their 较上月 compares with now.
            queue_rescore(later.month)
        label, revision = month.label, run.revision
        if announce:
            transaction.on_commit(lambda: announce_publication.delay(label, revision))
        transaction.on_commit(
            lambda: month_published.send(sender=ScoreRun, label=label, revision=revision)
        )
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


def _replace_preview(month: Month, scored: ScoredMonth, user) -> ScoreRun:
    """Delete the month's preview with one DELETE per table, then store the new one.

    The rows go without Django's delete collector (a SELECT, then a DELETE per table
    and per batch): every table that points at a run cascades, and the filter on
    kind keeps the guard's promise that a publication is never deleted.
    """
    previews = ScoreRun.objects.previews().of_month(month)
    for relation in ScoreRun._meta.related_objects:
        if relation.on_delete is not models.CASCADE:
            raise TypeError(f"{relation} must cascade to be deleted with its run")
        rows = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": previews}
        )
        rows._raw_delete(rows.db)
    previews._raw_delete(previews.db)
    return _store_preview(month, scored, user)


def _store_preview(month: Month, scored: ScoredMonth, user) -> ScoreRun:
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
    """Ranks in the latest revision of the latest earlier published month of the same plan
    year (1 query): the first published month of a year shows every place as 新."""
    latest = Subquery(
        ScoreRun.objects.publications().earlier_in_year(month).newest_first().values("pk")[:1]
    )
    on_unit_boards = (
        UnitResult.objects.filter(run=latest, unit__isnull=False)
        .annotate(on_board=F("board"), entry_id=F("unit_id"), entry_rank=F("rank"))
        .values_list("on_board", "entry_id", "entry_rank")
        .order_by()
    )
    on_actions_board = (
        ActionResult.objects.filter(run=latest, action__isnull=False)
        .annotate(
            on_board=Value(rulebook.BOARD_ACTIONS),
            entry_id=F("action_id"),
            entry_rank=F("rank"),
        )
        .values_list("on_board", "entry_id", "entry_rank")
        .order_by()
    )
    return {
        (board, entry_id): rank
        for board, entry_id, rank in on_unit_boards.union(on_actions_board, all=True)
    }


# What each result row copies from the item it scores, or from an item of the unit or
# action it scores, as {result field: lookup of the item}; a missing link (no
# official, no report) stores the field's empty value. The scores come from the
# rulebook's entry of the same field names.
ITEM_SNAPSHOT = {
    "item_code": "code",
    "item_name": "name",
    "kind": "kind",
    "level": "level",
    "action_id": "action_id",
    "action_code": "action__code",
    "action_name": "action__name",
    "lead_unit_id": "lead_unit_id",
    "lead_unit_code": "lead_unit__code",
    "lead_unit_name": "lead_unit__name",
    "responsible_official": "responsible_official__name",
    "target": "target",
    "measure_unit": "measure_unit",
    "deadline": "deadline",
    "weight": "weight",
    "achievement": "accepted_report__achievement",
    "problems": "accepted_report__problems",
    "measures": "accepted_report__measures",
    "fix_unit": "accepted_report__fix_unit",
    "fix_deadline": "accepted_report__fix_deadline",
}
UNIT_SNAPSHOT = {"unit_code": "lead_unit__code", "unit_name": "lead_unit__name"}
ACTION_SNAPSHOT = {
    "action_code": "action__code",
    "action_name": "action__name",
    "leader": "action__leader__name",
    "lead_unit_name": "action__lead_unit__name",
}
# Everything the month's scoring reads of each listed item, in its one query.
_LISTED_VALUES = sorted(
    {
        "id",
        "scored",
        "lead_unit_group",
        "accepted_report__id",
        *ITEM_FACT_FIELDS,
        *(f"accepted_report__{name}" for name in REPORT_FACT_FIELDS),
        *ITEM_SNAPSHOT.values(),
        *UNIT_SNAPSHOT.values(),
        *ACTION_SNAPSHOT.values(),
        *early_warning.WARNING_SNAPSHOT.values(),
    }
)


def _result_row(model, source: Mapping, snapshot: dict[str, str], entry, **extra) -> dict:
    """A result row, {attname: value} of every field of `model` but its id and run, as
    `model(**values)` would hold it: the `snapshot` of `source`, the rulebook
    `entry`'s fields, `extra`; a field not given, or given None where its column takes
    no NULL, gets its default."""
    values = {name: source[lookup] for name, lookup in snapshot.items()}
    values.update({name: getattr(entry, name) for name in _field_names(type(entry))})
    values.update(extra)
    fields = _row_fields(model)
    if unknown := values.keys() - fields.keys():
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)}")
    row = {}
    for attname, field in fields.items():
        value = values.get(attname)
        if value is None and (not field.null or attname not in values):
            value = field.get_default()
        row[attname] = value
    return row


@functools.cache
def _field_names(entry_class: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(entry_class))


@functools.cache
def _row_fields(model) -> dict[str, models.Field]:
    """The fields a result row holds, by attname: all but the id and the run."""
    return {
        f.attname: f for f in model._meta.concrete_fields if not f.primary_key and f.name != "run"
    }


def _insert(model, rows: list[dict], run: ScoreRun) -> None:
    """One INSERT of all the rows for the run (one executemany on SQLite), its SQL built
    once as text: compiling it object by object, as bulk_create does, took most of a
    publication's time. Each value goes through its field's get_db_prep_save where the
    driver cannot take it as it is (`db_converter`), as bulk_create's would."""
    if not rows:
        return
    using = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plan = [(f.attname, db_converter(f, using)) for f in fields]
    params = []
    for row in rows:
        row = {**row, "run_id": run.pk}
        params.append(tuple(row[a] if convert is None else convert(row[a]) for a, convert in plan))
    execute_insert(
        model,
        fields,
        params,
        using=using,
        # PostgreSQL's driver fills the parameters in itself: no limit to split at.
        values_per_statement=using.features.max_query_params or 1_000_000,
    )


# Units outlive plan years: a unit renamed in next year's ledger is no correction of
# this month, whose publication keeps the names it was published with.
_FINGERPRINT_SKIP = {"unit_name", "lead_unit_name"}


def _fingerprint(*row_lists: list[dict]) -> str:
    """sha256 of everything a run would store but the units' names. The rows are a pure
    function of the gathered inputs, so equal fingerprints mean a republish would change
    no figure (a rename alone shows from the next revision or month on)."""
    payload = []
    for rows in row_lists:
        kept = []
        for row in rows:
            row = row.copy()
            for name in _FINGERPRINT_SKIP:
                row.pop(name, None)
            kept.append(row)
        payload.append(kept)
    # The encoder asks `_canonical` for what JSON has no type for (Decimal, date): the
    # rows hold no float, so every figure is written from its Decimal.
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_canonical)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _canonical(value) -> str:
    """A value as the fingerprint writes it: a Decimal without trailing zeros (1.50 and
    1.5 are the same figure), anything else as text."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
