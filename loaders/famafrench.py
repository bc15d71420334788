"""Ken French Data Library datasets through pandas-datareader's ``FamaFrenchReader``.

Both the download (:func:`fetch_famafrench`, the library's ``<DATASET>_CSV.zip``) and a local
copy of the text inside that zip (:func:`parse_famafrench_text`) go through pandas-datareader's
own parser. Every table is then cleaned once, here:

- dates: monthly periods -> last calendar day of the month, annual -> 31 December,
  daily -> the day (a ``DatetimeIndex`` named ``date``);
- units: return tables (percent in the file) become decimal fractions (1.23 -> 0.0123);
  tables that are not returns keep their published units ("Number of Firms" is a count,
  "Average Firm Size" is in millions of US dollars);
- the sentinels -99.99 and -999 become NaN (rows are kept unless every value is missing);
- column names are stripped, and spreadsheet-mangled decile labels ``2-Dec`` read ``Dec 2``.

Each table carries ``attrs["title"]`` (its title in the file; the dataset name when the file
gives none), ``attrs["unit"]`` (``"decimal"``, ``"count"``, ``"usd million"`` or ``"ratio"``)
and ``attrs["dataset"]``.
"""

from __future__ import annotations

import re
import zipfile
import zlib

import requests
from pandas_datareader._utils import RemoteDataError
from pandas_datareader.famafrench import FamaFrenchReader

from loaders.base import Loaded, LoaderError, clean_frame, make_provenance
from loaders.http import download_problem, reader_retry_count

SOURCE = "Ken French Data Library"
MISSING = (-99.99, -999.0)
EARLIEST = "1900-01-01"  # before the library's first observation (July 1926)

#: Tables that are not returns, by title: their unit; everything else is percent returns.
NOT_RETURNS = (
    (re.compile(r"number of firms", re.I), "count"),
    (re.compile(r"firm size", re.I), "usd million"),
    (re.compile(r"\b(average|sum) of\b", re.I), "ratio"),  # e.g. "Sum of BE / Sum of ME"
)
_DATASET = re.compile(r"^[A-Za-z0-9_\-]+$")
_TABLE_LINE = re.compile(r"^\s*(\d+) : (.*?)\s*\(\d+ rows x \d+ cols\)\s*$")
_MANGLED_DECILE = re.compile(r"^(\d+)-Dec$")


def fetch_famafrench(
    dataset: str, *, session: requests.Session | None = None, timeout: float = 20.0
) -> Loaded:
    """Download a Ken French dataset (its ``_CSV.zip``) and clean every table.

    Args:
        dataset: Library name, e.g. ``"Portfolios_Formed_on_ME"``.
        session: HTTP session to use (a retrying one in the app, a mocked one in tests).
        timeout: Seconds per HTTP request.

    Returns:
        ``Loaded`` whose data is ``dict[int, DataFrame]`` in file order (see the module
        docstring for dates, units and attrs); provenance source ``"Ken French Data
        Library"``, location the zip URL, note the file's vintage line.

    Raises:
        LoaderError: HTTP errors after retries, an unreachable host, HTML or another
            non-zip answer, a truncated zip, unreadable or missing tables.
    """
    if not isinstance(dataset, str) or not _DATASET.match(dataset):
        raise LoaderError(SOURCE, f"invalid dataset name {dataset!r}")
    reader = _RecordingReader(
        dataset, start=EARLIEST, retry_count=reader_retry_count(session), pause=0, timeout=timeout,
        session=session,
    )
    location = reader.url
    try:
        raw = reader.read()
    except RemoteDataError as exc:
        problem, cause = download_problem(reader.status, exc, session=session, timeout=timeout,
                                          not_found="no such dataset?")
        raise LoaderError(SOURCE, f"dataset {dataset}: {problem}", location) from cause
    except (zipfile.BadZipFile, zlib.error, EOFError, IndexError) as exc:
        raise LoaderError(SOURCE, f"dataset {dataset}: {_zip_problem(reader.body)}", location) from exc
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise _unreadable(SOURCE, dataset, location, exc) from exc
    return _clean(dataset, raw, source=SOURCE, location=location)


def parse_famafrench_text(
    dataset: str, text: str, *, location: str, source: str = "local directory"
) -> Loaded:
    """Parse the text of a library ``.CSV`` file (the zip's content) with pandas-datareader.

    Args:
        dataset: Library name, e.g. ``"F-F_Research_Data_Factors_daily"``.
        text: The file's text (CRLF as published; LF-only copies are accepted too).
        location: Path or URL of the text, for provenance and errors.
        source: Source name for provenance and errors.

    Returns:
        Same shape as :func:`fetch_famafrench`, with ``source`` and ``location`` as given.

    Raises:
        LoaderError: no tables, unreadable dates or numbers.
    """
    normalised = re.sub(r"\r?\n", "\r\n", text.lstrip("\ufeff"))
    try:
        raw = _TextReader(dataset, normalised).read()
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise _unreadable(source, dataset, location, exc) from exc
    return _clean(dataset, raw, source=source, location=location)


