"""The meeting (晒比会现场) in a real Chromium: a leader's comment and assignment tracked to
closure, attendees rating units on their phones, the big screen and the bonus it yields."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from meetings import services
from meetings.models import Assignment, AssignmentStatus, RatingResult
from scoring.services import compute_month
from tests.factories import OfficialFactory, ReportFactory, UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def switch_user(page, username: str) -> None:
    """Log in as someone else in the same browser context (cheaper than a new context)."""
    page.context.clear_cookies()
    login(page, username)


@pytest.fixture
def new_phone(browser, live_server):
    """More attendees' phones: each call opens one more 390×844 browser context."""
    contexts = []

    def open_phone():
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        return page

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def meeting(district):
    """March scored from accepted reports (target 120, so 序时进度 30):
    发改局 27 → 90.00, 经信局 24 → 80.00, 碧湖镇 28.5 → 95.00; and the people."""
    for item, value in (
        (district.item_a, "27"),
        (district.item_b, "24"),
        (district.item_t, "28.5"),
    ):
        ReportFactory(item=item, month=district.month, value=Decimal(value))
    compute_month(district.month)
    district.official = OfficialFactory(name="王副区长", title="副区长")
    district.leader = UserFactory(
        username="leader", display_name="王副区长", role=Role.LEADER, official=district.official
    )
    district.office = UserFactory(username="office", role=Role.OFFICE)
    district.reporter = UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    return district


def test_it_tracks_a_leaders_assignment_from_the_drill_down_to_closure(page, phone, meeting):
    unit = meeting.unit_a
    login(page, "leader")
    page.goto(page.base_url + "/boards/2022-03/district/units/A01/")
    comments = page.locator(f"#comments-unit-{unit.pk}")
    expect(comments).to_contain_text("暂无点评")
    comments.get_by_label("点评内容").fill("固定资产投资要对标序时进度，月底前补上缺口")
    comments.get_by_role("button", name="发表点评").click()
    comment = page.locator(f"#comments-unit-{unit.pk} .comment")
    expect(comment).to_contain_text("固定资产投资要对标序时进度，月底前补上缺口")
    expect(comment.locator(".comment-speaker")).to_contain_text("王副区长")

    page.get_by_role("link", name="现场交办").click()
    form = page.locator("#assignment-form")
    expect(form.get_by_label("责任单位")).to_have_value(str(unit.pk))
    expect(form.get_by_label("交办领导")).to_have_value(str(meeting.official.pk))
    expect(form.get_by_label("会议月份")).to_have_value(str(meeting.month.pk))
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    form.get_by_label("交办内容").fill("一个月内拿出固定资产投资补缺方案")
    form.get_by_label("办理时限").fill(deadline.isoformat())
    form.get_by_role("button", name="确认交办").click()
    assignment = Assignment.objects.get()
    expect(page.locator(".alert-success")).to_have_text(f"已交办 {assignment.number}")
    expect(page.locator("#assignment-content")).to_have_text("一个月内拿出固定资产投资补缺方案")

    # The unit's reporter finds it on the home page and reports it done.
    login(phone, "rep_a")
    home_block = phone.locator("#home-assignments")
    expect(home_block).to_contain_text("一个月内拿出固定资产投资补缺方案")
    expect(home_block).to_contain_text("待办理")
    home_block.get_by_role("link", name=assignment.number).click()
    progress = phone.locator("#progress-form")
    progress.get_by_label("已办结").check()
    progress.get_by_label("办理情况").fill("补缺方案已印发，新增项目3个")
    progress.get_by_label("佐证材料").fill("区发改〔2022〕15号")
    progress.get_by_role("button", name="报送进展").click()
    expect(phone.locator(".alert-success")).to_have_text("办理进展已报送")
    expect(phone.locator("#assignment-card")).to_contain_text("已办结待销号")
    expect(phone.locator("#progress-trail")).to_contain_text("区发改〔2022〕15号")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # 考核办 verifies and closes it (销号).
    switch_user(page, "office")
    page.goto(page.base_url + assignment.get_absolute_url())
    page.locator("#verify-panel").get_by_role("button", name="确认销号").click()
    expect(page.locator(".alert-success")).to_have_text("已销号")
    card = page.locator("#assignment-card")
    expect(card.locator(".card-header")).to_contain_text(f"{assignment.number} · 已销号")
    expect(card).to_contain_text("销号时间")
    expect(page.locator("#verify-panel")).to_have_count(0)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CLOSED

    phone.goto(phone.base_url + "/")
    expect(phone.locator("h1")).to_contain_text("区发改局")
    expect(phone.get_by_text("一个月内拿出固定资产投资补缺方案")).to_have_count(0)


def vote(phone, unit_code: str, score: str, *, accepted: bool = True) -> None:
    # htmx binds the form on load; a click before that would post the whole page.
    phone.wait_for_load_state("load")
    card = phone.locator(f"#vote-{unit_code}")
    card.locator(".vote-input").fill(score)
    card.locator(".vote-submit").click()
    if accepted:
        expect(card.locator(".vote-saved")).to_have_text(f"已提交：{score}.00 分")


