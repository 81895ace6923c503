"""Server CPU per page view, against a raw baseline measured in the same run.

Loads the demo district (1×) into a throwaway SQLite file, logs in as its users, and
renders each page many times in this process through Django's test client, timing CPU
(time.process_time: the server's own work, no network, no other process). The baseline
is /healthz (one SELECT 1 and a JSON answer): the request/response machinery and
middleware every page pays. Prints the median CPU per view in ms, its ratio to the
baseline and the page's budget, and names the pages over budget. Asserts nothing.

Budgets are server CPU on a quiet machine, where /healthz takes about 0.285 ms: each home
and the fill page ≤ 10 ms, a board and a unit's drill-down ≤ 5 ms, the 预警 page and the
big screen ≤ 10 ms. On a busy machine every figure runs high, so a page is judged by its
ratio to /healthz in the same run: the budget's milliseconds over those 0.285 ms (10 ms ≈
35×, 5 ms ≈ 18×).

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --runs 100
    .venv/bin/python bench/pages.py --only home-office home-leader
    .venv/bin/python bench/pages.py --profile home-office --top 30
    .venv/bin/python bench/pages.py --profile fill-reporter board --runs 40
    .venv/bin/python bench/pages.py --save /tmp/before   # each page's HTML, for a diff
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="showcase-pages-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from reporting.models import Month, MonthState  # noqa: E402

# /healthz's server CPU on a quiet machine: turns a budget in ms into a ratio.
QUIET_BASELINE_MS = 0.285


@dataclass(frozen=True)
class Page:
    key: str  # for --only and --profile
    label: str
    login: str | None  # a demo login (README: Demo logins)
    path: str  # {open} and {published} are month labels of the demo
    budget_ms: float | None  # None: the baseline itself

    @property
    def budget_ratio(self) -> float:
        return self.budget_ms / QUIET_BASELINE_MS


PAGES = (
    Page("healthz", "baseline /healthz", None, "/healthz", None),
    Page("fill-reporter", "本月填报 /fill/ (reporter)", "tianbao", "/fill/?month={open}", 10),
    Page("fill-head", "本月填报 /fill/ (unit head)", "fuzeren", "/fill/?month={open}", 10),
    Page("home-reporter", "home (reporter)", "tianbao", "/", 10),
    Page("home-head", "home (unit head)", "fuzeren", "/", 10),
    Page("home-leader", "home (leader)", "lingdao", "/", 10),
    Page("home-office", "home (office)", "kaohe", "/", 10),
    Page("board", "board (leader)", "lingdao", "/boards/{published}/", 5),
    # A unit's drill-down, as bench/load.py's leaders open it from the board.
    Page(
        "drill-down", "drill-down (leader)", "lingdao", "/boards/{published}/district/units/D01/", 5
    ),
    Page("warnings", "预警 (office)", "kaohe", "/boards/{published}/warnings/", 10),
    Page("screen", "big screen (leader)", "lingdao", "/meetings/{published}/screen/0/", 10),
)
KEYS = [page.key for page in PAGES]


def padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def client_for(page: Page) -> Client:
    client = Client()
    if page.login:
        client.force_login(User.objects.get(username=page.login))
    return client


def cpu_medians(pages: list[Page], labels: dict, runs: int) -> list[float]:
    """Median CPU per view of each page, in ms. Views go round-robin, one of each page per
    round and /healthz (cheap, the noisiest) five times per round, so a busy second of
    the machine lands on every page alike rather than on whichever page ran then."""
    clients = [(client_for(page), page.path.format(**labels)) for page in pages]
    for client, path in clients:
        client.get(path)  # warm caches, sessions and templates
    samples: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for index, (client, path) in enumerate(clients):
            # /healthz: six views in a row, the first not counted (it pays for the
            # processor caches the page before it left cold).
            repeat = 6 if pages[index].budget_ms is None else 1
            for view in range(repeat):
                start = time.process_time()
                response = client.get(path)
                if repeat == 1 or view > 0:
                    samples[index].append(time.process_time() - start)
                assert response.status_code == 200, (path, response.status_code)
    return [statistics.median(values) * 1000 for values in samples]


def profile(client: Client, path: str, runs: int, top: int) -> None:
    """cProfile over `runs` views of one page: the top functions by cumulative time,
    then by own time."""
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        print(f"--- {path}: {runs} views, top {top} by {order}")
        stats.sort_stats(order).print_stats(top)


# Where a page prints its CSRF token, which changes with every view.
CSRF = r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"'


def save(directory: Path, label: str, client: Client, path: str) -> None:
    """The page's HTML with its CSRF tokens blanked, so two runs can be diffed."""
    html = client.get(path).content.decode()
    html = re.sub(CSRF, r'\1""', html)
    name = re.sub(r"\W+", "-", label).strip("-") + ".html"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(html)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="views per page (default 60)")
    parser.add_argument("--only", nargs="+", choices=KEYS, help="these pages (and /healthz)")
    parser.add_argument(
        "--profile",
        nargs="+",
        choices=KEYS,
        metavar="PAGE",
        help=f"cProfile these pages, one after another: {', '.join(KEYS)}",
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument("--save", metavar="DIR", type=Path, help="write each page's HTML here")
    args = parser.parse_args()
    # Pages name the hashed static files, as in production: collect them first.
    settings.STATIC_ROOT = str(DATABASE.parent / "static")
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    months = Month.objects.order_by("year", "number")
    labels = {
        "open": months.filter(state=MonthState.OPEN).last().label,
        "published": months.filter(state=MonthState.PUBLISHED).last().label,
    }
    if args.profile:
        for page in PAGES:
            if page.key in args.profile:
                profile(client_for(page), page.path.format(**labels), args.runs, args.top)
        return
    pages = [p for p in PAGES if not args.only or p.key in args.only or p.budget_ms is None]
    if args.save:
        for page in pages:
            save(args.save, page.label, client_for(page), page.path.format(**labels))
    results = list(zip(pages, cpu_medians(pages, labels, args.runs), strict=True))
    baseline = results[0][1]
    print(
        f"median server CPU per view, {args.runs} views each, round-robin"
        f" ({args.runs * 5} of /healthz; demo district, SQLite)"
    )
    print(f"  {'page':<30} {'CPU':>8} {'ratio':>7}   budget")
    over = []
    for page, ms in results:
        ratio = ms / baseline
        line = f"  {padded(page.label, 30)} {ms:5.1f} ms {ratio:6.1f}×"
        if page.budget_ms is not None:
            line += f"   ≤ {page.budget_ms:g} ms ({page.budget_ratio:.0f}×)"
            if ratio > page.budget_ratio:
                over.append(page.label)
                line += "  OVER"
        print(line)
    print(f"budget ratios take /healthz as {QUIET_BASELINE_MS} ms, as on a quiet machine")
    print(f"over budget: {', '.join(over)}" if over else "every page within its budget")


if __name__ == "__main__":
    main()
