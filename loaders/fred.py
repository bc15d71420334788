"""FRED series through pandas-datareader's ``FredReader`` (the fredgraph CSV download).

Units: values exactly as FRED publishes them. Yields, policy rates and credit spreads stay in
percent and the app treats them as percentage points (4.79 means 4.79%); index levels stay in
index points and ``USREC`` stays 0/1. Only returns are decimals in this app, and FRED serves none.
"""

from __future__ import annotations

import re

import pandas as pd
import requests
from pandas_datareader._utils import RemoteDataError
from pandas_datareader.fred import FredReader

from loaders.base import POSITIVE_UNITS, Loaded, LoaderError, clean_series, drop_implausible, make_provenance
from loaders.catalog import ALL_SERIES
from loaders.http import download_problem, reader_retry_count

SOURCE = "FRED"
#: fredgraph CSV endpoint, the same URL ``FredReader`` requests; a series is ``?id=<SERIES_ID>``.
FRED_CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
#: Start date used when none is given; earlier than every FRED series (USREC begins 1854).
EARLIEST = "1800-01-01"

_SERIES_ID = re.compile(r"^[A-Za-z0-9_]+$")
_DATE_HEADERS = {"observation_date", "date"}  # FRED's current and legacy first column
_ROW = re.compile(r"^[^,]+,[^,]*$")


def fetch_fred(
    series_id: str, *, session: requests.Session | None = None, start=None, end=None,
    timeout: float = 20.0,
) -> Loaded:
    """Download one FRED series.

    Args:
        series_id: FRED id as FRED spells it, e.g. ``"DGS10"``.
        session: HTTP session to use (a retrying one in the app, a mocked one in tests).
        start: First date to keep (anything ``pd.Timestamp`` reads); default: all history.
        end: Last date to keep; default: today.
        timeout: Seconds per HTTP request.

    Returns:
        ``Loaded`` whose data is a float ``Series`` named ``series_id`` on a ``DatetimeIndex``
        named ``date``, in FRED's units (percent for rates and spreads). FRED's ``"."``
        (no observation) rows are dropped. Provenance source is ``"FRED"``, location the
        fredgraph URL of the series.

    Raises:
        LoaderError: HTTP errors after retries, an unreachable host, HTML instead of CSV, a
            header that does not name the series, an empty or truncated body, unreadable
            dates or non-numeric values. The message names FRED, the series and the problem.
    """
    location = f"{FRED_CSV_URL}?id={series_id}"
    if not isinstance(series_id, str) or not _SERIES_ID.match(series_id):
        raise LoaderError(SOURCE, f"invalid series id {series_id!r}", location)
    try:
        reader = _CheckedFredReader(
            series_id, start=start or EARLIEST, end=end, retry_count=reader_retry_count(session),
            pause=0, timeout=timeout, session=session,
        )
    except (ValueError, TypeError) as exc:
        raise LoaderError(SOURCE, f"{series_id}: invalid date range ({exc})", location) from exc
    try:
        frame = reader.read()
    except LoaderError:
        raise
    except RemoteDataError as exc:
        problem, cause = download_problem(reader.status, exc, session=session, timeout=timeout,
                                          not_found="no such series?")
        raise LoaderError(SOURCE, f"{series_id}: {problem}", location) from cause
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise LoaderError(
            SOURCE, f"{series_id}: unreadable response ({type(exc).__name__}: {exc})", location
        ) from exc
    try:
        series = clean_series(frame[series_id], source=SOURCE, name=series_id, location=location)
    except LoaderError as exc:
        raise LoaderError(SOURCE, f"{series_id}: {exc.problem}", location) from exc
    info = ALL_SERIES.get(series_id)
    series, left_out = drop_implausible(series, positive=info is not None and info.unit in POSITIVE_UNITS,
                                        source=SOURCE, location=location)
    return Loaded(series, make_provenance(series, source=SOURCE, location=location, left_out=left_out))


class _CheckedFredReader(FredReader):
    """``FredReader`` that records HTTP statuses and checks the body before it is parsed.

    Only pandas-datareader's hooks are overridden; downloading, retrying and CSV parsing
    are FredReader's own.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status: int | None = None

    def _output_error(self, response) -> bool:
        """Called for every non-200 answer; stop retrying on client errors (404: no series)."""
        self.status = response.status_code
        return 400 <= response.status_code < 500 and response.status_code != 429

    def _sanitize_response(self, response) -> bytes:
        content = response.content
        _check_csv(content, self.symbols, f"{FRED_CSV_URL}?id={self.symbols}")
        return content


def _check_csv(content: bytes, series_id: str, location: str) -> None:
    """Raise ``LoaderError`` unless ``content`` looks like a complete fredgraph CSV of the series."""

    def fail(problem: str) -> LoaderError:
        return LoaderError(SOURCE, f"{series_id}: {problem}", location)

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail("response is not UTF-8 text") from exc
    head = text.lstrip()[:512].lower()
    if not head:
        raise fail("empty response")
    if head.startswith("<") or "<html" in head:
        raise fail("HTML page instead of CSV (an error page?)")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = [field.strip() for field in lines[0].split(",")]
    if len(header) != 2 or header[0].lower() not in _DATE_HEADERS or header[1].upper() != series_id.upper():
        raise fail(f"CSV header {lines[0]!r} does not name the series")
    rows = lines[1:]
    if not rows:
        raise fail("no observations (header only: empty or truncated response)")
    bad = next((row for row in rows if not _ROW.match(row)), None)
    if bad is not None:
        raise fail(f"malformed row {bad!r}")
    if not rows[-1].split(",")[1].strip():
        raise fail(f"truncated response: last row {rows[-1]!r} has no value")
    dates, values = zip(*(row.split(",") for row in rows))
    parsed = pd.to_datetime(pd.Series(dates), format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        raise fail(f"unreadable date {dates[int(parsed.isna().to_numpy().argmax())]!r}")
    numbers = pd.to_numeric(pd.Series(values).str.strip().replace(".", "0"), errors="coerce")
    if numbers.isna().any():  # only "." means "no observation" at FRED
        position = int(numbers.isna().to_numpy().argmax())
        raise fail(f"non-numeric value {values[position].strip()!r} on {dates[position]}")
