"""PNG exports through a Celery export queue (when ``SMALLCAP_CELERY_URL`` is set).

Without Celery every host runs its own renderer process (:mod:`server.renderer`). With
``SMALLCAP_CELERY_URL``, PNGs are drawn by one Celery worker that consumes the ``exports``
queue alone (``celery -A app:celery_app worker -Q exports --pool solo``: one process, one
Chromium, one rendering at a time), with the same rules as the renderer process, kept in the
Celery Redis so every web worker of every host shares them:

- single flight: the first request for a key creates the task and records its id under
  ``smallcap:png:flight:<key>``; identical requests in flight wait for that task;
- a bounded queue: at most ``max_waiting`` different renderings wait behind the running one
  (a sorted set of the keys in flight); beyond that :class:`ExportBusy` at once, with
  ``Retry-After`` = (waiting + 1) x the mean of the recent render times (kept by the worker);
- the PNG goes back through a Redis key with a short expiry (``smallcap:png:result:<id>``),
  not through Celery's result backend (which keeps results a day), and the web side caches it
  by view as before (:mod:`server.export`).

An entry whose worker died is dropped from the queue after :data:`STALE_SECONDS`, so a crash
never leaves the queue full. The admission check and the flight record are one Lua script, so
two web workers cannot both start the same rendering or both take the last place.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

from components.png import ExportError, ImageSize
from server.png_queue import FIRST_GUESS_SECONDS, MAX_WAITING, ExportBusy, retry_after_seconds

log = logging.getLogger(__name__)

TASK_NAME = "smallcap.export_png"
QUEUE = "exports"
PREFIX = "smallcap:png:"
QUEUE_KEY = PREFIX + "queue"
DURATIONS_KEY = PREFIX + "durations"
#: Seconds after which a rendering still in the queue is taken as lost (its worker died).
STALE_SECONDS = 600
#: Seconds a finished PNG waits in Redis for the requests that share it.
RESULT_SECONDS = 300
#: Seconds a web request waits for its PNG (then 429: the export worker is far behind).
WAIT_SECONDS = 120.0
#: Redis DB 1 runs with volatile-lru: every key here has a TTL so only they can be evicted.
KEY_SECONDS = 24 * 3600

# KEYS: flight key, queue key. ARGV: key, new task id, now, max in queue, stale limit, key TTL.
# Returns {"joined", id} | {"new", id} | {"busy", waiting}.
_ADMIT = """
local current = redis.call('get', KEYS[1])
if current then return {'joined', current} end
redis.call('zremrangebyscore', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[5]))
local count = redis.call('zcard', KEYS[2])
if count >= tonumber(ARGV[4]) then return {'busy', tostring(math.max(0, count - 1))} end
redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[5])
redis.call('zadd', KEYS[2], ARGV[3], ARGV[1])
redis.call('expire', KEYS[2], ARGV[6])
return {'new', ARGV[2]}
"""


def flight_key(key: str) -> str:
    return PREFIX + "flight:" + key


def result_key(task_id: str) -> str:
    return PREFIX + "result:" + task_id


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


class CeleryRenderer:
    """The web side: sends a figure to the export queue and waits for its PNG (the same
    ``render(key, figure_json, size)`` as :class:`server.renderer.SharedRenderer`).

    Args:
        celery: The deployment's Celery app (its broker is the Redis holding the queue state).
        max_waiting: Different renderings that may wait behind the running one.
        wait_seconds: How long a request waits for its PNG.
    """

    def __init__(self, celery, *, max_waiting: int = MAX_WAITING, wait_seconds: float = WAIT_SECONDS):
        self.celery = celery
        self.max_waiting = max(0, int(max_waiting))
        self.wait_seconds = wait_seconds
        self._redis = redis_client(celery.conf.broker_url)
        self._admit = self._redis.register_script(_ADMIT)

    def mean_seconds(self) -> float:
        """Mean of the worker's recent render times (a first guess before any)."""
        values = [float(v) for v in self._redis.lrange(DURATIONS_KEY, 0, -1)]
        return sum(values) / len(values) if values else FIRST_GUESS_SECONDS

    def retry_after(self) -> int:
        """Seconds a refused request should wait before asking again."""
        waiting = max(0, self._redis.zcard(QUEUE_KEY) - 1)
        return retry_after_seconds(waiting, self.mean_seconds())

    def render(self, key: str, figure_json: str, size: ImageSize) -> bytes:
        """The PNG of ``figure_json`` (plotly JSON text) at ``size``.

        Raises:
            ExportBusy: the queue is full, or the PNG took longer than ``wait_seconds``.
            ExportError: the worker could not render it.
        """
        from redis.exceptions import RedisError

        try:
            status, value = self._admission(key)
            if status == "busy":
                raise ExportBusy(retry_after_seconds(int(value), self.mean_seconds()))
            if status == "new":
                self.celery.send_task(TASK_NAME, args=[key, figure_json, size.width, size.height, size.scale],
                                      task_id=value, queue=QUEUE)
            return self._wait(value)
        except RedisError as exc:
            raise ExportError(f"PNG rendering failed: the export queue is unreachable ({type(exc).__name__})") from None

    def _admission(self, key: str) -> tuple[str, str]:
        status, value = self._admit(keys=[flight_key(key), QUEUE_KEY],
                                    args=[key, uuid.uuid4().hex, time.time(), self.max_waiting + 1,
                                          STALE_SECONDS, KEY_SECONDS])
        return status.decode(), value.decode()

    def _wait(self, task_id: str) -> bytes:
        from celery.exceptions import TimeoutError as CeleryTimeout

        result = self.celery.AsyncResult(task_id)
        try:
            answer = result.get(timeout=self.wait_seconds, propagate=False)
        except CeleryTimeout:
            raise ExportBusy(int(min(self.wait_seconds, 60)), "the export is taking longer than expected") from None
        if result.failed() or not isinstance(answer, dict):
            raise ExportError(f"PNG rendering failed: {str(answer)[:200]}")
        if answer.get("status") != "ok":
            raise ExportError(str(answer.get("message") or "PNG rendering failed"))
        image = self._redis.get(result_key(task_id))
        if image is None:  # expired before this request read it (it waited very long)
            raise ExportBusy(1, "the export finished but was not collected in time")
        return image


