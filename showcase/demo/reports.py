"""Believable monthly reports (月报) for the demo items, computed, never random per run.

Every figure and sentence is derived from the item's spec and a random generator seeded
with the item code, so a rerun produces exactly the same reports (the loader then has
nothing to write). Values follow the 序时进度 of docs/rulebook.md: an item doing "good" is a
little ahead of target × m/12, a "behind" one well below, ranks sit in the top, middle
or bottom third of the peers.
"""

from __future__ import annotations

import calendar
import datetime
import random
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from actions.models import Cadence, Direction, ItemKind, Level, Progress
from scoring import rulebook
from scoring.figures import figure_text

from .items import MISSING_IN_MARCH, ItemSpec
from .narratives import BEHIND_STAGES, DATED_TOPICS, ON_TRACK_STAGES, PROBLEMS

YEAR = 2022
REPORTED_MONTHS = range(1, 4)
PROVINCE_PEERS, CITY_PEERS = 26, 9  # 山区26县; 丽水's nine counties, cities and districts
PEER_LABEL = {Level.PROVINCE: "全省山区26县", Level.CITY: "全市9个县（市、区）"}
WHOLE_UNITS = {"个", "家", "户", "人", "起", "套", "万美元"}
TZ = ZoneInfo("Asia/Shanghai")


