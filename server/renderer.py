"""The host's PNG renderer: one process, one Chromium, shared by every gunicorn worker.

Each gunicorn worker used to start its own kaleido/Chromium (about 300 MB to 1 GB each under
large exports) and render as many figures at once as there were workers, starving the page.
Now the first worker that needs a PNG starts ``python -m server.renderer`` and every worker
sends its figures there:

- The renderer listens on an abstract Unix socket named after the cache folder
  (:func:`address`): binding it is exclusive, so a host has one renderer per deployment, and
  the name disappears with the process (nothing to clean up). Connections are authenticated
  with a random key kept in ``<cache_dir>/renderer.key`` (mode 0600).
- It runs a :class:`server.png_queue.RenderQueue`: one rendering at a time, identical requests
  (same key) share one rendering, and a full queue answers "busy" at once (the worker then
  answers ``429`` with ``Retry-After``).
- It runs at a lower CPU priority (``nice`` 10, inherited by Chromium), so page requests come
  first when the cores are busy.
- After a rendering that leaves Chromium holding more than :data:`RECYCLE_MB`, it closes
  that browser; the next rendering starts a fresh one (about 2 s).
- It exits after ``idle_seconds`` without a request, and within a second of the worker that
  started it exiting (the next PNG request starts a new one).

Starting is serialised by a file lock (``<cache_dir>/renderer.lock``): the workers that find
no renderer wait for the one that starts it instead of each starting one.

Protocol (``multiprocessing.connection`` messages, JSON, no pickle): the request
``{"key", "figure" (plotly JSON text), "width", "height", "scale"}``; the answer
``{"status": "ok"}`` followed by the PNG bytes, ``{"status": "busy", "retry_after": s}`` or
``{"status": "error", "message": m}``. ``{"stats": true}`` answers ``{"pid", "renders",
"busy", "recycled"}`` (the benchmark and the tests read it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from filelock import FileLock

from components.png import IDLE_SECONDS, STRIP_PIXELS, ExportError, ImageSize
from server.keyfile import read_or_create_key
from server.png_queue import MAX_WAITING, ExportBusy, RenderQueue

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
#: Largest request accepted (a figure's JSON; the biggest panel is well under 10 MB).
MAX_REQUEST_BYTES = 64 * 1024 * 1024
#: Seconds a worker waits for a new renderer to accept connections.
START_SECONDS = 60.0
#: A browser holding more than this (MB, PSS) after a rendering is replaced by a fresh one.
RECYCLE_MB = 450.0
#: Seconds a worker waits for its PNG (then 429: the renderer is far behind).
WAIT_SECONDS = 120.0


def address(folder: Path) -> str:
    """The renderer's abstract socket name for the cache folder ``folder``."""
    digest = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:24]
    return f"\0smallcap-monitor-png-{digest}"


def authkey(folder: Path) -> bytes:
    """The connection key in ``folder/renderer.key``, created (0600) when missing."""
    return read_or_create_key(Path(folder) / "renderer.key")


