"""DESIGN §4 written again from its text alone, over the ledgers of `ledgers.generate`.

Plain Python with exact fractions; nothing here comes from the product. Figures that the
workbook shows rounded are rounded half up (away from zero) at the points §4 names.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

GROUPS = ("区直部门", "乡镇街道")
BOARDS = {"省考排行榜": "省考", "市考排行榜": "市考", "区级综合评价榜": None}
PROGRESS_SCORE = {"已完成": 100, "序时推进": 100, "滞后": 60}
STATUS_BAND = {"已完成": "green", "序时推进": "green", "滞后": "yellow"}


def half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    value = Fraction(value)
    scaled = abs(value) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def is_due(cadence: str, month: int) -> bool:
    return cadence == "月" or (cadence == "季" and month in (3, 6, 9, 12)) or month == 12


def rule_of(item: dict) -> str:
    if item["类型"] == "指标" and item["考核层级"] in ("省考", "市考"):
        return "rank"
    if item["类型"] == "指标" and item.get("目标值") is not None:
        return "target"
    return "status"


def rank_band(rank: int, peers: int) -> str:
    third = math.ceil(Fraction(peers, 3))
    if rank <= third:
        return "green"
    if rank > peers - third:
        return "red"
    return "yellow"


def _frac(value) -> Fraction | None:
    return None if value is None else Fraction(Decimal(str(value)))


def _deadline(item: dict) -> datetime.date | None:
    value = item.get("完成时限")
    return None if value is None else value.date()


@dataclass
class ItemResult:
    item: dict
    rule: str
    score: Decimal
    band: str
    missing: bool
    overdue: bool = False
    completion: Fraction | None = None
    report: dict | None = None


def score_item(item: dict, report: dict | None, year: int, month: int) -> ItemResult:
    """S and band of a due item for month m (§4)."""
    rule = rule_of(item)
    if report is None:
        return ItemResult(item, rule, Decimal("0.00"), "red", missing=True)
    if rule == "rank":
        rank, peers = report["位次"], report["参评数"]
        s = Fraction(100) if peers == 1 else 100 - Fraction(40 * (rank - 1), peers - 1)
        return ItemResult(item, rule, half_up(s, 2), rank_band(rank, peers), False, report=report)
    if rule == "target":
        target, value = _frac(item["目标值"]), _frac(report["完成值"])
        expected = target * Fraction(month, 12) if item["累计"] == "是" else target
        if item["方向"] == "逆向":
            c = Fraction(1) if value <= 0 else expected / value
        elif expected <= 0:
            c = Fraction(1) if value >= expected else Fraction(0)
        else:
            c = value / expected
        band = "green" if c >= 1 else "yellow" if c >= Fraction(9, 10) else "red"
        s = 100 * min(max(c, Fraction(0)), Fraction(1))
        return ItemResult(item, rule, half_up(s, 2), band, False, completion=c, report=report)
    status = report.get("进度状态")
    deadline = _deadline(item)
    if deadline is not None and deadline < month_end(year, month) and status != "已完成":
        return ItemResult(item, rule, Decimal("0.00"), "red", False, overdue=True, report=report)
    score = Decimal(PROGRESS_SCORE[status]).quantize(Decimal("0.01"))
    return ItemResult(item, rule, score, STATUS_BAND[status], False, report=report)


def weighted(results: list[ItemResult]) -> Decimal:
    weights = [Fraction(Decimal(str(r.item.get("权重") or 1))) for r in results]
    total = sum(w * Fraction(r.score) for w, r in zip(weights, results, strict=True))
    return half_up(total / sum(weights), 2)


def competition(scored: list[tuple[str, Decimal]]) -> list[tuple[str, int]]:
    """(key, rank) by score descending, ties sharing a rank and listed by key."""
    ordered = sorted(scored, key=lambda pair: (-pair[1], pair[0]))
    ranks = []
    for position, (key, score) in enumerate(ordered, start=1):
        rank = ranks[-1][1] if ranks and ordered[position - 2][1] == score else position
        ranks.append((key, rank))
    return ranks


@dataclass
class UnitRow:
    code: str
    name: str
    group: str
    rank: int
    score: Decimal
    count: int
    base: Decimal
    bonus: Decimal
    movement: str = "新"
    list_name: str = ""


@dataclass
class Month:
    """Everything §4 says about one month."""

    year: int
    month: int
    items: list[ItemResult]
    boards: dict[str, list[UnitRow]] = field(default_factory=dict)
    actions: list[tuple] = field(default_factory=list)
    warnings: dict[str, tuple] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02}"


class Oracle:
    def __init__(self, ledgers: dict[int, dict[str, list[dict]]], published=None) -> None:
        self.ledgers = ledgers
        self.units = {
            year: {row["单位编码"]: row for row in ledger["单位"]}
            for year, ledger in ledgers.items()
        }
        self.reports = {
            year: {(r["事项编码"], r["月份"]): r for r in ledger["月报"]}
            for year, ledger in ledgers.items()
        }
        self.published: dict[tuple[int, int], Month] = published or {}

    def items(self, year: int) -> list[dict]:
        return self.ledgers[year]["事项"]

    def month(self, year: int, month: int) -> Month:
        label = f"{year}-{month:02}"
        results = [
            score_item(item, self.reports[year].get((item["事项编码"], label)), year, month)
            for item in self.items(year)
            if is_due(item["频次"], month)
        ]
        result = Month(year, month, results)
        previous = [m for (y, n), m in self.published.items() if y == year and n < month]
        before = max(previous, key=lambda m: m.month) if previous else None
        for board, level in BOARDS.items():
            result.boards[board] = self._board(result, board, level, before)
        result.actions = self._actions(year, results)
        result.warnings = {
            item["事项编码"]: w
            for item in self.items(year)
            if (w := self.warning(item, year, month))
        }
        return result

    def publish(self, year: int, month: int) -> Month:
        self.published[year, month] = self.month(year, month)
        return self.published[year, month]

    def _board(self, result: Month, board, level, before: Month | None) -> list[UnitRow]:
        label = result.label
        unit_names = {code: unit["单位名称"] for code, unit in self.units[result.year].items()}
        bonuses: dict[str, Fraction] = {}
        for row in self.ledgers[result.year]["加减分"]:
            if row["月份"] == label:
                bonuses[row["单位编码"]] = bonuses.get(row["单位编码"], 0) + _frac(row["分值"])
        missing = {r.item["牵头单位编码"] for r in result.items if r.missing}
        overdue = {r.item["牵头单位编码"] for r in result.items if r.overdue}
        rows = []
        for group in GROUPS:
            scored, detail = [], {}
            for code, unit in self.units[result.year].items():
                if unit["分组"] != group:
                    continue
                mine = [
                    r for r in result.items
                    if r.item["牵头单位编码"] == code and level in (None, r.item["考核层级"])
                ]  # fmt: skip
                if not mine:
                    continue
                base = weighted(mine)
                bonus = Decimal(0)
                score = base
                if level is None:
                    bonus = half_up(bonuses.get(code, 0), 2)
                    score = max(base + bonus, Decimal("0.00"))
                scored.append((code, score))
                detail[code] = (len(mine), base, bonus, score)
            ranked = competition(scored)
            n = len(ranked)
            for code, rank in ranked:
                count, base, bonus, score = detail[code]
                row = UnitRow(code, unit_names[code], group, rank, score, count, base, bonus)
                honour = rank <= 3 and code not in missing and code not in overdue
                warning = not honour and (rank > n - 3 or code in missing)
                row.list_name = "红榜" if honour else "警示榜" if warning else ""
                if before is not None:
                    earlier = {r.code: r.rank for r in before.boards[board]}
                    if code in earlier:
                        diff = earlier[code] - rank
                        row.movement = f"↑{diff}" if diff > 0 else f"↓{-diff}" if diff < 0 else "—"
                rows.append(row)
        return rows

    def _actions(self, year: int, results: list[ItemResult]) -> list[tuple]:
        actions = {row["行动编码"]: row for row in self.ledgers[year]["行动"]}
        scored, count = [], {}
        for code in actions:
            mine = [r for r in results if r.item["行动编码"] == code]
            if mine:
                scored.append((code, weighted(mine)))
                count[code] = len(mine)
        scores = dict(scored)
        return [
            (
                rank,
                actions[code]["行动名称"],
                actions[code]["领办领导"],
                self.units[year][actions[code]["牵头单位编码"]]["单位名称"],
                scores[code],
            )
            for code, rank in competition(scored)
        ]

    # -- 预警 ---------------------------------------------------------------------------

    def _accepted(self, item: dict, year: int, month: int) -> dict | None:
        if not is_due(item["频次"], month):
            return None
        return self.reports[year].get((item["事项编码"], f"{year}-{month:02}"))

    def warning(self, item: dict, year: int, m: int) -> tuple | None:
        """(band, P, c, basis) of §4's early warning, or None when not listed."""
        if not any(is_due(item["频次"], k) for k in range(1, m + 1)):
            return None
        if is_due(item["频次"], m) and self._accepted(item, year, m) is None:
            return ("red", None, None, "未报送")
        rule = rule_of(item)
        due_reports = [
            (k, r) for k in range(m, 0, -1) if (r := self._accepted(item, year, k)) is not None
        ]
        if not due_reports:
            # §4 leaves open an item due earlier but never reported: read as 未报送.
            return ("red", None, None, "未报送")
        if rule == "target":
            return self._target_warning(item, year, due_reports)
        if rule == "rank":
            ranks = [(r["位次"], r["参评数"]) for _k, r in due_reports[:2]]
            lagging = [rank_band(*pair) == "red" for pair in ranks]
            if len(ranks) == 2 and all(lagging):
                return ("red", None, None, None)
            if lagging[0] or (len(ranks) == 2 and ranks[0][0] - ranks[1][0] >= 3):
                return ("yellow", None, None, None)
            return ("green", None, None, None)
        status = due_reports[0][1]["进度状态"]
        deadline = _deadline(item)
        end = month_end(year, m)
        if status == "滞后" or (deadline is not None and deadline < end and status != "已完成"):
            return ("red", None, None, None)
        horizon = month_end(year, min(m + 2, 12))
        if status != "已完成" and deadline is not None and deadline <= horizon:
            return ("yellow", None, None, None)
        return ("green", None, None, None)

    def _target_warning(self, item: dict, year: int, due_reports) -> tuple:
        k, report = due_reports[0]
        value, target = _frac(report["完成值"]), _frac(item["目标值"])
        basis = None  # §4 names no 依据 for a level item
        if item["累计"] == "是":
            forecast, basis = value * 12 / k, "序时进度"
            last = self._last_year(item["事项编码"], year)
            if last is not None:
                at_k, at_12 = (self._accepted(last, year - 1, n) for n in (k, 12))
                a_k = _frac(at_k and at_k.get("完成值"))
                a_12 = _frac(at_12 and at_12.get("完成值"))
                if a_k is not None and a_12 is not None and a_k > 0 and a_12 > 0:
                    forecast, basis = value * a_12 / a_k, "上年同期进度"
        else:
            forecast = value
        if item["方向"] == "逆向":
            c = Fraction(1) if forecast <= 0 else target / forecast
        elif target <= 0:
            c = Fraction(1) if forecast >= target else Fraction(0)
        else:
            c = forecast / target
        band = "green" if c >= 1 else "yellow" if c >= Fraction(9, 10) else "red"
        if basis is not None:
            basis += f"（截至{k}月）"  # the month the forecast rests on
        return (band, half_up(forecast, 2), half_up(c, 3), basis)

    def _last_year(self, code: str, year: int) -> dict | None:
        if year - 1 not in self.ledgers:
            return None
        return next((i for i in self.items(year - 1) if i["事项编码"] == code), None)
