"""The public page (政务公开), `/public/` and `/public/YYYY-MM/`: no login, off until the
office switches it on, and only what DESIGN §9 lists — the boards, counts of items by
band per action, 发布时间 and the revisions with their reasons. No report text, no
person, no evidence, no unpublished month.

Each page is rendered once per published revision and then served from the cache
(public_cache) without touching the database: the view reads neither the session nor the
user, and the rendering uses no request context.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from scoring.boarddata import BOARD_LABELS, GROUP_LABELS
from scoring.queries import action_rows, kept_off_honour, unit_rows
from scoring.tables import kept_off_html

from . import public_cache, published
from .models import PublicPage

BOARDS = ("province", "city", "district")


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    return _cached(request, None)


@require_GET
def public_month(request: HttpRequest, month: str) -> HttpResponse:
    return _cached(request, month)


# The one cache entry of the switched-off page, whatever the path: a flood of made-up
# paths cannot fill the cache, and the switch is not read from the database on a hit.
OFF = "off"


def _cached(request: HttpRequest, label: str | None) -> HttpResponse:
    entry = public_cache.first(OFF, request.path)
    if entry is None:
        # Chinese for everyone: the cached page is the same whoever asked first.
        with translation.override("zh-hans"):
            entry = _render(label, request.path)
        # Pages of published months and the switched-off page; not the 404 of any other
        # month, which anyone could ask for by the thousand.
        if entry[2] is not None:
            public_cache.put(entry[2], entry)
    status, html, _key = entry
    response = HttpResponse(html, status=status)
    # Served from our cache; browsers and proxies ask again, so a correction shows at once.
    response["Cache-Control"] = "no-cache"
    return response


def _render(label: str | None, path: str) -> tuple[int, str, str | None]:
    """(status, html, the cache key to keep it under or None) of a public page, read
    from the published snapshot."""
    enabled = PublicPage.objects.filter(pk=1, enabled=True).exists()
    context = {"district": settings.SHOWCASE_DISTRICT_NAME}
    if not enabled:
        return 404, render_to_string("outlets/public_off.html", context), OFF
    months = published.latest_publications()
    if label is None and months:
        label = months[0].month.label
    try:
        run = published.publication(label) if label else None
    except published.NotPublished:
        run = None
    if run is None:
        context["months"] = months
        html = render_to_string("outlets/public_month.html", context)
        if label is None:
            return 200, html, path  # nothing published yet
        return 404, html, None
    units = unit_rows(run)
    # A unit placed 1–3 but not on 红榜 is told why, as on the boards (1 query).
    kept_off = kept_off_honour(run, units)
    context.update(
        run=run,
        months=months,
        revisions=published.revisions(run),
        boards=[
            {
                "title": BOARD_LABELS[board],
                "groups": [
                    {
                        "name": GROUP_LABELS[group],
                        "rows": [r for r in units if r.board == board and r.group == group],
                        "kept_off": [
                            (r, kept_off_html(kept_off[(board, r.unit_code)]))
                            for r in units
                            if r.board == board
                            and r.group == group
                            and (board, r.unit_code) in kept_off
                        ],
                    }
                    for group in GROUP_LABELS
                    if any(r.board == board and r.group == group for r in units)
                ],
            }
            for board in BOARDS
        ],
        actions=action_rows(run),
        actions_title=BOARD_LABELS["actions"],
        band_counts=published.band_counts(run),
    )
    return 200, render_to_string("outlets/public_month.html", context), path
