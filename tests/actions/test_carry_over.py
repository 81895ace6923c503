"""结转: the office copies a year's plan into the next and edits the new targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Action, Item
from actions.services import PlanError, carry_over_plan, set_targets
from tests.factories import ItemFactory, UnitFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(district):
    district.item_t.deadline = datetime.date(2022, 6, 30)
    district.item_t.save()
    district.item_a.co_units.add(district.unit_b, district.town)
    return district


def test_it_copies_the_whole_plan_into_the_next_year(plan):
    done = carry_over_plan(2022)

    assert (done.year, done.actions, done.items, done.already) == (2023, 1, 3, 0)
    copied = Item.objects.of_year(2023).get(code="A-001")
    original = plan.item_a
    for field in ("name", "kind", "level", "lead_unit_id", "cadence", "target", "weight"):
        assert getattr(copied, field) == getattr(original, field), field
    assert copied.action == Action.objects.of_year(2023).get(code="X1")
    assert set(copied.co_units.values_list("code", flat=True)) == {"B01", "T01"}
    assert Item.objects.of_year(2023).get(code="T-001").deadline == datetime.date(2023, 6, 30)
    # Last year's plan is untouched.
    assert Item.objects.of_year(2022).count() == 3
    assert Item.objects.get(pk=original.pk).plan_year.year == 2022


def test_it_copies_only_the_chosen_items_and_never_twice(plan):
    first = carry_over_plan(2022, ["A-001"])
    again = carry_over_plan(2022)

    assert (first.items, again.items, again.already, again.actions) == (1, 2, 1, 0)
    assert Item.objects.of_year(2023).count() == 3


def test_it_refuses_a_year_without_a_plan_or_an_empty_choice(plan):
    with pytest.raises(PlanError, match="2019 年度没有计划"):
        carry_over_plan(2019)
    with pytest.raises(PlanError, match="请至少选择一个事项"):
        carry_over_plan(2022, [])
    assert not Item.objects.of_year(2023).exists()


def test_it_sets_targets_of_one_year_only(plan):
    carry_over_plan(2022)
    new = Item.objects.of_year(2023).get(code="A-001")

    assert set_targets(2023, {new.pk: Decimal("150")}) == 1

    assert Item.objects.get(pk=new.pk).target == 150
    assert Item.objects.get(pk=plan.item_a.pk).target == 120
    with pytest.raises(PlanError):
        set_targets(2023, {plan.item_a.pk: Decimal("1")})


def test_it_lets_the_office_carry_over_from_the_page(personas, plan):
    url = reverse("actions:carry_over", args=[2022])
    html = page(personas.office.get(url))
    assert "将 2022 年度计划结转到 2023 年度" in html and "A-001" in html

    response = personas.office.post(url, {"scope": "chosen", "codes": ["A-001", "B-001"]})

    assert response.status_code == 302
    assert response.url == reverse("actions:plan_targets", args=[2023])
    assert set(Item.objects.of_year(2023).values_list("code", flat=True)) == {"A-001", "B-001"}
    html = page(personas.office.get(response.url))
    assert "结转 2 项，新增 0 项，不再列入 1 项" in html
    assert "T-001" in html  # dropped, listed under last year's items


def test_it_shows_carried_new_and_dropped_and_saves_targets(personas, plan):
    carry_over_plan(2022, ["A-001", "B-001"])
    ItemFactory(
        code="N-001",
        name="新增事项",
        action=Action.objects.of_year(2023).get(),
        plan_year=Action.objects.of_year(2023).get().plan_year,
        lead_unit=UnitFactory(code="A01"),
    )
    url = reverse("actions:plan_targets", args=[2023])
    html = page(personas.office.get(url))
    assert "结转 2 项，新增 1 项，不再列入 1 项" in html
    items = {i.code: i for i in Item.objects.of_year(2023)}
    data = {f"t{item.pk}-target": str(item.target or "") for item in items.values()}
    data[f"t{items['A-001'].pk}-target"] = "132.5"

    response = personas.office.post(url, data, follow=True)

    assert "已保存，1 项目标值有变化" in page(response)
    assert Item.objects.get(pk=items["A-001"].pk).target == Decimal("132.5")
    assert Item.objects.get(pk=plan.item_a.pk).target == 120

    data[f"t{items['B-001'].pk}-target"] = "很多"
    html = page(personas.office.post(url, data))
    assert "有目标值无法识别" in html and "很多" in html
    assert Item.objects.get(pk=items["B-001"].pk).target == 120


@pytest.mark.parametrize("persona", ["leader", "reporter_a", "head_a"])
def test_it_keeps_the_plan_pages_for_the_office(personas, plan, persona):
    client = getattr(personas, persona)
    for url in (
        reverse("actions:plan_years"),
        reverse("actions:carry_over", args=[2022]),
        reverse("actions:plan_targets", args=[2022]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("actions:carry_over", args=[2022]), {"scope": "all"}).status_code == 403
    )
    assert not Item.objects.of_year(2023).exists()


def test_it_lists_the_plan_years(personas, plan):
    carry_over_plan(2022)
    html = page(personas.office.get(reverse("actions:plan_years")))
    assert "2023" in html and "结转到 2024 年度" in html and "目标值与对比" in html


def test_it_rescores_only_the_previews_of_the_year_whose_plan_changed(
    plan, django_capture_on_commit_callbacks
):
    from scoring.models import ScoreRun
    from scoring.services import compute_month
    from tests.factories import MonthFactory

    compute_month(plan.month)  # the 2022-03 preview
    carry_over_plan(2022)
    compute_month(MonthFactory(year=2023, number=1))
    before = dict(ScoreRun.objects.previews().values_list("month__year", "computed_at"))
    new = Item.objects.of_year(2023).get(code="A-001")

    with django_capture_on_commit_callbacks(execute=True):
        set_targets(2023, {new.pk: Decimal("150")})

    after = dict(ScoreRun.objects.previews().values_list("month__year", "computed_at"))
    assert after[2022] == before[2022]
    assert after[2023] > before[2023]


def test_the_targets_page_reads_as_written_and_in_the_plans_order(personas, plan):
    """The new year's targets show as the office wrote them (120, 0.35, not 120.0000), the
    items action by action in the plan's order, and 全部结转 asks before copying all."""
    from tests.factories import ActionFactory

    plan.action.order = 2
    plan.action.save()
    first = ActionFactory(
        plan_year=plan.action.plan_year, code="Z9", name="数字赋能", order=1, lead_unit=plan.unit_a
    )
    ItemFactory(code="Z-001", action=first, lead_unit=plan.unit_a, target=Decimal("0.35"))
    html = page(personas.office.get(reverse("actions:carry_over", args=[2022])))
    assert 'data-confirm="将本年度全部 4 项事项结转到 2023 年度？"' in html
    assert html.index("Z-001") < html.index("A-001")
    carry_over_plan(2022)

    html = page(personas.office.get(reverse("actions:plan_targets", args=[2023])))
    assert 'value="120"' in html and 'value="0.35"' in html and "0000" not in html
    assert html.index("Z-001") < html.index("A-001")
