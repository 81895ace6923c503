import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_own_units_items_for_a_reporter(personas, district):
    page = personas.reporter_a.get(reverse("actions:item_list")).content.decode()
    assert "A-001" in page
    assert "B-001" not in page


def test_it_filters_the_item_list_for_the_office(personas, district):
    url = reverse("actions:item_list")
    page = personas.office.get(url, {"lead_unit": district.unit_b.pk}).content.decode()
    assert "B-001" in page
    assert "A-001" not in page


def test_it_answers_404_for_another_units_item(personas, district):
    url = reverse("reporting:item_detail", args=[district.item_b.pk])
    assert personas.reporter_a.get(url).status_code == 404
    assert personas.reporter_b.get(url).status_code == 200
    assert personas.leader.get(url).status_code == 200


def test_it_sends_anonymous_users_to_login(personas, district):
    response = personas.anonymous.get(reverse("actions:item_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
