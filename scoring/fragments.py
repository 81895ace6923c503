"""What is read or drawn from a score run, kept per run.

A computed run never changes: a rescore replaces the preview with a new run, and a
correction is a new revision. What a page reads or draws from a run (its rows for
load_month_boards; the tables of the boards, the drill-down, the 预警 page and the big
screen's slides, in one language, at one URL) is the same for everyone allowed to see
that run, so it is built once and then served from Django's cache (per process by
default; Redis when CACHE_URL is set). The key names the run's id and computation time,
so a cached fragment can never outlive the figures it shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from .boarddata import MonthBoards
from .models import ScoreRun

T = TypeVar("T")
TIMEOUT_SECONDS = 3600


def run_fragment(request: HttpRequest, run: ScoreRun, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for this run, part, language and URL: from the cache, or
    built now and cached. `build` must not depend on who is asking."""
    return run_data(run, "|".join((part, get_language(), request.get_full_path())), build)


def run_data(run: ScoreRun, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for this run and part: from the cache, or built now and
    cached. `build` must read nothing but the run (and what never changes with it)."""
    return _cached("|".join((part, str(run.pk), run.computed_at.isoformat())), build)


def boards_fragment(boards: MonthBoards, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for the run `boards` was read from (its month, revision and
    computation time name it), part and language: from the cache, or built now and
    cached. `build` must read nothing but `boards`."""
    computed_at = boards.computed_at.isoformat() if boards.computed_at else ""
    raw = "|".join((part, boards.month_label, str(boards.revision), computed_at, get_language()))
    return _cached(raw, build)


def _cached(raw: str, build: Callable[[], T]) -> T:
    key = "run-fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
