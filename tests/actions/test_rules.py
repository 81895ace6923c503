"""The item's model answers the rulebook's questions by asking the rulebook."""

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
