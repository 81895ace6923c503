"""The Django admin writes through the same services as the office's pages: a unit's
group changes in one plan year only, an action's order and a login's role the same way
everywhere, and the live previews hear of each change."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from actions.models import Action, UnitGroupInYear
from scoring.models import ScoreRun, UnitResult
from scoring.services import compute_month
from tests.admin_forms import admin_form_data
from tests.factories import PlanYearFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    client.force_login(UserFactory(username="root", role=Role.ADMIN, is_staff=True))
    return client


def preview_groups(unit_code: str) -> set[str]:
    rows = UnitResult.objects.filter(run__in=ScoreRun.objects.previews(), unit_code=unit_code)
    return set(rows.values_list("group", flat=True))


def test_a_group_changed_in_the_admin_moves_the_unit_in_that_year_only_and_rescores_it(
    district, root, django_capture_on_commit_callbacks
):
    PlanYearFactory(year=2023)
    compute_month(district.month)
    assert preview_groups("A01") == {"department"}
    url = reverse("admin:actions_unit_change", args=[district.unit_a.pk])

    data = admin_form_data(root, url, group="township", group_year="2022")
    with django_capture_on_commit_callbacks(execute=True):
        response = root.post(url, data)

    assert response.status_code == 302
    assert preview_groups("A01") == {"township"}  # the 2022 preview follows
    # 2023 keeps the group the unit had: it is planned already.
    assert UnitGroupInYear.objects.get(unit=district.unit_a, year=2023).group == "department"


def test_a_group_change_without_its_year_is_refused_and_nothing_is_saved(district, root):
    url = reverse("admin:actions_unit_change", args=[district.unit_a.pk])

    data = admin_form_data(root, url, group="township", group_year="", name="改名")
    response = root.post(url, data)

    assert response.status_code == 200
    assert "改变分组时请选择从哪个年度起改变" in response.content.decode()
    district.unit_a.refresh_from_db()
    assert (district.unit_a.group, district.unit_a.name) == ("department", "区发改局")


def test_a_new_unit_takes_its_group_in_the_admin_as_typed(db, root):
    PlanYearFactory(year=2022)
    url = reverse("admin:actions_unit_add")

    response = root.post(url, {"code": "N01", "name": "新单位", "group": "township"})

    assert response.status_code == 302
    assert UnitFactory._meta.model.objects.get(code="N01").group == "township"


def test_an_action_reordered_in_the_admin_rescores_its_years_preview(
    district, root, django_capture_on_commit_callbacks
):
    before = compute_month(district.month)
    url = reverse("admin:actions_action_change", args=[district.action.pk])

    data = admin_form_data(root, url, order="5")
    with django_capture_on_commit_callbacks(execute=True):
        response = root.post(url, data)

    assert response.status_code == 302
    assert Action.objects.get(pk=district.action.pk).order == 5
    assert not ScoreRun.objects.filter(pk=before.pk).exists()  # a new preview replaced it
    assert ScoreRun.objects.previews().filter(month=district.month).exists()


def test_an_action_reordered_in_the_admins_list_rescores_too(
    district, root, django_capture_on_commit_callbacks
):
    before = compute_month(district.month)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(district.action.pk),
        "form-0-order": "3",
        "_save": "保存",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = root.post(reverse("admin:actions_action_changelist"), data)

    assert response.status_code == 302
    assert Action.objects.get(pk=district.action.pk).order == 3
    assert not ScoreRun.objects.filter(pk=before.pk).exists()


def test_a_role_changed_in_the_admin_brings_its_admin_flags(district, root):
    leader = UserFactory(username="lead", role=Role.LEADER)
    url = reverse("admin:accounts_user_change", args=[leader.pk])

    response = root.post(url, admin_form_data(root, url, role=Role.OFFICE))
    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.role, leader.is_staff, leader.is_superuser) == (Role.OFFICE, True, False)

    data = admin_form_data(root, url, role=Role.REPORTER, unit=str(district.unit_a.pk))
    data["is_staff"] = data["is_superuser"] = "on"  # read-only: ignored
    response = root.post(url, data)
    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.role, leader.is_staff, leader.is_superuser) == (Role.REPORTER, False, False)


def test_editing_a_superuser_without_changing_the_role_keeps_the_superuser(db, root):
    superuser = User.objects.create_superuser("boss", password="x-Pass-1234")
    url = reverse("admin:accounts_user_change", args=[superuser.pk])

    response = root.post(url, admin_form_data(root, url, display_name="总管"))

    assert response.status_code == 302
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.display_name == "总管"
