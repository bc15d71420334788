"""Slow clients against the deployment recipe: gunicorn (this checkout's gunicorn.conf.py) behind a
real nginx with deploy/nginx.conf. 200 sockets trickle a request header; a normal page request
still answers quickly. Skipped only when Debian's nginx is not installed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx (apt-get install nginx)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def proxied(tmp_path):
    app_port, proxy_port = free_port(), free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{app_port}", "app:server"],
        cwd=ROOT, env={**__import__("os").environ, "SMALLCAP_DATA": "demo", "SMALLCAP_CACHE_DIR": str(tmp_path / "c")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server app:8050;", f"server 127.0.0.1:{app_port};").replace(
        "listen 8080;", f"listen 127.0.0.1:{proxy_port};")
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    main = f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
{conf}
}}
"""
    (tmp_path / "nginx.conf").write_text(main)
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{app_port}/")
        wait_for(f"http://127.0.0.1:{proxy_port}/")
        yield proxy_port
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(10)
        gunicorn.wait(30)


def test_200_slow_sockets_do_not_stall_a_normal_page_request(proxied):
    slow = []
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", proxied), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # a partial header
        slow.append(s)
    try:
        for _ in range(3):  # trickle a header line every second
            for s in slow:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(1.0)
        started = time.monotonic()
        body = urllib.request.urlopen(f"http://127.0.0.1:{proxied}/", timeout=10).read()
        elapsed = time.monotonic() - started
        assert b"Small-Cap Monitor" in body
        assert elapsed < 2.0, f"the page took {elapsed:.1f} s behind 200 slow sockets"
    finally:
        for s in slow:
            s.close()


def test_the_proxy_refuses_a_body_over_the_apps_limit(proxied):
    request = urllib.request.Request(f"http://127.0.0.1:{proxied}/_dash-update-component",
                                     data=b"x" * (5 * 1024 * 1024), method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert refused.value.headers["X-Content-Type-Options"] == "nosniff"
