"""PNG rendering with kaleido through one long-lived headless Chromium."""

from __future__ import annotations

import math
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass

import plotly.graph_objects as go

WIDTH = (400, 2400, 1200)   # min, max, default (CSS pixels)
HEIGHT = (300, 1600, 600)
SCALE = (1.0, 3.0, 2.0)


class ExportError(ValueError):
    """An export request that cannot be served; the message says why."""


@dataclass(frozen=True)
class ImageSize:
    """Width and height in CSS pixels and the scale factor, within safe bounds."""

    width: int = WIDTH[2]
    height: int = HEIGHT[2]
    scale: float = SCALE[2]

    @classmethod
    def parse(cls, width=None, height=None, scale=None, *,
              default_height: int | None = None) -> tuple["ImageSize", list[str]]:
        """Parse request values; clamp out-of-bounds numbers (with notices), refuse non-numbers.

        ``default_height`` (a figure's own height, e.g. the facts table sized to its rows) is
        used, within bounds, when no height is asked for. Only plain decimal numbers are
        numbers here (see ``_NUMBER``), so a notice can safely quote one in a response header.
        """
        notices: list[str] = []
        values = []
        own_height = None if default_height is None else min(max(int(default_height), HEIGHT[0]), HEIGHT[1])
        for name, raw, (low, high, default), kind in (("width", width, WIDTH, int),
                                                      ("height", height, HEIGHT, int),
                                                      ("scale", scale, SCALE, float)):
            if raw in (None, ""):
                values.append(own_height if name == "height" and own_height else default)
                continue
            text = str(raw).strip()
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is not None and not math.isfinite(number):
                raise ExportError(f"{name} must be a finite number")
            if number is None or not _NUMBER.match(text):
                raise ExportError(f"{name} must be a number, got {str(raw)[:20]!r}")
            clamped = min(max(number, low), high)
            if clamped != number:
                notices.append(f"{name} {text[:20]} out of bounds [{low}, {high}]: used {kind(clamped)}")
            values.append(kind(clamped))
        return cls(*values), notices


#: A plain decimal number (ASCII digits, optional sign, fraction and exponent): not "1_000" or
#: other digits, and nothing a response header could not carry.
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


#: Seconds without an export after which a worker closes its browser: a headless Chromium
#: holds about 300 MB (a dozen processes), so four idle workers would keep 1.2 GB for nothing.
#: The next export starts it again (about 2 s); exports in a row reuse it.
IDLE_SECONDS = 300.0


#: What kaleido's tab says when an image reaches it before its scripts have loaded again.
NOT_READY = "is not defined"
NOT_READY_WAIT_SECONDS = 0.5


class PngRenderer:
    """Renders figures to PNG through kaleido's sync server: one Chromium, started on first use
    and kept while exports come, closed after ``idle_seconds`` without one (None: never).

    Calls are serialised with a lock: kaleido's sync server answers one request at a time.
    ``recycle_mb``: after a rendering, close the browser when its processes hold more than this
    (proportional set size, MB; None: never): Chromium keeps much of the memory a large image
    took, and a fresh one (about 2 s to start) gives it back.
    """

    def __init__(self, browser_path: str | None = None, *, idle_seconds: float | None = IDLE_SECONDS,
                 recycle_mb: float | None = None):
        self._lock = threading.Lock()
        self._browser_path = browser_path
        self._idle_seconds = idle_seconds
        self._recycle_mb = recycle_mb
        self.recycled = 0  # browsers closed for their memory (logs and tests)
        self._last_used = 0.0
        self._timer: threading.Timer | None = None
        self.running = False
        self.starts = 0  # browsers started so far (logs and tests)

    def _ensure_started(self) -> None:
        import kaleido

        path = self._browser_path or os.environ.get("BROWSER_PATH") or shutil.which("chromium")
        if path and not os.environ.get("BROWSER_PATH"):
            os.environ["BROWSER_PATH"] = path
        # kaleido's server is one per process: a no-op when it is open (also when another
        # renderer in this process opened it)
        kaleido.start_sync_server(silence_warnings=True)
        if not self.running:
            self.running = True
            self.starts += 1

    def render(self, fig: go.Figure | dict, size: ImageSize = ImageSize()) -> bytes:
        """PNG bytes of ``fig`` (a figure or its dict) at ``size``; :class:`ExportError` when no
        browser can render."""
        import kaleido

        with self._lock:
            try:
                self._ensure_started()
                opts = {"format": "png", "width": size.width, "height": size.height, "scale": size.scale}
                try:
                    return kaleido.calc_fig_sync(fig, opts=opts)
                except Exception as exc:  # noqa: BLE001 - see NOT_READY
                    if NOT_READY not in str(exc):
                        raise
                    # kaleido reloads its tab after each image; under load the next image can
                    # reach the tab before its scripts are back: once more, a moment later
                    time.sleep(NOT_READY_WAIT_SECONDS)
                    return kaleido.calc_fig_sync(fig, opts=opts)
            except Exception as exc:  # noqa: BLE001 - kaleido raises many kinds; the user needs one
                raise ExportError(f"PNG rendering failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
            finally:
                self._last_used = time.monotonic()
                if self.running and self._recycle_mb is not None and browser_mb() > self._recycle_mb:
                    kaleido.stop_sync_server(silence_warnings=True)
                    self.running = False
                    self.recycled += 1
                if self.running and self._idle_seconds is not None and self._timer is None:
                    self._close_later(self._idle_seconds)

    def close(self) -> None:
        """Close the browser now (the next render starts one)."""
        import kaleido

        with self._lock:
            if self.running:
                kaleido.stop_sync_server(silence_warnings=True)
                self.running = False

    def _close_later(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        import kaleido

        with self._lock:
            self._timer = None
            if not self.running:
                return
            left = self._idle_seconds - (time.monotonic() - self._last_used)
            if left > 0:
                self._close_later(left)
                return
            kaleido.stop_sync_server(silence_warnings=True)
            self.running = False


def browser_mb(pid: int | None = None) -> float:
    """Proportional set size (MB) of the processes below ``pid`` (default: this process): the
    browser this process started, each page shared between its processes counted once."""
    from pathlib import Path

    todo, total = _children(pid or os.getpid()), 0.0
    while todo:
        current = todo.pop()
        todo.extend(_children(current))
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def _children(pid: int) -> list[int]:
    from pathlib import Path

    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
