"""The big-screen sequence (大屏模式): which page comes at which step, from plain board data.

Step 0 is the 八大行动 board, then one step per action with its items (red first), then
the three unit boards, then the month's on-site ratings. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from actions.models import UnitGroup
from scoring.boarddata import BOARD_LABELS, ActionRow, ItemRow, MonthBoards, UnitRow
from scoring.models import Board
from scoring.rulebook import UNIT_BOARDS

# The screen's titles in the page's language; boarddata's labels are the workbook's.
ACTIONS_TITLE = _(BOARD_LABELS["actions"])
BAND_ORDER = {"red": 0, "yellow": 1, "green": 2}


@dataclass
class ScreenStep:
    kind: str  # actions / action / board / rating
    title: str  # translated lazily for the fixed titles; an action's or session's own name
    action: ActionRow | None = None
    items: list[ItemRow] = field(default_factory=list)
    groups: list[tuple[str, list[UnitRow]]] = field(default_factory=list)  # (label, rows)
    actions: list[ActionRow] = field(default_factory=list)
    session: object = None  # a RatingSession for kind "rating"


def red_first(items: list[ItemRow]) -> list[ItemRow]:
    """Red, then yellow, then green; within a band, lowest score first, then by code."""
    return sorted(items, key=lambda r: (BAND_ORDER.get(r.band, 9), r.score, r.item_code))


def plan_order(action: ActionRow) -> tuple:
    """The plan's order of actions (行动顺序); an action since deleted goes last."""
    return (action.action_order is None, action.action_order or 0, action.action_code)


def screen_steps(boards: MonthBoards, sessions: list | None = None) -> list[ScreenStep]:
    steps = [ScreenStep(kind="actions", title=ACTIONS_TITLE, actions=boards.actions)]
    items_by_action: dict[str, list[ItemRow]] = {}
    for item in boards.items:
        items_by_action.setdefault(item.action_code, []).append(item)
    for action in sorted(boards.actions, key=plan_order):
        steps.append(
            ScreenStep(
                kind="action",
                title=action.action_name,
                action=action,
                items=red_first(items_by_action.get(action.action_code, [])),
            )
        )
    for board in UNIT_BOARDS:
        rows = boards.board(board)
        groups = [
            (label, [r for r in rows if r.group == group]) for group, label in UnitGroup.choices
        ]
        steps.append(
            ScreenStep(
                kind="board",
                title=Board(board).label,
                groups=[(label, group_rows) for label, group_rows in groups if group_rows],
            )
        )
    for session in sessions or []:
        steps.append(ScreenStep(kind="rating", title=session.title, session=session))
    return steps
