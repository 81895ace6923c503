"""Scoring rulebook (计分规则) of the 晒比会 boards as pure functions; docs/rulebook.md
explains the same rules to the people being scored.

Everything here takes and returns plain values (dataclasses, ``Decimal``, ``date``) so
the rules are tested without a database and the ORM layer only gathers inputs and
stores results. Nothing in this module may import Django.

Arithmetic is exact: every ``Decimal`` input is turned into a ``fractions.Fraction``
(exact for any finite Decimal) and results are rounded half up to 0.01 at exactly the
two points the rulebook names — each item score S and each unit/action score. Decimal
context arithmetic (28 digits) would round E = T·m/12 early and could turn an exact
x.xx5 into x.xx4999…, losing a cent.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from scoring.figures import honour_and_warning, rank_is_usable

# The string codes are the Django TextChoices values the models store.
KIND_INDICATOR, KIND_PROJECT, KIND_TASK = "indicator", "project", "task"
LEVEL_PROVINCE, LEVEL_CITY, LEVEL_DISTRICT = "province", "city", "district"
CADENCE_MONTHLY, CADENCE_QUARTERLY, CADENCE_YEARLY = "monthly", "quarterly", "yearly"
DIRECTION_POSITIVE, DIRECTION_NEGATIVE = "positive", "negative"
PROGRESS_DONE, PROGRESS_ON_TRACK, PROGRESS_BEHIND = "done", "on_track", "behind"
GROUP_DEPARTMENT, GROUP_TOWNSHIP = "department", "township"
BAND_GREEN, BAND_YELLOW, BAND_RED = "green", "yellow", "red"
RULE_RANK, RULE_TARGET, RULE_STATUS = "rank", "target", "status"
BOARD_PROVINCE, BOARD_CITY, BOARD_DISTRICT = "province", "city", "district"
BOARD_ACTIONS = "actions"

GROUPS = (GROUP_DEPARTMENT, GROUP_TOWNSHIP)
UNIT_BOARDS = (BOARD_PROVINCE, BOARD_CITY, BOARD_DISTRICT)
LAGGING_BAND = BAND_RED  # 排位靠后: a due item in the red band, whatever its rule

_ZERO, _ONE, _NINE_TENTHS, _HUNDRED = Fraction(0), Fraction(1), Fraction(9, 10), Fraction(100)

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ItemFacts:
    """The 五定 facts of an item (事项) that scoring needs."""

    item_id: int
    code: str
    kind: str
    level: str
    cadence: str
    target: Decimal | None
    direction: str
    cumulative: bool
    deadline: date | None
    weight: Decimal
    lead_unit_id: int
    action_id: int


@dataclass(frozen=True)
class ReportFacts:
    """An accepted monthly report (月报) of one item; a missing one means 未报送."""

    value: Decimal | None
    rank: int | None
    peer_count: int | None
    progress: str | None


@dataclass(frozen=True)
class ItemScore:
    """Item score (事项得分) S of a due item; ``expected`` E and ``completion`` c are
    quantized to 4 places for display only, S comes from their exact values."""

    item_id: int
    rule: str
    score: Decimal
    band: str
    missing: bool
    overdue: bool
    expected: Decimal | None
    completion: Decimal | None
    value: Decimal | None
    rank: int | None
    peer_count: int | None
    progress: str | None


@dataclass(frozen=True)
class UnitFacts:
    """A unit (单位) and its group: 区直部门 or 乡镇街道."""

    unit_id: int
    code: str
    group: str


@dataclass(frozen=True)
class ActionFacts:
    """One of the eight actions (八大行动)."""

    action_id: int
    code: str


@dataclass(frozen=True)
class BonusFacts:
    """Bonus or penalty points (加减分) of a unit for the month, with its reason."""

    unit_id: int
    points: Decimal
    reason: str


@dataclass(frozen=True)
class UnitEntry:
    """A unit's line on a unit board (省考 / 市考 / 区级综合评价排行榜)."""

    board: str
    unit_id: int
    group: str
    base_score: Decimal
    bonus: Decimal
    score: Decimal
    rank: int
    movement: int | None
    item_count: int
    honour: bool
    warning: bool


@dataclass(frozen=True)
class ActionEntry:
    """An action's line on the actions board (八大行动榜)."""

    action_id: int
    score: Decimal
    rank: int
    item_count: int
    movement: int | None


