"""Messages to units over three channels — the in-app notice (站内通知), e-mail to the
unit's contact and users, and the unit's work group robot (钉钉 / 浙政钉) or the
district's default group — each recorded as a Delivery (发送记录), one per unit and channel.

A channel the unit cannot be reached on (no active user, no e-mail address, no robot) is
recorded too, as 未发送 with the reason, so the log and the confirmation tell what went
out and what did not. The notice is written at once. E-mail and robot messages are
queued: ``reporting.sending.send_delivery`` sends each one after the transaction commits
and leaves the outcome on the Delivery. A Delivery's ``key`` names the message, so the
same one is never queued twice.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from actions.models import Item, Unit
from zzd import gateway as zzd
from zzd.models import ZzdAccount

from .ledger.bulk import use_sqlite_parameter_limit
from .models import Channel, Delivery, DeliveryStatus, Month, Notification, Todo
from .sending import queue, robot_for, send_deliveries, send_delivery

TODO_OPEN, TODO_DONE = "todo-open", "todo-done"


def in_site_language(function):
    """Run ``function`` in the site's language: what units are told (messages, notices,
    the delivery log's reasons) and the webhooks' log read the same whichever language
    the page that sent them was in."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Message:
    """One message in the forms its channels take."""

    subject: str
    text: str  # the notice and the e-mail
    markdown: str  # the robot
    url: str = ""


def unit_emails(unit: Unit, users: list[User]) -> list[str]:
    """The unit's contact and its active users, each address once."""
    addresses = [unit.contact_email, *(user.email for user in users)]
    return sorted({address for address in addresses if address})


def queue_unit_message(
    unit: Unit, month: Month, purpose: str, message: Message, *, robot_fallback: bool = True
) -> list[Delivery]:
    """Notify the unit's users now and queue its e-mail and robot message: one delivery
    per channel, 未发送 with the reason where the unit has no one to reach on it. Returns
    the new deliveries (none that were already recorded under this purpose)."""
    users = list(User.objects.filter(unit=unit, is_active=True).order_by("username"))
    created = [
        _notify(unit, month, purpose, message, users),
        _queue_email(unit, month, purpose, message, users),
        _queue_robot(unit, month, purpose, message, fallback=robot_fallback),
    ]
    created = [delivery for delivery in created if delivery is not None]
    _dispatch(created)
    return created


def _notify(
    unit: Unit, month: Month, purpose: str, message: Message, users: list[User]
) -> Delivery | None:
    if not users:
        return _record(
            month, unit, purpose, Channel.NOTICE, message, "", skipped=_("本单位没有启用的账号")
        )
    names = "、".join(str(user) for user in users)
    recipient = _("%(names)s（%(n)s 人）") % {"names": names, "n": len(users)}
    notice = _record(month, unit, purpose, Channel.NOTICE, message, recipient)
    if notice is not None:
        text = message.text[:500]
        Notification.objects.bulk_create(
            [Notification(user=u, text=text, url=message.url) for u in users]
        )
        notice.status, notice.sent_at = DeliveryStatus.SENT, timezone.now()
        notice.save(update_fields=["status", "sent_at"])
    return notice


def _queue_email(
    unit: Unit, month: Month, purpose: str, message: Message, users: list[User]
) -> Delivery | None:
    emails = unit_emails(unit, users)
    skipped = "" if emails else _("本单位未填写联系人邮箱，账号也没有邮箱")
    return _record(month, unit, purpose, Channel.EMAIL, message, ", ".join(emails), skipped=skipped)


def _queue_robot(
    unit: Unit, month: Month, purpose: str, message: Message, *, fallback: bool
) -> Delivery | None:
    robot = robot_for(unit, fallback=fallback)
    if robot is not None:
        return _record(month, unit, purpose, Channel.ROBOT, message, robot.label)
    reason = _robot_missing(fallback)
    return _record(month, unit, purpose, Channel.ROBOT, message, "", skipped=reason)


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


