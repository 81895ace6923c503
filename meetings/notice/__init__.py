"""The month's 通报: drafted from its data, edited by the office, laid out in Word.

`notice_text()` is the text as it stands (the office's edit, else a fresh draft);
`export_notice()` writes it as a .docx inside the month's 版头 and 版记
(`letterhead_for()`); `warning_counts()` is the one place the 通报 reads 预警 counts from.
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from reporting.models import Month
from scoring.models import ScoreRun
from scoring.queries import choose_run, load_month_boards, month_runs
from scoring.warning_queries import band_counts

from ..models import Notice
from ..queries import assignments_for_export, comments_for_month
from .document import paragraphs_of, write_notice_docx
from .draft import WARNING_BANDS, NoticeInputs, draft_notice, month_title
from .letterhead import Letterhead, letterhead_for

__all__ = [
    "Letterhead",
    "NoticeError",
    "draft_for_month",
    "export_notice",
    "letterhead_for",
    "notice_filename",
    "notice_text",
    "paragraphs_of",
    "warning_counts",
    "write_notice_docx",
]


class NoticeError(ValueError):
    """A month whose 通报 cannot be drafted; the message is for the user."""


def warning_counts(month: Month) -> dict[str, int] | None:
    """The month's 预警 counts of 红 and 黄 (a green item is no warning) from the run its
    boards show (the latest publication, else the preview), or None while the month has
    no score run (2 queries)."""
    run = choose_run(month_runs(month))
    if run is None:
        return None
    counts = band_counts(run)
    return {word: counts[band] for band, word in WARNING_BANDS.items()}


def draft_for_month(month: Month) -> str:
    """A fresh draft of `month`'s 通报 from its latest publication, else its preview
    (about 12 queries); NoticeError for a month never scored."""
    try:
        boards = load_month_boards(month.label, with_warnings=True)
    except ScoreRun.DoesNotExist:
        raise NoticeError(_("%(label)s 尚未计算得分") % {"label": month.label}) from None
    order = list(WARNING_BANDS)
    warned = sorted(
        (row for row in boards.warnings if row.band in WARNING_BANDS),
        key=lambda row: order.index(row.band),
    )
    inputs = NoticeInputs(
        boards=boards,
        comments=comments_for_month(month),
        assignments=assignments_for_export(month),
        warnings=warning_counts(month),
        warning_rows=warned,
        issuer=letterhead_for(month).issuer,
    )
    return draft_notice(inputs)


def notice_text(month: Month) -> str:
    """The 通报 as it stands: the office's last edit, else a fresh draft."""
    edited = Notice.objects.filter(month=month).values_list("text", flat=True).first()
    return edited if edited is not None else draft_for_month(month)


def export_notice(month: Month, output: str | IO[bytes], text: str | None = None) -> None:
    """Write `month`'s 通报 as it stands (or `text`, already read), in the month's 版头
    and 版记, to `output` (.docx)."""
    text = notice_text(month) if text is None else text
    write_notice_docx(text, output, letterhead_for(month))


def notice_filename(month: Month, text: str) -> str:
    """关于莲都区2022年3月晒比会情况的通报.docx, from the text's own title line."""
    title = next((p.text for p in paragraphs_of(text) if p.role == "title"), "")
    title = "".join(ch for ch in title if ch not in '\\/:*?"<>|').strip()
    return f"{title or month_title(month.label) + '通报'}.docx"
