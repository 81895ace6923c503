"""Upgrading keeps data: a district database built by an earlier release migrates with
`manage.py migrate` and keeps every row and every published board.

The earlier release is taken from this repository's own history (`git archive`), run in
its own directory against a SQLite file: it migrates and loads the demo district. Then
today's code migrates the same file, and the rows are compared table by table.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The last release before months, reports and 加减分 moved from `actions` to `reporting`
# and the meeting workbook from `scoring` to `meetings`.
BEFORE_REPORTING_APP = "d37366a2f8d543774c37ffc8833aed80d2c6ef75"
PUBLISHED_BOARDS = """
    SELECT m.year, m.number, r.revision, u.board, u."group", u.rank, u.unit_code,
           u.unit_name, u.score, u.bonus, u.movement
    FROM scoring_unitresult u
    JOIN scoring_scorerun r ON r.id = u.run_id
    JOIN actions_month m ON m.id = r.month_id
    WHERE r.kind = 'publication'
    ORDER BY 1, 2, 3, 4, 5, 6, 7
"""


def checkout(commit: str, target: Path) -> Path:
    """The source tree of `commit`, unpacked into `target`."""
    archive = target / "source.tar"
    try:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), commit],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.fail(f"无法从本仓库历史取出 {commit}（需要完整的 git 克隆）：{exc}")
    source = target / commit[:8]
    with tarfile.open(archive) as tar:
        tar.extractall(source, filter="data")
    return source


def manage(source: Path, database: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="showcase.settings")
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} 失败：\n{done.stdout}\n{done.stderr}"
    return done.stdout


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def published_boards(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(PUBLISHED_BOARDS).fetchall()


def report_history_reasons(database: Path) -> dict[str | None, int]:
    with sqlite3.connect(database) as db:
        return dict(
            db.execute(
                "SELECT history_change_reason, COUNT(*) FROM actions_historicalreport GROUP BY 1"
            )
        )


def content_types(database: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        return set(db.execute("SELECT app_label, model FROM django_content_type"))


@pytest.mark.slow
def test_it_upgrades_a_demo_district_without_losing_a_row(tmp_path):
    database = tmp_path / "district.sqlite3"
    before = checkout(BEFORE_REPORTING_APP, tmp_path)
    manage(before, database, "migrate", "--no-input")
    manage(before, database, "load_demo")
    counts_before = row_counts(database)
    boards_before = published_boards(database)
    reasons_before = report_history_reasons(database)
    assert counts_before["actions_report"] > 300 and len(boards_before) > 50

    manage(ROOT, database, "migrate", "--no-input")

    counts_after = row_counts(database)
    lost = {
        t: (n, counts_after.get(t)) for t, n in counts_before.items() if t != "django_migrations"
    }
    # New models add their content types and permissions; nothing else changes in number.
    grown = {"django_content_type", "auth_permission"}
    assert {t: v for t, v in lost.items() if v[0] != v[1] and t not in grown} == {}
    assert all(lost[t][0] <= lost[t][1] for t in grown)
    assert published_boards(database) == boards_before
    # Every action and item (and its history) now belongs to the plan of its months' year.
    with sqlite3.connect(database) as db:
        plan_years = db.execute(
            "SELECT p.year, COUNT(DISTINCT a.id), COUNT(DISTINCT i.id) FROM actions_planyear p"
            " JOIN actions_action a ON a.plan_year_id = p.id"
            " JOIN actions_item i ON i.plan_year_id = p.id GROUP BY 1"
        ).fetchall()
        unowned = db.execute(
            "SELECT COUNT(*) FROM actions_historicalitem WHERE plan_year_id IS NULL"
        ).fetchone()
    assert plan_years == [(2022, counts_before["actions_action"], counts_before["actions_item"])]
    assert unowned == (0,)
    # The demo's report history said 演示数据 in its change reason; now that is its step.
    assert reasons_before["演示数据"] == counts_before["actions_historicalreport"]
    with sqlite3.connect(database) as db:
        steps = db.execute(
            "SELECT step, history_change_reason, COUNT(*) FROM actions_historicalreport"
            " GROUP BY 1, 2"
        ).fetchall()
    assert steps == [("演示数据", "", reasons_before["演示数据"])]
    types = content_types(database)
    assert {("reporting", "report"), ("reporting", "month"), ("meetings", "meetingexport")} <= types
    assert not {("actions", "report"), ("scoring", "meetingexport")} & types
    with sqlite3.connect(database) as db:  # the leader's login now links to its official
        linked = db.execute(
            "SELECT o.name FROM accounts_user u JOIN actions_official o ON o.id = u.official_id"
            " WHERE u.username = 'lingdao'"
        ).fetchall()
    assert linked == [("周立群",)]
    # Today's code reads the old publication: its workbook has the same first places.
    workbook = tmp_path / "2022-02.xlsx"
    assert "已导出" in manage(
        ROOT, database, "export_meeting", "2022-02", "--output", str(workbook)
    )
    # Today's demo loader over the upgraded data adds last year's plan and boards and
    # changes no published row of the year that was there.
    manage(ROOT, database, "load_demo")
    assert [row for row in published_boards(database) if row[0] == 2022] == boards_before


# The last release before plan years, 预警, evidence files, the delivery log and the 通报.
BEFORE_PLAN_YEARS = "6f34188be70ecdcac643557878d37f032935033b"


@pytest.mark.slow
def test_it_upgrades_a_district_of_the_release_before_plan_years(tmp_path):
    database = tmp_path / "district.sqlite3"
    before = checkout(BEFORE_PLAN_YEARS, tmp_path)
    manage(before, database, "migrate", "--no-input")
    manage(before, database, "load_demo")
    counts_before = row_counts(database)
    boards_before = published_boards(database)

    manage(ROOT, database, "migrate", "--no-input")

    counts_after = row_counts(database)
    grown = {"django_migrations", "django_content_type", "auth_permission"}
    changed = {
        t: (n, counts_after.get(t))
        for t, n in counts_before.items()
        if t not in grown and counts_after.get(t) != n
    }
    assert changed == {}
    assert published_boards(database) == boards_before
    with sqlite3.connect(database) as db:
        plan_years = db.execute(
            "SELECT p.year, COUNT(DISTINCT a.id), COUNT(DISTINCT i.id) FROM actions_planyear p"
            " JOIN actions_action a ON a.plan_year_id = p.id"
            " JOIN actions_item i ON i.plan_year_id = p.id GROUP BY 1"
        ).fetchall()
        orders = db.execute('SELECT COUNT(DISTINCT "order") FROM actions_action').fetchone()
    assert plan_years == [(2022, counts_before["actions_action"], counts_before["actions_item"])]
    assert orders == (counts_before["actions_action"],)  # each action keeps a place
    # The upgraded district works with today's commands.
    workbook = tmp_path / "2022-02.xlsx"
    assert "已导出" in manage(
        ROOT, database, "export_meeting", "2022-02", "--output", str(workbook)
    )
    notice = tmp_path / "2022-02.docx"
    assert "已导出" in manage(ROOT, database, "export_notice", "2022-02", "--output", str(notice))
