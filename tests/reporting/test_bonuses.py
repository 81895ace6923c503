"""加减分 on the office's page: the service rules and refusals, history with
who and why, the rescored board preview, the list page's queries, and the admin staying
read-only."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from reporting import bonuses
from reporting.models import BonusPenalty, MonthState
from reporting.workflow import WorkflowError
from scoring.queries import load_month_boards
from scoring.services import compute_month, publish_month
from tests.factories import (
    BonusPenaltyFactory,
    MonthFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


def list_url(label="2022-03"):
    return reverse("reporting:bonus_list", args=[label])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def district_score(label: str, code: str) -> Decimal:
    rows = {r.unit_code: r for r in load_month_boards(label, preview=True).board("district")}
    return rows[code].score


# --- the services ---------------------------------------------------------------------


def test_it_adds_a_bonus_with_its_history_and_tells_scoring(personas, district):
    office = personas.users.office
    with mock.patch("scoring.receivers.queue_rescore") as queue:
        bonus = bonuses.add_bonus(district.unit_a, district.month, "2.5", " 获省级表彰 ", office)
    assert (bonus.points, bonus.reason, bonus.created_by) == (D("2.50"), "获省级表彰", office)
    queue.assert_called_once_with(district.month)
    (record,) = bonus.history.all()
    assert (record.history_type, record.history_user) == ("+", office)


@pytest.mark.parametrize(
    "points, reason, message",
    [
        ("0", "表彰", "分值不能为 0"),
        ("0.00", "表彰", "分值不能为 0"),
        ("1.234", "表彰", "最多保留两位小数"),
        ("100.01", "表彰", "-100 到 100"),
        ("-101", "通报", "-100 到 100"),
        ("abc", "表彰", "有效的分值"),
        ("NaN", "表彰", "有效的分值"),
        ("2", "   ", "请填写事由"),
        ("2", "长" * 301, "不能超过 300 个字"),
    ],
)
def test_it_refuses_bad_points_or_reasons(personas, district, points, reason, message):
    with pytest.raises(WorkflowError, match=message):
        bonuses.add_bonus(district.unit_a, district.month, points, reason, personas.users.office)
    assert not BonusPenalty.objects.exists()


def test_it_accepts_the_limits(personas, district):
    office = personas.users.office
    for points, reason in (("100", "上限"), ("-100", "下限"), ("-0.01", "最小")):
        bonuses.add_bonus(district.unit_a, district.month, points, reason, office)
    bonuses.add_bonus(district.unit_a, district.month, "1", "长" * 300, office)
    assert BonusPenalty.objects.count() == 4


def test_it_refuses_a_duplicate_and_anyone_but_the_office(personas, district):
    office = personas.users.office
    bonuses.add_bonus(district.unit_a, district.month, "2", "获省级表彰", office)
    with pytest.raises(WorkflowError, match="已有同一事由"):
        bonuses.add_bonus(district.unit_a, district.month, "3", "获省级表彰", office)
    other = bonuses.add_bonus(district.unit_a, district.month, "1", "获市级表彰", office)
    with pytest.raises(WorkflowError, match="已有同一事由"):
        bonuses.change_bonus(other, office, points="1", reason="获省级表彰", why="改名")
    for user in (personas.users.leader, personas.users.reporter_a, personas.users.head_a):
        with pytest.raises(WorkflowError, match="只有考核办"):
            bonuses.add_bonus(district.unit_b, district.month, "2", "表彰", user)
        with pytest.raises(WorkflowError, match="只有考核办"):
            bonuses.delete_bonus(other, user, "错误")
    assert BonusPenalty.objects.count() == 2


def test_it_changes_and_deletes_with_a_reason_kept_in_history(personas, district):
    patch = mock.patch("scoring.receivers.queue_rescore")
    queue = patch.start()
    office = personas.users.office
    bonus = bonuses.add_bonus(district.unit_a, district.month, "2", "获省级表彰", office)
    with pytest.raises(WorkflowError, match="请填写修改原因"):
        bonuses.change_bonus(bonus, office, points="3", reason="获省级表彰", why=" ")
    with pytest.raises(WorkflowError, match="没有变化"):
        bonuses.change_bonus(bonus, office, points="2.00", reason="获省级表彰", why="核对")
    bonuses.change_bonus(bonus, office, points="-1.5", reason="通报批评", why="文件有误")
    bonus.refresh_from_db()
    assert (bonus.points, bonus.reason) == (D("-1.50"), "通报批评")
    with pytest.raises(WorkflowError, match="请填写删除原因"):
        bonuses.delete_bonus(bonus, office, "")
    bonuses.delete_bonus(bonus, office, "重复录入")
    assert not BonusPenalty.objects.exists()
    history = BonusPenalty.history.order_by("history_id")
    assert [(h.history_type, h.history_change_reason, h.history_user) for h in history] == [
        ("+", None, office),
        ("~", "文件有误", office),
        ("-", "重复录入", office),
    ]
    changed = history[1].diff_against(history[0])
    assert {c.field: (c.old, c.new) for c in changed.changes} == {
        "points": (D("2.00"), D("-1.50")),
        "reason": ("获省级表彰", "通报批评"),
    }
    patch.stop()
    assert queue.call_count == 3


def test_it_lets_a_published_month_change_as_a_correction(personas, district):
    ReportFactory(item=district.item_a, month=district.month)
    publish_month(district.month.label, user=personas.users.office)
    district.month.refresh_from_db()
    assert district.month.state == MonthState.PUBLISHED
    response = personas.office.post(
        list_url(), {"unit": district.unit_a.pk, "points": "2", "reason": "获省级表彰"}, follow=True
    )
    # The confirmation says what did not happen yet, once: the boards wait for 更正发布.
    said = messages_of(response)
    assert "2022-03 已发布的榜单尚未改变：在榜单页“更正发布”并填写更正原因后生效" in said
    html = response.content.decode()
    assert html.count("该月已发布，修改将进入更正发布") == 1  # the page's own banner
    assert html.count("加分为正数，减分为负数，最多两位小数") == 1  # the help, once
    assert BonusPenalty.objects.get().points == D("2.00")


# --- the pages -------------------------------------------------------------------------


def test_it_moves_the_board_preview_after_an_office_edit(
    personas, district, django_capture_on_commit_callbacks
):
    ReportFactory(item=district.item_a, month=district.month, value=D("30"))
    compute_month(district.month)
    before = district_score("2022-03", "A01")
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.office.post(
            list_url(), {"unit": district.unit_a.pk, "points": "-10", "reason": "通报批评"}
        )
    assert response.status_code == 302
    after = district_score("2022-03", "A01")
    assert after == max(before - D("10"), D("0")) != before
    html = personas.office.get(reverse("scoring:month_boards", args=["2022-03"]) + "?preview=1")
    assert html.status_code == 200
    assert f"{after:.2f}" in html.content.decode()

    bonus = BonusPenalty.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(
            reverse("reporting:bonus_change", args=[bonus.pk]),
            {"points": "-5", "reason": "通报批评", "why": "核减"},
        )
    assert district_score("2022-03", "A01") == max(before - D("5"), D("0"))
    with django_capture_on_commit_callbacks(execute=True):
        personas.office.post(reverse("reporting:bonus_delete", args=[bonus.pk]), {"why": "撤销"})
    assert district_score("2022-03", "A01") == before


def test_it_lists_the_months_bonuses_with_the_add_form(personas, district):
    BonusPenaltyFactory(unit=district.unit_b, month=district.month, points=D("-1.5"), reason="通报")
    BonusPenaltyFactory(unit=district.unit_a, month=district.month, points=D("2"))
    BonusPenaltyFactory(unit=district.town, month=MonthFactory(year=2022, number=2))
    html = personas.office.get(list_url()).content.decode()
    assert "共 2 条" in html
    assert "+2.00" in html and "-1.50" in html and "通报" in html
    assert "碧湖镇" in html  # only as a choice in the add form, not as a row
    assert html.count("/edit/") == 2


def test_it_redirects_to_the_newest_month_and_follows_the_switcher(personas, district):
    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    response = personas.office.get(reverse("reporting:bonus_index"))
    assert response.status_code == 302 and response["Location"] == list_url("2022-04")
    # The picker asks the index for ?month=.
    response = personas.office.get(reverse("reporting:bonus_index") + "?month=2022-03")
    assert response["Location"] == list_url()
    assert (
        personas.office.get(reverse("reporting:bonus_index") + "?month=2021-01").status_code == 404
    )
    assert personas.office.get(list_url("2030-01")).status_code == 404


def test_it_shows_refusals_next_to_the_fields(personas, district):
    response = personas.office.post(
        list_url(), {"unit": district.unit_a.pk, "points": "0", "reason": "表彰"}
    )
    assert response.status_code == 200
    assert "分值不能为 0" in response.content.decode()
    assert not BonusPenalty.objects.exists()


def test_it_shows_a_bonus_history_with_reasons_on_its_edit_page(personas, district):
    office = personas.users.office
    bonus = bonuses.add_bonus(district.unit_a, district.month, "2", "获省级表彰", office)
    edit = reverse("reporting:bonus_change", args=[bonus.pk])
    response = personas.office.post(edit, {"points": "3", "reason": "获省级表彰", "why": ""})
    assert "请填写修改原因" in response.content.decode()
    data = {"points": "3", "reason": "获省级表彰", "why": "文件更正"}
    response = personas.office.post(edit, data)
    assert response.status_code == 302
    html = personas.office.get(edit).content.decode()
    assert "文件更正" in html and "2.00 → 3.00" in html and "新增" in html


def test_it_deletes_only_on_post_with_a_reason(personas, district):
    bonus = BonusPenaltyFactory(unit=district.unit_a, month=district.month)
    url = reverse("reporting:bonus_delete", args=[bonus.pk])
    assert "确认删除" in personas.office.get(url).content.decode()
    assert personas.office.post(url, {"why": ""}).status_code == 200
    assert BonusPenalty.objects.exists()
    assert personas.office.post(url, {"why": "重复"}).status_code == 302
    assert not BonusPenalty.objects.exists()


@pytest.mark.parametrize("count", [1, 20])
def test_it_lists_a_month_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, count
):
    for n in range(count):
        BonusPenaltyFactory(unit=UnitFactory(), month=district.month, reason=f"表彰{n}")
    personas.office.get(list_url())  # warm the session
    # Session, user, the months of the picker (the shown month among them), its bonuses
    # with unit and author (one join), the units for the add form: whatever the number
    # of bonuses.
    with django_assert_num_queries(5):
        assert personas.office.get(list_url()).status_code == 200


def test_it_keeps_the_admin_read_only_for_bonuses(client, district):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    bonus = BonusPenaltyFactory(unit=district.unit_a, month=district.month)
    base = "admin:reporting_bonuspenalty"
    assert client.get(reverse(f"{base}_add")).status_code == 403
    response = client.post(
        reverse(f"{base}_change", args=[bonus.pk]), {"points": "9", "reason": "改"}
    )
    assert response.status_code == 403
    response = client.post(reverse(f"{base}_delete", args=[bonus.pk]), {"post": "yes"})
    assert response.status_code == 403
    bonus.refresh_from_db()
    assert bonus.points == D("2")