def district_row(page, unit_name: str):
    return page.locator("#board-district tbody tr", has_text=unit_name)


def test_it_rates_units_on_phones_shows_the_trimmed_mean_and_adds_the_bonus(
    page, phone, new_phone, meeting
):
    session = services.open_rating_session(
        month=meeting.month,
        user=meeting.office,
        units=[meeting.unit_a, meeting.unit_b],
        seat_count=3,
    )
    seats = list(session.seats.order_by("number"))
    # A guest who voted before the others arrived: 经信局 will have four votes.
    services.cast_vote(session, meeting.unit_b, "100", seat=seats[2])
    vote_path = f"/meetings/rate/{session.token}/"

    # The big screen, stepped with the arrow keys, ends with the rating's live results.
    login(page, "office")
    page.goto(page.base_url + "/meetings/2022-03/screen/0/")
    expect(page.locator("#screen")).to_have_attribute("data-kind", "opening")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "screen-opening.png")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/screen/1/")
    expect(page.locator("#screen")).to_have_attribute("data-kind", "action")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/screen/0/")
    count = int(page.locator("#screen-position").inner_text().split("/")[1])
    page.goto(page.base_url + f"/meetings/2022-03/screen/{count - 1}/")
    expect(page.locator("#screen")).to_have_attribute("data-kind", "rating")
    expect(page.locator("#rating-qr svg")).to_be_visible()
    expect(page.locator("#rating-vote-url")).to_contain_text(vote_path)
    results = page.locator("#rating-results-table")
    expect(results.locator("tr[data-unit=B01] td").nth(2)).to_have_text("1")

    # Three attendees vote on their phones: two guests by seat code, one leader logged in.
    guest_1, guest_2, leader = phone, new_phone(), new_phone()
    guest_1.goto(guest_1.base_url + vote_path)
    guest_1.locator("#seat-code").fill(seats[0].code.lower())
    guest_1.get_by_role("button", name="进入打分").click()
    expect(guest_1.locator(".vote-card")).to_have_count(2)
    guest_2.goto(guest_2.base_url + vote_path + f"?seat={seats[1].code}")
    login(leader, "leader")
    leader.goto(leader.base_url + vote_path)
    for attendee, score_a, score_b in (
        (guest_1, "80", "70"),
        (guest_2, "90", "80"),
        (leader, "100", "90"),
    ):
        vote(attendee, "A01", score_a)
        vote(attendee, "B01", score_b)
        expect(attendee.locator("#vote-A01 .vote-saved")).to_have_text(f"已提交：{score_a}.00 分")
        expect(attendee.locator("#vote-B01 .vote-saved")).to_have_text(f"已提交：{score_b}.00 分")
    assert guest_1.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    guest_1.screenshot(path=SHOTS / "vote-phone.png", full_page=True)

    # The big screen polls: 80, 90, 100 → 90.00; 70, 80, 90, 100 → (80 + 90) / 2 = 85.00.
    a_row, b_row = results.locator("tr[data-unit=A01] td"), results.locator("tr[data-unit=B01] td")
    expect(a_row).to_have_text(["1", "区发改局", "3", "90.00", ""], timeout=10000)
    expect(b_row).to_have_text(["2", "区经信局", "4", "85.00", ""], timeout=10000)
    page.screenshot(path=SHOTS / "screen-rating.png")

    # The office closes the session; a vote sent from a page loaded before is refused.
    page.goto(page.base_url + session.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="结束测评").click()
    expect(page.locator(".alert-success")).to_have_text("测评已结束，结果已固定")
    expect(page.locator("#rating-results")).to_contain_text("已结束 · 结果已固定")
    vote(guest_2, "A01", "10", accepted=False)
    expect(guest_2.locator("#vote-A01 .vote-error")).to_have_text("本次测评已结束，不能再打分")
    assert RatingResult.objects.get(unit=meeting.unit_a).mean == Decimal("90.00")

    # Before the bonus: 发改局 90.00, 经信局 80.00 on the 区级综合评价榜.
    page.goto(page.base_url + "/boards/2022-03/")
    expect(district_row(page, "区发改局")).to_contain_text("90.00")
    page.goto(page.base_url + session.get_absolute_url())
    page.locator("#bonus-form").get_by_label("权重（%）").fill("5")
    page.locator("#bonus-form").get_by_role("button", name="计入加分").click()
    expect(page.locator(".alert-success")).to_contain_text("已为 2 个单位计入区级加分")
    expect(results.locator("tr[data-unit=A01] td")).to_have_text(
        ["1", "区发改局", "3", "90.00", "+4.50"]
    )

    # Rescored (eagerly in tests): 90.00 + 90.00 × 5% = 94.50; 80.00 + 85.00 × 5% = 84.25.
    page.goto(page.base_url + "/boards/2022-03/")
    a_board = district_row(page, "区发改局").locator("td")
    expect(a_board).to_have_text(["1", "区发改局", "94.50", "新", "90.00", "+4.50", "1"])
    expect(district_row(page, "区经信局").locator("td").nth(2)).to_have_text("84.25")


