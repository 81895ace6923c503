"""A random but valid pair of ledger workbooks (台账) for two plan years, seeded.

Built with openpyxl from DESIGN §5's sheet and column names only. Year 1 reports every
due month of the year (so year 2 has last year's curve to forecast with); year 2 carries
most codes over with new targets, drops a few and adds a few, and reports January–April.
"""

from __future__ import annotations

import calendar
import datetime
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

# The §5 sheet and column names, as the other ledger tests write them.
from tests.reporting.ledger_workbooks import COLUMNS

DEPARTMENTS = [
    ("D01", "区发改局"),
    ("D02", "区经信局"),
    ("D03", "区财政局"),
    ("D04", "区住建局"),
    ("D05", "区交通局"),
    ("D06", "区农业农村局"),
    ("D07", "区商务局"),
    ("D08", "区科技局"),
    ("D09", "区教育局"),
    ("D10", "区审计局"),  # leads one yearly item: off the boards but December's
]
TOWNS = [("T01", "碧湖镇"), ("T02", "大港头镇"), ("T03", "老竹镇")]
OFFICIALS = [
    ("王五", "副区长"),
    ("赵六", "区长"),
    ("钱七", "副区长"),
    ("孙八", "常务副区长"),
    ("周九", "区委常委"),
]
ACTIONS = {
    2023: [("X1", "数字赋能"), ("X2", "空间聚合"), ("X3", "要素保障"), ("X4", "工业跃迁")],
    2024: [("X1", "数字赋能"), ("X2", "空间聚合"), ("X3", "要素保障"), ("X5", "城市更新")],
}
PROGRESS = ("已完成", "序时推进", "滞后")
# Peer group sizes: 7 and 12 give scores with more than 2 places, 65 exact half cents.
PEERS = (1, 2, 3, 7, 11, 12, 26, 65)


@dataclass(frozen=True)
class Spec:
    """The shape of one item: type, level, cadence and, for target items, how it counts."""

    kind: str  # 指标 / 项目 / 工作
    level: str  # 省考 / 市考 / 区级
    cadence: str  # 月 / 季 / 年
    target: str = ""  # "", "pos", "zero", "neg"
    direction: str = "正向"
    cumulative: str = "否"


SPECS = [
    *[Spec("指标", "省考", "月")] * 3,
    Spec("指标", "省考", "季"),
    *[Spec("指标", "市考", "月")] * 3,
    Spec("指标", "市考", "年"),
    *[Spec("指标", "区级", "月", "pos", "正向", "是")] * 5,
    *[Spec("指标", "区级", "月", "pos", "正向", "否")] * 2,
    Spec("指标", "区级", "月", "pos", "逆向", "否"),
    Spec("指标", "区级", "月", "pos", "逆向", "是"),
    Spec("指标", "区级", "月", "zero", "正向", "否"),
    Spec("指标", "区级", "月", "neg", "正向", "否"),
    Spec("指标", "区级", "月", "zero", "逆向", "否"),
    *[Spec("指标", "区级", "季", "pos", "正向", "是")] * 3,
    Spec("指标", "区级", "季", "pos", "逆向", "否"),
    Spec("指标", "区级", "年", "pos", "正向", "是"),
    Spec("指标", "区级", "年", "pos", "正向", "否"),
    *[Spec("项目", "区级", "月")] * 4,
    *[Spec("工作", "区级", "月")] * 3,
    Spec("项目", "区级", "季"),
    Spec("工作", "区级", "季"),
    Spec("项目", "区级", "年"),
    Spec("工作", "区级", "年"),
    Spec("项目", "省考", "月"),
    Spec("工作", "省考", "月"),
    Spec("工作", "市考", "季"),
    *[Spec("指标", "区级", "月")] * 2,  # an indicator without a target: status rule
]
MEASURES = ("亿元", "%", "个", "万元", "家")


def due(cadence: str, month: int) -> bool:
    return cadence == "月" or (cadence == "季" and month % 3 == 0) or month == 12


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2)))


