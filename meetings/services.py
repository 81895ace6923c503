"""Writes of the meeting (晒比会现场): comments, assignments and the on-site rating.

Every write is one verb-named function in one transaction, called alike by views,
the admin and tests. A refusal is a MeetingError with a Chinese message; nothing is
half-written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import may
from actions.models import Action, Item, Official, Unit
from reporting.bonuses import add_bonus
from reporting.evidence import MAX_FILES, store_checked
from reporting.models import BonusPenalty, Month
from reporting.numbers import NotANumber, parse_number
from reporting.uploads import check_uploads
from reporting.workflow import WorkflowError
from scoring.tasks import queue_rescore

from . import rating
from .messages import tell_unit_of_assignment, tell_unit_of_comment
from .models import (
    NOTICE_MAX_CHARS,
    Assignment,
    AssignmentProgress,
    AssignmentStatus,
    Comment,
    Notice,
    ProgressFile,
    ProgressKind,
    RatingResult,
    RatingSeat,
    RatingSession,
    RatingState,
    Vote,
)
from .queries import live_results

MAX_SEATS = 500


class MeetingError(Exception):
    """A refused write; ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Comments (领导点评) --------------------------------------------------------------


def add_comment(
    *,
    month: Month,
    author: User,
    text: str,
    item: Item | None = None,
    unit: Unit | None = None,
    action: Action | None = None,
    on_behalf_of: Official | None = None,
) -> Comment:
    """A leader's comment on exactly one item, unit or action of the month."""
    if not may(author, "meetings.comment"):
        raise MeetingError(_("只有领导和考核办可以点评"))
    if author.is_office and not author.is_leader and on_behalf_of is None:
        raise MeetingError(_("考核办代录点评时须选择点评领导"))
    if sum(target is not None for target in (item, unit, action)) != 1:
        raise MeetingError(_("点评须针对一个事项、单位或行动"))
    text = (text or "").strip()
    if not text:
        raise MeetingError(_("请填写点评内容"))
    with transaction.atomic():
        comment = Comment.objects.create(
            month=month,
            author=author,
            on_behalf_of=on_behalf_of,
            text=text,
            item=item,
            unit=unit,
            action=action,
        )
        tell_unit_of_comment(comment)
    return comment


# --- The month's 通报 -----------------------------------------------------------------


