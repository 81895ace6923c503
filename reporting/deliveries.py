"""Messages to units over three channels — the in-app notice (站内通知), e-mail to the
unit's contact and users, and the unit's work group robot (钉钉 / 浙政钉) or the
district's default group — each recorded as a Delivery (发送记录).

The notice is written at once. E-mail and robot messages are queued: a Celery task
(`reporting.tasks.send_delivery`) sends each one after the transaction commits, retries
with backoff while the failure may pass (network, SMTP, DingTalk's rate limit 130101),
and leaves the outcome on the Delivery: sent, or failed and why (e.g. errcode 310000).
A Delivery's ``key`` names the message, so the same one is never queued twice.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actions.models import Item, Unit

from .ledger.bulk import use_sqlite_parameter_limit
from .models import Channel, Delivery, DeliveryStatus, Month, Notification
from .robot import Robot, RobotError, markdown_message, post

RETRY, DONE = "retry", "done"


@dataclass(frozen=True)
class Message:
    """One message in the forms its channels take."""

    subject: str
    text: str  # the notice and the e-mail
    markdown: str  # the robot
    url: str = ""


def robot_for(unit: Unit | None, *, fallback: bool = True) -> Robot | None:
    """The unit's own robot, else (with ``fallback``) the district's default group."""
    if unit is not None and unit.robot_webhook:
        return Robot(unit.robot_webhook, unit.robot_secret)
    if (unit is None or fallback) and settings.SHOWCASE_ROBOT_WEBHOOK:
        return Robot(settings.SHOWCASE_ROBOT_WEBHOOK, settings.SHOWCASE_ROBOT_SECRET)
    return None


def unit_emails(unit: Unit, users: list[User]) -> list[str]:
    """The unit's contact and its active users, each address once."""
    addresses = [unit.contact_email, *(user.email for user in users)]
    return sorted({address for address in addresses if address})


def queue_unit_message(
    unit: Unit, month: Month, purpose: str, message: Message, *, robot_fallback: bool = True
) -> list[Delivery]:
    """Notify the unit's users now and queue its e-mail and robot message; returns the
    new deliveries (none that were already recorded under this purpose)."""
    users = list(User.objects.filter(unit=unit, is_active=True))
    created: list[Delivery] = []
    people = _("%(n)s 人") % {"n": len(users)}
    notice = _record(month, unit, purpose, Channel.NOTICE, message, people)
    if notice is not None:
        text = message.text[:500]
        Notification.objects.bulk_create(
            [Notification(user=u, text=text, url=message.url) for u in users]
        )
        notice.status, notice.sent_at = DeliveryStatus.SENT, timezone.now()
        notice.save(update_fields=["status", "sent_at"])
        created.append(notice)
    emails = unit_emails(unit, users)
    if emails:
        created.append(_record(month, unit, purpose, Channel.EMAIL, message, ", ".join(emails)))
    robot = robot_for(unit, fallback=robot_fallback)
    if robot is not None:
        created.append(_record(month, unit, purpose, Channel.ROBOT, message, robot.label))
    created = [d for d in created if d is not None]
    _dispatch(created)
    return created


def queue_robot_message(unit: Unit, month: Month, purpose: str, message: Message) -> bool:
    """Queue a message to the unit's own work group robot, where the office has set one up
    (a leader's comment, items turned 红); the in-app notice goes its own way. False when
    the unit has no robot of its own or the message was already queued."""
    robot = robot_for(unit, fallback=False)
    if robot is None:
        return False
    delivery = _record(month, unit, purpose, Channel.ROBOT, message, robot.label)
    if delivery is None:
        return False
    _dispatch([delivery])
    return True


def announce_publication(month: Month, revision: int, *, also: Iterable[Outgoing] = ()) -> int:
    """The "boards published" notice (榜单已发布) to every unit with a due item and to
    the district's group, queued with the `also` messages in the same few queries
    whatever the number of units (queue_messages); the number of deliveries queued."""
    values = {"label": month.label, "n": revision}
    subject = _("【晒比会】%(label)s 榜单已发布（第%(n)s版）") % values
    text = _("%(label)s 晒比会榜单已发布（第%(n)s版），请登录查看本单位的排名和事项得分。") % values
    url = reverse("scoring:month_boards", args=[month.label])
    message = Message(subject, text, f"#### {subject}\n\n{text}", url)
    purpose = f"published-{revision}"
    unit_ids = Item.objects.for_month(month).values("lead_unit_id")
    units = Unit.objects.filter(pk__in=unit_ids).order_by("code")
    outgoing = [
        *(Outgoing(unit, purpose, message) for unit in units),
        Outgoing(None, purpose, message, (Channel.ROBOT,)),  # the district's group, once
        *also,
    ]
    # Each unit's own group hears of it; the district's group once, above.
    return len(queue_messages(month, outgoing, robot_fallback=False))


ALL_CHANNELS = (Channel.NOTICE, Channel.EMAIL, Channel.ROBOT)


@dataclass(frozen=True)
class Outgoing:
    """A message for a unit (None: the district's default group) on some channels."""

    unit: Unit | None
    purpose: str
    message: Message
    channels: tuple[str, ...] = ALL_CHANNELS


