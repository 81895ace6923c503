"""Running a file job (后台生成): the one way the worker claims a MeetingExport or a
NoticePreview, stores what it built and leaves the outcome on the row.

Safe to run twice: a finished job is left as it is, and of two runs racing only the
first to finish keeps its file. A build that fails raises JobFailed with the message
the page shows; anything else unexpected is logged and recorded as an internal error,
never left at 生成中."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from celery import Task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExportStatus
from .models.exports import FileJob

logger = logging.getLogger(__name__)
J = TypeVar("J", bound=FileJob)


class JobFailed(Exception):
    """A build that cannot be done; str() is the message for the person who asked."""


def request_job(model: type[J], task: Task, **fields) -> J:
    """Queue a new job: the row is created and the task sent once it is committed."""
    with transaction.atomic():
        job = model.objects.create(**fields)
        transaction.on_commit(lambda: task.delay(job.pk))
    return job


def run_job(model: type[J], pk: int, build: Callable[[J], str]) -> J | None:
    """Claim job `pk`, run `build(job)` (which stores the file with job.store() and
    returns the stored name) and record the outcome. None when there is no such job."""
    with transaction.atomic():
        job = model.objects.select_for_update().select_related("month").filter(pk=pk).first()
        if job is None or job.status == ExportStatus.DONE:
            return job
        job.status, job.error = ExportStatus.RUNNING, ""
        job.save(update_fields=["status", "error"])
    try:
        stored = build(job)
    except JobFailed as exc:
        return _fail(model, pk, str(exc))
    except Exception as exc:
        logger.exception("%s %s failed", model.__name__, pk)
        message = _("导出时发生内部错误（%(error)s），请联系管理员")
        return _fail(model, pk, message % {"error": exc.__class__.__name__})
    with transaction.atomic():
        job = model.objects.select_for_update().select_related("month").get(pk=pk)
        if job.status == ExportStatus.DONE:
            job.file.storage.delete(stored)  # another run finished first
            return job
        job.file.name = stored
        job.status = ExportStatus.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "finished_at"])
    return job


def job_outcome(job: FileJob | None, task_name: str, pk: int) -> str:
    """What a task returns: the job's status, or "missing" (logged) without a job."""
    if job is None:
        logger.warning("%s: no job %s", task_name, pk)
        return "missing"
    return job.status


def _fail(model: type[J], pk: int, message: str) -> J:
    model.objects.filter(pk=pk).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return model.objects.select_related("month").get(pk=pk)