def save_notice(month: Month, text: str, user: User) -> Notice:
    """Keep the office's edit of `month`'s 通报 (one paragraph a line, the title first);
    the version it replaces stays in the history."""
    _require(user, "meetings.edit_notice")
    lines = [line.strip() for line in (text or "").splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise MeetingError(_("通报正文不能为空"))
    if len(text) > NOTICE_MAX_CHARS:
        raise MeetingError(
            _("通报正文不能超过 %(limit)s 字（现有 %(count)s 字）")
            % {"limit": NOTICE_MAX_CHARS, "count": len(text)}
        )
    with transaction.atomic():
        notice, created = Notice.objects.select_for_update().get_or_create(
            month=month, defaults={"text": text, "edited_by": user}
        )
        if not created and notice.text != text:
            notice.text, notice.edited_by, notice.edited_at = text, user, timezone.now()
            notice.save()
    return notice


def discard_notice_edits(month: Month, user: User) -> None:
    """Go back to the draft made from the data: the edit is dropped (its versions stay
    in the history), so the 通报 follows the month's figures again."""
    _require(user, "meetings.edit_notice")
    with transaction.atomic():
        for notice in Notice.objects.select_for_update().filter(month=month):
            notice.delete()


# --- Assignments (交办事项) ------------------------------------------------------------


def create_assignment(
    *,
    month: Month,
    content: str,
    responsible_unit: Unit,
    deadline: datetime.date,
    assigned_by: Official,
    created_by: User,
    co_units: Iterable[Unit] = (),
    item: Item | None = None,
) -> Assignment:
    """Hand out an assignment at the meeting (现场交办)."""
    if not may(created_by, "meetings.assign"):
        raise MeetingError(_("只有领导和考核办可以交办事项"))
    content = (content or "").strip()
    if not content:
        raise MeetingError(_("请填写交办内容"))
    if assigned_by is None:
        raise MeetingError(_("请选择交办领导"))
    if deadline is None:
        raise MeetingError(_("请填写办理时限"))
    if deadline < datetime.date(month.year, month.number, 1):
        # It would be 逾期 from the moment it is handed out: a typo, not a deadline.
        raise MeetingError(_("办理时限不能早于会议月份 %(label)s") % {"label": month.label})
    co_units = [u for u in co_units if u.pk != responsible_unit.pk]
    with transaction.atomic():
        assignment = Assignment.objects.create(
            month=month,
            content=content,
            responsible_unit=responsible_unit,
            deadline=deadline,
            assigned_by=assigned_by,
            created_by=created_by,
            item=item,
        )
        assignment.co_units.set(co_units)
        tell_unit_of_assignment(assignment)
    return assignment


def report_assignment_progress(
    assignment: Assignment,
    user: User,
    *,
    kind: str,
    text: str,
    evidence: str = "",
    files: Sequence[UploadedFile] = (),
) -> AssignmentProgress:
    """The responsible unit reports progress: 办理中, or 已办结 with its evidence (a
    description, files (佐证材料) checked as a report's are, or both)."""
    if not may(user, "meetings.report_progress", assignment):
        raise MeetingError(_("只有责任单位可以报送办理进展"))
    if kind not in (ProgressKind.IN_PROGRESS, ProgressKind.DONE):
        raise MeetingError(_("办理状态无效"))
    text, evidence = (text or "").strip(), (evidence or "").strip()
    if not text:
        raise MeetingError(_("请填写办理情况"))
    if kind == ProgressKind.DONE and not evidence and not files:
        raise MeetingError(_("报已办结时须填写或上传佐证材料"))
    if len(files) > MAX_FILES:
        raise MeetingError(_("每次最多上传 %(n)s 个佐证材料") % {"n": MAX_FILES})
    try:
        checked = check_uploads(list(files))
    except WorkflowError as exc:
        raise MeetingError(exc.message) from None
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.closed:
            raise MeetingError(_("该事项已销号，不能再报送进展"))
        entry = AssignmentProgress.objects.create(
            assignment=assignment, kind=kind, text=text, evidence=evidence, author=user
        )
        for file in checked:
            store_checked(ProgressFile(progress=entry), file)
        assignment.status = (
            AssignmentStatus.DONE if kind == ProgressKind.DONE else AssignmentStatus.IN_PROGRESS
        )
        assignment.save(update_fields=["status"])
    return entry


def close_assignment(assignment: Assignment, user: User, note: str = "") -> Assignment:
    """The office confirms closure (销号) of an assignment the unit reported done."""
    _require(user, "meetings.close_assignment")
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.status != AssignmentStatus.DONE:
            raise MeetingError(_("只有责任单位报已办结的事项才能销号"))
        AssignmentProgress.objects.create(
            assignment=assignment,
            kind=ProgressKind.CLOSED,
            text=(note or "").strip() or _("考核办确认销号"),
            author=user,
        )
        assignment.status = AssignmentStatus.CLOSED
        assignment.closed_at, assignment.closed_by = timezone.now(), user
        assignment.return_reason = ""
        assignment.save(update_fields=["status", "closed_at", "closed_by", "return_reason"])
    return assignment


def return_assignment(assignment: Assignment, user: User, reason: str) -> Assignment:
    """The office sends a reported-done assignment back to the unit (退回), with a reason."""
    _require(user, "meetings.close_assignment")
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(_("退回须填写理由"))
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.status != AssignmentStatus.DONE:
            raise MeetingError(_("只有责任单位报已办结的事项才能退回"))
        AssignmentProgress.objects.create(
            assignment=assignment, kind=ProgressKind.RETURNED, text=reason, author=user
        )
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.return_reason = reason
        assignment.save(update_fields=["status", "return_reason"])
    return assignment


def _lock(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().get(pk=assignment.pk)


# --- On-site rating (现场测评) ----------------------------------------------------------


def open_rating_session(
    *,
    month: Month,
    user: User,
    units: Iterable[Unit],
    title: str = "",
    min_score: Decimal = Decimal("0"),
    max_score: Decimal = Decimal("100"),
    seat_count: int = 0,
) -> RatingSession:
    """The office opens a rating of the units presenting, with optional guest seats."""
    _require(user, "meetings.run_rating")
    units = list(units)
    if not units:
        raise MeetingError(_("请至少选择一个汇报单位"))
    if min_score >= max_score:
        raise MeetingError(_("最低分须小于最高分"))
    with transaction.atomic():
        session = RatingSession.objects.create(
            month=month,
            title=(title or "").strip() or _("%(label)s 现场测评") % {"label": month.label},
            token=rating.new_token(),
            min_score=min_score,
            max_score=max_score,
            created_by=user,
        )
        session.units.set(units)
        if seat_count:
            add_seats(session, user, seat_count)
    return session


def add_seats(session: RatingSession, user: User, count: int) -> list[RatingSeat]:
    """Generate `count` more guest seat codes (席位码) for the session."""
    _require(user, "meetings.run_rating")
    if not 1 <= count <= MAX_SEATS:
        raise MeetingError(_("席位数须在 1 到 %(max)s 之间") % {"max": MAX_SEATS})
    with transaction.atomic():
        session = RatingSession.objects.select_for_update().get(pk=session.pk)
        existing = dict(session.seats.values_list("code", "number"))
        start = max(existing.values(), default=0)
        codes: set[str] = set()
        while len(codes) < count:
            code = rating.new_seat_code()
            if code not in existing:
                codes.add(code)
        return RatingSeat.objects.bulk_create(
            RatingSeat(session=session, number=start + i, code=code)
            for i, code in enumerate(sorted(codes), start=1)
        )


def find_seat(session: RatingSession, code: str) -> RatingSeat:
    """The session's seat with this code; a forged or mistyped code is refused."""
    seat = RatingSeat.objects.filter(session=session, code=rating.normalize_seat_code(code)).first()
    if seat is None:
        raise MeetingError(_("席位码无效，请核对后重新输入"))
    return seat


def cast_vote(
    session: RatingSession,
    unit: Unit,
    score,
    *,
    user: User | None = None,
    seat: RatingSeat | None = None,
) -> None:
    """An attendee's score for a unit. A second vote replaces the first (one vote per
    attendee per unit, guarded by unique constraints); refused once the session closed."""
    if (user is None) == (seat is None):
        raise MeetingError(_("无法确认打分人身份"))
    if seat is not None and seat.session_id != session.pk:
        raise MeetingError(_("席位码无效，请核对后重新输入"))
    value = _parse_score(score, session)
    attendee = "user" if user is not None else "seat"
    with transaction.atomic():
        state, presenting = _share_session(session, unit)
        if state != RatingState.OPEN:
            raise MeetingError(_("本次测评已结束，不能再打分"))
        if not presenting:
            raise MeetingError(_("该单位不在本次测评名单中"))
        # INSERT … ON CONFLICT DO UPDATE: a double tap racing its twin replaces the vote
        # it lost to, in the same one statement.
        Vote.objects.bulk_create(
            [Vote(session=session, unit=unit, score=value, user=user, seat=seat)],
            update_conflicts=True,
            unique_fields=["session", "unit", attendee],
            update_fields=["score", "updated_at"],
        )


class VotesRefused(MeetingError):
    """Scores sent together (全部提交) of which some were refused: ``errors`` by unit id."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(
            _("有 %(n)s 个单位的分数有误，本次均未提交，请修改后重新提交") % {"n": len(errors)}
        )
        self.errors = errors


def cast_votes(session: RatingSession, scores: dict[Unit, str], **attendee) -> None:
    """An attendee's (``user=`` or ``seat=``, as cast_vote) scores for several units at once
    (全部提交): all are written or none. Every score is checked first, so each refusal can be
    named on its unit's card."""
    errors, values = {}, {}
    for unit, score in scores.items():
        try:
            values[unit] = _parse_score(score, session)
        except MeetingError as exc:
            errors[unit.pk] = exc.message
    if errors:
        raise VotesRefused(errors)
    with transaction.atomic():
        for unit, value in values.items():
            cast_vote(session, unit, value, **attendee)


def _share_session(session: RatingSession, unit: Unit) -> tuple[str, bool]:
    """The session's state and whether `unit` presents in it, the session row held
    FOR SHARE until the transaction ends. Votes share the lock, so they do not wait for
    each other; close_rating_session's FOR UPDATE waits for the votes in flight, and a
    vote that comes after it reads 已结束. SQLite has no row locks and needs none: its
    transactions here begin IMMEDIATE, one writer at a time (settings.DATABASES)."""
    presenting = RatingSession.units.through.objects.filter(ratingsession=OuterRef("pk"), unit=unit)
    query = (
        RatingSession.objects.filter(pk=session.pk)
        .annotate(presenting=Exists(presenting))
        .values_list("state", "presenting")
        .query
    )
    connection = transaction.get_connection()
    sql, params = query.get_compiler(connection=connection).as_sql()
    if connection.features.has_select_for_update:
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise RatingSession.DoesNotExist
    return row[0], bool(row[1])


def close_rating_session(session: RatingSession, user: User) -> RatingSession:
    """End the rating and freeze each unit's trimmed mean as a result row."""
    _require(user, "meetings.run_rating")
    with transaction.atomic():
        # FOR UPDATE waits for the votes in flight (each holds the row FOR SHARE) and
        # makes later ones wait, then read 已结束: the results count every accepted vote.
        session = RatingSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise MeetingError(_("本次测评已经结束"))
        RatingResult.objects.bulk_create(
            RatingResult(session=session, unit=row.unit, vote_count=row.vote_count, mean=row.mean)
            for row in live_results(session)
        )
        session.state = RatingState.CLOSED
        session.closed_at, session.closed_by = timezone.now(), user
        session.save(update_fields=["state", "closed_at", "closed_by"])
    return session


def add_rating_bonus(
    session: RatingSession, user: User, weight_percent: Decimal
) -> list[BonusPenalty]:
    """Add each unit's frozen result × weight% to its 区级 加分 for the session's month,
    as ordinary BonusPenalty rows, then queue the month's rescoring. Results already
    added are skipped, so a second click adds nothing."""
    _require(user, "meetings.run_rating")
    if weight_percent is None or not Decimal(0) < weight_percent <= Decimal(100):
        raise MeetingError(_("权重须大于 0 且不超过 100%"))
    with transaction.atomic():
        session = RatingSession.objects.select_for_update().get(pk=session.pk)
        if session.is_open:
            raise MeetingError(_("请先结束测评，再计入加分"))
        results = list(
            session.results.filter(bonus__isnull=True, mean__isnull=False).select_related("unit")
        )
        if not results:
            raise MeetingError(_("没有可计入加分的测评结果（已全部计入或无人打分）"))
        created = []
        for result in results:
            try:
                # One rescore for the lot, below, rather than one per unit.
                bonus = add_bonus(
                    result.unit,
                    session.month,
                    rating.bonus_points(result.mean, weight_percent),
                    rating.bonus_reason(result.mean, weight_percent),
                    user,
                    rescore=False,
                )
            except WorkflowError as exc:
                raise MeetingError(
                    _("%(unit)s：%(error)s，未计入") % {"unit": result.unit, "error": exc.message}
                ) from None
            result.bonus = bonus
            result.save(update_fields=["bonus"])
            created.append(bonus)
        _queue_rescore(session.month)
    return created


def _parse_score(score, session: RatingSession) -> Decimal:
    try:
        value = score if isinstance(score, Decimal) else parse_number(str(score))
    except NotANumber:
        raise MeetingError(_("请输入有效的分数")) from None
    if value is None or not value.is_finite():
        raise MeetingError(_("请输入有效的分数"))
    if not session.min_score <= value <= session.max_score:
        raise MeetingError(
            _("分数须在 %(min)s 到 %(max)s 之间")
            % {"min": _plain(session.min_score), "max": _plain(session.max_score)}
        )
    if value != value.quantize(rating.CENT):
        raise MeetingError(_("分数最多保留两位小数"))
    return value.quantize(rating.CENT)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _queue_rescore(month: Month) -> None:
    """Rescore the month's preview once the bonus rows are committed."""
    queue_rescore(month)


def _require(user: User | None, perm: str) -> None:
    if not may(user, perm):
        raise MeetingError(_("只有考核办可以执行此操作"))
