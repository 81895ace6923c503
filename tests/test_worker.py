"""Tasks really travel through the broker to a separate `celery worker` process.

Runs in the PostgreSQL + broker pass of bin/test; skipped on the SQLite pass, where
tasks run eagerly in-process (settings: no CELERY_BROKER_URL)."""

import os
from decimal import Decimal

import pytest

from reporting.models import ReportState
from scoring.models import ScoreRun
from scoring.tasks import rescore_month
from showcase.celery import app
from tests.conftest import wait_for
from tests.factories import ItemFactory, MonthFactory, ReportFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_it_rescores_a_month_on_the_worker_not_in_this_process(celery_worker_process):
    assert not app.conf.task_always_eager
    month = MonthFactory(year=2022, number=3)
    item = ItemFactory(target="120")  # cumulative: E = 30 in March
    ReportFactory(item=item, month=month, value="27", state=ReportState.ACCEPTED)

    result = rescore_month.delay(month.label)
    assert result.id  # a message id from the broker, not an eager result

    run = wait_for(lambda: ScoreRun.objects.filter(month=month, kind="preview").first(), 60)
    assert run is not None, "the worker did not store a preview within 60 s"
    assert run.item_results.get().score == Decimal("90.00")  # c = 27/30 = 0.9 → 90.00

    # Who answered: the worker process started by the fixture, seen through the broker.
    replies = app.control.ping(timeout=2.0)
    assert any(name.startswith("ci-worker@") for reply in replies for name in reply)
    assert celery_worker_process.pid != os.getpid()
