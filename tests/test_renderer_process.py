"""The host's renderer process: one per cache folder, shared by every worker, real Chromium."""

from __future__ import annotations

import os
import shutil
import struct
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go
import pytest

from components.png import ImageSize
from server.renderer import SharedRenderer

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None,
                                reason="needs Debian's chromium (apt-get install chromium)")

FIGURE = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])).to_json()


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n", body[:40]
    return struct.unpack(">II", body[16:24])


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_workers_share_one_renderer_and_one_rendering(tmp_path):
    # two handles = two gunicorn workers on the same cache folder
    workers = [SharedRenderer(tmp_path, idle_seconds=2), SharedRenderer(tmp_path, idle_seconds=2)]
    size = ImageSize(500, 300, 1.0)
    with ThreadPoolExecutor(6) as pool:
        bodies = list(pool.map(lambda i: workers[i % 2].render("k1", FIGURE, size), range(6)))
    assert {png_size(b) for b in bodies} == {(500, 300)}
    stats = workers[1].stats()
    assert stats == workers[0].stats()
    assert stats["renders"] <= 2  # identical requests share the rendering in flight (the first
    # may finish before the last arrives: at most one more)
    assert png_size(workers[0].render("k2", FIGURE, ImageSize(400, 400, 2.0))) == (800, 800)
    assert workers[0].stats()["renders"] == stats["renders"] + 1
    pid = stats["pid"]
    assert os.getpriority(os.PRIO_PROCESS, pid) >= 10  # the page's requests come first
    deadline = time.monotonic() + 20
    while alive(pid) and time.monotonic() < deadline:  # exits when idle
        time.sleep(0.2)
    assert not alive(pid)
    assert png_size(workers[1].render("k3", FIGURE, size)) == (500, 300)  # started again on demand
    assert workers[1].stats()["pid"] != pid


def test_a_renderer_of_another_folder_is_another_process(tmp_path):
    first, second = SharedRenderer(tmp_path / "a", idle_seconds=1), SharedRenderer(tmp_path / "b", idle_seconds=1)
    assert first.stats()["pid"] != second.stats()["pid"]
    assert (tmp_path / "a" / "renderer.key").stat().st_mode & 0o777 == 0o600
