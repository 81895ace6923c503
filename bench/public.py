"""The public page (政务公开) under load: one published month at a fixed rate, against
real gunicorn and PostgreSQL, side by side with /healthz in the same run.

    .venv/bin/python bench/public.py [--rate 200] [--seconds 30] [--cache-url redis://…]

Like bench/load.py it creates a throwaway PostgreSQL database (here `showcase_outlets`
on 127.0.0.1:5432, dropped at the end whatever happens) unless --database-url (or
DATABASE_URL) names one, migrates it, loads the demo district and switches the public
page on. It starts gunicorn (2 workers × 2 threads, as deployed) on a free port of
127.0.0.1 and then

- measures a quiet baseline: /healthz and the month page, 100 each, sequentially;
- sends GET /public/<newest published month>/ at --rate requests per second for
  --seconds (open loop: each request leaves at its scheduled time, whatever the others
  do), and /healthz at a tenth of that rate beside it;
- prints, for both, the count, errors (HTTP ≠ 200 or a failed request) and p50/p95/p99,
  the ratio of the page's p95 to /healthz's, and the target: p95 ≤ 30 ms, 0 errors.

With --cache-url the workers share that cache (Redis, as in production); without it each
worker keeps its own, so each renders the page once. Standard library HTTP only;
everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from load import HOST, Browser, load_demo_database, percentile, print_server_log
from throwaway import add_arguments, served_database

THROWAWAY_URL = "postgres://postgres@127.0.0.1:5432/showcase_outlets"
TARGET_P95_MS = 30.0


def prepare() -> str:
    """Migrate, load the demo and switch the public page on (in this process, with
    DATABASE_URL already set); the newest published month."""
    load_demo_database()
    from django.db import connections

    from outlets.published import latest_publications
    from outlets.services import switch_public_page

    switch_public_page(True)
    label = latest_publications()[0].month.label
    connections.close_all()
    return label


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: list[float] = []
        self.errors: list[str] = []

    def record(self, seconds: float | None, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.seconds.append(seconds)

    def line(self, name: str) -> str:
        values = self.seconds
        return (
            f"{name:<22} {len(values) + len(self.errors):>6} {len(self.errors):>6}"
            f" {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f}"
            f" {percentile(values, 99):>8.1f}"
        )


def get(port: int, path: str, timings: Timings) -> None:
    try:
        response = Browser(port).request("GET", path)
    except OSError as exc:
        timings.record(None, f"{type(exc).__name__}: {exc}")
        return
    if response.status != 200:
        timings.record(None, f"HTTP {response.status}")
    else:
        timings.record(response.seconds)


def open_loop(port: int, paths: list[tuple[str, float, Timings]], seconds: float) -> float:
    """Send each path at its rate for `seconds`, each request at its scheduled time; the
    largest delay of a request behind its schedule, in ms."""
    schedule = sorted(
        (n / rate, path, timings)
        for path, rate, timings in paths
        for n in range(int(rate * seconds))
    )
    worst_lag = 0.0
    with ThreadPoolExecutor(max_workers=64) as pool:
        started = time.monotonic()
        for offset, path, timings in schedule:
            delay = started + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                worst_lag = max(worst_lag, -delay)
            pool.submit(get, port, path, timings)
    return worst_lag * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200, help="page requests per second")
    parser.add_argument("--seconds", type=float, default=30)
    add_arguments(parser, THROWAWAY_URL)
    parser.add_argument("--cache-url", default="", help="e.g. redis://127.0.0.1:6379/4")
    args = parser.parse_args()
    with served_database(args, THROWAWAY_URL, "showcase-public-") as site:
        if args.cache_url:
            os.environ["CACHE_URL"] = args.cache_url
        print("migrating, loading the demo district, switching the public page on …", flush=True)
        label = prepare()
        page = f"/public/{label}/"

        port, gunicorn = site.serve(args.workers, args.threads)
        print(f"gunicorn on http://{HOST}:{port}/ (pid {gunicorn.pid})", flush=True)

        quiet = {"healthz": Timings(), "page": Timings()}
        for _ in range(100):
            get(port, "/healthz", quiet["healthz"])
            get(port, page, quiet["page"])

        loaded = {"page": Timings(), "healthz": Timings()}
        print(
            f"GET {page} at {args.rate:.0f}/s and /healthz at {args.rate / 10:.0f}/s"
            f" for {args.seconds:.0f} s …",
            flush=True,
        )
        lag = open_loop(
            port,
            [(page, args.rate, loaded["page"]), ("/healthz", args.rate / 10, loaded["healthz"])],
            args.seconds,
        )

        cache = "shared " + args.cache_url if args.cache_url else "each worker's own (LocMem)"
        print(
            f"\ngunicorn {args.workers} workers × {args.threads} threads, PostgreSQL,"
            f" cache: {cache}; the generator fell at most {lag:.0f} ms behind its schedule"
        )
        print(f"{'':<22} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        print(quiet["healthz"].line("quiet /healthz"))
        print(quiet["page"].line("quiet public page"))
        print(loaded["healthz"].line("/healthz under load"))
        print(loaded["page"].line("public page under load"))
        page_p95 = percentile(loaded["page"].seconds, 95)
        ratio = page_p95 / percentile(loaded["healthz"].seconds, 95)
        quiet_ratio = percentile(quiet["page"].seconds, 95) / percentile(
            quiet["healthz"].seconds, 95
        )
        print(f"public page p95 / /healthz p95: {ratio:.2f} under load, {quiet_ratio:.2f} quiet")
        errors = len(loaded["page"].errors) + len(loaded["healthz"].errors)
        for error in sorted(set(loaded["page"].errors + loaded["healthz"].errors))[:5]:
            print(f"  error: {error}")
        passed = page_p95 <= TARGET_P95_MS and errors == 0
        print(
            f"target: p95 ≤ {TARGET_P95_MS:.0f} ms and 0 errors — "
            f"{'met' if passed else 'NOT met'} ({page_p95:.1f} ms, {errors} errors)"
        )
        print_server_log(site.log)
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
