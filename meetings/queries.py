"""Reads of the meeting: comments, assignments and rating results, each a fixed number
of queries whatever the size of the district; plain rows for the meeting workbook."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Item, Official, Unit
from actions.prepared import prepared_objects
from actions.sql import columns, instance
from reporting.models import Month, months_before

from .models import (
    Assignment,
    AssignmentStatus,
    Comment,
    RatingResult,
    RatingSession,
    RatingState,
    Vote,
)
from .rating import trimmed_mean

# 对象 as the workbook prints it (always Chinese), and as the meeting page shows it.
TARGET_LABELS = {"item": "事项", "unit": "单位", "action": "行动"}
TARGET_DISPLAY = {"事项": _("事项"), "单位": _("单位"), "行动": _("行动")}


def resolve_month(month: Month | str) -> Month:
    """A Month, or the month of a "YYYY-MM" label (Month.DoesNotExist/ValueError otherwise)."""
    if isinstance(month, Month):
        return month
    return Month.objects.get_by_label(str(month))


def resolve_target(model, value):
    """A model instance from an instance, a pk or a code (templates hold any of these)."""
    if value is None or isinstance(value, model):
        return value
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit() and model is Item):
        found = model.objects.filter(pk=int(value)).first()
        if found is not None:
            return found
    found = model.objects.filter(code=str(value))
    if model is Item or model is Action:
        # A code names the item or action carried over the years: the newest plan's.
        found = found.order_by("-plan_year__year")
    return found.first()


# --- Comments ---------------------------------------------------------------------------


def comments_for(
    month: Month | str,
    item: Item | int | str | None = None,
    unit: Unit | int | str | None = None,
    action: Action | int | str | None = None,
) -> list[Comment]:
    """The month's comments on one item, unit or action (an instance, a pk or a code),
    oldest first (1 query for instances)."""
    month = resolve_month(month)
    targets = {
        "item": resolve_target(Item, item),
        "unit": resolve_target(Unit, unit),
        "action": resolve_target(Action, action),
    }
    if sum(t is not None for t in targets.values()) != 1:
        return []
    kind, target = next((k, t) for k, t in targets.items() if t is not None)
    sql, user = _comments_sql(kind)
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(sql, [month.pk, target.pk])
        rows = cursor.fetchall()
    user_start = len(Comment._meta.concrete_fields)
    official_start = user_start + len(user._meta.concrete_fields)
    comments = []
    for row in rows:
        comment = instance(Comment, row, database)
        comment.author = instance(user, row, database, user_start)
        comment.on_behalf_of = None
        if row[official_start] is not None:
            comment.on_behalf_of = instance(Official, row, database, official_start)
        comments.append(comment)
    return comments


@functools.cache
def _comments_sql(kind: str) -> tuple[str, type[Model]]:
    """comments_for's query on an item, unit or action (`kind`), as
    Comment.objects.filter(month=…).for_target(…).with_people() reads it in Comment's
    order, and the model of its author. Written as SQL: the drill-downs ask on every
    view, and Django took longer to build the query than the database took to run it."""
    user = Comment._meta.get_field("author").related_model
    models = (Comment, user, Official)
    selected = ", ".join(columns(model, alias) for alias, model in zip("cuo", models, strict=True))
    target = Comment._meta.get_field(kind).column
    sql = (
        f'SELECT {selected} FROM "{Comment._meta.db_table}" c '
        f'INNER JOIN "{user._meta.db_table}" u ON u."id" = c."author_id" '
        f'LEFT JOIN "{Official._meta.db_table}" o ON o."id" = c."on_behalf_of_id" '
        f'WHERE c."month_id" = %s AND c."{target}" = %s ORDER BY c."created_at", c."id"'
    )
    return sql, user


@dataclass(frozen=True)
class CommentRow:
    """One comment as the meeting workbook's 领导点评 sheet prints it."""

    target_kind: str  # 事项 / 单位 / 行动
    target_code: str
    target_name: str
    speaker: str  # the leader named, else the login that wrote it
    author: str  # the login that wrote it (the office when 代录)
    text: str
    created_at: datetime.datetime  # local time

    @property
    def target_kind_label(self) -> str:
        """target_kind in the page's language."""
        return str(TARGET_DISPLAY.get(self.target_kind, self.target_kind))


