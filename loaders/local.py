"""Local directory source: a folder laid out like ``../shared/data``.

::

    fred/<SERIES_ID>.csv        date,<SERIES_ID>     (blank = missing)
    indexes/<SYMBOL>.csv        date,close | date,adj_close   (SYMBOL without ^)
    famafrench/<DATASET>.CSV    Ken French text files as published

Ken French files go through pandas-datareader's own parser (see :mod:`loaders.famafrench`).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from loaders.base import (
    POSITIVE_UNITS, Loaded, LoaderError, SeriesMissing, clean_series, drop_implausible, make_provenance,
)
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
        """Catalog keys whose file exists (for a size portfolio: its Ken French dataset's)."""
        return [key for key, meta in ALL_SERIES.items()
                if (self.famafrench_path(meta.upstream.split(":")[0]).is_file() if meta.source == "famafrench"
                    else self.series_path(key).is_file())]

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
        """Load one series; raise :class:`LoaderError` naming the file and the problem.

        The file must be UTF-8 CSV with a ``date`` column in ``YYYY-MM-DD`` form and every row
        as wide as the header (a short last row is a truncated file, not a missing value).
        """
        path = self.series_path(key)
        location = str(path)
        if not path.is_file():
            raise SeriesMissing(SOURCE, f"no file for series {key}", location)
        header, lines, columns = _read_csv_rows(path, location)
        info = ALL_SERIES.get(key)
        column = _value_column(header, key, location, fund=info is not None and info.unit == "usd")
        text = pd.Series(columns[0], dtype=object).str.strip()
        dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        if dates.isna().any():
            position = int(dates.isna().to_numpy().argmax())
            raise LoaderError(SOURCE, f"unreadable date {columns[0][position]!r} on line {lines[position]} "
                              "(expected YYYY-MM-DD)", location)
        raw = pd.Series(columns[column], index=pd.DatetimeIndex(dates), name=key, dtype=object)
        series = clean_series(raw, source=SOURCE, name=key, location=location)
        series, left_out = drop_implausible(series, positive=info is not None and info.unit in POSITIVE_UNITS,
                                            source=SOURCE, location=location)
        return Loaded(series, make_provenance(series, source=SOURCE, location=location, left_out=left_out))

    def load_famafrench(self, dataset: str) -> Loaded:
        """Load a Ken French dataset through pandas-datareader's parser."""
        path = self.famafrench_path(dataset)
        location = str(path)
        if not path.is_file():
            raise LoaderError(SOURCE, f"no file for Ken French dataset {dataset}", location)
        raw = _read_bytes(path, location)
        if raw.startswith(b"PK"):
            raise LoaderError(SOURCE, f"a zip archive, not the text file inside {dataset}_CSV.zip: unzip it",
                              location)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise LoaderError(SOURCE, f"not a text file (byte 0x{raw[exc.start]:02x} at offset "
                                  f"{exc.start})", location) from None
        return parse_famafrench_text(dataset, text, location=location, source=SOURCE)


def _read_bytes(path: Path, location: str) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoaderError(SOURCE, f"unreadable file ({type(exc).__name__})", location) from exc
    if not raw.strip():
        raise LoaderError(SOURCE, "empty file", location)
    return raw


def _read_csv_rows(path: Path, location: str) -> tuple[list[str], list[int], list[tuple[str, ...]]]:
    """Header, line number of each data row and the cells column by column (blank lines and lines of
    blank cells skipped).

    Raises:
        LoaderError: empty, not UTF-8, binary, unreadable, or a row not as wide as the header.
    """
    raw = _read_bytes(path, location).removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoaderError(SOURCE, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})", location) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LoaderError(SOURCE, f"binary data, not CSV text (NUL byte on line {line})", location)
    reader = csv.reader(io.StringIO(text))
    lines, rows = [], []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):  # (a line of blank cells, "," at the end, is a blank line too)
                lines.append(reader.line_num)
                rows.append(row)
    except csv.Error as exc:
        raise LoaderError(SOURCE, f"unreadable CSV on line {reader.line_num} ({exc})", location) from None
    if not rows:
        raise LoaderError(SOURCE, "empty file", location)
    header = [cell.strip() for cell in rows[0]]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        # (a European spreadsheet's "CSV": each row read as two cells split at its decimal comma)
        mark = "';'" if ";" in header[0] else "a tab"
        raise LoaderError(SOURCE, f"the file uses {mark} between columns (header {header[0][:60]!r}), perhaps with "
                          "decimal commas: save it as comma-separated, with '.' as the decimal mark", location)
    width = len(header)
    bad = next((i for i, row in enumerate(rows) if len(row) != width), None)
    if bad is not None:
        row = rows[bad]
        shown = ",".join(row)
        shown = shown if len(shown) <= 40 else shown[:40] + "..."
        raise LoaderError(SOURCE, f"line {lines[bad]} has {len(row)} field{'s' if len(row) != 1 else ''}, "
                          f"expected {width} (truncated or malformed row {shown!r})", location)
    columns = list(zip(*rows[1:])) or [()] * width
    return header, lines[1:], columns


def _value_column(header: list[str], key: str, location: str, *, fund: bool = False) -> int:
    """Position of the value column: the series key, else ``close`` or ``adj_close`` (any case).
    A fund (``fund``: its catalog unit is USD, a total return) reads ``adj_close`` when the file
    has both (Yahoo's ``close`` has no dividends in it: IWM read -24.0% for -23.1% as "a total
    return"); an index reads ``close``."""
    if len(header) < 2:
        raise LoaderError(SOURCE, f"expected two columns: date and value (found header {','.join(header)!r})",
                          location)
    if header[0].lower() not in {"date", "observation_date"}:
        raise LoaderError(SOURCE, f"first column should be 'date', found {header[0]!r}", location)
    named = {column.strip().lower(): position for position, column in reversed(list(enumerate(header[1:], start=1)))}
    if key in header[1:]:
        return header.index(key, 1)
    for column in (reversed(INDEX_VALUE_COLUMNS) if fund else INDEX_VALUE_COLUMNS):
        if column in named:
            return named[column]
    raise LoaderError(SOURCE, f"no column named {key!r}, 'close' or 'adj_close' (found {header})", location)
