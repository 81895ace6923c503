"""Publishing a month in the same few SQL queries whatever the district's size, the
publication notices to every unit included (Celery eager, as without a broker)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from reporting import deliveries
from reporting.models import Channel, Delivery, DeliveryStatus, Notification
from scoring import services
from scoring.tasks import announce_publication
from tests.factories import UserFactory

from .builders import build_sized_district

pytestmark = pytest.mark.django_db

# The scoring itself, within publish_month's transaction, and everything in all once
# the commit has run its callbacks: the notices, the e-mails, the robots.
SCORING_BUDGET, TOTAL_BUDGET = 15, 30


def _publish_queries(units_per_group: int, year: int, robots, capture_callbacks) -> dict:
    month = build_sized_district(units_per_group, year=year)
    units = {item.lead_unit for item in month_items(month)}
    for unit in units:
        unit.contact_email = f"{unit.code.lower()}@example.gov.cn"
        unit.robot_webhook = robots.robot(f"{year}-{unit.code}", f"SEC{unit.code}")
        unit.robot_secret = f"SEC{unit.code}"
        unit.save()
        UserFactory(username=f"{year}-{unit.code}", role=Role.REPORTER, unit=unit)
    services.compute_month(month)  # as every accepted report leaves it: a preview
    with CaptureQueriesContext(connection) as everything:
        with capture_callbacks(execute=True):
            with CaptureQueriesContext(connection) as scoring:
                services.publish_month(month.label)
    return {"scoring": len(scoring), "total": len(everything), "units": len(units)}


def month_items(month):
    from actions.models import Item

    return Item.objects.for_month(month).select_related("lead_unit")


def test_it_publishes_and_announces_in_the_same_queries_at_1x_and_10x(
    robot_server, django_capture_on_commit_callbacks, settings
):
    settings.SHOWCASE_ROBOT_WEBHOOK = robot_server.robot("district", "SEC-district")
    settings.SHOWCASE_ROBOT_SECRET = "SEC-district"
    small = _publish_queries(2, 2023, robot_server, django_capture_on_commit_callbacks)
    large = _publish_queries(20, 2024, robot_server, django_capture_on_commit_callbacks)

    assert (small["units"], large["units"]) == (4, 40)
    assert small["scoring"] == large["scoring"] <= SCORING_BUDGET
    assert small["total"] == large["total"] <= TOTAL_BUDGET
    # Every unit heard of it on each channel, once.
    published = Delivery.objects.filter(purpose="published-1")
    assert published.filter(channel=Channel.NOTICE, status=DeliveryStatus.SENT).count() == 44
    assert published.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).count() == 44
    robots = published.filter(channel=Channel.ROBOT, status=DeliveryStatus.SENT)
    assert robots.count() == 44 + 2  # and the district's group, once a publication
    # The four units of the small district are among the large one's (same codes): their
    # second reporter joined before the second publication.
    assert Notification.objects.filter(text__contains="榜单已发布").count() == 4 + 40 + 4
    assert len([m for m in mail.outbox if "榜单已发布" in m.subject]) == 44
    assert len([r for r in robot_server.received if "榜单已发布" in r.title]) == 44 + 2
    assert len(robot_server.to("district")) == 2


def test_it_announces_a_revision_once(robot_server, django_capture_on_commit_callbacks):
    month = build_sized_district(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_month(month.label)
    sent = Delivery.objects.count()

    assert announce_publication(month.label, 1) == 0
    assert Delivery.objects.count() == sent


def test_it_records_in_bulk_what_a_unit_by_unit_message_records(
    django_capture_on_commit_callbacks, settings
):
    settings.SHOWCASE_ROBOT_WEBHOOK = ""  # no district group either
    month = build_sized_district(2)
    reached, *unreached = sorted({i.lead_unit for i in month_items(month)}, key=lambda u: u.code)
    reached.contact_email = "office@example.gov.cn"
    reached.save()
    UserFactory(username="b-zhang", role=Role.REPORTER, unit=reached, email="zhang@example.gov.cn")
    UserFactory(username="a-li", role=Role.REPORTER, unit=reached, email="")
    UserFactory(username="c-gone", role=Role.REPORTER, unit=reached, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_month(month.label)
    compared = deliveries.Message("对照", "对照", "对照", "/boards/")
    with django_capture_on_commit_callbacks(execute=True):
        for unit in [reached, *unreached]:
            deliveries.queue_unit_message(unit, month, "compared", compared, robot_fallback=False)

    def rows(purpose):
        return list(
            Delivery.objects.filter(purpose=purpose)
            .order_by("unit__code", "channel")
            .values_list("unit__code", "channel", "status", "recipient", "error")
        )

    assert rows("published-1") == rows("compared")
    mine = {row[1]: row[2:] for row in rows("published-1") if row[0] == reached.code}
    assert mine[Channel.NOTICE][0] == DeliveryStatus.SENT
    assert "a-li" in mine[Channel.NOTICE][1] and "（2 人）" in mine[Channel.NOTICE][1]
    assert mine[Channel.EMAIL][1] == "office@example.gov.cn, zhang@example.gov.cn"
    assert mine[Channel.ROBOT] == (DeliveryStatus.SKIPPED, "", "本单位未配置工作群机器人")
    assert {row[1:3] for row in rows("published-1") if row[0] != reached.code} == {
        (channel, DeliveryStatus.SKIPPED) for channel in deliveries.ALL_CHANNELS
    }
