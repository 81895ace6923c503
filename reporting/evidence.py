"""Evidence files (佐证材料) of reports: how they are stored, and the two writes
(attach, remove).

What is accepted is decided in reporting.uploads: a file judged as a whole by its
content (PDF, JPEG, PNG, DOCX, XLSX, PPTX), named with its true extension, images kept
re-encoded. Up to MAX_FILES per report, MAX_SIZE each; a batch with one refused file
keeps none. Files go through Django's storage API (STORAGES["default"]: the filesystem
under MEDIA_ROOT, or an S3-compatible bucket through django-storages) under a random
name; images get a thumbnail. Every download passes reporting.views.evidence, which
applies the report's own access rules."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Evidence, Report
from .services import EDITABLE, _claim, _require_editable, _require_unit_member, _save
from .uploads import CONTENT_TYPES, MAX_SIZE, NAME_LIMIT, CheckedFile, check_uploads
from .workflow import Step, WorkflowError

__all__ = [
    "CONTENT_TYPES",
    "MAX_FILES",
    "MAX_SIZE",
    "NAME_LIMIT",
    "attach_evidence",
    "remove_evidence",
    "store_checked",
]

MAX_FILES = 10


def attach_evidence(report: Report, uploads: list[UploadedFile], user: User) -> list[Evidence]:
    """Attach files (上传佐证材料) to a report the unit may still edit, all or none; the
    report's history records each with its name."""
    _require_unit_member(user, report.item)
    checked = check_uploads(uploads)
    with transaction.atomic():
        report = _claim(report.pk, EDITABLE)
        _require_editable(report)
        kept = report.evidence.count()
        if kept + len(checked) > MAX_FILES:
            raise WorkflowError(
                _(
                    "每份月报最多 %(n)s 个佐证材料：已有 %(kept)s 个，本次选择了 %(chosen)s 个，"
                    "都没有保存；还能再上传 %(room)s 个"
                )
                % {
                    "n": MAX_FILES,
                    "kept": kept,
                    "chosen": len(checked),
                    "room": MAX_FILES - kept,
                }
            )
        attached = []
        for file in checked:
            evidence = Evidence(report=report, uploaded_by=user)
            store_checked(evidence, file)
            _save(report, user, Step.ATTACH, history_name(file.name))
            attached.append(evidence)
    return attached


def store_checked(record: Model, file: CheckedFile) -> None:
    """Save a checked file and its thumbnail on an evidence record (a report's, or a
    meeting progress report's, which has the same fields)."""
    record.name, record.kind, record.size = file.name, file.kind, file.size
    record.file.save(file.name, file.content, save=False)
    if file.thumbnail is not None:
        record.thumbnail.save("thumb.jpg", file.thumbnail, save=False)
    record.save()


def history_name(name: str) -> str:
    """A file's name as the report's history records it: cut to the history's reason
    column when that has a limit (a name may be longer), with an ellipsis."""
    limit = Report.history.model._meta.get_field("history_change_reason").max_length
    return name if limit is None or len(name) <= limit else name[: limit - 1] + "…"


def remove_evidence(evidence: Evidence, user: User) -> None:
    """Remove a file from a report the unit may still edit (删除佐证材料); the history
    keeps its name. The stored file goes once the transaction has committed."""
    report = evidence.report
    _require_unit_member(user, report.item)
    with transaction.atomic():
        report = _claim(report.pk, EDITABLE)
        _require_editable(report)
        files = [f for f in (evidence.file, evidence.thumbnail) if f]
        storage_names = [(f.storage, f.name) for f in files]
        evidence.delete()
        _save(report, user, Step.DETACH, history_name(evidence.name))
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in storage_names])
