"""Sending one queued delivery (发送记录) on its channel — e-mail or the work group robot —
and the Celery task that tries it, with backoff while the failure may pass (network, SMTP,
DingTalk's rate limit 130101), leaving the outcome on the Delivery.

This module knows the channels' transports and nothing of who is told what: the code that
decides what to send (``reporting.deliveries``) imports it, never the other way round."""

from __future__ import annotations

import logging
import smtplib
import urllib.parse

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from actions.models import Unit
from zzd import gateway as zzd

from .models import Channel, Delivery, DeliveryStatus
from .robot import Robot, RobotError, markdown_message, post

logger = logging.getLogger(__name__)

RETRY, DONE = "retry", "done"

# Retries of a failed send: 30 s, 1 min, 2 min, 4 min, 8 min, then the delivery fails.
SEND_RETRIES = 5
SEND_BACKOFF_SECONDS = 30


def robot_for(unit: Unit | None, *, fallback: bool = True) -> Robot | None:
    """The unit's own robot, else (with ``fallback``) the district's default group."""
    if unit is not None and unit.robot_webhook:
        return Robot(unit.robot_webhook, unit.robot_secret)
    if (unit is None or fallback) and settings.SHOWCASE_ROBOT_WEBHOOK:
        return Robot(settings.SHOWCASE_ROBOT_WEBHOOK, settings.SHOWCASE_ROBOT_SECRET)
    return None


@shared_task(bind=True, name="reporting.send_delivery", max_retries=SEND_RETRIES)
def send_delivery(self, delivery_id: int) -> str:
    """Send one queued message (e-mail or robot). A failure that may pass is retried
    with exponential backoff; the Delivery row keeps every outcome. Safe to run twice:
    only a pending delivery is sent."""
    if send_once(delivery_id) == DONE:
        return DONE
    if self.request.retries >= SEND_RETRIES:
        give_up(delivery_id)
        return "failed"
    # Not raised: a worker queues the retry and ends this run; run eagerly (no broker)
    # the retry runs at once, without the wait.
    return self.retry(countdown=SEND_BACKOFF_SECONDS * 2**self.request.retries, throw=False)


