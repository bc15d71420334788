"""PNG rendering with kaleido through one long-lived headless Chromium."""

from __future__ import annotations

import atexit
import json
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
#: Most CSS pixels of a figure's own height (the facts table sized to its rows) when no height is
#: asked for: a day's 42 facts need about 1,900, and capped at HEIGHT's 1,600 the table was cut
#: off mid-row in the PNG. Large images are drawn in strips (the export's renderer).
OWN_HEIGHT_MAX = 3600


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
        own_height = None if default_height is None else min(max(int(default_height), HEIGHT[0]), OWN_HEIGHT_MAX)
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
#: Images with more than four times this many pixels (width x height x scale^2) are drawn in
#: horizontal strips of at most this many pixels (see :class:`PngRenderer`); smaller ones in
#: one piece, as plotly.js draws them (the default 1200x600 at scale 2 is 2.9 million pixels).
STRIP_PIXELS = 2_000_000
#: Seconds one kaleido call may take.
CALL_SECONDS = 120.0

# The strip tab's functions: load an SVG as an image once, then draw strip after strip of it on
# a canvas the strip's size, exactly as plotly.js draws a PNG (drawImage of the SVG at the
# full size), only shifted up by the rows already drawn.
_STRIP_JS = r"""
window.__smallcapLoad = function(svg) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml;charset=utf-8'}));
    const img = new Image();
    img.onload = () => { URL.revokeObjectURL(url); window.__smallcapImage = img; resolve(true); };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('the SVG did not load')); };
    img.src = url;
  });
};
window.__smallcapStrip = function(width, height, top, rows) {
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = rows;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  context.drawImage(window.__smallcapImage, 0, -top, width, height);
  const data = canvas.toDataURL('image/png');
  canvas.width = 0; canvas.height = 0;
  return data.slice(data.indexOf(',') + 1);
};
window.__smallcapDone = function() { window.__smallcapImage = null; return true; };
true;
"""


class _Browser:
    """One kaleido (one headless Chromium) driven from a thread of its own; its tab also draws
    large images in strips (:meth:`strips`)."""

    def __init__(self):
        self._start_loop()
        try:
            self._call(self._open())
        except BaseException:
            self.close()
            raise
        atexit.register(self.close)  # a process that exits without closing leaves no Chromium behind

    def _start_loop(self) -> None:
        """The event loop kaleido runs on, in a thread of its own; no browser yet."""
        import asyncio

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="png-browser", daemon=True)
        self._thread.start()
        self._kaleido = None
        self._tab = None
        # the idle timer and the interpreter's exit may close at once: one closes, the other waits
        self._close_lock = threading.Lock()
        self._pid = os.getpid()  # a forked child inherits this object, not its thread

    def _call(self, coroutine, timeout: float | None = CALL_SECONDS):
        import asyncio

        if not self._loop.is_running():  # stopped or closed: the coroutine would never run
            coroutine.close()  # (unclosed, Python warns "was never awaited" at exit)
            raise RuntimeError("the browser's event loop is not running")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _open(self) -> None:
        import kaleido

        self._kaleido = kaleido.Kaleido(n=1)
        await self._kaleido.open()

    def calc(self, fig, opts: dict) -> bytes:
        """kaleido's ``calc_fig``: the image bytes (PNG) or text (SVG) of ``fig``."""
        return self._call(self._kaleido.calc_fig(fig, opts=opts))

    def strips(self, svg: str, width: int, height: int, rows: int):
        """PNG bytes of each horizontal strip (``rows`` high, the last one shorter) of ``svg``
        drawn at ``width`` x ``height`` pixels, top to bottom."""
        import base64

        self._evaluate("window.__smallcapLoad(%s)" % json.dumps(svg))
        try:
            for top in range(0, height, rows):
                data = self._evaluate(f"window.__smallcapStrip({width}, {height}, {top}, {min(rows, height - top)})")
                yield base64.b64decode(data)
        finally:
            self._evaluate("window.__smallcapDone()")

    def _evaluate(self, expression: str):
        return self._call(self._evaluate_async(expression))

    async def _evaluate_async(self, expression: str):
        if self._tab is None:
            # kaleido's own tab (its browser has one with n=1): idle between images, and a tab
            # of its own would cost a renderer process (40-120 MB more)
            self._tab = next(iter(self._kaleido.tabs.values()))
        if expression.startswith("window.__smallcapLoad"):  # kaleido reloads its tab after each image
            await self._send("Runtime.evaluate", {"expression": _STRIP_JS, "returnByValue": True})
        return await self._send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                     "awaitPromise": True})

    async def _send(self, command: str, params: dict):
        answer = await self._tab.send_command(command, params=params)
        if "error" in answer:
            raise RuntimeError(f"{command}: {str(answer['error'])[:200]}")
        result = answer.get("result", {})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(str(details.get("exception", {}).get("description") or details.get("text"))[:200])
        return result.get("result", {}).get("value")

    def close(self) -> None:
        """Close the browser and end its thread (a second call waits for the first and returns;
        in a forked child, which has neither, nothing: they are the parent's)."""
        atexit.unregister(self.close)
        if os.getpid() != self._pid:
            return
        with self._close_lock:
            self._close()

    def _close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            if self._kaleido is not None:
                self._call(self._kaleido.close(), timeout=30)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        finally:
            self._kaleido = self._tab = None
            try:
                self._call(_end_tasks(), timeout=10)
            except Exception:  # noqa: BLE001 - stopping anyway
                pass
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            if not self._thread.is_alive():
                self._loop.close()


