"""One renderer behind a bounded, single-flight queue: how PNG exports reach the browser.

A :class:`RenderQueue` owns one render function (one kaleido/Chromium) and a thread that
feeds it one figure at a time:

- identical requests in flight share one rendering (single flight by key: the panel, the
  view fields it reads, the data version and the image size);
- at most ``max_waiting`` different renderings wait behind the running one; when that is
  full, :meth:`RenderQueue.submit` refuses at once with :class:`ExportBusy`, which carries a
  ``Retry-After`` estimate (the waiting renderings times the recent mean render time).

The queue runs wherever the renderer runs: in the host's renderer process
(:mod:`server.renderer`, shared by every gunicorn worker) or in-process (the CLI).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from concurrent.futures import Future
from typing import Callable

from components.png import ExportError, ImageSize

#: Different renderings allowed to wait behind the running one (``SMALLCAP_EXPORT_QUEUE``).
MAX_WAITING = 4
#: Seconds a rendering is assumed to take before one has been timed.
FIRST_GUESS_SECONDS = 5.0
#: Longest ``Retry-After`` given (seconds).
MAX_RETRY_AFTER = 120


class ExportBusy(Exception):
    """The export queue is full: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int, message: str = "the export queue is full"):
        super().__init__(f"{message}; try again in {retry_after} s")
        self.retry_after = int(retry_after)


def retry_after_seconds(waiting: int, mean_seconds: float) -> int:
    """Whole seconds until ``waiting`` renderings of ``mean_seconds`` each (plus the running
    one) are through: at least 1, at most :data:`MAX_RETRY_AFTER`."""
    return int(min(MAX_RETRY_AFTER, max(1, math.ceil((waiting + 1) * mean_seconds))))


class RenderQueue:
    """A bounded, single-flight queue in front of one renderer (see the module docstring).

    Args:
        render: ``render(figure, size) -> bytes`` (figure: a plotly figure dict); raises
            :class:`ExportError` when it cannot render.
        max_waiting: Different renderings that may wait behind the running one.
    """

    def __init__(self, render: Callable[[dict, ImageSize], bytes], *, max_waiting: int = MAX_WAITING):
        self._render = render
        self.max_waiting = max(0, int(max_waiting))
        self._lock = threading.Lock()
        self._flights: dict[str, Future] = {}
        self._waiting: deque = deque()
        self._thread: threading.Thread | None = None
        self._durations: deque[float] = deque(maxlen=20)
        self.renders = 0  # renderings started (logs, benchmark, tests)
        self.last_active = time.monotonic()

    @property
    def busy(self) -> bool:
        """Whether anything is rendering or waiting."""
        with self._lock:
            return bool(self._flights)

    def mean_seconds(self) -> float:
        """Mean of the recent render times (a first guess before any)."""
        with self._lock:
            return self._mean_locked()

    def _mean_locked(self) -> float:
        return sum(self._durations) / len(self._durations) if self._durations else FIRST_GUESS_SECONDS

    def retry_after(self) -> int:
        """Seconds a refused request should wait before asking again."""
        with self._lock:
            return retry_after_seconds(len(self._waiting), self._mean_locked())

    def submit(self, key: str, figure: dict, size: ImageSize) -> Future:
        """A future of the PNG of ``figure`` at ``size``: the one in flight for ``key`` if any.

        Raises:
            ExportBusy: ``max_waiting`` different renderings already wait.
        """
        with self._lock:
            self.last_active = time.monotonic()
            flight = self._flights.get(key)
            if flight is not None:
                return flight
            if len(self._waiting) >= self.max_waiting and self._thread is not None:
                raise ExportBusy(retry_after_seconds(len(self._waiting), self._mean_locked()))
            flight = Future()
            self._flights[key] = flight
            self._waiting.append((key, figure, size, flight))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="png-render", daemon=True)
                self._thread.start()
            return flight

    def render(self, key: str, figure: dict, size: ImageSize, *, timeout: float | None = None) -> bytes:
        """PNG bytes (see :meth:`submit`); waits at most ``timeout`` seconds.

        Raises:
            ExportBusy: the queue is full, or the rendering took longer than ``timeout``.
            ExportError: the renderer failed.
        """
        flight = self.submit(key, figure, size)
        try:
            return flight.result(timeout)
        except TimeoutError:
            raise ExportBusy(self.retry_after(), "the export is taking longer than expected") from None

    def _run(self) -> None:
        """The render thread: one rendering at a time, until nothing waits."""
        while True:
            with self._lock:
                if not self._waiting:
                    self._thread = None
                    self.last_active = time.monotonic()
                    return
                key, figure, size, flight = self._waiting.popleft()
                self.renders += 1
            started = time.monotonic()
            try:
                result = self._render(figure, size)
            except ExportError as exc:
                error: BaseException | None = exc
            except Exception as exc:  # noqa: BLE001 - the waiting requests need one message
                error = ExportError(f"PNG rendering failed: {type(exc).__name__}: {str(exc)[:200]}")
            else:
                error = None
            with self._lock:
                self._durations.append(time.monotonic() - started)
                self._flights.pop(key, None)
                self.last_active = time.monotonic()
            if error is None:
                flight.set_result(result)
            else:
                flight.set_exception(error)
