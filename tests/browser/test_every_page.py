"""Every kind of page of the demo district (tests/browser/tour.py: login, each role's home,
boards, drill-down, trend, fill, review, big screen, assignments, ledger, history, the
admin), as each role, at desktop and phone sizes, in a real Chromium:

- with the Content-Security-Policy on, any violation the browser reports fails;
- axe-core (from npm, pinned by package-lock.json) runs on each page but Django's own
  admin, and a serious or critical violation fails;
- no page but the admin is wider than the screen: on a phone nothing makes the reader
  pan sideways (wide tables scroll inside their own box).
"""

from pathlib import Path

import pytest
from django.conf import settings

from .tour import load_demo, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Reports each violation of the page's policy to the test (an exposed binding is outside
# the page's policy, so it still works where the page's own scripts could not).
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watch_policy(page) -> list[str]:
    violations = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    return violations


def axe_violations(page) -> list[str]:
    # Evaluated through the debugging protocol, not a <script>: the page's CSP stays on.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}) "
        + "; ".join(
            f"{' '.join(n['target'])} — {n['failureSummary'].splitlines()[-1].strip()}"
            for n in v["nodes"][:3]
        )
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


# The elements that reach past the right edge of the window, outside any box of their own
# that scrolls or clips, when the page is wider than the window.
WIDER_THAN_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const boxed = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll("*"))
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !boxed(el))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
      + `${el.name ? "[name=" + el.name + "]" : ""}`
      + ` ${Math.round(el.getBoundingClientRect().right)}px`);
}"""


def wider_than_window(page) -> list[str]:
    found = page.evaluate(WIDER_THAN_WINDOW)
    width = page.evaluate("document.documentElement.scrollWidth")
    return found or ([f"{width}px"] if width > page.viewport_size["width"] else [])


def exercise(page) -> None:
    """What scripts do after the page loaded: a Bootstrap dropdown."""
    toggle = page.locator("[data-bs-toggle=dropdown]:visible")
    if toggle.count():
        toggle.first.click()
        page.keyboard.press("Escape")


@pytest.mark.parametrize("size", SIZES)
def test_it_shows_every_page_within_the_policy_and_accessibly(browser, live_server, settings, size):
    assert AXE.is_file(), "node_modules/axe-core 缺失：运行 bin/setup --dev"
    settings.AXES_ENABLED = False
    load_demo()
    context = browser.new_context(
        locale="zh-CN", viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    violations = watch_policy(page)
    policy, accessibility, overflowing = {}, {}, {}

    def check(page, step):
        # axe first: a dropdown just closed is still fading (its colours mid-transition).
        if step.axe and (found := axe_violations(page)):
            accessibility[step.name] = found
        if step.axe and (wide := wider_than_window(page)):
            overflowing[step.name] = wide
        exercise(page)
        if violations:
            policy[step.name] = list(violations)
            violations.clear()

    try:
        opened = walk(page, check)
        # Positive controls: both checks do see a problem when there is one.
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        page.evaluate(
            "const p = document.createElement('p'); p.textContent = '对比度不足';"
            "p.style.color = '#ccc'; document.querySelector('main').append(p);"
        )
        control = axe_violations(page)
        page.evaluate(
            "const w = document.createElement('input'); w.style.width = '3000px';"
            "document.querySelector('main').append(w);"
        )
        too_wide = wider_than_window(page)
    finally:
        context.close()
    assert len(opened) >= 30
    assert policy == {}
    assert accessibility == {}
    assert overflowing == {}
    assert violations and "style-src-attr" in violations[0]
    assert any("color-contrast" in v for v in control)
    assert too_wide and too_wide[0].startswith("input")
