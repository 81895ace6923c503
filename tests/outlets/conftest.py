"""Published months and API keys for the outlets' tests."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.test import Client

from actions.models import Cadence, Direction, Item, ItemKind, Level, Unit, UnitGroup
from outlets.services import create_api_key
from reporting.models import Report, ReportState
from scoring.services import publish_month
from tests.factories import ActionFactory, MonthFactory, OfficialFactory, PlanYearFactory
from tests.scoring.builders import build_march
from tests.webhook_server import webhook_receiver  # noqa: F401 (a receiver on 127.0.0.1)


@pytest.fixture
def march(db):
    """build_march's district (every rule and case) with March 2022 published."""
    world = build_march()
    run, _created = publish_month("2022-03")
    world.run = run
    return world


def key_client(secret: str) -> Client:
    """A client that sends the key on every request, and no session."""
    return Client(HTTP_AUTHORIZATION=f"Api-Key {secret}")


@pytest.fixture
def api(db):
    """A client with a fresh key (数字驾驶舱), and the key itself."""
    key, secret = create_api_key("数字驾驶舱")
    client = key_client(secret)
    client.key, client.secret = key, secret
    return client


def build_bulk_district(item_count: int, *, year: int = 2023, number: int = 5):
    """A district of `item_count` reported monthly indicators, bulk-inserted: names and
    codes as long as the demo's, a quarter of the items per unit, eight actions."""
    month = MonthFactory(year=year, number=number)
    plan_year = PlanYearFactory(year=year)
    official = OfficialFactory(name="王建国")
    units = Unit.objects.bulk_create(
        Unit(
            code=f"U{year}{n:04d}",
            name=f"区第{n}综合行政执法局",
            group=UnitGroup.DEPARTMENT if n % 2 else UnitGroup.TOWNSHIP,
        )
        for n in range(max(8, item_count // 4))
    )
    actions = [
        ActionFactory(
            code=f"X{year}{i}",
            name=f"第{i}行动",
            plan_year=plan_year,
            lead_unit=units[i],
            leader=official,
        )
        for i in range(8)
    ]
    levels = itertools.cycle([Level.PROVINCE, Level.CITY, Level.DISTRICT])
    items = Item.objects.bulk_create(
        Item(
            plan_year=plan_year,
            code=f"{year}-{n:04d}",
            name=f"推进全区重点产业链招商引资项目落地见效第{n}项",
            action=actions[n % 8],
            kind=ItemKind.INDICATOR,
            level=next(levels),
            responsible_official=official,
            responsible_person="张三",
            lead_unit=units[n % len(units)],
            cadence=Cadence.MONTHLY,
            target=Decimal("1234.5678"),
            measure_unit="亿元",
            direction=Direction.POSITIVE,
            cumulative=True,
            standard="按序时完成",
            weight=Decimal("1"),
        )
        for n in range(item_count)
    )
    Report.objects.bulk_create(
        Report(
            item=item,
            month=month,
            value=Decimal(200 + n % 400),
            rank=n % 26 + 1,
            peer_count=26,
            state=ReportState.ACCEPTED,
            achievement="按计划推进，完成年度目标的序时进度",
        )
        for n, item in enumerate(items)
    )
    publish_month(month.label)
    return month
