"""The 通报's 版头, 落款 and 版记 for a month: who sends it, its 发文字号 and its dates.

The office sets its 发文机关, prefix and 抄送 once (NoticeLetterhead); the month gives the
year and number of the 发文字号 and the meeting date (MeetingDate, else the day the month
was first published). The day a file is generated never appears on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from reporting.models import Month
from scoring.models import ScoreRun

from ..models import MeetingDate, NoticeLetterhead

DEFAULT_PREFIX = "晒比办"


@dataclass(frozen=True)
class Letterhead:
    """What frames one month's 通报."""

    issuer: str  # 发文机关标志, 落款 and 印发机关
    prefix: str
    year: int
    number: int  # counts up per year: the month's place among the year's 通报
    copy_to: str  # 抄送, "" for none
    meeting_date: datetime.date | None  # 落款 and 印发日期; None until set or published

    @property
    def document_number(self) -> str:
        """发文字号: 莲考办〔2022〕3号."""
        return f"{self.prefix}〔{self.year}〕{self.number}号"


def default_letterhead() -> NoticeLetterhead:
    """The office's saved 版头 settings, else the district's defaults (unsaved)."""
    saved = NoticeLetterhead.objects.filter(pk=1).first()
    if saved is not None:
        return saved
    district = settings.SHOWCASE_DISTRICT_NAME
    return NoticeLetterhead(pk=1, issuer=f"{district}晒比会办公室", prefix=DEFAULT_PREFIX)


def meeting_date_of(month: Month) -> datetime.date | None:
    """The month's meeting date as the office set it, else the day of its first
    publication, else None (a month not yet published and not dated)."""
    held = MeetingDate.objects.filter(month=month).values_list("held_on", flat=True).first()
    if held is not None:
        return held
    first = ScoreRun.objects.publications().of_month(month).order_by("revision").first()
    return timezone.localdate(first.computed_at) if first is not None else None


def notice_number(month: Month) -> int:
    """The month's 通报 number in its year: one per month with a 通报, so the months of
    the year published up to this one, counting this one whether published yet or not."""
    earlier = (
        ScoreRun.objects.publications().earlier_in_year(month).values("month").distinct().count()
    )
    return earlier + 1


def letterhead_for(month: Month) -> Letterhead:
    """The 版头, 落款 and 版记 of `month`'s 通报 (3 queries)."""
    office = default_letterhead()
    return Letterhead(
        issuer=office.issuer,
        prefix=office.prefix,
        year=month.year,
        number=notice_number(month),
        copy_to=office.copy_to,
        meeting_date=meeting_date_of(month),
    )
