"""axe-core (from npm, pinned by package-lock.json) on every kind of page of every role
(tests/browser/tour.py: login, homes, boards, drill-down, trend, fill, review, big screen,
assignments …; not Django's own admin), at desktop and phone sizes: a serious or critical
violation fails."""

from pathlib import Path

import pytest
from django.conf import settings

from .tour import load_demo, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


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


@pytest.mark.parametrize("size", SIZES)
def test_it_has_no_serious_accessibility_violation(browser, live_server, settings, size):
    assert AXE.is_file(), "node_modules/axe-core 缺失：运行 bin/setup --dev"
    settings.AXES_ENABLED = False
    load_demo()
    context = browser.new_context(
        locale="zh-CN", viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    found = {}

    def check(page, step):
        violations = axe_violations(page)
        if violations:
            found[step.name] = violations

    try:
        opened = walk(page, check, only_axe=True)
        # The check does see a problem: light grey text on white.
        page.evaluate(
            "const p = document.createElement('p'); p.textContent = '对比度不足';"
            "p.style.color = '#ccc'; document.querySelector('main').append(p);"
        )
        control = axe_violations(page)
    finally:
        context.close()
    assert len(opened) >= 25
    assert found == {}
    assert any("color-contrast" in v for v in control)
