"""The ledger workbook's sheets and columns.

One table drives the importer, the exporter and the blank template, so the three
cannot drift apart. Headers are the exact Chinese names offices use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_noop

from actions.models import (
    Action,
    Cadence,
    Direction,
    Item,
    ItemKind,
    Level,
    Official,
    Progress,
    Unit,
    UnitGroup,
)
from reporting.models import TEXT_LIMITS, BonusPenalty, Report

from . import parsing
from .parsing import CellError, Message

# The workbook's words (指标, 市考, 月, 滞后 …) are the choices' Chinese labels in every
# language: the format is fixed, whoever imports or exports it.
LEDGER_LANGUAGE = "zh-hans"

UNITS = "单位"
OFFICIALS = "领导"
ACTIONS = "行动"
ITEMS = "事项"
REPORTS = "月报"
BONUSES = "加减分"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[object], object]
    required: bool = False
    # Used when the cell is blank (for a new row, or when the column is present).
    default: object = None

    @property
    def blank(self) -> object:
        """What a blank cell stands for: the default, else what the parser makes of None."""
        return self.default if self.default is not None else self.parse(None)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def required_headers(self) -> list[str]:
        return [column.header for column in self.columns if column.required]

    def header(self, field: str) -> str:
        return next(column.header for column in self.columns if column.field == field)


def _choices(enum: type[models.TextChoices]) -> dict[str, str]:
    """Chinese label → stored value, plus the stored values themselves. Built when the
    module is first imported, which may be during a request in English."""
    with translation.override(LEDGER_LANGUAGE):
        mapping = {str(label): value for value, label in enum.choices}
    mapping.update({value: value for value in enum.values})
    return mapping


def _text(model: type[models.Model], field: str) -> Callable[[object], str]:
    return partial(parsing.text, max_length=model._meta.get_field(field).max_length)


def _report_text(field: str) -> Callable[[object], str]:
    return partial(parsing.text, max_length=TEXT_LIMITS[field])


def _decimal(
    model: type[models.Model], field: str, *, exact: bool = False
) -> Callable[[object], Decimal | None]:
    db_field = model._meta.get_field(field)
    return partial(
        parsing.decimal,
        max_digits=db_field.max_digits,
        decimal_places=db_field.decimal_places,
        exact=exact,
    )


def _weight(value: object) -> Decimal | None:
    weight = _decimal(Item, "weight", exact=True)(value)
    if weight is not None and weight <= 0:
        raise CellError(Message(gettext_noop("权重必须大于 0")))
    return weight


def _reference(value: object) -> str:
    # Codes and names that point at other rows: their length is checked by the lookup.
    return parsing.text(value)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        UNITS,
        (
            Column("单位编码", "code", _text(Unit, "code"), required=True),
            Column("单位名称", "name", _text(Unit, "name"), required=True),
            Column("分组", "group", partial(parsing.choice, choices=_choices(UnitGroup)), True),
        ),
        key=("code",),
    ),
    Sheet(
        OFFICIALS,
        (
            Column("姓名", "name", _text(Official, "name"), required=True),
            Column("职务", "title", _text(Official, "title")),
        ),
        key=("name",),
    ),
    Sheet(
        ACTIONS,
        (
            Column("行动编码", "code", _text(Action, "code"), required=True),
            Column("行动名称", "name", _text(Action, "name"), required=True),
            Column("领办领导", "leader", _reference),
            Column("牵头单位编码", "lead_unit", _reference),
        ),
        key=("code",),
    ),
    Sheet(
        ITEMS,
        (
            Column("事项编码", "code", _text(Item, "code"), required=True),
            Column("事项名称", "name", _text(Item, "name"), required=True),
            Column("行动编码", "action", _reference, required=True),
            Column("类型", "kind", partial(parsing.choice, choices=_choices(ItemKind)), True),
            Column("考核层级", "level", partial(parsing.choice, choices=_choices(Level)), True),
            Column("责任领导", "responsible_official", _reference),
            Column("责任人", "responsible_person", _text(Item, "responsible_person")),
            Column("牵头单位编码", "lead_unit", _reference, required=True),
            Column("配合单位编码", "co_units", parsing.code_list),
            Column("频次", "cadence", partial(parsing.choice, choices=_choices(Cadence)), True),
            Column("完成时限", "deadline", parsing.date),
            Column("目标值", "target", _decimal(Item, "target")),
            Column("计量单位", "measure_unit", _text(Item, "measure_unit")),
            Column(
                "方向",
                "direction",
                partial(parsing.choice, choices=_choices(Direction)),
                default=Direction.POSITIVE.value,
            ),
            Column("累计", "cumulative", parsing.boolean, default=True),
            Column("定性标准", "standard", parsing.text),
            Column("权重", "weight", _weight, default=Decimal("1")),
        ),
        key=("code",),
    ),
    Sheet(
        REPORTS,
        (
            Column("事项编码", "item", _reference, required=True),
            Column("月份", "month", parsing.month, required=True),
            Column("完成值", "value", _decimal(Report, "value")),
            # Whole numbers here; whether the rank fits its peers is scoring.figures'.
            Column("位次", "rank", parsing.integer),
            Column("参评数", "peer_count", parsing.integer),
            Column(
                "进度状态",
                "progress",
                partial(parsing.choice, choices=_choices(Progress)),
                default="",
            ),
            Column("实现情况", "achievement", _report_text("achievement"), required=True),
            Column("存在问题", "problems", _report_text("problems")),
            Column("具体措施", "measures", _report_text("measures")),
            Column("责任单位", "fix_unit", _text(Report, "fix_unit")),
            Column("解决时限", "fix_deadline", parsing.date),
        ),
        key=("item", "month"),
    ),
    Sheet(
        BONUSES,
        (
            Column("单位编码", "unit", _reference, required=True),
            Column("月份", "month", parsing.month, required=True),
            Column("分值", "points", _decimal(BonusPenalty, "points", exact=True), required=True),
            Column("事由", "reason", _text(BonusPenalty, "reason"), required=True),
        ),
        key=("unit", "month", "reason"),
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}

_HINT_RE = re.compile(r"[（(][^（）()]*[）)]$")


def normalize_header(value: object) -> str:
    """'完成时限 ' / '完成时限（日期）' / '完 成 时 限' → '完成时限'."""
    if value is None:
        return ""
    name = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return _HINT_RE.sub("", name) or name
