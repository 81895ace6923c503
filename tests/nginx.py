"""deploy/nginx-showcase.conf as an operator installs it in front of several web
nodes, on free ports of 127.0.0.1: for the two-node test and `bench/load.py --nodes`."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_site(upstreams: list[int], port: int, folder: Path) -> Path:
    """deploy/nginx-showcase.conf as an operator installs it, with the two nodes in its
    upstream, listening on a free port of 127.0.0.1 with a throwaway certificate."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx-showcase.conf").read_text()
    nodes = "\n    ".join(f"server 127.0.0.1:{p} fail_timeout=0;" for p in upstreams)
    site = site.replace("server 127.0.0.1:8000 fail_timeout=0;", nodes)
    site = site.replace(
        "    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{free_port()};\n"
    )
    site = site.replace(
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
        f"    listen 127.0.0.1:{port} ssl;\n",
    )
    site = site.replace("/etc/ssl/certs/showcase.example.gov.cn.pem", str(certificate))
    site = site.replace("/etc/ssl/private/showcase.example.gov.cn.key", str(key))
    site = site.replace("/var/log/nginx/", f"{folder}/")
    (folder / "site.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(
        f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        "events {}\n"
        f"http {{ client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi; access_log {folder}/access.log;\n"
        f"  include {folder}/site.conf; }}\n"
    )
    return conf
