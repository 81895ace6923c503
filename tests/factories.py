"""factory_boy factories for the domain (STYLE §12)."""

from decimal import Decimal

import factory

from accounts.models import Role, User
from actions.models import (
    Action,
    Cadence,
    Direction,
    Item,
    ItemKind,
    Level,
    Official,
    PlanYear,
    Unit,
    UnitGroup,
)
from reporting.models import BonusPenalty, Month, Report, ReportState

PASSWORD = "Test-password-2022"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    group = UnitGroup.DEPARTMENT


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副区长"


class PlanYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanYear
        django_get_or_create = ("year",)

    year = 2022


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        django_get_or_create = ("plan_year", "code")

    plan_year = factory.SubFactory(PlanYearFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    name = factory.Sequence(lambda n: f"行动{n}")
    leader = factory.SubFactory(OfficialFactory)
    lead_unit = factory.SubFactory(UnitFactory)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        django_get_or_create = ("plan_year", "code")

    code = factory.Sequence(lambda n: f"I{n:03d}")
    name = factory.Sequence(lambda n: f"事项{n}")
    action = factory.SubFactory(ActionFactory)
    plan_year = factory.SelfAttribute("action.plan_year")
    kind = ItemKind.INDICATOR
    level = Level.DISTRICT
    responsible_official = factory.SubFactory(OfficialFactory)
    responsible_person = "张三"
    lead_unit = factory.SubFactory(UnitFactory)
    cadence = Cadence.MONTHLY
    target = Decimal("120")
    measure_unit = "亿元"
    direction = Direction.POSITIVE
    cumulative = True
    standard = "按序时完成"
    weight = Decimal("1")


class MonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Month
        django_get_or_create = ("year", "number")

    year = 2022
    number = 3


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    item = factory.SubFactory(ItemFactory)
    month = factory.SubFactory(MonthFactory)
    value = Decimal("30")
    state = ReportState.ACCEPTED
    achievement = "按计划推进"


class BonusPenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BonusPenalty

    unit = factory.SubFactory(UnitFactory)
    month = factory.SubFactory(MonthFactory)
    points = Decimal("2")
    reason = "获省级表彰"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.LEADER
    unit = None
    password = factory.django.Password(PASSWORD)
