"""The big screen walked from the opening slide to the last at the projector's sizes,
on the demo district's month: every slide fits the screen, and Escape leaves."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

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
