"""On-site rating pages (现场测评): the office's session page, the big-screen QR and live
results, the printable seat list, and the attendees' phone page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from actions.models import Unit
from reporting.queries import get_month_or_404

from .. import queries, services
from ..forms import BonusForm, RatingSessionForm, SeatsForm, VoteForm
from ..models import RatingSession
from ..rating import qr_svg
from ..services import MeetingError
from ..tables import RatingResultTable, SeatTable


def get_session_for_user(user, pk: int) -> RatingSession:
    """A rating session for leaders and the office; 404 for everyone else."""
    if not user.has_perm("meetings.read_meeting"):
        raise Http404
    return get_object_or_404(RatingSession.objects.select_related("month"), pk=pk)


def vote_url(request: HttpRequest, session: RatingSession) -> str:
    return request.build_absolute_uri(reverse("meetings:rate", args=[session.token]))


def results_context(session: RatingSession) -> dict:
    return {
        "session": session,
        "results_table": RatingResultTable(queries.session_results(session)),
        "results_url": reverse("meetings:rating_results", args=[session.pk]),
    }


def screen_context(request: HttpRequest, session: RatingSession) -> dict:
    """What the big screen shows for a rating: the QR code to vote and the live results."""
    url = vote_url(request, session)
    return {"vote_url": url, "qr": qr_svg(url), **results_context(session)}


@permission_required("meetings.run_rating")
def rating_create(request: HttpRequest, label: str) -> HttpResponse:
    month = get_month_or_404(label)
    if request.method == "POST":
        form = RatingSessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.open_rating_session(
                    month=month, user=request.user, **form.cleaned_data
                )
            except MeetingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("现场测评已开启"))
                return redirect(session)
    else:
        form = RatingSessionForm(initial={"title": _("%(label)s 现场测评") % {"label": label}})
    return render(request, "meetings/rating_form.html", {"form": form, "month": month})


@permission_required("meetings.run_rating")
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    context = {
        **screen_context(request, session),
        "seat_count": session.seats.count(),
        "seats_form": SeatsForm(),
        "bonus_form": BonusForm(),
    }
    return render(request, "meetings/rating_detail.html", context)


@require_POST
@permission_required("meetings.run_rating")
def rating_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    try:
        services.close_rating_session(session, request.user)
    except MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("测评已结束，结果已固定"))
    return redirect(session)


@require_POST
@permission_required("meetings.run_rating")
def rating_bonus(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    form = BonusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("权重须大于 0 且不超过 100%"))
        return redirect(session)
    try:
        created = services.add_rating_bonus(session, request.user, form.cleaned_data["weight"])
    except MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "已为 %(n)s 个单位计入区级加分，榜单将重新计分",
                "已为 %(n)s 个单位计入区级加分，榜单将重新计分",
                len(created),
            )
            % {"n": len(created)},
        )
    return redirect(session)


@permission_required("meetings.run_rating")
def rating_seats(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable seat list (GET), or more seats (POST)."""
    session = get_session_for_user(request.user, pk)
    if request.method == "POST":
        form = SeatsForm(request.POST)
        if form.is_valid():
            try:
                services.add_seats(session, request.user, form.cleaned_data["count"])
            except MeetingError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("席位码已生成"))
        else:
            messages.error(request, _("席位数须在 1 到 500 之间"))
        return redirect("meetings:rating_seats", session.pk)
    seats = list(session.seats.all())
    url = vote_url(request, session)
    table = SeatTable(
        seats, vote_url=url, qr_codes={s.code: qr_svg(f"{url}?seat={s.code}") for s in seats}
    )
    return render(request, "meetings/rating_seats.html", {"session": session, "table": table})