def _q(value: Decimal, whole: bool) -> Decimal:
    return value.quantize(Decimal("1") if whole else Decimal("0.01"), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A figure as a report writes it: 12.50 → "12.5", 120.00 → "120"."""
    return figure_text(value, grouped=False)


QUARTERS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def _period(spec: ItemSpec, month: int) -> str:
    if spec.cadence == Cadence.QUARTERLY:
        return QUARTERS[month]
    return "1月" if month == 1 else f"1-{month}月"


def _last_day(month: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def has_report(spec: ItemSpec, month: int, year: int = YEAR) -> bool:
    """Due items are reported, except the few left 未报送 in this year's March."""
    return rulebook.is_due(spec.cadence, month) and not (
        year == YEAR and month == 3 and spec.code in MISSING_IN_MARCH
    )


def _scored_by_rank(spec: ItemSpec) -> bool:
    return rulebook.rule_of(spec.kind, spec.level, spec.target is not None) == rulebook.RULE_RANK


def _outlook(spec: ItemSpec, rng: random.Random) -> str:
    if spec.outlook:
        return spec.outlook
    if spec.kind != ItemKind.INDICATOR:
        return rng.choices(["on_track", "behind"], weights=[8, 2])[0]
    if _scored_by_rank(spec):
        return rng.choices(["lead", "mid", "lag"], weights=[4, 4, 2])[0]
    return rng.choices(["good", "slight", "behind"], weights=[12, 5, 3])[0]


def _factors(outlook: str, rng: random.Random, months: range) -> list[Decimal]:
    """How far ahead (>1) or behind (<1) of 序时进度 the item is in months 1..n; a
    behind one catches up a little every month."""
    low, high, trend = {
        "good": (1.02, 1.12, 0.0),
        "lead": (1.03, 1.15, 0.0),
        "slight": (0.91, 0.98, 0.0),
        "mid": (0.94, 1.04, 0.0),
        "behind": (0.62, 0.80, 0.04),
        "lag": (0.72, 0.88, 0.03),
    }[outlook]
    base = rng.uniform(low, high)
    return [
        Decimal(str(round(base + trend * (m - 3) + rng.uniform(-0.015, 0.015), 4))) for m in months
    ]


def _ranks(outlook: str, peers: int, rng: random.Random, count: int) -> list[int]:
    """Ranks in months 1..count: the last month's in the outlook's third, earlier ones a
    walk back from it."""
    third = rulebook.rank_third(peers)
    low, high = {
        "lead": (1, third),
        "mid": (third + 1, peers - third),
        "lag": (peers - third + 1, peers),
    }[outlook]
    ranks = [rng.randint(low, high)]
    step = 2 if peers > 10 else 1
    for _ in range(count - 1):
        ranks.insert(0, min(max(ranks[0] + rng.randint(-step, step), 1), peers))
    return ranks


def _indicator_value(spec: ItemSpec, month: int, factor: Decimal) -> Decimal:
    target = spec.target
    expected = target * month / 12 if spec.cumulative else target
    whole = spec.cumulative and spec.measure in WHOLE_UNITS
    if spec.direction == Direction.NEGATIVE:
        value = expected / factor
        # Whole events (起) cannot be fractional: a good month rounds down.
        return _q(value.to_integral_value(rounding="ROUND_FLOOR") if whole else value, whole)
    value = expected * factor
    if spec.measure == "%" and not spec.cumulative and target >= 90:
        value = min(value, Decimal("100"))  # a share cannot pass 100 %
    return _q(value, whole)


def _completion(spec: ItemSpec, month: int, value: Decimal) -> Decimal:
    expected = spec.target * month / 12 if spec.cumulative else spec.target
    if spec.direction == Direction.NEGATIVE:
        return Decimal(1) if value <= 0 else expected / value
    return value / expected if expected > 0 else Decimal(1)


def _fix_deadline(spec: ItemSpec, month: int, year: int) -> datetime.date:
    if spec.cadence == Cadence.QUARTERLY:
        return _last_day(min(month + 3, 12), year)
    return _last_day(min(month + 1, 12), year)


def build_reports(
    spec: ItemSpec, fix_units: str, year: int = YEAR, months: range = REPORTED_MONTHS
) -> dict[int, dict]:
    """The demo reports of one item in `year`'s months 1..n, by month number, as model
    field values."""
    rng = random.Random(f"demo-{spec.code}" if year == YEAR else f"demo-{year}-{spec.code}")
    outlook = _outlook(spec, rng)
    reports: dict[int, dict] = {}
    if spec.kind == ItemKind.INDICATOR:
        ranked = _scored_by_rank(spec)
        peers = PROVINCE_PEERS if spec.level == Level.PROVINCE else CITY_PEERS
        ranks = _ranks(outlook, peers, rng, len(months)) if ranked else []
        # For ranked items the value moves with the rank: leaders are ahead of schedule.
        factors = _factors(outlook, rng, months)
        for month in months:
            if not has_report(spec, month, year):
                continue
            value = _indicator_value(spec, month, factors[month - 1])
            c = _completion(spec, month, value)
            fields = {"value": value, "rank": None, "peer_count": None}
            if ranked:
                rank = ranks[month - 1]
                fields |= {"rank": rank, "peer_count": peers}
                # Only the place among the peers counts: the bottom third is 靠后.
                behind = rulebook.rank_band(rank, peers) == rulebook.LAGGING_BAND
                monthly = spec.cadence == Cadence.MONTHLY
                previous = ranks[month - 2] if monthly and month > 1 else None
                text = _rank_text(spec, month, value, rank, previous)
            else:
                behind = c < 1
                text = _target_text(spec, month, value, c)
            fields["progress"] = Progress.BEHIND if behind else Progress.ON_TRACK
            fields["achievement"] = text
            # A behind report always explains itself, as submission requires.
            fields |= _narrative(spec, month, behind, fix_units, rng, year)
            reports[month] = fields
    else:
        for month in months:
            if not has_report(spec, month, year):
                continue
            reports[month] = _status_report(spec, month, outlook, fix_units, rng, year)
    for month, fields in reports.items():
        fields |= _timestamps(month, rng, year)
    return reports


def _rank_text(spec: ItemSpec, month: int, value: Decimal, rank: int, previous: int | None) -> str:
    text = f"{_period(spec, month)}{spec.name}{fmt(value)}{spec.measure}，"
    text += f"居{PEER_LABEL[spec.level]}第{rank}位"
    if previous is not None:
        if previous > rank:
            text += f"，较上月前移{previous - rank}位"
        elif previous < rank:
            text += f"，较上月后退{rank - previous}位"
        else:
            text += "，与上月持平"
    return text + "。"


def _target_text(spec: ItemSpec, month: int, value: Decimal, c: Decimal) -> str:
    period, mu, target = _period(spec, month), spec.measure, fmt(spec.target)
    if spec.cumulative and spec.direction == Direction.NEGATIVE:
        verdict = "控制在序时目标以内" if c >= 1 else "超出序时控制目标"
        return f"{period}累计{fmt(value)}{mu}（全年控制目标{target}{mu}），{verdict}。"
    if spec.cumulative:
        share = _q(value / spec.target * 100, False)
        schedule = _q(Decimal(month * 100) / 12, False)
        gap = share - schedule
        if gap > 0:
            verdict = f"超序时进度{fmt(gap)}个百分点"
        elif gap < 0:
            verdict = f"落后序时进度{fmt(-gap)}个百分点"
        else:
            verdict = "与序时进度持平"
        return (
            f"{period}累计完成{fmt(value)}{mu}，为年度目标{target}{mu}的{fmt(share)}%，{verdict}。"
        )
    if spec.direction == Direction.NEGATIVE:
        verdict = "优于控制目标" if c >= 1 else "未达到控制目标"
        return f"{period}{spec.name}为{fmt(value)}{mu}（目标不高于{target}{mu}），{verdict}。"
    verdict = "达到年度目标要求" if c >= 1 else "低于年度目标"
    return f"{period}{spec.name}为{fmt(value)}{mu}（年度目标{target}{mu}），{verdict}。"


def _narrative(
    spec: ItemSpec, month: int, lagging: bool, fix_units: str, rng: random.Random, year: int
) -> dict:
    if not lagging:
        return {"problems": "", "measures": "", "fix_unit": "", "fix_deadline": None}
    if spec.issue:
        problem, measure = spec.issue
    elif spec.kind != ItemKind.INDICATOR and spec.topic not in DATED_TOPICS:
        problem, measure = rng.choice(PROBLEMS["project"])
    else:
        problem, measure = rng.choice(PROBLEMS.get(spec.topic, PROBLEMS["econ"]))
    return {
        "problems": problem,
        "measures": measure,
        "fix_unit": fix_units,
        "fix_deadline": _fix_deadline(spec, month, year),
    }


def _status_report(
    spec: ItemSpec, month: int, outlook: str, fix_units: str, rng: random.Random, year: int
) -> dict:
    done = spec.done_in is not None and month >= spec.done_in
    behind = not done and outlook == "behind"
    overdue = not done and spec.deadline is not None and spec.deadline < _last_day(month, year)
    if done:
        progress = Progress.DONE
        text = f"已于{spec.deadline.month}月{spec.deadline.day}日前完成全部任务，通过验收。"
        if spec.done_in == month and spec.stages:
            text = spec.stages[-1] + "，" + text
    else:
        progress = Progress.BEHIND if behind or overdue else Progress.ON_TRACK
        stages = spec.stages or (BEHIND_STAGES if behind else ON_TRACK_STAGES)[spec.kind]
        text = stages[min(month, len(stages)) - 1] + "。"
        if overdue:
            text += f"已超过完成时限（{spec.deadline.month}月{spec.deadline.day}日），逾期未完成。"
    value = None
    if spec.target is not None:
        share = Decimal("0.7") if behind or overdue else Decimal("1.05")
        value = _q(spec.target * month / 12 * share, False)
        text += f"累计完成投资{fmt(value)}{spec.measure}。"
    fields = {
        "value": value,
        "rank": None,
        "peer_count": None,
        "progress": progress,
        "achievement": text,
    }
    fields |= _narrative(spec, month, progress == Progress.BEHIND, fix_units, rng, year)
    return fields


def _timestamps(month: int, rng: random.Random, year: int) -> dict:
    """Submitted in the week before the 25th; about one report in thirty is late."""
    late = rng.random() < 0.035
    day = rng.randint(26, 27) if late else rng.randint(17, 25)
    submitted = datetime.datetime(
        year, month, day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=TZ
    )
    accepted = submitted + datetime.timedelta(hours=rng.randint(18, 40))
    return {"submitted_at": submitted, "accepted_at": accepted, "late": late}
