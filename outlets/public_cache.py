"""The public page's cache: each page is rendered once per published revision and served
from Django's cache (Redis where several processes serve), so a hit runs no SQL query.

Keys carry a generation; a publish, a correction or the office's switch starts a new
generation, so the next request renders afresh. A generation is a fresh token, never a
counter that could come back to an old value after the cache lost it.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

GENERATION_KEY = "outlets:public:generation"
PAGE_TIMEOUT = 24 * 3600


def generation() -> str:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        current = cache.get(GENERATION_KEY)
    return current


def page_key(path: str) -> str:
    return f"outlets:public:{generation()}:{path}"


def first(*paths: str):
    """The entry of the first of `paths` that is cached, or None (one cache round trip
    after the generation)."""
    current = generation()
    keys = [f"outlets:public:{current}:{path}" for path in paths]
    found = cache.get_many(keys)
    return next((found[key] for key in keys if key in found), None)


def put(path: str, entry) -> None:
    cache.set(page_key(path), entry, PAGE_TIMEOUT)


def forget() -> None:
    """Start a new generation: every page is rendered again at its next request."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)
