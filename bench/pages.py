"""Server CPU per page view, against a raw baseline measured in the same run.

Loads the demo district (1×) into a throwaway SQLite file, logs in as its users, and
renders each page many times in this process through Django's test client, timing CPU
(time.process_time: the server's own work, no network, no other process). The baseline
is /healthz (one SELECT 1 and a JSON answer): the request/response machinery and
middleware every page pays. Prints the median CPU per view in ms and its ratio to the
baseline. Target: the fill page (本月填报) ≤ 10 ms on a quiet machine. Asserts nothing.

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --runs 100
    .venv/bin/python bench/pages.py --profile reporter   # cProfile of the matching pages
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

# (label, demo login, path); {open} and {published} are month labels of the demo.
PAGES = (
    ("baseline /healthz", None, "/healthz"),
    ("本月填报 /fill/ (reporter)", "tianbao", "/fill/?month={open}"),
    ("本月填报 /fill/ (unit head)", "fuzeren", "/fill/?month={open}"),
    ("home (reporter)", "tianbao", "/"),
    ("home (leader)", "lingdao", "/"),
    ("board (leader)", "lingdao", "/boards/{published}/"),
)


def cpu_ms(client: Client, path: str, runs: int) -> float:
    client.get(path)  # warm caches, sessions and templates
    samples = []
    for _ in range(runs):
        start = time.process_time()
        response = client.get(path)
        samples.append(time.process_time() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples) * 1000


def profile(label: str, client: Client, path: str, runs: int, top: int) -> None:
    """The page's views under cProfile: the functions taking most time, own and total."""
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    print(f"\n--- profile: {label}, {runs} views ---")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


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
    parser.add_argument(
        "--profile", metavar="LABEL", help="also profile the pages whose label contains LABEL"
    )
    parser.add_argument("--top", type=int, default=30, help="functions a profile lists")
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
    results = []
    for label, login, path in PAGES:
        client = Client()
        if login:
            client.force_login(User.objects.get(username=login))
        url = path.format(**labels)
        if args.save:
            save(args.save, label, client, url)
        results.append((label, cpu_ms(client, url, args.runs)))
        if args.profile and args.profile in label:
            profile(label, client, url, args.runs, args.top)
    baseline = results[0][1]
    print(f"median server CPU per view, {args.runs} views each (demo district, SQLite)")
    for label, ms in results:
        print(f"  {label:<32} {ms:6.1f} ms  {ms / baseline:5.1f}× baseline")
    print("target: 本月填报 ≤ 10 ms on a quiet machine")


if __name__ == "__main__":
    main()
