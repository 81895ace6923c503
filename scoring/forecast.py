"""Early warning (预警) as pure functions beside the scoring rulebook.

For month m of a year, each item that was due at least once in months 1..m gets a band
(红 / 黄 / 绿) saying where it is heading by December:

- a target item (目标) gets a forecast year-end value P — from last year's curve of the
  same item (上年同期进度) where last year has usable values, else from the time-elapsed
  pace (序时进度); a level item (时点/比率) keeps its value — and the expected completion
  c of P against the target T;
- a rank item (位次) is 红 when it is 靠后 in its latest two ranks, 黄 when it fell into
  靠后 or dropped three places or more;
- a status item (进度) is 红 when 滞后 or past its deadline, 黄 when its deadline falls
  within the next two months.

Only accepted reports of months in which the item was due count. An item due in m
without an accepted report for m is 红 未报送. Arithmetic is exact (fractions); P is
rounded half up to 2 places and c to 3 places for display only, bands use the exact c.
Nothing here may import Django.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from scoring import rulebook
from scoring.rulebook import (
    BAND_GREEN,
    BAND_RED,
    BAND_YELLOW,
    PROGRESS_BEHIND,
    PROGRESS_DONE,
    RULE_RANK,
    RULE_STATUS,
    RULE_TARGET,
    ItemFacts,
    ReportFacts,
    round_half_up,
)


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages reads the name); callers translate."""
    return message


# What a warning rests on (依据); the codes are stored, the labels shown.
BASIS_LAST_YEAR, BASIS_PACE, BASIS_LEVEL = "last_year", "pace", "level"
BASIS_RANK, BASIS_STATUS, BASIS_MISSING = "rank", "status", "missing"
BASIS_LABELS = {
    BASIS_LAST_YEAR: gettext_noop("上年同期进度"),
    BASIS_PACE: gettext_noop("序时进度"),
    BASIS_LEVEL: gettext_noop("当前值"),
    BASIS_RANK: gettext_noop("位次"),
    BASIS_STATUS: gettext_noop("进度状态"),
    BASIS_MISSING: gettext_noop("未报送"),
}
# 预警 bands share the rulebook's codes; on the sheet they read 红 / 黄 / 绿.
BAND_WORDS = {
    BAND_RED: gettext_noop("红"),
    BAND_YELLOW: gettext_noop("黄"),
    BAND_GREEN: gettext_noop("绿"),
}
RANK_DROP = 3  # falling this many places or more between two ranks is 黄

# 依据 in words, the same on the 预警 page, its JSON, the home pages and the workbook.
NO_USABLE_RANK = gettext_noop("无有效位次")
RANK_TEXT = gettext_noop("位次 %(r)s/%(n)s")
PREVIOUS_RANK_TEXT = gettext_noop("（上次 %(r)s/%(n)s）")
NO_PROGRESS = gettext_noop("未填进度")
DEADLINE_TEXT = gettext_noop("完成时限 %(d)s")
AS_OF_TEXT = gettext_noop("（截至%(k)s月）")
STATUS_HORIZON = 2  # a deadline within this many months ahead is 黄


@dataclass(frozen=True)
class Forecast:
    """One item's 预警 for month m.

    ``forecast`` is P rounded half up to 2 places and ``completion`` c rounded half up
    to 3 places (both None for rank and status items and for 未报送); ``basis_month`` is
    the month k (or the latest rank's month) the warning rests on.
    """

    item_id: int
    rule: str
    band: str
    basis: str
    missing: bool
    basis_month: int | None
    value: Decimal | None
    forecast: Decimal | None
    completion: Decimal | None
    rank: int | None
    peer_count: int | None
    previous_rank: int | None
    previous_peer_count: int | None
    progress: str | None


def due_months(cadence: str, month: int) -> list[int]:
    """The months 1..m in which an item of this cadence was due, latest first."""
    return [k for k in range(month, 0, -1) if rulebook.is_due(cadence, k)]


def pace_forecast(value: Fraction, month: int) -> Fraction:
    """P = A·12/k: the year-end value at the pace of the first k months (序时进度)."""
    return value * 12 / month


def curve_forecast(value: Fraction, last_k: Fraction, last_december: Fraction) -> Fraction:
    """P = A·A′₁₂/A′ₖ: the year-end value if the rest of the year goes as last year's did."""
    return value * last_december / last_k


