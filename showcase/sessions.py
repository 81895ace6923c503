"""Idle sessions end after 30 minutes, without a database write on every page view."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The session records when its idle expiry was last moved forward under this key.
REFRESHED_KEY = "_refreshed_at"
REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """Move an active session's expiry (SESSION_COOKIE_AGE from its last save) forward
    at most once a minute.

    SESSION_SAVE_EVERY_REQUEST would do it with an UPDATE and a commit on every request,
    the largest fixed cost of a page under load. Saving once a minute means a session
    idle for SESSION_COOKIE_AGE always ends: never later than 30 minutes after the last
    page view, at most a minute sooner. Listed after SessionMiddleware, so it runs first
    on the response and SessionMiddleware saves what it marks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request used (an anonymous or static request loads none).
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= REFRESH_SECONDS:
                session[REFRESHED_KEY] = now  # marks it modified: saved with a new expiry
        return response