def queue_district_message(month: Month, purpose: str, message: Message) -> Delivery | None:
    """Queue a message to the district's default work group, if there is one."""
    robot = robot_for(None)
    if robot is None:
        return None
    delivery = _record(month, None, purpose, Channel.ROBOT, message, robot.label)
    if delivery is not None:
        _dispatch([delivery])
    return delivery


def queue_person_notices(
    unit: Unit, month: Month, purpose: str, message: Message
) -> list[Delivery]:
    """A 浙政钉 工作通知 to each active person of the unit, opening ``message.url``; one
    delivery per person, 未发送 for one not linked to a 浙政钉 account. Nothing while
    浙政钉 is off."""
    if not zzd.enabled():
        return []
    deliveries = []
    for user, account in _people(unit):
        if account is None:
            skipped, recipient = _("未关联浙政钉账号"), str(user)
        else:
            skipped, recipient = "", _zzd_recipient(user, account)
        deliveries.append(
            _record(
                month,
                unit,
                purpose,
                Channel.ZZD_NOTICE,
                message,
                recipient,
                skipped=skipped,
                user=user,
            )
        )
    return _queue(deliveries)


def open_todos(unit: Unit, month: Month, message: Message) -> list[Delivery]:
    """A 浙政钉 待办 for each linked active person of the unit, opening
    ``message.url`` — one open at a time per person and month however often the unit
    is reminded; a new one once the last was finished (a report sent back since)."""
    if not zzd.enabled():
        return []
    deliveries = []
    for user, account in _people(unit):
        if account is None:
            continue  # the 工作通知's row already says why nothing reaches them
        todo = Todo.objects.filter(month=month, unit=unit, user=user, finished_at=None).first()
        if todo is None:
            opened = Todo.objects.filter(month=month, unit=unit, user=user).count()
            todo = Todo.objects.create(
                month=month,
                unit=unit,
                user=user,
                biz_task_id=f"showcase:{month.label}:{unit.code}:{user.pk}:{opened + 1}",
            )
        recipient = _zzd_recipient(user, account)
        deliveries.append(
            _record(
                month,
                unit,
                f"{TODO_OPEN}-{todo.pk}",
                Channel.ZZD_TODO,
                message,
                recipient,
                user=user,
                todo=todo,
            )
        )
    return _queue(deliveries)


@in_site_language
def finish_todos(todos: Iterable[Todo]) -> list[Delivery]:
    """Finish these 待办 through the gateway (each once). One whose creation the gateway
    refused was never in 浙政钉: it is closed here and its row says so (未发送), rather
    than retried against the gateway and logged as a failure."""
    todos = list(todos)
    refused = set(
        Delivery.objects.filter(
            todo__in=todos, purpose__startswith=TODO_OPEN, status=DeliveryStatus.FAILED
        ).values_list("todo_id", flat=True)
    )
    never_created = [todo.pk for todo in todos if not todo.task_uuid and todo.pk in refused]
    Todo.objects.filter(pk__in=never_created).update(finished_at=timezone.now())
    message = Message(_("待办办结"), _("本月月报已全部报送"), "")
    return _queue(
        [
            _record(
                todo.month,
                todo.unit,
                f"{TODO_DONE}-{todo.pk}",
                Channel.ZZD_TODO,
                message,
                _zzd_recipient(todo.user, getattr(todo.user, "zzd_account", None)),
                skipped=_("待办未能在浙政钉创建，无需办结") if todo.pk in never_created else "",
                user=todo.user,
                todo=todo,
            )
            for todo in todos
        ]
    )


def _zzd_recipient(user: User, account: ZzdAccount | None) -> str:
    """How every 浙政钉 row of the log names its person: the login and the account ID
    (only the login once the account is unlinked)."""
    return f"{user}（{account.account_id}）" if account else str(user)


def _people(unit: Unit) -> list[tuple[User, ZzdAccount | None]]:
    """The unit's active people, each with their 浙政钉 account (None: not linked)."""
    users = (
        User.objects.filter(unit=unit, is_active=True)
        .select_related("zzd_account")
        .order_by("username")
    )
    return [(user, getattr(user, "zzd_account", None)) for user in users]


def _queue(deliveries: list[Delivery | None]) -> list[Delivery]:
    """The new deliveries (None: already recorded), queued for sending."""
    created = [delivery for delivery in deliveries if delivery is not None]
    _dispatch(created)
    return created


