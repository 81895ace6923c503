"""The plan year (年度) a ledger workbook belongs to."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from ..models import parse_month_label
from .parsing import Message
from .reader import ErrorList, ParsedLedger
from .schema import ACTIONS, ITEMS, REPORTS, SHEETS_BY_NAME


def plan_year_of_file(parsed: ParsedLedger, errors: ErrorList, year: int | None) -> int | None:
    """The plan year: `year`, else the one year of all the 月报 months. A file with
    行动, 事项 or 月报 rows whose year cannot be told is refused, and so is a 月报 row
    of a month outside the plan year; units, officials and 加减分 alone need no year."""
    reports = parsed.sheets.get(REPORTS)
    rows = reports.rows if reports is not None else []
    if year is None:
        labels = {values["month"] for _, values in rows if values.get("month")}
        years = sorted({parse_month_label(label)[0] for label in labels})
        if len(years) == 1:
            return years[0]
        if not any(
            name in parsed.sheets and parsed.sheets[name].rows for name in (ACTIONS, ITEMS, REPORTS)
        ):
            return None
        if years:
            message = Message(
                gettext_noop(
                    "月报的月份跨越多个年度（%(years)s），无法确定年度计划，"
                    "请用 --year 指定或在页面上选择年度"
                ),
                years="、".join(str(y) for y in years),
            )
        else:
            message = Message(
                gettext_noop(
                    "无法确定本文件属于哪个年度（没有月报月份），请用 --year 指定或在页面上选择年度"
                )
            )
        errors.add(message)
        return None
    column = SHEETS_BY_NAME[REPORTS].header("month")
    for number, values in rows:
        label = values.get("month")
        if label and parse_month_label(label)[0] != year:
            errors.add(
                Message(gettext_noop("月份不在 %(year)s 年度内"), year=year),
                REPORTS,
                number,
                column,
                label,
            )
    return year
