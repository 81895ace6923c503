"""Ledger workbooks for tests, built with openpyxl straight from the ledger's sheet and
column names, as an outside tool would: nothing here comes from reporting.ledger."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

COLUMNS = {
    "单位": ["单位编码", "单位名称", "分组"],
    "领导": ["姓名", "职务"],
    "行动": ["行动编码", "行动名称", "领办领导", "牵头单位编码"],
    "事项": [
        "事项编码",
        "事项名称",
        "行动编码",
        "类型",
        "考核层级",
        "责任领导",
        "责任人",
        "牵头单位编码",
        "配合单位编码",
        "频次",
        "完成时限",
        "目标值",
        "计量单位",
        "方向",
        "累计",
        "定性标准",
        "权重",
    ],
    "月报": [
        "事项编码",
        "月份",
        "完成值",
        "位次",
        "参评数",
        "进度状态",
        "实现情况",
        "存在问题",
        "具体措施",
        "责任单位",
        "解决时限",
    ],
    "加减分": ["单位编码", "月份", "分值", "事由"],
}


def small_ledger() -> dict[str, list[dict]]:
    """Three units, two officials, one action, three items, reports and a bonus."""
    return {
        "单位": [
            {"单位编码": "A01", "单位名称": "区发改局", "分组": "区直部门"},
            {"单位编码": "B01", "单位名称": "区经信局", "分组": "区直部门"},
            {"单位编码": "T01", "单位名称": "碧湖镇", "分组": "乡镇街道"},
        ],
        "领导": [{"姓名": "王五", "职务": "副区长"}, {"姓名": "赵六", "职务": "区长"}],
        "行动": [
            {"行动编码": "X1", "行动名称": "数字赋能", "领办领导": "王五", "牵头单位编码": "A01"}
        ],
        "事项": [
            {
                "事项编码": "A-001",
                "事项名称": "固定资产投资",
                "行动编码": "X1",
                "类型": "指标",
                "考核层级": "区级",
                "责任领导": "王五",
                "责任人": "李四",
                "牵头单位编码": "A01",
                "配合单位编码": "B01、T01",
                "频次": "月",
                "目标值": 120,
                "计量单位": "亿元",
                "方向": "正向",
                "累计": "是",
                "定性标准": "按序时完成",
                "权重": 2,
            },
            {
                "事项编码": "B-001",
                "事项名称": "规上工业增加值增速",
                "行动编码": "X1",
                "类型": "指标",
                "考核层级": "省考",
                "责任领导": "赵六",
                "牵头单位编码": "B01",
                "频次": "季",
            },
            {
                "事项编码": "T-001",
                "事项名称": "碧湖新城控规编制",
                "行动编码": "X1",
                "类型": "项目",
                "考核层级": "区级",
                "牵头单位编码": "T01",
                "频次": "年",
                "完成时限": datetime.datetime(2022, 6, 30),
            },
        ],
        "月报": [
            {"事项编码": "A-001", "月份": "2022-03", "完成值": 31.5, "实现情况": "按计划推进"},
            {
                "事项编码": "B-001",
                "月份": "2022-03",
                "完成值": "8.5%",
                "位次": 3,
                "参评数": 26,
                "实现情况": "增速居全省第3",
            },
            {
                "事项编码": "T-001",
                "月份": "2022-03",
                "进度状态": "滞后",
                "实现情况": "完成方案初稿",
                "存在问题": "征迁滞后",
                "具体措施": "加快征迁",
                "责任单位": "碧湖镇",
                "解决时限": "2022/6/30",
            },
        ],
        "加减分": [{"单位编码": "A01", "月份": "2022-03", "分值": -1.5, "事由": "通报批评"}],
    }


def build_workbook(
    path: Path, sheets: dict[str, list[dict]], headers: dict[str, list[str]] | None = None
) -> Path:
    """One .xlsx with the given sheets; each row is {header: value}; headers default to §5."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        columns = (headers or {}).get(name, COLUMNS.get(name) or list(rows[0]))
        worksheet.append(columns)
        for row in rows:
            worksheet.append([row.get(column) for column in columns])
    workbook.save(path)
    return path
