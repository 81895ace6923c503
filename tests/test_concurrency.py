"""Fifty people on one report at the same moment: the optimistic locking of
reporting.services under load.

Every racing test starts 50 threads, each with its own database connection (Django's
connections are per thread), opens the connection first and then waits at a
threading.Barrier, so all 50 conditional UPDATEs reach PostgreSQL together. Exactly one
writer may win; the 49 others must be told why in Chinese, and nothing of theirs may be
written: no lost update, no second history row, the version bumped exactly once.

The threaded tests need PostgreSQL (marked `postgres`). On SQLite a save reads the
report before its UPDATE, and SQLite refuses a reader's upgrade to a writer while
another writer holds the file: tried here, most of the 50 threads get
"database is locked" (an HTTP 500 through the fill page) instead
of our Chinese refusal — SQLite measures its own locking, not ours, and is no database
for many simultaneous users. The tests at the end replay the same 50 stale writers one
after another and run on both databases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from reporting import services
from reporting.models import Report, ReportState
from tests.factories import ItemFactory

THREADS = 50
GOOD = {"value": Decimal("30"), "achievement": "完成一季度投资"}  # E = 120 × 3/12 = 30
STALE_TEXT = "修改，您的修改未保存"  # StaleReport: "该月报已被 X 于 … 修改，您的修改未保存。…"
SUBMITTED_TEXT = "该事项已报送"


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "50 个线程同时写同一份月报需要 PostgreSQL（SQLite 同时只允许一个写入者，"
            "其余线程报 database is locked）；设置 DATABASE_URL=postgres://… 后运行"
        )


def race(work: Callable[[int], object], threads: int = THREADS) -> list[tuple[str, object]]:
    """Run work(0..n-1) in n threads released together by a barrier; per thread
    ("ok", result) or ("error", exception), in thread order."""
    barrier = threading.Barrier(threads)
    outcomes: list[tuple[str, object] | None] = [None] * threads

    def run(index: int) -> None:
        try:
            connection.ensure_connection()  # connect before the barrier: race the writes
            barrier.wait(timeout=60)
            outcomes[index] = ("ok", work(index))
        except Exception as exc:
            outcomes[index] = ("error", exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(i,), name=f"racer-{i}") for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in pool), "a racing thread hung"
    assert None not in outcomes
    return outcomes


def winners(outcomes: list[tuple[str, object]]) -> list[int]:
    return [index for index, (kind, _) in enumerate(outcomes) if kind == "ok"]


def history_steps(report: Report) -> list[str]:
    return list(
        report.history.order_by("history_date", "history_id").values_list("step", flat=True)
    )


def draft(district, user) -> Report:
    return services.save_report(district.item_a, district.month, GOOD, user, 0)


# ------------------------------------------------------------------ 50 threads (PostgreSQL)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres")
def test_it_submits_once_when_fifty_submit_the_same_version_at_once(personas, district):
    users = personas.users
    report = draft(district, users.reporter_a)
    version = report.version
    people = [users.reporter_a, users.head_a]

    def submit(index: int) -> Report:
        loaded = Report.objects.get(pk=report.pk)  # each user has the page open
        return services.submit_report(loaded, people[index % 2], version)

    outcomes = race(submit)

    won = winners(outcomes)
    assert len(won) == 1, f"{len(won)} submits went through"
    losers = [exc for kind, exc in outcomes if kind == "error"]
    assert len(losers) == THREADS - 1
    assert all(type(exc) is services.AlreadySubmitted for exc in losers), {
        type(exc).__name__ for exc in losers
    }
    assert {exc.message for exc in losers} == {SUBMITTED_TEXT}

    final = Report.objects.get(pk=report.pk)
    winner = people[won[0] % 2]
    # The head's own submission counts as approved by the unit (services.submit_report).
    expected_state = ReportState.APPROVED if winner == users.head_a else ReportState.SUBMITTED
    assert final.state == expected_state
    assert final.submitted_by == winner
    assert final.version == version + 1
    assert (final.value, final.achievement) == (GOOD["value"], GOOD["achievement"])
    assert history_steps(final) == [services.Step.SAVE, services.Step.SUBMIT]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres")
def test_it_keeps_exactly_one_of_fifty_different_saves_of_the_same_version(personas, district):
    users = personas.users
    report = draft(district, users.reporter_a)
    version = report.version
    people = [users.reporter_a, users.head_a]

    def save(index: int) -> Report:
        data = {"value": Decimal(100 + index), "achievement": f"第{index}位填报人的修改"}
        return services.save_report(
            district.item_a, district.month, data, people[index % 2], version
        )

    outcomes = race(save)

    won = winners(outcomes)
    assert len(won) == 1, f"{len(won)} saves of version {version} went through"
    index = won[0]
    losers = [exc for kind, exc in outcomes if kind == "error"]
    assert all(type(exc) is services.StaleReport for exc in losers), {
        type(exc).__name__ for exc in losers
    }
    assert all(STALE_TEXT in exc.message and "已被" in exc.message for exc in losers)
    # Each loser is shown the winner's values, the ones that now stand.
    assert {(exc.current.version, exc.current.value) for exc in losers} == {
        (version + 1, Decimal(100 + index))
    }

    final = Report.objects.get(pk=report.pk)
    assert final.value == Decimal(100 + index)
    assert final.achievement == f"第{index}位填报人的修改"
    assert final.updated_by == people[index % 2]
    assert final.version == version + 1
    assert final.state == ReportState.DRAFT
    assert history_steps(final) == [services.Step.SAVE, services.Step.SAVE]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres")
def test_it_creates_one_report_when_fifty_save_a_new_one_at_once(personas, district):
    user = personas.users.reporter_a

    def create(index: int) -> Report:
        data = {"value": Decimal(index + 1), "achievement": f"首次填报{index}"}
        return services.save_report(district.item_a, district.month, data, user, 0)

    outcomes = race(create)

    won = winners(outcomes)
    assert len(won) == 1
    losers = [exc for kind, exc in outcomes if kind == "error"]
    assert all(type(exc) is services.StaleReport for exc in losers)
    assert all(STALE_TEXT in exc.message for exc in losers)
    report = Report.objects.get(item=district.item_a, month=district.month)
    assert report.value == Decimal(won[0] + 1)
    assert report.version == 1
    assert history_steps(report) == [services.Step.SAVE]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres")
def test_it_submits_once_when_fifty_browsers_post_the_fill_page_at_once(personas, district):
    """The same race through the fill page (本月填报), each thread its own logged-in
    browser session posting 报送 with the version its page showed."""
    user = personas.users.reporter_a
    report = draft(district, user)
    item = district.item_a
    data = {
        f"i{item.pk}-version": report.version,
        f"i{item.pk}-value": "30",
        f"i{item.pk}-achievement": GOOD["achievement"],
        "action": f"submit:{item.pk}",
    }
    for name in ("problems", "measures", "fix_unit", "fix_deadline"):
        data[f"i{item.pk}-{name}"] = ""
    browsers = []
    for _ in range(THREADS):
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    url = reverse("reporting:fill")

    def post(index: int):
        return browsers[index].post(url, data, follow=True)

    outcomes = race(post)

    assert [kind for kind, _ in outcomes] == ["ok"] * THREADS  # no 500, no exception
    responses = [response for _, response in outcomes]
    # Every click is answered with a redirect back to the page and a message.
    assert all([status for _, status in r.redirect_chain] == [302] for r in responses)
    pages = [response.content.decode() for response in responses]
    assert sum("报送 1 项" in page for page in pages) == 1
    assert sum("1 项已报送，无需重复提交" in page for page in pages) == THREADS - 1
    final = Report.objects.get(pk=report.pk)
    assert final.state == ReportState.SUBMITTED
    assert final.version == report.version + 1
    assert history_steps(final) == [services.Step.SAVE, services.Step.SUBMIT]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres")
def test_it_keeps_one_of_fifty_browsers_saving_different_values_at_once(personas, district):
    users = personas.users
    report = draft(district, users.reporter_a)
    item = district.item_a
    people = [users.reporter_a, users.head_a]
    browsers = []
    for index in range(THREADS):
        browser = Client()
        browser.force_login(people[index % 2])
        browsers.append(browser)
    url = reverse("reporting:fill")

    def post(index: int):
        data = {
            f"i{item.pk}-version": report.version,
            f"i{item.pk}-value": str(100 + index),
            f"i{item.pk}-achievement": f"浏览器{index}的修改",
            "action": "save",
        }
        for name in ("problems", "measures", "fix_unit", "fix_deadline"):
            data[f"i{item.pk}-{name}"] = ""
        return browsers[index].post(url, data)

    outcomes = race(post)

    responses = [response for _, response in outcomes]
    assert [kind for kind, _ in outcomes] == ["ok"] * THREADS
    saved = [index for index, response in enumerate(responses) if response.status_code == 302]
    assert len(saved) == 1
    refused = [r for r in responses if r.status_code == 200]
    assert len(refused) == THREADS - 1
    for index, response in enumerate(responses):
        if index in saved:
            continue
        page = response.content.decode()
        assert "您的修改未保存" in page
        assert f"浏览器{index}的修改" in page  # the user's input is kept on the page
    final = Report.objects.get(pk=report.pk)
    assert final.value == Decimal(100 + saved[0])
    assert final.achievement == f"浏览器{saved[0]}的修改"
    assert final.version == report.version + 1
    assert history_steps(final) == [services.Step.SAVE, services.Step.SAVE]


# ------------------------------------------------- the same 50, one after another (any DB)


@pytest.mark.django_db
def test_it_lets_one_of_fifty_stale_submits_through_in_turn(personas, district):
    users = personas.users
    report = draft(district, users.reporter_a)
    version = report.version
    outcomes = []
    for _ in range(THREADS):
        loaded = Report.objects.get(pk=report.pk)
        try:
            outcomes.append(services.submit_report(loaded, users.reporter_a, version))
        except services.WorkflowError as exc:
            outcomes.append(exc)
    assert isinstance(outcomes[0], Report)
    assert all(type(exc) is services.AlreadySubmitted for exc in outcomes[1:])
    assert {exc.message for exc in outcomes[1:]} == {SUBMITTED_TEXT}
    final = Report.objects.get(pk=report.pk)
    assert final.version == version + 1
    assert history_steps(final) == [services.Step.SAVE, services.Step.SUBMIT]


@pytest.mark.django_db
def test_it_never_overwrites_silently_with_a_stale_version(personas, district):
    """The lost update: both open version 1; the second save must not replace the first."""
    users = personas.users
    report = draft(district, users.reporter_a)
    loaded = report.version
    first = services.save_report(
        district.item_a, district.month, {"value": Decimal("31")}, users.head_a, loaded
    )
    for index in range(THREADS - 1):
        with pytest.raises(services.StaleReport, match=STALE_TEXT) as refused:
            services.save_report(
                district.item_a,
                district.month,
                {"value": Decimal(200 + index), "achievement": "覆盖"},
                users.reporter_a,
                loaded,
            )
        assert refused.value.current.value == Decimal("31")
    final = Report.objects.get(pk=report.pk)
    assert (final.value, final.achievement) == (Decimal("31"), GOOD["achievement"])
    assert final.version == first.version == loaded + 1
    assert history_steps(final) == [services.Step.SAVE, services.Step.SAVE]


@pytest.mark.django_db
# Found by bench/load.py: a report returned between GET and POST failed the whole page.
def test_it_saves_the_page_when_the_office_returns_another_item_meanwhile(personas, district):
    users = personas.users
    report = draft(district, users.reporter_a)
    other = ItemFactory(
        code="A-002", name="第二个事项", action=district.action, lead_unit=district.unit_a
    )
    sent = services.save_report(other, district.month, GOOD, users.reporter_a, 0)
    services.submit_report(sent, users.reporter_a, sent.version)
    # The reporter's page: only A-001 has a form; A-002 is awaiting review.
    item = district.item_a
    data = {
        f"i{item.pk}-version": report.version,
        f"i{item.pk}-value": "30",
        f"i{item.pk}-achievement": "页面打开后修改",
        "action": "save",
    }
    services.return_report(Report.objects.get(pk=sent.pk), users.office, "请补充佐证材料")

    response = personas.reporter_a.post(reverse("reporting:fill"), data)

    assert response.status_code == 302, "the page was refused"
    assert Report.objects.get(pk=report.pk).achievement == "页面打开后修改"
