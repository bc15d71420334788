"""The export browser: kept while exports come, closed when idle, started again on demand."""

from __future__ import annotations

import shutil
import time

import plotly.graph_objects as go
import pytest

from components.png import ImageSize, PngRenderer

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None,
                                reason="needs Debian's chromium (apt-get install chromium)")

PNG = b"\x89PNG\r\n\x1a\n"


def _wait_closed(renderer: PngRenderer, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while renderer.running and time.monotonic() < deadline:
        time.sleep(0.1)
    return not renderer.running


def test_the_browser_closes_when_idle_and_starts_again():
    renderer = PngRenderer(idle_seconds=1.0)
    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))
    size = ImageSize(400, 300, 1.0)
    try:
        assert renderer.render(figure, size).startswith(PNG)
        assert renderer.render(figure, size).startswith(PNG)  # within the idle time: the same browser
        assert renderer.running and renderer.starts == 1
        assert _wait_closed(renderer), "the idle browser was not closed"
        assert renderer.render(figure, size).startswith(PNG)
        assert renderer.running and renderer.starts == 2
    finally:
        renderer.close()
    assert not renderer.running


def test_exports_in_a_row_keep_the_browser_open():
    renderer = PngRenderer(idle_seconds=1.5)
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    try:
        for _ in range(4):  # each export restarts the idle clock
            renderer.render(figure, ImageSize(400, 300, 1.0))
            time.sleep(0.6)
        assert renderer.running and renderer.starts == 1
    finally:
        renderer.close()


def test_a_browser_over_its_memory_limit_is_replaced_after_the_rendering():
    from components.png import browser_mb

    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])).to_dict()  # a plain dict renders too
    size = ImageSize(400, 300, 1.0)
    generous, strict = PngRenderer(idle_seconds=None, recycle_mb=100_000), PngRenderer(idle_seconds=None, recycle_mb=1)
    try:
        assert generous.render(figure, size).startswith(PNG)
        assert generous.running and generous.recycled == 0
        held = browser_mb()
        assert 20 < held < 100_000  # a Chromium's processes, below this one
        generous.close()
        assert strict.render(figure, size).startswith(PNG)
        assert not strict.running and strict.recycled == 1 and browser_mb() < held
        assert strict.render(figure, size).startswith(PNG) and strict.starts == 2
    finally:
        generous.close()
        strict.close()


def test_a_tab_not_ready_yet_is_tried_once_more(monkeypatch):
    """kaleido reloads its tab after each image; an image that reaches it before its scripts are
    back fails with "kaleido_scopes is not defined": the renderer tries once more."""
    from components.png import ImageSize, PngRenderer

    calls = []

    class FlakyBrowser:
        fail_with = "JavascriptError: ReferenceError: kaleido_scopes is not defined"

        def calc(self, fig, opts):
            calls.append(opts)
            if len(calls) == 1 or "not defined" not in self.fail_with:
                raise RuntimeError(self.fail_with)
            return b"\x89PNG"

        def close(self):
            pass

    monkeypatch.setattr("components.png._Browser", FlakyBrowser)
    monkeypatch.setattr("components.png.NOT_READY_WAIT_SECONDS", 0)
    renderer = PngRenderer(idle_seconds=None)
    assert renderer.render({"data": [], "layout": {}}, ImageSize()) == b"\x89PNG"
    assert len(calls) == 2

    FlakyBrowser.fail_with = "JavascriptError: TypeError: something else"
    with pytest.raises(Exception, match="PNG rendering failed: RuntimeError: JavascriptError: TypeError"):
        renderer.render({"data": [], "layout": {}}, ImageSize())
    assert not renderer.running  # a browser that failed is replaced before the next image


def test_a_call_on_a_stopped_browser_loop_raises_and_leaves_no_unawaited_coroutine():
    """Closing a browser whose loop has stopped (a second close, at interpreter exit) must not
    leave kaleido's ``close()`` coroutine unawaited (Python warned at exit in CI)."""
    import asyncio
    import gc
    import warnings

    from components.png import _Browser

    browser = _Browser.__new__(_Browser)  # no Chromium: only the loop matters here
    browser._loop = asyncio.new_event_loop()

    async def work():
        return 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="not running"):
            browser._call(work())
        gc.collect()
    browser._loop.close()
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_two_closes_at_once_close_the_browser_once():
    """The idle timer and the interpreter's exit can close the same browser at once: the second
    waits for the first, and kaleido's ``close()`` runs once (both ran it; one scheduled as the
    other stopped the loop would never run, and its caller would wait 30 s)."""
    import asyncio
    import gc
    import threading
    import warnings

    from components.png import _Browser

    started, release, calls = threading.Event(), threading.Event(), []

    class FakeKaleido:  # no Chromium: what close() does with the loop is what matters
        async def close(self):
            calls.append(threading.current_thread().name)
            started.set()
            while not release.is_set():
                await asyncio.sleep(0.01)

    browser = _Browser.__new__(_Browser)
    browser._start_loop()
    browser._kaleido = FakeKaleido()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = threading.Thread(target=browser.close)
        first.start()
        assert started.wait(5)
        second = threading.Thread(target=browser.close)
        second.start()
        second.join(0.3)
        assert second.is_alive(), "the second close did not wait for the first"
        release.set()
        first.join(15)
        second.join(15)
        gc.collect()
    assert not first.is_alive() and not second.is_alive()
    assert len(calls) == 1
    assert browser._loop.is_closed()
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_closing_after_chromium_died_ends_every_task_of_the_browser(caplog):
    """Chromium killed under the renderer (out of memory, say): choreographer's watchdog closes
    its side and keeps a task waiting; closing the browser ends that task before its event loop
    stops (it was dropped pending: "Task was destroyed but it is pending!" in the log)."""
    import gc
    import logging
    import os
    import signal
    import subprocess
    import warnings

    def children() -> set[str]:
        return set(subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout.split())

    before = children()  # (the browser tests' chromedriver, say: not this renderer's)
    renderer = PngRenderer(idle_seconds=None)
    renderer.render(go.Figure(go.Scatter(x=[1, 2], y=[2, 1])), ImageSize(300, 200, 1.0))
    started = children() - before
    assert started, "no Chromium started under this process"
    for pid in started:
        os.kill(int(pid), signal.SIGKILL)
    time.sleep(1.0)  # the watchdog sees it die
    with caplog.at_level(logging.ERROR, logger="asyncio"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        renderer.close()
        gc.collect()
    assert not renderer.running
    assert not [r for r in caplog.records if "destroyed but it is pending" in r.getMessage()]
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_a_forked_child_leaves_the_parents_browser_alone():
    """A process forked from one holding a browser inherits the object and its exit hook but not
    the browser's thread: closing it there returns at once and leaves the parent's browser
    working (it waited 30 s for a loop that no longer runs, then failed)."""
    import os

    renderer = PngRenderer(idle_seconds=None)
    figure, size = go.Figure(go.Scatter(x=[1, 2], y=[2, 1])), ImageSize(300, 200, 1.0)
    try:
        assert renderer.render(figure, size).startswith(PNG)
        pid = os.fork()
        if pid == 0:  # the child: what its exit hook does, timed
            started = time.monotonic()
            try:
                renderer._browser.close()
                code = 0 if time.monotonic() - started < 5 else 1
            except BaseException:  # noqa: BLE001 - the child must end here whatever happens
                code = 2
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert renderer.render(figure, size).startswith(PNG)  # the parent's browser still draws
        assert renderer.starts == 1
    finally:
        renderer.close()
