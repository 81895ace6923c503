"""The plain data of one month's boards, as pages and the meeting workbook read it.

`scoring.queries.load_month_boards()` builds it from the published snapshot (or the
live preview); exports and pages format it. Nothing here touches the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop

from actions.models import GROUP_NAMES

from .figures import HonourExclusion, honour_exclusions
from .rulebook import LAGGING_BAND

# The boards' and bands' Chinese words, written once: scoring.models' choices and the
# big screen translate them for pages; the meeting workbook writes them as they are.
BOARD_LABELS = {
    "province": gettext_noop("省考排行榜"),
    "city": gettext_noop("市考排行榜"),
    "district": gettext_noop("区级综合评价榜"),
    "actions": gettext_noop("八大行动"),
}
GROUP_LABELS = GROUP_NAMES
# Groups are listed 区直部门 first, then 乡镇街道, on every board, page and sheet.
GROUP_ORDER = {group: position for position, group in enumerate(GROUP_NAMES)}
BAND_LABELS = {
    "green": gettext_noop("领先"),
    "yellow": gettext_noop("居中"),
    "red": gettext_noop("靠后"),
}

# Above this many due items the board page builds the meeting workbook in the background
# instead of holding a web worker for the download.
DIRECT_EXPORT_MAX_ITEMS = 2_000


def movement_label(movement: int | None) -> str:
    """较上月: ↑n / ↓n / — / 新."""
    if movement is None:
        return "新"
    if movement > 0:
        return f"↑{movement}"
    if movement < 0:
        return f"↓{-movement}"
    return "—"


@dataclass(frozen=True)
class UnitRow:
    board: str  # province / city / district
    group: str  # department / township
    rank: int
    unit_code: str
    unit_name: str
    score: Decimal
    base_score: Decimal
    bonus: Decimal
    movement: int | None
    item_count: int
    honour: bool  # 红榜
    warning: bool  # 警示榜

    @property
    def group_label(self) -> str:
        return GROUP_LABELS[self.group]

    @property
    def movement_label(self) -> str:
        return movement_label(self.movement)


@dataclass(frozen=True)
class ActionRow:
    rank: int
    action_code: str
    action_name: str
    leader: str
    lead_unit: str
    score: Decimal
    item_count: int
    movement: int | None
    action_order: int | None = None  # the plan's order (行动顺序)

    @property
    def movement_label(self) -> str:
        return movement_label(self.movement)


@dataclass(frozen=True)
class ItemRow:
    action_code: str
    action_name: str
    item_code: str
    item_name: str
    kind: str  # indicator / project / task
    level: str  # province / city / district
    lead_unit_code: str
    lead_unit_name: str
    responsible_official: str
    measure_unit: str
    target: Decimal | None
    rule: str  # rank / target / status
    score: Decimal
    band: str  # green / yellow / red
    missing: bool  # 未报送
    overdue: bool  # 逾期
    value: Decimal | None = None
    expected: Decimal | None = None
    completion: Decimal | None = None
    rank: int | None = None
    peer_count: int | None = None
    progress: str = ""  # done / on_track / behind / ""
    deadline: datetime.date | None = None
    achievement: str = ""
    problems: str = ""
    measures: str = ""
    fix_unit: str = ""
    fix_deadline: datetime.date | None = None
    weight: Decimal = Decimal("1")
    action_order: int | None = None  # the plan's order (行动顺序)


@dataclass
class WarningRow:
    """An item's early warning (预警) of the month, as the 预警 page and sheet show it."""

    item_id: int | None
    item_code: str
    item_name: str
    action_code: str
    action_name: str
    lead_unit_code: str
    lead_unit_name: str
    measure_unit: str
    target: Decimal | None
    rule: str  # rank / target / status
    band: str  # green / yellow / red
    basis: str  # last_year / pace / level / rank / status / missing
    missing: bool
    basis_month: int | None = None
    value: Decimal | None = None
    forecast: Decimal | None = None  # P, 2 places
    completion: Decimal | None = None  # c, 3 places
    rank: int | None = None
    peer_count: int | None = None
    previous_rank: int | None = None
    previous_peer_count: int | None = None
    progress: str = ""
    deadline: datetime.date | None = None


@dataclass
class MonthBoards:
    month_label: str  # "2022-03"
    district: str
    published: bool
    revision: int | None  # 1 for the first publication, 2.. for corrections; None for a preview
    computed_at: datetime.datetime | None
    units: list[UnitRow] = field(default_factory=list)  # every board, ordered board/group/rank/code
    actions: list[ActionRow] = field(default_factory=list)  # ordered by rank then code
    items: list[ItemRow] = field(
        default_factory=list
    )  # due items, ordered by action then item code

    warnings: list[WarningRow] = field(default_factory=list)  # by item code, when asked for

    def board(self, board: str) -> list[UnitRow]:
        return [row for row in self.units if row.board == board]

    def unreported_units(self) -> set[str]:
        """The codes of the units with a 未报送 item this month."""
        return {row.lead_unit_code for row in self.items if row.missing}

    def kept_off_honour(self, board: str) -> dict[str, HonourExclusion]:
        """The units of `board` placed 1–3 but kept off 红榜, by unit code, with why."""
        return honour_exclusions(
            ((row.unit_code, row.rank, row.honour) for row in self.board(board)),
            ((i.lead_unit_code, i.item_code, i.missing, i.overdue) for i in self.items),
        )

    @property
    def lagging(self) -> list[ItemRow]:
        """排位靠后事项: every item of the month in the rulebook's lagging (red) band."""
        return [row for row in self.items if row.band == LAGGING_BAND]
