"""The snapshot's daily prices as memory-mapped arrays, shared by every worker process.

``prices.parquet`` holds 9.5 million rows. Reading it and sorting the arrays
(:class:`analytics.leverage.PriceHistory`) takes about 2 s and 300 MB per process; with four
gunicorn workers that is four copies. Instead the first process to need them writes the
sorted arrays once under the cache folder (``price-arrays/<file fingerprint>/``, atomically:
a temporary folder renamed into place) and every process maps them read-only
(``numpy.load(mmap_mode="r")``): the operating system keeps one copy in its page cache for
all workers, and a new worker is ready in milliseconds. A changed file has a new
fingerprint, so it gets new arrays.

The build runs once (an ``flock`` on the cache folder: other workers wait for it) and in a
child process, so the worker that happens to build does not keep the parquet read's peak
memory (about 700 MB) as heap fragments for the rest of its life. If the child fails, the
build is repeated in-process, which raises the reader's :class:`LoaderError` with its message.
"""

from __future__ import annotations

import fcntl
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.leverage import PriceHistory
from loaders.base import LoaderError, Provenance, utcnow

log = logging.getLogger(__name__)

SOURCE = "local directory"
FOLDER = "price-arrays"


def mapped_price_history(path: Path, fingerprint: str, cache_dir: Path, *,
                         read) -> tuple[PriceHistory, Provenance]:
    """The sorted price arrays of ``path``, memory-mapped from ``cache_dir``.

    Args:
        path: ``prices.parquet``.
        fingerprint: Its size and modification time (part of the folder name).
        cache_dir: The app's cache folder.
        read: ``read(path) -> Loaded``: the parquet reader (used once per fingerprint).

    Raises:
        LoaderError: the file cannot be read (from ``read``) or its rows are invalid.
    """
    folder = Path(cache_dir) / FOLDER / fingerprint
    if not (folder / "meta.json").is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        with open(folder.parent / f"{fingerprint}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build; the others wait and then map its arrays
            if not (folder / "meta.json").is_file():
                _build_in_child(path, folder, read)
    try:
        return _map(folder, path)
    except (OSError, ValueError, KeyError) as exc:  # a damaged folder: rebuild it once
        log.warning("price arrays in %s unusable (%s); rebuilding", folder, type(exc).__name__)
        shutil.rmtree(folder, ignore_errors=True)
        _build(path, folder, read)
        return _map(folder, path)


def _build_in_child(path: Path, folder: Path, read) -> None:
    child = multiprocessing.get_context("spawn").Process(target=_build, args=(path, folder, read),
                                                         name="smallcap-price-arrays")
    child.start()
    child.join()
    if child.exitcode != 0 or not (folder / "meta.json").is_file():
        log.warning("building price arrays in a child process failed (exit %s); building here", child.exitcode)
        _build(path, folder, read)


def _build(path: Path, folder: Path, read) -> None:
    loaded = read(path)
    try:
        history = PriceHistory.from_long(loaded.data)
    except ValueError as exc:
        raise LoaderError(SOURCE, str(exc), str(path)) from exc
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        np.save(staging / "keys.npy", history.keys)
        np.save(staging / "closes.npy", history.closes)
        np.save(staging / "tickers.npy", np.asarray(history.tickers, dtype=str))
        p = loaded.provenance
        (staging / "meta.json").write_text(json.dumps({
            "first": None if p.first is None else p.first.isoformat(),
            "last": None if p.last is None else p.last.isoformat(), "rows": int(len(loaded.data))}))
        os.rename(staging, folder)  # atomic; fails when another process got there first
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (folder / "meta.json").is_file():
            raise


def _map(folder: Path, path: Path) -> tuple[PriceHistory, Provenance]:
    meta = json.loads((folder / "meta.json").read_text())
    keys = np.load(folder / "keys.npy", mmap_mode="r")
    closes = np.load(folder / "closes.npy", mmap_mode="r")
    tickers = pd.Index(np.load(folder / "tickers.npy").astype(object), dtype=object, name="ticker")
    if len(keys) != len(closes):
        raise ValueError("keys and closes differ in length")
    first = pd.Timestamp(meta["first"]) if meta["first"] else None
    last = pd.Timestamp(meta["last"]) if meta["last"] else None
    provenance = Provenance(SOURCE, str(path), utcnow(), first, last,
                            note=f"{meta['rows']:,} price rows, memory-mapped from the cache folder")
    return PriceHistory(tickers, keys, closes), provenance
