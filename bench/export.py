"""How much the meeting workbook's styling costs over a bare openpyxl write-only dump.

Builds a district's MonthBoards in memory at 1× (40 units, 161 items) and 10×, then
times (CPU seconds, best of several alternating runs) `write_meeting_workbook` against
openpyxl write-only appending the same values with no styles. Target: styled ≤ 2× bare.
Prints the results; asserts nothing.

    .venv/bin/python bench/export.py
"""

from __future__ import annotations

import datetime
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")

import django

django.setup()

from openpyxl import Workbook  # noqa: E402

from meetings.exports import MEETING_SHEETS, status_label, write_meeting_workbook  # noqa: E402
from scoring.boarddata import ActionRow, ItemRow, MonthBoards, UnitRow  # noqa: E402

UNITS, ITEMS, ACTIONS = 40, 161, 8
RULES = ("rank", "target", "status")
BANDS = ("green", "yellow", "red")
REPEATS = 3


def district(scale: int) -> MonthBoards:
    """A made-up district `scale` times the size of 莲都区, with every cell kind filled."""
    units = []
    for board in ("province", "city", "district"):
        for n in range(UNITS * scale):
            group = "department" if n % 3 else "township"
            units.append(
                UnitRow(
                    board=board,
                    group=group,
                    rank=n // 2 + 1,
                    unit_code=f"U{n:04d}",
                    unit_name=f"测试单位{n}",
                    score=Decimal("87.25"),
                    base_score=Decimal("85.25"),
                    bonus=Decimal("2.00"),
                    movement=n % 5 - 2,
                    item_count=4,
                    honour=n < 3,
                    warning=n > UNITS * scale - 4,
                )
            )
    actions = [
        ActionRow(n + 1, f"X{n}", f"行动{n}", "李四", "区发改局", Decimal("91.5"), 20, 1)
        for n in range(ACTIONS * scale)
    ]
    items = []
    for n in range(ITEMS * scale):
        rule = RULES[n % 3]
        items.append(
            ItemRow(
                action_code=f"X{n % ACTIONS}",
                action_name=f"行动{n % ACTIONS}",
                item_code=f"I-{n:05d}",
                item_name=f"事项{n}：推进重点工作，确保按期完成年度目标",
                kind="indicator",
                level="district",
                lead_unit_code=f"U{n % UNITS:04d}",
                lead_unit_name=f"测试单位{n % UNITS}",
                responsible_official="张三",
                measure_unit="亿元",
                target=Decimal("120.0000"),
                rule=rule,
                score=Decimal("93.75"),
                band=BANDS[n % 3],
                missing=False,
                overdue=False,
                value=Decimal("28.5000"),
                completion=Decimal("0.9500") if rule == "target" else None,
                rank=3 if rule == "rank" else None,
                peer_count=26 if rule == "rank" else None,
                progress="on_track" if rule == "status" else "",
                achievement="完成投资 28.5 亿元，完成序时进度的 95%。" * 3,
                problems="要素保障不足，部分项目前期手续办理较慢。",
                measures="=加快办理用地、环评等前期手续" if n % 50 == 0 else "加快办理前期手续",
                fix_unit="区发改局",
                fix_deadline=datetime.date(2022, 6, 30),
            )
        )
    return MonthBoards(
        month_label="2022-03",
        district="莲都区",
        published=True,
        revision=1,
        computed_at=datetime.datetime(2022, 4, 1, 9, 30, tzinfo=datetime.UTC),
        units=units,
        actions=actions,
        items=items,
    )


def bare(boards: MonthBoards, output: io.BytesIO) -> None:
    """The same sheets and values with openpyxl write-only and no styles at all."""
    workbook = Workbook(write_only=True)
    for board, name in zip(("province", "city", "district"), MEETING_SHEETS, strict=False):
        ws = workbook.create_sheet(name)
        ws.append([name])
        ws.append(["生成时间"])
        ws.append(["排名", "单位", "分组", "得分", "较上月", "参评事项数", "基础得分", "加减分"])
        for row in boards.board(board):
            ws.append(
                [
                    row.rank,
                    row.unit_name,
                    row.group_label,
                    row.score,
                    row.movement_label,
                    row.item_count,
                    row.base_score,
                    row.bonus,
                    "红榜" if row.honour else "",
                ]
            )
    ws = workbook.create_sheet(MEETING_SHEETS[3])
    ws.append([MEETING_SHEETS[3]])
    ws.append(["生成时间"])
    for row in boards.actions:
        ws.append([row.rank, row.action_name, row.leader, row.lead_unit, row.score])
    for name, items in ((MEETING_SHEETS[4], boards.items), (MEETING_SHEETS[5], boards.lagging)):
        ws = workbook.create_sheet(name)
        ws.append([name])
        ws.append(["生成时间"])
        for number, item in enumerate(items, start=1):
            ws.append(
                [
                    number,
                    item.action_name,
                    item.item_code,
                    item.item_name,
                    item.target,
                    item.value,
                    item.completion,
                    status_label(item),
                    item.achievement,
                    item.problems,
                    item.measures,
                    item.fix_unit,
                    item.fix_deadline,
                    item.responsible_official,
                    item.score,
                ]
            )
    # 预警, 交办事项, 领导点评 and 现场测评: this district has none of their rows, so the
    # styled book writes their titles alone, as here.
    for name in MEETING_SHEETS[6:]:
        ws = workbook.create_sheet(name)
        ws.append([name])
        ws.append(["生成时间"])
    workbook.save(output)


def best_of(boards: MonthBoards, repeats: int) -> tuple[float, float, int, int]:
    """Best CPU time of each writer; runs alternate so a busy machine slows both alike."""
    styled, plain = [], []
    sizes = [0, 0]
    for _ in range(repeats):
        for index, (write, times) in enumerate(((write_meeting_workbook, styled), (bare, plain))):
            output = io.BytesIO()
            started = time.process_time()
            write(boards, output)
            times.append(time.process_time() - started)
            sizes[index] = output.tell()
    return min(styled), min(plain), sizes[0], sizes[1]


def main() -> None:
    print(f"{'scale':>6} {'units':>6} {'items':>6} {'styled s':>9} {'bare s':>8} {'ratio':>6}")
    for scale in (1, 10):
        boards = district(scale)
        styled, plain, styled_size, plain_size = best_of(boards, REPEATS if scale > 1 else 9)
        print(
            f"{scale:>5}× {UNITS * scale:>6} {ITEMS * scale:>6} "
            f"{styled:>9.3f} {plain:>8.3f} {styled / plain:>5.2f}×"
            f"   ({styled_size // 1024} KiB vs {plain_size // 1024} KiB)"
        )
    print("target: styled ≤ 2× bare")


if __name__ == "__main__":
    main()