def _target(rng: random.Random, spec: Spec) -> Decimal | None:
    if spec.target == "pos":
        whole = Decimal(rng.choice([12, 30, 45, 60, 96, 120, 250]))
        # Round targets make exact half-cent scores (rounded half up) likely.
        return whole if rng.random() < 0.5 else whole + _money(rng, 0, 1)
    if spec.target == "zero":
        return Decimal(0)
    if spec.target == "neg":
        return Decimal(-rng.choice([2, 3, 5]))
    return None


def _deadline(rng: random.Random, year: int) -> datetime.datetime:
    """A day inside the year; often a month's last day (due that day is not yet 逾期)."""
    month = rng.randint(1, 12)
    day = rng.choice([10, 20, 28, calendar.monthrange(year, month)[1]])
    return datetime.datetime(year, month, day)


def _units() -> list[tuple[str, str, str]]:
    return [(c, n, "区直部门") for c, n in DEPARTMENTS] + [(c, n, "乡镇街道") for c, n in TOWNS]


def _item_row(rng: random.Random, code: str, spec: Spec, year: int, actions, leads) -> dict:
    units = [code for code, _name, _group in _units()]
    lead = rng.choice(leads)
    row = {
        "事项编码": code,
        "事项名称": f"{spec.kind}{code}{'考核' if spec.level != '区级' else '推进'}",
        "行动编码": rng.choice(actions)[0],
        "类型": spec.kind,
        "考核层级": spec.level,
        "责任领导": rng.choice(OFFICIALS)[0],
        "责任人": rng.choice(["李四", "张三", "陈一"]),
        "牵头单位编码": lead,
        "配合单位编码": "、".join(rng.sample([u for u in units if u != lead], 2)),
        "频次": spec.cadence,
        "计量单位": rng.choice(MEASURES) if spec.kind == "指标" else None,
        "方向": spec.direction,
        "累计": spec.cumulative,
        "定性标准": "按序时完成",
        "权重": rng.choice([None, 1, 2, 0.5, 1.5]),
    }
    target = _target(rng, spec)
    if spec.kind == "指标" and spec.level != "区级" and rng.random() < 0.3:
        target = _money(rng, 5, 10)  # an assessed indicator with a target is still ranked
    if target is not None:
        row["目标值"] = float(target)
    # Projects and tasks have a deadline; an indicator without a target may have none.
    if spec.kind != "指标" or (spec.level == "区级" and not spec.target and rng.random() < 0.5):
        row["完成时限"] = _deadline(rng, year)
    return row


class _Reporter:
    """The 月报 rows of one year: every due month of each item, a few left missing."""

    def __init__(self, rng: random.Random, year: int, months: range) -> None:
        self.rng, self.year, self.months = rng, year, months
        self.rows: list[dict] = []
        self.ranks: dict[str, tuple[int, int]] = {}

    def report(self, item: dict, spec: Spec, missing_rate: float) -> None:
        for month in self.months:
            if not due(item["频次"], month):
                # Now and then a report for a month the item is not due: left out.
                if self.rng.random() < 0.15:
                    self.rows.append(self._row(item, spec, month))
                continue
            if self.rng.random() < missing_rate:
                continue  # 未报送
            self.rows.append(self._row(item, spec, month))

    def _row(self, item: dict, spec: Spec, month: int) -> dict:
        rng = self.rng
        row: dict = {"事项编码": item["事项编码"], "月份": f"{self.year}-{month:02}"}
        if spec.kind == "指标" and spec.level != "区级":
            peers = self.ranks.get(item["事项编码"], (0, rng.choice(PEERS)))[1]
            if rng.random() < 0.1:
                peers = rng.choice(PEERS)  # the peer group changed
            rank = rng.randint(1, peers)
            self.ranks[item["事项编码"]] = (rank, peers)
            row.update(完成值=float(_money(rng, 1, 20)), 位次=rank, 参评数=peers)
        elif "目标值" in item:
            row["完成值"] = float(self._value(Decimal(str(item["目标值"])), spec, month))
        else:
            row["进度状态"] = rng.choices(PROGRESS, weights=[3, 5, 2])[0]
            if rng.random() < 0.7:
                row["完成值"] = float(_money(rng, 0, 50))  # e.g. the investment so far
        row["实现情况"] = rng.choice(["按计划推进", "完成阶段任务", "=已完成招标", "持续推进中"])
        if rng.random() < 0.6:
            row["存在问题"] = rng.choice(["要素制约", "进度偏慢", "资金到位不足"])
            row["具体措施"] = rng.choice(["加强调度", "专班推进", "+争取上级支持"])
            row["责任单位"] = rng.choice(_units())[1]
            row["解决时限"] = datetime.datetime(self.year, min(month + 1, 12), 28)
        return row

    def _value(self, target: Decimal, spec: Spec, month: int) -> Decimal:
        rng = self.rng
        if spec.target in ("zero", "neg"):
            return _money(rng, -6, 4)
        share = Decimal(month) / 12 if spec.cumulative == "是" else Decimal(1)
        factor = Decimal(str(round(rng.uniform(0.75, 1.25), 3)))
        if rng.random() < 0.05:
            return Decimal(0)
        return (target * share * factor).quantize(Decimal("0.01"))


