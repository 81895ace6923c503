"""The big screen walked from the opening slide to the last at the projector's sizes,
on the demo district's month: every slide fits the screen, and Escape leaves."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from actions.models import Official, Unit
from meetings import services
from reporting.models import Month

from .conftest import login
from .tour import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}


@pytest.mark.parametrize("size", list(SIZES))
def test_it_walks_the_whole_agenda_without_a_slide_running_off_the_screen(
    browser, live_server, settings, size
):
    settings.AXES_ENABLED = False
    load_demo()
    width, height = SIZES[size]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    login(page, "lingdao", "Shaibi-2022!")
    page.goto(page.base_url + "/meetings/2022-03/screen/0/")
    SHOTS.mkdir(exist_ok=True)
    kinds, overflowing = [], []
    step = 0
    while True:
        screen = page.locator("#screen")
        kind = screen.get_attribute("data-kind")
        kinds.append(kind)
        page.screenshot(path=SHOTS / f"screen-{size}-{step:02d}-{kind}.png")
        if page.evaluate("document.documentElement.scrollHeight > window.innerHeight + 1"):
            overflowing.append((step, kind))
        next_url = screen.get_attribute("data-next-url")
        if not next_url:
            break
        page.keyboard.press("ArrowRight")
        step += 1
        page.wait_for_url(f"**/screen/{step}/")
    assert not overflowing, overflowing
    assert kinds[0] == "opening"
    # Each action's items, then its lagging items, before the boards and the 警示榜.
    assert kinds.index("lagging") < kinds.index("actions") < kinds.index("board")
    assert kinds[-1] == "warning"
    assert kinds.count("action") >= 8
    page.keyboard.press("Escape")
    page.wait_for_url("**/meetings/2022-03/")
    expect(page.locator("h1")).to_contain_text("2022-03")
    context.close()


SMALLEST_TEXT = """
() => {
  // Every visible text on the slide with its printed size: its font size times the
  // zoom of the slide's fit classes above it.
  const sizes = [];
  const walker = document.createTreeWalker(document.querySelector('#screen'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility()) continue;
    let zoom = 1;
    for (let e = element; e; e = e.parentElement) {
      zoom *= parseFloat(getComputedStyle(e).zoom) || 1;
    }
    const size = parseFloat(getComputedStyle(element).fontSize) * zoom;
    sizes.push([size, node.textContent.trim().slice(0, 20)]);
  }
  return sizes;
}
"""


def _step_of_kind(page, kind: str, title: str = "") -> int:
    """Walk the screen from the start to the first slide of `kind` (whose title has
    `title`); its step number."""
    step = 0
    page.goto(page.base_url + "/meetings/2022-03/screen/0/")
    while True:
        screen = page.locator("#screen")
        if screen.get_attribute("data-kind") == kind and title in page.locator("h1").inner_text():
            return step
        assert screen.get_attribute("data-next-url"), f"no {kind} slide"
        step += 1
        page.goto(page.base_url + f"/meetings/2022-03/screen/{step}/")


def test_the_rating_slide_reads_from_the_back_and_the_months_assignments_are_whole(
    browser, live_server, settings
):
    settings.AXES_ENABLED = False
    load_demo()
    month = Month.objects.get(year=2022, number=3)
    office = User.objects.get(username="kaohe")
    leader = Official.objects.order_by("pk").first()
    units = list(Unit.objects.order_by("code")[:6])
    long_task = (
        "会同区发改局、区财政局、区自然资源分局和碧湖镇，对上海格派锂电池正极材料项目供地中"
        "尚未完成政策处理的2户逐户上门做工作，同步完成用地报批材料补正，4月底前实现供地，"
        "5月中旬前办结施工许可并开工建设，每周五向区委办报送进展。"
    )
    services.create_assignment(
        month=month,
        content=long_task,
        responsible_unit=units[0],
        deadline=datetime.date(2022, 4, 30),
        assigned_by=leader,
        created_by=office,
    )
    session = services.open_rating_session(
        month=month, user=office, units=units, title="2022年3月 现场测评"
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    login(page, "lingdao", "Shaibi-2022!")
    SHOTS.mkdir(exist_ok=True)

    # The month's own 交办 has a slide of its own, shown whole (wrapped, never cut).
    _step_of_kind(page, "tasks", "本次会议")
    table = page.locator("#screen-assignments")
    expect(table).to_contain_text(long_task)
    assert "…" not in table.inner_text()
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    page.screenshot(path=SHOTS / "screen-1920x1080-own-assignments.png")

    # The 测评 slide while votes are taken: the QR code, and no text under 24 px.
    rating_step = _step_of_kind(page, "rating")
    expect(page.locator("#rating-qr svg")).to_be_visible()
    small = [size for size in page.evaluate(SMALLEST_TEXT) if size[0] < 24]
    assert not small, small
    page.screenshot(path=SHOTS / "screen-1920x1080-rating-open.png")

    # Voting closes: the next poll takes the QR code away, and it stays away.
    services.close_rating_session(session, office)
    expect(page.locator("#rating-results")).to_have_attribute("data-state", "closed")
    expect(page.locator("#rating-qr")).to_have_count(0)
    page.goto(page.base_url + f"/meetings/2022-03/screen/{rating_step}/")
    expect(page.locator("#rating-qr")).to_have_count(0)
    small = [size for size in page.evaluate(SMALLEST_TEXT) if size[0] < 24]
    assert not small, small
    page.screenshot(path=SHOTS / "screen-1920x1080-rating-closed.png")
    context.close()
