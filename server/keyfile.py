"""A random secret kept in a file, created once with owner-only permissions."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def read_or_create_key(path: Path) -> bytes:
    """The key in ``path``; made (64 hex characters, mode 0600) when the file does not exist.

    Creation is exclusive (``O_EXCL``): when several processes start at once, one writes the key
    and the others read it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_hex(32).encode())
    return path.read_bytes()
