"""Small pure rules beside the rulebook. Nothing here may import Django.

- The rank a report gives (位次 among 参评数 peers): when it is usable, so the fill-in
  form, the ledger import and the save service refuse the same figures with the same
  words. The database's own check constraint ``report_rank_within_peers`` stays as the
  last guard.
- Who of a unit group goes on 红榜 and on 警示榜: the one rule the boards, the big screen,
  the JSON and the meeting workbook all read (they show the flags the score run stored).
- Why a unit placed 1–3 is kept off 红榜 ("逾期：GY-15"): beside that rule, and told
  in the same words by the board page, the big screen and the meeting workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
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


OVERDUE_REASON = gettext_noop("逾期：%(codes)s")
MISSING_REASON = gettext_noop("未报送：%(codes)s")


@dataclass(frozen=True)
class HonourExclusion:
    """Why a unit placed 1–3 is not on 红榜: its items 逾期 and 未报送 that month (codes)."""

    overdue: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def text(self, translate: Callable[[str], str] = str) -> str:
        """逾期：GY-15；未报送：SZ-16、KJ-09 (`translate` is the caller's gettext)."""
        parts = [
            translate(reason) % {"codes": "、".join(codes)}
            for reason, codes in ((OVERDUE_REASON, self.overdue), (MISSING_REASON, self.missing))
            if codes
        ]
        return "；".join(parts)


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
