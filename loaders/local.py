"""Local directory source: a folder laid out like ``../shared/data``.

::

    fred/<SERIES_ID>.csv        date,<SERIES_ID>     (blank = missing)
    indexes/<SYMBOL>.csv        date,close | date,adj_close   (SYMBOL without ^)
    famafrench/<DATASET>.CSV    Ken French text files as published

Ken French files go through pandas-datareader's own parser (see :mod:`loaders.famafrench`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.base import Loaded, LoaderError, clean_series, make_provenance
from loaders.catalog import ALL_SERIES, FAMAFRENCH_DATASETS, INDEX_SERIES
from loaders.famafrench import parse_famafrench_text

SOURCE = "local directory"
INDEX_VALUE_COLUMNS = ("close", "adj_close")


class LocalDirectory:
    """Reads series and Ken French datasets from ``root``.

    Args:
        root: The data folder (with ``fred/``, ``indexes/``, ``famafrench/``).
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def series_path(self, key: str) -> Path:
        """File that holds ``key``: ``indexes/`` for index and ETF keys, ``fred/`` otherwise."""
        folder = "indexes" if key in INDEX_SERIES else "fred"
        return self.root / folder / f"{key}.csv"

    def famafrench_path(self, dataset: str) -> Path:
        """File that holds a Ken French dataset."""
        return self.root / "famafrench" / f"{dataset}.CSV"

    def available_series(self) -> list[str]:
        """Catalog keys whose file exists."""
        return [key for key in ALL_SERIES if self.series_path(key).is_file()]

    def available_famafrench(self) -> list[str]:
        """Ken French datasets whose file exists."""
        return [name for name in FAMAFRENCH_DATASETS if self.famafrench_path(name).is_file()]

    def fingerprint(self, path: Path) -> str:
        """Size and modification time of ``path``, part of cache keys so edits are picked up."""
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        return f"{stat.st_size}-{stat.st_mtime_ns}"

    def load_series(self, key: str) -> Loaded:
        """Load one series; raise :class:`LoaderError` naming the file and the problem."""
        path = self.series_path(key)
        location = str(path)
        if not path.is_file():
            raise LoaderError(SOURCE, f"no file for series {key}", location)
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=True)
        except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
            raise LoaderError(SOURCE, f"unreadable CSV ({exc.__class__.__name__})", location) from exc
        column = _value_column(frame, key, location)
        raw = pd.Series(frame[column].to_numpy(), index=frame.iloc[:, 0].to_numpy(), name=key)
        series = clean_series(raw, source=SOURCE, name=key, location=location)
        return Loaded(series, make_provenance(series, source=SOURCE, location=location))

    def load_famafrench(self, dataset: str) -> Loaded:
        """Load a Ken French dataset through pandas-datareader's parser."""
        path = self.famafrench_path(dataset)
        if not path.is_file():
            raise LoaderError(SOURCE, f"no file for Ken French dataset {dataset}", str(path))
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        return parse_famafrench_text(dataset, text, location=str(path), source=SOURCE)


def _value_column(frame: pd.DataFrame, key: str, location: str) -> str:
    if frame.shape[1] < 2:
        raise LoaderError(SOURCE, "expected two columns: date and value", location)
    first = str(frame.columns[0]).strip().lower()
    if first not in {"date", "observation_date"}:
        raise LoaderError(SOURCE, f"first column should be 'date', found {frame.columns[0]!r}", location)
    for column in frame.columns[1:]:
        if str(column).strip() in (key, *INDEX_VALUE_COLUMNS):
            return column
    raise LoaderError(
        SOURCE, f"no column named {key!r}, 'close' or 'adj_close' (found {list(frame.columns)})", location
    )
