"""What panels read: the series that end before the as-of date (the page header)."""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask

from loaders.cache import loader_cache
from loaders.source import DataSource
from panels.cache import Memo
from panels.data import PanelData, series_ending_before

D = dt.date


def write(root, key: str, rows: list[tuple[str, float]]) -> None:
    path = root / "fred" / f"{key}.csv"
    path.write_text(f"date,{key}\n" + "".join(f"{day},{value}\n" for day, value in rows))
    stat = path.stat()  # a new modification time even within the file system's clock tick
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_series_ending_before_reads_the_last_dates_once_per_data_version(tmp_path, make_config):
    root = tmp_path / "data"
    (root / "fred").mkdir(parents=True)
    write(root, "DGS10", [("2025-01-09", 4.7), ("2025-01-10", 4.76)])
    write(root, "DGS2", [("2025-01-10", 4.3), ("2025-01-13", 4.4)])
    config = make_config(str(root))
    source = DataSource(config, loader_cache(config, Flask("t")))
    loads = []
    load = source.series
    source.series = lambda key: loads.append(key) or load(key)
    data = PanelData(source, None, Memo(None, source.version))

    assert series_ending_before(data.for_request(), D(2025, 1, 13)) == [("DGS10", D(2025, 1, 10))]
    assert series_ending_before(data.for_request(), D(2025, 1, 10)) == []  # ends on the day: not before
    assert series_ending_before(data.for_request(), D(2026, 1, 2)) == [("DGS10", D(2025, 1, 10)),
                                                                     ("DGS2", D(2025, 1, 13))]
    assert sorted(loads) == ["DGS10", "DGS2"]  # read once for the three days

    write(root, "DGS10", [("2025-01-09", 4.7), ("2025-01-10", 4.76), ("2025-01-14", 4.79)])
    assert series_ending_before(data.for_request(), D(2025, 1, 14)) == [("DGS2", D(2025, 1, 13))]


def test_a_request_reads_the_data_version_once_and_the_next_request_sees_a_new_one():
    """One request's memo keys share the version read on its first cached call; the next
    request reads it again (a data update between requests is not missed)."""
    versions = iter(["v1", "v2", "v3"])
    reads = []

    def version():
        reads.append(next(versions))
        return reads[-1]

    app_data = PanelData(None, None, Memo(None, version))
    first = app_data.for_request()
    assert [first.cached("f", (i,), lambda i=i: ("first", i)) for i in range(3)] == [("first", i) for i in range(3)]
    assert reads == ["v1"]
    second = app_data.for_request()
    # v2 keys: the values cached under v1 are not answered
    assert second.cached("f", (0,), lambda: ("second", 0)) == ("second", 0)
    assert second.cached("f", (1,), lambda: ("second", 1)) == ("second", 1)
    assert reads == ["v1", "v2"]
    # the app's own object (not a request's) reads the version on every call
    assert app_data.cached("f", (0,), lambda: "app") == "app"
    assert reads == ["v1", "v2", "v3"]
