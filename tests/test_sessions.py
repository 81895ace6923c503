"""The session engines (showcase.sessions, showcase.cached_sessions): Django's database
and cached database sessions, each row read by SQL written once."""

import datetime as dt

import pytest
from django.contrib.sessions.backends import cached_db, db
from django.core.cache import cache

from showcase import cached_sessions, sessions

DATA = {"_auth_user_id": "7", "note": "中文 & 'quotes'"}
NOW = dt.datetime(2022, 3, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def stored(db, time_machine) -> str:
    time_machine.move_to(NOW, tick=False)
    store = sessions.SessionStore()
    store.update(DATA)
    store.save()
    cache.clear()
    return store.session_key


@pytest.mark.parametrize(
    "ours, django",
    [
        (sessions.SessionStore, db.SessionStore),
        (cached_sessions.SessionStore, cached_db.SessionStore),
    ],
)
def test_it_reads_a_stored_session_as_django_does(stored, ours, django, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert ours(stored).load() == DATA
    assert django(stored).load() == DATA
    row, expected = ours(stored)._get_session_from_db(), django(stored)._get_session_from_db()
    assert (row.session_key, row.session_data, row.expire_date) == (
        expected.session_key,
        expected.session_data,
        expected.expire_date,
    )
    assert row.expire_date == NOW + dt.timedelta(minutes=30)


def test_it_reads_through_the_cache_once_loaded(stored, django_assert_num_queries):
    cached_sessions.SessionStore(stored).load()
    with django_assert_num_queries(0):
        assert cached_sessions.SessionStore(stored).load() == DATA


@pytest.mark.parametrize("engine", [sessions.SessionStore, cached_sessions.SessionStore])
def test_it_finds_no_session_once_expired(stored, engine, time_machine):
    time_machine.move_to(NOW + dt.timedelta(minutes=30, seconds=1), tick=False)
    expired = engine(stored)
    assert expired.load() == {}
    assert expired.session_key is None  # anything stored now gets a new key


@pytest.mark.parametrize("engine", [sessions.SessionStore, cached_sessions.SessionStore])
def test_it_finds_no_session_after_logout(stored, engine):
    live = engine(stored)
    assert live.load() == DATA
    live.flush()  # what logout does
    assert engine(stored).load() == {}
    assert cached_sessions.SessionStore(stored).load() == {}
