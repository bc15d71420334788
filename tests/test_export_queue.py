"""Export storms: one renderer behind a bounded, single-flight queue, and a PNG cache by view.

Renderings are counted through an injected render function that blocks until the test lets
it go, so "waiting", "in flight" and "full" are states the test controls, not timings.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app
from components.png import ExportError, ImageSize
from config import Config, DataSpec
from server.png_queue import ExportBusy, RenderQueue, retry_after_seconds

SIZE = ImageSize(400, 300, 1.0)
VIEW = "/export/rates.png?start=2024-01-02&end=2024-06-28&width=800&height=400&scale=1"


class GatedRender:
    """A render function that records each call and waits for :meth:`release` (or not, when
    ``gated`` is False); answers fake PNG bytes naming the call."""

    def __init__(self, *, gated: bool = True, fail: bool = False):
        self.calls: list[tuple] = []
        self.started = threading.Semaphore(0)
        self._gate = threading.Event()
        if not gated:
            self._gate.set()
        self.fail = fail
        self._lock = threading.Lock()

    def __call__(self, figure, size: ImageSize) -> bytes:
        with self._lock:
            self.calls.append((figure, size))
            number = len(self.calls)
        self.started.release()
        assert self._gate.wait(30), "the test never released the renderer"
        if self.fail:
            raise RuntimeError("browser crashed")
        return b"\x89PNG\r\n\x1a\nfake-%d-%dx%d" % (number, size.width, size.height)

    def release(self) -> None:
        self._gate.set()

    def wait_started(self, count: int = 1) -> None:
        for _ in range(count):
            assert self.started.acquire(timeout=10), "the renderer was not called"


def wait_until(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


class TestRenderQueue:
    def test_identical_requests_in_flight_share_one_rendering(self):
        render = GatedRender()
        queue = RenderQueue(render, max_waiting=1)
        flights = [queue.submit("same-key", "{}", SIZE) for _ in range(8)]
        render.wait_started()
        flights += [queue.submit("same-key", "{}", SIZE) for _ in range(8)]  # while it renders
        render.release()
        assert {f.result(10) for f in flights} == {b"\x89PNG\r\n\x1a\nfake-1-400x300"}
        assert len(render.calls) == 1 and queue.renders == 1
        wait_until(lambda: not queue.busy)
        assert queue.render("same-key", "{}", SIZE).endswith(b"fake-2-400x300")  # done: a new flight

    def test_a_full_queue_refuses_with_a_retry_after(self):
        render = GatedRender()
        queue = RenderQueue(render, max_waiting=2)
        running = queue.submit("a", "{}", SIZE)
        render.wait_started()  # "a" renders; "b" and "c" wait: the queue is full
        waiting = [queue.submit(k, "{}", SIZE) for k in ("b", "c")]
        with pytest.raises(ExportBusy) as refused:
            queue.submit("d", "{}", SIZE)
        # two waiting + the running one at the first-guess 5 s each
        assert refused.value.retry_after == 15
        assert queue.submit("b", "{}", SIZE) is waiting[0]  # joining a waiting one is no new work
        render.release()
        assert running.result(10).endswith(b"fake-1-400x300")
        assert [w.result(10)[-14:] for w in waiting] == [b"fake-2-400x300", b"fake-3-400x300"]
        assert queue.renders == 3
        wait_until(lambda: not queue.busy)
        assert queue.submit("d", "{}", SIZE).result(10).endswith(b"fake-4-400x300")

    def test_retry_after_follows_the_measured_render_time(self):
        assert retry_after_seconds(0, 0.2) == 1
        assert retry_after_seconds(3, 2.5) == 10
        assert retry_after_seconds(1000, 10.0) == 120

    def test_a_failed_rendering_reaches_every_waiter_and_is_not_kept(self):
        render = GatedRender(fail=True)
        queue = RenderQueue(render, max_waiting=4)
        first, second = queue.submit("k", "{}", SIZE), queue.submit("k", "{}", SIZE)
        render.release()
        for flight in (first, second):
            with pytest.raises(ExportError, match="PNG rendering failed: RuntimeError: browser crashed"):
                flight.result(10)
        wait_until(lambda: not queue.busy)
        render.fail = False
        assert queue.render("k", "{}", SIZE).endswith(b"fake-2-400x300")  # tried again


@pytest.fixture
def storm_app(tmp_path):
    """The demo app with an in-process renderer whose render function the test controls."""
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", export_renderer="local",
                            export_waiters=16))
    return app


def use_render(app, render, *, max_waiting: int) -> RenderQueue:
    queue = RenderQueue(render, max_waiting=max_waiting)
    app.server.extensions["smallcap_exporter"].png_renderer = queue
    return queue


def get(app, url: str):
    return app.server.test_client().get(url)  # one client per thread


class TestExportRoutes:
    def test_identical_concurrent_exports_render_once(self, storm_app):
        render = GatedRender()
        use_render(storm_app, render, max_waiting=1)
        with ThreadPoolExecutor(6) as pool:
            responses = [pool.submit(get, storm_app, VIEW) for _ in range(6)]
            render.wait_started()
            time.sleep(0.5)  # the others reach the flight (or the cache, once it is done)
            render.release()
            answers = [r.result(30) for r in responses]
        assert [a.status_code for a in answers] == [200] * 6
        assert len(render.calls) == 1
        assert {a.data for a in answers} == {b"\x89PNG\r\n\x1a\nfake-1-800x400"}
        assert answers[0].headers["Content-Disposition"] == 'attachment; filename="rates_2024-01-02_2024-06-28.png"'

    def test_a_full_queue_answers_429_with_retry_after(self, storm_app):
        render = GatedRender()
        use_render(storm_app, render, max_waiting=1)
        with ThreadPoolExecutor(2) as pool:
            running = pool.submit(get, storm_app, VIEW)
            render.wait_started()
            waiting = pool.submit(get, storm_app, VIEW.replace("width=800", "width=900"))
            queue = storm_app.server.extensions["smallcap_exporter"].png_renderer
            wait_until(lambda: len(queue._waiting) == 1)
            refused = get(storm_app, VIEW.replace("width=800", "width=1000"))
            render.release()
            assert running.result(30).status_code == 200 and waiting.result(30).status_code == 200
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "10"  # one waiting + the running one, 5 s each
        assert "the export queue is full; try again in 10 s" in refused.get_data(as_text=True)
        assert len(render.calls) == 2

    def test_a_worker_lets_only_so_many_exports_wait(self, tmp_path):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", export_renderer="local",
                                export_waiters=1))
        render = GatedRender()
        use_render(app, render, max_waiting=10)
        with ThreadPoolExecutor(1) as pool:
            running = pool.submit(get, app, VIEW)
            render.wait_started()
            refused = get(app, VIEW.replace("width=800", "width=900"))
            render.release()
            assert running.result(30).status_code == 200
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "busy with other exports" in refused.get_data(as_text=True)

    def test_a_cached_export_does_not_render_again(self, storm_app):
        render = GatedRender(gated=False)
        use_render(storm_app, render, max_waiting=4)
        first = get(storm_app, VIEW)
        # the same view written differently: parameter order, a field rates does not read
        again = get(storm_app, "/export/rates.png?scale=1&height=400&width=800&end=2024-06-28&start=2024-01-02"
                               "&event=first_cut")
        assert first.status_code == again.status_code == 200
        assert again.data == first.data and len(render.calls) == 1
        other_size = get(storm_app, VIEW.replace("height=400", "height=500"))
        other_view = get(storm_app, VIEW.replace("2024-06-28", "2024-05-31"))
        assert other_size.data.endswith(b"fake-2-800x500") and other_view.data.endswith(b"fake-3-800x400")
        assert len(render.calls) == 3

    def test_zip_shares_the_cache_with_single_exports(self, storm_app):
        render = GatedRender(gated=False)
        use_render(storm_app, render, max_waiting=10)
        assert get(storm_app, "/export/rates.png?start=2024-01-02&end=2024-06-28&scale=1").status_code == 200
        archive = get(storm_app, "/export/all.zip?start=2024-01-02&end=2024-06-28&scale=1")
        assert archive.status_code == 200
        # six panels can be drawn without a universe: rates came from the cache, five rendered
        assert len(render.calls) == 1 + 5
