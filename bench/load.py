"""Load test: leaders on the boards and reporters filling in, against real gunicorn.

    .venv/bin/python bench/load.py [--seconds 60] [--leaders 20] [--reporters 40]

By default it creates a throwaway PostgreSQL database `showcase_load` on
127.0.0.1:5432 (dropped at the end, whatever happens), migrates it and loads the demo
district (`load_demo`); with --database-url (or DATABASE_URL set) it uses that database
as it is and drops nothing. It then

- opens the next month for reporting and creates, with accounts.services.create_user,
  `bench_leader_NN` (role leader) and one `bench_reporter_NN` per unit (role reporter),
  plus `bench_office`;
- starts gunicorn (`showcase.wsgi`, 2 workers × 2 threads as deployed; --threads 1 for
  sync workers) on a free port of 127.0.0.1 and
  logs every user in through the login page;
- measures a quiet baseline: /healthz and a static file, sequentially;
- runs, for --seconds, one thread per actor, each with its own cookie jar:
  leaders read the board page /boards/<month>/ and a unit drill-down; reporters load
  /fill/ and post 保存 (save) or 报送本项 (submit one item) with the page's CSRF token;
  one office user returns (退回) a unit's pending reports now and then, so reporters can
  keep submitting and sometimes meet a report that changed under them;
  a probe reads /healthz every 0.2 s (the baseline under load).
  Every actor waits a random think time (--think, 0.5–1.5 s by default) between requests.

It prints requests/s and p50/p95/p99 per kind, the error count (HTTP 5xx or a failed
request), the expected conflicts (the page says the report changed meanwhile) separately,
the baseline and the ratio, and the targets on a quiet machine: 0 errors, board page p95
≤ 60 ms, gunicorn CPU ≤ 12 ms per request.
Standard library HTTP only (http.client); everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
THROWAWAY_URL = "postgres://postgres@127.0.0.1:5432/showcase_load"
PASSWORD = "Bench-load-2022!"
BOARD_TARGET_P95_MS = 60.0
CPU_TARGET_MS = 12.0  # gunicorn CPU per request
STALE_MARKERS = ("您的修改未保存", "有事项未能保存或报送", "不能执行此操作")


# --------------------------------------------------------------------------- database


def admin_connection(url: str):
    """An autocommit connection to the server's `postgres` database."""
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname or HOST,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or "postgres"),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def create_database(url: str) -> None:
    name = database_name(url)
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def drop_database(url: str) -> None:
    name = database_name(url)
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def load_demo_database() -> None:
    """Set Django up in this process (DATABASE_URL already set), migrate, collect the
    static files and load the demo district."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Pages name the hashed static files (CompressedManifestStaticFilesStorage).
    call_command("collectstatic", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def prepare(leaders: int, reporters: int) -> dict:
    """Migrate, load the demo, open the next month and create the bench logins (runs in
    this process with DATABASE_URL already set); returns what the actors need."""
    load_demo_database()
    from django.db import connections

    from accounts.models import Role
    from accounts.services import create_user
    from actions.models import Unit
    from reporting import services
    from reporting.models import Month, MonthState
    from scoring.models import ScoreRun

    office = create_user("bench_office", role=Role.OFFICE, password=PASSWORD, replace=True)
    latest = Month.objects.newest()
    if latest.state == MonthState.OPEN and not latest.reports.filter(state="accepted").exists():
        fill_month = latest
    else:
        # The demo's newest month is already accepted: reporters fill the next one.
        year, number = (latest.year, latest.number + 1)
        if number > 12:
            year, number = year + 1, 1
        fill_month = services.open_month(f"{year:04d}-{number:02d}", user=office)
    board_run = (
        ScoreRun.objects.exclude(month=fill_month)
        .order_by("-month__year", "-month__number")
        .select_related("month")
        .first()
    )
    units = list(Unit.objects.order_by("code")[:reporters])

    specs = [(f"bench_leader_{n:02d}", Role.LEADER, None) for n in range(leaders)]
    specs += [(f"bench_reporter_{n:02d}", Role.REPORTER, unit.code) for n, unit in enumerate(units)]

    def create(spec) -> None:
        try:
            create_user(spec[0], role=spec[1], password=PASSWORD, unit_code=spec[2], replace=True)
        finally:
            connections.close_all()

    # Each create hashes a password (~0.5 s of PBKDF2, which releases the GIL).
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create, specs))
    result = {
        "fill_month": fill_month.label,
        "board_month": board_run.month.label,
        "leaders": [name for name, role, _ in specs if role == Role.LEADER],
        "reporters": [name for name, role, _ in specs if role == Role.REPORTER],
        "units": [unit.pk for unit in units],
        "static": "/static/css/showcase.css",
    }
    connections.close_all()
    return result


# ------------------------------------------------------------------------------- HTTP


class FormParser(HTMLParser):
    """The POST forms of a page: a list of {name: value} (inputs, textareas, selects)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("submit", "button", "image", "reset", "file"):
                return
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form[self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self._form[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data


@dataclass
class Response:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    """One user's cookie jar; a fresh connection per request, as a browser behind
    nginx would often see (gunicorn's sync workers close it after each response)."""

    def __init__(self, port: int, *, https: bool = False) -> None:
        self.port = port
        self.https = https
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> Response:
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "zh-hans"} | (headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if self.https:  # Django checks the Referer of a form sent over HTTPS
                headers["Referer"] = f"https://{HOST}:{self.port}{path}"
        started = time.perf_counter()
        if self.https:
            connection = http.client.HTTPSConnection(
                HOST, self.port, timeout=60, context=ssl._create_unverified_context()
            )
        else:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return Response(
            response.status,
            response.headers.get("Location", ""),
            data.decode("utf-8", "replace"),
            seconds,
        )

    def post_form(self, path: str, page: Response, fields: dict) -> Response:
        form = {"csrfmiddlewaretoken": csrf_token(page.body)} | fields
        return self.request("POST", path, form)

    def login(self, username: str) -> None:
        page = self.request("GET", "/accounts/login/")
        done = self.post_form(
            "/accounts/login/", page, {"username": username, "password": PASSWORD}
        )
        if done.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: HTTP {done.status}")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


# ---------------------------------------------------------------------------- metrics


def page_errors(response: Response) -> str:
    """The messages a page shows in red (form errors, alerts), else its first characters."""
    found = re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</',
        response.body,
        re.S,
    )
    text = " | ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found)
    return text[:300] or response.body[:200]


@dataclass
class Kind:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    conflicts: int = 0
    refused: int = 0


class Metrics:
    def __init__(self) -> None:
        self.kinds: dict[str, Kind] = defaultdict(Kind)
        self.lock = threading.Lock()
        self.samples: list[str] = []

    def record(self, kind: str, response: Response | None, *, ok: bool, conflict=False):
        with self.lock:
            entry = self.kinds[kind]
            if response is not None:
                entry.times.append(response.seconds)
            if response is None or response.status >= 500:
                entry.errors += 1
                if response is not None and len(self.samples) < 5:
                    self.samples.append(f"{kind}: HTTP {response.status} {response.body[:200]}")
            elif conflict:
                entry.conflicts += 1
            elif not ok:
                entry.refused += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{kind}: HTTP {response.status} {page_errors(response)}")

    def failed(self, kind: str, exc: Exception) -> None:
        with self.lock:
            self.kinds[kind].errors += 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {exc.__class__.__name__}: {exc}")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1] * 1000


# ----------------------------------------------------------------------------- actors


def fill_for_submit(fields: dict[str, str], item: str) -> None:
    """What a reporter fills in before 报送本项 of `item` (the fields it left empty)."""
    fields[f"i{item}-problems"] = fields.get(f"i{item}-problems") or "负载测试问题"
    fields[f"i{item}-measures"] = fields.get(f"i{item}-measures") or "负载测试措施"
    for name, default in (("value", "10"), ("rank", "1"), ("peer_count", "10")):
        key = f"i{item}-{name}"
        if key in fields and not fields[key]:
            fields[key] = default
    if f"i{item}-progress" in fields and not fields[f"i{item}-progress"]:
        fields[f"i{item}-progress"] = "on_track"
    fields["action"] = f"submit:{item}"


class Actors:
    def __init__(self, port: int, plan: dict, seconds: float, think: tuple[float, float]):
        self.port, self.plan, self.think = port, plan, think
        self.metrics = Metrics()
        self.stop = threading.Event()
        self.deadline = time.monotonic() + seconds
        self.counter = 0
        self.counter_lock = threading.Lock()

    def running(self) -> bool:
        return not self.stop.is_set() and time.monotonic() < self.deadline

    def pause(self, rng: random.Random) -> None:
        self.stop.wait(rng.uniform(*self.think))

    def next_number(self) -> int:
        with self.counter_lock:
            self.counter += 1
            return self.counter

    def guarded(self, kind: str, call, *args):
        try:
            return call(*args)
        except Exception as exc:  # a refused connection, a timeout: counted as errors
            self.metrics.failed(kind, exc)
            return None

    def leader(self, browser: Browser, seed: int) -> None:
        rng = random.Random(seed)
        label = self.plan["board_month"]
        pattern = re.compile(rf'href="(/boards/{label}/(?:province|city|district)/units/[^/"]+/)')
        while self.running():
            page = self.guarded("board page", browser.request, "GET", f"/boards/{label}/")
            if page is not None:
                self.metrics.record("board page", page, ok=page.status == 200)
                links = pattern.findall(page.body)
                self.pause(rng)
                if links and self.running():
                    link = rng.choice(links)
                    drill = self.guarded("drill-down", browser.request, "GET", link)
                    if drill is not None:
                        self.metrics.record("drill-down", drill, ok=drill.status == 200)
            self.pause(rng)

    def reporter(self, browser: Browser, seed: int) -> None:
        rng = random.Random(seed)
        path = f"/fill/?month={self.plan['fill_month']}"
        while self.running():
            page = self.guarded("fill page", browser.request, "GET", path)
            if page is None:
                self.pause(rng)
                continue
            self.metrics.record("fill page", page, ok=page.status == 200)
            parser = FormParser()
            parser.feed(page.body)
            form = next((f for f in parser.forms if any(k.endswith("-version") for k in f)), None)
            self.pause(rng)
            if form is None or not self.running():
                continue
            items = [key[1:-8] for key in form if re.fullmatch(r"i\d+-version", key)]
            item = rng.choice(items)
            fields = {k: v for k, v in form.items() if k != "csrfmiddlewaretoken"}
            number = self.next_number()
            fields[f"i{item}-achievement"] = f"负载测试进展 {number}"
            if rng.random() < 0.3:
                kind = "submit"
                fill_for_submit(fields, item)
            else:
                kind = "fill save"
                fields["action"] = "save"
            sent = self.guarded(kind, browser.post_form, path, page, fields)
            if sent is not None:
                conflict = sent.status == 200 and any(m in sent.body for m in STALE_MARKERS)
                self.metrics.record(kind, sent, ok=sent.status == 302, conflict=conflict)
            self.pause(rng)

    def office(self, browser: Browser, seed: int) -> None:
        rng = random.Random(seed)
        label = self.plan["fill_month"]
        while self.running():
            # Reporters submit; the office sends a unit's pending reports back (退回).
            self.stop.wait(rng.uniform(1.0, 2.0))
            if not self.running():
                break
            unit = rng.choice(self.plan["units"])
            path = f"/review/{label}/units/{unit}/"
            page = self.guarded("review page", browser.request, "GET", path)
            if page is None:
                continue
            self.metrics.record("review page", page, ok=page.status == 200)
            sent = self.guarded(
                "office return",
                browser.post_form,
                f"{path}return/",
                page,
                {"reason": "负载测试退回"},
            )
            if sent is not None:
                self.metrics.record("office return", sent, ok=sent.status == 302)

    def probe(self, browser: Browser) -> None:
        while self.running():
            response = self.guarded("healthz (under load)", browser.request, "GET", "/healthz")
            if response is not None:
                self.metrics.record("healthz (under load)", response, ok=response.status == 200)
            self.stop.wait(0.2)


# ------------------------------------------------------------------------------ main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int, env: dict, log: Path) -> subprocess.Popen:
    worker_class = "gthread" if threads > 1 else "sync"
    command = [
        sys.executable, "-m", "gunicorn", "showcase.wsgi:application",
        f"--bind={HOST}:{port}", f"--workers={workers}", f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--timeout=60", "--log-level=warning", f"--error-logfile={log}",
    ]  # fmt: skip
    with log.open("ab") as output:  # warnings and tracebacks from the workers go there too
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if Browser(port).request("GET", "/healthz").status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def start_nginx(ports: list[int], port: int, log: Path) -> subprocess.Popen:
    """Debian's nginx with deploy/nginx-showcase.conf in front of the nodes (HTTPS on
    `port`, a throwaway certificate)."""
    from tests.nginx import nginx_site

    folder = Path(tempfile.mkdtemp(prefix="showcase-nginx-"))
    conf = nginx_site(ports, port, folder)
    with log.open("ab") as output:
        process = subprocess.Popen(
            ["nginx", "-p", str(folder), "-c", str(conf)],
            start_new_session=True,
            stdout=output,
            stderr=output,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Browser(port, https=True).request("GET", "/healthz").status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("nginx did not answer /healthz within 30 s")


def stop_gunicorn(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def print_server_log(log: Path) -> None:
    """The last lines gunicorn wrote to its error log, if any."""
    server_log = log.read_text(errors="replace").strip()
    if server_log:
        print("\ngunicorn error log (last lines):")
        print("\n".join(server_log.splitlines()[-15:]))


def tear_down(servers: list[subprocess.Popen], throwaway_url: str | None, log: Path) -> None:
    """Stop nginx and gunicorn, close Django's connections, drop the throwaway database
    (if one was created) and remove the log."""
    for server in reversed(servers):
        stop_gunicorn(server)
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django was never set up
        pass
    if throwaway_url:
        drop_database(throwaway_url)
        print(f"dropped the throwaway database {database_name(throwaway_url)}")
    log.unlink(missing_ok=True)


def baseline(browser: Browser, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        response = browser.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"baseline {path}: HTTP {response.status}")
        times.append(response.seconds)
    return times


def machine_busy_seconds() -> float:
    """CPU time spent by the whole machine so far, all cores (Linux /proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def worker_cpu_seconds(master: subprocess.Popen) -> float:
    """User + system CPU time of gunicorn's worker processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def report(actors: Actors, seconds: float, quiet: dict, machine: dict, args) -> bool:
    kinds = actors.metrics.kinds
    order = [
        "board page", "drill-down", "fill page", "fill save", "submit",
        "review page", "office return", "healthz (under load)",
    ]  # fmt: skip
    total = sum(len(k.times) for k in kinds.values())
    errors = sum(k.errors for k in kinds.values())
    conflicts = sum(k.conflicts for k in kinds.values())
    refused = sum(k.refused for k in kinds.values())
    print()
    print(
        f"{args.leaders} leaders, {len(actors.plan['reporters'])} reporters, 1 office, 1 probe;"
        f" think time {args.think[0]:.1f}–{args.think[1]:.1f} s; {seconds:.0f} s;"
        f" {args.nodes} × gunicorn {args.workers} workers × {args.threads} threads on {HOST}"
    )
    print(f"boards of {actors.plan['board_month']}, reporting month {actors.plan['fill_month']}")
    print()
    header = f"{'kind':<22}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header + f"{'max ms':>9}{'errors':>8}{'conflict':>9}{'refused':>8}")
    for name in order + sorted(set(kinds) - set(order)):
        if name not in kinds:
            continue
        entry = kinds[name]
        print(
            f"{name:<22}{len(entry.times):>7}{len(entry.times) / seconds:>8.1f}"
            f"{percentile(entry.times, 50):>9.1f}{percentile(entry.times, 95):>9.1f}"
            f"{percentile(entry.times, 99):>9.1f}{percentile(entry.times, 100):>9.1f}"
            f"{entry.errors:>8}{entry.conflicts:>9}{entry.refused:>8}"
        )
    print()
    print(f"total: {total} requests, {total / seconds:.1f} requests/s")
    print(f"errors (HTTP 5xx or failed request): {errors}")
    print(f"expected conflicts (page says the report changed meanwhile): {conflicts}")
    print(f"refused (other 4xx, or a form sent back with errors): {refused}")
    for sample in actors.metrics.samples:
        print("  e.g. " + sample.replace("\n", " "))
    board = kinds["board page"].times
    health = percentile(quiet["healthz"], 50)
    quiet_board = percentile(quiet["board"], 50)
    print(
        f"gunicorn workers' CPU: {machine['cpu']:.1f} s for {total} requests"
        f" = {machine['cpu'] * 1000 / max(total, 1):.1f} ms per request"
        f" ({machine['cpu'] / max(total, 1) / max(quiet['healthz cpu'], 1e-9):.0f}× the"
        f" {quiet['healthz cpu'] * 1000:.2f} ms of a quiet /healthz);"
        f" machine load average {machine['load'][0]:.1f} → {machine['load'][1]:.1f}"
        f" on {machine['cores']} cores"
    )
    others = machine["busy"] - machine["cpu"] - machine["self"]
    print(
        f"machine CPU during the run: {machine['busy']:.1f} s of {machine['cores'] * seconds:.0f}"
        f" ({machine['busy'] / (machine['cores'] * seconds):.0%}): gunicorn {machine['cpu']:.1f} s,"
        f" this load generator {machine['self']:.1f} s, everything else"
        f" (PostgreSQL, other work) {others:.1f} s"
    )
    print()
    print("raw baseline, same run, before the load (sequential, one client):")
    print(
        f"  /healthz p50 {health:.1f} ms (SELECT 1 through the whole middleware stack),"
        f" static file p50 {percentile(quiet['static'], 50):.1f} ms,"
        f" board page p50 {quiet_board:.1f} ms ({quiet_board / health:.1f}× healthz)"
    )
    print(
        f"ratio board page under load / quiet healthz: p50 {percentile(board, 50) / health:.1f}×,"
        f" p95 {percentile(board, 95) / health:.1f}×"
    )
    board_p95 = percentile(board, 95)
    cpu_ms = machine["cpu"] * 1000 / max(total, 1)
    ok_errors, ok_board = errors == 0, board_p95 <= BOARD_TARGET_P95_MS
    ok_cpu = cpu_ms <= CPU_TARGET_MS
    print()
    print(f"target 0 errors: {'met' if ok_errors else 'NOT met'} ({errors})")
    print(
        f"target board page p95 ≤ {BOARD_TARGET_P95_MS:.0f} ms:"
        f" {'met' if ok_board else 'NOT met'} ({board_p95:.1f} ms)"
    )
    print(
        f"target gunicorn CPU ≤ {CPU_TARGET_MS:.0f} ms per request:"
        f" {'met' if ok_cpu else 'NOT met'} ({cpu_ms:.1f} ms)"
    )
    return ok_errors and ok_board and ok_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--leaders", type=int, default=20)
    parser.add_argument("--reporters", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per worker, as deploy/gunicorn.conf.py (gthread; 1: sync workers)",
    )
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="gunicorn nodes (each --workers × --threads); more than one: behind nginx "
        "(deploy/nginx-showcase.conf, HTTPS) with a shared Redis cache (--cache-url)",
    )
    parser.add_argument(
        "--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help=f"default: a throwaway {THROWAWAY_URL}, created and dropped here",
    )
    args = parser.parse_args()
    throwaway = not args.database_url
    url = args.database_url or THROWAWAY_URL
    servers: list[subprocess.Popen] = []
    log = Path(tempfile.mkstemp(prefix="showcase-load-", suffix=".log")[1])
    try:
        if throwaway:
            print(f"creating the throwaway database {database_name(url)} …", flush=True)
            create_database(url)
        os.environ["DATABASE_URL"] = url
        print("migrating, loading the demo district and creating the bench logins …", flush=True)
        started = time.monotonic()
        plan = prepare(args.leaders, args.reporters)
        print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)

        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
        # Tasks run in the web process (none is queued by these pages); /healthz then
        # measures the database round trip only, not a broker connection.
        env |= {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
            # WhiteNoise serves from the finders here; no collectstatic, so no STATIC_ROOT.
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        }
        https = args.nodes > 1
        if https:
            ports = [free_port() for _ in range(args.nodes)]
            front = free_port()
            # Every node shares the cache; nginx passes the host without its port.
            env |= {"CACHE_URL": args.cache_url, "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{front}"}
        else:
            ports = [port]
        for node_port in ports:
            servers.append(start_gunicorn(node_port, args.workers, args.threads, env, log))
        gunicorns = list(servers)
        if https:
            port = front
            servers.append(start_nginx(ports, port, log))
            print(f"{args.nodes} gunicorn nodes behind nginx on https://{HOST}:{port}/", flush=True)
        print(f"serving on {HOST}:{port}; logging in …", flush=True)

        names = plan["leaders"] + plan["reporters"] + ["bench_office"]
        browsers = {name: Browser(port, https=https) for name in names}
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda name: browsers[name].login(name), names))
        probe = Browser(port, https=https)
        healthz_cpu = sum(map(worker_cpu_seconds, gunicorns))
        quiet = {
            "healthz": baseline(probe, "/healthz", 500),
            # the workers' CPU for one /healthz: what a machine's speed costs every request
            "healthz cpu": (sum(map(worker_cpu_seconds, gunicorns)) - healthz_cpu) / 500,
            "static": baseline(probe, plan["static"], 200),
            "board": baseline(browsers[plan["leaders"][0]], f"/boards/{plan['board_month']}/", 20),
        }

        actors = Actors(port, plan, args.seconds, tuple(args.think))
        threads = [
            threading.Thread(target=actors.leader, args=(browsers[name], n), daemon=True)
            for n, name in enumerate(plan["leaders"])
        ]
        threads += [
            threading.Thread(target=actors.reporter, args=(browsers[name], 1000 + n), daemon=True)
            for n, name in enumerate(plan["reporters"])
        ]
        threads.append(
            threading.Thread(target=actors.office, args=(browsers["bench_office"], 7), daemon=True)
        )
        threads.append(threading.Thread(target=actors.probe, args=(probe,), daemon=True))
        print(f"running {len(threads)} actors for {args.seconds:.0f} s …", flush=True)
        cpu_before = sum(map(worker_cpu_seconds, gunicorns))
        load_before = os.getloadavg()[0]
        busy_before, self_before = machine_busy_seconds(), time.process_time()
        started = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join(timeout=max(1.0, actors.deadline - time.monotonic() + 90))
        except KeyboardInterrupt:
            actors.stop.set()
        actors.stop.set()
        machine = {
            "cpu": sum(map(worker_cpu_seconds, gunicorns)) - cpu_before,
            "busy": machine_busy_seconds() - busy_before,
            "self": time.process_time() - self_before,
            "load": (load_before, os.getloadavg()[0]),
            "cores": os.cpu_count(),
        }
        passed = report(actors, args.seconds, quiet, machine, args)
        print_server_log(log)
        return 0 if passed else 1
    finally:
        tear_down(servers, url if throwaway else None, log)


if __name__ == "__main__":
    sys.exit(main())
