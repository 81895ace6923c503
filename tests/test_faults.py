"""Faults: a Celery worker killed with SIGKILL in the middle
of rescoring, and a fuzzed corpus of malformed ledger workbooks.

The worker tests need PostgreSQL and a broker (marked `worker` and `postgres`; skipped on
the SQLite pass with the reason). The ledger tests run on every database.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st
from kombu import Exchange, Queue
from openpyxl import Workbook

from actions.models import (
    Action,
    Cadence,
    Item,
    ItemKind,
    Level,
    Official,
    PlanYear,
    Progress,
    Unit,
    UnitGroup,
)
from reporting.ledger.importer import ImportResult, import_ledger
from reporting.models import BonusPenalty, Month, Report, ReportState
from scoring import rulebook
from scoring import services as scoring
from scoring.models import ActionResult, ItemResult, ScoreRun, UnitResult
from scoring.tasks import rescore_month
from showcase.celery import app
from tests.conftest import wait_for
from tests.reporting.ledger_workbooks import COLUMNS, build_workbook, small_ledger
from tests.upload_files import zip_bytes

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# ================================================================ worker killed mid-task


@pytest.fixture
def broker_and_postgres(transactional_db):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL 未设置：杀掉 worker 的测试只在 PostgreSQL + broker 轮次运行")
    if connection.vendor != "postgresql":
        pytest.skip("worker 与测试进程须共用一个数据库（PostgreSQL）")


def build_district(items: int, seed: int = 7) -> Month:
    """A district of 40 units and 8 actions with `items` 五定 items of every rule and
    cadence, March 2022 and one submitted report per due item; bulk-inserted."""
    rng = random.Random(seed)
    units = Unit.objects.bulk_create(
        Unit(
            code=f"F{n:03d}",
            name=f"故障单位{n}",
            group=UnitGroup.DEPARTMENT if n < 30 else UnitGroup.TOWNSHIP,
        )
        for n in range(40)
    )
    officials = Official.objects.bulk_create(Official(name=f"故障领导{n}") for n in range(8))
    plan = PlanYear.objects.get_or_create(year=2022)[0]
    actions = Action.objects.bulk_create(
        Action(
            plan_year=plan,
            code=f"FX{n}",
            name=f"故障行动{n}",
            leader=officials[n],
            lead_unit=units[n],
        )
        for n in range(8)
    )
    shapes = [
        (ItemKind.INDICATOR, Level.DISTRICT),  # target rule
        (ItemKind.INDICATOR, Level.PROVINCE),  # rank rule
        (ItemKind.INDICATOR, Level.CITY),  # rank rule
        (ItemKind.PROJECT, Level.DISTRICT),  # status rule
        (ItemKind.TASK, Level.DISTRICT),
    ]
    cadences = [Cadence.MONTHLY] * 6 + [Cadence.QUARTERLY] * 3 + [Cadence.YEARLY]
    rows = []
    for n in range(items):
        kind, level = shapes[n % len(shapes)]
        rows.append(
            Item(
                plan_year=plan,
                code=f"F-{n:05d}",
                name=f"故障事项{n}",
                action=actions[n % 8],
                kind=kind,
                level=level,
                responsible_official=officials[n % 8],
                lead_unit=units[rng.randrange(40)],
                cadence=cadences[n % len(cadences)],
                target=Decimal(rng.randrange(50, 500)) if kind == ItemKind.INDICATOR else None,
                measure_unit="亿元",
                cumulative=bool(n % 2),
                deadline=datetime.date(2022, rng.randrange(1, 13), 28),
                weight=Decimal(rng.choice(["1", "1.5", "2"])),
            )
        )
    Item.objects.bulk_create(rows, batch_size=2000)
    month = Month.objects.create(year=2022, number=3)
    due = Item.objects.filter(cadence__in=rulebook.cadences_due_in(3))
    reports = []
    for item in due.iterator():
        report = Report(item=item, month=month, state=ReportState.SUBMITTED, achievement="推进中")
        if item.scored_by_rank:
            report.peer_count = rng.randrange(10, 30)
            report.rank = rng.randrange(1, report.peer_count + 1)
        elif item.scored_by_target:
            report.value = Decimal(rng.randrange(0, 200))
        else:
            report.progress = rng.choice(Progress.values)
        reports.append(report)
    Report.objects.bulk_create(reports, batch_size=2000)
    BonusPenalty.objects.bulk_create(
        BonusPenalty(unit=units[n], month=month, points=Decimal("1.5"), reason="表彰")
        for n in range(0, 40, 7)
    )
    return month


class Worker:
    """A `celery worker` process of our own (prefork, one child: the production pool)
    consuming only a private queue, so no other worker can take its task. It runs in its
    own session so the whole process group can be killed at once."""

    def __init__(self, tag: str, queue: str, log: Path, settings_module: str | None = None):
        self.hostname = f"{tag}@faults"
        self.appname = tag  # PGAPPNAME: how its database sessions are found in pg_stat_activity
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"{url}/{db['NAME']}",
            "CONN_MAX_AGE": "0",
            "PGAPPNAME": self.appname,
        }
        if settings_module:
            self.env["DJANGO_SETTINGS_MODULE"] = settings_module
            self.env["PYTHONPATH"] = os.pathsep.join([str(log.parent), str(ROOT)])
        self.queue, self.log = queue, log
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        command = [sys.executable, "-m", "celery", "-A", "showcase", "worker"]
        command += ["--pool=prefork", "--concurrency=1", f"--queues={self.queue}"]
        command += [f"--hostname={self.hostname}", "--loglevel=INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ready = wait_for(self._answers_ping, timeout=90, interval=0.5)
        assert ready, f"{self.hostname} did not start:\n{self.log_tail()}"
        return self

    def _answers_ping(self) -> bool:
        assert self.process.poll() is None, f"{self.hostname} exited:\n{self.log_tail()}"
        return bool(app.control.ping(destination=[self.hostname], timeout=0.5))

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill(self) -> None:
        """SIGKILL to the whole worker (parent and pool child): the machine is gone."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM): a running task finishes and is acknowledged."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the parent only: it lets its pool child finish
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def backends(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [self.appname]
            )
            return [pid for (pid,) in cursor.fetchall()]

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