def year_end_forecast(
    value: Decimal, cumulative: bool, month: int, last_year: Mapping[int, Decimal | None]
) -> tuple[Fraction, str]:
    """Forecast year-end value P and its basis for value A reported for month k.

    A level item keeps A. A cumulative item follows last year's curve when last year's
    accepted values for month k and for December are both > 0, else the pace.
    """
    a = Fraction(value)
    if not cumulative:
        return a, BASIS_LEVEL
    last_k, last_december = last_year.get(month), last_year.get(12)
    if last_k is not None and last_december is not None and last_k > 0 and last_december > 0:
        return curve_forecast(a, Fraction(last_k), Fraction(last_december)), BASIS_LAST_YEAR
    return pace_forecast(a, month), BASIS_PACE


def is_lagging(rank: int, peer_count: int) -> bool:
    """靠后: the rulebook's red rank band, r > ⌈N/3⌉ and r > N − ⌈N/3⌉ (never for N = 1)."""
    return rulebook.rank_band(rank, peer_count) == BAND_RED


class WarningBasis(Protocol):
    """What 依据 is written from: a stored WarningResult or a board's WarningRow."""

    basis: str
    basis_month: int | None
    rank: int | None
    peer_count: int | None
    previous_rank: int | None
    previous_peer_count: int | None
    progress: str
    deadline: date | None


def basis_text(
    row: WarningBasis,
    progress_names: Mapping[str, str],
    translate: Callable[[str], str] = str,
) -> str:
    """依据 in words: the forecast method and the month it rests on (序时进度（截至6月）),
    the ranks (位次 7/9（上次 5/9）), or the status and deadline (滞后 · 完成时限
    2022-06-30), or 未报送. `progress_names` gives the words of a status; `translate`
    turns a message into the page's language (the workbook keeps the Chinese)."""
    if row.basis == BASIS_RANK:
        if row.rank is None:
            return translate(NO_USABLE_RANK)
        text = translate(RANK_TEXT) % {"r": row.rank, "n": row.peer_count}
        if row.previous_rank is not None:
            text += translate(PREVIOUS_RANK_TEXT) % {
                "r": row.previous_rank,
                "n": row.previous_peer_count,
            }
        return text
    if row.basis == BASIS_STATUS:
        parts = [translate(progress_names.get(row.progress) or NO_PROGRESS)]
        if row.deadline is not None:
            parts.append(translate(DEADLINE_TEXT) % {"d": row.deadline.isoformat()})
        return " · ".join(parts)
    text = translate(BASIS_LABELS[row.basis])
    if row.basis_month and row.basis in (BASIS_LAST_YEAR, BASIS_PACE):
        text += translate(AS_OF_TEXT) % {"k": row.basis_month}
    return text


def rank_band(latest: tuple[int, int] | None, previous: tuple[int, int] | None) -> str:
    """Band of a rank item from its latest two (rank, peer count): 红 when 靠后 in both,
    黄 when 靠后 in the latest only or it fell by 3 places or more, else 绿."""
    if latest is None:
        return BAND_GREEN
    latest_lagging = is_lagging(*latest)
    previous_lagging = previous is not None and is_lagging(*previous)
    if latest_lagging and previous_lagging:
        return BAND_RED
    if latest_lagging or (previous is not None and latest[0] - previous[0] >= RANK_DROP):
        return BAND_YELLOW
    return BAND_GREEN


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def status_band(progress: str | None, deadline: date | None, year: int, month: int) -> str:
    """Band of a status item: 红 when 滞后, or past its deadline (完成时限 before the last
    day of m) and not 已完成; 黄 when not 已完成 and the deadline is on or before the
    last day of month min(m + 2, 12); else 绿."""
    done = progress == PROGRESS_DONE
    if progress == PROGRESS_BEHIND or (
        deadline is not None and not done and deadline < last_day(year, month)
    ):
        return BAND_RED
    horizon = last_day(year, min(month + STATUS_HORIZON, 12))
    if not done and deadline is not None and deadline <= horizon:
        return BAND_YELLOW
    return BAND_GREEN


