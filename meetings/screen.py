"""The big-screen sequence (大屏模式): the meeting's agenda as slides, from plain data.

An opening slide; then each action in the plan's order — its items with their bands,
its lagging items with 存在问题 and 具体措施, its open 交办事项; then the boards (八大行动
and the three unit boards), the 警示榜, the 交办事项 carried over from earlier meetings,
and the month's 现场测评. A slide with more rows than fit a 16:9 screen is split into
pages. Nothing here touches the database: the view hands in the rows it read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from actions.models import UnitGroup
from scoring.boarddata import BOARD_LABELS, ActionRow, ItemRow, MonthBoards, UnitRow
from scoring.figures import HonourExclusion
from scoring.models import Board
from scoring.rulebook import UNIT_BOARDS
from scoring.tables import kept_off_html

# The screen's titles in the page's language; boarddata's labels are the workbook's.
ACTIONS_TITLE = _(BOARD_LABELS["actions"])
BAND_ORDER = {"red": 0, "yellow": 1, "green": 2}
# Rows one 1920×1080 (or 1366×768) slide holds at a type size readable from the back of
# the room; a longer list goes on to the next page.
ITEM_ROWS = 12
UNIT_ROWS = 13
ACTION_ROWS = 12
LAGGING_CARDS = 4
ASSIGNMENT_ROWS = 8  # lines of 交办 text a slide holds
ASSIGNMENT_LINE = 40  # characters of 交办内容 a line holds at 1920×1080


@dataclass
class ScreenStep:
    kind: str  # opening / action / lagging / tasks / actions / board / warning / carried / rating
    title: str  # translated lazily for the fixed titles; an action's or session's own name
    action: ActionRow | None = None
    items: list[ItemRow] = field(default_factory=list)
    groups: list[tuple[str, list[UnitRow]]] = field(default_factory=list)  # (label, rows)
    actions: list[ActionRow] = field(default_factory=list)
    assignments: list = field(default_factory=list)  # Assignment rows
    bands: dict[str, int] = field(default_factory=dict)  # the action's items by band
    warning: list[tuple[str, list[tuple[str, list[UnitRow]]]]] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    kept_off: list[tuple[UnitRow, str]] = field(default_factory=list)  # placed, off 红榜: why
    session: object = None  # a RatingSession for kind "rating"
    page: int = 1
    pages: int = 1

    @property
    def rows(self) -> int:
        """The longest list on the slide, for its type size."""
        longest = max((len(rows) for _label, rows in self.groups), default=0)
        return max(len(self.items), len(self.actions), len(self.assignments), longest)


def red_first(items: list[ItemRow]) -> list[ItemRow]:
    """Red, then yellow, then green; within a band, lowest score first, then by code."""
    return sorted(items, key=lambda r: (BAND_ORDER.get(r.band, 9), r.score, r.item_code))


def chunks(rows: Sequence, size: int) -> list[list]:
    """`rows` in pages of at most `size`; one empty page for no rows."""
    return [list(rows[i : i + size]) for i in range(0, len(rows), size)] or [[]]


def assignment_pages(assignments: Sequence) -> list[list]:
    """交办事项 in slides of at most ASSIGNMENT_ROWS lines: each one shown whole, wrapped,
    and taking as many lines as its text wraps to (ASSIGNMENT_LINE characters a line)."""
    pages: list[list] = [[]]
    used = 0
    for assignment in assignments:
        lines = max(1, math.ceil(len(assignment.content) / ASSIGNMENT_LINE))
        if pages[-1] and used + lines > ASSIGNMENT_ROWS:
            pages.append([])
            used = 0
        pages[-1].append(assignment)
        used += lines
    return pages


def _paged(steps: list[ScreenStep]) -> list[ScreenStep]:
    for number, step in enumerate(steps, start=1):
        step.page, step.pages = number, len(steps)
    return steps


def plan_order(action: ActionRow) -> tuple:
    """The plan's order of actions (行动顺序); an action since deleted goes last."""
    return (action.action_order is None, action.action_order or 0, action.action_code)