def channel_summary(deliveries: Iterable[Delivery]) -> str:
    """What went out on each channel, as the confirmation says it: e.g.
    "站内通知 3 条已发送；邮件 2 封已发出、1 个单位未发送；工作群机器人 3 个单位未发送".
    Read after the queued messages were handed on: pending ones say so."""
    counts = Counter((d.channel, d.status) for d in deliveries)
    parts = []
    for channel in Channel:
        states = [
            (status, counts[channel.value, status.value])
            for status in DeliveryStatus
            if counts[channel.value, status.value]
        ]
        if states:
            told = _("、").join(
                _("%(n)s 个%(status)s") % {"n": n, "status": status.label} for status, n in states
            )
            parts.append(f"{channel.label} {told}")
    return _("；").join(parts)


@in_site_language
def announce_publication(month: Month, revision: int, *, also: Iterable[Outgoing] = ()) -> int:
    """The "boards published" notice (榜单已发布) to every unit with a due item and to
    the district's group, queued with the ``also`` messages in the same few queries
    whatever the number of units (queue_messages); the number of deliveries queued
    (not those recorded as 未发送)."""
    values = {"label": month.label, "n": revision}
    subject = _("【晒比会】%(label)s 榜单已发布（第%(n)s版）") % values
    text = _("%(label)s 晒比会榜单已发布（第%(n)s版），请登录查看本单位的排名和事项得分。") % values
    url = reverse("scoring:month_boards", args=[month.label])
    message = Message(subject, text, f"#### {subject}\n\n{text}", url)
    purpose = f"published-{revision}"
    unit_ids = Item.objects.for_month(month).values("lead_unit_id")
    units = Unit.objects.filter(pk__in=unit_ids).order_by("code")
    outgoing = [
        # Each unit's own group hears of it; the district's group once, below.
        *(Outgoing(unit, purpose, message) for unit in units),
        Outgoing(None, purpose, message, ROBOT_ONLY),
        *also,
    ]
    queued = queue_messages(month, outgoing, robot_fallback=False)
    return sum(delivery.status != DeliveryStatus.SKIPPED for delivery in queued)


ALL_CHANNELS = (Channel.NOTICE, Channel.EMAIL, Channel.ROBOT)
ROBOT_ONLY = (Channel.ROBOT,)


@dataclass(frozen=True)
class Outgoing:
    """A message for a unit (None: the district's default group). On all channels it is
    queue_unit_message's (未发送 rows where the unit cannot be reached); robot only, it
    is queue_robot_message's or queue_district_message's (nothing without a robot)."""

    unit: Unit | None
    purpose: str
    message: Message
    channels: tuple[str, ...] = ALL_CHANNELS


def queue_messages(
    month: Month, outgoing: list[Outgoing], *, robot_fallback: bool = True
) -> list[Delivery]:
    """The same deliveries and notices as queue_unit_message, queue_robot_message and
    queue_district_message give one by one, for many messages at once in the same few
    queries whatever their number: the units' users, the keys already recorded, one
    INSERT of the deliveries, one of the notices, and one task that sends the e-mails
    and robot messages after the commit. Run it in a transaction (a concurrent run that
    recorded the same keys first makes this one fail whole). Returns the new deliveries."""
    addressed = {o.unit.pk for o in outgoing if o.unit is not None and o.channels != ROBOT_ONLY}
    users_by_unit: dict[int, list[User]] = {}
    for user in User.objects.filter(unit__in=addressed, is_active=True).order_by("username"):
        users_by_unit.setdefault(user.unit_id, []).append(user)
    now = timezone.now()
    rows: dict[str, Delivery] = {}
    notices: dict[str, list[Notification]] = {}
    for out in outgoing:
        unit, purpose, message = out.unit, out.purpose, out.message
        if out.channels == ROBOT_ONLY:
            robot = robot_for(unit, fallback=False)  # None: the district's group
            if robot is not None:
                row = _delivery(month, unit, purpose, Channel.ROBOT, message, robot.label)
                rows.setdefault(row.key, row)
            continue
        users = users_by_unit.get(unit.pk, [])
        for row in _unit_rows(unit, month, purpose, message, users, fallback=robot_fallback):
            if row.key in rows:
                continue
            rows[row.key] = row
            if row.channel == Channel.NOTICE and row.status != DeliveryStatus.SKIPPED:
                row.status, row.sent_at = DeliveryStatus.SENT, now
                notices[row.key] = [
                    Notification(user=user, text=message.text[:500], url=message.url)
                    for user in users
                ]
    if not rows:
        return []
    recorded = set(Delivery.objects.filter(key__in=rows).values_list("key", flat=True))
    new = [row for key, row in rows.items() if key not in recorded]
    use_sqlite_parameter_limit()
    Delivery.objects.bulk_create(new)
    Notification.objects.bulk_create([n for row in new for n in notices.get(row.key, [])])
    pending = [row.pk for row in new if row.status == DeliveryStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: queue(send_deliveries, pending, pending))
    return new


