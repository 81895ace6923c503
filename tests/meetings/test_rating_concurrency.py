"""Votes of a 现场测评 at the same moment, and racing its close, on PostgreSQL.

A vote holds the rating session's row FOR SHARE for its transaction; closing takes it FOR
UPDATE. Votes therefore do not queue behind each other, while the close waits for the
votes in flight and a vote after it reads 已结束. These tests check both halves with real
threads, each with its own database connection (Django's connections are per thread).

They need PostgreSQL (marked `postgres`): SQLite has no row locks, and this project's
SQLite transactions begin IMMEDIATE, one writer at a time, so there nothing can slip in
between a vote and the close (tests/meetings/test_rating.py checks the refusal there).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from meetings import services
from meetings.models import RatingResult, RatingState, Vote
from meetings.rating import trimmed_mean
from meetings.services import MeetingError
from tests.conftest import wait_for
from tests.test_concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="投票与结束测评的并发需要 PostgreSQL 的行锁（SQLite 的事务一次只有一个写入者）；"
        "设置 DATABASE_URL=postgres://… 后运行",
    ),
]

D = Decimal
SEATS = 30
CLOSED_TEXT = "本次测评已结束，不能再打分"


@pytest.fixture
def rating(session, personas):
    services.add_seats(session, personas.users.office, SEATS - session.seats.count())
    return session


class Held(threading.Thread):
    """`work` run in a transaction on the thread's own connection, kept open after `work`
    returns until release(): a vote or a close caught in flight."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.ran = threading.Event()
        self.released = threading.Event()
        self.outcome: tuple[str, object] | None = None

    def run(self) -> None:
        try:
            with transaction.atomic():
                try:
                    self.outcome = ("ok", self.work())
                except MeetingError as exc:
                    self.outcome = ("error", exc)
                self.ran.set()
                self.released.wait(timeout=60)
        finally:
            self.ran.set()
            connections.close_all()

    def release(self) -> None:
        self.released.set()
        self.join(timeout=60)
        assert not self.is_alive(), "a held transaction did not end"


@pytest.fixture
def hold():
    """Start `work` in a held transaction; any still held is released at the end, so a
    failed test leaves no transaction open behind it."""
    started: list[Held] = []

    def start(work: Callable[[], object]) -> Held:
        held = Held(work)
        started.append(held)
        held.start()
        return held

    yield start
    for held in started:
        held.release()


def waiting_for_a_lock() -> int:
    """Backends of the test database waiting for a lock, as PostgreSQL itself sees them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_it_lets_votes_in_flight_share_the_session(rating, district):
    seats = list(rating.seats.order_by("number"))
    together = threading.Barrier(8)

    def vote(index: int) -> None:
        with transaction.atomic():
            services.cast_vote(rating, district.unit_a, 80 + index, seat=seats[index])
            # All eight transactions stand open here at once; had a vote waited for
            # another's lock, the barrier would time out.
            together.wait(timeout=15)

    outcomes = race(vote, 8)

    assert [kind for kind, _ in outcomes] == ["ok"] * 8, outcomes
    assert sorted(Vote.objects.values_list("score", flat=True)) == [80 + i for i in range(8)]


def test_it_waits_for_a_vote_in_flight_before_freezing(rating, district, personas, hold):
    seat = rating.seats.first()
    voting = hold(lambda: services.cast_vote(rating, district.unit_a, "91.5", seat=seat))
    assert voting.ran.wait(timeout=30) and voting.outcome[0] == "ok"
    closing = hold(lambda: services.close_rating_session(rating, personas.users.office))

    assert wait_for(waiting_for_a_lock, timeout=30), "the close did not wait for the vote"
    assert not closing.ran.is_set()
    voting.release()
    closing.release()

    assert closing.outcome[0] == "ok"
    result = RatingResult.objects.get(session=rating, unit=district.unit_a)
    assert (result.vote_count, result.mean) == (1, D("91.50"))


def test_it_refuses_a_vote_that_comes_while_closing(rating, district, personas, hold):
    seat = rating.seats.first()
    services.cast_vote(rating, district.unit_a, "70", seat=seat)
    closing = hold(lambda: services.close_rating_session(rating, personas.users.office))
    assert closing.ran.wait(timeout=30) and closing.outcome[0] == "ok"
    voting = hold(lambda: services.cast_vote(rating, district.unit_a, "99", seat=seat))

    assert wait_for(waiting_for_a_lock, timeout=30), "the vote did not wait for the close"
    assert not voting.ran.is_set()
    closing.release()
    voting.release()

    kind, exc = voting.outcome
    assert kind == "error" and exc.message == CLOSED_TEXT
    assert list(Vote.objects.values_list("score", flat=True)) == [D("70")]
    result = RatingResult.objects.get(session=rating, unit=district.unit_a)
    assert (result.vote_count, result.mean) == (1, D("70.00"))


def test_it_counts_exactly_the_votes_it_accepted_when_votes_race_the_close(
    rating, district, personas
):
    seats = list(rating.seats.order_by("number"))
    units = [district.unit_a, district.unit_b]
    accepted: list[tuple[int, int, Decimal]] = []
    refused: list[str] = []
    lock = threading.Lock()
    half_in = threading.Event()

    def work(index: int) -> None:
        if index == SEATS:  # the office closes once half the votes are in
            half_in.wait(timeout=60)
            services.close_rating_session(rating, personas.users.office)
            return
        for unit in units:
            score = D(60 + index) + (D("0.5") if unit == district.unit_b else 0)
            try:
                services.cast_vote(rating, unit, score, seat=seats[index])
            except MeetingError as exc:
                with lock:
                    refused.append(exc.message)
                continue
            with lock:
                accepted.append((seats[index].pk, unit.pk, score))
                if len(accepted) >= SEATS:
                    half_in.set()

    outcomes = race(work, SEATS + 1)

    assert [kind for kind, _ in outcomes] == ["ok"] * (SEATS + 1), outcomes
    assert set(refused) <= {CLOSED_TEXT}
    assert len(accepted) + len(refused) == SEATS * len(units)
    rating.refresh_from_db()
    assert rating.state == RatingState.CLOSED
    # Every vote answered 已提交 is stored, and no other.
    stored = Vote.objects.filter(session=rating).values_list("seat_id", "unit_id", "score")
    assert sorted(stored) == sorted(accepted)
    # Every stored vote is in the frozen result.
    counts = Counter(unit_pk for _, unit_pk, _ in accepted)
    for unit in units:
        result = RatingResult.objects.get(session=rating, unit=unit)
        scores = [score for _, unit_pk, score in accepted if unit_pk == unit.pk]
        assert (result.vote_count, result.mean) == (counts[unit.pk], trimmed_mean(scores))


def test_it_keeps_one_vote_when_a_seat_taps_many_times_at_once(rating, district):
    seat = rating.seats.first()

    def vote(index: int) -> None:
        services.cast_vote(rating, district.unit_a, 60 + index, seat=seat)

    outcomes = race(vote, 20)

    assert [kind for kind, _ in outcomes] == ["ok"] * 20, outcomes
    (score,) = Vote.objects.filter(seat=seat).values_list("score", flat=True)
    assert D(60) <= score <= D(79)
