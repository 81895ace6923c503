"""Publishing a month: SQL queries and wall-clock time at 1× and 10× the district.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/showcase_bench \\
        .venv/bin/python bench/publish.py [--scales 1,10]

For each scale it imports bench/ledger.py's year ledger (scale × 40 units, 161 items,
12 months of reports) into a fresh test database (`test_<name>` of DATABASE_URL, dropped
at the end; SQLite when DATABASE_URL is unset), gives every unit a reporter and a
contact e-mail, scores December's preview as accepted reports would, then times
publishing December:

- scoring: publish_month alone, as with a broker (the notices only queued), best of
  three, each rolled back;
- eager: publish_month with Celery eager (no broker, the default), the commit then
  writing every notice and sending every e-mail (to Django's in-memory mail box).

Target: the same number of queries at both scales, scoring ≤ 15 and eager ≤ 30, and
scoring ≤ 1 s at 10× on PostgreSQL. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
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
    return len(units)


def time_scoring() -> tuple[int, float]:
    best, queries = float("inf"), 0
    for _ in range(3):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                publish_month(MONTH, announce=False)
                best = min(best, time.perf_counter() - started)
            queries = len(captured) - 2  # the savepoint this loop wraps it in
            transaction.set_rollback(True)
    return queries, best


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
    args = parser.parse_args()
    setup_test_environment()  # mail to the in-memory outbox
    print(f"database: {connection.vendor}; load average: {os.getloadavg()}")
    print(
        f"{'scale':>5} {'units':>5} {'scoring q':>9} {'scoring ms':>10} "
        f"{'eager q':>8} {'eager ms':>9} {'e-mails':>7}"
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
                scoring_queries, scoring = time_scoring()
                eager_queries, eager, emails = time_eager()
            finally:
                connection.creation.destroy_test_db(name, verbosity=0)
            print(
                f"{scale:>4}× {units:>5} {scoring_queries:>9} {scoring * 1000:>10.0f} "
                f"{eager_queries:>8} {eager * 1000:>9.0f} {emails:>7}"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
