"""Secret key files: one key however many processes start at once, never an empty one."""

from __future__ import annotations

import multiprocessing
import stat
import threading
import time

from server.keyfile import read_or_create_key


def _read_after(barrier, path, out):
    barrier.wait()
    out.put(read_or_create_key(path))


def test_processes_starting_together_all_get_the_same_full_key(tmp_path):
    context = multiprocessing.get_context("spawn")
    path = tmp_path / "keys" / "renderer.key"
    barrier, out = context.Barrier(6), context.Queue()
    processes = [context.Process(target=_read_after, args=(barrier, path, out)) for _ in range(6)]
    for process in processes:
        process.start()
    keys = [out.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert len(set(keys)) == 1 and len(keys[0]) == 64 and int(keys[0], 16) >= 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["renderer.key"]  # no temporary file left


def test_an_existing_key_is_kept_and_one_being_written_is_waited_for(tmp_path):
    path = tmp_path / "session.key"
    first = read_or_create_key(path)
    assert read_or_create_key(path) == first
    path.write_bytes(b"")  # a writer of the old kind, between creating the file and filling it

    def fill():
        time.sleep(0.2)
        path.write_bytes(b"ab" * 32)

    writer = threading.Thread(target=fill)
    writer.start()
    assert read_or_create_key(path) == b"ab" * 32
    writer.join()


def test_without_hard_links_the_key_is_still_made_once(tmp_path, monkeypatch):
    def no_links(source, target):
        raise PermissionError("operation not permitted")

    monkeypatch.setattr("server.keyfile.os.link", no_links)
    path = tmp_path / "renderer.key"
    first = read_or_create_key(path)
    assert len(first) == 64 and read_or_create_key(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and [p.name for p in tmp_path.iterdir()] == ["renderer.key"]


def test_an_existing_key_is_read_without_writing_anything(tmp_path, monkeypatch):
    """The renderer reads its key on every export's connection: no temporary file then."""
    import os

    from server.keyfile import read_or_create_key

    first = read_or_create_key(tmp_path / "renderer.key")
    monkeypatch.setattr(os, "open", lambda *a, **k: (_ for _ in ()).throw(AssertionError("wrote a file")))
    assert read_or_create_key(tmp_path / "renderer.key") == first and len(first) == 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renderer.key"]