def screen_steps(
    boards: MonthBoards,
    sessions: Sequence | None = None,
    *,
    assignments: Sequence = (),
    carried_over: Sequence = (),
) -> list[ScreenStep]:
    """Every slide of the month's big screen, in agenda order: the actions in the plan's
    order. `assignments` are the month's open 交办事项 (each with `item.action.code`),
    `carried_over` the earlier meetings' still open."""
    actions = sorted(boards.actions, key=plan_order)
    steps = [
        _opening(
            actions,
            sessions or [],
            carried=bool(carried_over),
            own=any(a.item is None for a in assignments),
        )
    ]
    items_by_action: dict[str, list[ItemRow]] = {}
    for item in boards.items:
        items_by_action.setdefault(item.action_code, []).append(item)
    tasks_by_action: dict[str, list] = {}
    meeting_tasks = []  # this meeting's 交办 on no item: a slide of their own
    for assignment in assignments:
        if assignment.item is not None:
            tasks_by_action.setdefault(assignment.item.action.code, []).append(assignment)
        else:
            meeting_tasks.append(assignment)
    for action in actions:
        items = red_first(items_by_action.get(action.action_code, []))
        tasks = tasks_by_action.get(action.action_code, [])
        steps += _action_steps(action, items, tasks)
    steps += _paged(
        [
            ScreenStep(kind="actions", title=ACTIONS_TITLE, actions=page)
            for page in chunks(boards.actions, ACTION_ROWS)
        ]
    )
    for board in UNIT_BOARDS:
        steps += _board_steps(board, boards.board(board), boards.kept_off_honour(board))
    steps.append(_warning_step(boards))
    if meeting_tasks:
        steps += _paged(
            [
                ScreenStep(kind="tasks", title=_("本次会议"), assignments=page)
                for page in assignment_pages(meeting_tasks)
            ]
        )
    if carried_over:
        steps += _paged(
            [
                ScreenStep(kind="carried", title=_("往期未办结交办事项"), assignments=page)
                for page in assignment_pages(carried_over)
            ]
        )
    for session in sessions or []:
        steps.append(ScreenStep(kind="rating", title=session.title, session=session))
    return steps


def _opening(
    actions: list[ActionRow], sessions: Sequence, *, carried: bool, own: bool
) -> ScreenStep:
    """The agenda names only what the slides hold: this meeting's 交办事项 on no item,
    earlier meetings' when some are still open, the 现场测评 when one is running."""
    names = "、".join(a.action_name for a in actions)
    agenda = [str(_("各行动晒比：%(names)s")) % {"names": names}]
    agenda += [str(_("三张榜单和八大行动排名")), str(_("警示榜"))]
    if own:
        agenda.append(str(_("本次会议交办事项")))
    if carried:
        agenda.append(str(_("往期交办事项办理情况")))
    if sessions:
        agenda.append(str(_("现场测评")))
    return ScreenStep(kind="opening", title=_("晒比会"), agenda=agenda)


def _action_steps(action: ActionRow, items: list[ItemRow], tasks: list) -> list[ScreenStep]:
    bands = {band: sum(1 for i in items if i.band == band) for band in BAND_ORDER}
    steps = _paged(
        [
            ScreenStep(
                kind="action", title=action.action_name, action=action, items=page, bands=bands
            )
            for page in chunks(items, ITEM_ROWS)
        ]
    )
    lagging = [item for item in items if item.band == "red"]
    if lagging:
        steps += _paged(
            [
                ScreenStep(kind="lagging", title=action.action_name, action=action, items=page)
                for page in chunks(lagging, LAGGING_CARDS)
            ]
        )
    if tasks:
        steps += _paged(
            [
                ScreenStep(kind="tasks", title=action.action_name, action=action, assignments=page)
                for page in assignment_pages(tasks)
            ]
        )
    return steps


def _groups(rows: list[UnitRow]) -> list[tuple[str, list[UnitRow]]]:
    groups = [(label, [r for r in rows if r.group == group]) for group, label in UnitGroup.choices]
    return [(label, group_rows) for label, group_rows in groups if group_rows]


def _board_steps(
    board: str, rows: list[UnitRow], kept_off: dict[str, HonourExclusion]
) -> list[ScreenStep]:
    """One board, both groups side by side, split into pages of UNIT_ROWS places; the
    first page names the units placed 1–3 but kept off 红榜, and why."""
    groups = _groups(rows)
    pages = max((len(chunks(group_rows, UNIT_ROWS)) for _l, group_rows in groups), default=1)
    steps = []
    for page in range(pages):
        sliced = [
            (label, group_rows[page * UNIT_ROWS : (page + 1) * UNIT_ROWS])
            for label, group_rows in groups
        ]
        steps.append(ScreenStep(kind="board", title=Board(board).label, groups=sliced))
    steps[0].kept_off = [
        (row, kept_off_html(kept_off[row.unit_code])) for row in rows if row.unit_code in kept_off
    ]
    return _paged(steps)


def _warning_step(boards: MonthBoards) -> ScreenStep:
    """警示榜 of each board by group (an empty board is left out)."""
    warning = []
    for board in UNIT_BOARDS:
        listed = _groups([row for row in boards.board(board) if row.warning])
        if listed:
            warning.append((Board(board).label, listed))
    return ScreenStep(kind="warning", title=_("警示榜"), warning=warning)


__all__ = ["ScreenStep", "chunks", "red_first", "screen_steps"]
