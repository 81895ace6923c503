"""The rescoring task: runs eagerly here, is safe to run twice, leaves its outcome."""

import pytest

from actions.models import Unit
from scoring.models import ItemResult, RunStatus, ScoreRun
from scoring.tasks import rescore_month

from .builders import build_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(db):
    return build_march()


def test_it_rescores_the_preview_and_records_when(march):
    result = rescore_month.delay("2022-03").get()

    run = ScoreRun.objects.previews().get(month=march.month)
    assert result.startswith("done")
    assert run.status == RunStatus.DONE and run.computed_at is not None
    assert ItemResult.objects.filter(run=run).count() == 6


def test_it_is_safe_to_run_twice(march):
    rescore_month.delay("2022-03")
    rescore_month.delay("2022-03")
    assert ScoreRun.objects.filter(month=march.month).count() == 1
    assert ItemResult.objects.count() == 6


def test_it_records_a_failure_on_the_preview_and_keeps_its_figures(march):
    rescore_month.delay("2022-03")
    # Bad data the rulebook refuses: a unit in no known group.
    Unit.objects.filter(pk=march.d1.pk).update(group="unknown")

    assert rescore_month.delay("2022-03").get() == "failed"

    run = ScoreRun.objects.previews().get(month=march.month)
    assert run.status == RunStatus.FAILED
    assert "unknown group" in run.error
    assert ItemResult.objects.filter(run=run).count() == 6


def test_it_records_a_failure_for_a_month_never_scored(march):
    Unit.objects.filter(pk=march.d1.pk).update(group="unknown")

    rescore_month.delay("2022-03")

    run = ScoreRun.objects.previews().get(month=march.month)
    assert run.status == RunStatus.FAILED and not run.item_results.exists()


def test_it_clears_the_failure_once_a_rescore_succeeds(march):
    Unit.objects.filter(pk=march.d1.pk).update(group="unknown")
    rescore_month.delay("2022-03")
    Unit.objects.filter(pk=march.d1.pk).update(group="department")

    rescore_month.delay("2022-03")

    run = ScoreRun.objects.previews().get(month=march.month)
    assert (run.status, run.error) == (RunStatus.DONE, "")


def test_it_ignores_an_unknown_month(db):
    assert rescore_month.delay("2031-01").get() == "missing"
    assert not ScoreRun.objects.exists()
