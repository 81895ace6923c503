"""Lighthouse on the main pages of every role, mobile and desktop.

- installs Lighthouse (pinned in bench/lighthouse/package-lock.json, apart from the app's
  packages) with `npm ci` when missing;
- builds a throwaway SQLite database with the demo district, collects the static files
  (hashed, compressed: as production) and starts gunicorn on 127.0.0.1;
- logs each role in through the login page and hands Lighthouse its session cookie;
- runs Lighthouse 12 against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium)
  and prints performance, accessibility and best practices per page and form factor.

    .venv/bin/python bench/lighthouse.py
    .venv/bin/python bench/lighthouse.py --only desktop --pages 登录 领导首页

Targets: accessibility and best practices ≥ 95, performance ≥ 90 on mobile.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
PYTHON = ROOT / ".venv" / "bin" / "python"
PASSWORD = "Shaibi-2022!"
CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = "--headless --no-sandbox --disable-background-networking"

# (name, login or None, path or "follow:<from> <regex> [<regex> …]" to take the first link
# matching the first pattern on `from`, then on that page the first matching the next…).
PAGES = [
    ("登录", None, "/accounts/login/"),
    ("填报员首页", "tianbao", "/"),
    ("单位负责人首页", "fuzeren", "/"),
    ("乡镇填报员首页", "bihu", "/"),
    ("本月填报", "tianbao", "/fill/"),
    ("领导首页", "lingdao", "/"),
    ("榜单", "lingdao", "/boards/"),
    (
        "下钻",
        "lingdao",
        "follow:/boards/ /boards/\\d{4}-\\d{2}/district/units/\\w+/(\\?revision=\\d+)?",
    ),
    ("大屏", "lingdao", "follow:/meetings/ /meetings/\\d{4}-\\d{2}/screen/0/"),
    (
        "事项走势",
        "lingdao",
        "follow:/boards/ /boards/\\d{4}-\\d{2}/district/units/\\w+/(\\?revision=\\d+)?"
        " /boards/items/\\d+/",
    ),
    ("考核办首页", "kaohe", "/"),
    ("审核", "kaohe", "/review/"),
    ("系统管理员首页", "admin", "/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One login's cookie jar over http.client: enough to log in and find links."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode()
        conn.close()
        return response.status, response.headers.get("Location", ""), text

    def login(self, username: str) -> None:
        _, _, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        status, location, _ = self.request("POST", "/accounts/login/", body)
        if status != 302 or "login" in location:
            raise SystemExit(f"{username}: 登录失败 ({status})")

    def resolve(self, path: str) -> str:
        if not path.startswith("follow:"):
            return path
        page, *patterns = path.removeprefix("follow:").split(" ")
        for pattern in patterns:
            page = self.first_link(page, pattern)
        return page

    def first_link(self, start: str, pattern: str) -> str:
        status, location, html = self.request("GET", start)
        if status in (301, 302):
            status, location, html = self.request("GET", location)
        for href in re.findall(r'href="([^"]+)"', html):
            if re.fullmatch(pattern, href):
                return href
        raise SystemExit(f"{start} 上没有符合 {pattern} 的链接")


def lighthouse(url: str, cookie: str, form_factor: str) -> dict[str, int]:
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for _attempt in range(3):  # Lighthouse now and then fails to record a trace (NO_NAVSTART)
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        report = json.loads(result.stdout) if result.returncode == 0 else {}
        if report and not report.get("runtimeError"):
            break
    else:
        raise SystemExit(f"lighthouse {url}: {report.get('runtimeError') or result.stderr[-2000:]}")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return {**scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("mobile", "desktop"))
    parser.add_argument("--pages", nargs="*", help="page names, as in the first column")
    parser.add_argument("--verbose", action="store_true", help="list the audits below 90")
    args = parser.parse_args()

    if not LIGHTHOUSE.is_file():
        print("==> npm ci (bench/lighthouse)", file=sys.stderr)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
        )

    workdir = Path(tempfile.mkdtemp(prefix="showcase-lighthouse-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "showcase.settings",
        "DEBUG": "false",
    }
    env.pop("CELERY_BROKER_URL", None)
    manage = [str(PYTHON), "manage.py"]
    print("==> migrate, load_demo, collectstatic", file=sys.stderr)
    for command in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    port = free_port()
    server = subprocess.Popen(
        [str(PYTHON.with_name("gunicorn")), "showcase.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", "2", "--threads", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if Browser(port).request("GET", "/healthz")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.1)
        run(port, args)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def run(port: int, args: argparse.Namespace) -> None:
    sessions: dict[str, Browser] = {}
    factors = [args.only] if args.only else ["mobile", "desktop"]
    print(f"{'page':<12} {'form':<8} {'perf':>5} {'a11y':>5} {'best':>5}")
    worst = {name: 100 for name in CATEGORIES}
    worst_mobile_perf = 100
    for name, username, path in PAGES:
        if args.pages and name not in args.pages:
            continue
        cookie = ""
        browser = Browser(port)
        if username:
            if username not in sessions:
                sessions[username] = Browser(port)
                sessions[username].login(username)
            browser = sessions[username]
            cookie = f"sessionid={browser.cookies['sessionid']}"
        url = f"http://127.0.0.1:{port}{browser.resolve(path)}"
        for factor in factors:
            scores = lighthouse(url, cookie, factor)
            print(
                f"{name:<12} {factor:<8} {scores['performance']:>5} "
                f"{scores['accessibility']:>5} {scores['best-practices']:>5}",
                flush=True,
            )
            if args.verbose and scores["failed"]:
                print("    " + " ".join(scores["failed"]), flush=True)
            for category in CATEGORIES:
                worst[category] = min(worst[category], scores[category])
            if factor == "mobile":
                worst_mobile_perf = min(worst_mobile_perf, scores["performance"])
    print(
        f"lowest: performance {worst['performance']} (mobile {worst_mobile_perf}), "
        f"accessibility {worst['accessibility']}, best practices {worst['best-practices']}; "
        "target: accessibility and best practices ≥ 95, mobile performance ≥ 90"
    )


if __name__ == "__main__":
    main()
