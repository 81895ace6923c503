"""Ledger import speed: import_ledger against openpyxl's own read-only parse.

    .venv/bin/python bench/ledger.py [--scales 1,10]

For each scale it writes a year ledger (scale × 40 units, 8 actions, 161 items and
12 months of reports), then a plan-heavy one (by default the 10× plan, 1,610 items,
with three months of reports: the first import of a large new plan). For each file it
times openpyxl read-only iteration over every cell, then `import_ledger` into a freshly
migrated SQLite database and a second, unchanged import of the same file. Times are
process CPU time, best of three, so other load on the machine does not skew the ratio.
The target is import ≤ 2 × parse. Rescoring is left out: it is queued after commit and
belongs to scoring's bench.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from reporting.ledger.importer import import_ledger  # noqa: E402

KINDS = ["指标", "项目", "工作"]
LEVELS = ["省考", "市考", "区级"]


def write_year_ledger(path: Path, scale: int, months: int = 12) -> int:
    """A ledger for a district `scale` times the size of 莲都区 with `months` months of
    reports (January on); returns its row count."""
    units = [f"U{n:04d}" for n in range(40 * scale)]
    actions = [f"X{n:03d}" for n in range(8 * scale)]
    officials = [f"领导{n}" for n in range(20 * scale)]
    items = [f"I{n:05d}" for n in range(161 * scale)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("单位")
    sheet.append(["单位编码", "单位名称", "分组"])
    for n, code in enumerate(units):
        sheet.append([code, f"单位{n}", "区直部门" if n % 3 else "乡镇街道"])
    sheet = workbook.create_sheet("领导")
    sheet.append(["姓名", "职务"])
    for name in officials:
        sheet.append([name, "副区长"])
    sheet = workbook.create_sheet("行动")
    sheet.append(["行动编码", "行动名称", "领办领导", "牵头单位编码"])
    for n, code in enumerate(actions):
        sheet.append([code, f"行动{n}", officials[n % len(officials)], units[n % len(units)]])
    sheet = workbook.create_sheet("事项")
    sheet.append(
        ["事项编码", "事项名称", "行动编码", "类型", "考核层级", "责任领导", "责任人"]
        + ["牵头单位编码", "配合单位编码", "频次", "完成时限", "目标值", "计量单位"]
        + ["方向", "累计", "定性标准", "权重"]
    )
    for n, code in enumerate(items):
        sheet.append(
            [code, f"重点事项{n}", actions[n % len(actions)], KINDS[n % 3], LEVELS[n % 3]]
            + [officials[n % len(officials)], "张三", units[n % len(units)]]
            + [f"{units[(n + 1) % len(units)]}、{units[(n + 2) % len(units)]}", "月"]
            + [datetime.datetime(2022, 12, 31), 100 + n, "亿元", "正向", "是", "按序时完成", 1]
        )
    sheet = workbook.create_sheet("月报")
    sheet.append(
        ["事项编码", "月份", "完成值", "位次", "参评数", "进度状态", "实现情况"]
        + ["存在问题", "具体措施", "责任单位", "解决时限"]
    )
    for month in range(1, months + 1):
        for n, code in enumerate(items):
            sheet.append(
                [code, f"2022-{month:02d}", (100 + n) * month / 12, n % 26 + 1, 26, "序时推进"]
                + ["按计划推进", "", "", "", None]
            )
    sheet = workbook.create_sheet("加减分")
    sheet.append(["单位编码", "月份", "分值", "事由"])
    for month in range(1, months + 1):
        for code in units[:5]:
            sheet.append([code, f"2022-{month:02d}", 1, "获省级表彰"])
    workbook.save(path)
    return len(units) + len(officials) + len(actions) + len(items) * (1 + months) + months * 5


def time_parse(path: Path) -> float:
    """openpyxl's own read-only pass over every cell: the baseline."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        workbook = load_workbook(path, read_only=True, data_only=True)
        for worksheet in workbook.worksheets:
            for _row in worksheet.iter_rows(values_only=True):
                pass
        workbook.close()
        best = min(best, time.process_time() - started)
    return best


def time_import(path: Path) -> tuple[float, float]:
    """Best of three imports into the fresh database (each rolled back, so each starts
    empty), then best of three re-imports of the same file once it is in."""
    firsts, seconds = [], []
    with mock.patch("reporting.ledger.importer._queue_rescoring"):
        for _ in range(3):
            with transaction.atomic():
                started = time.process_time()
                result = import_ledger(path)
                firsts.append(time.process_time() - started)
                assert result.ok, [str(e) for e in result.errors[:5]]
                transaction.set_rollback(True)
        import_ledger(path)
        for _ in range(3):
            started = time.process_time()
            again = import_ledger(path)
            seconds.append(time.process_time() - started)
            assert not again.changed
    return min(firsts), min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="year ledgers at these sizes")
    parser.add_argument("--plan-scale", type=int, default=10, help="the plan-heavy file's size")
    parser.add_argument("--plan-months", type=int, default=3)
    args = parser.parse_args()
    shapes = [(int(s), 12) for s in args.scales.split(",")]
    shapes.append((args.plan_scale, args.plan_months))
    with tempfile.TemporaryDirectory() as tmp:
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        print(
            f"{'scale':>5} {'months':>6} {'items':>6} {'rows':>7} {'parse s':>8} "
            f"{'import s':>9} {'ratio':>6} {'re-import s':>12} {'ratio':>6}"
        )
        for scale, months in shapes:
            path = Path(tmp) / f"ledger-{scale}x-{months}.xlsx"
            rows = write_year_ledger(path, scale, months)
            parse = time_parse(path)
            connection.creation.create_test_db(verbosity=0, autoclobber=True)
            first, second = time_import(path)
            connection.creation.destroy_test_db(verbosity=0)
            print(
                f"{scale:>4}× {months:>6} {161 * scale:>6} {rows:>7} {parse:>8.2f} "
                f"{first:>9.2f} {first / parse:>6.2f} {second:>12.2f} {second / parse:>6.2f}"
            )
        print("target: import ≤ 2 × parse")


if __name__ == "__main__":
    main()
