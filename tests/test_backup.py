"""deploy/backup.sh and deploy/restore.sh: a full round trip through a fresh database.

Only meaningful on PostgreSQL (pg_dump/pg_restore); skipped on the SQLite pass.
"""

import os
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from actions.models import ItemKind, Level, Progress, Unit, UnitGroup
from reporting.models import MonthState, Report, ReportState

from .factories import (
    ActionFactory,
    BonusPenaltyFactory,
    ItemFactory,
    MonthFactory,
    ReportFactory,
    UnitFactory,
)

pytestmark = pytest.mark.postgres

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def url_for(database: str) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"


@pytest.fixture
def postgres(transactional_db):
    """The test database, committed (pg_dump runs in another process), as a URL."""
    if connection.vendor != "postgresql":
        pytest.skip("备份与恢复使用 pg_dump/pg_restore：仅在 DATABASE_URL 指向 PostgreSQL 时运行")
    return url_for(connection.settings_dict["NAME"])


@pytest.fixture
def fresh_database(postgres):
    """An empty database with a unique name, dropped afterwards; yields its name."""
    import psycopg2

    name = f"showcase_restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url_for("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        admin.close()


def make_district() -> None:
    """Units of both groups, an action, items of every kind, accepted reports, a bonus."""
    department = UnitFactory(code="A01", name="区发改局", group=UnitGroup.DEPARTMENT)
    other = UnitFactory(code="B01", name="区经信局", group=UnitGroup.DEPARTMENT)
    town = UnitFactory(code="T01", name="碧湖镇", group=UnitGroup.TOWNSHIP)
    action = ActionFactory(code="X1", name="数字赋能", lead_unit=department)
    month = MonthFactory(year=2022, number=3, state=MonthState.OPEN)
    items = [
        ItemFactory(code="A-001", action=action, lead_unit=department, target=Decimal("120")),
        ItemFactory(code="B-001", action=action, lead_unit=other, target=Decimal("80")),
        ItemFactory(code="T-001", action=action, lead_unit=town, kind=ItemKind.TASK),
        ItemFactory(code="P-001", action=action, lead_unit=department, level=Level.PROVINCE),
    ]
    ReportFactory(item=items[0], month=month, value=Decimal("31.5"))
    ReportFactory(item=items[1], month=month, value=Decimal("12"))
    ReportFactory(item=items[2], month=month, value=None, progress=Progress.ON_TRACK)
    ReportFactory(item=items[3], month=month, rank=3, peer_count=26)
    BonusPenaltyFactory(unit=town, month=month, points=Decimal("2"), reason="获省级表彰")


def publish_if_possible() -> bool:
    try:
        from scoring.services import publish_month
    except ImportError:
        return False
    publish_month("2022-03")
    return True


def table_rows(cursor) -> dict[str, list[tuple]]:
    """Every row of every Django table, in a stable order, as comparable text."""
    rows = {}
    for table in connection.introspection.table_names():
        cursor.execute(f'SELECT * FROM "{table}"')
        rows[table] = sorted(tuple(map(str, row)) for row in cursor.fetchall())
    cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 2")
    rows["<sequences>"] = cursor.fetchall()
    return rows


def published_scores(cursor) -> list[tuple]:
    cursor.execute(
        """SELECT u.board, u.unit_code, u.score, u.rank
           FROM scoring_unitresult u JOIN scoring_scorerun r ON r.id = u.run_id
           WHERE r.kind = 'publication' ORDER BY 1, 2"""
    )
    return cursor.fetchall()


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(DEPLOY / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_it_restores_a_backup_into_a_fresh_database(postgres, fresh_database, settings, tmp_path):
    import psycopg2

    make_district()
    published = publish_if_possible()
    default_storage.save("ledger_imports/2022/03/台账.xlsx", ContentFile(b"PK\x03\x04 ledger"))

    backup = run(
        "backup.sh",
        DATABASE_URL=postgres,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    dump, media_tar = backup.stdout.split()
    assert Path(dump).name.startswith("showcase-db-") and dump.endswith(".dump")
    assert Path(media_tar).name.startswith("showcase-media-")
    assert oct(Path(dump).stat().st_mode & 0o777) == "0o600"  # password hashes inside

    restored_media = tmp_path / "restored-media"
    run(
        "restore.sh",
        dump,
        media_tar,
        DATABASE_URL=url_for(fresh_database),
        MEDIA_ROOT=str(restored_media),
    )

    # Both sides read through the same plain driver, so values convert alike (JSON, dates).
    snapshots = []
    for url in (postgres, url_for(fresh_database)):
        database = psycopg2.connect(url)
        try:
            with database.cursor() as cursor:
                snapshots.append((table_rows(cursor), published_scores(cursor)))
        finally:
            database.close()
    (original, original_scores), (restored, restored_scores) = snapshots

    assert restored == original
    assert len(original["actions_unit"]) == Unit.objects.count() == 3
    assert Report.objects.filter(state=ReportState.ACCEPTED).count() == 4
    assert len(original["actions_report"]) == 4
    if published:
        assert original_scores, "publishing wrote no unit scores"
    assert restored_scores == original_scores
    assert (
        restored_media / "ledger_imports/2022/03/台账.xlsx"
    ).read_bytes() == b"PK\x03\x04 ledger"


def test_it_refuses_to_restore_over_a_database_with_tables(postgres, tmp_path):
    make_district()
    dump = run(
        "backup.sh",
        DATABASE_URL=postgres,
        MEDIA_ROOT=str(tmp_path / "no-media"),
        BACKUP_DIR=str(tmp_path / "backups"),
    ).stdout.split()[0]
    result = subprocess.run(
        [str(DEPLOY / "restore.sh"), dump],
        env={**os.environ, "DATABASE_URL": postgres},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "请恢复到新建的空数据库" in result.stderr
    assert Unit.objects.count() == 3  # untouched
