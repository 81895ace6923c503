"""The published rows as the API writes them: the boards' and the workbook's own rows
(scoring.queries), in §9's field names and words."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from actions.models import Cadence, Direction, ItemKind, Level, Progress
from meetings.exports.warnings import basis_text
from scoring.boarddata import BOARD_LABELS, GROUP_LABELS, GROUP_ORDER, ItemRow, WarningRow
from scoring.forecast import BAND_WORDS
from scoring.models import ScoreRun
from scoring.queries import BOARD_ORDER, action_rows, kept_off_honour, unit_rows
from scoring.rulebook import LAGGING_BAND

# The words of the ledger workbook (§5), whatever language the server speaks.
KIND_WORDS = {ItemKind.INDICATOR: "指标", ItemKind.PROJECT: "项目", ItemKind.TASK: "工作"}
LEVEL_WORDS = {Level.PROVINCE: "省考", Level.CITY: "市考", Level.DISTRICT: "区级"}
CADENCE_WORDS = {Cadence.MONTHLY: "月", Cadence.QUARTERLY: "季", Cadence.YEARLY: "年"}
DIRECTION_WORDS = {Direction.POSITIVE: "正向", Direction.NEGATIVE: "逆向"}
PROGRESS_WORDS = {Progress.DONE: "已完成", Progress.ON_TRACK: "序时推进", Progress.BEHIND: "滞后"}


def text(value: Decimal | None, places: int | None = None) -> str | None:
    """A decimal as the board writes it (fixed places), or None."""
    if value is None:
        return None
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return format(value, "f")


def month_fields(run: ScoreRun) -> dict:
    return {
        "month": run.month.label,
        "revision": run.revision,
        "fingerprint": run.input_fingerprint,
        "published_at": timezone.localtime(run.computed_at),
    }


def boards(run: ScoreRun) -> dict:
    """The three unit boards by group, and the 八大行动 board (3 queries)."""
    by_board: dict[str, dict[str, list]] = {board: {} for board in BOARD_ORDER}
    units = unit_rows(run)
    kept_off = kept_off_honour(run, units)
    for row in units:
        why = kept_off.get((row.board, row.unit_code))
        by_board[row.board].setdefault(row.group, []).append(
            {
                "unit_code": row.unit_code,
                "unit": row.unit_name,
                "rank": row.rank,
                "score": text(row.score, 2),
                "movement": row.movement_label,
                "honour": "红榜" if row.honour else None,
                "warning": "警示榜" if row.warning else None,
                # Why a unit placed 1–3 is off 红榜, in the board page's words.
                "kept_off": why.text() if why else None,
            }
        )
    return {
        **month_fields(run),
        "boards": [
            {
                "board": board,
                "title": BOARD_LABELS[board],
                "groups": [
                    {"group": GROUP_LABELS[group], "rows": rows}
                    for group, rows in sorted(groups.items(), key=lambda g: GROUP_ORDER[g[0]])
                ],
            }
            for board, groups in by_board.items()
        ],
        "actions": [
            {
                "action_code": row.action_code,
                "action": row.action_name,
                "rank": row.rank,
                "score": text(row.score, 2),
                "movement": row.movement_label,
            }
            for row in action_rows(run)
        ],
    }


def item_status(row: ItemRow) -> str:
    if row.missing:
        return "未报送"
    if row.overdue:
        return "逾期"
    return PROGRESS_WORDS.get(row.progress, "")


def item(row: ItemRow) -> dict:
    return {
        "code": row.item_code,
        "name": row.item_name,
        "action_code": row.action_code,
        "lead_unit_code": row.lead_unit_code,
        "kind": KIND_WORDS.get(row.kind, row.kind),
        "level": LEVEL_WORDS.get(row.level, row.level),
        "target": text(row.target),
        "value": text(row.value),
        "completion": text(row.completion),
        "rank": row.rank,
        "peer_count": row.peer_count,
        "score": text(row.score, 2),
        "band": BAND_WORDS[row.band],
        "status": item_status(row),
        "lagging": row.band == LAGGING_BAND,
    }


def warning(row: WarningRow) -> dict:
    """A row of the meeting workbook's 预警 sheet."""
    return {
        "code": row.item_code,
        "name": row.item_name,
        "lead_unit_code": row.lead_unit_code,
        "lead_unit": row.lead_unit_name,
        "warning": BAND_WORDS[row.band],
        "forecast": text(row.forecast, 2),
        "completion": text(row.completion, 3),
        "basis": basis_text(row),
    }


def plan_item(item) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "action_code": item.action.code,
        "action": item.action.name,
        "kind": KIND_WORDS.get(item.kind, item.kind),
        "level": LEVEL_WORDS.get(item.level, item.level),
        "responsible_official": item.responsible_official.name if item.responsible_official else "",
        "responsible_person": item.responsible_person,
        "lead_unit_code": item.lead_unit.code,
        "lead_unit": item.lead_unit.name,
        "co_unit_codes": sorted(unit.code for unit in item.co_units.all()),
        "cadence": CADENCE_WORDS.get(item.cadence, item.cadence),
        "deadline": item.deadline,
        "target": text(item.target),
        "measure_unit": item.measure_unit,
        "direction": DIRECTION_WORDS.get(item.direction, item.direction),
        "cumulative": item.cumulative,
        "standard": item.standard,
        "weight": text(item.weight),
    }
