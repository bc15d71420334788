"""gunicorn settings, read from the working directory (the checkout, or /app in the image).

The master builds the app and loads the data once (:func:`app.warm_up`), then forks the
workers: they share the loaded pages instead of each reading every file on its first
requests. ``gc.freeze()`` keeps the collector from touching, and so copying, those pages.
Command-line flags (``--workers``, ``--bind``, ...) still apply on top of these.
"""

import gc

preload_app = True
# Not plain sync workers (one request at a time each): threads, so that the bare command is
# not the weakest setting (a slow client holds one thread, not a whole worker). In front of
# the public, put nginx (deploy/nginx.conf): it buffers slow clients before gunicorn sees them.
worker_class = "gthread"
threads = 4
# No keep-alive: a gthread worker keeps serving the connections it accepted, so kept connections
# (a browser's six, nginx's pooled upstream ones) tie a click's concurrent callbacks to the few
# workers that first took them, where they share one GIL while the other workers idle. Closed
# after each answer, the next request goes to a worker that accepts it. Measured with
# benchmarks/run.py (4 workers, 2 cores): window change p95 266-276 ms kept alive, 143-163 closed.
keepalive = 0


def when_ready(server):
    """Runs in the master after the app is loaded and before the first worker is forked."""
    from app import warm_up

    try:
        report = warm_up(server.app.wsgi())
    except Exception as exc:  # noqa: BLE001 - never stop the start: workers then load on demand
        server.log.warning("warm-up failed (%s: %s); the workers load the data on demand",
                           type(exc).__name__, exc)
    else:
        for problem in report.get("errors", []):
            server.log.warning("warm-up: %s", problem)
        server.log.info("warm-up: %s", {k: v for k, v in report.items() if k != "errors"})
    gc.freeze()
