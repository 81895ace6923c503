"""The 通报 drafted from the month's data: a title and paragraphs, in sentences.

`draft_notice()` is the pure formatter over plain rows (MonthBoards, comment and
assignment rows, 预警 counts); `meetings.notice.gather_notice_inputs()` reads them. The
text is one paragraph a line: the first line is the title, "一、…" lines are 一级
headings, "（一）…" lines 二级 headings, the 附件 note and the 落款 (the sender) close the
body; then each 附件 ("附件1", its title, its table one row a line, cells split by tabs).
The office edits that text and `meetings.notice.document` lays it out inside the 版头 and
版记, with the meeting date as the 落款's date.

The body stays short (about 3–4 pages for a month of 161 items): first places and movers,
红榜 and 警示榜, counts by action, the ten most lagging items by name; the full lagging
list and the 红 and 黄 预警 go into the 附件.

The 通报 is a Chinese 公文 sent to every unit, so it is written in Chinese whatever the
language of the page that asks for it, like the meeting workbook's sheets.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from reporting.models import month_title
from scoring.boarddata import (
    BOARD_LABELS,
    GROUP_LABELS,
    GROUP_ORDER,
    ItemRow,
    MonthBoards,
    UnitRow,
    WarningRow,
)
from scoring.figures import score_text
from scoring.rulebook import UNIT_BOARDS

from ..exports.warnings import basis_text
from ..queries import AssignmentRow, CommentRow

NUMERALS = "一二三四五六七八九十"
# Movers name at most this many units each way, the body at most this many lagging items
# by name (all of them are in 附件1), so a large district's 通报 stays a circular.
MOVERS_SHOWN = 2
LAGGING_SHOWN = 10
# 预警 counts name 红 and 黄 only: a green item is no warning.
WARNING_LEVELS = ("红", "黄")
WARNING_BANDS = {"red": "红", "yellow": "黄"}
LAGGING_ANNEX = "排位靠后事项清单"
WARNING_ANNEX = "红色、黄色预警事项清单"
CELL = "\t"  # between the cells of an 附件 table's row


@dataclass(frozen=True)
class NoticeInputs:
    """What a month's 通报 is drafted from."""

    boards: MonthBoards
    comments: Sequence[CommentRow] = ()
    assignments: Sequence[AssignmentRow] = ()
    # 预警 counts by level (红/黄), None where the month has no 预警 to count.
    warnings: dict[str, int] | None = None
    # The 红 and 黄 预警 rows for 附件2, in plan order.
    warning_rows: Sequence[WarningRow] = ()
    issuer: str = ""  # the 落款; the district's 晒比会办公室 when blank


def numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (headings and places)."""
    if number <= 10:
        return NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def quoted(text: str) -> str:
    """“text”, its own quotes turned to the inner pair: “峰源乡‘大搬快聚’搬迁农户”."""
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def notice_title(boards: MonthBoards) -> str:
    return f"关于{boards.district}{month_title(boards.month_label)}晒比会情况的通报"


def draft_notice(inputs: NoticeInputs) -> str:
    """The 通报 of `inputs` as text, one paragraph a line."""
    boards = inputs.boards
    month = month_title(boards.month_label)
    lines = [
        notice_title(boards),
        "各乡镇（街道），区直各部门：",
        f"{month}，{boards.district}召开晒比会，晒比{BOARD_LABELS['province']}、"
        f"{BOARD_LABELS['city']}、{BOARD_LABELS['district']}三张榜单和八大行动推进情况，"
        "点评排位靠后事项，交办重点工作。现将有关情况通报如下。",
    ]
    if not boards.published:
        lines.append("本通报所用数据为预览数据，以正式发布的榜单为准。")
    warned = [row for row in inputs.warning_rows if row.band in WARNING_BANDS]
    annexes = []
    if boards.lagging:
        annexes.append((LAGGING_ANNEX, _lagging_table(boards.lagging)))
    if warned:
        annexes.append((WARNING_ANNEX, _warning_table(warned)))
    annex_number = {title: number for number, (title, _rows) in enumerate(annexes, start=1)}
    sections: list[tuple[str, list[str]]] = [
        ("榜单排名、红榜和警示榜", _board_lines(boards)),
        ("八大行动推进情况", _action_lines(boards)),
        ("排位靠后事项", _lagging_lines(boards.lagging, annex_number.get(LAGGING_ANNEX))),
    ]
    if inputs.warnings is not None:
        sentence = _warning_sentence(inputs.warnings, annex_number.get(WARNING_ANNEX))
        sections.append(("预警情况", [sentence]))
    if inputs.comments:
        sections.append(("领导点评", _comment_lines(inputs.comments)))
    sections += [
        ("交办事项", _assignment_lines(inputs.assignments)),
        ("工作要求", [_REQUIREMENTS]),
    ]
    for number, (heading, body) in enumerate(sections, start=1):
        lines.append(f"{numeral(number)}、{heading}")
        lines.extend(body)
    for number, (title, _rows) in enumerate(annexes, start=1):
        lines.append(f"{'附件：' if number == 1 else ''}{number}．{title}")
    lines.append(inputs.issuer or f"{boards.district}晒比会办公室")
    for number, (title, rows) in enumerate(annexes, start=1):
        lines += [f"附件{number}", title, *rows]
    return "\n".join(lines)


_REQUIREMENTS = (
    "各单位要对照榜单查找差距，对排位靠后事项逐项分析原因、落实措施，"
    "交办事项按时限办结并报送进展；领办区领导要加强督促指导，确保各项目标任务按序时推进。"
)


# --- 榜单 -----------------------------------------------------------------------------


def _board_lines(boards: MonthBoards) -> list[str]:
    lines: list[str] = []
    subsection = 0
    # The district's own board leads, as the meeting reads it; then 省考 and 市考.
    for board in ("district", *(b for b in UNIT_BOARDS if b != "district")):
        rows = boards.board(board)
        if not rows:
            continue
        subsection += 1
        lines.append(f"（{numeral(subsection)}）{BOARD_LABELS[board]}")
        lines.append(
            "".join(
                _first_places(group, group_rows) + "。" + _movers(group_rows)
                for group, group_rows in _groups(rows)
            )
            + _honour_sentence(rows)
        )
    if not lines:
        lines.append("本月尚无参评单位。")
    return lines


def _groups(rows: Sequence[UnitRow]) -> list[tuple[str, list[UnitRow]]]:
    grouped: dict[str, list[UnitRow]] = {}
    for row in sorted(rows, key=lambda r: (GROUP_ORDER.get(r.group, 9), r.rank, r.unit_code)):
        grouped.setdefault(row.group, []).append(row)
    return list(grouped.items())


def _first_places(group: str, rows: Sequence[UnitRow]) -> str:
    """区直部门中，区发改局以 96.35 分居第一，区经信局（95.20 分）、区财政局（94.10 分）
    分列第二、三位."""
    label = GROUP_LABELS.get(group, group)
    firsts = [row for row in rows if row.rank == 1]
    names = "、".join(row.unit_name for row in firsts)
    placed = "并列第一" if len(firsts) > 1 else "居第一"
    sentence = f"{label}中，{names}以 {score_text(firsts[0].score)} 分{placed}"
    followers = [row for row in rows if 1 < row.rank <= 3]
    if followers:
        names = "、".join(f"{row.unit_name}（{score_text(row.score)} 分）" for row in followers)
        places = list(dict.fromkeys(numeral(row.rank) for row in followers))
        if len(places) > 1:
            sentence += f"，{names}分列第{'、'.join(places)}位"
        else:
            sentence += f"，{names}{'位列' if len(followers) == 1 else '并列'}第{places[0]}"
    return sentence


def _movers(rows: Sequence[UnitRow]) -> str:
    moved = [row for row in rows if row.movement]
    risers = sorted((r for r in moved if r.movement > 0), key=lambda r: (-r.movement, r.unit_code))[
        :MOVERS_SHOWN
    ]
    fallers = sorted((r for r in moved if r.movement < 0), key=lambda r: (r.movement, r.unit_code))[
        :MOVERS_SHOWN
    ]
    parts = []
    if risers:
        names = "、".join(f"{r.unit_name}（上升 {r.movement} 位）" for r in risers)
        parts.append(f"进步较快的有{names}")
    if fallers:
        names = "、".join(f"{r.unit_name}（下降 {-r.movement} 位）" for r in fallers)
        parts.append(f"退步较多的有{names}")
    return "较上月" + "；".join(parts) + "。" if parts else ""


def _action_lines(boards: MonthBoards) -> list[str]:
    """八大行动中，创新引领以 91.68 分居第一……; then each action's due and lagging items."""
    actions = boards.actions
    if not actions:
        return ["本月尚无行动得分。"]
    first = [row for row in actions if row.rank == 1]
    names = "、".join(row.action_name for row in first)
    sentence = f"八大行动中，{names}以 {score_text(first[0].score)} 分居第一"
    if len(actions) > 1:
        last = actions[-1]
        sentence += f"，{last.action_name}得分 {score_text(last.score)} 分，排名末位"
    due: dict[str, int] = {}
    lagging: dict[str, int] = {}
    for item in boards.items:
        due[item.action_name] = due.get(item.action_name, 0) + 1
        lagging[item.action_name] = lagging.get(item.action_name, 0) + (item.band == "red")
    counts = "，".join(f"{name} {lagging[name]}/{count} 项" for name, count in due.items())
    due_count, lagging_count = len(boards.items), len(boards.lagging)
    return [
        f"{sentence}。本月应报事项共 {due_count} 项，排位靠后 {lagging_count} 项，"
        f"分行动（靠后/应报）：{counts}。"
    ]


# --- 红榜 and 警示榜 --------------------------------------------------------------------


def _honour_sentence(rows: Sequence[UnitRow]) -> str:
    """红榜：区直部门 区发改局，乡镇街道 碧湖镇；警示榜：区直部门 区经信局。"""
    honour = _by_group(row for row in rows if row.honour)
    warning = _by_group(row for row in rows if row.warning)
    return f"红榜：{honour or '无'}；警示榜：{warning or '无'}。"


