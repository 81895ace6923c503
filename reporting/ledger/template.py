"""The blank ledger template (台账模板): all six sheets, the header row and one example
row each. The examples refer to one another, so the template imports as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO

from .schema import ACTIONS, BONUSES, ITEMS, OFFICIALS, REPORTS, UNITS
from .workbook import write_ledger_workbook

EXAMPLE_ROWS = {
    UNITS: [{"code": "A01", "name": "区发改局", "group": "区直部门"}],
    OFFICIALS: [{"name": "张三", "title": "副区长"}],
    ACTIONS: [{"code": "X1", "name": "数字赋能", "leader": "张三", "lead_unit": "A01"}],
    ITEMS: [
        {
            "code": "A-001",
            "name": "固定资产投资增速",
            "action": "X1",
            "kind": "指标",
            "level": "区级",
            "responsible_official": "张三",
            "responsible_person": "李四",
            "lead_unit": "A01",
            "co_units": "",
            "cadence": "月",
            "deadline": datetime.date(2022, 12, 31),
            "target": Decimal("12"),
            "measure_unit": "%",
            "direction": "正向",
            "cumulative": "是",
            "standard": "全年增速达到 12%",
            "weight": Decimal("1"),
        }
    ],
    REPORTS: [
        {
            "item": "A-001",
            "month": "2022-03",
            "value": Decimal("3.2"),
            "rank": None,
            "peer_count": None,
            "progress": "序时推进",
            "achievement": "一季度完成投资 3.2%",
            "problems": "",
            "measures": "",
            "fix_unit": "",
            "fix_deadline": None,
        }
    ],
    BONUSES: [{"unit": "A01", "month": "2022-03", "points": Decimal("2"), "reason": "获省级表彰"}],
}


def write_template(output: str | IO[bytes]) -> None:
    write_ledger_workbook(output, EXAMPLE_ROWS)
