"""Ledger imports uploaded through the web page (台账导入): upload and preview, then run
once confirmed (`reporting.tasks.confirm_ledger_import`). The view, the Celery task and
tests all go through these functions; each one leaves its outcome on the LedgerImport
row for the page to show."""

from __future__ import annotations

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from reporting.models import JobStatus, LedgerImport

from .importer import import_ledger, import_parsed
from .parsing import Message
from .reader import LedgerError, read_ledger

logger = logging.getLogger(__name__)

INTERNAL_ERROR = Message(gettext_noop("导入时发生内部错误，未写入任何数据，请联系管理员"))


def create_ledger_import(upload: UploadedFile, user, year: int | None = None) -> LedgerImport:
    """Store an uploaded workbook and preview it: what each sheet would create, update
    or leave unchanged, or the list of errors. Nothing else is written. The plan year
    (`year`, else the file's) is kept with the preview for the confirmed run."""
    ledger_import = LedgerImport(filename=upload.name[:255], created_by=user)
    ledger_import.file.save(upload.name, upload, save=False)
    ledger_import.save()
    with ledger_import.file.open("rb") as stream:
        result = import_ledger(stream, user=user, dry_run=True, year=year)
    if result.ok:
        ledger_import.status = JobStatus.PREVIEWED
        ledger_import.preview = result.as_dict()
        ledger_import.total = result.rows
    else:
        ledger_import.status = JobStatus.FAILED
        ledger_import.errors = [error.as_dict() for error in result.errors]
        ledger_import.finished_at = timezone.now()
    ledger_import.save()
    return ledger_import


def execute_ledger_import(pk: int) -> LedgerImport:
    """Import a confirmed (running) upload and record the outcome. Safe to run twice:
    only the run that finds it still running under the row lock writes."""
    ledger_import = LedgerImport.objects.get(pk=pk)
    if ledger_import.status != JobStatus.RUNNING:
        return ledger_import

    def progress(done: int) -> None:
        LedgerImport.objects.filter(pk=pk).update(progress=done)

    try:
        with ledger_import.file.open("rb") as stream:
            parsed = read_ledger(stream, progress)
        with transaction.atomic():
            ledger_import = LedgerImport.objects.select_for_update().get(pk=pk)
            if ledger_import.status != JobStatus.RUNNING:
                return ledger_import
            result = import_parsed(
                parsed, user=ledger_import.created_by, year=ledger_import.preview.get("year")
            )
            ledger_import.status = JobStatus.DONE if result.ok else JobStatus.FAILED
            ledger_import.summary = result.as_dict()
            ledger_import.errors = [error.as_dict() for error in result.errors]
            ledger_import.progress = result.rows or ledger_import.total
            ledger_import.finished_at = timezone.now()
            ledger_import.save()
    except Exception:
        # Leave a readable outcome instead of a job stuck at "导入中" forever.
        logger.exception("ledger import %s failed", pk)
        LedgerImport.objects.filter(pk=pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            errors=[LedgerError(message=INTERNAL_ERROR).as_dict()],
            finished_at=timezone.now(),
        )
        ledger_import.refresh_from_db()
    return ledger_import