COMMENT_SHEET_COLUMNS = [
    ("对象", "target_kind"),
    ("编码", "target_code"),
    ("名称", "target_name"),
    ("点评领导", "speaker"),
    ("点评内容", "text"),
    ("录入人", "author"),
    ("时间", "created_at"),
]


def comments_for_month(month_label: Month | str) -> list[CommentRow]:
    """Every comment of the month (a "YYYY-MM" label or a Month), in the order they were
    made (2 queries from a label)."""
    month = resolve_month(month_label)
    comments = (
        Comment.objects.filter(month=month).with_people().select_related("item", "unit", "action")
    )
    return [
        CommentRow(
            target_kind=TARGET_LABELS[c.target_kind],
            target_code=c.target.code,
            target_name=c.target.name,
            speaker=c.speaker,
            author=str(c.author),
            text=c.text,
            created_at=timezone.localtime(c.created_at),
        )
        for c in comments
    ]


# --- Assignments ------------------------------------------------------------------------


def assignment_list(user, today: datetime.date | None = None):
    """The assignments a user may see, with what the list shows (1 query + co-units)."""
    return (
        Assignment.objects.visible_to(user)
        .with_card()
        .with_latest_progress()
        .with_overdue_flag(today)
        .prefetch_related("co_units")
    )


def carried_over(month: Month, today: datetime.date | None = None) -> list[Assignment]:
    """Overdue assignments of earlier meetings, shown at the top of this one (1 query)."""
    return list(
        Assignment.objects.carried_over_to(month, today)
        .with_card()
        .with_latest_progress()
        .order_by("deadline", "pk")
    )


SCREEN_ASSIGNMENT_FIELDS = (
    "month",
    "content",
    "deadline",
    "status",
    "responsible_unit__name",
    "item__action__code",
)


def open_assignments_up_to(
    month: Month, today: datetime.date | None = None
) -> tuple[list[Assignment], list[Assignment]]:
    """The big screen's 交办事项 not yet closed (销号), overdue flagged, by deadline: the
    month's own (each with its item's action, if any) and those of earlier meetings
    (1 query)."""
    rows = (
        Assignment.objects.filter(Q(month=month) | months_before(month, "month__"))
        .not_closed()
        # What the slides show (ScreenAssignmentTable) and how they are grouped (by the
        # item's action): a fifth of the columns, a query Django builds in half the time.
        .select_related("responsible_unit", "item__action")
        .only(*SCREEN_ASSIGNMENT_FIELDS)
        .order_by("deadline", "pk")
    )
    today = today or timezone.localdate()
    own, earlier = [], []
    for assignment in rows:
        # Every one listed is open, so it is 逾期 exactly when its deadline has passed
        # (AssignmentQuerySet.overdue): told here rather than by a subquery per row.
        assignment.is_overdue = assignment.deadline < today
        (own if assignment.month_id == month.pk else earlier).append(assignment)
    return own, earlier


