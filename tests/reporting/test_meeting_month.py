"""Which month and plan year a page shows (reporting.months.shown_month): the meeting
month on homes and boards, the month being reported on the reporting pages, and never
next year's plan before its first month is opened or picked."""

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse

from actions.services import carry_over_plan
from reporting.models import Month, MonthState, Report, ReportState
from reporting.months import OpensOn, pickable_months, reads_previews, shown_month, working_year
from scoring.services import compute_month, publish_month
from tests.factories import MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_it_opens_on_the_latest_published_month_or_the_open_one(personas, district):
    leader, reporter = personas.users.leader, personas.users.reporter_a
    compute_month(district.month)
    publish_month("2022-03")
    april = MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    assert shown_month(leader).label == "2022-03"
    assert not shown_month(leader).preview
    assert shown_month(reporter).label == "2022-03"
    assert shown_month(leader, opens_on=OpensOn.OPEN).month == april
    picked = shown_month(leader, "2022-04")
    assert picked.month == april and picked.preview and picked.plan_year == 2022
    # A reporter picks only published months on the meeting's pages, any on the fill page.
    with pytest.raises(Http404):
        shown_month(reporter, "2022-04")
    assert shown_month(reporter, "2022-04", opens_on=OpensOn.OPEN).month == april
    for bad in ("2022-13", "april", "2030-01"):
        with pytest.raises(Http404):
            shown_month(leader, bad)
    assert [m.label for m in shown_month(reporter).months] == ["2022-03"]


def test_it_shows_the_open_months_plan_year_after_carrying_the_plan_over(
    personas, district, time_machine
):
    """In January, with last December still being reported, next year's plan is carried
    over: every page stays on December's year until January is opened or picked."""
    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False)
    Month.objects.filter(pk=district.month.pk).update(state=MonthState.PUBLISHED)
    december = MonthFactory(year=2022, number=12, state=MonthState.OPEN)
    carry_over_plan(2022)
    assert working_year() == 2022
    assert shown_month(personas.users.office, opens_on=OpensOn.OPEN).plan_year == 2022

    reporter_home = personas.reporter_a.get(reverse("home"))
    assert {g["items"][0].plan_year.year for g in reporter_home.context["groups"]} == {2022}
    items = personas.reporter_a.get(reverse("reporting:item_list"))
    assert {item.plan_year.year for item in items.context["table"].data} == {2022}
    fill = personas.reporter_a.get(reverse("reporting:fill"))
    assert fill.context["month"] == december
    assert {row.item.plan_year.year for row in fill.context["rows"]} == {2022}
    for persona in ("office", "leader"):
        home = getattr(personas, persona).get(reverse("home"))
        assert {action.plan_year.year for action in home.context["actions"]} == {2022}

    # January opened: the reporting pages and the item list move on to 2023's plan.
    MonthFactory(year=2023, number=1, state=MonthState.OPEN)
    Month.objects.filter(pk=december.pk).update(state=MonthState.CLOSED)
    items = personas.reporter_a.get(reverse("reporting:item_list"))
    assert {item.plan_year.year for item in items.context["table"].data} == {2023}
    fill = personas.reporter_a.get(reverse("reporting:fill"))
    assert {row.item.plan_year.year for row in fill.context["rows"]} == {2023}


def test_every_month_page_takes_the_picked_month(personas, district):
    compute_month(district.month)
    publish_month("2022-03")
    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    office, leader = personas.office, personas.leader
    # The office's workbench runs the month being reported unless another is picked.
    assert office.get(reverse("home")).context["office"].month.label == "2022-04"
    assert office.get(reverse("home"), {"month": "2022-03"}).context["office"].month.label == (
        "2022-03"
    )
    # The meeting and its big screen open on the meeting month, and take ?month=.
    assert leader.get(reverse("meetings:index")).url == reverse("meetings:month", args=["2022-03"])
    picked = leader.get(reverse("meetings:index"), {"month": "2022-04"})
    assert picked.url == reverse("meetings:month", args=["2022-04"])
    for name in ("scoring:lagging", "scoring:warnings_latest"):
        assert leader.get(reverse(name), {"month": "2022-04"}).url.startswith("/boards/2022-04/")
    assert personas.reporter_a.get(reverse("reporting:fill")).context["month"].label == "2022-04"
    review = office.get(reverse("reporting:review"), {"month": "2022-03"})
    assert review.context["month"].label == "2022-03"


def test_the_picker_lists_what_the_orm_query_gives(personas, district, django_assert_num_queries):
    """pickable_months's SQL against the query it stands for, for each kind of login and
    page, with months published, open and without figures."""
    compute_month(district.month)
    publish_month("2022-03")
    april = MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    ReportFactory(month=april, state=ReportState.SUBMITTED)
    ReportFactory(month=MonthFactory(year=2021, number=12, state=MonthState.CLOSED))
    for user in (personas.users.leader, personas.users.office, personas.users.reporter_a):
        for opens_on in OpensOn:
            expected = Month.objects.newest_first()
            if opens_on is OpensOn.MEETING:
                if not reads_previews(user):
                    expected = expected.published()
                accepted = Report.objects.filter(month=OuterRef("pk"), state=ReportState.ACCEPTED)
                expected = expected.annotate(has_figures=Exists(accepted))
            with django_assert_num_queries(1):
                months = pickable_months(user, opens_on)
            assert [vars(m) | {"_state": None} for m in months] == [
                vars(m) | {"_state": None} for m in expected
            ]
            assert all(not m._state.adding and m._state.db == "default" for m in months)
    assert [m.has_figures for m in pickable_months(personas.users.leader)] == [False, False, True]


def test_the_item_list_shows_one_plan_when_the_month_being_reported_has_none_yet(
    personas, district
):
    """January opened before its plan was carried over (the office is warned, the month
    opens): the item list shows the plan in force, never every year's items at once."""
    Month.objects.filter(pk=district.month.pk).update(state=MonthState.PUBLISHED)
    carry_over_plan(2022)
    personas.office.post(reverse("reporting:month_open"), {"month": "2025-01"})
    assert working_year() == 2025
    for persona in ("office", "reporter_a"):
        items = getattr(personas, persona).get(reverse("reporting:item_list"))
        shown = items.context["table"].data
        assert len(shown) and {item.plan_year.year for item in shown} == {2023}, persona
        assert 'value="2023" selected' in items.content.decode()
    # A year picked on the page is still that year's.
    items = personas.office.get(reverse("reporting:item_list") + "?plan_year=2022")
    assert {item.plan_year.year for item in items.context["table"].data} == {2022}
