"""scoring.queries.month_and_runs: a board's month and runs in one SQL query, read as the
ORM reads them (Month.objects.get_by_label and month_runs)."""

import pytest

from reporting.models import Month
from scoring import queries, services
from tests.factories import MonthFactory

from .builders import build_march


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_it_reads_the_month_and_its_runs_as_the_orm_does(
    personas, district, django_assert_num_queries
):
    build_march()
    services.compute_month(Month.objects.get_by_label("2022-03"))
    services.publish_month("2022-03", user=personas.users.office, reason="首次发布")
    expected_month = Month.objects.get_by_label("2022-03")
    expected = queries.month_runs(expected_month)
    with django_assert_num_queries(1):
        month, runs = queries.month_and_runs("2022-03")
    assert fields(month) == fields(expected_month)
    assert [fields(r) for r in runs] == [fields(r) for r in expected]
    assert [r.kind for r in runs] == ["preview", "publication"]
    for run, orm in zip(runs, expected, strict=True):
        assert run.month is month
        if orm.created_by is None:
            assert run.created_by is None
        else:
            assert fields(run.created_by) == fields(orm.created_by)
    assert runs[-1].created_by == personas.users.office


def test_it_reads_a_month_never_scored_and_refuses_an_unknown_one(db):
    month = MonthFactory(year=2022, number=4)
    found, runs = queries.month_and_runs("2022-04")
    assert fields(found) == fields(month) and runs == []
    with pytest.raises(Month.DoesNotExist):
        queries.month_and_runs("2031-01")
    with pytest.raises(ValueError):
        queries.month_and_runs("2022-13")
