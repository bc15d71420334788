"""The snapshot's daily prices as memory-mapped arrays, shared by every worker process.

``prices.parquet`` holds 9.5 million rows. Reading it and sorting the arrays
(:class:`analytics.leverage.PriceHistory`) takes about 2 s and 300 MB per process; with four
gunicorn workers that is four copies. Instead the first process to need them writes the
sorted arrays once under the cache folder (``price-arrays/<file fingerprint>/``, atomically:
a temporary folder renamed into place) and every process maps them read-only
(``numpy.load(mmap_mode="r")``): the operating system keeps one copy in its page cache for
all workers, and a new worker is ready in milliseconds. A changed file has a new
fingerprint, so it gets new arrays.

The build runs once (a ``filelock.FileLock`` in the cache folder: other workers wait for it) and in a
child process, so the worker that happens to build does not keep the parquet read's peak
memory (about 700 MB) as heap fragments for the rest of its life. If the child fails, the
build is repeated in-process, which raises the reader's :class:`LoaderError` with its message.

Damaged files. ``meta.json`` records each array file's size and CRC-32, written with them. Before
mapping, the files are checked against it (:func:`verify`); a mismatch (a truncated
``closes.npy``, a file overwritten in place) removes the folder and rebuilds it, so a damaged
file costs one rebuild, never a worker killed by ``SIGBUS`` on a page beyond the file's end.
:func:`arrays_version` (sizes, modification times, inodes) lets a process that already mapped
the arrays notice on its next request that they changed under it and map them again.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from analytics.leverage import PriceHistory
from loaders.base import LoaderError, Provenance, utcnow

log = logging.getLogger(__name__)

SOURCE = "local directory"
FOLDER = "price-arrays"
#: The arrays' format: a folder built by an earlier one is not reused (2: closes at or below zero
#: left out, and said in meta.json).
FORMAT = 2
ARRAYS = ("keys.npy", "closes.npy", "tickers.npy")
_CHUNK = 1 << 22


def arrays_folder(cache_dir: Path, fingerprint: str) -> Path:
    """The folder holding the arrays of the prices file with ``fingerprint``."""
    return Path(cache_dir) / FOLDER / f"{fingerprint}-v{FORMAT}"


def arrays_version(cache_dir: Path, fingerprint: str) -> str:
    """Size, modification time and inode of each array file (``"missing"`` parts when absent).

    Cheap (three ``stat`` calls): a process keeps its mapping only while this is unchanged.
    """
    folder = arrays_folder(cache_dir, fingerprint)
    parts = []
    for name in ARRAYS:
        try:
            st = (folder / name).stat()
            parts.append(f"{st.st_size}.{st.st_mtime_ns}.{st.st_ino}")
        except OSError:
            parts.append("missing")
    return "/".join(parts)


def _checksum(path: Path) -> str:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return f"{crc:08x}"


def _describe(folder: Path) -> dict:
    return {name: {"size": (folder / name).stat().st_size, "crc32": _checksum(folder / name)}
            for name in ARRAYS}


def verify(folder: Path) -> str | None:
    """Why the arrays in ``folder`` do not match their ``meta.json`` (size, CRC-32), or None."""
    try:
        files = json.loads((folder / "meta.json").read_text())["files"]
        for name in ARRAYS:
            expected, path = files[name], folder / name
            size = path.stat().st_size
            if size != expected["size"]:
                return f"{name} has {size} bytes, {expected['size']} expected"
            if _checksum(path) != expected["crc32"]:
                return f"{name} checksum differs"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unreadable ({type(exc).__name__})"
    return None


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
    folder = arrays_folder(cache_dir, fingerprint)
    locks = Path(cache_dir) / "locks"
    for attempt in range(2):
        problem = verify(folder) if (folder / "meta.json").is_file() else "missing"
        if problem is None:
            try:
                return _map(folder, path)
            except (OSError, ValueError, KeyError) as exc:  # checked, yet unusable: rebuild once
                problem = type(exc).__name__
        if attempt:
            break
        locks.mkdir(parents=True, exist_ok=True)
        # one build; the others wait and then map its arrays
        with FileLock(locks / f"price-arrays-{fingerprint}.lock", thread_local=False):
            problem = verify(folder) if (folder / "meta.json").is_file() else problem
            if problem is not None:
                if problem != "missing":
                    log.warning("price arrays in %s damaged (%s); rebuilding", folder.name, problem)
                shutil.rmtree(folder, ignore_errors=True)
                _build_in_child(path, folder, read)
    # the child's arrays do not check out: build here (raises the reader's LoaderError)
    shutil.rmtree(folder, ignore_errors=True)
    _build(path, folder, read)
    return _map(folder, path)


#: The child's exit code when the file itself is bad (a :class:`LoaderError`, reported in a file).
REPORTED = 3


def _build_in_child(path: Path, folder: Path, read) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    handle, report = tempfile.mkstemp(prefix=".error-", dir=folder.parent)
    os.close(handle)
    try:
        child = multiprocessing.get_context("spawn").Process(target=_build_reporting, args=(path, folder, read, report),
                                                             name="smallcap-price-arrays")
        child.start()
        child.join()
        error = _reported(report) if child.exitcode == REPORTED else None
        if error is not None:  # the file is bad: its message, once, no traceback and no second read
            raise error
    finally:
        Path(report).unlink(missing_ok=True)
    if child.exitcode != 0 or verify(folder) is not None:
        log.warning("building price arrays in a child process failed (exit %s); building here", child.exitcode)
        _build(path, folder, read)


def _reported(report: str) -> LoaderError | None:
    """The child's :class:`LoaderError` from its report file (None when it could not be read: the
    parent then builds in-process, which raises the reader's error itself)."""
    try:
        error = json.loads(Path(report).read_text())
        return LoaderError(str(error["source"]), str(error["problem"]), error.get("location"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _build_reporting(path: Path, folder: Path, read, report: str) -> None:
    """:func:`_build` in the child; a :class:`LoaderError` (the file's problem, for people) is
    written to ``report`` and the child exits with :data:`REPORTED` instead of a traceback."""
    try:
        _build(path, folder, read)
    except LoaderError as exc:
        Path(report).write_text(json.dumps({"source": exc.source, "problem": exc.problem, "location": exc.location}))
        raise SystemExit(REPORTED) from None


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
            "last": None if p.last is None else p.last.isoformat(), "rows": int(len(loaded.data)),
            "left_out": getattr(p, "left_out", ""),
            "files": _describe(staging)}))
        os.rename(staging, folder)  # atomic; fails when another process got there first
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if verify(folder) is not None:
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
                            note=f"{meta['rows']:,} price rows, memory-mapped from the cache folder",
                            left_out=meta.get("left_out", ""))
    return PriceHistory(tickers, keys, closes), provenance