def home_assignments(user) -> list[dict]:
    """HOME_EXTRAS contributor: a unit's open assignments on its reporters' home page."""
    if not user.is_unit_member:
        return []
    # The block shows each assignment's number, content, deadline, status and leader;
    # every one listed is open, so it is 逾期 exactly when its deadline has passed
    # (AssignmentQuerySet.overdue), told here rather than by a subquery per row.
    # Built once per unit (actions.prepared): Django took longer to build the query
    # than the database took to answer it.
    open_assignments = prepared_objects(
        ("home-assignments", user.unit_id),
        lambda: (
            Assignment.objects.filter(responsible_unit_id=user.unit_id)
            .not_closed()
            .select_related("assigned_by")
            .order_by("deadline", "pk")
        ),
    )
    if not open_assignments:
        return []
    today = timezone.localdate()
    for assignment in open_assignments:
        assignment.is_overdue = assignment.deadline < today
    return [
        {
            "template": "meetings/includes/home_assignments.html",
            "data": {
                "assignments": open_assignments,
                "overdue": sum(a.is_overdue for a in open_assignments),
            },
        }
    ]


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as the meeting workbook's 交办事项 sheet prints it."""

    number: str  # JB-0007
    month_label: str  # the meeting that handed it out
    content: str
    responsible_unit: str
    co_units: str  # 、-separated
    assigned_by: str
    deadline: datetime.date
    status: str  # 待办理 / 办理中 / 已办结待销号 / 已销号
    latest_progress: str
    item_code: str
    overdue: bool  # fill it red
    carried_over: bool  # handed out at an earlier meeting and still open


ASSIGNMENT_SHEET_COLUMNS = [
    ("编号", "number"),
    ("交办月份", "month_label"),
    ("交办内容", "content"),
    ("责任单位", "responsible_unit"),
    ("配合单位", "co_units"),
    ("交办领导", "assigned_by"),
    ("办理时限", "deadline"),
    ("状态", "status"),
    ("最新进展", "latest_progress"),
    ("相关事项", "item_code"),
]


def assignments_for_export(
    month_label: str, today: datetime.date | None = None
) -> list[AssignmentRow]:
    """The 交办事项 sheet: earlier meetings' assignments still open, then this month's
    (3 queries)."""
    month = resolve_month(month_label)
    today = today or timezone.localdate()
    earlier = months_before(month, "month__")
    still_open = ~Q(status=AssignmentStatus.CLOSED)
    # The workbook prints 状态 in Chinese, also when an English page asks for it.
    with translation.override("zh-hans"):
        statuses = {value: str(label) for value, label in AssignmentStatus.choices}
    assignments = (
        Assignment.objects.filter(Q(month=month) | (earlier & still_open))
        .with_card()
        .with_latest_progress()
        .prefetch_related(Prefetch("co_units", queryset=Unit.objects.order_by("code")))
    )
    rows = [
        AssignmentRow(
            number=a.number,
            month_label=a.month.label,
            content=a.content,
            responsible_unit=a.responsible_unit.name,
            co_units="、".join(u.name for u in a.co_units.all()),
            assigned_by=a.assigned_by.name,
            deadline=a.deadline,
            status=statuses[a.status],
            latest_progress=a.latest_progress or "",
            item_code=a.item.code if a.item else "",
            overdue=a.overdue_on(today),
            carried_over=a.month_id != month.pk,
        )
        for a in assignments
    ]
    rows.sort(key=lambda r: (not r.carried_over, r.deadline, r.number))
    return rows


# --- On-site rating ---------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """A unit's rating result: live while the session is open, frozen after."""

    unit: Unit
    vote_count: int
    mean: Decimal | None
    bonus_points: Decimal | None = None
    position: int | None = None  # competition ranking by mean (1, 2, 2, 4); None unrated


def live_results(session: RatingSession) -> list[ResultRow]:
    """Each presenting unit's trimmed mean of the votes so far (2 queries)."""
    scores: dict[int, list[Decimal]] = {}
    for unit_id, score in Vote.objects.filter(session=session).values_list("unit_id", "score"):
        scores.setdefault(unit_id, []).append(score)
    return [
        ResultRow(
            unit=unit,
            vote_count=len(scores.get(unit.pk, [])),
            mean=trimmed_mean(scores.get(unit.pk, [])),
        )
        for unit in session.units.order_by("code")
    ]


