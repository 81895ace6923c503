"""The rank a report gives (位次 among 参评数 peers): when it is usable, as a pure function
beside the rulebook, so the fill-in form, the ledger import and the save service refuse
the same figures with the same words. The database's own check constraint
``report_rank_within_peers`` stays as the last guard. Nothing here may import Django.
"""

from __future__ import annotations


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
