"""Two plan years through the commands, checked against DESIGN §4 written again.

A seeded random ledger pair goes in through `import_ledger`, months are published with
`publish_month` and exported with `export_meeting`; the exported workbooks are read back
by sheet and column name and compared with `rules.Oracle`, which knows only the ledgers.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from .ledgers import correct, generate, write
from .rules import BOARDS, Month, Oracle
from .workbooks import formula_cells, list_fills, number, percent_formatted, read_sheets

pytestmark = pytest.mark.django_db

# The second seed publishes April before March: each month's movement is against the
# latest month published before it, and publishing March later leaves April as it was.
SCENARIOS = [(20231, (1, 2, 3, 4)), (424242, (1, 2, 4, 3))]
SHEETS = {
    **{board: "排名" for board in BOARDS},
    "八大行动": "排名",
    "事项明细": "事项编码",
    "排位靠后事项": "事项编码",
    "预警": "事项编码",
}
BAND_WORDS = {"red": "红", "yellow": "黄", "green": "绿"}
RANK_STATUS = {"green": "领先", "yellow": "居中", "red": "靠后"}
TARGET_STATUS = {"green": "完成", "yellow": "基本完成", "red": "滞后"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(month: str, path) -> dict[str, list[dict]]:
    run("export_meeting", month, "--output", str(path))
    return read_sheets(path, SHEETS)


def publish_and_check(oracle: Oracle, year: int, month: int, path) -> dict[str, list[dict]]:
    assert "已发布（第1版）" in run("publish_month", f"{year}-{month:02}")
    expected = oracle.publish(year, month)
    sheets = export(expected.label, path)
    check(sheets, expected, oracle.ledgers[year])
    check_looks(load_workbook(path), expected)
    return sheets


@pytest.mark.parametrize(("seed", "months"), SCENARIOS)
def test_two_plan_years_match_the_rulebook(seed, months, tmp_path):
    ledgers = generate(seed)
    oracle = Oracle(ledgers)
    run("import_ledger", str(write(tmp_path / "Y1.xlsx", ledgers[2023])), "--year", "2023")
    for month in (11, 12):
        publish_and_check(oracle, 2023, month, tmp_path / f"2023-{month}.xlsx")
    december = export("2023-12", tmp_path / "december-before.xlsx")

    # The first scenario names the year as the brief's office would and renames a unit;
    # the second lets the import tell the year from the 月报 months, and its file has no
    # 单位 and 领导 sheets (every sheet is optional): the units stay as they were.
    year_two = ("--year", "2024") if months[-1] == 4 else ()
    sheets = ledgers[2024]
    if not year_two:
        ledgers[2024]["单位"] = ledgers[2023]["单位"]
        oracle = Oracle(ledgers, published=oracle.published)
        sheets = {k: v for k, v in ledgers[2024].items() if k not in ("单位", "领导")}
    # One bad row rejects the whole file: nothing of it is written.
    broken = copy.deepcopy(ledgers[2024])
    broken["月报"][-1]["位次"], broken["月报"][-1]["参评数"] = 9, 3
    with pytest.raises(CommandError, match="未写入任何数据"):
        run("import_ledger", str(write(tmp_path / "Y2-bad.xlsx", broken)), *year_two)
    with pytest.raises(CommandError):
        run("publish_month", "2024-01")
    assert "年度：2024" in run(
        "import_ledger", str(year_two_file := write(tmp_path / "Y2.xlsx", sheets)), *year_two
    )
    exported = {}
    for month in months:
        exported[month] = publish_and_check(oracle, 2024, month, tmp_path / f"2024-{month}.xlsx")
    assert export("2024-04", tmp_path / "april-again.xlsx") == exported[4]

    assert "无变化" in run("publish_month", "2023-12")
    assert export("2023-12", tmp_path / "december-after.xlsx") == december
    # A second import of the same year-two file changes nothing, in either year.
    assert "全部未变化" in run("import_ledger", str(year_two_file), "--year", "2024")
    assert "无变化" in run("publish_month", "2023-12")
    assert export("2023-12", tmp_path / "december-last.xlsx") == december
    # April published again: with March published since, its movement is against March.
    out = run("publish_month", "2024-04")
    assert ("无变化" in out) == (months[-1] == 4)
    expected = oracle.publish(2024, 4)
    check(export("2024-04", tmp_path / "april-last.xlsx"), expected, ledgers[2024])

    # March corrected through the ledger: a new revision of March, then of April (whose
    # movement is against March's new ranks); last year's boards stay as they were.
    assert correct(ledgers[2024], "2024-03")
    run("import_ledger", str(write(tmp_path / "Y2b.xlsx", ledgers[2024])), "--year", "2024")
    assert "已更正发布" in run("publish_month", "2024-03", "--reason", "更正三月数据")
    check(export("2024-03", tmp_path / "march-b.xlsx"), oracle.publish(2024, 3), ledgers[2024])
    run("publish_month", "2024-04", "--reason", "三月更正后重排")
    check(export("2024-04", tmp_path / "april-b.xlsx"), oracle.publish(2024, 4), ledgers[2024])
    assert "无变化" in run("publish_month", "2023-12")
    assert export("2023-12", tmp_path / "december-b.xlsx") == december


def check_looks(book, expected: Month) -> None:
    """红榜 rows red, 警示榜 rows amber on every board; c in a percent format; no formula
    anywhere (a text such as "=已完成招标" stays text)."""
    assert formula_cells(book) == []
    for board, rows in expected.boards.items():
        fills = list_fills(book, board)
        for row in rows:
            colour = fills[row.name]
            if not row.list_name:
                continue
            red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
            if row.list_name == "红榜":
                assert red > green and abs(green - blue) <= 0x20, (board, row.name, colour)
            else:
                assert red >= green > blue + 0x20, (board, row.name, colour)
    assert percent_formatted(book, "预警", "预计完成率")


def check(sheets: dict[str, list[dict]], expected: Month, ledger: dict) -> None:
    for board in BOARDS:
        assert unit_rows(sheets[board]) == expected_units(expected, board), (
            f"{expected.label} {board}"
        )
    assert [action_row(row) for row in sheets["八大行动"]] == expected.actions, (
        f"{expected.label} 八大行动"
    )
    check_items(sheets["事项明细"], expected, expected.items, ledger)
    lagging = [result for result in expected.items if result.band == "red"]
    check_items(sheets["排位靠后事项"], expected, lagging, ledger)
    check_warnings(sheets["预警"], expected)


def unit_rows(rows: list[dict]) -> list[tuple]:
    return [
        (
            row["排名"],
            row["单位"],
            row["分组"],
            number(row["得分"]),
            row["较上月"],
            row["参评事项数"],
            number(row.get("基础得分")),
            number(row.get("加减分")),
            row["榜单"] or "",
        )
        for row in rows
    ]


def expected_units(month: Month, board: str) -> list[tuple]:
    district = board == "区级综合评价榜"
    return [
        (
            row.rank,
            row.name,
            row.group,
            row.score.normalize(),
            row.movement,
            row.count,
            row.base.normalize() if district else None,
            row.bonus.normalize() if district else None,
            row.list_name,
        )
        for row in month.boards[board]
    ]


def action_row(row: dict) -> tuple:
    return (row["排名"], row["行动"], row["领办领导"], row["牵头单位"], Decimal(str(row["得分"])))


def status_word(result) -> str:
    if result.missing:
        return "未报送"
    if result.rule == "rank":
        return RANK_STATUS[result.band]
    if result.rule == "target":
        return TARGET_STATUS[result.band]
    if result.overdue:
        return "逾期"
    return result.report["进度状态"]


def check_items(rows: list[dict], month: Month, results: list, ledger: dict) -> None:
    units = {row["单位编码"]: row["单位名称"] for row in ledger["单位"]}
    actions = {row["行动编码"]: row["行动名称"] for row in ledger["行动"]}
    assert [row["序号"] for row in rows] == list(range(1, len(rows) + 1))
    shown = {row["事项编码"]: row for row in rows}
    assert sorted(shown) == sorted(r.item["事项编码"] for r in results), month.label
    for result in results:
        item, report = result.item, result.report or {}
        row = shown[item["事项编码"]]
        where = f"{month.label} {item['事项编码']}"
        assert row["状态"] == status_word(result), where
        assert row["事项内容"].startswith(item["事项名称"]), where
        assert number(row["目标值"]) == number(item.get("目标值")), where
        assert number(row["完成值"]) == number(report.get("完成值")), where
        if result.rule == "rank" and not result.missing:
            assert row["完成率/位次"] == f"{report['位次']}/{report['参评数']}", where
        elif result.rule == "target" and not result.missing:
            assert abs(
                Decimal(str(row["完成率/位次"])) - Decimal(float(result.completion))
            ) < Decimal("0.0001"), where
        else:
            assert row["完成率/位次"] is None, where
        assert (row["实现情况"] or "") == (report.get("实现情况") or ""), where
        assert (row["存在问题"] or "") == (report.get("存在问题") or ""), where
        assert (row["具体措施"] or "") == (report.get("具体措施") or ""), where
        assert (row["责任单位"] or "") == (report.get("责任单位") or ""), where
        fix_by = report.get("解决时限")
        assert row["解决时限"] == fix_by, where
        assert row["牵头单位"] == units[item["牵头单位编码"]], where
        assert row["行动"] == actions[item["行动编码"]], where
        assert row["责任领导"] == item["责任领导"], where


def check_warnings(rows: list[dict], month: Month) -> None:
    shown = {row["事项编码"]: row for row in rows}
    assert sorted(shown) == sorted(month.warnings), f"{month.label} 预警"
    wrong = []
    for code, (band, forecast, completion, basis) in month.warnings.items():
        row = shown[code]
        seen = (row["预警"], number(row["预测年末值"]), number(row["预计完成率"]))
        if seen != (BAND_WORDS[band], forecast, completion) or basis not in (None, row["依据"]):
            wrong.append((code, seen, row["依据"], (band, forecast, completion, basis)))
    assert wrong == [], f"{month.label} 预警 {wrong}"
