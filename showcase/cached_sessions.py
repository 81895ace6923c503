"""Sessions read through the shared cache and written to the database (SESSION_ENGINE
with CACHE_URL): Django's cached_db engine, its database read as showcase.sessions
reads it."""

from django.contrib.sessions.backends import cached_db

from .sessions import ReadsRowBySQL


class SessionStore(ReadsRowBySQL, cached_db.SessionStore):
    """Django's cached database sessions (django.contrib.sessions.backends.cached_db)."""
