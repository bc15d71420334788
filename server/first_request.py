"""Hold a process's requests while Dash sets itself up on its first one.

Dash (4.4) sets a server up in a ``before_request`` hook on the first request of each process:
it registers the scripts it may serve and copies the callbacks. It marks itself set up *before*
doing so, so under threads (gunicorn's ``gthread`` workers, Flask's threaded development
server) the requests that arrive meanwhile skip the set-up and find nothing registered. The
first page load after a start then gets ``404`` for Dash's own bundles and stays at
"Loading..." (measured here: three fresh starts of 4 x 4 threads, three blank pages; upstream:
plotly/dash#3971, open). :func:`one_set_up_at_a_time` lets one request through Dash's set-up
while the others wait, then lets every request through without a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, g


@contextmanager
def one_set_up_at_a_time(server: Flask) -> Iterator[None]:
    """Create the Dash app on ``server`` inside this block: its set-up hook, registered there,
    is then passed by one request at a time until one has passed it."""
    lock = threading.Lock()
    passed = threading.Event()

    def enter():
        if passed.is_set():
            return None
        lock.acquire()
        if passed.is_set():  # set up while this request waited
            lock.release()
        else:
            g.smallcap_setting_up = True
        return None

    def leave():
        passed.set()  # (this request went through Dash's set-up hook, registered before this one)
        return _release()

    def _release(_error=None):
        if g.pop("smallcap_setting_up", False):
            lock.release()
        return None

    server.before_request(enter)
    yield
    server.before_request(leave)
    server.teardown_request(_release)  # a set-up that raised: the gate passes to the next request