# ---------------------------------------------------------------------- the worker's side
class SharedRenderer:
    """A worker's handle on the host renderer: :meth:`render` sends a figure, starting the
    renderer first when none answers.

    Args:
        folder: The deployment's cache folder (socket name, key, lock and log live by it).
        max_waiting: The renderer's queue bound (used when this worker starts it).
        idle_seconds: The renderer exits after this long without a request.
        wait_seconds: How long a request waits for its PNG.
        strip_pixels: Larger images are drawn in strips of this many pixels (used when this
            worker starts the renderer; see :class:`components.png.PngRenderer`).
    """

    def __init__(self, folder: Path, *, max_waiting: int = MAX_WAITING, idle_seconds: float = IDLE_SECONDS,
                 wait_seconds: float = WAIT_SECONDS, strip_pixels: int = STRIP_PIXELS):
        self.folder = Path(folder).resolve()  # the renderer runs from the project folder
        self.max_waiting = max_waiting
        self.idle_seconds = idle_seconds
        self.wait_seconds = wait_seconds
        self.strip_pixels = strip_pixels
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def render(self, key: str, figure_json: str, size: ImageSize) -> bytes:
        """The PNG of ``figure_json`` (plotly JSON text) at ``size``.

        Raises:
            ExportBusy: the renderer's queue is full, or the PNG took longer than ``wait_seconds``.
            ExportError: no renderer could be started, or it failed to render.
        """
        request = json.dumps({"key": key, "figure": figure_json, "width": size.width,
                              "height": size.height, "scale": size.scale}).encode()
        for attempt in (1, 2):  # a renderer that exits between connect and answer: start another
            connection = self._connect()
            try:
                connection.send_bytes(request)
                if not connection.poll(self.wait_seconds):
                    raise ExportBusy(int(min(self.wait_seconds, 60)), "the export is taking longer than expected")
                answer = json.loads(connection.recv_bytes())
                if answer.get("status") == "ok":
                    return connection.recv_bytes()
            except (EOFError, ConnectionError, OSError):
                if attempt == 2:
                    raise ExportError("PNG rendering failed: the renderer stopped") from None
                continue
            finally:
                connection.close()
            if answer.get("status") == "busy":
                raise ExportBusy(int(answer.get("retry_after") or 1))
            raise ExportError(str(answer.get("message") or "PNG rendering failed"))
        raise AssertionError("unreachable")

    def stats(self) -> dict:
        """The renderer's process id, renderings so far and whether it is busy (starting it
        when none runs)."""
        connection = self._connect()
        try:
            connection.send_bytes(b'{"stats": true}')
            return json.loads(connection.recv_bytes())
        finally:
            connection.close()

    def _connect(self) -> Connection:
        key = authkey(self.folder)
        try:
            return Client(address(self.folder), family="AF_UNIX", authkey=key)
        except (ConnectionRefusedError, FileNotFoundError):
            pass
        with FileLock(self.folder / "renderer.lock"):  # one starter per host; the others wait here
            try:
                return Client(address(self.folder), family="AF_UNIX", authkey=key)
            except (ConnectionRefusedError, FileNotFoundError):
                self._start()
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline:
                try:
                    return Client(address(self.folder), family="AF_UNIX", authkey=key)
                except (ConnectionRefusedError, FileNotFoundError):
                    if self._process is not None and self._process.poll() is not None:
                        break
                    time.sleep(0.1)
        raise ExportError("PNG rendering failed: the renderer did not start "
                          f"(see {self.folder.name}/renderer.log in the cache folder)")

    def _start(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.poll()  # reap an earlier renderer that exited
            with open(self.folder / "renderer.log", "ab") as output:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "server.renderer", "--folder", str(self.folder),
                     "--max-waiting", str(self.max_waiting), "--idle-seconds", str(self.idle_seconds),
                     "--parent", str(os.getpid()), "--strip-pixels", str(self.strip_pixels)],
                    cwd=ROOT, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
            log.info("started the PNG renderer (pid %s)", self._process.pid)


