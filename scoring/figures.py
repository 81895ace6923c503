"""Small pure rules beside the rulebook. Nothing here may import Django.

- The rank a report gives (位次 among 参评数 peers): when it is usable, so the fill-in
  form, the ledger import and the save service refuse the same figures with the same
  words. The database's own check constraint ``report_rank_within_peers`` stays as the
  last guard.
- Who of a unit group goes on 红榜 and on 警示榜: the one rule the boards, the big screen,
  the JSON and the meeting workbook all read (they show the flags the score run stored).
- How a figure is written (目标值, 完成值, 序时进度, 预测年末值, 完成率, 得分): by its
  measurement unit, the same text on every page, in the JSON, the notice and the workbook.
- Why a unit placed 1–3 is kept off 红榜 ("逾期：GY-15"): beside that rule, and told
  in the same words by the board page, the big screen and the meeting workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

HONOUR_PLACES = WARNING_PLACES = 3


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages reads the name); callers translate."""
    return message


PEERS_BELOW_ONE = gettext_noop("参评数至少为 1")
RANK_BELOW_ONE = gettext_noop("位次至少为 1")
RANK_WITHOUT_PEERS = gettext_noop("填写位次时须填写参评数")
RANK_ABOVE_PEERS = gettext_noop("位次不能大于参评数")


def rank_errors(rank: int | None, peer_count: int | None) -> dict[str, str]:
    """What is wrong with a rank and peer count, as {"rank" | "peer_count": Chinese
    message} still to be translated; empty when both are blank, or peer_count ≥ 1 with
    a blank rank, or 1 ≤ rank ≤ peer_count."""
    errors = {}
    if peer_count is not None and peer_count < 1:
        errors["peer_count"] = PEERS_BELOW_ONE
    if rank is None:
        return errors
    if rank < 1:
        errors["rank"] = RANK_BELOW_ONE
    elif peer_count is None:
        errors["peer_count"] = RANK_WITHOUT_PEERS
    elif rank > peer_count:
        errors["rank"] = RANK_ABOVE_PEERS
    return errors


def rank_is_usable(rank: int | None, peer_count: int | None) -> bool:
    """Whether a rank can be scored: given, with 1 ≤ rank ≤ peer_count."""
    return rank is not None and not rank_errors(rank, peer_count)


def honour_and_warning(
    ranked: Sequence[tuple[K, int]],
    *,
    missing: Collection[K] = (),
    overdue: Collection[K] = (),
) -> tuple[list[K], list[K]]:
    """红榜 and 警示榜 of one unit group on one board, each in rank order.

    ``ranked`` is every unit of the group on the board with its competition rank;
    ``missing`` / ``overdue`` are the units with a 未报送 / 逾期 item that month.

    - 红榜: places 1–3 (ties included), except a unit with a 未报送 or 逾期 item.
    - 警示榜: rank > n − 3 (n = the group's units on the board), plus every unit with a
      未报送 item.
    - No unit is on both: one that qualifies for both by rank is on 红榜; one kept off
      红榜 by 未报送 or 逾期 goes to 警示榜 if it qualifies there.
    """
    ordered = sorted(ranked, key=lambda entry: entry[1])
    excluded = set(missing) | set(overdue)
    honour = [key for key, rank in ordered if rank <= HONOUR_PLACES and key not in excluded]
    honoured = set(honour)
    bottom = len(ordered) - WARNING_PLACES
    warning = [
        key for key, rank in ordered if key not in honoured and (rank > bottom or key in missing)
    ]
    return honour, warning


# How a figure is written, decided by its measurement unit (计量单位). Counts are whole
# things; 元, 万元 and 亿元 all end in 元; rates are percentages. "万人" is a count of ten
# thousands, so it can have decimals.
COUNT_UNITS = (
    *("个", "户", "家", "人", "项", "件", "次", "座", "套", "所", "宗", "栋", "辆", "台"),
    *("起", "名", "条", "篇", "场", "处", "份", "批", "例"),
)
COUNTS_OF_TEN_THOUSANDS = ("万个", "万户", "万人")
MONEY_UNITS = ("元",)
RATE_UNITS = ("%", "％", "‰")
FIXED_PLACES = 2  # money, rates, scores: as DESIGN rounds scores
ESTIMATE_PLACES = 2  # at most, for a figure worked out (序时进度, 预测年末值)
STORED_PLACES = 4  # at most, for a figure as typed: what the columns keep


def is_count(measure_unit: str) -> bool:
    """人, 个, 家, 项, 户, 次 … : a number of whole things."""
    unit = measure_unit.strip()
    return unit.endswith(COUNT_UNITS) and not unit.endswith(COUNTS_OF_TEN_THOUSANDS)


