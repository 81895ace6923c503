"""Shared fixtures: a small district and the personas every view is tested as."""

from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.models import Role
from actions.models import UnitGroup

from .factories import ActionFactory, ItemFactory, MonthFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def district(db):
    """Two units (A, B), one township, an action, and an item led by each unit."""
    unit_a = UnitFactory(code="A01", name="区发改局", group=UnitGroup.DEPARTMENT)
    unit_b = UnitFactory(code="B01", name="区经信局", group=UnitGroup.DEPARTMENT)
    town = UnitFactory(code="T01", name="碧湖镇", group=UnitGroup.TOWNSHIP)
    action = ActionFactory(code="X1", name="数字赋能", lead_unit=unit_a)
    item_a = ItemFactory(code="A-001", name="固定资产投资", action=action, lead_unit=unit_a)
    item_b = ItemFactory(code="B-001", name="规上工业增加值增速", action=action, lead_unit=unit_b)
    item_t = ItemFactory(code="T-001", name="碧湖新城控规编制", action=action, lead_unit=town)
    month = MonthFactory(year=2022, number=3)
    return SimpleNamespace(
        unit_a=unit_a,
        unit_b=unit_b,
        town=town,
        action=action,
        item_a=item_a,
        item_b=item_b,
        item_t=item_t,
        month=month,
    )


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def personas(district):
    """Logged-in clients: office, leader, reporter of A, head of A, reporter of B, anonymous."""
    users = SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE, is_staff=True),
        leader=UserFactory(username="leader", role=Role.LEADER),
        reporter_a=UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a),
        head_a=UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=district.unit_a),
        reporter_b=UserFactory(username="rep_b", role=Role.REPORTER, unit=district.unit_b),
    )
    return SimpleNamespace(
        users=users,
        office=_login(users.office),
        leader=_login(users.leader),
        reporter_a=_login(users.reporter_a),
        head_a=_login(users.head_a),
        reporter_b=_login(users.reporter_b),
        anonymous=Client(),
    )
