"""Last year's plan (上年度计划) of the demo district, derived from this year's.

Most items carry over (the same code) with last year's somewhat lower targets and their
deadlines in last year; a few of this year's items are new and not in it, and a few of
last year's were dropped from this year's plan. Every month of last year is reported
and published, so 同比 and the year switcher show real data.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from actions.models import Direction

from .items import ITEMS, ItemSpec, ind, proj, task
from .reports import YEAR

LAST_YEAR = YEAR - 1
LAST_YEAR_MONTHS = range(1, 13)

# New in this year's plan: not in last year's.
NEW_THIS_YEAR = frozenset({"YS-20", "FW-07", "CX-11"})

# Last year's items that this year's plan dropped.
DROPPED = (
    ind("YS-21", "“十四五”规划重大项目入库", "D01", "120", "个", cadence="quarterly"),
    proj("CS-20", "丽水火车站站前广场改造提升", "D17", "2021-10-31", done_in=10),
    task("QY-21", "中央生态环境保护督察反馈问题整改", "D15", "2021-11-30", done_in=11),
)


def _like(value: Decimal, factor: str, model: Decimal) -> Decimal:
    """value × factor, with as many decimals as the target it stands for."""
    exponent = min(model.as_tuple().exponent, 0)
    return (value * Decimal(factor)).quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def _last_year_target(spec: ItemSpec) -> Decimal | None:
    if spec.target is None or spec.target == 0:
        return spec.target
    if spec.direction == Direction.NEGATIVE:
        return _like(spec.target, "1.1", spec.target)  # a looser ceiling last year
    return _like(spec.target, "0.9" if spec.cumulative else "0.95", spec.target)


def _last_year_spec(spec: ItemSpec) -> ItemSpec:
    deadline = spec.deadline.replace(year=LAST_YEAR) if spec.deadline else None
    done_in = spec.done_in
    if deadline is not None and done_in is None and spec.outlook != "behind":
        done_in = deadline.month  # last year's projects mostly finished on time
    return dataclasses.replace(
        spec, target=_last_year_target(spec), deadline=deadline, done_in=done_in
    )


LAST_YEAR_ITEMS: tuple[ItemSpec, ...] = (
    *(_last_year_spec(spec) for spec in ITEMS if spec.code not in NEW_THIS_YEAR),
    *DROPPED,
)
