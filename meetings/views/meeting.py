"""Meeting pages: the month's meeting view, the big screen, comments and assignments.

Views are thin: forms check the shape of input, services.py decides and writes, and
each object view gets its object through one get_<thing>_for_user() that authorizes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import next_url as safe_next_url
from accounts.access import permission_required
from actions.models import Action, Item, Unit
from reporting.evidence import CONTENT_TYPES
from reporting.models import Month
from reporting.months import pickable_months, shown_month
from reporting.queries import get_month_or_404
from reporting.views.evidence import send_file
from scoring.fragments import boards_fragment
from scoring.queries import choose_run, month_and_runs, run_boards

from .. import queries, services
from ..comments import comment_block, comments_html
from ..filtersets import AssignmentFilter
from ..forms import AssignmentForm, CloseForm, CommentForm, ProgressForm, ReturnForm
from ..models import Assignment, AssignmentStatus, ProgressFile
from ..screen import screen_steps
from ..services import MeetingError
from ..tables import (
    AssignmentTable,
    ScreenActionTable,
    ScreenAssignmentTable,
    ScreenItemTable,
    ScreenUnitTable,
)
from .rating import screen_context


def get_assignment_for_user(user, pk: int) -> Assignment:
    """The assignment if this user may see it (a unit only its own), else 404."""
    return get_object_or_404(
        Assignment.objects.visible_to(user)
        .with_card()
        .with_overdue_flag()
        .prefetch_related("co_units"),
        pk=pk,
    )


# --- The meeting view -------------------------------------------------------------------


@permission_required("meetings.read_meeting")
def meeting_index(request: HttpRequest) -> HttpResponse:
    month = shown_month(request.user, request.GET.get("month")).month  # the meeting month
    if month is None:
        raise Http404
    return redirect("meetings:month", month.label)


@permission_required("meetings.read_meeting")
def meeting_month(request: HttpRequest, label: str) -> HttpResponse:
    try:
        month, runs = month_and_runs(label)
    except (ValueError, Month.DoesNotExist):
        raise Http404 from None
    context = {
        "month": month,
        "run": choose_run(runs),  # the run the board and the big screen show, named as there
        "months": pickable_months(request.user),
        "carried_over": queries.carried_over(month),
        "assignments": list(
            queries.assignment_list(request.user).filter(month=month).order_by("deadline", "pk")
        ),
        "comments": queries.comments_for_month(month),
        "sessions": queries.month_sessions(month),
    }
    return render(request, "meetings/meeting_month.html", context)


# --- Big screen (大屏模式) --------------------------------------------------------------


@permission_required("meetings.read_meeting")
def screen_start(request: HttpRequest, label: str) -> HttpResponse:
    return redirect("meetings:screen", get_month_or_404(label).label, 0)


@permission_required("meetings.read_meeting")
def screen(request: HttpRequest, label: str, step: int) -> HttpResponse:
    try:
        month, runs = month_and_runs(label)
    except (ValueError, Month.DoesNotExist):
        raise Http404 from None
    run = choose_run(runs)  # the latest publication, else the preview: load_month_boards's
    if run is None:
        return render(request, "scoring/boards_empty.html", {"month": month})
    boards = run_boards(month, run)
    own, earlier = queries.open_assignments_up_to(month)
    steps = screen_steps(
        boards, queries.month_sessions(month), assignments=own, carried_over=earlier
    )
    if step >= len(steps):
        raise Http404
    current = steps[step]
    context = {
        "month": month,
        "boards": boards,
        "step": current,
        "index": step,
        "count": len(steps),
        "prev_url": reverse("meetings:screen", args=[month.label, step - 1]) if step else "",
        "next_url": reverse("meetings:screen", args=[month.label, step + 1])
        if step + 1 < len(steps)
        else "",
        "exit_url": reverse("meetings:month", args=[month.label]),
        "density": screen_density(current.rows),
    }
    # The tables of the boards' slides show the run only: drawn once per run, slide and
    # language (scoring/fragments.py); the 交办事项 change at any time.
    code = current.action.action_code if current.action else ""
    part = f"screen|{current.kind}|{code}|{current.title}|{current.page}"
    if current.kind == "actions":
        context["table_html"] = boards_fragment(
            boards, part, lambda: ScreenActionTable(current.actions).as_html(request)
        )
    elif current.kind == "action":
        context["table_html"] = boards_fragment(
            boards, part, lambda: ScreenItemTable(current.items).as_html(request)
        )
    elif current.kind in ("tasks", "carried"):
        context["table_html"] = ScreenAssignmentTable(current.assignments).as_html(request)
    elif current.kind == "board":
        unreported = set() if boards.published else boards.unreported_units()
        context["tables"] = boards_fragment(
            boards,
            part,
            lambda: [
                (label, ScreenUnitTable(rows, unreported=unreported).as_html(request))
                for label, rows in current.groups
            ],
        )
    elif current.kind == "rating":
        context.update(screen_context(request, current.session))
    return render(request, "meetings/screen.html", context)


def screen_density(rows: int) -> str:
    """The big screen's type size for a table of `rows` rows, so that a page of up to
    about 25 rows fits a 16:9 projector without scrolling."""
    if rows > 20:
        return "screen-densest"
    if rows > 15:
        return "screen-denser"
    if rows > 10:
        return "screen-dense"
    return ""


# --- Comments (领导点评) ------------------------------------------------------------------

TARGET_MODELS = {"item": Item, "unit": Unit, "action": Action}


@require_POST
@permission_required("meetings.comment")
def comment_add(request: HttpRequest, label: str) -> HttpResponse:
    """Post a comment; htmx gets the target's comment list back, a plain form a redirect."""
    month = get_month_or_404(label)
    form = CommentForm(request.POST)
    kind, target_id = request.POST.get("target"), request.POST.get("target_id")
    model = TARGET_MODELS.get(kind or "")
    if model is None or not str(target_id or "").isdigit():
        raise Http404
    target = get_object_or_404(model, pk=int(target_id))
    error = ""
    if form.is_valid():
        try:
            services.add_comment(
                month=month,
                author=request.user,
                text=form.cleaned_data["text"],
                on_behalf_of=form.cleaned_data["on_behalf_of"],
                **{kind: target},
            )
        except MeetingError as exc:
            error = exc.message
        else:
            form = None
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    next_url = safe_next_url(request, reverse("meetings:month", args=[month.label]))
    if request.headers.get("HX-Request"):
        block = comment_block(
            request.user, month, form=form, error=error, next_url=next_url, **{kind: target}
        )
        return HttpResponse(comments_html(block, get_token(request)))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("点评已发表"))
    return redirect(next_url)