def generate(seed: int) -> dict[int, dict[str, list[dict]]]:
    """{2023: ledger, 2024: ledger}; each ledger maps sheet name to rows {column: value}."""
    rng = random.Random(seed)
    unit_rows = [{"单位编码": c, "单位名称": n, "分组": g} for c, n, g in _units()]
    official_rows = [{"姓名": n, "职务": t} for n, t in OFFICIALS]
    codes = [d for d, _ in DEPARTMENTS if d != "D10"]
    towns = [t for t, _ in TOWNS]
    # Towns lead few items (a small group); two departments lead district items only.
    leads = codes + towns[:2]
    y1_items, y1_specs = [], {}
    for number, spec in enumerate(SPECS, start=1):
        code = f"I{number:03}"
        pool = leads if spec.level != "区级" else [*codes, *towns]
        if spec.level != "区级":
            pool = [u for u in pool if u not in ("D08", "D09")]
        y1_items.append(_item_row(rng, code, spec, 2023, ACTIONS[2023], pool))
        y1_specs[code] = spec
    # Every unit leads at least one district item; 区审计局 a yearly one only.
    for index, unit in enumerate([*codes, *towns]):
        y1_items[20 + index]["牵头单位编码"] = unit
    yearly = [i for i in y1_items if i["考核层级"] == "区级" and i["频次"] == "年"][-1]
    yearly["牵头单位编码"] = "D10"

    ledgers = {}
    reporter = _Reporter(rng, 2023, range(1, 13))
    for item in y1_items:
        reporter.report(item, y1_specs[item["事项编码"]], 0.06)
    ledgers[2023] = _ledger(unit_rows, official_rows, 2023, y1_items, reporter.rows, _bonus_2023())

    dropped = set(rng.sample([item["事项编码"] for item in y1_items], 4))
    y2_items, y2_specs = [], {}
    for item in y1_items:
        if item["事项编码"] in dropped:
            continue
        spec = y1_specs[item["事项编码"]]
        if spec.cadence == "季" and spec.target and rng.random() < 0.5:
            spec = replace(spec, cadence="月")  # quarterly last year, monthly now
        elif spec.kind == "项目" and spec.cadence == "月" and rng.random() < 0.4:
            # A project last year becomes a cumulative indicator: last year's values of the
            # same code still give the curve.
            spec = Spec("指标", "区级", "月", "pos", "正向", "是")
        lead = [item["牵头单位编码"]]
        if lead != ["D10"] and rng.random() < 0.15:
            lead = codes + towns  # another unit leads it this year
        new = _item_row(rng, item["事项编码"], spec, 2024, ACTIONS[2024], lead)
        new["事项名称"] = item["事项名称"]
        y2_items.append(new)
        y2_specs[item["事项编码"]] = spec
    for number, spec in enumerate(rng.sample(SPECS, 5), start=101):
        code = f"I{number:03}"
        y2_items.append(_item_row(rng, code, spec, 2024, ACTIONS[2024], codes + towns))
        y2_specs[code] = spec
    reporter = _Reporter(rng, 2024, range(1, 5))
    for item in y2_items:
        reporter.report(item, y2_specs[item["事项编码"]], 0.1)
    # A quarterly rank, target and status item each miss March: due then, not in April.
    silent = {
        next((i["事项编码"] for i in y2_items if i["频次"] == "季" and rule(i) == kind), None)
        for kind in ("rank", "target", "status")
    }
    reporter.rows = [
        r for r in reporter.rows if not (r["事项编码"] in silent and r["月份"] == "2024-03")
    ]
    # An institutional reform renames a unit: last year's published boards keep the old name.
    renamed = [
        {**u, "单位名称": "区商务和外事局"} if u["单位编码"] == "D07" else u for u in unit_rows
    ]
    ledgers[2024] = _ledger(renamed, official_rows, 2024, y2_items, reporter.rows, _bonus_2024())
    return ledgers


