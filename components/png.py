"""PNG rendering with kaleido through one long-lived headless Chromium."""

from __future__ import annotations

import math
import os
import re
import shutil
import threading
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


class PngRenderer:
    """Renders figures to PNG; starts kaleido's sync server (one Chromium) on first use.

    Calls are serialised with a lock: kaleido's sync server answers one request at a time.
    """

    def __init__(self, browser_path: str | None = None):
        self._lock = threading.Lock()
        self._browser_path = browser_path

    def _ensure_started(self) -> None:
        import kaleido

        path = self._browser_path or os.environ.get("BROWSER_PATH") or shutil.which("chromium")
        if path and not os.environ.get("BROWSER_PATH"):
            os.environ["BROWSER_PATH"] = path
        kaleido.start_sync_server(silence_warnings=True)

    def render(self, fig: go.Figure, size: ImageSize = ImageSize()) -> bytes:
        """PNG bytes of ``fig`` at ``size``; :class:`ExportError` when no browser can render."""
        import kaleido

        with self._lock:
            try:
                self._ensure_started()
                return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": size.width,
                                                        "height": size.height, "scale": size.scale})
            except Exception as exc:  # noqa: BLE001 - kaleido raises many kinds; the user needs one
                raise ExportError(f"PNG rendering failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