def _by_group(rows) -> str:
    """区直部门 区发改局、区经信局，乡镇街道 雅溪镇."""
    return "，".join(
        f"{GROUP_LABELS.get(group, group)} " + "、".join(row.unit_name for row in group_rows)
        for group, group_rows in _groups(list(rows))
    )


# --- 排位靠后事项 ------------------------------------------------------------------------


def most_lagging(items: Sequence[ItemRow]) -> list[ItemRow]:
    """The lagging items the body names: the lowest scores first, then in plan order."""
    return sorted(items, key=lambda item: item.score)[:LAGGING_SHOWN]


def _reason(item: ItemRow) -> str:
    problems = item.problems.strip().rstrip("。；;")
    if item.missing:
        return "本月未报送"
    if problems:
        return f"存在问题：{problems}"
    return "未说明存在问题"


def _lagging_lines(items: Sequence[ItemRow], annex: int | None) -> list[str]:
    """The count and the lowest ten by name in one paragraph; their problems are in the
    附件's list."""
    if not items:
        return ["本月无排位靠后事项。"]
    shown = most_lagging(items)
    listed = f"（清单见附件{annex}）" if annex else ""
    named = "；".join(
        f"{item.lead_unit_name}牵头的{quoted(item.item_name)}（{item.item_code}，"
        + ("未报送" if item.missing else f"{score_text(item.score)} 分")
        + "）"
        for item in shown
    )
    return [
        f"本月排位靠后（红色）事项共 {len(items)} 项{listed}，"
        f"其中得分最低的 {len(shown)} 项是：{named}。"
    ]


def _lagging_table(items: Sequence[ItemRow]) -> list[str]:
    return _item_table(
        ("得分", "存在问题"),
        [
            (item, score_text(item.score), _reason(item).removeprefix("存在问题："))
            for item in items
        ],
    )


def _item_table(last_headers: tuple[str, str], rows) -> list[str]:
    """An 附件's table, one line a row: 序号, the item's code, name and lead unit, then
    two more columns; `rows` are (an ItemRow or WarningRow, cell, cell)."""
    lines = [CELL.join(("序号", "事项编码", "事项名称", "牵头单位", *last_headers))]
    for number, (row, first, second) in enumerate(rows, start=1):
        cells = (str(number), row.item_code, row.item_name, row.lead_unit_name, first, second)
        lines.append(CELL.join(_cell(cell) for cell in cells))
    return lines


def _warning_sentence(counts: dict[str, int], annex: int | None) -> str:
    total = sum(counts.get(level, 0) for level in WARNING_LEVELS)
    shown = "，".join(f"{level}色预警 {counts.get(level, 0)} 项" for level in WARNING_LEVELS)
    listed = f"，清单见附件{annex}" if annex else ""
    return f"按当前进度预测年末完成情况，共有预警事项 {total} 项，其中{shown}{listed}。"


def _warning_table(rows: Sequence[WarningRow]) -> list[str]:
    return _item_table(
        ("预警", "依据"), [(row, WARNING_BANDS[row.band], basis_text(row)) for row in rows]
    )


def _cell(text: str) -> str:
    """A table cell's text on one line of the 通报's text."""
    return " ".join(text.replace(CELL, " ").split())


# --- 领导点评 and 交办事项 ---------------------------------------------------------------


def _comment_lines(comments: Sequence[CommentRow]) -> list[str]:
    if not comments:
        return ["本月无领导点评。"]
    lines = []
    for row in comments:
        text = row.text.strip()
        if text and text[-1] not in "。！？!?":
            text += "。"
        lines.append(f"{row.speaker}点评{row.target_kind}{quoted(row.target_name)}：{text}")
    return lines


def _assignment_lines(assignments: Sequence[AssignmentRow]) -> list[str]:
    new = [row for row in assignments if not row.carried_over]
    earlier = [row for row in assignments if row.carried_over]
    lines = [f"本次会议交办事项 {len(new)} 件。" if new else "本次会议无新交办事项。"]
    lines += [_assignment_sentence(number, row) for number, row in enumerate(new, start=1)]
    if earlier:
        overdue = sum(row.overdue for row in earlier)
        lines.append(f"前期交办尚未办结的事项 {len(earlier)} 件，其中逾期 {overdue} 件。")
        lines += [_assignment_sentence(number, row) for number, row in enumerate(earlier, start=1)]
    return lines


def _assignment_sentence(number: int, row: AssignmentRow) -> str:
    content = row.content.strip().rstrip("。；;")
    who = row.responsible_unit + (f"，配合单位：{row.co_units}" if row.co_units else "")
    flag = "，已逾期" if row.overdue else ""
    return (
        f"{number}. {content}（{row.number}，责任单位：{who}，"
        f"办理时限：{chinese_date(row.deadline)}，当前状态：{row.status}{flag}）。"
    )
