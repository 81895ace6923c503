"""The API's boards are the meeting workbook's: for every published month of the demo
district, each board's rows (rank, unit, group, score, movement, 红榜/警示榜) and the
八大行动 rows read back from the exported workbook equal the API's."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from meetings.exports.meeting import export_month
from showcase.demo import load_demo_district
from tests.oracle.workbooks import read_sheets

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BOARD_SHEETS = {"province": "省考排行榜", "city": "市考排行榜", "district": "区级综合评价榜"}
ACTIONS_SHEET = "八大行动"


def workbook_rows(label: str) -> dict[str, list[tuple]]:
    stream = io.BytesIO()
    export_month(label, stream)
    stream.seek(0)
    sheets = read_sheets(
        stream, {**{s: "排名" for s in BOARD_SHEETS.values()}, ACTIONS_SHEET: "排名"}
    )
    rows = {
        board: [
            (
                r["排名"],
                r["单位"],
                r["分组"],
                Decimal(str(r["得分"])).quantize(Decimal("0.01")),
                r["较上月"],
                r["榜单"] or "",
            )
            for r in sheets[sheet]
        ]
        for board, sheet in BOARD_SHEETS.items()
    }
    rows["actions"] = [
        (r["排名"], r["行动"], Decimal(str(r["得分"])).quantize(Decimal("0.01")), r["较上月"])
        for r in sheets[ACTIONS_SHEET]
    ]
    return rows


def api_rows(body: dict) -> dict[str, list[tuple]]:
    rows = {
        board["board"]: [
            (
                row["rank"],
                row["unit"],
                group["group"],
                Decimal(row["score"]),
                row["movement"],
                row["honour"] or row["warning"] or "",
            )
            for group in board["groups"]
            for row in group["rows"]
        ]
        for board in body["boards"]
    }
    rows["actions"] = [
        (a["rank"], a["action"], Decimal(a["score"]), a["movement"]) for a in body["actions"]
    ]
    return rows


def test_the_api_boards_equal_the_workbooks_for_every_published_month(api):
    load_demo_district()
    months = [m["month"] for m in api.get(reverse("api:months")).json()]
    assert len(months) >= 14  # 2021's twelve, 2022's January and February
    for label in months:
        body = api.get(reverse("api:boards", args=[label])).json()
        expected = workbook_rows(label)
        got = api_rows(body)
        assert got == expected, label
        assert all(got[board] for board in BOARD_SHEETS), label
