"""Plausibility flags (异常提示) of a report's figures against last month's and the target.

A flag is not an error: the figure may be right. The reporter confirms each flag with a
reason before the report goes, and the reviewer sees the flags and the reasons. Pure
functions over plain values, so the rules are tested without a database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext, gettext_noop

from scoring import rulebook
from scoring.figures import figure_text

LOWER_THAN_LAST = "lower_than_last"
OVER_3X_LAST = "over_3x_last"
OVER_3X_TARGET = "over_3x_target"
RANK_MOVED = "rank_moved"
FLAT_BEHIND = "flat_behind"

# How far a figure may move before it is flagged.
JUMP_FACTOR = 3
RANK_MOVE = 10

# 上期, not 上月: the figures compared are the latest earlier report's, which for an
# item reported quarterly (or a month skipped) is not last month's.
FLAG_TEXTS = {
    LOWER_THAN_LAST: gettext_noop("累计值低于上期（上期 %(previous)s）"),
    OVER_3X_LAST: gettext_noop("完成值超过上期的 3 倍（上期 %(previous)s）"),
    OVER_3X_TARGET: gettext_noop("完成值超过年度目标的 3 倍（目标 %(target)s）"),
    RANK_MOVED: gettext_noop("位次变动 10 位及以上（上期第 %(previous)s 位）"),
    FLAT_BEHIND: gettext_noop("累计值与上期相同，且落后于序时进度"),
}


@dataclass(frozen=True)
class Figures:
    """What the flags read: this month's figures, last month's and the item's target.
    `last_*` are the latest earlier report's; `same_year` says whether it is of the same
    plan year (a cumulative figure starts again in January)."""

    value: Decimal | None
    rank: int | None
    last_value: Decimal | None
    last_rank: int | None
    same_year: bool
    cumulative: bool
    direction: str
    target: Decimal | None
    month: int


def flags(figures: Figures) -> dict[str, dict[str, str]]:
    """The flags raised by the figures: code → the values its text names."""
    raised: dict[str, dict[str, str]] = {}
    value, last = figures.value, figures.last_value
    if value is not None and last is not None and figures.same_year:
        if figures.cumulative and value < last:
            raised[LOWER_THAN_LAST] = {"previous": _plain(last)}
        if last > 0 and value > JUMP_FACTOR * last:
            raised[OVER_3X_LAST] = {"previous": _plain(last)}
        if figures.cumulative and value == last and _behind(figures):
            raised[FLAT_BEHIND] = {}
    if value is not None and figures.target and figures.target > 0:
        if value > JUMP_FACTOR * figures.target:
            raised[OVER_3X_TARGET] = {"target": _plain(figures.target)}
    if figures.rank is not None and figures.last_rank is not None:
        if abs(figures.rank - figures.last_rank) >= RANK_MOVE:
            raised[RANK_MOVED] = {"previous": str(figures.last_rank)}
    return raised


def flag_text(code: str, params: dict | None = None) -> str:
    """A flag's text in the current language (an unknown code shows as it is)."""
    if code not in FLAG_TEXTS:
        return code
    return gettext(FLAG_TEXTS[code]) % (params or {})


def _behind(figures: Figures) -> bool:
    """Below 序时进度 (completion under 1), for an item scored against a target."""
    if figures.target is None or figures.value is None:
        return False
    expected = rulebook.expected_value(figures.target, figures.cumulative, figures.month)
    return rulebook.completion(figures.direction, Fraction(figures.value), expected) < 1


def _plain(number: Decimal) -> str:
    return figure_text(number, grouped=False)
