"""Publishing a month: frozen snapshots, no-op republishing, corrections as revisions,
and the `publish_month` command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.models import Unit
from scoring import services
from scoring.models import ItemResult, RunKind, ScoreRun, UnitResult
from scoring.queries import load_month_boards
from tests.factories import MonthFactory, UserFactory

from .builders import build_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(db):
    return build_march()


def _publish_cmd(*args) -> str:
    """The command's last line: what it did (the checklist comes before it)."""
    return _publish_output(*args)[-1]


def _publish_output(*args) -> list[str]:
    out = StringIO()
    call_command("publish_month", *args, stdout=out)
    return out.getvalue().rstrip().splitlines()


def test_it_publishes_the_first_revision(march):
    office = UserFactory(username="kaohe", role="office")

    run, created = services.publish_month("2022-03", user=office)

    assert created and run.revision == 1 and run.kind == RunKind.PUBLICATION
    assert run.created_by == office
    assert ItemResult.objects.filter(run=run).count() == 6


def test_it_does_nothing_when_published_twice_without_change(march):
    first, _ = services.publish_month("2022-03")

    again, created = services.publish_month("2022-03", reason="再发一次")

    assert not created and again == first
    assert ScoreRun.objects.publications().count() == 1


def test_it_requires_a_reason_to_correct_a_published_month(march):
    services.publish_month("2022-03")
    march.reports.m1.state = "accepted"
    march.reports.m1.save()

    with pytest.raises(services.PublishError, match="原因"):
        services.publish_month("2022-03")
    assert ScoreRun.objects.publications().count() == 1


def test_a_unit_renamed_afterwards_is_no_correction(march):
    """Units outlive plan years: next year's ledger renaming one does not republish this
    month, which keeps the name it was published with."""
    services.publish_month("2022-03")
    Unit.objects.filter(code="D1").update(name="区数据资源局")

    run, created = services.publish_month("2022-03")

    assert (created, run.revision) == (False, 1)
    boards = load_month_boards("2022-03")
    assert "区数据局" in {row.unit_name for row in boards.units}
    assert "区数据资源局" not in {row.unit_name for row in boards.units}


def test_it_publishes_a_correction_as_a_new_revision_and_keeps_the_first(march):
    first, _ = services.publish_month("2022-03")
    first_rows = list(ItemResult.objects.filter(run=first).values_list("item_code", "score"))
    march.reports.m1.state = "accepted"  # the office accepts the late report
    march.reports.m1.save()
    office = UserFactory(username="kaohe", role="office")

    second, created = services.publish_month("2022-03", user=office, reason="补录M-001月报")

    assert created and second.revision == 2 and second.is_correction
    assert (second.created_by, second.reason) == (office, "补录M-001月报")
    assert ItemResult.objects.get(run=second, item_code="M-001").score == Decimal("100.00")
    first.refresh_from_db()
    assert list(ItemResult.objects.filter(run=first).values_list("item_code", "score")) == (
        first_rows
    )
    assert load_month_boards("2022-03").revision == 2
    assert load_month_boards("2022-03", revision=1).revision == 1


def test_it_keeps_published_figures_when_inputs_change_afterwards(march):
    services.publish_month("2022-03")
    march.g1.name = "改名后的事项"
    march.g1.save()
    march.reports.g1.value = Decimal("60")
    march.reports.g1.save()
    services.compute_month(march.month)  # the live preview follows the change

    boards = load_month_boards("2022-03")
    g1 = next(r for r in boards.items if r.item_code == "G-001")
    assert boards.published and (g1.item_name, g1.score) == ("事项G-001", Decimal("90.00"))
    preview = load_month_boards("2022-03", preview=True)
    g1 = next(r for r in preview.items if r.item_code == "G-001")
    assert not preview.published and (g1.item_name, g1.score) == ("改名后的事项", Decimal("100.00"))


def test_it_refreshes_the_preview_when_publishing(march):
    run, _ = services.publish_month("2022-03")
    preview = ScoreRun.objects.previews().get(month=march.month)
    assert preview.input_fingerprint == run.input_fingerprint
    assert (
        UnitResult.objects.filter(run=preview).count() == UnitResult.objects.filter(run=run).count()
    )


def test_it_rejects_an_unknown_or_malformed_month():
    with pytest.raises(services.PublishError, match="月份 2022-05 不存在"):
        services.publish_month("2022-05")
    with pytest.raises(services.PublishError, match="YYYY-MM"):
        services.publish_month("2022-13")


def test_it_prints_the_revision_from_the_command(march):
    assert _publish_cmd("2022-03") == "2022-03 已发布（第1版）"
    assert _publish_cmd("2022-03") == "2022-03 无变化，未重新发布（第1版）"


def test_the_command_prints_the_checklist_before_publishing(march):
    assert _publish_output("2022-03") == [
        "2022-03 发布前检查：未报送 0 项、待审核 1 项、已退回 0 项",
        "  区住建局（D2）：未报送 0、待审核 1、已退回 0",
        "2022-03 已发布（第1版）",
    ]
    march.reports.m1.state = "accepted"
    march.reports.m1.save()
    assert _publish_output("2022-03", "--reason", "补录") == [
        "2022-03 发布前检查：未报送 0 项、待审核 0 项、已退回 0 项",
        "2022-03 已更正发布（第2版）",
    ]
    assert _publish_output("2022-03")[-1] == "2022-03 无变化，未重新发布（第2版）"


def test_it_publishes_a_correction_from_the_command_with_a_default_reason(march):
    _publish_cmd("2022-03")
    march.reports.m1.state = "accepted"
    march.reports.m1.save()

    assert _publish_cmd("2022-03") == "2022-03 已更正发布（第2版）"
    assert ScoreRun.objects.publications().get(revision=2).reason == "命令行重新发布"


def test_it_records_the_reason_given_to_the_command(march):
    _publish_cmd("2022-03")
    march.reports.m1.state = "accepted"
    march.reports.m1.save()

    _publish_cmd("2022-03", "--reason", "考核办复核")

    assert ScoreRun.objects.publications().get(revision=2).reason == "考核办复核"


@pytest.mark.parametrize(
    ("label", "message"),
    [("2022-05", "月份 2022-05 不存在"), ("2022-3", "YYYY-MM"), ("三月", "YYYY-MM")],
)
def test_it_fails_the_command_with_a_chinese_message(db, label, message):
    MonthFactory(year=2022, number=3)
    with pytest.raises(CommandError, match=message):
        call_command("publish_month", label)


def test_it_exits_non_zero_from_the_command_line(db):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "publish_month", "2099-01"])
    assert exit_info.value.code != 0
