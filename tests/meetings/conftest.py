"""Fixtures of the meeting tests: a scored month, an official, a rating session, and
helpers."""

from decimal import Decimal

import pytest

from actions.models import Level
from meetings.services import open_rating_session
from reporting.models import ReportState
from tests.factories import OfficialFactory, ReportFactory


@pytest.fixture
def official(db):
    return OfficialFactory(name="王副区长", title="副区长")


@pytest.fixture
def scored(district):
    """The district's March with accepted reports, scored: A green, B red, T yellow."""
    from scoring.services import compute_month

    district.item_b.level = Level.PROVINCE
    district.item_b.save()
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("30"))
    ReportFactory(
        item=district.item_b,
        month=district.month,
        value=Decimal("1"),
        rank=26,
        peer_count=26,
        state=ReportState.ACCEPTED,
    )
    ReportFactory(item=district.item_t, month=district.month, value=Decimal("28.5"))
    compute_month(district.month)
    return district


@pytest.fixture
def session(personas, district):
    """A 现场测评 of units A and B in the district's March, open, with three guest seats."""
    return open_rating_session(
        month=district.month,
        user=personas.users.office,
        units=[district.unit_a, district.unit_b],
        title="3月现场测评",
        seat_count=3,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
