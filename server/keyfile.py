"""A random secret kept in a file, created once with owner-only permissions."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

#: Seconds a reader waits for a key file that exists but is still empty (a writer between
#: creating and filling it: only files made before keys were linked into place).
EMPTY_WAIT_SECONDS = 2.0


def read_or_create_key(path: Path) -> bytes:
    """The key in ``path``; made (64 hex characters, mode 0600) when the file does not exist.

    The key is written to a temporary file and linked into place (``os.link`` fails when the
    name exists), so the file never exists without its key: when several processes start at
    once, one key wins and every process reads that one. (Creating the file exclusively and then
    writing it let a second process read it empty in between, and so use an empty key.)
    """
    path = Path(path)
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    if key:  # the usual case: made by an earlier start (no temporary file to write)
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_hex(32).encode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process's key is in place: use it
        except OSError:  # a file system without hard links: create exclusively, then write
            _create_exclusive(path, temporary.read_bytes())
    finally:
        temporary.unlink(missing_ok=True)
    return _read_filled(path)


def _create_exclusive(path: Path, key: bytes) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)


def _read_filled(path: Path) -> bytes:
    deadline = time.monotonic() + EMPTY_WAIT_SECONDS
    key = path.read_bytes()
    while not key and time.monotonic() < deadline:
        time.sleep(0.02)
        key = path.read_bytes()
    return key
