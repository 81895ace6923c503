"""The one check of a rank among its peers (位次/参评数), pure, no database."""

import pytest

from scoring.figures import rank_errors, rank_is_usable

RANK_CASES = [
    # rank, peer_count, errors
    (None, None, {}),
    (None, 5, {}),
    (1, 1, {}),
    (5, 5, {}),
    (6, 5, {"rank": "位次不能大于参评数"}),
    (0, 5, {"rank": "位次至少为 1"}),
    (-2, None, {"rank": "位次至少为 1"}),
    (1, None, {"peer_count": "填写位次时须填写参评数"}),
    (None, 0, {"peer_count": "参评数至少为 1"}),
    (1, 0, {"peer_count": "参评数至少为 1", "rank": "位次不能大于参评数"}),
]


@pytest.mark.parametrize(("rank", "peer_count", "errors"), RANK_CASES)
def test_it_names_what_is_wrong_with_a_rank(rank, peer_count, errors):
    assert rank_errors(rank, peer_count) == errors


@pytest.mark.parametrize(("rank", "peer_count", "errors"), RANK_CASES)
def test_it_scores_only_a_given_rank_within_its_peers(rank, peer_count, errors):
    assert rank_is_usable(rank, peer_count) == (rank is not None and not errors)