def queue_messages(
    month: Month, outgoing: list[Outgoing], *, robot_fallback: bool = True
) -> list[Delivery]:
    """queue_unit_message for many messages at once, in the same few queries whatever
    their number: the units' users, the keys already recorded, one INSERT of the
    deliveries, one of the notices, and one task that sends the e-mails and robot
    messages after the commit. Run it in a transaction (a concurrent run that recorded
    the same keys first makes this one fail whole). Returns the new deliveries."""
    users_by_unit: dict[int, list[User]] = {}
    addressed = {o.unit.pk for o in outgoing if o.unit and o.channels != (Channel.ROBOT,)}
    for user in User.objects.filter(unit__in=addressed, is_active=True).order_by("pk"):
        users_by_unit.setdefault(user.unit_id, []).append(user)
    now = timezone.now()
    rows: list[Delivery] = []
    notices: dict[str, list[Notification]] = {}
    for out in outgoing:
        unit, purpose, message, channels = out.unit, out.purpose, out.message, out.channels
        users = users_by_unit.get(unit.pk, []) if unit is not None else []
        if Channel.NOTICE in channels and unit is not None:
            people = _("%(n)s 人") % {"n": len(users)}
            notice = _delivery(month, unit, purpose, Channel.NOTICE, message, people)
            notice.status, notice.sent_at = DeliveryStatus.SENT, now
            notices[notice.key] = [
                Notification(user=user, text=message.text[:500], url=message.url) for user in users
            ]
            rows.append(notice)
        emails = unit_emails(unit, users) if Channel.EMAIL in channels and unit else []
        if emails:
            rows.append(_delivery(month, unit, purpose, Channel.EMAIL, message, ", ".join(emails)))
        robot = robot_for(unit, fallback=robot_fallback) if Channel.ROBOT in channels else None
        if robot is not None:
            rows.append(_delivery(month, unit, purpose, Channel.ROBOT, message, robot.label))
    if not rows:
        return []
    recorded = set(
        Delivery.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True)
    )
    rows = [row for row in rows if row.key not in recorded]
    use_sqlite_parameter_limit()
    Delivery.objects.bulk_create(rows)
    Notification.objects.bulk_create([n for row in rows for n in notices.get(row.key, [])])
    pending = [row.pk for row in rows if row.status == DeliveryStatus.PENDING]
    if pending:
        from .tasks import send_deliveries  # the task module imports this one

        transaction.on_commit(lambda: send_deliveries.delay(pending))
    return rows


def send_once(delivery_id: int) -> str:
    """One attempt at sending a queued delivery: DONE (sent, failed for good, or not
    pending any more) or RETRY (the failure may pass; the error is recorded)."""
    delivery = Delivery.objects.select_related("unit").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return DONE
    outcome = _attempt(delivery)
    delivery.save(update_fields=_ATTEMPT_FIELDS)
    return outcome


def send_pending(delivery_ids: list[int]) -> list[int]:
    """One attempt at each of many queued deliveries: the sent ones recorded with one
    UPDATE, any other outcome with one more. Returns the ids whose failure may pass, for
    the caller to retry one by one."""
    deliveries = list(
        Delivery.objects.select_related("unit").filter(
            pk__in=delivery_ids, status=DeliveryStatus.PENDING
        )
    )
    outcomes = [(delivery, _attempt(delivery)) for delivery in deliveries]
    sent = [d.pk for d in deliveries if d.status == DeliveryStatus.SENT]
    Delivery.objects.filter(pk__in=sent).update(
        status=DeliveryStatus.SENT, error="", attempts=F("attempts") + 1, sent_at=timezone.now()
    )
    Delivery.objects.bulk_update(
        [d for d in deliveries if d.status != DeliveryStatus.SENT], _ATTEMPT_FIELDS
    )
    return [delivery.pk for delivery, outcome in outcomes if outcome == RETRY]


_ATTEMPT_FIELDS = ["attempts", "error", "status", "sent_at"]


def _attempt(delivery: Delivery) -> str:
    """Send a pending delivery and note the outcome on it, unsaved."""
    delivery.attempts += 1
    try:
        _send(delivery)
    except RobotError as exc:
        delivery.error = str(exc)
        if exc.transient:
            return RETRY
        delivery.status = DeliveryStatus.FAILED
    except (smtplib.SMTPException, OSError) as exc:
        delivery.error = _("邮件发送失败：%(error)s") % {"error": exc}
        return RETRY
    else:
        delivery.status, delivery.error = DeliveryStatus.SENT, ""
        delivery.sent_at = timezone.now()
    return DONE


def give_up(delivery_id: int) -> None:
    """Retries exhausted: the delivery failed with its last error."""
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED
    )


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        recipients = [address.strip() for address in delivery.recipient.split(",")]
        send_mail(delivery.subject, delivery.text, None, recipients)
        return
    robot = robot_for(delivery.unit)
    if robot is None:
        raise RobotError(_("未配置工作群机器人"), transient=False)
    post(robot, markdown_message(delivery.subject, delivery.text))


def _record(
    month: Month, unit: Unit | None, purpose: str, channel: str, message: Message, recipient: str
) -> Delivery | None:
    delivery = _delivery(month, unit, purpose, channel, message, recipient)
    try:
        with transaction.atomic():
            delivery.save(force_insert=True)
            return delivery
    except IntegrityError:
        return None  # already queued or sent under this key


def _delivery(
    month: Month, unit: Unit | None, purpose: str, channel: str, message: Message, recipient: str
) -> Delivery:
    """The unsaved delivery of a message on a channel, keyed so it is queued once."""
    key = f"{month.label}:{purpose}:{unit.code if unit else '*'}:{channel}"
    # Each delivery keeps the text as its channel sends it.
    text = message.markdown if channel == Channel.ROBOT else message.text
    return Delivery(
        key=key[:200],
        month=month,
        unit=unit,
        purpose=purpose,
        channel=channel,
        recipient=recipient[:500],
        subject=message.subject[:200],
        text=text,
    )


def _dispatch(deliveries: list[Delivery]) -> None:
    from .tasks import send_delivery  # the task module imports this one

    for delivery in deliveries:
        if delivery.status == DeliveryStatus.PENDING:
            pk = delivery.pk
            transaction.on_commit(lambda pk=pk: send_delivery.delay(pk))