def forecast_item(
    item: ItemFacts,
    year: int,
    month: int,
    reports: Mapping[int, ReportFacts],
    last_year: Mapping[int, Decimal | None] | None = None,
) -> Forecast | None:
    """The 预警 of one item for month m, or None when it was never due in months 1..m.

    ``reports`` maps month numbers of the year to the item's accepted reports (reports of
    months in which it was not due are ignored); ``last_year`` maps month numbers of last
    year to the accepted values of the same item then (months it was due in).
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month!r}")
    due = due_months(item.cadence, month)
    if not due:
        return None
    rule = rulebook.rule_for(item)
    blank = {
        "item_id": item.item_id,
        "rule": rule,
        "basis_month": None,
        "value": None,
        "forecast": None,
        "completion": None,
        "rank": None,
        "peer_count": None,
        "previous_rank": None,
        "previous_peer_count": None,
        "progress": None,
    }
    due_reports = [(k, reports[k]) for k in due if k in reports]
    # Due in m without a report, or due before and never reported since: 未报送, whatever
    # the rule (nothing accepted to forecast from).
    if not due_reports or (rulebook.is_due(item.cadence, month) and month not in reports):
        return Forecast(**blank, band=BAND_RED, basis=BASIS_MISSING, missing=True)

    if rule == RULE_TARGET:
        valued = [(k, r.value) for k, r in due_reports if r.value is not None]
        if not valued:
            return Forecast(**blank, band=BAND_RED, basis=BASIS_MISSING, missing=True)
        assert item.target is not None  # rule_for guarantees it
        k, value = valued[0]
        p, basis = year_end_forecast(value, item.cumulative, k, last_year or {})
        # c measures P against T as the rulebook measures A against E.
        c = rulebook.completion(item.direction, p, Fraction(item.target))
        return Forecast(
            **{
                **blank,
                "basis_month": k,
                "value": value,
                "forecast": round_half_up(p, 2),
                "completion": round_half_up(c, 3),
            },
            band=rulebook.completion_band(c),
            basis=basis,
            missing=False,
        )

    if rule == RULE_RANK:
        ranked = [
            (k, (r.rank, r.peer_count))
            for k, r in due_reports
            if rulebook.rank_is_usable(r.rank, r.peer_count)
        ]
        latest = ranked[0][1] if ranked else None
        previous = ranked[1][1] if len(ranked) > 1 else None
        return Forecast(
            **{
                **blank,
                "basis_month": ranked[0][0] if ranked else None,
                "rank": latest[0] if latest else None,
                "peer_count": latest[1] if latest else None,
                "previous_rank": previous[0] if previous else None,
                "previous_peer_count": previous[1] if previous else None,
            },
            band=rank_band(latest, previous),
            basis=BASIS_RANK,
            missing=False,
        )

    assert rule == RULE_STATUS
    statuses = [(k, r.progress) for k, r in due_reports if r.progress]
    progress = statuses[0][1] if statuses else None
    return Forecast(
        **{**blank, "basis_month": statuses[0][0] if statuses else None, "progress": progress},
        band=status_band(progress, item.deadline, year, month),
        basis=BASIS_STATUS,
        missing=False,
    )


def forecast_month(
    year: int,
    month: int,
    items: Iterable[ItemFacts],
    reports: Mapping[tuple[int, int], ReportFacts],
    last_year: Mapping[tuple[str, int], Decimal | None],
) -> list[Forecast]:
    """预警 of every item for month m, ordered by item code.

    ``reports`` maps (item_id, month number) to accepted reports of the year;
    ``last_year`` maps (item code, month number) to last year's accepted values.
    """
    by_item: dict[int, dict[int, ReportFacts]] = {}
    for (item_id, number), report in reports.items():
        by_item.setdefault(item_id, {})[number] = report
    by_code: dict[str, dict[int, Decimal | None]] = {}
    for (code, number), value in last_year.items():
        by_code.setdefault(code, {})[number] = value
    ordered = sorted(items, key=lambda item: (item.code, item.item_id))
    if len({item.item_id for item in ordered}) != len(ordered):
        raise ValueError("duplicate item_id in input")
    forecasts = (
        forecast_item(item, year, month, by_item.get(item.item_id, {}), by_code.get(item.code))
        for item in ordered
    )
    return [f for f in forecasts if f is not None]
