"""The month's 通报: drafted from its data, edited by the office, laid out in Word.

`notice_text()` is the text as it stands (the office's edit, else a fresh draft);
`export_notice()` writes it as a .docx; `warning_counts()` is the one place the 通报
reads 预警 from.
"""

from __future__ import annotations

from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import Month
from scoring.models import ScoreRun
from scoring.queries import choose_run, load_month_boards, month_runs
from scoring.warning_queries import band_counts

from ..models import Notice
from ..queries import assignments_for_export, comments_for_month
from .document import paragraphs_of, write_notice_docx
from .draft import NoticeInputs, draft_notice, month_title

__all__ = [
    "NoticeError",
    "draft_for_month",
    "export_notice",
    "notice_filename",
    "notice_text",
    "paragraphs_of",
    "warning_counts",
    "write_notice_docx",
]


class NoticeError(ValueError):
    """A month whose 通报 cannot be drafted; the message is for the user."""


def warning_counts(month: Month) -> dict[str, int] | None:
    """The month's 预警 counts by level (红/黄/绿) from the run its boards show (the latest
    publication, else the preview), or None while the month has no score run (2 queries)."""
    run = choose_run(month_runs(month))
    if run is None:
        return None
    counts = band_counts(run)
    return {"红": counts["red"], "黄": counts["yellow"], "绿": counts["green"]}


def draft_for_month(month: Month) -> str:
    """A fresh draft of `month`'s 通报 from its latest publication, else its preview
    (about 10 queries); NoticeError for a month never scored."""
    try:
        boards = load_month_boards(month.label)
    except ScoreRun.DoesNotExist:
        raise NoticeError(_("%(label)s 尚未计算得分") % {"label": month.label}) from None
    inputs = NoticeInputs(
        boards=boards,
        comments=comments_for_month(month),
        assignments=assignments_for_export(month),
        warnings=warning_counts(month),
        issued_on=timezone.localdate(),
    )
    return draft_notice(inputs)


def notice_text(month: Month) -> str:
    """The 通报 as it stands: the office's last edit, else a fresh draft."""
    edited = Notice.objects.filter(month=month).values_list("text", flat=True).first()
    return edited if edited is not None else draft_for_month(month)


def export_notice(month: Month, output: str | IO[bytes]) -> None:
    """Write `month`'s 通报 as it stands to `output` (.docx)."""
    write_notice_docx(notice_text(month), output)


def notice_filename(month: Month, text: str) -> str:
    """关于莲都区2022年3月晒比会情况的通报.docx, from the text's own title line."""
    title = next((p.text for p in paragraphs_of(text) if p.role == "title"), "")
    title = "".join(ch for ch in title if ch not in '\\/:*?"<>|').strip()
    return f"{title or month_title(month.label) + '通报'}.docx"