def test_a_leader_reads_the_meetings_assignments_on_a_phone(phone, meeting):
    assignment = services.create_assignment(
        month=meeting.month,
        content="固定资产投资增速位次靠后，请区发改局两周内拿出追赶方案并报区政府",
        responsible_unit=meeting.unit_a,
        deadline=datetime.date(2022, 4, 15),
        assigned_by=meeting.official,
        created_by=meeting.leader,
    )
    login(phone, "leader")
    for url, table in (
        ("/meetings/2022-03/", "#month-assignments"),
        ("/meetings/assignments/", "#assignment-table"),
    ):
        phone.goto(phone.base_url + url)
        row = phone.locator(f"{table} tbody tr").first
        cells = [
            row.get_by_role("cell", name=text, exact=True)
            for text in (assignment.number, "2022-04-15", "区发改局")
        ]
        headers = phone.locator(f"{table} thead th:visible").all()
        for cell in cells + headers:
            # JB-0001, 2022-04-15, 区发改局 and each column's name on one line, not a
            # character or two a line.
            assert cell.evaluate(LINES) == 1, (url, cell.inner_text())
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


LINES = """e => {
  const range = document.createRange();
  range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
}"""


def unsent_mark(phone, unit_code: str):
    return phone.locator(f"#vote-{unit_code} .vote-unsent")


def asks_before_leaving(phone) -> bool:
    return phone.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )


def test_it_sends_every_typed_score_and_marks_the_unsent_ones(phone, meeting):
    """A guest types every unit's score and presses one card's button: only that card is
    sent, the other says 未提交 and leaving asks first; 全部提交 sends the rest."""
    session = services.open_rating_session(
        month=meeting.month,
        user=meeting.office,
        units=[meeting.unit_a, meeting.unit_b],
        seat_count=1,
    )
    seat = session.seats.get()
    phone.goto(phone.base_url + f"/meetings/rate/{session.token}/?seat={seat.code}")
    phone.wait_for_load_state("load")
    expect(unsent_mark(phone, "A01")).to_be_hidden()
    phone.locator("#score-A01").fill("88")
    phone.locator("#score-B01").fill("77.5")
    expect(unsent_mark(phone, "A01")).to_have_text("未提交")
    expect(unsent_mark(phone, "B01")).to_be_visible()
    phone.locator("#vote-A01 .vote-submit").click()
    expect(phone.locator("#vote-A01 .vote-saved")).to_have_text("已提交：88.00 分")
    assert [(v.unit, v.score) for v in session.votes.all()] == [(meeting.unit_a, Decimal("88"))]
    expect(unsent_mark(phone, "A01")).to_be_hidden()
    expect(unsent_mark(phone, "B01")).to_be_visible()
    expect(phone.locator("#score-B01")).to_have_value("77.5")
    assert asks_before_leaving(phone)
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "vote-unsent-phone.png", full_page=True)

    # A wrong score among several: nothing is written, the card says why, nothing is lost.
    phone.locator("#score-A01").fill("90")
    phone.locator("#score-B01").fill("120")
    phone.get_by_role("button", name="全部提交").click()
    expect(phone.locator("#vote-error")).to_contain_text("有 1 个单位的分数有误，本次均未提交")
    expect(phone.locator("#vote-B01 .vote-error")).to_have_text("分数须在 0 到 100 之间")
    expect(phone.locator("#score-A01")).to_have_value("90")
    expect(phone.locator("#score-B01")).to_have_value("120")
    expect(unsent_mark(phone, "A01")).to_be_visible()
    assert session.votes.get().score == Decimal("88")
    assert asks_before_leaving(phone)

    phone.locator("#score-B01").fill("77.5")
    phone.get_by_role("button", name="全部提交").click()
    expect(phone.locator(".alert-success")).to_have_text("已提交 2 个单位的打分")
    expect(phone.locator("#vote-A01 .vote-current")).to_have_text("当前打分：90")
    expect(phone.locator("#vote-B01 .vote-current")).to_have_text("当前打分：77.50")
    expect(phone.locator(".vote-unsent:visible")).to_have_count(0)
    assert not asks_before_leaving(phone)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.screenshot(path=SHOTS / "vote-all-phone.png", full_page=True)


def test_a_cards_button_without_javascript_sends_every_typed_score(browser, live_server, meeting):
    """Without JavaScript the cards' fields still belong to one form: a card's 提交 reloads
    the page with every typed score saved, none lost."""
    session = services.open_rating_session(
        month=meeting.month,
        user=meeting.office,
        units=[meeting.unit_a, meeting.unit_b],
        seat_count=1,
    )
    seat = session.seats.get()
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/meetings/rate/{session.token}/?seat={seat.code}")
    phone.locator("#score-A01").fill("66")
    phone.locator("#score-B01").fill("77")
    phone.locator("#vote-A01 .vote-submit").click()
    expect(phone.locator(".alert-success")).to_have_text("已提交 2 个单位的打分")
    expect(phone.locator("#score-B01")).to_have_value("77")
    assert sorted(v.score for v in session.votes.all()) == [Decimal("66"), Decimal("77")]
    context.close()
