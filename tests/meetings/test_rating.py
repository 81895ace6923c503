"""On-site rating (现场测评): the trimmed mean, votes and their constraints, closing,
bonus points, and every page as every persona."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import RatingResult, RatingSession, RatingState, Vote
from meetings.rating import bonus_points, bonus_reason, qr_svg, trimmed_mean
from meetings.services import MeetingError
from reporting.models import BonusPenalty
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        (["80"], D("80.00")),
        (["80", "91"], D("85.50")),
        (["70", "80", "90"], D("80.00")),
        (["100", "0", "85", "86"], D("85.50")),
        (["90", "90", "90", "90"], D("90.00")),
        (["60", "95", "95", "100"], D("95.00")),  # one highest and one lowest only
        (["85", "86", "86"], D("86.00")),
        (["85.005", "0", "100"], D("85.01")),  # half up, not half even
        (["85.004", "0", "100"], D("85.00")),
        (["1", "2", "2"], D("2.00")),
        (["80", "81", "81"], D("81.00")),
        (["80", "80", "81", "81"], D("80.50")),
        (["80.1", "80.2", "80.3", "80.4", "80.6"], D("80.30")),
        (["0.005", "0.005"], D("0.01")),  # two votes: plain mean, rounded half up
    ],
)
def test_it_computes_the_trimmed_mean(scores, expected):
    assert trimmed_mean(D(s) for s in scores) == expected


@pytest.mark.parametrize(
    ("mean", "weight", "points", "reason"),
    [
        ("86.50", "5", "4.33", "现场测评 86.50 分 × 5%"),
        ("90", "2.5", "2.25", "现场测评 90.00 分 × 2.5%"),
        ("80.10", "10", "8.01", "现场测评 80.10 分 × 10%"),
        ("0.10", "5", "0.01", "现场测评 0.10 分 × 5%"),  # 0.005 rounds half up
    ],
)
def test_it_turns_a_mean_into_bonus_points_and_a_reason(mean, weight, points, reason):
    assert bonus_points(D(mean), D(weight)) == D(points)
    assert bonus_reason(D(mean), D(weight)) == reason


def test_it_draws_the_qr_code_as_inline_svg():
    svg = qr_svg("https://example.org/meetings/rate/abc/")
    assert svg.startswith("<svg") and "<path" in svg and "<?xml" not in svg


def voters(n):
    return [UserFactory(username=f"voter{i}") for i in range(n)]


def test_it_opens_a_session_with_units_seats_and_a_token(session, district):
    assert session.state == RatingState.OPEN
    assert set(session.units.all()) == {district.unit_a, district.unit_b}
    seats = list(session.seats.all())
    assert [s.number for s in seats] == [1, 2, 3]
    assert len({s.code for s in seats}) == 3 and all(len(s.code) == 6 for s in seats)
    assert len(session.token) >= 20


def test_it_lets_only_the_office_open_close_or_add_bonus(personas, district, session):
    for user in (personas.users.leader, personas.users.reporter_a):
        with pytest.raises(MeetingError, match="只有考核办"):
            services.open_rating_session(month=district.month, user=user, units=[district.unit_a])
        with pytest.raises(MeetingError, match="只有考核办"):
            services.close_rating_session(session, user)
        with pytest.raises(MeetingError, match="只有考核办"):
            services.add_rating_bonus(session, user, D("5"))


def test_it_refuses_a_bad_range_or_no_units(personas, district):
    office = personas.users.office
    with pytest.raises(MeetingError, match="最低分须小于最高分"):
        services.open_rating_session(
            month=district.month, user=office, units=[district.unit_a], min_score=D("100"),
            max_score=D("10"),
        )  # fmt: skip
    with pytest.raises(MeetingError, match="至少选择一个"):
        services.open_rating_session(month=district.month, user=office, units=[])
    assert not RatingSession.objects.exists()


def test_it_updates_a_second_vote_instead_of_counting_it_twice(personas, district, session):
    user = personas.users.leader
    services.cast_vote(session, district.unit_a, "80", user=user)
    services.cast_vote(session, district.unit_a, "92.5", user=user)
    votes = Vote.objects.filter(session=session, unit=district.unit_a)
    assert [v.score for v in votes] == [D("92.50")]


def test_it_casts_a_vote_in_two_statements(personas, district, session, django_assert_num_queries):
    user, seat = personas.users.leader, session.seats.first()
    # Savepoint, the session's state and units (held FOR SHARE on PostgreSQL), the vote
    # inserted or replaced, release: as many for a new vote as for a changed one.
    for score in ("80", "85"):
        with django_assert_num_queries(4):
            services.cast_vote(session, district.unit_a, score, user=user)
        with django_assert_num_queries(4):
            services.cast_vote(session, district.unit_b, score, seat=seat)
    votes = Vote.objects.filter(session=session).values_list("unit__code", "user", "seat", "score")
    assert sorted(votes) == [("A01", user.pk, None, D("85")), ("B01", None, seat.pk, D("85"))]


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("101", "分数须在 0 到 100 之间"),
        ("-1", "分数须在 0 到 100 之间"),
        ("abc", "请输入有效的分数"),
        ("", "请输入有效的分数"),
        ("NaN", "请输入有效的分数"),
        ("1e400", "请输入有效的分数"),  # exponents are read nowhere (reporting.numbers)
        ("１０１", "分数须在 0 到 100 之间"),  # full-width digits are
        ("80.123", "分数最多保留两位小数"),
    ],
)
def test_it_refuses_a_score_outside_the_range(personas, district, session, score, message):
    with pytest.raises(MeetingError, match=message):
        services.cast_vote(session, district.unit_a, score, user=personas.users.leader)
    assert not Vote.objects.exists()


def test_it_refuses_a_unit_not_presenting_and_a_vote_after_closing(personas, district, session):
    with pytest.raises(MeetingError, match="不在本次测评名单"):
        services.cast_vote(session, district.town, "80", user=personas.users.leader)
    services.cast_vote(session, district.unit_a, "80", user=personas.users.leader)
    services.close_rating_session(session, personas.users.office)
    with pytest.raises(MeetingError, match="测评已结束"):
        services.cast_vote(session, district.unit_a, "90", user=personas.users.leader)
    with pytest.raises(MeetingError, match="已经结束"):
        services.close_rating_session(session, personas.users.office)
    assert Vote.objects.get().score == D("80")


def test_it_refuses_a_forged_seat_and_a_seat_of_another_session(personas, district, session):
    with pytest.raises(MeetingError, match="席位码无效"):
        services.find_seat(session, "ZZZZZZ")
    other = services.open_rating_session(
        month=district.month, user=personas.users.office, units=[district.unit_a], seat_count=1
    )
    with pytest.raises(MeetingError, match="席位码无效"):
        services.cast_vote(session, district.unit_a, "80", seat=other.seats.get())
    seat = session.seats.first()
    assert services.find_seat(session, f" {seat.code.lower()} ") == seat


def test_it_keeps_one_vote_per_attendee_and_unit_in_the_database(personas, district, session):
    user, seat = personas.users.leader, session.seats.first()
    Vote.objects.create(session=session, unit=district.unit_a, user=user, score=80)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(session=session, unit=district.unit_a, user=user, score=90)
    Vote.objects.create(session=session, unit=district.unit_a, seat=seat, score=80)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(session=session, unit=district.unit_a, seat=seat, score=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(session=session, unit=district.unit_b, score=90)  # nobody
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(session=session, unit=district.unit_b, user=user, seat=seat, score=1)


def test_it_freezes_trimmed_means_on_close(personas, district, session):
    for user, score in zip(voters(4), ["60", "85", "88", "100"], strict=True):
        services.cast_vote(session, district.unit_a, score, user=user)
    services.cast_vote(session, district.unit_b, "70", seat=session.seats.first())
    services.close_rating_session(session, personas.users.office)
    results = {r.unit.code: r for r in RatingResult.objects.select_related("unit")}
    assert results["A01"].mean == D("86.50") and results["A01"].vote_count == 4
    assert results["B01"].mean == D("70.00") and results["B01"].vote_count == 1
    # Later votes cannot change a frozen result, even written behind the service's back.
    Vote.objects.filter(unit=district.unit_b).update(score=0)
    assert RatingResult.objects.get(unit=district.unit_b).mean == D("70.00")


def test_it_adds_the_result_as_bonus_points_once_and_rescores(personas, district, session):
    for user, score in zip(voters(3), ["80", "86.5", "90"], strict=True):
        services.cast_vote(session, district.unit_a, score, user=user)
    with pytest.raises(MeetingError, match="请先结束测评"):
        services.add_rating_bonus(session, personas.users.office, D("5"))
    services.close_rating_session(session, personas.users.office)
    with pytest.raises(MeetingError, match="权重"):
        services.add_rating_bonus(session, personas.users.office, D("0"))
    with mock.patch("meetings.services.queue_rescore") as queue_rescore:
        created = services.add_rating_bonus(session, personas.users.office, D("5"))
    queue_rescore.assert_called_once_with(district.month)
    bonus = BonusPenalty.objects.get()
    assert created == [bonus]
    assert (bonus.unit, bonus.month, bonus.points) == (district.unit_a, district.month, D("4.33"))
    assert bonus.reason == "现场测评 86.50 分 × 5%"
    assert bonus.created_by == personas.users.office
    with pytest.raises(MeetingError, match="没有可计入加分"):  # unit B had no vote; A is done
        services.add_rating_bonus(session, personas.users.office, D("5"))
    assert BonusPenalty.objects.count() == 1


def test_it_moves_the_district_board_when_the_bonus_is_added(
    personas, scored, django_capture_on_commit_callbacks
):
    from scoring.queries import load_month_boards

    session = services.open_rating_session(
        month=scored.month, user=personas.users.office, units=[scored.unit_a]
    )
    services.cast_vote(session, scored.unit_a, "90", user=personas.users.leader)
    services.close_rating_session(session, personas.users.office)
    before = {r.unit_code: r for r in load_month_boards("2022-03").board("district")}["A01"]
    with django_capture_on_commit_callbacks(execute=True):
        services.add_rating_bonus(session, personas.users.office, D("5"))
    after = {r.unit_code: r for r in load_month_boards("2022-03").board("district")}["A01"]
    assert after.bonus == before.bonus + D("4.50")


# --- Pages ------------------------------------------------------------------------------


def test_it_shows_the_office_the_create_page_and_refuses_everyone_else(personas, district):
    url = reverse("meetings:rating_create", args=["2022-03"])
    assert personas.office.get(url).status_code == 200
    for name in ("leader", "reporter_a", "head_a", "reporter_b"):
        assert getattr(personas, name).get(url).status_code == 403
    assert personas.anonymous.get(url).status_code == 302
    response = personas.office.post(
        url,
        {
            "title": "三月测评",
            "units": [district.unit_a.pk, district.unit_b.pk],
            "min_score": "0",
            "max_score": "100",
            "seat_count": "5",
        },
    )
    session = RatingSession.objects.get()
    assert response.url == reverse("meetings:rating_detail", args=[session.pk])
    assert session.seats.count() == 5
    response = personas.office.post(url, {"units": [district.unit_a.pk], "min_score": "90",
                                          "max_score": "10", "seat_count": "0"})  # fmt: skip
    assert "最低分须小于最高分" in response.content.decode()
    assert RatingSession.objects.count() == 1


def test_it_serves_the_session_pages_by_role(personas, session):
    pages = {
        "meetings:rating_detail": {"office": 200, "leader": 403},
        "meetings:rating_seats": {"office": 200, "leader": 403},
        "meetings:rating_screen": {"office": 200, "leader": 200},
        "meetings:rating_results": {"office": 200, "leader": 200},
    }
    for name, expected in pages.items():
        url = reverse(name, args=[session.pk])
        for persona, status in expected.items():
            assert getattr(personas, persona).get(url).status_code == status, (name, persona)
        for persona in ("reporter_a", "head_a", "reporter_b"):
            assert getattr(personas, persona).get(url).status_code in (403, 404), (name, persona)
        assert personas.anonymous.get(url).status_code == 302


def test_it_shows_the_qr_code_and_live_results_on_the_big_screen(personas, session):
    page = personas.leader.get(reverse("meetings:rating_screen", args=[session.pk]))
    html = page.content.decode()
    assert "<svg" in html and 'id="rating-qr"' in html
    assert f"/meetings/rate/{session.token}/" in html
    assert 'hx-trigger="every 3s"' in html
    assert "navbar" not in html


def test_it_stops_polling_once_closed(personas, session):
    services.close_rating_session(session, personas.users.office)
    html = personas.office.get(reverse("meetings:rating_results", args=[session.pk])).content
    assert b"every 3s" not in html and "结果已固定".encode() in html


def test_it_prints_the_seat_codes_with_their_links(personas, session):
    html = personas.office.get(reverse("meetings:rating_seats", args=[session.pk])).content
    for seat in session.seats.all():
        assert f"?seat={seat.code}".encode() in html
    personas.office.post(reverse("meetings:rating_seats", args=[session.pk]), {"count": "2"})
    assert list(session.seats.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    personas.leader.post(reverse("meetings:rating_seats", args=[session.pk]), {"count": "2"})
    assert session.seats.count() == 5


def test_it_closes_and_adds_bonus_from_the_office_page(personas, session, district):
    services.cast_vote(session, district.unit_a, "88", user=personas.users.leader)
    assert (
        personas.leader.post(reverse("meetings:rating_close", args=[session.pk])).status_code == 403
    )
    personas.office.post(reverse("meetings:rating_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.state == RatingState.CLOSED
    assert personas.leader.post(
        reverse("meetings:rating_bonus", args=[session.pk]), {"weight": "5"}
    ).status_code == 403  # fmt: skip
    response = personas.office.post(
        reverse("meetings:rating_bonus", args=[session.pk]), {"weight": "5"}, follow=True
    )
    assert "已为 1 个单位计入区级加分" in response.content.decode()
    assert BonusPenalty.objects.get().reason == "现场测评 88.00 分 × 5%"


def test_it_lets_a_guest_vote_with_a_seat_code_without_login(session, district):
    guest, seat = Client(), session.seats.first()
    url = reverse("meetings:rate", args=[session.token]) + f"?seat={seat.code}"
    page = guest.get(url)
    assert page.status_code == 200
    assert 'name="score"' in page.content.decode() and "提交" in page.content.decode()
    response = guest.post(url, {"unit": district.unit_a.pk, "score": "86"})
    assert response.status_code == 302
    response = guest.post(url, {"unit": district.unit_a.pk, "score": "88"}, follow=True)
    assert "已为 区发改局 打分" in response.content.decode()
    assert [(v.seat, v.score) for v in Vote.objects.all()] == [(seat, D("88"))]


def test_it_refuses_a_forged_seat_code_on_the_phone_page(session, district):
    guest = Client()
    url = reverse("meetings:rate", args=[session.token]) + "?seat=FORGED"
    page = guest.get(url)
    assert page.status_code == 403 and "席位码无效" in page.content.decode()
    response = guest.post(url, {"unit": district.unit_a.pk, "score": "86"})
    assert response.status_code == 403 and not Vote.objects.exists()
    page = guest.get(reverse("meetings:rate", args=["no-such-token"]) + "?seat=X")
    assert page.status_code == 404


def test_it_asks_a_guest_without_seat_for_the_code(session, district):
    page = Client().get(reverse("meetings:rate", args=[session.token]))
    assert page.status_code == 200 and 'name="seat"' in page.content.decode()
    response = Client().post(
        reverse("meetings:rate", args=[session.token]), {"unit": district.unit_a.pk, "score": 1}
    )
    assert response.status_code == 403 and not Vote.objects.exists()


def test_it_lets_a_logged_in_attendee_vote_and_explains_refusals(personas, session, district):
    url = reverse("meetings:rate", args=[session.token])
    for persona in ("leader", "office", "reporter_a"):
        client = getattr(personas, persona)
        assert client.post(url, {"unit": district.unit_b.pk, "score": "75"}).status_code == 302
    assert Vote.objects.filter(unit=district.unit_b).count() == 3
    response = personas.leader.post(url, {"unit": district.unit_a.pk, "score": "120"})
    assert response.status_code == 400 and "分数须在 0 到 100 之间" in response.content.decode()
    response = personas.leader.post(url, {"unit": district.town.pk, "score": "80"})
    assert response.status_code == 400 and "不在本次测评名单" in response.content.decode()
    services.close_rating_session(session, personas.users.office)
    response = personas.leader.post(url, {"unit": district.unit_a.pk, "score": "80"})
    assert response.status_code == 403 and "测评已结束" in response.content.decode()
    assert "本次测评已结束" in personas.leader.get(url).content.decode()
    assert not Vote.objects.filter(unit=district.unit_a).exists()


def test_it_answers_htmx_votes_with_the_unit_card(personas, session, district):
    url = reverse("meetings:rate", args=[session.token])
    response = personas.leader.post(
        url, {"unit": district.unit_a.pk, "score": "91"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="vote-A01"' in html and "已提交：91" in html
    response = personas.leader.post(
        url, {"unit": district.unit_a.pk, "score": "-5"}, HTTP_HX_REQUEST="true"
    )
    assert "分数须在 0 到 100 之间" in response.content.decode()
    assert Vote.objects.get().score == D("91")


def test_it_reads_the_results_in_a_fixed_number_of_queries(
    personas, district, session, django_assert_num_queries
):
    url = reverse("meetings:rating_results", args=[session.pk])
    services.cast_vote(session, district.unit_a, "80", user=personas.users.leader)
    personas.leader.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, rating session, votes, units
    with django_assert_num_queries(5):
        personas.leader.get(url)
    more = [UnitFactory(code=f"M{i:02d}") for i in range(6)]
    session.units.add(*more)
    for user in voters(5):
        for unit in [district.unit_a, district.unit_b, *more]:
            services.cast_vote(session, unit, "77", user=user)
    with django_assert_num_queries(5):
        personas.leader.get(url)
    services.close_rating_session(session, personas.users.office)
    # frozen: session, user, rating session, results with units and bonus
    with django_assert_num_queries(4):
        personas.leader.get(url)


def test_it_sends_every_typed_score_with_one_button(session, district):
    """全部提交, or any button without JavaScript: every typed score in one POST."""
    guest, seat = Client(), session.seats.first()
    url = reverse("meetings:rate", args=[session.token]) + f"?seat={seat.code}"
    page = guest.get(url).content.decode()
    assert "全部提交" in page and page.count('form="vote-all"') == 6  # unit, score, button × 2
    a, b = district.unit_a.pk, district.unit_b.pk
    response = guest.post(url, {"unit": [a, b], "score": ["86", "90.5"]}, follow=True)
    assert "已提交 2 个单位的打分" in response.content.decode()
    assert sorted((v.unit_id, v.score) for v in Vote.objects.all()) == [
        (a, D("86")),
        (b, D("90.5")),
    ]


def test_it_writes_none_of_the_scores_when_one_is_wrong(session, district):
    guest, seat = Client(), session.seats.first()
    url = reverse("meetings:rate", args=[session.token]) + f"?seat={seat.code}"
    a, b = district.unit_a.pk, district.unit_b.pk
    response = guest.post(url, {"unit": [a, b], "score": ["86", "120"]})
    html = response.content.decode()
    assert response.status_code == 400 and not Vote.objects.exists()
    assert "有 1 个单位的分数有误，本次均未提交" in html
    card_a, card_b = html.split('id="vote-A01"')[1].split('id="vote-B01"')
    assert "vote-error" not in card_a and 'value="86"' in card_a
    assert "分数须在 0 到 100 之间" in card_b and 'value="120"' in card_b
    # Both typed scores are marked 未提交 (the mark is hidden only for saved ones).
    assert card_a.count("未提交") == card_b.count("未提交") == 1
    assert 'vote-unsent" hidden' not in html
    # An empty field is no score: what was typed is sent, the rest is left alone.
    response = guest.post(url, {"unit": [a, b], "score": ["", "70"]}, follow=True)
    assert "已提交 1 个单位的打分" in response.content.decode()
    assert [(v.unit_id, v.score) for v in Vote.objects.all()] == [(b, D("70"))]
    response = guest.post(url, {"unit": [a, b], "score": ["", " "]})
    assert response.status_code == 400 and "请至少为一个单位输入分数" in response.content.decode()


def test_it_keeps_a_refused_score_typed_on_its_htmx_card(personas, session, district):
    url = reverse("meetings:rate", args=[session.token])
    response = personas.leader.post(
        url, {"unit": district.unit_a.pk, "score": "-5"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'value="-5"' in html and "未提交" in html and 'vote-unsent" hidden' not in html
