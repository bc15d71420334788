"""The smallcap-monitor command line."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from loaders.base import LoaderError

ROOT = Path(__file__).resolve().parents[1]


def test_bad_data_spec_is_a_usage_error():
    result = CliRunner().invoke(cli.main, ["serve", "--data", "/no/such/dir"])
    assert result.exit_code == 2
    assert "not an existing directory" in result.output


def test_refresh_summarises_failures(tmp_path, monkeypatch):
    from loaders import source

    def unreachable(config):
        def fail(name):
            raise LoaderError("FRED", f"cannot connect for {name}")
        return source.Fetchers(fred=fail, yahoo=fail, famafrench=fail)

    monkeypatch.setattr(source, "default_fetchers", unreachable)
    result = CliRunner().invoke(cli.main, ["refresh", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAILED series     DGS10" in result.output
    assert "0 fetched, 30 failed." in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_and_read_layout(data: str, tmp_path) -> dict:
    port = _free_port()
    exe = Path(sys.executable).with_name("smallcap-monitor")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]
    proc = subprocess.Popen(command + ["serve", "--data", data, "--port", str(port),
                                       "--cache-dir", str(tmp_path)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=30) as r:
                    return json.loads(r.read())
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.poll() is not None else "timeout")
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_demo_names_demo_in_header(tmp_path):
    layout = json.dumps(_serve_and_read_layout("demo", tmp_path))
    assert "Demo data (synthetic, not market data)" in layout


def test_serve_shared_data_names_directory(tmp_path, shared_data):
    layout = json.dumps(_serve_and_read_layout(str(shared_data), tmp_path))
    assert f"Local directory '{shared_data.resolve().name}'" in layout
    assert str(shared_data.resolve()) not in layout  # never the server's path


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="PNG export needs Debian's chromium (apt-get install chromium)")
def test_png_export_prints_one_line_not_the_browser_log(tmp_path):
    out = tmp_path / "relative.png"
    done = subprocess.run(
        [sys.executable, "-m", "cli", "export", "--panel", "relative", "--output", str(out), "--data", "demo",
         "--cache-dir", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert lines == [f"wrote {out} (relative_2022-12-31_2025-12-31.png)"]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
