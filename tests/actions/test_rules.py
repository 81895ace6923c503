"""The item's model answers the rulebook's questions by asking the rulebook."""

from decimal import Decimal

import pytest

from actions.models import Cadence, Item
from scoring import rulebook
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_it_filters_and_answers_due_items_as_the_rulebook_says():
    items = {cadence: ItemFactory(cadence=cadence) for cadence in Cadence.values}
    for month in range(1, 13):
        due = {item.cadence for item in Item.objects.due_in(month)}
        expected = {c for c in Cadence.values if rulebook.is_due(c, month)}
        assert due == expected, month
        assert {c for c, item in items.items() if item.is_due(month)} == expected, month
    assert {item.cadence for item in Item.objects.due_in(3)} == {"monthly", "quarterly"}


@pytest.mark.parametrize(
    ("kind", "level", "target", "rule"),
    [
        ("indicator", "province", None, "rank"),
        ("indicator", "city", Decimal("10"), "rank"),
        ("indicator", "district", Decimal("10"), "target"),
        ("indicator", "district", Decimal("0"), "target"),
        ("indicator", "district", None, "status"),
        ("project", "province", Decimal("10"), "status"),
        ("task", "district", Decimal("10"), "status"),
    ],
)
def test_it_scores_an_item_by_the_rulebooks_rule(kind, level, target, rule):
    item = Item(kind=kind, level=level, target=target)
    assert item.scoring_rule == rule
    assert (item.scored_by_rank, item.scored_by_target) == (rule == "rank", rule == "target")
