"""A new month as a new user plays it, in a real Chromium: fields start empty with last
month's entries beside them as 上期, 沿用上期 copies one, text identical to last month's
is confirmed, a flagged figure is explained, a PDF and a photo are attached; the unit
head and the office read it all and accept it."""

import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from reporting.models import Evidence, Report, ReportState
from tests.factories import MonthFactory, ReportFactory, UserFactory
from tests.upload_files import PDF

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def test_a_new_month_from_hints_to_acceptance(page, district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = district.item_a  # target 120, cumulative: 序时进度 in March is 30
    UserFactory(username="rep_a", role=Role.REPORTER, unit=district.unit_a)
    UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=district.unit_a)
    UserFactory(username="office", role=Role.OFFICE)
    ReportFactory(
        item=item,
        month=MonthFactory(year=2022, number=2),
        value=Decimal("10"),
        achievement="完成投资10亿元，3个项目开工",
    )
    page.on("dialog", lambda dialog: dialog.accept())
    prefix = f"#id_i{item.pk}"

    login(page, "rep_a")
    page.goto(page.base_url + "/fill/")
    card = page.locator(f"#item-{item.pk}")
    expect(page.locator(f"{prefix}-value")).to_have_value("")
    expect(page.locator(f"{prefix}-achievement")).to_have_value("")
    expect(page.locator(f"{prefix}-value-previous")).to_have_text("10")
    expect(page.locator(f"{prefix}-achievement-previous")).to_have_text(
        "完成投资10亿元，3个项目开工"
    )

    # 沿用上期 copies one field on purpose; the figure is typed, full-width as it came.
    card.locator(f"[data-copy-previous='id_i{item.pk}-achievement']").click()
    expect(page.locator(f"{prefix}-achievement")).to_have_value("完成投资10亿元，3个项目开工")
    page.locator(f"{prefix}-value").fill("４５")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存 1 项")

    # Evidence: a PDF and a photo on the report's page.
    card = page.locator(f"#item-{item.pk}")
    card.get_by_role("link", name="佐证材料（0）").click()
    for name, content, mime in (
        ("验收报告.pdf", PDF, "application/pdf"),
        ("现场照片.jpg", photo(), "image/jpeg"),
    ):
        page.locator("#evidence-file").set_input_files(
            {"name": name, "mimeType": mime, "buffer": content}
        )
        page.get_by_role("button", name="上传", exact=True).click()
        expect(page.locator(".alert-success")).to_contain_text(f"已上传「{name}」")
    expect(page.locator(".evidence-thumb")).to_have_count(1)
    own_file = page.locator(".evidence-file", has_text="现场照片.jpg")
    expect(own_file.get_by_role("button", name="删除")).to_be_visible()
    assert Evidence.objects.count() == 2

    # 报送本项: the same text as February is confirmed (the dialog), 45 > 3 × 10 is flagged.
    page.goto(page.base_url + "/fill/")
    card = page.locator(f"#item-{item.pk}")
    expect(page.locator(f"{prefix}-value")).to_have_value("45")
    card.get_by_role("button", name="报送本项").click()
    expect(card).to_contain_text("完成值超过上期的 3 倍（上期 10）：请核实，并填写说明后再报送")
    card.locator(f"#id_i{item.pk}-flag_over_3x_last").fill("两个新入库项目一次性计入")
    card.get_by_role("button", name="报送本项").click()
    expect(page.locator(".alert-success")).to_contain_text("报送 1 项")
    report = Report.objects.get(month=district.month)
    assert report.state == ReportState.SUBMITTED
    assert report.flags[0]["reason"] == "两个新入库项目一次性计入"

    # 单位负责人 reads figures, text, the flag with its reason and the files, and approves.
    page.context.clear_cookies()
    login(page, "head_a")
    page.goto(page.base_url + "/fill/")
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("完成投资10亿元，3个项目开工")
    expect(card).to_contain_text("完成值超过上期的 3 倍（上期 10）")
    expect(card).to_contain_text("两个新入库项目一次性计入")
    expect(card).to_contain_text("佐证材料（2）")
    card.get_by_role("button", name="审核通过").click()
    expect(page.locator(".alert-success")).to_contain_text("已审核通过，报考核办")

    # 考核办: everything on the unit's row; 全部通过 leaves the flagged report alone.
    page.context.clear_cookies()
    login(page, "office")
    page.goto(f"{page.base_url}/review/2022-03/units/{district.unit_a.pk}/")
    row = page.locator("tbody tr", has_text="A-001")
    for text in (
        "完成投资10亿元，3个项目开工",
        "完成值超过上期的 3 倍（上期 10）",
        "两个新入库项目一次性计入",
        "验收报告.pdf",
        "现场照片.jpg",
    ):
        expect(row).to_contain_text(text)
    page.get_by_role("button", name="全部通过").click()
    expect(page.locator("[role=alert].alert-warning")).to_contain_text("1 份月报带有异常提示")
    row = page.locator("tbody tr", has_text="A-001")
    row.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已审核通过")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_long_text_from_an_old_database_never_stretches_a_table(page, district):
    """60,000 characters saved before the limits: the change log, the report's page and
    the review table wrap it and scroll it inside its box."""
    UserFactory(username="office", role=Role.OFFICE)
    long_text = "甲" * 30_000 + "x" * 30_000  # a run without any break opportunity too
    report = ReportFactory(
        item=district.item_a, month=district.month, achievement=long_text, problems=long_text
    )
    login(page, "office")
    for path in (
        "/history/",
        f"/reports/{report.pk}/",
        f"/review/2022-03/units/{district.unit_a.pk}/",
    ):
        page.goto(page.base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], path
        for box in page.locator(".clip-text").all():
            assert box.bounding_box()["height"] <= 9 * 16 + 1, path