class _RecordingReader(FamaFrenchReader):
    """``FamaFrenchReader`` that keeps the last HTTP status and body (for error messages)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status: int | None = None
        self.body = b""

    def _output_error(self, response) -> bool:
        """Called for every non-200 answer; stop retrying on client errors (404: no dataset)."""
        self.status = response.status_code
        return 400 <= response.status_code < 500 and response.status_code != 429

    def _get_response(self, url, params=None, headers=None):
        response = super()._get_response(url, params=params, headers=headers)
        self.body = response.content
        return response


class _TextReader(FamaFrenchReader):
    """``FamaFrenchReader`` fed with text instead of a downloaded zip; the parser is untouched."""

    def __init__(self, dataset: str, text: str):
        super().__init__(dataset, start=EARLIEST)
        self._text = text

    def _read_zipfile(self, url):
        return self._text


def _clean(dataset: str, raw: dict, *, source: str, location: str) -> Loaded:
    """Turn the reader's ``{int: DataFrame, "DESCR": str}`` into cleaned tables with provenance."""
    descr = raw.get("DESCR", "")
    tables = {key: frame for key, frame in raw.items() if isinstance(key, int)}
    if not tables:
        raise LoaderError(source, f"dataset {dataset}: no tables in the file", location)
    titles = _titles(descr)
    cleaned = {}
    for key, frame in sorted(tables.items()):
        title = titles.get(key) or dataset.replace("_", " ")
        unit = next((unit for pattern, unit in NOT_RETURNS if pattern.search(title)), "decimal")
        frame = frame.rename(columns=_column_name)
        short = frame.isna().any(axis=1).to_numpy()  # the library writes -99.99, never a blank cell
        if short.any():
            row = frame[short].iloc[0]
            raise LoaderError(source, f"dataset {dataset}, table {key} ({title}): row {frame.index[short][0]} has "
                              f"{int(row.notna().sum())} of {len(row)} values (a truncated file?)", location)
        try:
            table = clean_frame(
                frame, source=source, location=location, missing=MISSING,
                scale=0.01 if unit == "decimal" else 1.0,
            )
        except LoaderError as exc:
            problem = f"dataset {dataset}, table {key} ({title}): {exc.problem}"
            raise LoaderError(source, problem, location) from exc
        table.attrs.update(title=title, unit=unit, dataset=dataset)
        cleaned[key] = table
    first = cleaned[min(cleaned)]
    provenance = make_provenance(first, source=source, location=location, note=_vintage(descr))
    return Loaded(cleaned, provenance)


def _titles(descr: str) -> dict[int, str]:
    """Table titles from pandas-datareader's DESCR (``"  0 : <title> (N rows x M cols)"``)."""
    found = (_TABLE_LINE.match(line) for line in descr.splitlines())
    return {int(m.group(1)): m.group(2).strip() for m in found if m}


def _vintage(descr: str) -> str:
    """First sentence of DESCR's description paragraph: the "created using the YYYYMM CRSP database" line."""
    parts = descr.split("\n\n")
    paragraph = parts[1].strip() if len(parts) > 2 else ""
    match = re.match(r"(.+?\.)(?:\s|$)", paragraph)
    return match.group(1) if match else paragraph


def _column_name(name) -> str:
    """Strip whitespace; ``2-Dec`` (a spreadsheet's date reading of ``Dec 2``) -> ``Dec 2``."""
    text = str(name).strip()
    return _MANGLED_DECILE.sub(r"Dec \1", text)


def _unreadable(source: str, dataset: str, location: str, exc: Exception) -> LoaderError:
    return LoaderError(source, f"dataset {dataset}: unreadable file ({type(exc).__name__}: {exc})", location)


def _zip_problem(body: bytes) -> str:
    """Why the answer is not a readable zip archive."""
    head = body.lstrip()[:1024].lower()
    if not head:
        return "empty response instead of a zip archive"
    if head.startswith(b"<") or b"<html" in head:
        return "HTML page instead of a zip archive (an error page?)"
    if body.startswith(b"PK"):
        return f"truncated or corrupt zip archive ({len(body)} bytes)"
    return "response is not a zip archive"


def size_portfolio_levels(tables: dict, column: str, *, name: str, table_title: str) -> "pd.Series":
    """Total-return levels of one portfolio of a cleaned dataset (:func:`parse_famafrench_text`).

    The monthly decimal returns of ``column`` in the table titled ``table_title`` compounded:
    100 at the end of the month before the first return, then ``level * (1 + r)`` at each
    month end. Missing returns (the -99.99 sentinel) before the first or after the last
    return are dropped; a gap inside the history is an error (a level cannot skip a month).

    Raises:
        LoaderError: the table or the column is missing, or the returns have a gap.
    """
    import pandas as pd

    table = next((t for t in tables.values() if t.attrs.get("title") == table_title), None)
    if table is None:
        raise LoaderError(SOURCE, f"no table {table_title!r} in the dataset")
    if column not in table.columns:
        raise LoaderError(SOURCE, f"no column {column!r} in {table_title!r}")
    returns = table[column]
    valid = returns.dropna()
    if valid.empty:
        raise LoaderError(SOURCE, f"no returns in column {column!r} of {table_title!r}")
    returns = returns.loc[valid.index[0]:valid.index[-1]]
    if returns.isna().any():
        raise LoaderError(SOURCE, f"column {column!r} of {table_title!r} has a missing month "
                                  f"({returns.index[returns.isna()][0]:%Y-%m})")
    base = (returns.index[0] - pd.offsets.MonthEnd(1)).normalize()
    levels = 100.0 * (1.0 + returns).cumprod()
    out = pd.concat([pd.Series([100.0], index=pd.DatetimeIndex([base])), levels])
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out.rename(name).astype(float)