def _unit_rows(
    unit: Unit, month: Month, purpose: str, message: Message, users: list[User], *, fallback: bool
) -> list[Delivery]:
    """A unit's message on each channel, unsaved: the notice (pending until written),
    the e-mail and the robot, each 未发送 with the reason where no one is reached."""
    if users:
        names = "、".join(str(user) for user in users)
        recipient = _("%(names)s（%(n)s 人）") % {"names": names, "n": len(users)}
        notice = _delivery(month, unit, purpose, Channel.NOTICE, message, recipient)
    else:
        notice = _delivery(
            month, unit, purpose, Channel.NOTICE, message, "", skipped=_("本单位没有启用的账号")
        )
    emails = unit_emails(unit, users)
    email = _delivery(
        month,
        unit,
        purpose,
        Channel.EMAIL,
        message,
        ", ".join(emails),
        skipped="" if emails else _("本单位未填写联系人邮箱，账号也没有邮箱"),
    )
    robot = robot_for(unit, fallback=fallback)
    if robot is not None:
        robot_row = _delivery(month, unit, purpose, Channel.ROBOT, message, robot.label)
    else:
        robot_row = _delivery(
            month, unit, purpose, Channel.ROBOT, message, "", skipped=_robot_missing(fallback)
        )
    return [notice, email, robot_row]


def _robot_missing(fallback: bool) -> str:
    if fallback:
        return _("本单位未配置工作群机器人，全区默认群也未配置")
    return _("本单位未配置工作群机器人")


def _record(
    month: Month,
    unit: Unit | None,
    purpose: str,
    channel: str,
    message: Message,
    recipient: str,
    *,
    skipped: str = "",
    user: User | None = None,
    todo: Todo | None = None,
) -> Delivery | None:
    """The delivery of ``message`` on ``channel`` (to one person, for 浙政钉), pending;
    or, with a ``skipped`` reason, 未发送. None if it was already recorded."""
    delivery = _delivery(
        month, unit, purpose, channel, message, recipient, skipped=skipped, user=user, todo=todo
    )
    try:
        with transaction.atomic():
            delivery.save(force_insert=True)
            return delivery
    except IntegrityError:
        return None  # already queued or sent under this key


def _delivery(
    month: Month,
    unit: Unit | None,
    purpose: str,
    channel: str,
    message: Message,
    recipient: str,
    *,
    skipped: str = "",
    user: User | None = None,
    todo: Todo | None = None,
) -> Delivery:
    """The unsaved delivery, keyed so it is recorded once."""
    key = f"{month.label}:{purpose}:{unit.code if unit else '*'}:{channel}"
    if user is not None:
        key += f":{user.pk}"
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
        status=DeliveryStatus.SKIPPED if skipped else DeliveryStatus.PENDING,
        error=skipped,
        user=user,
        todo=todo,
        url=message.url,
    )


def _dispatch(deliveries: list[Delivery]) -> None:
    for delivery in deliveries:
        if delivery.status == DeliveryStatus.PENDING:
            pk = delivery.pk
            transaction.on_commit(lambda pk=pk: queue(send_delivery, [pk], pk))