@dataclass(frozen=True)
class MonthResult:
    """Everything scored for one month (月度得分): items, unit boards, actions board."""

    item_scores: list[ItemScore]
    unit_entries: list[UnitEntry]
    action_entries: list[ActionEntry]


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact fraction half away from zero (四舍五入), as ROUND_HALF_UP does:
    12.345 becomes 12.35 and -12.345 becomes -12.35."""
    scaled = abs(value) * 10**places
    # floor(x + 1/2) on the magnitude, in integers, so no binary or context rounding.
    magnitude = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    sign = 1 if value < 0 and magnitude else 0  # never produce Decimal("-0.00")
    return Decimal((sign, tuple(int(d) for d in str(magnitude)), -places))


def rule_of(kind: str, level: str, has_target: bool) -> str:
    """Which rule (计分规则) scores an item of this type and level, with or without a target."""
    if kind == KIND_INDICATOR and level in (LEVEL_PROVINCE, LEVEL_CITY):
        return RULE_RANK
    if kind == KIND_INDICATOR and level == LEVEL_DISTRICT and has_target:
        return RULE_TARGET
    return RULE_STATUS


def rule_for(item: ItemFacts) -> str:
    """Which rule scores the item (see ``rule_of``)."""
    return rule_of(item.kind, item.level, item.target is not None)


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month!r}")


def is_due(cadence: str, month: int) -> bool:
    """Whether an item of this cadence (频次: 月/季/年) is due (应报) in month 1..12."""
    _check_month(month)
    if cadence == CADENCE_MONTHLY:
        return True
    if cadence == CADENCE_QUARTERLY:
        return month % 3 == 0
    if cadence == CADENCE_YEARLY:
        return month == 12
    raise ValueError(f"unknown cadence {cadence!r}")


def cadences_due_in(month: int) -> list[str]:
    """The cadences whose items are due (应报) in month 1..12, for a database filter."""
    return [c for c in (CADENCE_MONTHLY, CADENCE_QUARTERLY, CADENCE_YEARLY) if is_due(c, month)]


def rank_score(rank: int, peer_count: int) -> Fraction:
    """Exact rank score (位次得分) S = 100 - 40·(r-1)/(N-1); 100 when N = 1."""
    if peer_count == 1:
        return _HUNDRED
    return _HUNDRED - Fraction(40 * (rank - 1), peer_count - 1)


def rank_third(peer_count: int) -> int:
    """⌈N/3⌉: how many places the top (领先) and the bottom (靠后) third of N peers hold."""
    return -(-peer_count // 3)


def rank_band(rank: int, peer_count: int) -> str:
    """Band of a rank: top ⌈N/3⌉ green 领先, bottom ⌈N/3⌉ red 靠后, else yellow 居中."""
    third = rank_third(peer_count)
    # Green is tested first: for N = 1, 2 the two thirds overlap and the leader wins.
    if rank <= third:
        return BAND_GREEN
    if rank > peer_count - third:
        return BAND_RED
    return BAND_YELLOW


def expected_value(target: Decimal, cumulative: bool, month: int) -> Fraction:
    """Expected value E (序时进度): T·m/12 for cumulative (累计) items, else T."""
    return Fraction(target) * month / 12 if cumulative else Fraction(target)


def completion(direction: str, actual: Fraction, expected: Fraction) -> Fraction:
    """Unclamped completion c (完成率) of actual A against expected E."""
    if direction == DIRECTION_POSITIVE:
        if expected <= 0:
            # A ratio against a zero or negative target means nothing; meeting it counts.
            return _ONE if actual >= expected else _ZERO
        return actual / expected
    if direction == DIRECTION_NEGATIVE:
        # Lower is better; reaching zero or below cannot be beaten.
        return _ONE if actual <= 0 else expected / actual
    raise ValueError(f"unknown direction {direction!r}")


def completion_band(c: Fraction) -> str:
    """Band of a completion (unclamped): ≥ 1 green, 0.9 ≤ c < 1 yellow, < 0.9 red."""
    if c >= 1:
        return BAND_GREEN
    if c >= _NINE_TENTHS:
        return BAND_YELLOW
    return BAND_RED


def is_overdue(deadline: date | None, progress: str | None, year: int, month: int) -> bool:
    """逾期: the deadline (完成时限) is before the month's last day and it is not done."""
    if deadline is None or progress == PROGRESS_DONE:
        return False
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    return deadline < last_day


_NO_REPORT = ReportFacts(value=None, rank=None, peer_count=None, progress=None)
_STATUS_SCORES = {
    PROGRESS_DONE: (_HUNDRED, BAND_GREEN),
    PROGRESS_ON_TRACK: (_HUNDRED, BAND_GREEN),
    PROGRESS_BEHIND: (Fraction(60), BAND_YELLOW),
}


