"""What bench/public.py and bench/rating.py share: their gunicorn and database options,
and a throwaway PostgreSQL database with gunicorn serving it, torn down whatever happens.

    parser = argparse.ArgumentParser(…)
    add_arguments(parser, THROWAWAY_URL)
    args = parser.parse_args()
    with served_database(args, THROWAWAY_URL, "showcase-rating-") as site:
        …                       # DATABASE_URL is set: migrate, load the demo
        port, gunicorn = site.serve(args.workers, args.threads)
        …
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from load import create_database, database_name, free_port, start_gunicorn, tear_down


def add_arguments(parser: argparse.ArgumentParser, throwaway_url: str) -> None:
    """--workers and --threads of gunicorn, and --database-url (default: DATABASE_URL, else
    a throwaway database at `throwaway_url`)."""
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help=f"default: a throwaway {throwaway_url}, created and dropped here",
    )


@dataclass
class Site:
    """The bench's database and the gunicorn serving it (on 127.0.0.1)."""

    url: str
    log: Path
    servers: list[subprocess.Popen] = field(default_factory=list)

    def serve(self, workers: int, threads: int) -> tuple[int, subprocess.Popen]:
        """Start gunicorn on a free port (tasks run in the web process, DEBUG off); its
        port and process."""
        env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
        env |= {"DATABASE_URL": self.url, "DEBUG": "false", "PYTHONUNBUFFERED": "1"}
        port = free_port()
        process = start_gunicorn(port, workers, threads, env, self.log)
        self.servers.append(process)
        return port, process


@contextmanager
def served_database(
    args: argparse.Namespace, throwaway_url: str, log_prefix: str
) -> Iterator[Site]:
    """Create the throwaway database unless --database-url names one, and set DATABASE_URL
    for this process; at the end stop gunicorn, drop the throwaway database and remove
    the server log."""
    throwaway = not args.database_url
    url = args.database_url or throwaway_url
    site = Site(url, Path(tempfile.mkstemp(prefix=log_prefix, suffix=".log")[1]))
    try:
        if throwaway:
            print(f"creating the throwaway database {database_name(url)} …", flush=True)
            create_database(url)
        os.environ["DATABASE_URL"] = url
        yield site
    finally:
        tear_down(site.servers, url if throwaway else None, site.log)