class TableLock(threading.Thread):
    """Holds SHARE on scoring_actionresult from its own connection until released: a
    rescoring then stops inside its transaction after deleting the old preview's item
    and unit rows (Django's collector deletes them first), waiting to delete its action
    rows. That pins the kill to the middle of the writes."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.locked, self.release = threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("LOCK TABLE scoring_actionresult IN SHARE MODE")
                self.locked.set()
                self.release.wait(timeout=300)
        finally:
            connections.close_all()

    def hold(self) -> None:
        self.start()
        assert self.locked.wait(timeout=30), "could not lock scoring_actionresult"

    def free(self) -> None:
        self.release.set()
        if self.is_alive():
            self.join(timeout=30)


class Watcher(threading.Thread):
    """Looks at the month's preview every few milliseconds, each time in one REPEATABLE
    READ snapshot, and records every look that is not one whole month."""

    def __init__(self, month: Month, counts: tuple[int, int, int], fingerprints: set[str]):
        super().__init__(daemon=True)
        self.month, self.counts, self.fingerprints = month, counts, fingerprints
        self.looks, self.bad, self.stop = 0, [], threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    runs = list(ScoreRun.objects.previews().of_month(self.month))
                    seen = [(run.input_fingerprint, *row_counts(run)) for run in runs]
                self.looks += 1
                if (
                    len(seen) != 1
                    or seen[0][1:] != self.counts
                    or seen[0][0] not in (self.fingerprints)
                ):
                    self.bad.append(seen)
                time.sleep(0.02)
        finally:
            connections.close_all()


def row_counts(run: ScoreRun) -> tuple[int, int, int]:
    return (
        ItemResult.objects.filter(run=run).count(),
        UnitResult.objects.filter(run=run).count(),
        ActionResult.objects.filter(run=run).count(),
    )


def stored_rows(run: ScoreRun) -> dict[str, list[dict]]:
    """Every stored row of a run, without its own id and run id, in a fixed order."""
    rows = {}
    for model, order in (
        (ItemResult, ("item_code",)),
        (UnitResult, ("board", "unit_code")),
        (ActionResult, ("action_code",)),
    ):
        names = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "run")]
        rows[model.__name__] = list(model.objects.filter(run=run).order_by(*order).values(*names))
    return rows


def preview(month: Month) -> ScoreRun | None:
    return ScoreRun.objects.previews().of_month(month).first()


def pinned_mid_write(worker: Worker) -> int | None:
    """The worker's database session that has deleted the old preview's item rows (holds
    ROW EXCLUSIVE on scoring_itemresult) and waits for the action table, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.pid FROM pg_stat_activity a
            JOIN pg_locks mine ON mine.pid = a.pid
                AND mine.relation = 'scoring_itemresult'::regclass
                AND mine.mode = 'RowExclusiveLock' AND mine.granted
            JOIN pg_locks waiting ON waiting.pid = a.pid
                AND waiting.relation = 'scoring_actionresult'::regclass AND NOT waiting.granted
            WHERE a.application_name = %s
            """,
            [worker.appname],
        )
        row = cursor.fetchone()
    return row[0] if row else None


KILLS = {
    # The pool child dies mid-write; the worker's parent sees WorkerLostError and, with
    # acks_late + reject_on_worker_lost, requeues the message for its next child.
    "child-mid-write": ("child", True),
    # The whole worker dies mid-write (OOM killer, power): the broker redelivers the
    # unacknowledged message to the next worker that starts.
    "worker-mid-write": ("worker", True),
    # The whole worker dies at a random moment 0–3 s after the task is sent: before it
    # starts, while it scores, while it writes, or after it committed.
    "worker-anytime": ("worker", False),
}


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kill", list(KILLS))
def test_it_rescores_a_whole_month_after_the_worker_is_killed(kill, broker_and_postgres, tmp_path):
    """What this proves, whenever the SIGKILL lands: the month's preview is at every
    moment one whole month (the old one or the new one, never a mix, never two), the
    killed task is delivered again and completed without anyone re-sending it, and the
    rows it stores equal a clean compute_month of the same inputs, one per due item and
    unit line, no duplicates. The two pinned cases additionally prove that the kill fell
    inside the writing transaction (locks held by the killed session, checked before the
    kill) and that the half-written transaction was rolled back."""
    victim, pinned = KILLS[kill]
    month = build_district(2000)
    scoring.compute_month(month)  # the old preview: nothing accepted yet, all 未报送
    old = preview(month)
    counts = row_counts(old)
    Report.objects.filter(month=month).update(state=ReportState.ACCEPTED)
    expected = scoring.score_month_inputs(month).fingerprint
    assert expected != old.input_fingerprint
    due = Item.objects.filter(cadence__in=rulebook.cadences_due_in(month.number)).count()
    assert counts[0] == due

    queue = f"faults-{uuid.uuid4().hex[:10]}"
    # Redis gives an unacknowledged message of a dead consumer back only after the
    # transport's visibility_timeout (1 hour by default) has passed since its delivery;
    # the second worker is told 10 s, longer than the task runs (else it would also give
    # back its own running task), and to look every second, so the test need not wait an
    # hour. RabbitMQ redelivers as soon as the dead consumer's connection closes.
    (tmp_path / "faults_settings.py").write_text(
        "from showcase.settings import *  # noqa: F403\n"
        "CELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 10, "
        "'unacked_restore_interval': 1, 'unacked_restore_throttle': 1}\n"
    )
    first = Worker(f"faults-1-{queue}", queue, tmp_path / "worker1.log")
    second = Worker(f"faults-2-{queue}", queue, tmp_path / "worker2.log", "faults_settings")
    watcher = Watcher(month, counts, {old.input_fingerprint, expected})
    lock = TableLock()
    delay = random.uniform(0, 3)
    try:
        first.start()
        watcher.start()
        if pinned:
            lock.hold()
        rescore_month.apply_async((month.label,), queue=queue)
        if pinned:
            session = wait_for(lambda: pinned_mid_write(first), timeout=60, interval=0.05)
            assert session, f"the rescoring never reached its writes:\n{first.log_tail()}"
        else:
            time.sleep(delay)
        if victim == "child":
            (child,) = first.children()
            os.kill(child, signal.SIGKILL)
        else:
            first.kill()
        if pinned:
            lock.free()
            # The killed session finishes its wait, finds its client gone and rolls back.
            assert wait_for(lambda: session not in first.backends(), timeout=60)
        if victim == "worker":
            second.start()
        done = wait_for(
            lambda: (run := preview(month)) is not None and run.input_fingerprint == expected,
            timeout=120,
            interval=0.25,
        )
        assert done, (
            f"no complete rescoring after the kill ({kill}, delay {delay:.2f} s):\n"
            f"{first.log_tail()}\n{second.log_tail()}"
        )
    finally:
        lock.free()
        watcher.stop.set()
        for worker in (first, second):
            worker.stop()
        watcher.join(timeout=30)
        _delete_queue(queue)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name IN (%s, %s)",
                [first.appname, second.appname],
            )

    assert watcher.looks > 10 and not watcher.bad, watcher.bad[:3]
    runs = list(ScoreRun.objects.of_month(month))
    assert [run.kind for run in runs] == ["preview"]
    worker_rows = stored_rows(runs[0])
    items = [row["item_id"] for row in worker_rows["ItemResult"]]
    assert len(items) == len(set(items)) == due
    units = [(row["board"], row["unit_id"]) for row in worker_rows["UnitResult"]]
    assert len(units) == len(set(units))

    clean = scoring.compute_month(month)  # a clean run of the same inputs, in this process
    assert clean.input_fingerprint == expected
    clean_rows = stored_rows(clean)
    for model in ("ItemResult", "UnitResult", "ActionResult"):
        assert worker_rows[model] == clean_rows[model], model


def _delete_queue(name: str) -> None:
    """Remove the private queue and its exchange (as Celery made them for `queue=name`)
    with whatever messages are left in it."""
    try:
        with app.connection_for_write() as conn:
            queue = Queue(name, Exchange(name), routing_key=name)(conn.default_channel)
            queue.declare()
            queue.delete()
            queue.exchange.delete()
    except Exception:  # cleanup only: a broker that forgot the queue is fine
        pass


# ========================================================= malformed ledger workbooks
# Every file below goes through reporting.ledger's import_ledger. Whatever the file, the
# import must either return a clean result or a list of Chinese errors — never raise —
# and when there is an error not one row of any actions model may have changed.

TYPED_COLUMNS = {
    "分组", "类型", "考核层级", "频次", "完成时限", "目标值", "方向", "累计", "权重",
    "月份", "完成值", "位次", "参评数", "进度状态", "解决时限", "分值",
}  # fmt: skip
FREE_TEXT_COLUMNS = {"定性标准"}  # no length limit; a report's texts have theirs
CODE_COLUMNS = {"单位编码", "行动编码", "事项编码", "牵头单位编码", "配合单位编码"}
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def seeded(db, tmp_path):
    """The small ledger already imported, so a partial import could also *update* rows."""
    result = import_ledger(build_workbook(tmp_path / "seed.xlsx", small_ledger()))
    assert result.ok, result.errors
    return tmp_path


def db_snapshot() -> dict[str, tuple[int, int]]:
    """Per model of the actions app (history, imports and notices included): row count
    and a hash of every row."""
    state = {}
    for model in apps.get_app_config("actions").get_models():
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hash(repr(rows)))
    return state


def import_safely(source, must_fail: bool = False) -> ImportResult:
    """Import and check the all-or-nothing contract; any exception fails the test."""
    before = db_snapshot()
    result = import_ledger(source)
    assert isinstance(result, ImportResult)
    if must_fail:
        assert result.errors, "a malformed file was accepted"
    if result.errors:
        assert db_snapshot() == before, "an import with errors changed the database"
        for error in result.errors:
            assert CHINESE.search(str(error)), f"not a Chinese message: {error}"
    return result


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_workbook(sheets: dict[str, list[dict]], headers=None) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        columns = (headers or {}).get(name) or COLUMNS[name]
        worksheet.append(columns)
        for row in rows:
            worksheet.append([row.get(column) for column in columns])
    return workbook


def valid_bytes() -> bytes:
    return workbook_bytes(ledger_workbook(small_ledger()))


@functools.cache
def broken_files() -> dict[str, bytes]:
    """Files that are not a readable workbook at all, by raw bytes."""
    good = valid_bytes()
    rng = random.Random(20220325)
    files = {"empty": b"", "one byte": b"P", "zip magic only": b"PK\x03\x04"}
    for size in (1, 100, 5_000, 200_000):
        files[f"random {size} bytes"] = rng.randbytes(size)
    files["random after zip magic"] = b"PK\x03\x04" + rng.randbytes(3_000)
    files["old xls magic"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(600)
    for fraction in (0.1, 0.5, 0.9, 0.99):
        files[f"truncated at {fraction:.0%}"] = good[: int(len(good) * fraction)]
    files["truncated by one byte"] = good[:-1]
    flipped = bytearray(good)
    for position in rng.sample(range(100, len(good) - 100), 40):
        flipped[position] ^= 0xFF
    files["40 flipped bytes"] = bytes(flipped)
    files["zip of a text file"] = zip_bytes({"readme.txt": "这不是工作簿"})
    files["zip with an empty workbook part"] = zip_bytes(
        {"[Content_Types].xml": "", "xl/workbook.xml": ""}
    )
    # A real xlsx whose every part is cut in half: the zip is sound, the XML is not.
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    files["xlsx with truncated XML parts"] = zip_bytes(
        {name: data[: len(data) // 2] for name, data in parts.items()}
    )
    files["xlsx with garbage sheet XML"] = zip_bytes(
        {
            name: (b"<worksheet><sheetData><row><c r='A1'><v>" + rng.randbytes(200))
            if name.startswith("xl/worksheets/")
            else data
            for name, data in parts.items()
        }
    )
    return files


@pytest.mark.parametrize("name", list(broken_files()))
def test_it_refuses_a_file_that_is_no_workbook_without_writing(seeded, name):
    data = broken_files()[name]
    result = import_safely(io.BytesIO(data), must_fail=True)
    # The same file from disk, as the command and the upload job read it.
    path = seeded / "broken.xlsx"
    path.write_bytes(data)
    assert import_safely(path, must_fail=True).errors == result.errors


def test_it_refuses_a_file_over_the_upload_limit_before_reading_it(seeded, settings):
    settings.SHOWCASE_MAX_UPLOAD_BYTES = 1_000_000
    result = import_safely(io.BytesIO(b"PK\x03\x04" + bytes(1_000_001)), must_fail=True)
    assert "文件过大" in str(result.errors[0])


# A value of the wrong type for each kind of column; text columns take almost anything.
WRONG = [
    "不对",
    -7,
    0,
    3.5e300,
    True,
    datetime.datetime(1900, 3, 1),
    datetime.time(12, 30),
    "2022-13-45",
    "１２.３.４",
]


@pytest.mark.parametrize("wrong", WRONG, ids=repr)
def test_it_refuses_a_wrong_value_in_every_column_without_writing(seeded, wrong):
    sheets = {
        name: [{column: wrong for column in COLUMNS[name]}] + rows
        for name, rows in small_ledger().items()
    }
    import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets))), must_fail=True)


def _columns() -> list[tuple[str, str]]:
    return [(sheet, column) for sheet, columns in COLUMNS.items() for column in columns]


@pytest.mark.parametrize(("sheet", "column"), _columns(), ids="-".join)
def test_it_names_the_cell_of_a_wrong_value_and_writes_nothing(seeded, sheet, column):
    """One bad cell in an otherwise good file: a word in a typed column, 100,001
    characters in a text column. Only the four free-text columns may take it."""
    sheets = small_ledger()
    sheets[sheet][0][column] = "不是有效值" if column in TYPED_COLUMNS else "长" * 100_001
    result = import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets))))
    if column in FREE_TEXT_COLUMNS:
        assert result.ok, [str(e) for e in result.errors]
    else:
        assert any(e.sheet == sheet and e.column == column for e in result.errors), [
            str(e) for e in result.errors
        ]


def test_it_refuses_100k_character_strings_everywhere_without_writing(seeded):
    huge = "长" * 100_000
    sheets = {name: [{column: huge for column in COLUMNS[name]}] for name in COLUMNS}
    result = import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets))), must_fail=True)
    # The error list shows the value cut short, not 100,000 characters of it.
    assert max(len(str(error)) for error in result.errors) < 300


def test_it_never_imports_a_formula_as_a_value(seeded):
    sheets = small_ledger()
    for name, rows in sheets.items():
        for row in rows:
            for column in COLUMNS[name]:
                if column not in CODE_COLUMNS and column not in ("月份", "姓名"):
                    row[column] = FORMULA
    workbook = ledger_workbook(sheets)
    import_safely(io.BytesIO(workbook_bytes(workbook)), must_fail=True)
    # Formula text typed as a plain string is only text: kept as typed, never evaluated.
    sheets = small_ledger()
    sheets["月报"][0]["实现情况"] = FORMULA
    workbook = ledger_workbook(sheets)
    workbook["月报"]["G2"].data_type = "s"
    result = import_safely(io.BytesIO(workbook_bytes(workbook)))
    assert result.ok, result.errors
    assert Report.objects.get(item__code="A-001").achievement == FORMULA


@pytest.mark.parametrize(
    "sheets",
    [
        {"Sheet1": [{"甲": 1}]},
        {"事项": small_ledger()["事项"]},  # its action and units exist nowhere
        {"月报": [{"事项编码": "NOPE-1", "月份": "2022-03", "完成值": 1}]},
    ],
    ids=["no ledger sheet", "items without their units", "report of an unknown item"],
)
def test_it_refuses_missing_sheets_without_writing(db, sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        columns = COLUMNS.get(name) or list(rows[0])
        worksheet.append(columns)
        for row in rows:
            worksheet.append([row.get(column) for column in columns])
    import_safely(io.BytesIO(workbook_bytes(workbook)), must_fail=True)


def test_it_takes_duplicated_headers_and_rows_without_a_partial_import(seeded):
    sheets = small_ledger()
    headers = {name: columns + columns for name, columns in COLUMNS.items()}
    import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets, headers))))
    sheets["单位"].append(dict(sheets["单位"][0], 单位名称="同一编码的另一单位"))
    import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets))), must_fail=True)


def test_it_refuses_a_sheet_of_100000_rows_naming_the_limit(seeded):
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("月报")
    worksheet.append(["事项编码", "月份", "完成值", "实现情况"])
    for n in range(100_000):
        worksheet.append(["A-001", "2022-03", n, "进展"])
    path = seeded / "huge.xlsx"
    workbook.save(path)
    result = import_safely(path, must_fail=True)  # how fast: bench/ledger.py
    assert any("上限" in str(error) for error in result.errors)


def test_it_answers_the_command_line_with_exit_1_and_writes_nothing(seeded):
    path = seeded / "cut.xlsx"
    path.write_bytes(valid_bytes()[:2_000])
    before = db_snapshot()
    with pytest.raises(CommandError, match="导入失败"):
        call_command("import_ledger", str(path), stderr=io.StringIO(), stdout=io.StringIO())
    assert db_snapshot() == before


# ----------------------------------------------------------- cell-level fuzzing

DOMAIN = [
    "A01",
    "B01",
    "T01",
    "X1",
    "A-001",
    "B-001",
    "T-001",
    "王五",
    "指标",
    "项目",
    "工作",
    "省考",
    "市考",
    "区级",
    "月",
    "季",
    "年",
    "正向",
    "逆向",
    "是",
    "否",
    "2022-03",
    "2022年3月",
    "2022/6/30",
    "8.5%",
    "1,234.5",
    "序时推进",
    "滞后",
    "已完成",
    "",
]
cells = st.one_of(
    st.none(),
    st.sampled_from(DOMAIN),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.just(FORMULA),
)


@settings_(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    items=st.lists(st.fixed_dictionaries({c: cells for c in COLUMNS["事项"]}), max_size=3),
    reports=st.lists(st.fixed_dictionaries({c: cells for c in COLUMNS["月报"]}), max_size=3),
)
def test_it_survives_fuzzed_item_and_report_cells(seeded, items, reports):
    sheets = small_ledger()
    sheets["事项"] += items
    sheets["月报"] += reports
    import_safely(io.BytesIO(workbook_bytes(ledger_workbook(sheets))))
