"""Meeting workbooks built in the background (后台生成会议材料): build one.

`meetings.tasks` requests one and runs this in the worker through meetings.filejobs,
which leaves the outcome on the MeetingExport row for the status fragment to show. The
file is written through Django's storage API, so it lands wherever default storage
points.
"""

from __future__ import annotations

import tempfile

from ..filejobs import JobFailed, run_job
from ..models import MeetingExport
from .meeting import ExportError, export_month


def build_meeting_export_file(pk: int) -> MeetingExport | None:
    """Build and store the workbook of export `pk` and record the outcome (run_job).
    None when there is no such export."""
    return run_job(MeetingExport, pk, _write_workbook)


def _write_workbook(export: MeetingExport) -> str:
    label = export.month.label
    with tempfile.TemporaryFile() as stream:
        try:
            preview = export.revision is None
            export_month(label, stream, revision=export.revision, preview=preview)
        except ExportError as exc:
            raise JobFailed(str(exc)) from exc
        stream.seek(0)
        suffix = f"r{export.revision}" if export.revision else "preview"
        return export.store(f"meeting-{label}-{suffix}-{export.pk}.xlsx", stream)
