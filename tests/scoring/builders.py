"""Districts with scores worked out by hand from docs/rulebook.md, for the scoring tests."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from actions.models import Cadence, ItemKind, Level, Progress, UnitGroup
from reporting.models import ReportState
from tests.factories import (
    ActionFactory,
    BonusPenaltyFactory,
    ItemFactory,
    MonthFactory,
    OfficialFactory,
    PlanYearFactory,
    ReportFactory,
    UnitFactory,
)


def build_march(district=None) -> SimpleNamespace:
    """March 2022 (m = 3) with one item per rule and case.

    On top of the conftest `district` (A01, B01 departments; T01 township; action X1 with
    items A-001, B-001, T-001 that stay unreported, hence 未报送) when given, else fresh.

    P-001 province indicator, D1: rank r = 3, N = 9 → 100 − 40·2/8 = 90.00, green (3 ≤ ⌈9/3⌉)
    G-001 district target 120, cumulative, D1: A = 27, E = 120·3/12 = 30 → c = 0.9 →
          90.00, yellow
    S-001 task due 2022-02-28, D2: 滞后 and overdue → 0.00, red
    M-001 project, D2: only a submitted report, so 未报送 → 0.00, red
    C-001 city indicator, weight 2, TN1: r = 1, N = 5 → 100.00, green
    Q-001 quarterly task, TN1: 序时推进 → 100.00, green
    Y-001 yearly task, D2: not due in March, left out

    Bonuses: D2 +2.00 and −0.50 → +1.50 on the district board only.
    """
    leader = OfficialFactory(name="王建国")
    d1 = UnitFactory(code="D1", name="区数据局", group=UnitGroup.DEPARTMENT)
    d2 = UnitFactory(code="D2", name="区住建局", group=UnitGroup.DEPARTMENT)
    t1 = UnitFactory(code="TN1", name="雅溪镇", group=UnitGroup.TOWNSHIP)
    x1 = ActionFactory(code="XA", name="数字赋能行动", leader=leader, lead_unit=d1)
    x2 = ActionFactory(code="XB", name="城市更新行动", leader=leader, lead_unit=d2)
    month = MonthFactory(year=2022, number=3)

    def item(code, unit, action, **fields):
        return ItemFactory(code=code, name=f"事项{code}", lead_unit=unit, action=action, **fields)

    p1 = item("P-001", d1, x1, kind=ItemKind.INDICATOR, level=Level.PROVINCE, target=None)
    g1 = item("G-001", d1, x1, target=Decimal("120"), cumulative=True)
    s1 = item(
        "S-001",
        d2,
        x2,
        kind=ItemKind.TASK,
        target=None,
        deadline=datetime.date(2022, 2, 28),
    )
    m1 = item("M-001", d2, x2, kind=ItemKind.PROJECT, target=None)
    c1 = item("C-001", t1, x2, kind=ItemKind.INDICATOR, level=Level.CITY, target=None, weight=2)
    q1 = item("Q-001", t1, x2, kind=ItemKind.TASK, target=None, cadence=Cadence.QUARTERLY)
    y1 = item("Y-001", d2, x2, kind=ItemKind.TASK, target=None, cadence=Cadence.YEARLY)

    reports = SimpleNamespace(
        p1=ReportFactory(item=p1, month=month, value=None, rank=3, peer_count=9),
        g1=ReportFactory(item=g1, month=month, value=Decimal("27"), problems="进度偏慢"),
        s1=ReportFactory(item=s1, month=month, value=None, progress=Progress.BEHIND),
        m1=ReportFactory(
            item=m1, month=month, value=None, progress=Progress.DONE, state=ReportState.SUBMITTED
        ),
        c1=ReportFactory(item=c1, month=month, value=None, rank=1, peer_count=5),
        q1=ReportFactory(item=q1, month=month, value=None, progress=Progress.ON_TRACK),
    )
    BonusPenaltyFactory(unit=d2, month=month, points=Decimal("2.00"), reason="获省级表彰")
    BonusPenaltyFactory(unit=d2, month=month, points=Decimal("-0.50"), reason="通报批评")
    return SimpleNamespace(
        month=month,
        d1=d1,
        d2=d2,
        t1=t1,
        x1=x1,
        x2=x2,
        p1=p1,
        g1=g1,
        s1=s1,
        m1=m1,
        c1=c1,
        q1=q1,
        y1=y1,
        reports=reports,
    )


def build_sized_district(units_per_group: int, *, year: int = 2023, number: int = 5):
    """A district of 2·n units with two reported monthly items each, one bonus per
    unit, and two actions: for query counts that must not grow with n."""
    month = MonthFactory(year=year, number=number)
    plan_year = PlanYearFactory(year=year)
    actions = [
        ActionFactory(code=f"S{year}{i}", name=f"行动{i}", plan_year=plan_year) for i in range(2)
    ]
    for group in (UnitGroup.DEPARTMENT, UnitGroup.TOWNSHIP):
        for n in range(units_per_group):
            unit = UnitFactory(code=f"{group[:1].upper()}{n:03d}", group=group)
            for k, level in enumerate((Level.PROVINCE, Level.DISTRICT)):
                item = ItemFactory(
                    code=f"{unit.code}-{k}",
                    lead_unit=unit,
                    action=actions[k],
                    level=level,
                    target=Decimal("100"),
                )
                ReportFactory(
                    item=item,
                    month=month,
                    value=Decimal(40 + n),
                    # Townships rank from the bottom: 靠后 (red) rows on every size.
                    rank=n % 9 + 1 if group == UnitGroup.DEPARTMENT else 9 - n % 9,
                    peer_count=9,
                )
            BonusPenaltyFactory(unit=unit, month=month, points=Decimal("1"), reason="加分")
    return month
