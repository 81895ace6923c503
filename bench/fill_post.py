"""Server CPU of the fill page's posts (保存, 报送本项) and the office's 退回, against /healthz.

What bench/load.py's reporters post (a quarter of its requests), measured as bench/pages.py
measures a page: the demo district on a throwaway SQLite file, Django's test client in this
process, time.process_time, round-robin with /healthz in the same run. Each round a reporter
loads the fill page (not timed), posts 保存 with one item's 实现情况 changed, loads it again
and posts 报送本项 for that item with what load.py fills in; the office then opens the
unit's review page and returns (退回) its pending reports, so the item is editable again.
Prints the median CPU per request in ms and its ratio to /healthz. Asserts nothing.

    .venv/bin/python bench/fill_post.py
    .venv/bin/python bench/fill_post.py --runs 100
    .venv/bin/python bench/fill_post.py --profile submit --top 40
    .venv/bin/python bench/fill_post.py --dump /tmp/before   # responses and rows, for a diff
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import pstats
import random
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from load import FormParser, fill_for_submit
from pages import CSRF, DATABASE, padded  # sets Django up on a throwaway SQLite file

# isort: split

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from reporting.models import Month, MonthState

KINDS = ("healthz", "save", "submit", "review", "return")


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


class Reporter:
    """A reporter on the fill page of the open month, posting as bench/load.py does."""

    def __init__(self, client: Client, label: str):
        self.client, self.path = client, f"/fill/?month={label}"

    def form(self) -> dict[str, str]:
        page = self.client.get(self.path).content.decode()
        parser = FormParser()
        parser.feed(page)
        form = next((f for f in parser.forms if any(k.endswith("-version") for k in f)), {})
        return {k: v for k, v in form.items() if k != "csrfmiddlewaretoken"}

    @staticmethod
    def items(form: dict[str, str]) -> list[str]:
        return [key[1:-8] for key in form if re.fullmatch(r"i\d+-version", key)]

    @staticmethod
    def save(form: dict[str, str], item: str, text: str) -> dict[str, str]:
        return form | {f"i{item}-achievement": text, "action": "save"}

    @staticmethod
    def submit(form: dict[str, str], item: str, text: str) -> dict[str, str]:
        fields = form | {f"i{item}-achievement": text}
        fill_for_submit(fields, item)
        return fields

    def post(self, fields: dict[str, str]):
        """Sent form-encoded, as a browser (and bench/load.py) sends the page."""
        body = urllib.parse.urlencode(fields)
        return self.client.post(self.path, body, "application/x-www-form-urlencoded")


def setup() -> tuple[str, int]:
    """The demo district loaded; the open month's label and the reporter's unit."""
    settings.STATIC_ROOT = str(DATABASE.parent / "static")
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    month = Month.objects.filter(state=MonthState.OPEN).order_by("year", "number").last()
    return month.label, User.objects.get(username="tianbao").unit_id


def rounds(label: str, unit: int, runs: int, timed: Callable) -> None:
    """`runs` rounds of 保存, 报送本项, the review page and 退回; `timed(kind, call,
    *args)` makes each request."""
    reporter, office, health = Reporter(login("tianbao"), label), login("kaohe"), Client()
    review = f"/review/{label}/units/{unit}/"
    rng = random.Random(7)
    for number in range(runs):
        form = reporter.form()
        item = rng.choice(reporter.items(form))
        timed("save", reporter.post, reporter.save(form, item, f"进展 {number}"))
        form = reporter.form()
        timed("submit", reporter.post, reporter.submit(form, item, f"报送 {number}"))
        timed("review", office.get, review)
        timed("return", office.post, f"{review}return/", {"reason": "负载测试退回"})
        for _ in range(6):
            timed("healthz", health.get, "/healthz")


def measure(label: str, unit: int, runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    healthz_in_row = 0

    def timed(kind: str, call: Callable, *args) -> None:
        nonlocal healthz_in_row
        start = time.process_time()
        call(*args)
        spent = time.process_time() - start
        # /healthz: six in a row, the first not counted (as bench/pages.py).
        healthz_in_row = healthz_in_row + 1 if kind == "healthz" else 0
        if healthz_in_row != 1:
            samples[kind].append(spent)

    rounds(label, unit, 2, lambda kind, call, *args: call(*args))  # warm caches and templates
    rounds(label, unit, runs, timed)
    return {kind: statistics.median(values) * 1000 for kind, values in samples.items()}


def profile(label: str, unit: int, runs: int, kind: str, top: int) -> None:
    profiler = cProfile.Profile()

    def timed(each: str, call: Callable, *args) -> None:
        if each == kind:
            profiler.enable()
            call(*args)
            profiler.disable()
        else:
            call(*args)

    rounds(label, unit, 2, lambda each, call, *args: call(*args))
    rounds(label, unit, runs, timed)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        print(f"--- {kind}: {runs} requests, top {top} by {order}")
        stats.sort_stats(order).print_stats(top)


# ------------------------------------------------------------------------------ dump


def confirmed(asked, action: str) -> dict[str, str]:
    """The form of a page that asked for confirmations, each given."""
    parser = FormParser()
    parser.feed(asked.content.decode())
    form = next(f for f in parser.forms if any(k.endswith("-version") for k in f))
    form = {k: v for k, v in form.items() if k != "csrfmiddlewaretoken"}
    for key in form:
        if "-confirm_" in key or "-flag_" in key:
            form[key] = "1" if "-confirm_" in key else "核实无误"
    return form | {"action": action}


def dump(directory: Path, label: str, unit: int) -> None:
    """Every kind of post the fill page takes: each answer (its status, where it
    redirects, the page it shows) and then every row of the database, so that two runs
    (with the clock stopped, see main) can be diffed."""
    directory.mkdir(parents=True, exist_ok=True)
    answers: list[str] = []
    reporter, head = Reporter(login("tianbao"), label), Reporter(login("fuzeren"), label)
    office = login("kaohe")

    def answer(name: str, response) -> None:
        shown = response
        if response.status_code == 302:
            shown = response.client.get(response["Location"])
        html = re.sub(CSRF, r'\1""', shown.content.decode())
        answers.append(f"== {name}: {response.status_code} {response.get('Location', '')}")
        slug = re.sub(r"\W+", "-", name)
        (directory / f"{len(answers):02d}-{slug}.html").write_text(html)

    form = reporter.form()
    first, second, *rest = reporter.items(form)
    answer("save", reporter.post(reporter.save(form, first, "进展一")))
    answer("save unchanged", reporter.post(reporter.form() | {"action": "save"}))
    form = reporter.form()
    answer("invalid", reporter.post(form | {f"i{first}-rank": "x", "action": "save"}))
    stale = reporter.form()
    answer("save other", reporter.post(reporter.save(reporter.form(), first, "进展二")))
    answer("stale", reporter.post(reporter.save(stale, first, "进展三")))
    asked = reporter.post(reporter.submit(reporter.form(), first, "报送一"))
    answer("submit asks", asked)
    submitted = confirmed(asked, f"submit:{first}")
    answer("submit confirmed", reporter.post(submitted))
    answer("double submit", reporter.post(submitted))
    for item in [second, *rest][:6]:  # some ask for confirmation, some go
        answer(f"submit {item}", reporter.post(reporter.submit(reporter.form(), item, "报送")))
    answer("head save", head.post(head.save(head.form(), rest[-1], "负责人改")))
    answer("submit all", reporter.post(reporter.form() | {"action": "submit_all"}))
    review = f"/review/{label}/units/{unit}/"
    answer("review", office.get(review))
    answer("return", office.post(f"{review}return/", {"reason": "退回理由"}))
    asked = head.post(head.submit(head.form(), first, "负责人报送"))
    answer("head submit asks", asked)
    answer("head submit", head.post(confirmed(asked, f"submit:{first}")))
    (directory / "answers.txt").write_text("\n".join(answers) + "\n")
    with sqlite3.connect(DATABASE) as db, (directory / "rows.txt").open("w") as out:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            if table in ("django_session", "accounts_user", "axes_accesslog"):  # random keys
                continue
            out.write(f"== {table}\n")
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                out.write(f"{row!r}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="rounds (default 60)")
    parser.add_argument("--profile", choices=KINDS[1:], help="cProfile one kind of request")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument("--dump", metavar="DIR", type=Path, help="answers and rows, for a diff")
    args = parser.parse_args()
    if args.dump:
        import time_machine

        # The clock stopped from the demo's loading on: every timestamp the same each run.
        stopped = datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC)
        with time_machine.travel(stopped, tick=False):
            dump(args.dump, *setup())
        return
    label, unit = setup()
    if args.profile:
        profile(label, unit, args.runs, args.profile, args.top)
        return
    results = measure(label, unit, args.runs)
    print(f"median server CPU per request, {args.runs} rounds (demo district, SQLite, {label})")
    labels = {
        "healthz": "baseline /healthz",
        "save": "保存 POST /fill/",
        "submit": "报送本项 POST /fill/",
        "review": "review page (office)",
        "return": "退回 POST (office)",
    }
    for kind in KINDS:
        ms = results[kind]
        print(f"  {padded(labels[kind], 24)} {ms:5.1f} ms {ms / results['healthz']:6.1f}×")


if __name__ == "__main__":
    main()