@permission_required("meetings.read_meeting")
def rating_screen(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    context = {**screen_context(request, session), "exit_url": session.get_absolute_url()}
    if not request.user.has_perm("meetings.run_rating"):
        context["exit_url"] = reverse("meetings:month", args=[session.month.label])
    return render(request, "meetings/rating_screen.html", context)


@permission_required("meetings.read_meeting")
def rating_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The results fragment the big screen polls every 3 s while the session is open."""
    session = get_session_for_user(request.user, pk)
    return render(request, "meetings/includes/rating_results.html", results_context(session))


def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's phone page: a logged-in user, or a guest with ?seat=<code>."""
    session = get_object_or_404(RatingSession.objects.select_related("month"), token=token)
    seat, user, error = None, None, ""
    code = request.GET.get("seat", "").strip()
    if code:
        try:
            seat = services.find_seat(session, code)
        except MeetingError as exc:
            error = exc.message
    elif request.user.is_authenticated:
        user = request.user
    identified = seat is not None or user is not None
    if request.method == "POST":
        if not identified:
            return _rate_page(request, session, None, None, error or _("请先输入席位码"), 403)
        pairs = list(zip(request.POST.getlist("unit"), request.POST.getlist("score"), strict=False))
        if len(pairs) > 1:
            return _rate_all(request, session, user, seat, pairs)
        form = VoteForm(request.POST)
        form.is_valid()
        unit = None
        if "unit" in form.cleaned_data:
            unit = session.units.filter(pk=form.cleaned_data["unit"]).first()
        if unit is None:
            return _rate_page(request, session, user, seat, _("该单位不在本次测评名单中"), 400)
        typed = request.POST.get("score", "")
        try:
            services.cast_vote(session, unit, typed, user=user, seat=seat)
        except MeetingError as exc:
            if request.headers.get("HX-Request"):
                return _vote_card(
                    request, session, unit, user, seat, error=exc.message, typed=typed
                )
            status = 400 if session.is_open else 403
            return _rate_page(
                request,
                session,
                user,
                seat,
                exc.message,
                status,
                errors={unit.pk: exc.message},
                typed={unit.pk: typed},
            )
        if request.headers.get("HX-Request"):
            return _vote_card(request, session, unit, user, seat, saved=True)
        messages.success(request, _("已为 %(unit)s 打分") % {"unit": unit.name})
        return redirect(request.get_full_path())
    return _rate_page(request, session, user, seat, error, 403 if error else 200)


def _rate_all(request, session, user, seat, pairs: list[tuple[str, str]]) -> HttpResponse:
    """全部提交, or any button without JavaScript: one POST with every unit's score. The
    scores typed are written together or not at all; a refused one is named on its card
    and everything typed stays in its field."""
    units = {str(unit.pk): unit for unit in session.units.all()}
    typed = {pk: score.strip() for pk, score in pairs if score.strip()}
    if any(pk not in units for pk in typed):
        return _rate_page(request, session, user, seat, _("该单位不在本次测评名单中"), 400)
    if not typed:
        return _rate_page(request, session, user, seat, _("请至少为一个单位输入分数"), 400)
    try:
        services.cast_votes(
            session, {units[pk]: score for pk, score in typed.items()}, user=user, seat=seat
        )
    except services.VotesRefused as exc:
        typed = {int(pk): score for pk, score in typed.items()}
        return _rate_page(
            request, session, user, seat, exc.message, 400, errors=exc.errors, typed=typed
        )
    except MeetingError as exc:
        typed = {int(pk): score for pk, score in typed.items()}
        status = 400 if session.is_open else 403
        return _rate_page(request, session, user, seat, exc.message, status, typed=typed)
    messages.success(request, _("已提交 %(n)s 个单位的打分") % {"n": len(typed)})
    return redirect(request.get_full_path())


def _rate_page(
    request,
    session,
    user,
    seat,
    error: str,
    status: int,
    *,
    errors: dict[int, str] | None = None,
    typed: dict[int, str] | None = None,
) -> HttpResponse:
    """The phone page. ``typed``: scores sent but not saved, shown again in their fields
    and marked 未提交; ``errors``: why, on each unit's card."""
    identified = user is not None or seat is not None
    scores = queries.votes_of(session, user=user, seat=seat) if identified else {}
    errors, typed = errors or {}, typed or {}
    cards = [
        {
            "unit": unit,
            "score": scores.get(unit.pk),
            "typed": typed.get(unit.pk),
            "error": errors.get(unit.pk, ""),
        }
        for unit in session.units.order_by("code")
    ]
    context = {
        "session": session,
        "seat": seat,
        "identified": identified,
        "cards": cards,
        "error": error,
        "action_url": request.get_full_path(),
    }
    return render(request, "meetings/rating_vote.html", context, status=status)


def _vote_card(
    request,
    session,
    unit: Unit,
    user,
    seat,
    *,
    error: str = "",
    saved: bool = False,
    typed: str | None = None,
) -> HttpResponse:
    scores = queries.votes_of(session, user=user, seat=seat)
    context = {
        "session": session,
        "card": {"unit": unit, "score": scores.get(unit.pk), "typed": typed, "error": error},
        "saved": saved,
        "action_url": request.get_full_path(),
    }
    return render(request, "meetings/includes/vote_card.html", context)
