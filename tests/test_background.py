"""Background jobs: which manager the configuration builds, the job stores, the fetch lock and flags."""

from __future__ import annotations

import importlib

import diskcache
import pytest
import redis
from dash import CeleryManager, DiskcacheManager

from server.jobs import (
    LOCK_KEY,
    DiskcacheJobStore,
    FetchJobs,
    RedisJobStore,
    celery_app_of,
    job_key,
    job_store,
    make_background_manager,
)
from config import Config, ConfigError
from tests.redis_server import redis_server  # noqa: F401 - fixture


class TestManager:
    def test_default_is_diskcache_in_the_cache_folder(self, make_config, tmp_path):
        manager = make_background_manager(make_config("demo"))
        assert isinstance(manager, DiskcacheManager)
        assert manager.handle.directory == str(tmp_path / "cache" / "jobs")
        assert isinstance(job_store(manager), DiskcacheJobStore)
        with pytest.raises(ConfigError, match="app:celery_app needs SMALLCAP_CELERY_URL"):
            celery_app_of(manager)

    def test_celery_with_redis_broker_and_backend(self, make_config):
        url = "redis://:s3cret@redis.example:6379/1"
        manager = make_background_manager(make_config("demo", celery_url=url))
        assert isinstance(manager, CeleryManager)
        celery = celery_app_of(manager)
        assert celery.conf.broker_url == url
        assert celery.backend.__class__.__name__ == "RedisBackend"
        assert (celery.backend.connparams["host"], celery.backend.connparams["db"]) == ("redis.example", 1)
        assert celery.conf.task_serializer == "json" and celery.conf.accept_content == ["json"]
        assert celery.conf.worker_prefetch_multiplier == 1
        assert isinstance(job_store(manager), RedisJobStore)

    def test_not_a_redis_url(self, make_config):
        with pytest.raises(ConfigError, match=r"SMALLCAP_CELERY_URL 'amqp://u:\*\*\*@mq/': expected a redis:// URL"):
            make_background_manager(make_config("demo", celery_url="amqp://u:pw@mq/"))

    def test_config_reads_the_celery_url_and_does_not_derive_it(self):
        assert Config.from_env({"SMALLCAP_CELERY_URL": "redis://r:6379/1"}).celery_url == "redis://r:6379/1"
        assert Config.from_env({"SMALLCAP_REDIS_URL": "redis://r:6379/0"}).celery_url is None


