import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def run_add_user(monkeypatch, *args, password="Strong-pass-2022"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("add_user", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_it_creates_a_reporter_of_a_unit(monkeypatch, district):
    output = run_add_user(monkeypatch, "zhang", "--role", "reporter", "--unit", "A01")
    user = User.objects.get(username="zhang")
    assert user.unit == district.unit_a and user.role == "reporter"
    assert "已创建用户 zhang" in output
    assert authenticate(username="zhang", password="Strong-pass-2022") == user


@pytest.mark.parametrize("role", ["leader", "office", "admin"])
def test_it_creates_district_roles_without_a_unit(monkeypatch, district, role):
    run_add_user(monkeypatch, "li", "--role", role)
    user = User.objects.get(username="li")
    assert user.unit is None
    assert user.is_staff == (role in ("office", "admin"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "reporter", "--unit", "NOPE"], "未知单位编码 NOPE"),
        (["--role", "boss"], "未知角色 boss"),
        (["--role", "reporter"], "必须用 --unit"),
        (["--role", "leader", "--unit", "A01"], "不属于任何单位"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(monkeypatch, district, args, message):
    with pytest.raises(CommandError, match=message):
        run_add_user(monkeypatch, "wang", *args)
    assert not User.objects.filter(username="wang").exists()


def test_it_refuses_an_existing_name(monkeypatch, district):
    run_add_user(monkeypatch, "zhao", "--role", "leader")
    with pytest.raises(CommandError, match="已存在"):
        run_add_user(monkeypatch, "zhao", "--role", "office")
    assert User.objects.get(username="zhao").role == "leader"


def test_it_links_a_leader_login_to_its_official(monkeypatch):
    OfficialFactory(name="周立群", title="区委书记")
    run_add_user(monkeypatch, "zhou", "--role", "leader", "--official", "周立群")
    assert User.objects.get(username="zhou").official.name == "周立群"


def test_it_refuses_an_unknown_official_or_one_on_a_non_leader(monkeypatch):
    OfficialFactory(name="周立群")
    with pytest.raises(CommandError, match="未知领导 王五"):
        run_add_user(monkeypatch, "x", "--role", "leader", "--official", "王五")
    with pytest.raises(CommandError, match="只有领导账号"):
        run_add_user(monkeypatch, "y", "--role", "office", "--official", "周立群")
    assert not User.objects.filter(username__in=["x", "y"]).exists()
