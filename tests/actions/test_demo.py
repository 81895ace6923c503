"""The demo district and `manage.py load_demo`."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.test import Client

from accounts.models import User
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
from reporting.models import BonusPenalty, Delivery, Month, MonthState, Report, ReportState
from reporting.reminders import remind_units
from showcase.demo import DEMO_PASSWORD, LOGINS, load_demo_district

pytestmark = pytest.mark.django_db

MODELS = (Unit, Official, Action, Item, Month, Report, BonusPenalty, User)


@pytest.fixture
def demo():
    return load_demo_district()


def _march_due_items():
    return Item.objects.of_year(2022).due_in(3)


def test_it_loads_the_eight_actions_and_their_161_items(demo):
    assert demo["actions"] == Action.objects.of_year(2022).count() == 8
    assert demo["items"] == Item.objects.of_year(2022).count() == 161
    # The plan's own order (the 行动 sheet's rows), not by code or pinyin.
    assert list(Action.objects.of_year(2022).values_list("name", flat=True)) == [
        "数字赋能",
        "空间聚合",
        "要素保障",
        "工业跃迁",
        "创新引领",
        "全域美丽",
        "服务优享",
        "城市更新",
    ]
    assert not Action.objects.filter(Q(leader=None) | Q(lead_unit=None)).exists()
    assert Official.objects.filter(title__contains="区委书记").exists()


def test_it_has_about_forty_units_in_both_groups(demo):
    assert 38 <= Unit.objects.count() <= 42
    groups = dict(Unit.objects.values_list("group").annotate(n=Count("id")))
    assert groups[UnitGroup.DEPARTMENT] >= 20
    assert groups[UnitGroup.TOWNSHIP] >= 14
    assert Unit.objects.filter(name="碧湖镇").exists()
    assert Unit.objects.filter(name="区发改局").exists()


def test_it_mixes_every_kind_level_cadence_and_direction(demo):
    items = Item.objects.of_year(2022)
    assert set(items.values_list("kind", flat=True)) == set(ItemKind.values)
    assert set(items.values_list("level", flat=True)) == set(Level.values)
    assert set(items.values_list("cadence", flat=True)) == set(Cadence.values)
    assert set(items.values_list("direction", flat=True)) == set(Direction.values)
    assert items.filter(name="PM2.5浓度", direction=Direction.NEGATIVE).exists()
    assert items.filter(kind=ItemKind.INDICATOR, cumulative=False).count() >= 10
    assert 25 <= items.filter(level=Level.PROVINCE).count() <= 35
    assert 30 <= items.filter(level=Level.CITY).count() <= 40
    assert items.filter(weight=2).exists()
    assert items.filter(responsible_official=None).count() == 0
    assert items.exclude(responsible_person="").count() == 161


def test_it_puts_every_unit_on_the_boards(demo):
    led = Unit.objects.annotate(n=Count("led_items", filter=Q(led_items__plan_year__year=2022)))
    assert led.filter(n__lt=2).count() == 0
    for level in (Level.PROVINCE, Level.CITY):
        on_board = Unit.objects.filter(led_items__level=level).distinct()
        for group in UnitGroup.values:
            assert on_board.filter(group=group).count() >= 3, (level, group)


def test_it_reports_accepted_figures_for_the_first_quarter(demo):
    months = {m.label: m for m in Month.objects.all()}
    assert {"2022-01", "2022-02", "2022-03", "2022-04"} <= months.keys()
    # January and February are published; March is the live, unpublished preview.
    assert months["2022-01"].state == months["2022-02"].state == MonthState.PUBLISHED
    assert months["2022-03"].state == months["2022-04"].state == MonthState.OPEN
    for label in ("2022-01", "2022-02", "2022-03"):
        assert months[label].reports.count() > 100
    assert not months["2022-04"].reports.exists()
    reports = Report.objects.filter(month__year=2022)
    assert reports.exclude(state=ReportState.ACCEPTED).count() == 0
    assert reports.filter(Q(submitted_at=None) | Q(accepted_at=None)).count() == 0
    assert reports.exclude(achievement__regex=r"\S").count() == 0
    ranked = reports.filter(item__kind=ItemKind.INDICATOR, item__level=Level.PROVINCE)
    assert set(ranked.values_list("peer_count", flat=True)) == {26}
    assert ranked.filter(rank=None).count() == 0
    city = reports.filter(item__kind=ItemKind.INDICATOR, item__level=Level.CITY)
    assert set(city.values_list("peer_count", flat=True)) == {9}
    # Behind reports explain themselves, as submission would require.
    behind = reports.filter(progress=Progress.BEHIND)
    assert behind.count() >= 20
    assert behind.filter(Q(problems="") | Q(measures="") | Q(fix_deadline=None)).count() == 0
    assert reports.filter(late=True).exists()
    # Their history names the demo as its step (操作), with no reason.
    steps = Report.history.values_list("step", "history_change_reason").distinct()
    assert set(steps) == {("演示数据", "")}


def test_it_leaves_a_few_due_items_unreported_in_march(demo):
    march = Month.objects.get_by_label("2022-03")
    missing = _march_due_items().exclude(reports__month=march)
    assert 3 <= missing.count() <= 5
    # Quarterly items are due in March and reported; yearly ones are not due.
    assert Report.objects.filter(month=march, item__cadence=Cadence.QUARTERLY).exists()
    assert not Report.objects.filter(month__year=2022, item__cadence=Cadence.YEARLY).exists()


def test_it_has_overdue_and_finished_projects_in_march(demo):
    march = Month.objects.get_by_label("2022-03")
    dated = Report.objects.filter(month=march, item__deadline__lt=datetime.date(2022, 3, 31))
    assert dated.exclude(progress=Progress.DONE).count() >= 2
    assert Report.objects.filter(month=march, progress=Progress.DONE).exists()


def test_it_adds_one_bonus_and_one_penalty_in_march(demo):
    bonuses = BonusPenalty.objects.filter(month__year=2022, month__number=3)
    assert sorted(bonuses.values_list("points", flat=True)) == [-1.5, 2]


def test_it_changes_nothing_when_run_again(demo):
    before = {m: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}
    history = {m: m.history.count() for m in (Item, Month, Report, BonusPenalty)}
    co_units = Item.co_units.through.objects.count()

    again = load_demo_district()

    assert again == demo
    assert {m: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS} == before
    assert {m: m.history.count() for m in (Item, Month, Report, BonusPenalty)} == history
    assert Item.co_units.through.objects.count() == co_units


def test_it_restores_edited_demo_data_but_keeps_work_and_published_months(demo):
    january = Month.objects.get_by_label("2022-01")
    january.state = MonthState.PUBLISHED
    january.save()
    Item.objects.of_year(2022).filter(code="YS-07").update(target=1)
    worked = Report.objects.filter(month__year=2022, month__number=3).first()
    Report.objects.filter(pk=worked.pk).update(value=1, version=2)
    published = Report.objects.filter(month=january).first()
    Report.objects.filter(pk=published.pk).update(value=1)

    load_demo_district()

    assert Item.objects.of_year(2022).get(code="YS-07").target == 260
    assert Report.objects.get(pk=worked.pk).value == 1
    assert Report.objects.get(pk=published.pk).value == 1
    assert Month.objects.get(pk=january.pk).state == MonthState.PUBLISHED


def test_it_creates_logins_that_sign_in(demo):
    validate_password(DEMO_PASSWORD)
    for login in LOGINS:
        assert Client().login(username=login.username, password=DEMO_PASSWORD), login
    user = User.objects.get(username="tianbao")
    assert user.unit.name == "区发改局"
    assert User.objects.get(username="bihu").unit.name == "碧湖镇"
    assert User.objects.get(username="kaohe").is_office
    assert User.objects.get(username="lingdao").is_leader


def test_it_resets_the_demo_passwords_on_a_rerun(demo):
    user = User.objects.get(username="kaohe")
    user.set_password("Something-else-42")
    user.save()

    load_demo_district()

    assert Client().login(username="kaohe", password=DEMO_PASSWORD)
    assert User.objects.filter(username="kaohe").count() == 1


def test_it_restores_a_demo_login_changed_since(demo):
    User.objects.filter(username="tianbao").update(role="leader", unit=None, display_name="x")

    load_demo_district()

    user = User.objects.get(username="tianbao")
    assert (user.role, user.unit.code) == ("reporter", "D01")
    assert Client().login(username="tianbao", password=DEMO_PASSWORD)


def test_it_prints_the_logins():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "事项 161 项" in text
    assert f"演示账号（密码均为 {DEMO_PASSWORD}）" in text
    for login in LOGINS:
        assert login.username in text
    assert "区发改局" in text
    assert "考核办" in text


def test_it_publishes_all_of_last_year_with_its_own_plan(demo):
    last_year = Month.objects.filter(year=2021)
    assert sorted(last_year.values_list("number", flat=True)) == list(range(1, 13))
    assert set(last_year.values_list("state", flat=True)) == {MonthState.PUBLISHED}
    assert demo["last_year_items"] == Item.objects.of_year(2021).count()
    assert Action.objects.of_year(2021).count() == 8
    # Reports of a month belong to the items of its year's plan.
    assert not Report.objects.filter(month__year=2021, item__plan_year__year=2022).exists()
    assert Report.objects.filter(month__year=2021, month__number=12).count() > 150
    steps = Report.history.filter(month__year=2021).values_list("step", flat=True).distinct()
    assert set(steps) == {"演示数据"}


def test_it_carries_most_items_over_with_new_targets_drops_a_few_and_adds_a_few(demo):
    last = dict(Item.objects.of_year(2021).values_list("code", "target"))
    this = dict(Item.objects.of_year(2022).values_list("code", "target"))
    carried = last.keys() & this.keys()
    assert len(carried) >= 150
    assert 1 <= len(last.keys() - this.keys()) <= 5  # dropped
    assert 1 <= len(this.keys() - last.keys()) <= 5  # new
    assert sum(1 for code in carried if last[code] != this[code]) >= 100
    assert last["YS-07"] < this["YS-07"] == 260


def test_it_starts_this_years_movement_afresh(demo):
    from scoring.models import ScoreRun, UnitResult

    january = ScoreRun.objects.publications().get(month__year=2022, month__number=1)
    december = ScoreRun.objects.publications().get(month__year=2021, month__number=12)
    assert set(UnitResult.objects.filter(run=january).values_list("movement", flat=True)) == {None}
    assert UnitResult.objects.filter(run=december, movement__isnull=False).exists()


def test_a_remind_on_the_demo_mails_each_units_contact(demo, django_capture_on_commit_callbacks):
    assert not Unit.objects.filter(contact_email="").exists()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = remind_units(Month.objects.get_by_label("2022-04"))
    emails = Delivery.objects.filter(channel="email")
    assert reminded.units == emails.count() > 20
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert "d01@liandu.example.com" in {m.to[0] for m in mail.outbox}


def test_it_refuses_to_load_the_demo_in_production(settings):
    # An operator who created `kaohe` on the production server (docs/production.md) and
    # then tries the demo must not get its published password, nor an `admin` with it.
    settings.SESSION_COOKIE_SECURE = True  # SECURE_COOKIES=true
    with pytest.raises(CommandError, match="这是生产环境（SECURE_COOKIES=true），不载入演示数据"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()
    assert not Unit.objects.exists()
