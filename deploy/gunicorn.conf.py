"""gunicorn settings for the 晒比会 board (`gunicorn -c deploy/gunicorn.conf.py showcase.wsgi`).

Every value can be changed from the environment (the systemd unit reads
/etc/showcase/showcase.env), so one file serves a small and a large machine.
"""

import multiprocessing
import os

wsgi_app = "showcase.wsgi:application"

# nginx in front on the same machine; bind to all interfaces only behind a load balancer.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: the slow work (scoring, exports) runs in Celery, so a request is a
# few milliseconds of Python plus waits on PostgreSQL. Two threads overlap those waits
# and let a short board page pass a longer fill page; more threads only share the GIL
# (and one worker may take more than its share of requests). bench/load.py, board page
# p95 over 60 s runs: 2 threads 65-91 ms, 4 threads 56-102 ms, sync 72-107 ms. Each
# thread keeps its own database connection: workers × threads per machine.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"

# A ledger upload of a whole year is parsed in the request; give it time, but not forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# To stdout/stderr: systemd's journal keeps them (`journalctl -u showcase-web`).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'

# nginx on this machine sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "showcase"
