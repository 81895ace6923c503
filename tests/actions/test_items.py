import pytest
from django.urls import reverse

from tests.factories import ActionFactory, ItemFactory

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_own_units_items_for_a_reporter(personas, district):
    page = personas.reporter_a.get(reverse("reporting:item_list")).content.decode()
    assert "A-001" in page
    assert "B-001" not in page


def test_it_filters_the_item_list_for_the_office(personas, district):
    url = reverse("reporting:item_list")
    page = personas.office.get(url, {"lead_unit": district.unit_b.pk}).content.decode()
    assert "B-001" in page
    assert "A-001" not in page


def test_it_answers_404_for_another_units_item(personas, district):
    url = reverse("reporting:item_detail", args=[district.item_b.pk])
    assert personas.reporter_a.get(url).status_code == 404
    assert personas.reporter_b.get(url).status_code == 200
    assert personas.leader.get(url).status_code == 200


def test_it_sends_anonymous_users_to_login(personas, district):
    response = personas.anonymous.get(reverse("reporting:item_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_item_list_follows_the_plans_order_and_styles_its_filters(personas, district):
    """Items are listed action by action in the plan's order (顺序), not by code, and
    the filter fields are Bootstrap fields that fit a phone."""
    later = ActionFactory(plan_year=district.action.plan_year, code="A0", name="城市更新", order=9)
    ItemFactory(code="AA-001", name="城中村改造", action=later, lead_unit=district.unit_a)
    district.action.order = 1
    district.action.save()
    page = personas.office.get(reverse("reporting:item_list")).content.decode()
    assert page.index("A-001") < page.index("T-001") < page.index("AA-001")
    assert 'class="form-control" id="id_q"' in page or 'id="id_q" class="form-control"' in page
    assert 'class="form-select"' in page
