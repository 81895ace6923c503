"""The scoring rules page (评分办法): docs/rulebook.md for every logged-in user, linked
from the boards, and the document's worked examples agree with scoring.rulebook."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from scoring import rulebook
from scoring.services import publish_month

from .builders import build_march

pytestmark = pytest.mark.django_db

READERS = ["office", "leader", "reporter_a", "head_a", "reporter_b"]
URL = "/boards/rules/"


def rulebook_text() -> str:
    return (settings.BASE_DIR / "docs" / "rulebook.md").read_text(encoding="utf-8")


def test_it_has_the_expected_url():
    assert reverse("scoring:rulebook") == URL


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_rules_to_each_persona(personas, persona):
    response = getattr(personas, persona).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for rule in ("S = 100 − 40 × (r − 1) / (N − 1)", "E = T × m / 12", "红榜", "警示榜"):
        assert rule in html
    # Markdown became HTML: tables, and headings with ids to link to.
    assert "<table>" in html
    assert '<h2 id="一事项按哪种规则计分">' in html


def test_it_sends_anonymous_visitors_to_log_in(personas):
    response = personas.anonymous.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_says_in_english_that_the_rules_are_chinese(personas):
    chinese = personas.leader.get(URL).content.decode()
    english = personas.leader.get(URL, headers={"accept-language": "en"}).content.decode()
    assert "The scoring rules are written in Chinese only." in english
    assert "The scoring rules are written in Chinese only." not in chinese
    assert "评分办法仅有中文版本" not in chinese


def test_it_runs_a_fixed_number_of_queries(personas, django_assert_num_queries):
    personas.reporter_a.get(URL)  # the HTML is cached per process after the first render
    # session, and the user with its unit (the header names it)
    with django_assert_num_queries(2):
        assert personas.reporter_a.get(URL).status_code == 200


def test_it_is_linked_from_the_board_and_the_drill_down(personas, district):
    build_march()
    publish_month("2022-03")
    link = f'href="{URL}"'
    board = personas.reporter_b.get(reverse("scoring:month_boards", args=["2022-03"]))
    detail = personas.reporter_b.get(
        reverse("scoring:unit_detail", args=["2022-03", "district", "A01"])
    )
    assert board.status_code == detail.status_code == 200
    assert link in board.content.decode()
    assert link in detail.content.decode()


# --- the worked examples in docs/rulebook.md (八、计算示例), computed by the rulebook ---


def _item(item_id: int, **facts) -> rulebook.ItemFacts:
    defaults = {
        "item_id": item_id,
        "code": f"I{item_id}",
        "kind": rulebook.KIND_INDICATOR,
        "level": rulebook.LEVEL_DISTRICT,
        "cadence": rulebook.CADENCE_MONTHLY,
        "target": None,
        "direction": rulebook.DIRECTION_POSITIVE,
        "cumulative": True,
        "deadline": None,
        "weight": Decimal("1"),
        "lead_unit_id": 1,
        "action_id": 1,
    }
    return rulebook.ItemFacts(**(defaults | facts))


def _report(**facts) -> rulebook.ReportFacts:
    return rulebook.ReportFacts(**({"value": None, "rank": None, "peer_count": None} | facts))


JULY = 7
CITY_RANK = _item(1, level=rulebook.LEVEL_CITY)
CUMULATIVE = _item(2, target=Decimal("36000"))
RATIO = _item(3, target=Decimal("5"), cumulative=False, direction=rulebook.DIRECTION_NEGATIVE)
PROJECT = _item(4, kind=rulebook.KIND_PROJECT, deadline=date(2022, 12, 31))
REPORTS = {
    1: _report(rank=5, peer_count=12, progress=None),
    2: _report(value=Decimal("19000"), progress=None),
    3: _report(value=Decimal("5.5"), progress=None),
    4: _report(progress=rulebook.PROGRESS_BEHIND),
}


@pytest.mark.parametrize(
    ("item", "phrase"),
    [
        (CITY_RANK, "**记 85.45 分**"),
        (CUMULATIVE, "**记 90.48 分**"),
        (RATIO, "**记 90.91 分**，为**黄**"),
    ],
)
def test_it_documents_item_scores_the_rulebook_computes(item, phrase):
    score = rulebook.score_item(item, REPORTS[item.item_id], 2022, JULY)
    assert f"记 {score.score} 分" in phrase
    assert score.band == rulebook.BAND_YELLOW  # every example in the document is 黄
    assert phrase in rulebook_text()


def test_it_documents_the_unit_score_the_rulebook_computes():
    result = rulebook.score_month(
        2022,
        JULY,
        [CITY_RANK, CUMULATIVE, PROJECT],
        REPORTS,
        [rulebook.UnitFacts(1, "A01", rulebook.GROUP_DEPARTMENT)],
        [rulebook.ActionFacts(1, "X1")],
        [rulebook.BonusFacts(1, Decimal("-1.50"), "示例")],
        {},
    )
    scores = {entry.board: entry for entry in result.unit_entries}
    text = rulebook_text()
    assert scores[rulebook.BOARD_CITY].score == Decimal("85.45")
    assert "市考榜：只有市考指标一项，**85.45 分**" in text
    district = scores[rulebook.BOARD_DISTRICT]
    assert f"记 {district.base_score} 分" in text
    assert f"**最终 {district.score} 分**" in text


def test_it_documents_the_competition_ranking_the_rulebook_computes():
    scores = ["95.00", "88.20", "88.20", "80.00"]
    ranked = rulebook.competition_rank(
        [(i, Decimal(score), f"A0{i}") for i, score in enumerate(scores)]
    )
    ranks = "、".join(str(rank) for _key, rank in ranked)
    assert f"{'、'.join(scores)}，名次依次为 {ranks}" in rulebook_text()
