"""Rating at peak (现场测评): 150 phones vote within a minute, against real gunicorn.

    .venv/bin/python bench/rating.py [--phones 150] [--units 8] [--seconds 60]

Like bench/load.py it creates a throwaway PostgreSQL database `showcase_rating` on
127.0.0.1:5432 (dropped at the end, whatever happens), migrates it and loads the demo
district; with --database-url (or DATABASE_URL set) it uses that database and drops
nothing. It then opens a rating session on the demo's newest month for --units
presenting units with one guest seat (席位码) per phone, starts gunicorn (2 workers × 2
threads, as deployed) on a free port of 127.0.0.1, and lets every phone, within
--seconds:

- open the voting page by its seat code (the QR code's link plus ?seat=…), which sets
  the CSRF cookie;
- score each presenting unit once, as the page's htmx form does (POST with HX-Request),
  a random 0.5–3 s apart, the phones arriving spread over the first half of the window;

while a probe reads /healthz every 0.2 s, the raw baseline of the same run. It prints
the votes sent against the votes stored (must be equal), the errors (HTTP status other
than 200, or a failed request; must be 0), the vote's p50 and p95 (target ≤ 200 ms),
/healthz's p95 and the vote's p95 as a multiple of it. Standard library HTTP only;
everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time

from load import (
    HOST,
    PASSWORD,
    Browser,
    csrf_token,
    load_demo_database,
    percentile,
    print_server_log,
)
from throwaway import add_arguments, served_database

THROWAWAY_URL = "postgres://postgres@127.0.0.1:5432/showcase_rating"
VOTE_TARGET_P95_MS = 200.0


def prepare(phones: int, units: int) -> dict:
    """Migrate, load the demo and open a rating session with a seat per phone (in this
    process, DATABASE_URL already set)."""
    load_demo_database()
    from django.db import connections

    from accounts.models import Role
    from accounts.services import create_user
    from actions.models import Unit
    from meetings import services
    from reporting.models import Month

    office = create_user("bench_office", role=Role.OFFICE, password=PASSWORD, replace=True)
    month = Month.objects.newest()
    presenting = list(Unit.objects.order_by("code")[:units])
    session = services.open_rating_session(
        month=month, user=office, units=presenting, title="压力测试", seat_count=phones
    )
    plan = {
        "session": session.pk,
        "token": session.token,
        "seats": list(session.seats.order_by("number").values_list("code", flat=True)),
        "units": [unit.pk for unit in presenting],
    }
    connections.close_all()
    return plan


def stored_votes(session_pk: int) -> int:
    from django.db import connections

    from meetings.models import Vote

    try:
        return Vote.objects.filter(session_id=session_pk).count()
    finally:
        connections.close_all()


class Phones:
    """The attendees' phones: each a thread with its own cookie jar."""

    def __init__(self, port: int, plan: dict, seconds: float) -> None:
        self.port, self.plan, self.seconds = port, plan, seconds
        self.lock = threading.Lock()
        self.sent = 0
        self.accepted = 0
        self.errors: list[str] = []
        self.times: list[float] = []
        self.page_times: list[float] = []
        self.healthz_times: list[float] = []
        self.done = threading.Event()
        self.started = time.monotonic()

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)

    def phone(self, seat: str, seed: int) -> None:
        rng = random.Random(seed)
        time.sleep(rng.uniform(0, self.seconds / 2))
        browser = Browser(self.port)
        path = f"/meetings/rate/{self.plan['token']}/?seat={seat}"
        try:
            page = browser.request("GET", path)
        except OSError as exc:
            self.error(f"page: {exc.__class__.__name__}")
            return
        if page.status != 200:
            self.error(f"page: HTTP {page.status}")
            return
        with self.lock:
            self.page_times.append(page.seconds)
        token = csrf_token(page.body)
        units = list(self.plan["units"])
        rng.shuffle(units)
        for unit in units:
            time.sleep(rng.uniform(0.5, 3.0))
            score = rng.randint(60, 100)
            form = {"csrfmiddlewaretoken": token, "unit": unit, "score": score}
            with self.lock:
                self.sent += 1
            try:
                response = browser.request("POST", path, form, headers={"HX-Request": "true"})
            except OSError as exc:
                self.error(f"vote: {exc.__class__.__name__}")
                continue
            if response.status != 200 or "vote-saved" not in response.body:
                self.error(f"vote: HTTP {response.status}")
                continue
            with self.lock:
                self.accepted += 1
                self.times.append(response.seconds)

    def probe(self) -> None:
        """/healthz every 0.2 s while the phones vote: the same run's raw baseline."""
        browser = Browser(self.port)
        while not self.done.is_set():
            try:
                response = browser.request("GET", "/healthz")
            except OSError as exc:
                self.error(f"healthz: {exc.__class__.__name__}")
            else:
                with self.lock:
                    self.healthz_times.append(response.seconds)
            self.done.wait(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=150)
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    add_arguments(parser, THROWAWAY_URL)
    args = parser.parse_args()
    with served_database(args, THROWAWAY_URL, "showcase-rating-") as site:
        print("migrating, loading the demo district, opening the rating …", flush=True)
        plan = prepare(args.phones, args.units)
        port, _gunicorn = site.serve(args.workers, args.threads)
        print(f"gunicorn on http://{HOST}:{port}/; {args.phones} phones vote …", flush=True)
        phones = Phones(port, plan, args.seconds)
        threads = [
            threading.Thread(target=phones.phone, args=(seat, n), daemon=True)
            for n, seat in enumerate(plan["seats"])
        ]
        probe = threading.Thread(target=phones.probe, daemon=True)
        for thread in [*threads, probe]:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds * 3)
        phones.done.set()
        probe.join(timeout=30)
        elapsed = time.monotonic() - phones.started
        stored = stored_votes(plan["session"])
        # load.percentile answers in milliseconds.
        p50 = percentile(phones.times, 50) if phones.times else 0.0
        p95 = percentile(phones.times, 95) if phones.times else 0.0
        page_p95 = percentile(phones.page_times, 95) if phones.page_times else 0.0
        healthz_p95 = percentile(phones.healthz_times, 95) if phones.healthz_times else 0.0
        print(f"\nphones {args.phones} × units {args.units}, {elapsed:.0f} s")
        print(f"votes sent     {phones.sent}")
        print(f"votes stored   {stored}")
        print(f"errors         {len(phones.errors)}")
        print(f"vote p50       {p50:.1f} ms")
        print(f"vote p95       {p95:.1f} ms (target ≤ {VOTE_TARGET_P95_MS:.0f} ms)")
        print(f"page p95       {page_p95:.1f} ms (the voting page, once per phone)")
        print(f"healthz p95    {healthz_p95:.1f} ms (every 0.2 s meanwhile: the raw baseline)")
        if healthz_p95:
            print(f"vote / healthz {p95 / healthz_p95:.1f}× at p95")
        print(f"load average   {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for text in sorted(set(phones.errors))[:10]:
            print(f"  error: {text} × {phones.errors.count(text)}")
        passed = stored == phones.sent and not phones.errors and p95 <= VOTE_TARGET_P95_MS
        print("PASS" if passed else "FAIL")
        print_server_log(site.log)
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
