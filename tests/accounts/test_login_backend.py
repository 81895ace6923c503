"""The login of a request (accounts.backends.LoginBackend.get_user): read by SQL written
once, the same user and unit the ORM's select_related gives."""

from accounts.backends import LoginBackend
from accounts.models import Role, User
from tests.factories import UnitFactory, UserFactory


def fields(obj) -> dict:
    return {key: value for key, value in vars(obj).items() if key != "_state"}


def test_it_loads_a_unit_member_with_its_unit_in_one_query(db, django_assert_num_queries):
    reporter = UserFactory(role=Role.REPORTER, unit=UnitFactory(), email="a@example.gov.cn")
    expected = User.objects.select_related("unit").get(pk=reporter.pk)
    with django_assert_num_queries(1):
        user = LoginBackend().get_user(reporter.pk)
        assert user.unit.name == reporter.unit.name  # no second query
    assert fields(user) == fields(expected)
    assert fields(user.unit) == fields(expected.unit)
    assert (user._state.adding, user._state.db) == (False, "default")
    assert (user.unit._state.adding, user.unit._state.db) == (False, "default")
    assert isinstance(user.last_login, type(expected.last_login))
    assert user.is_active is True and user.date_joined.tzinfo is not None


def test_it_loads_a_login_without_a_unit_in_one_query(db, django_assert_num_queries):
    leader = UserFactory(role=Role.LEADER)
    with django_assert_num_queries(1):
        user = LoginBackend().get_user(leader.pk)
        assert user.unit is None
    assert fields(user) == fields(User.objects.get(pk=leader.pk))


def test_it_answers_none_for_an_inactive_or_unknown_login(db):
    inactive = UserFactory(is_active=False)
    assert LoginBackend().get_user(inactive.pk) is None
    assert LoginBackend().get_user(inactive.pk + 1000) is None