class TestLazyCeleryApp:
    # Dash keeps background callbacks in a process-wide registry and gives every new manager
    # the ones registered before: in this test process, apps built by earlier tests registered
    # the same task name first (a worker process builds one app, so it never sees this).
    @pytest.mark.filterwarnings("ignore::celery.exceptions.DuplicateTaskNameWarning")
    def test_worker_entry_point_registers_the_background_callbacks(self, monkeypatch, tmp_path):
        monkeypatch.setenv("SMALLCAP_DATA", "demo")
        monkeypatch.setenv("SMALLCAP_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("SMALLCAP_CELERY_URL", "redis://127.0.0.1:1/1")
        celery = importlib.import_module("app").celery_app
        assert celery.main == "smallcap-monitor"
        assert any(name.startswith("background_callback_") for name in celery.tasks)

    def test_without_celery_url_the_message_says_what_to_set(self, monkeypatch, tmp_path):
        monkeypatch.setenv("SMALLCAP_DATA", "demo")
        monkeypatch.setenv("SMALLCAP_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.delenv("SMALLCAP_CELERY_URL", raising=False)
        with pytest.raises(ConfigError, match="needs SMALLCAP_CELERY_URL"):
            importlib.import_module("app").celery_app


@pytest.fixture(params=["diskcache", "redis"])
def store(request, tmp_path):
    if request.param == "diskcache":
        yield DiskcacheJobStore(diskcache.Cache(str(tmp_path / "jobs")))
        return
    server = request.getfixturevalue("redis_server")
    yield RedisJobStore(redis.Redis.from_url(server.url))


def ttl_of(store, key: str) -> float:
    """Seconds until ``key`` expires in either store."""
    if isinstance(store, DiskcacheJobStore):
        _, expire_at = store._cache.get(key, expire_time=True)
        import time

        return expire_at - time.time()
    return store._client.ttl(key)


class TestJobStore:
    def test_add_get_set_touch_delete(self, store):
        assert store.add("k", "one", 60) is True
        assert store.add("k", "two", 60) is False
        assert store.get("k") == "one"
        store.set("k", "three", 5)
        assert store.get("k") == "three" and ttl_of(store, "k") <= 5
        store.touch("k", 300)
        assert ttl_of(store, "k") > 200
        store.delete("k")
        assert store.get("k") is None
        assert store.add("k", "again", 60) is True


class TestFetchJobs:
    def test_one_holder_reentrant_for_its_token(self, store):
        jobs = FetchJobs(store, clock=lambda: 1000.0)
        assert jobs.acquire("page-1", "ishares:IWM")
        assert not jobs.acquire("page-2", "ishares:IJR")
        assert jobs.acquire("page-1", "ishares:IJR")  # the same page may start its next run
        holder = jobs.holder()
        assert (holder.token, holder.label, holder.started) == ("page-1", "ishares:IJR", 1000.0)

    def test_release_only_by_the_holder(self, store):
        jobs = FetchJobs(store)
        jobs.acquire("page-1", "ishares:IWM")
        jobs.release("page-2")
        assert jobs.holder().token == "page-1"
        jobs.release("page-1")
        assert jobs.holder() is None
        assert jobs.acquire("page-2", "ishares:IWM")

    def test_the_lock_expires_unless_renewed(self, store):
        jobs = FetchJobs(store, lock_ttl=30)
        jobs.acquire("page-1", "ishares:IWM")
        assert ttl_of(store, LOCK_KEY) <= 30
        store.touch(LOCK_KEY, 1)  # as if most of the time had passed
        jobs.heartbeat("page-2")  # not the holder: no renewal
        assert ttl_of(store, LOCK_KEY) <= 1
        jobs.heartbeat("page-1")
        assert 1 < ttl_of(store, LOCK_KEY) <= 30

    def test_cancel_flags_per_run(self, store):
        jobs = FetchJobs(store)
        assert not jobs.cancel_requested(job_key("page-1", 1))
        jobs.request_cancel(job_key("page-1", 1))
        assert jobs.cancel_requested("page-1:1")
        assert not jobs.cancel_requested(job_key("page-1", 2))
        assert not jobs.cancel_requested(job_key("page-2", 1))

    def test_a_garbled_lock_reads_as_free_but_still_blocks(self, store):
        store.set(LOCK_KEY, "not json", 30)
        jobs = FetchJobs(store)
        assert jobs.holder() is None
        assert not jobs.acquire("page-1", "ishares:IWM")


class TakenOverAfterRead:
    """A store in which, right after the lock is read, it expires and another page takes it."""

    def __init__(self, store, other: str):
        self._store, self._other, self.armed = store, other, False

    def __getattr__(self, name):
        return getattr(self._store, name)

    def get(self, key):
        value = self._store.get(key)
        if self.armed and key == LOCK_KEY:
            self.armed = False
            self._store.delete(LOCK_KEY)  # expired
            self._store.add(LOCK_KEY, self._other, 600)  # and taken by another page
        return value


class TestAtomicRelease:
    def test_a_lock_taken_over_between_read_and_release_survives(self, store):
        other = '{"token": "page-2", "label": "ishares:IJR", "started": 2.0}'
        racy = TakenOverAfterRead(store, other)
        jobs = FetchJobs(racy)
        assert jobs.acquire("page-1", "ishares:IWM")
        racy.armed = True
        jobs.release("page-1")  # read says page-1 holds it; by the delete, page-2 does
        assert jobs.holder().token == "page-2"

    def test_a_heartbeat_after_a_take_over_does_not_renew_the_new_holder(self, store):
        other = '{"token": "page-2", "label": "ishares:IJR", "started": 2.0}'
        racy = TakenOverAfterRead(store, other)
        jobs = FetchJobs(racy, lock_ttl=600)
        jobs.acquire("page-1", "ishares:IWM")
        racy.armed = True
        jobs.heartbeat("page-1")
        assert jobs.holder().token == "page-2"
        store.touch(LOCK_KEY, 5)
        racy.armed = False
        jobs.heartbeat("page-1")  # not the holder any more
        assert ttl_of(store, LOCK_KEY) <= 5

    def test_a_reentrant_acquire_after_a_take_over_does_not_overwrite(self, store):
        other = '{"token": "page-2", "label": "ishares:IJR", "started": 2.0}'
        racy = TakenOverAfterRead(store, other)
        jobs = FetchJobs(racy)
        jobs.acquire("page-1", "ishares:IWM")
        racy.armed = True
        assert not jobs.acquire("page-1", "ishares:IJR")
        assert jobs.holder().token == "page-2"

    def test_compare_and_act_on_the_store(self, store):
        store.set("k", "mine", 60)
        assert not store.delete_if("k", "yours") and store.get("k") == "mine"
        assert not store.touch_if("k", "yours", 300) and ttl_of(store, "k") <= 60
        assert store.touch_if("k", "mine", 300) and ttl_of(store, "k") > 200
        assert not store.replace_if("k", "yours", "new", 60) and store.get("k") == "mine"
        assert store.replace_if("k", "mine", "new", 30) and store.get("k") == "new" and ttl_of(store, "k") <= 30
        assert store.delete_if("k", "new") and store.get("k") is None
        assert not store.delete_if("k", "new")