def register_export_task(celery, make_renderer):
    """Register the export task on ``celery`` (web side and worker alike, as the background
    callbacks are). ``make_renderer()`` builds the worker's :class:`components.png.PngRenderer`
    on its first export (one per worker process, kept on the task)."""
    holder: dict = {}

    @celery.task(name=TASK_NAME, ignore_result=False, acks_late=False)
    def export_png(key: str, figure_json: str, width: int, height: int, scale: float) -> dict:
        client = holder.get("redis")
        if client is None:
            client = holder["redis"] = redis_client(celery.conf.broker_url)
        renderer = holder.get("renderer")
        if renderer is None:
            renderer = holder["renderer"] = make_renderer()
        started = time.monotonic()
        try:
            image = renderer.render(json.loads(figure_json), ImageSize(int(width), int(height), float(scale)))
            answer = {"status": "ok", "bytes": len(image)}
        except ExportError as exc:
            image, answer = None, {"status": "error", "message": str(exc)[:300]}
        except Exception as exc:  # noqa: BLE001 - the waiting requests need one message
            image, answer = None, {"status": "error",
                                   "message": f"PNG rendering failed: {type(exc).__name__}: {str(exc)[:200]}"}
        pipe = client.pipeline()
        if image is not None:  # stored before the flight ends: every request sharing it finds it
            pipe.set(result_key(export_png.request.id), image, ex=RESULT_SECONDS)
        pipe.lpush(DURATIONS_KEY, f"{time.monotonic() - started:.3f}")
        pipe.ltrim(DURATIONS_KEY, 0, 19)
        pipe.expire(DURATIONS_KEY, KEY_SECONDS)
        pipe.zrem(QUEUE_KEY, key)
        pipe.delete(flight_key(key))
        pipe.execute()
        return answer

    return export_png

