"""Sessions: read by hand-written SQL, and ended after 30 minutes idle without a
database write on every page view.

SESSION_ENGINE names this module (sessions in the database) or showcase.cached_sessions
(read through the shared cache, still written to the database): Django's two engines,
reading a session's row with SQL written once instead of a query Django builds on every
request. What is stored, and when, is theirs, so a logout deletes the row (and the cached
copy) at once for every process.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from actions.sql import columns, instance

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


class ReadsRowBySQL:
    """A database session engine's row read: the session with this key that has not
    expired, as `Session.objects.get(session_key=…, expire_date__gt=now)` finds it."""

    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_session_sql(model), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return instance(model, row, connection)


@functools.cache
def _session_sql(model) -> str:
    key, expiry = (model._meta.get_field(name).column for name in ("session_key", "expire_date"))
    return (
        f'SELECT {columns(model, "s")} FROM "{model._meta.db_table}" s '
        f'WHERE s."{key}" = %s AND s."{expiry}" > %s'
    )


class SessionStore(ReadsRowBySQL, db.SessionStore):
    """Django's database sessions (django.contrib.sessions.backends.db)."""