# --- Assignments (交办事项) ---------------------------------------------------------------


@permission_required("meetings.read_assignments")
def assignment_list(request: HttpRequest) -> HttpResponse:
    queryset = queries.assignment_list(request.user).order_by("deadline", "pk")
    assignment_filter = AssignmentFilter(request.GET, queryset=queryset)
    can_create = request.user.has_perm("meetings.assign")
    table = AssignmentTable(assignment_filter.qs)
    if not any(request.GET.get(name) for name in assignment_filter.filters):
        # Nothing chosen in the filter: an empty list says why, not "no match".
        table.empty_text = (
            _("还没有交办事项。在晒比会现场或本页点「现场交办」交办后，在这里跟踪办理进展。")
            if can_create
            else _("本单位还没有交办事项。领导交办给本单位的事项会列在这里。")
        )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "meetings/assignment_list.html",
        {"filter": assignment_filter, "table": table, "can_create": can_create},
    )


@permission_required("meetings.assign")
def assignment_create(request: HttpRequest) -> HttpResponse:
    """现场交办: a standalone page, prefilled from ?item=<pk> or ?unit=<code> (&month=)."""
    source = request.POST if request.method == "POST" else request.GET
    item = queries.resolve_target(Item, source.get("item") or None)
    if request.method == "POST":
        form = AssignmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment = services.create_assignment(
                    month=data["month"],
                    content=data["content"],
                    responsible_unit=data["responsible_unit"],
                    co_units=data["co_units"],
                    deadline=data["deadline"],
                    assigned_by=data["assigned_by"],
                    created_by=request.user,
                    item=item,
                )
            except MeetingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已交办 %(number)s") % {"number": assignment.number})
                return redirect(assignment)
    else:
        form = AssignmentForm(initial=_assignment_initial(request, item))
    return render(request, "meetings/assignment_form.html", {"form": form, "item": item})