def score_item(item: ItemFacts, report: ReportFacts | None, year: int, month: int) -> ItemScore:
    """Item score (事项得分) S of a due item for month m; ``report`` None means 未报送."""
    _check_month(month)
    rule = rule_for(item)
    score, band, overdue = _ZERO, BAND_RED, False
    expected: Fraction | None = None
    c: Fraction | None = None  # completion
    facts = report or _NO_REPORT
    rank, peer_count, progress = facts.rank, facts.peer_count, facts.progress

    if rule == RULE_TARGET:
        assert item.target is not None  # rule_for guarantees it
        expected = expected_value(item.target, item.cumulative, month)
    if rule == RULE_STATUS:
        # A missing report is not 已完成 either, so it is flagged 逾期 past the deadline.
        overdue = is_overdue(item.deadline, progress, year, month)

    if report is None or overdue:
        pass  # 0 red, already set
    elif rule == RULE_RANK:
        # A report without a usable position scores nothing rather than guessing one.
        if rank_is_usable(rank, peer_count):
            score, band = rank_score(rank, peer_count), rank_band(rank, peer_count)
    elif rule == RULE_TARGET:
        if facts.value is not None:
            assert expected is not None
            c = completion(item.direction, Fraction(facts.value), expected)
            score, band = _HUNDRED * min(max(c, _ZERO), _ONE), completion_band(c)
    elif progress is not None:
        if progress not in _STATUS_SCORES:
            raise ValueError(f"unknown progress status {progress!r}")
        score, band = _STATUS_SCORES[progress]

    return ItemScore(
        item_id=item.item_id,
        rule=rule,
        score=round_half_up(score),
        band=band,
        missing=report is None,
        overdue=overdue,
        expected=None if expected is None else round_half_up(expected, 4),
        completion=None if c is None else round_half_up(c, 4),
        value=facts.value,
        rank=rank,
        peer_count=peer_count,
        progress=progress,
    )


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Weighted mean (加权平均) Σw·S / Σw of (weight, score) pairs, rounded to 0.01;
    None when there is nothing to average (the unit or action is not on the board)."""
    total_weight = total = _ZERO
    for weight, score in pairs:
        w = Fraction(weight)
        if w <= 0:
            raise ValueError(f"weights must be positive, got {weight!r}")
        total_weight += w
        total += w * Fraction(score)
    if not total_weight:
        return None
    return round_half_up(total / total_weight)


def competition_rank(entries: Sequence[tuple[K, Decimal, str]]) -> list[tuple[K, int]]:
    """Competition ranking (竞赛排名, 1, 2, 2, 4) of (key, score, code) by score desc:
    rank = 1 + the number of strictly higher scores; listed by rank, ties by code."""
    ordered = sorted(entries, key=lambda entry: (-entry[1], entry[2]))
    ranked: list[tuple[K, int]] = []
    for position, (key, score, _code) in enumerate(ordered, start=1):
        if ranked and score == ordered[position - 2][1]:
            ranked.append((key, ranked[-1][1]))
        else:
            ranked.append((key, position))
    return ranked


def movement(previous_rank: int | None, rank: int) -> int | None:
    """Movement (较上月): previous rank - rank, so up is positive; None means 新."""
    return None if previous_rank is None else previous_rank - rank


def _index_unique(rows: Iterable, attr: str) -> dict:
    # A duplicate id would make the result depend on input order, so refuse it.
    rows = list(rows)
    index = {getattr(row, attr): row for row in rows}
    if len(index) != len(rows):
        raise ValueError(f"duplicate {attr} in input")
    return index


def score_month(
    year: int,
    month: int,
    items: Iterable[ItemFacts],
    reports: Mapping[int, ReportFacts],
    units: Iterable[UnitFacts],
    actions: Iterable[ActionFacts],
    bonuses: Iterable[BonusFacts],
    previous_ranks: Mapping[tuple[str, int], int],
) -> MonthResult:
    """Score a month (月度计分): item scores, the three unit boards and the actions board.

    ``reports`` maps item_id to its accepted report; ``previous_ranks`` maps
    (board, unit_id) — or ("actions", action_id) — to the rank in the latest earlier
    published month. Output order does not depend on input order.
    """
    _check_month(month)
    units_by_id: dict[int, UnitFacts] = _index_unique(units, "unit_id")
    actions_by_id: dict[int, ActionFacts] = _index_unique(actions, "action_id")
    items_by_id: dict[int, ItemFacts] = _index_unique(items, "item_id")
    for unit in units_by_id.values():
        if unit.group not in GROUPS:
            raise ValueError(f"unit {unit.code!r} has unknown group {unit.group!r}")

    due = sorted(
        (item for item in items_by_id.values() if is_due(item.cadence, month)),
        key=lambda item: (item.code, item.item_id),
    )
    for item in due:
        # Fail loudly: silently dropping an item would shift every other unit's rank.
        if item.lead_unit_id not in units_by_id:
            raise ValueError(f"item {item.code!r} has unknown lead unit {item.lead_unit_id}")
        if item.action_id not in actions_by_id:
            raise ValueError(f"item {item.code!r} has unknown action {item.action_id}")
    item_scores = [score_item(item, reports.get(item.item_id), year, month) for item in due]
    # 未报送 and 逾期 count over all the unit's due items of the month, whatever the board.
    flagged = {
        flag: {i.lead_unit_id for i, s in zip(due, item_scores, strict=True) if getattr(s, flag)}
        for flag in ("missing", "overdue")
    }

    bonus_by_unit: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for bonus in bonuses:
        bonus_by_unit[bonus.unit_id] += bonus.points

    # Means use the rounded item scores S, as published, so every board adds up on paper.
    pairs_by_unit = {board: defaultdict(list) for board in UNIT_BOARDS}
    pairs_by_action: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for item, item_score in zip(due, item_scores, strict=True):
        pair = (item.weight, item_score.score)
        pairs_by_action[item.action_id].append(pair)
        for board in UNIT_BOARDS:
            # The district board (区级综合评价) evaluates units over all their items.
            if board in (BOARD_DISTRICT, item.level):
                pairs_by_unit[board][item.lead_unit_id].append(pair)

    unit_entries = [
        entry
        for board in UNIT_BOARDS
        for entry in _unit_board(
            board, pairs_by_unit[board], units_by_id, bonus_by_unit, previous_ranks, flagged
        )
    ]
    action_scores = {
        action_id: weighted_mean(pairs) for action_id, pairs in pairs_by_action.items()
    }
    ranked_actions = competition_rank(
        [(aid, score, actions_by_id[aid].code) for aid, score in action_scores.items()]
    )
    action_entries = [
        ActionEntry(
            action_id=action_id,
            score=action_scores[action_id],
            rank=rank,
            item_count=len(pairs_by_action[action_id]),
            movement=movement(previous_ranks.get((BOARD_ACTIONS, action_id)), rank),
        )
        for action_id, rank in ranked_actions
    ]
    return MonthResult(item_scores, unit_entries, action_entries)


def _unit_board(
    board: str,
    pairs_by_unit: Mapping[int, list[tuple[Decimal, Decimal]]],
    units_by_id: Mapping[int, UnitFacts],
    bonus_by_unit: Mapping[int, Decimal],
    previous_ranks: Mapping[tuple[str, int], int],
    flagged: Mapping[str, set[int]],
) -> list[UnitEntry]:
    """One unit board, ranked within each group (区直部门, then 乡镇街道)."""
    figures: dict[int, tuple[Decimal, Decimal, Decimal]] = {}
    for unit_id, pairs in pairs_by_unit.items():
        base = weighted_mean(pairs)
        assert base is not None  # only units with a due item on the board are here
        bonus = Decimal("0.00")
        if board == BOARD_DISTRICT:  # 加减分 count on the district board only
            bonus = bonus_by_unit.get(unit_id, bonus)
        # Floor at 0 only; a bonus may lift a unit above 100. The re-rounding is a
        # no-op for 2-place points and keeps the unit score at 2 places otherwise.
        figures[unit_id] = (
            base,
            bonus,
            round_half_up(max(_ZERO, Fraction(base) + Fraction(bonus))),
        )

    entries: list[UnitEntry] = []
    for group in GROUPS:
        ranked = competition_rank(
            [
                (unit_id, score, units_by_id[unit_id].code)
                for unit_id, (_base, _bonus, score) in figures.items()
                if units_by_id[unit_id].group == group
            ]
        )
        honour, warning = honour_and_warning(
            ranked, missing=flagged["missing"], overdue=flagged["overdue"]
        )
        entries.extend(
            UnitEntry(
                board=board,
                unit_id=unit_id,
                group=group,
                base_score=figures[unit_id][0],
                bonus=figures[unit_id][1],
                score=figures[unit_id][2],
                rank=rank,
                movement=movement(previous_ranks.get((board, unit_id)), rank),
                item_count=len(pairs_by_unit[unit_id]),
                honour=unit_id in honour,
                warning=unit_id in warning,
            )
            for unit_id, rank in ranked
        )
    return entries
