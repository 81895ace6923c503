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
RECENT_RUN_DATA = 64  # run_data and run_fragment values kept in each process, oldest first out
_recent: dict[tuple[str, ...], object] = {}


def run_fragment(request: HttpRequest, run: ScoreRun, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for this run, part, language and URL: from this process's last
    few, else from the cache, else built now and cached. `build` must not depend on who
    is asking."""
    return _recently(
        (part, str(run.pk), run.computed_at.isoformat(), get_language(), request.get_full_path()),
        build,
    )


def run_data(run: ScoreRun, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for this run and part, whatever the page: plain data read from
    the run's results (its boards, its 预警 counts), from this process's last few, else
    from the cache, else built now and cached. Every caller gets the same object: it
    reads it and never changes it."""
    return _recently(("data", part, str(run.pk), run.computed_at.isoformat()), build)


def _recently(parts: tuple[str, ...], build: Callable[[], T]) -> T:
    """cached(parts, build), kept in this process too for the last few keys."""
    value = _recent.get(parts)
    if value is None:
        # Reading a month's boards or tables back from the cache is itself a millisecond
        # or so of unpickling (and a round trip to Redis); the runs a process shows are
        # few, and a run never changes.
        value = cached(parts, build)
        if len(_recent) >= RECENT_RUN_DATA:
            _recent.pop(next(iter(_recent)))
        _recent[parts] = value
    return value


def forget_recent() -> None:
    """Empty this process's run_data values (with the cache: a test's rolled-back run may
    come back with the same id and time)."""
    _recent.clear()


def boards_fragment(boards: MonthBoards, part: str, build: Callable[[], T]) -> T:
    """`build()`'s result for the run `boards` was read from (its month, revision and
    computation time name it), part and language: from the cache, or built now and
    cached. `build` must read nothing but `boards`."""
    computed_at = boards.computed_at.isoformat() if boards.computed_at else ""
    return cached(
        (part, boards.month_label, str(boards.revision), computed_at, get_language()), build
    )


def cached(parts: tuple[str, ...], build: Callable[[], T]) -> T:
    """`build()`'s result for the key `parts` names: from Django's cache, or built now and
    cached for an hour. The parts must name everything the result depends on."""
    key = "run-fragment:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