def session_results(session: RatingSession) -> list[ResultRow]:
    """The results the screen shows: frozen rows once closed, else live; best first
    (1–2 queries)."""
    if session.is_open:
        rows = live_results(session)
    else:
        rows = [
            ResultRow(
                unit=r.unit,
                vote_count=r.vote_count,
                mean=r.mean,
                bonus_points=r.bonus.points if r.bonus else None,
            )
            for r in session.results.select_related("unit", "bonus")
        ]
    return _ranked(rows)


def _ranked(rows: list[ResultRow]) -> list[ResultRow]:
    """Best mean first, with competition ranking (1, 2, 2, 4); unrated units last."""
    rows = sorted(rows, key=lambda r: (r.mean is None, -(r.mean or 0), r.unit.code))
    ranked: list[ResultRow] = []
    for index, row in enumerate(rows, start=1):
        if row.mean is None:
            position = None
        elif ranked and ranked[-1].mean == row.mean:
            position = ranked[-1].position
        else:
            position = index
        ranked.append(replace(row, position=position))
    return ranked


@dataclass(frozen=True)
class RatingRow:
    """One unit's result in one rating session, as the workbook's 现场测评 sheet prints it."""

    session_title: str
    session_state: str  # 测评中 / 已结束
    position: int | None
    unit_name: str
    vote_count: int
    mean: Decimal | None
    bonus_points: Decimal | None


RATING_SHEET_COLUMNS = [
    ("测评名称", "session_title"),
    ("状态", "session_state"),
    ("名次", "position"),
    ("单位", "unit_name"),
    ("有效票数", "vote_count"),
    ("测评均分", "mean"),
    ("测评加分", "bonus_points"),
]


def rating_rows_for_export(month: Month | str) -> list[RatingRow]:
    """Every rating session of the month in the order they were opened, each unit's
    result best first: frozen once closed, live from the votes while open (at most 4
    queries whatever the number of sessions)."""
    month = resolve_month(month)
    sessions = list(
        RatingSession.objects.filter(month=month)
        .order_by("created_at", "pk")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("code")))
    )
    open_ids = [s.pk for s in sessions if s.is_open]
    scores: dict[tuple[int, int], list[Decimal]] = {}
    if open_ids:
        votes = Vote.objects.filter(session_id__in=open_ids)
        for session_id, unit_id, score in votes.values_list("session_id", "unit_id", "score"):
            scores.setdefault((session_id, unit_id), []).append(score)
    frozen: dict[int, list[ResultRow]] = {}
    if len(open_ids) < len(sessions):
        results = RatingResult.objects.filter(session__month=month).select_related("unit", "bonus")
        for r in results:
            points = r.bonus.points if r.bonus else None
            frozen.setdefault(r.session_id, []).append(
                ResultRow(r.unit, r.vote_count, r.mean, bonus_points=points)
            )
    with translation.override("zh-hans"):
        states = {value: str(label) for value, label in RatingState.choices}
    rows = []
    for session in sessions:
        if session.is_open:
            results = [
                ResultRow(u, len(v := scores.get((session.pk, u.pk), [])), trimmed_mean(v))
                for u in session.units.all()
            ]
        else:
            results = frozen.get(session.pk, [])
        rows += [
            RatingRow(
                session_title=session.title,
                session_state=states[session.state],
                position=r.position,
                unit_name=r.unit.name,
                vote_count=r.vote_count,
                mean=r.mean,
                bonus_points=r.bonus_points,
            )
            for r in _ranked(results)
        ]
    return rows


def month_sessions(month: Month) -> list[RatingSession]:
    return list(RatingSession.objects.filter(month=month).order_by("created_at", "pk"))


def votes_of(session: RatingSession, *, user=None, seat=None) -> dict[int, Decimal]:
    """One attendee's current scores by unit id (1 query)."""
    attendee = {"user": user} if user is not None else {"seat": seat}
    return dict(Vote.objects.filter(session=session, **attendee).values_list("unit_id", "score"))