def correct(ledger: dict[str, list[dict]], label: str) -> int:
    """Correct a month in place as an office would: the first few reported values drop
    to 0 and ranks to last place; the number of reports changed."""
    changed = 0
    for row in ledger["月报"]:
        if row["月份"] != label or changed >= 6:
            continue
        if row.get("位次") and row["位次"] != row["参评数"]:
            row["位次"] = row["参评数"]
            changed += 1
        elif row.get("完成值") and row.get("位次") is None:
            row["完成值"] = 0
            changed += 1
    return changed


def rule(item: dict) -> str:
    """The rule kind an item was generated for (what it is, not how it scores)."""
    if item["类型"] == "指标" and item["考核层级"] != "区级":
        return "rank"
    return "target" if "目标值" in item else "status"


def _bonus_2023() -> list[dict]:
    return [
        {"单位编码": "D02", "月份": "2023-11", "分值": 2, "事由": "获省级表彰"},
        {"单位编码": "D10", "月份": "2023-11", "分值": 1, "事由": "专项审计获表扬"},
        {"单位编码": "D03", "月份": "2023-12", "分值": -1.5, "事由": "通报批评"},
        {"单位编码": "D03", "月份": "2023-12", "分值": 0.5, "事由": "经验推广"},
        {"单位编码": "T02", "月份": "2023-12", "分值": -150, "事由": "重大安全事故"},
    ]


def _bonus_2024() -> list[dict]:
    return [
        {"单位编码": "D01", "月份": "2024-01", "分值": 3, "事由": "获国家级表彰"},
        {"单位编码": "D10", "月份": "2024-02", "分值": -1, "事由": "督查通报"},
        {"单位编码": "T01", "月份": "2024-04", "分值": -120, "事由": "重大安全事故"},
        {"单位编码": "D05", "月份": "2024-04", "分值": 1.25, "事由": "经验推广"},
        {"单位编码": "D06", "月份": "2024-04", "分值": -2, "事由": "督查通报"},
    ]


def _ledger(units, officials, year, items, reports, bonuses) -> dict[str, list[dict]]:
    actions = [
        {
            "行动编码": code,
            "行动名称": name,
            "领办领导": OFFICIALS[index % len(OFFICIALS)][0],
            "牵头单位编码": DEPARTMENTS[index][0],
        }
        for index, (code, name) in enumerate(ACTIONS[year])
    ]
    used = {item["行动编码"] for item in items}
    actions = [row for row in actions if row["行动编码"] in used]
    return {
        "单位": units,
        "领导": officials,
        "行动": actions,
        "事项": items,
        "月报": reports,
        "加减分": bonuses,
    }


def write(path: Path, ledger: dict[str, list[dict]]) -> Path:
    """The ledger as an .xlsx, headers in row 1 exactly as DESIGN §5 names them."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in ledger.items():
        sheet = workbook.create_sheet(name)
        sheet.append(COLUMNS[name])
        for number, row in enumerate(rows, start=2):
            for index, column in enumerate(COLUMNS[name], start=1):
                cell = sheet.cell(number, index, row.get(column))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with =
    workbook.save(path)
    return path
