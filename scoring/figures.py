"""Small pure rules beside the rulebook. Nothing here may import Django.

- The rank a report gives (位次 among 参评数 peers): when it is usable, so the fill-in
  form, the ledger import and the save service refuse the same figures with the same
  words. The database's own check constraint ``report_rank_within_peers`` stays as the
  last guard.
- Who of a unit group goes on 红榜 and on 警示榜: the one rule the boards, the big screen,
  the JSON and the meeting workbook all read (they show the flags the score run stored).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
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
