"""Publishing a month: SQL queries and wall-clock time at 1× and 10× the district.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/showcase_bench \\
        .venv/bin/python bench/publish.py [--scales 1,10] [--runs 5]

For each scale it imports bench/ledger.py's year ledger (scale × 40 units, 161 items,
12 months of reports) into a fresh test database (`test_<name>` of DATABASE_URL, dropped
at the end; SQLite when DATABASE_URL is unset), gives every unit a reporter and a
contact e-mail, scores December's preview as accepted reports would, runs ANALYZE on
PostgreSQL (as autovacuum would after such a load; the development server runs without
autovacuum), then times publishing December:

- scoring: publish_month alone, as with a broker (the notices only queued), the
  median of --runs (5) runs, each rolled back: wall time, the CPU time of this process
  (the rest is the database and waiting for a core), and the ratio to a raw baseline
  measured in each run, the database copying the same result rows with one
  INSERT … SELECT per table;
- eager: publish_month with Celery eager (no broker, the default), the commit then
  writing every notice and sending every e-mail (to Django's in-memory mail box).

Target: the same number of queries at both scales, scoring ≤ 15 and eager ≤ 30, and
scoring ≤ 1 s at 10× on PostgreSQL. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.pop("CELERY_BROKER_URL", None)  # eager: the notices go in this process

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from ledger import write_year_ledger  # noqa: E402  (bench/ledger.py)

from accounts.models import Role, User  # noqa: E402
from actions.models import Unit  # noqa: E402
from reporting.ledger.importer import import_ledger  # noqa: E402
from reporting.models import Month  # noqa: E402
from scoring.models import ActionResult, ItemResult, ScoreRun, UnitResult, WarningResult  # noqa: E402
from scoring.services import compute_month, publish_month  # noqa: E402

MONTH = "2022-12"


def prepare(path: Path) -> int:
    """Import the ledger, give each unit a reporter and a contact, score the preview."""
    with mock.patch("reporting.ledger.importer._queue_rescoring"):
        result = import_ledger(path)
    assert result.ok, [str(e) for e in result.errors[:5]]
    units = list(Unit.objects.all())
    for unit in units:
        unit.contact_email = f"{unit.code.lower()}@example.gov.cn"
    Unit.objects.bulk_update(units, ["contact_email"])
    User.objects.bulk_create(
        User(username=f"r-{unit.code}", role=Role.REPORTER, unit=unit, password="!")
        for unit in units
    )
    compute_month(Month.objects.get_by_label(MONTH))
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum gathers them after a load this size:
        # without any it nests the month's accepted reports into every listed item.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(units)


def time_scoring(runs: int) -> tuple[int, float, float, float]:
    """publish_month alone, `runs` times, each rolled back: its queries and the median
    wall time, CPU time of this process, and raw write of the same rows."""
    walls, cpus, raws, queries = [], [], [], 0
    for _ in range(runs):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started, cpu = time.perf_counter(), time.process_time()
                run, _created = publish_month(MONTH, announce=False)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            queries = len(captured) - 2  # the savepoint this loop wraps it in
            raws.append(raw_write(run))
            transaction.set_rollback(True)
    return queries, statistics.median(walls), statistics.median(cpus), statistics.median(raws)


def raw_write(run: ScoreRun) -> float:
    """The baseline: the database copying the publication's result rows to another run
    with one INSERT … SELECT per table, no Python between (wall time)."""
    copy = ScoreRun.objects.create(
        month=run.month, kind=run.kind, revision=run.revision + 1, computed_at=run.computed_at
    )
    quote = connection.ops.quote_name
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (ItemResult, UnitResult, ActionResult, WarningResult):
            columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
            names = ", ".join(quote(c) for c in columns)
            values = ", ".join("%s" if c == "run_id" else quote(c) for c in columns)
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
                f"SELECT {values} FROM {quote(model._meta.db_table)} WHERE run_id = %s",
                [copy.pk, run.pk],
            )
    return time.perf_counter() - started


def time_eager() -> tuple[int, float, int]:
    mail.outbox = []
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        publish_month(MONTH)
        elapsed = time.perf_counter() - started
    return len(captured), elapsed, len(mail.outbox)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--runs", type=int, default=5, help="scoring runs per scale")
    args = parser.parse_args()
    setup_test_environment()  # mail to the in-memory outbox
    print(f"database: {connection.vendor}; load average: {os.getloadavg()}")
    print(
        f"{'scale':>5} {'units':>5} {'scoring q':>9} {'scoring ms':>10} {'cpu ms':>7} "
        f"{'raw ms':>7} {'ratio':>6} {'eager q':>8} {'eager ms':>9} {'e-mails':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        name = connection.settings_dict["NAME"]
        for scale in (int(s) for s in args.scales.split(",")):
            path = Path(tmp) / f"ledger-{scale}x.xlsx"
            write_year_ledger(path, scale)
            connection.creation.create_test_db(verbosity=0, autoclobber=True)
            try:
                units = prepare(path)
                scoring_queries, scoring, cpu, raw = time_scoring(args.runs)
                eager_queries, eager, emails = time_eager()
            finally:
                connection.creation.destroy_test_db(name, verbosity=0)
            print(
                f"{scale:>4}× {units:>5} {scoring_queries:>9} {scoring * 1000:>10.0f} "
                f"{cpu * 1000:>7.0f} {raw * 1000:>7.0f} {scoring / raw:>5.1f}× "
                f"{eager_queries:>8} {eager * 1000:>9.0f} {emails:>7}"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
