"""Per-key locks (loaders.locks.KeyLocks): one lock per key while in use, none kept after."""

from __future__ import annotations

import gc
import threading
import time

from loaders.locks import KeyLocks
from loaders.worker_cache import WorkerCache
from panels.cache import Memo


def test_one_lock_per_key_while_it_is_used_and_none_kept_after():
    locks = KeyLocks()
    a = locks("a")
    assert locks("a") is a and locks("b") is not a
    with a:
        assert a.locked() and locks("a").locked()
    del a
    gc.collect()
    assert len(locks) == 0


def test_a_lock_in_use_is_never_replaced():
    """The old table was cleared when it grew: a waiter could then get a second lock for a key
    whose first lock was still held, and two threads computed the same value."""
    locks = KeyLocks()
    held = locks("k")
    held.acquire()
    for i in range(10_000):  # many other keys come and go
        with locks(f"other-{i}"):
            pass
    assert locks("k") is held and locks("k").locked()
    held.release()


def test_memo_computes_once_for_concurrent_identical_misses():
    memo = Memo(None, lambda: "v1")
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return 42

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get_or_compute("f", (1,), slow)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and len(calls) == 1


def test_memo_keeps_the_most_recently_used_entries():
    memo = Memo(None, lambda: "v1", cache=WorkerCache(2, getsizeof=lambda value: 1))  # two entries
    for n in (1, 2, 1, 3):  # 2 is the least recently used when 3 comes
        memo.get_or_compute("f", (n,), lambda n=n: n * 10)
    computed = []
    assert memo.get_or_compute("f", (1,), lambda: computed.append(1) or 10) == 10
    assert memo.get_or_compute("f", (2,), lambda: computed.append(2) or 20) == 20
    assert computed == [2]
