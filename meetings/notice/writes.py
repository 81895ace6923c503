"""Writes of the 通报's frame: the office's 版头 settings and a month's meeting date.

Each is one verb-named function in one transaction, office only; a refusal is a
MeetingError with a Chinese message and nothing written.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reporting.models import Month

from ..models import MeetingDate, NoticeLetterhead
from ..services import MeetingError, _require


def save_letterhead(*, issuer: str, prefix: str, copy_to: str, user: User) -> NoticeLetterhead:
    """Keep the office's 发文机关, 发文字号 prefix and 抄送 for every 通报 from now on."""
    _require(user, "meetings.edit_notice")
    issuer, prefix, copy_to = issuer.strip(), prefix.strip(), " ".join(copy_to.split())
    if not issuer or not prefix:
        raise MeetingError(_("发文机关和发文字号前缀不能为空"))
    if any(mark in prefix for mark in "〔〕[]号"):
        raise MeetingError(_("发文字号前缀只填机关代字，如“莲考办”，年份和序号自动生成"))
    with transaction.atomic():
        letterhead, _created = NoticeLetterhead.objects.select_for_update().update_or_create(
            pk=1,
            defaults={
                "issuer": issuer,
                "prefix": prefix,
                "copy_to": copy_to,
                "edited_by": user,
                "edited_at": timezone.now(),
            },
        )
    return letterhead


def set_meeting_date(month: Month, held_on: datetime.date, user: User) -> MeetingDate:
    """Date `month`'s meeting: the day its 通报 is signed (落款) and printed (印发)."""
    _require(user, "meetings.edit_notice")
    if (held_on.year, held_on.month) < (month.year, month.number):
        raise MeetingError(_("会议日期应在 %(label)s 当月或之后") % {"label": month.label})
    with transaction.atomic():
        meeting, _created = MeetingDate.objects.select_for_update().update_or_create(
            month=month, defaults={"held_on": held_on, "set_by": user}
        )
    return meeting