async def _end_tasks() -> None:
    """Cancel the tasks still on the running loop and wait until each has ended, as
    ``asyncio.run`` does before it closes its loop: a loop stopped with a task pending drops it
    unrun (choreographer's watchdog after Chromium died: "Task was destroyed but it is pending!";
    a close() its read loop posts when the pipe closes: "coroutine ... was never awaited")."""
    import asyncio

    for _ in range(3):  # (a task ending may post another, as the read loop's close() does)
        await asyncio.sleep(0)  # callbacks already queued run first
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        if not tasks:
            return
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class PngRenderer:
    """Renders figures to PNG through kaleido: one Chromium, started on first use and kept while
    exports come, closed after ``idle_seconds`` without one (None: never).

    Images up to four times :data:`STRIP_PIXELS` are plotly.js's own PNG. Larger ones (a 2400x1600 export
    at scale 3 is 34.6 million pixels) are drawn in horizontal strips: kaleido draws the
    figure's SVG, the browser draws it strip by strip on a canvas the size of one strip (as
    plotly.js draws its PNG, on a canvas the size of the image), and the strips are written
    into one PNG here, row by row. The pixels match plotly.js's PNG (anti-aliasing aside) and
    the browser never holds the whole bitmap: plotly.js's own way takes 300-400 MB more in
    Chromium for one 7200x4800 image, strips about 80-190 MB (measured with
    ``benchmarks/export_storm.py --compare``).

    Calls are serialised with a lock: one browser renders one image at a time.
    ``strip_pixels``: the strip size (0: every image in one piece, as plotly.js draws it).
    ``recycle_mb``: after a rendering, close the browser when its processes hold more than this
    (proportional set size, MB; None: never): Chromium keeps much of the memory a large image
    took, and a fresh one (about 2 s to start) gives it back.
    """

    def __init__(self, browser_path: str | None = None, *, idle_seconds: float | None = IDLE_SECONDS,
                 recycle_mb: float | None = None, strip_pixels: int = STRIP_PIXELS):
        self._lock = threading.Lock()
        self._browser_path = browser_path
        self._idle_seconds = idle_seconds
        self._recycle_mb = recycle_mb
        self.strip_pixels = strip_pixels
        self.recycled = 0  # browsers closed for their memory (logs and tests)
        self._last_used = 0.0
        self._timer: threading.Timer | None = None
        self._browser: _Browser | None = None
        self.starts = 0  # browsers started so far (logs and tests)

    @property
    def running(self) -> bool:
        """Whether a browser is open."""
        return self._browser is not None

    def _ensure_started(self) -> _Browser:
        path = self._browser_path or os.environ.get("BROWSER_PATH") or shutil.which("chromium")
        if path and not os.environ.get("BROWSER_PATH"):
            os.environ["BROWSER_PATH"] = path
        if self._browser is None:
            self._browser = _Browser()
            self.starts += 1
        return self._browser

    def render(self, fig: go.Figure | dict, size: ImageSize = ImageSize()) -> bytes:
        """PNG bytes of ``fig`` (a figure or its dict) at ``size``; :class:`ExportError` when no
        browser can render."""
        with self._lock:
            try:
                browser = self._ensure_started()
                width, height = round(size.width * size.scale), round(size.height * size.scale)
                if not self.strip_pixels or width * height <= 4 * self.strip_pixels:
                    opts = {"format": "png", "width": size.width, "height": size.height, "scale": size.scale}
                    return self._calc(browser, fig, opts)
                opts = {"format": "svg", "width": size.width, "height": size.height, "scale": size.scale}
                svg = self._calc(browser, fig, opts).decode()
                return write_png(browser.strips(svg, width, height, max(1, self.strip_pixels // width)),
                                 width, height)
            except Exception as exc:  # noqa: BLE001 - kaleido raises many kinds; the user needs one
                self._close_browser()  # a browser that failed is not trusted with the next image
                raise ExportError(f"PNG rendering failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
            finally:
                self._last_used = time.monotonic()
                if self.running and self._recycle_mb is not None and browser_mb() > self._recycle_mb:
                    self._close_browser()
                    self.recycled += 1
                if self.running and self._idle_seconds is not None and self._timer is None:
                    self._close_later(self._idle_seconds)

    @staticmethod
    def _calc(browser: _Browser, fig, opts: dict) -> bytes:
        try:
            return browser.calc(fig, opts)
        except Exception as exc:  # noqa: BLE001 - see NOT_READY
            if NOT_READY not in str(exc):
                raise
            # kaleido reloads its tab after each image; under load the next image can reach the
            # tab before its scripts are back: once more, a moment later
            time.sleep(NOT_READY_WAIT_SECONDS)
            return browser.calc(fig, opts)

    def _close_browser(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.close()

    def close(self) -> None:
        """Close the browser now (the next render starts one)."""
        with self._lock:
            self._close_browser()

    def _close_later(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            self._timer = None
            if not self.running:
                return
            left = self._idle_seconds - (time.monotonic() - self._last_used)
            if left > 0:
                self._close_later(left)
                return
            self._close_browser()


def write_png(strips, width: int, height: int, *, level: int = 6) -> bytes:
    """One RGBA PNG of ``width`` x ``height`` from PNG ``strips`` (top to bottom, each
    ``width`` wide), written row by row: only one strip is ever held decoded.

    Each row is written with PNG's "Up" filter (its difference to the row above), which suits
    charts' large flat areas.

    Raises:
        ValueError: the strips do not add up to ``width`` x ``height``.
    """
    import io
    import struct
    import zlib

    import numpy as np
    from PIL import Image

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(level)
    parts = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))]
    above = np.zeros(width * 4, dtype=np.uint8)  # the row above the first: zeros
    done = 0
    for strip in strips:
        with Image.open(io.BytesIO(strip)) as image:
            if image.width != width:
                raise ValueError(f"a strip {image.width} wide for an image {width} wide")
            if image.mode != "RGBA":
                image = image.convert("RGBA")
            rows = np.asarray(image, dtype=np.uint8).reshape(image.height, width * 4)
        # each row: the filter byte 2, then the row minus the row above (uint8 wraps: modulo 256)
        filtered = np.empty((len(rows), width * 4 + 1), dtype=np.uint8)
        filtered[:, 0] = 2
        np.subtract(rows[0], above, out=filtered[0, 1:])
        np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
        data = compressor.compress(filtered.data)
        if data:
            parts.append(chunk(b"IDAT", data))
        above = rows[-1].copy()
        done += len(rows)
        del rows, filtered
    if done != height:
        raise ValueError(f"strips of {done} rows for an image {height} high")
    parts += [chunk(b"IDAT", compressor.flush()), chunk(b"IEND", b"")]
    return b"".join(parts)


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