@shared_task(name="reporting.send_deliveries")
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send many queued messages at once (a fan-out to every unit), one attempt each;
    those whose failure may pass go on as send_delivery retries. Safe to run twice:
    only pending deliveries are sent. Returns the number left to retry."""
    retry = send_pending(delivery_ids)
    for delivery_id in retry:
        send_delivery.apply_async((delivery_id,), countdown=SEND_BACKOFF_SECONDS, retries=1)
    return len(retry)


def queue(task, delivery_ids: list[int], *args) -> None:
    """Hand saved deliveries to the worker (`task.delay(*args)`, after the commit). A
    broker that cannot be reached fails them with the reason: the 催报 or notice is
    recorded, so the page must say what went out, not answer 500 over saved work."""
    try:
        task.delay(*args)
    except OperationalError as exc:
        logger.exception("deliveries %s not queued", delivery_ids)
        Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED,
            error=_("任务队列不可用，未能发送（请管理员检查 CELERY_BROKER_URL）：%(error)s")
            % {"error": exc},
        )


def send_once(delivery_id: int) -> str:
    """One attempt at sending a queued delivery: DONE (sent, failed for good, or not
    pending any more) or RETRY (the failure may pass; the error is recorded)."""
    delivery = _pending(Delivery.objects.filter(pk=delivery_id)).first()
    if delivery is None:
        return DONE
    outcome = _attempt(delivery)
    delivery.save(update_fields=_ATTEMPT_FIELDS)
    return outcome


def send_pending(delivery_ids: list[int]) -> list[int]:
    """One attempt at each of many queued deliveries: the sent ones recorded with one
    UPDATE, any other outcome with one more. Returns the ids whose failure may pass, for
    the caller to retry one by one."""
    deliveries = list(_pending(Delivery.objects.filter(pk__in=delivery_ids)))
    outcomes = [(delivery, _attempt(delivery)) for delivery in deliveries]
    # Sent with nothing to keep from the answer (e-mail, robot): one UPDATE for all.
    sent = {d.pk for d in deliveries if d.status == DeliveryStatus.SENT and not d.answer}
    Delivery.objects.filter(pk__in=sent).update(
        status=DeliveryStatus.SENT, error="", attempts=F("attempts") + 1, sent_at=timezone.now()
    )
    Delivery.objects.bulk_update([d for d in deliveries if d.pk not in sent], _ATTEMPT_FIELDS)
    return [delivery.pk for delivery, outcome in outcomes if outcome == RETRY]


_ATTEMPT_FIELDS = ["attempts", "error", "status", "sent_at", "answer"]


def _pending(deliveries):
    return deliveries.filter(status=DeliveryStatus.PENDING).select_related(
        "unit", "user__zzd_account", "todo"
    )


def _attempt(delivery: Delivery) -> str:
    """Send a pending delivery and note the outcome on it, unsaved."""
    delivery.attempts += 1
    try:
        _send(delivery)
    except (RobotError, zzd.GatewayError) as exc:
        delivery.error = str(exc)
        if exc.transient:
            return RETRY
        delivery.status = DeliveryStatus.FAILED
    except (smtplib.SMTPException, OSError) as exc:
        delivery.error = _("邮件发送失败：%(error)s") % {"error": exc}
        return RETRY
    except Exception as exc:
        # A setting that cannot work (EMAIL_BACKEND misspelt, …) does not pass with a
        # retry. Fail this delivery with the reason instead of leaving it, and every
        # other one of its batch, sent or not, at "发送中" forever.
        logger.exception("delivery %s failed", delivery.pk)
        delivery.status = DeliveryStatus.FAILED
        delivery.error = _("发送出错（请管理员检查配置）：%(error)s") % {
            "error": f"{exc.__class__.__name__}: {exc}"
        }
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
    if delivery.channel in (Channel.ZZD_NOTICE, Channel.ZZD_TODO):
        delivery.answer = _send_zzd(delivery)[:200]
        return
    if delivery.channel == Channel.EMAIL:
        recipients = [address.strip() for address in delivery.recipient.split(",")]
        send_mail(delivery.subject, delivery.text, None, recipients)
        return
    robot = robot_for(delivery.unit)
    if robot is None:
        raise RobotError(_("未配置工作群机器人"), transient=False)
    post(robot, markdown_message(delivery.subject, delivery.text))


def zzd_link(path: str) -> str:
    """A page as a 工作通知 or 待办 opens it: through 免登, which signs the person in
    and goes on to the page, since 浙政钉 opens it in a browser without our session."""
    return f"{reverse('zzd:login')}?{urllib.parse.urlencode({'next': path or '/'})}"


def _send_zzd(delivery: Delivery) -> str:
    """One 浙政钉 call for a person's delivery; the gateway's answer (message or task id)."""
    if not zzd.enabled():
        raise zzd.GatewayError(_("浙政钉未启用"))
    account = getattr(delivery.user, "zzd_account", None)
    if account is None:
        raise zzd.GatewayError(_("未关联浙政钉账号"))
    url = settings.SHOWCASE_SITE_URL.rstrip("/") + zzd_link(delivery.url)
    if delivery.channel == Channel.ZZD_NOTICE:
        return zzd.send_work_notice(
            account.account_id, delivery.key, delivery.subject, delivery.text, url
        )
    todo = delivery.todo
    if delivery.purpose.startswith("todo-open"):
        todo.task_uuid = zzd.create_todo(
            account.account_id, todo.biz_task_id, delivery.subject, url
        )
        todo.save(update_fields=["task_uuid"])
        return todo.task_uuid
    if not todo.task_uuid:
        # Its creation is still being retried: finish it once the gateway has it.
        raise zzd.GatewayError(_("待办尚未在浙政钉创建成功"), transient=True)
    zzd.finish_todo(account.account_id, todo.task_uuid)
    todo.finished_at = timezone.now()
    todo.save(update_fields=["finished_at"])
    return _("已办结")