# ---------------------------------------------------------------------- the renderer's side
class RendererProcess:
    """The renderer's server loop (see the module docstring).

    Args:
        folder: The cache folder (socket name and key).
        queue: The render queue (one renderer behind it).
        idle_seconds: Exit after this long with nothing to do.
        parent: Exit when this process (the worker that started it) is gone (None: never).
        browser: The :class:`components.png.PngRenderer` behind the queue (for its counters).
    """

    def __init__(self, folder: Path, queue: RenderQueue, *, idle_seconds: float, parent: int | None = None,
                 browser=None):
        self.folder = Path(folder)
        self.queue = queue
        self.browser = browser
        self.idle_seconds = idle_seconds
        self.parent = parent
        self._open = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def serve(self) -> None:
        """Accept connections until idle or orphaned; :class:`OSError` when another renderer
        already owns the address."""
        listener = Listener(address(self.folder), family="AF_UNIX", authkey=authkey(self.folder))
        threading.Thread(target=self._watch, args=(listener,), daemon=True).start()
        log.info("PNG renderer %s listening (queue %s)", os.getpid(), self.queue.max_waiting)
        while not self._stop.is_set():
            try:
                connection = listener.accept()
            except Exception:  # noqa: BLE001 - a failed handshake or the listener closed
                continue
            with self._lock:
                self._open += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: Connection) -> None:
        try:
            request = json.loads(connection.recv_bytes(MAX_REQUEST_BYTES))
            if request.get("stats"):
                recycled = getattr(self.browser, "recycled", None)
                connection.send_bytes(json.dumps({"pid": os.getpid(), "renders": self.queue.renders,
                                                  "busy": self.queue.busy, "recycled": recycled}).encode())
                return
            size = ImageSize(int(request["width"]), int(request["height"]), float(request["scale"]))
            try:
                image = self.queue.render(str(request["key"]), request["figure"], size)
            except ExportBusy as busy:
                connection.send_bytes(json.dumps({"status": "busy", "retry_after": busy.retry_after}).encode())
            except ExportError as exc:
                connection.send_bytes(json.dumps({"status": "error", "message": str(exc)}).encode())
            else:
                connection.send_bytes(b'{"status": "ok"}')
                connection.send_bytes(image)
        except Exception as exc:  # noqa: BLE001 - a broken client: drop it, keep serving
            log.warning("renderer: dropped a request (%s)", type(exc).__name__)
        finally:
            connection.close()
            with self._lock:
                self._open -= 1

    def _watch(self, listener: Listener) -> None:
        while True:
            time.sleep(min(1.0, max(0.05, self.idle_seconds / 4)))
            orphaned = self.parent is not None and os.getppid() != self.parent
            with self._lock:
                idle = (self._open == 0 and not self.queue.busy
                        and time.monotonic() - self.queue.last_active > self.idle_seconds)
            if orphaned or idle:
                log.info("PNG renderer %s exits (%s)", os.getpid(), "orphaned" if orphaned else "idle")
                self._stop.set()
                _stop_browser(self.browser)
                os._exit(0)  # the accept() in the main thread does not return on close


def _stop_browser(browser) -> None:
    try:
        if browser is not None:
            browser.close()
    except Exception:  # noqa: BLE001 - exiting anyway
        pass


def render_json(renderer):
    """A :class:`RenderQueue` render function drawing plotly JSON text with ``renderer``."""

    def render(figure_json: str, size: ImageSize) -> bytes:
        # the dict as it is: plotly.js draws it (no figure objects to build in this process)
        return renderer.render(json.loads(figure_json), size)

    return render


def main(argv: list[str] | None = None) -> int:
    from components.png import PngRenderer

    parser = argparse.ArgumentParser(description="The host's PNG renderer (started by the web workers).")
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--max-waiting", type=int, default=MAX_WAITING)
    parser.add_argument("--idle-seconds", type=float, default=IDLE_SECONDS)
    parser.add_argument("--parent", type=int, default=None)
    parser.add_argument("--strip-pixels", type=int, default=STRIP_PIXELS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s renderer[%(process)d] %(message)s")
    os.nice(10)  # Chromium inherits it: the page's requests come first
    browser = PngRenderer(idle_seconds=None, recycle_mb=RECYCLE_MB, strip_pixels=args.strip_pixels)
    queue = RenderQueue(render_json(browser), max_waiting=args.max_waiting)
    try:
        RendererProcess(args.folder, queue, idle_seconds=args.idle_seconds, parent=args.parent,
                        browser=browser).serve()
    except OSError as exc:  # another renderer owns the address: it serves this host
        log.info("another renderer is running (%s)", exc)
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
