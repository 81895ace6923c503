"""Evidence files (佐证材料) of reports: what is accepted, how it is stored, and the two
writes (attach, remove).

A file is accepted by its content, never by its name: PDF, JPEG, PNG, DOCX and XLSX,
sniffed with `filetype` and then opened (Pillow decodes an image, a DOCX or XLSX must
be an Office package). Up to MAX_FILES per report, MAX_SIZE each. Files go through
Django's storage API (STORAGES["default"]: the filesystem under MEDIA_ROOT, or an
S3-compatible bucket through django-storages) under a random name; images get a
thumbnail. Every download passes reporting.views.evidence, which applies the report's
own access rules."""

from __future__ import annotations

import io
import zipfile

import filetype
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from accounts.models import User

from .models import Evidence, Report
from .services import EDITABLE, _claim, _require_editable, _require_unit_member, _save
from .workflow import Step, WorkflowError

MAX_FILES = 10
MAX_SIZE = 20 * 1024 * 1024
THUMBNAIL_SIZE = (320, 320)
# Sniffed MIME type → the kind stored (and the stored file's extension).
KINDS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
CONTENT_TYPES = {kind: mime for mime, kind in KINDS.items()}
# The part an Office package of each kind must hold.
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff(upload: UploadedFile) -> str:
    """The kind of an uploaded file judged by its content, or WorkflowError (Chinese)."""
    name = upload.name or ""
    if upload.size > MAX_SIZE:
        raise WorkflowError(
            _("「%(name)s」超过 %(limit)s MB 的上限（实际 %(size).1f MB）")
            % {"name": name, "limit": MAX_SIZE // (1024 * 1024), "size": upload.size / 1048576}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = KINDS.get(guess.mime) if guess else None
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)  # a package whose first entry is not the telling one
    if kind is None or not _opens_as(kind, upload):
        raise WorkflowError(
            _("「%(name)s」不是允许的文件类型：只接受 PDF、JPEG、PNG、DOCX、XLSX（按文件内容判断）")
            % {"name": name}
        )
    upload.seek(0)
    return kind


def attach_evidence(report: Report, upload: UploadedFile, user: User) -> Evidence:
    """Attach a file (上传佐证材料) to a report the unit may still edit; the report's
    history records it with the file's name."""
    _require_unit_member(user, report.item)
    kind = sniff(upload)
    thumbnail = thumbnail_of(upload) if kind in ("jpg", "png") else None
    with transaction.atomic():
        report = _claim(report.pk, EDITABLE)
        _require_editable(report)
        if report.evidence.count() >= MAX_FILES:
            raise WorkflowError(
                _("每份月报最多 %(n)s 个佐证材料，请先删除不需要的文件") % {"n": MAX_FILES}
            )
        name = (upload.name or "file").rsplit("/", 1)[-1][:255]
        evidence = Evidence(report=report, name=name, kind=kind, size=upload.size, uploaded_by=user)
        evidence.file.save(name, upload, save=False)
        if thumbnail is not None:
            evidence.thumbnail.save("thumb.jpg", thumbnail, save=False)
        evidence.save()
        _save(report, user, Step.ATTACH, name)
    return evidence


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
        _save(report, user, Step.DETACH, evidence.name)
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in storage_names])


def _office_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    return next((kind for kind, part in _OFFICE_PARTS.items() if part in names), None)


def _opens_as(kind: str, upload: UploadedFile) -> bool:
    """Whether the file really is what its first bytes say."""
    upload.seek(0)
    if kind == "pdf":
        return upload.read(5) == b"%PDF-"
    if kind in _OFFICE_PARTS:
        return _office_kind(upload) == kind
    try:
        with Image.open(upload) as image:
            image.verify()
            return image.format == ("JPEG" if kind == "jpg" else "PNG")
    except Exception:  # Pillow raises many kinds for a broken or hostile image
        return False


def thumbnail_of(upload: UploadedFile) -> ContentFile | None:
    """A JPEG of at most THUMBNAIL_SIZE of an image, or None if it cannot be drawn."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except Exception:  # no thumbnail is no reason to refuse the file
        return None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())