def figure_places(
    measure_unit: str, values: Iterable[Decimal | None], *, estimate: bool = False
) -> int:
    """How many decimals an item's figures are written with, the same on every page,
    in the JSON and in the workbook:

    - money (元, 万元, 亿元) and rates (%): 2, always;
    - a count (人, 个 …): an estimate (序时进度, 预测年末值) is whole; a reported figure
      has as many as it really has (24.0000 → 24, 12.5 → 12.5);
    - any other unit: as many as the figures really have, at most 2 for an estimate
      and 4 (what is stored) for a reported figure."""
    unit = measure_unit.strip()
    if unit.endswith(MONEY_UNITS) or unit in RATE_UNITS:
        return FIXED_PLACES
    if estimate and is_count(unit):
        return 0
    most = ESTIMATE_PLACES if estimate else STORED_PLACES
    places = 0
    for value in values:
        if value is not None and value.is_finite():
            places = max(places, min(-value.normalize().as_tuple().exponent, most))
    return places


def figure_text(
    value: Decimal | None,
    measure_unit: str = "",
    *,
    estimate: bool = False,
    with_unit: bool = False,
    grouped: bool = True,
) -> str:
    """A figure (目标值, 完成值, 序时进度, 预测年末值) as every page and export writes it:
    places by `figure_places`, rounded half up, thousands separated unless `grouped` is
    False (machine-readable JSON), the unit after it when `with_unit`; blank for None.
    6945.0923 人 estimated → "6,945", 24.0000 个 → "24", 5 亿元 → "5.00"."""
    if value is None:
        return ""
    places = figure_places(measure_unit, [value], estimate=estimate)
    text = _fixed(value, places, grouped=grouped)
    return f"{text}{measure_unit.strip()}" if with_unit else text


def percent_text(ratio: Decimal | None) -> str:
    """A completion (完成率 c, a ratio) as a percentage with 1 decimal, as the workbook's
    0.0% format shows it: 0.9534 → "95.3%"; blank for None."""
    if ratio is None:
        return ""
    return f"{_fixed(ratio * 100, 1, grouped=True)}%"


def score_text(score: Decimal | None) -> str:
    """A score (得分 S, a unit's or an action's) with its 2 places: 96.5 → "96.50"."""
    return "" if score is None else _fixed(score, FIXED_PLACES, grouped=False)


def bonus_text(points: Decimal | str | None) -> str:
    """Bonus points (加减分, signed) with their 2 places and sign, as every board writes
    them: 3 → "+3.00", -2.5 → "-2.50", none → "0"; blank for None."""
    if points is None or points == "":
        return ""
    value = Decimal(points)
    text = _fixed(value, FIXED_PLACES, grouped=False)
    if Decimal(text).is_zero():
        return "0"
    return f"+{text}" if value > 0 else text


def _fixed(value: Decimal, places: int, *, grouped: bool) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:,.{places}f}" if grouped else f"{rounded:.{places}f}"


OVERDUE_REASON = gettext_noop("逾期：%(codes)s")
MISSING_REASON = gettext_noop("未报送：%(codes)s")
# The separators of a list (SZ-16、KJ-09) and of its parts, in the reader's language.
LIST_SEPARATOR = gettext_noop("、")
PART_SEPARATOR = gettext_noop("；")


@dataclass(frozen=True)
class HonourExclusion:
    """Why a unit placed 1–3 is not on 红榜: its items 逾期 and 未报送 that month (codes)."""

    overdue: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def text(self, translate: Callable[[str], str] = str, code: Callable[[str], str] = str) -> str:
        """逾期：GY-15；未报送：SZ-16、KJ-09 (`translate` is the caller's gettext; `code`
        writes an item code, a page's keeps it on one line)."""
        parts = [
            translate(reason) % {"codes": translate(LIST_SEPARATOR).join(map(code, codes))}
            for reason, codes in ((OVERDUE_REASON, self.overdue), (MISSING_REASON, self.missing))
            if codes
        ]
        return translate(PART_SEPARATOR).join(parts)


def honour_exclusions(
    placed: Iterable[tuple[K, int, bool]],
    flagged_items: Iterable[tuple[K, str, bool, bool]],
) -> dict[K, HonourExclusion]:
    """The units of a board that placed 1–3 but are not on 红榜, each with the reason
    `honour_and_warning()` kept them off: their 逾期 and 未报送 items of the month.

    ``placed`` is every unit of the board as (unit, rank, on 红榜); ``flagged_items`` the
    month's items (lead unit, item code, 未报送, 逾期), on any board, in the order they are
    to be named.
    """
    overdue: dict[K, list[str]] = {}
    missing: dict[K, list[str]] = {}
    for unit, code, is_missing, is_overdue in flagged_items:
        # An unreported item past its deadline is both; it is named once, as 未报送.
        if is_missing:
            missing.setdefault(unit, []).append(code)
        elif is_overdue:
            overdue.setdefault(unit, []).append(code)
    return {
        unit: HonourExclusion(tuple(overdue.get(unit, ())), tuple(missing.get(unit, ())))
        for unit, rank, honour in placed
        if rank <= HONOUR_PLACES and not honour and (unit in overdue or unit in missing)
    }