def _assignment_initial(request: HttpRequest, item: Item | None) -> dict:
    initial: dict = {}
    month_label = request.GET.get("month")
    if month_label:
        month = Month.objects.filter(pk__in=_month_pks(month_label)).first()
        if month:
            initial["month"] = month
    if item is not None:
        initial.update(
            item=item.pk,
            responsible_unit=item.lead_unit_id,
            co_units=list(item.co_units.values_list("pk", flat=True)),
            content=_("关于“%(code)s %(name)s”：") % {"code": item.code, "name": item.name},
        )
    unit_code = request.GET.get("unit")
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is not None:
            initial["responsible_unit"] = unit.pk
    if request.user.is_leader:
        if request.user.official_id is not None:
            initial["assigned_by"] = request.user.official_id
    return initial


def _month_pks(label: str) -> list[int]:
    try:
        return [queries.resolve_month(label).pk]
    except (ValueError, Month.DoesNotExist):
        return []


@permission_required("meetings.read_assignments")
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk)
    user = request.user
    may_report = user.has_perm("meetings.report_progress", assignment)
    context = {
        "assignment": assignment,
        "progress": assignment.progress.select_related("author").prefetch_related("files"),
        "progress_form": ProgressForm() if may_report and not assignment.closed else None,
        "may_verify": user.has_perm("meetings.close_assignment")
        and assignment.status == AssignmentStatus.DONE,
        "return_form": ReturnForm(),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/assignment_detail.html", context)


@require_POST
@permission_required("meetings.report_progress")
def assignment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_assignment_progress(
                assignment, request.user, files=request.FILES.getlist("files"), **form.cleaned_data
            )
        except MeetingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("办理进展已报送"))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(assignment)


@login_required
def progress_file(request: HttpRequest, pk: int, thumbnail: bool = False) -> HttpResponse:
    """An evidence file of an assignment's progress, for those who may see the
    assignment (another unit's → 404); the file as an attachment, or its thumbnail."""
    stored = get_object_or_404(
        ProgressFile.objects.filter(
            progress__assignment__in=Assignment.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if thumbnail:
        if not stored.thumbnail:
            raise Http404
        return send_file(stored.thumbnail, "thumbnail.jpg", "image/jpeg", False)
    return send_file(stored.file, stored.name, CONTENT_TYPES[stored.kind], True)


def _valid_or_told(request: HttpRequest, form) -> bool:
    """Whether the posted `form` is valid; if not, its first error is told as a message."""
    if form.is_valid():
        return True
    messages.error(request, next(iter(form.errors.values()))[0])
    return False


@require_POST
@permission_required("meetings.close_assignment")
def assignment_close(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if not _valid_or_told(request, form):
        return redirect(assignment)
    try:
        services.close_assignment(assignment, request.user, form.cleaned_data["note"])
    except MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已销号"))
    return redirect(assignment)


@require_POST
@permission_required("meetings.close_assignment")
def assignment_return(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk)
    form = ReturnForm(request.POST)
    if not _valid_or_told(request, form):
        return redirect(assignment)
    try:
        services.return_assignment(assignment, request.user, form.cleaned_data["reason"])
    except MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退回责任单位"))
    return redirect(assignment)
