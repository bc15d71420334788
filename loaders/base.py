"""What every loader returns and how it validates what comes in.

Every loader returns a :class:`Loaded`: clean pandas data plus a :class:`Provenance`.
Clean means: a ``DatetimeIndex`` named ``date`` (timezone-naive, normalised to midnight),
float values, sorted, no duplicate dates and no missing rows. Problems raise
:class:`LoaderError`, whose message names the source, the location and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from analytics.format import counted


class LoaderError(Exception):
    """Data could not be loaded or failed validation.

    Args:
        source: Human name of the source ("FRED", "local directory", ...).
        problem: What is wrong, in words a user can act on.
        location: URL or file path, when known.
    """

    def __init__(self, source: str, problem: str, location: str | None = None):
        self.source = source
        self.problem = problem
        self.location = location
        where = f" ({shown_location(location)})" if location else ""
        super().__init__(f"{source}{where}: {problem}")


def shown_location(location: str | None) -> str:
    """A location as people may see it: a URL as is, a file as ``<folder>/<name>`` (never the
    server's directory path)."""
    if not location:
        return ""
    if "://" in location:
        return location
    parts = [p for p in location.replace("\\", "/").split("/") if p]
    return "/".join(parts[-2:])


class SeriesMissing(LoaderError):
    """The source has no such series at all (a file that is not there), as opposed to one that
    exists but cannot be read."""


@dataclass(frozen=True)
class Provenance:
    """Where a piece of data came from and how fresh it is.

    ``retrieved_at`` is a timezone-aware UTC timestamp. ``stale`` is set when a cached copy
    is served because the live source failed; ``stale_age_seconds`` is then its age.
    ``demo`` marks synthetic data.
    """

    source: str
    location: str
    retrieved_at: datetime
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    stale: bool = False
    stale_age_seconds: float | None = None
    demo: bool = False
    note: str = ""
    left_out: str = ""  # rows of the source a level series cannot have (:func:`drop_implausible`)

    def as_stale(self, age_seconds: float, reason: str) -> "Provenance":
        """A copy marked stale with its age and the reason the fresh fetch failed."""
        return replace(self, stale=True, stale_age_seconds=float(age_seconds), note=reason)

    def with_note(self, note: str) -> "Provenance":
        """A copy with ``note`` replaced."""
        return replace(self, note=note)


@dataclass(frozen=True)
class Loaded:
    """Data (a Series, a DataFrame or a dict of DataFrames) with its provenance."""

    data: Any
    provenance: Provenance

    def copy(self) -> "Loaded":
        """A copy whose pandas objects can be changed without touching this one."""
        return Loaded(copy_data(self.data), self.provenance)


def copy_data(data: Any) -> Any:
    """Deep copy of a pandas object or a dict of them; other values are returned as they are."""
    if isinstance(data, (pd.Series, pd.DataFrame)):
        return data.copy(deep=True)
    if isinstance(data, dict):
        return {k: copy_data(v) for k, v in data.items()}
    return data


def utcnow() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def span(data: pd.Series | pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last observation date of ``data`` (``None`` when empty)."""
    if len(data.index) == 0:
        return None, None
    return pd.Timestamp(data.index[0]), pd.Timestamp(data.index[-1])


def make_provenance(
    data: pd.Series | pd.DataFrame, *, source: str, location: str, retrieved_at: datetime | None = None,
    demo: bool = False, note: str = "", left_out: str = "",
) -> Provenance:
    """Provenance for ``data`` with its first and last observation filled in."""
    first, last = span(data)
    return Provenance(
        source=source, location=location, retrieved_at=retrieved_at or utcnow(),
        first=first, last=last, demo=demo, note=note, left_out=left_out,
    )


#: Observations outside these dates are errors (a mangled year), not history.
EARLIEST_DATE = pd.Timestamp("1800-01-01")
LATEST_DATE = pd.Timestamp("2100-12-31")


def _clean_index(index: pd.Index, *, source: str, location: str | None) -> pd.DatetimeIndex:
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="end")
    try:
        parsed = pd.DatetimeIndex(pd.to_datetime(index, errors="raise"))
    except (ValueError, TypeError) as exc:
        bad = _first_bad_date(index)
        raise LoaderError(source, f"unreadable date {bad!r}", location) from exc
    if parsed.tz is not None:
        parsed = parsed.tz_convert(None)
    outside = (parsed < EARLIEST_DATE) | (parsed > LATEST_DATE)
    if outside.any():
        day = parsed[outside][0]
        raise LoaderError(source, f"date {day.date().isoformat()} out of range ({EARLIEST_DATE:%Y-%m-%d} to "
                          f"{LATEST_DATE:%Y-%m-%d})", location)
    return parsed.normalize().rename("date")


def _first_bad_date(index: pd.Index) -> Any:
    for value in index:
        try:
            pd.Timestamp(value)
        except (ValueError, TypeError):
            return value
    return None


def _day(value: Any) -> Any:
    """An index value for a message: a timestamp as ``YYYY-MM-DD``, anything else as it is."""
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else value


def _to_float(values: pd.Series, *, source: str, location: str | None, column: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("float64")
        text = numbers.astype("string")
    else:
        text = values.astype("string").str.strip()
        text = text.mask(text.isin(["", ".", "NaN", "nan", "NA", "null"]))
        numbers = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = text.notna() & numbers.isna()
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise LoaderError(
                source,
                f"non-numeric value {text.iloc[position]!r} in column {column!r} "
                f"on {_day(values.index[position])}",
                location,
            )
    infinite = np.isinf(numbers.to_numpy())
    if infinite.any():
        position = int(np.flatnonzero(infinite)[0])
        raise LoaderError(source, f"non-finite value {text.iloc[position]!r} in column {column!r} "
                          f"on {_day(values.index[position])}", location)
    return numbers


def clean_frame(
    frame: pd.DataFrame, *, source: str, location: str | None = None, scale: float = 1.0,
    missing: tuple[float, ...] = (), dropna: str | None = "all",
) -> pd.DataFrame:
    """Validate and normalise a date-indexed frame.

    Args:
        frame: Raw frame indexed by dates (strings, datetimes or periods).
        source: Source name used in error messages.
        location: URL or path used in error messages.
        scale: Multiplier applied to every value (``0.01`` turns percent into decimals).
        missing: Sentinel values meaning "missing" (Ken French uses -99.99 and -999).
        dropna: ``"all"`` drops rows where every value is missing, ``"any"`` where one is,
            ``None`` keeps them.

    Returns:
        A float frame on a sorted, duplicate-free ``DatetimeIndex`` named ``date``.

    Raises:
        LoaderError: empty data, unreadable dates or numbers, dates before 1800 or after 2100,
            infinite values, or conflicting duplicate dates.
    """
    if frame is None or frame.empty:
        raise LoaderError(source, "no observations in the response", location)
    out = frame.copy()
    out.index = _clean_index(out.index, source=source, location=location)
    for column in out.columns:
        out[column] = _to_float(out[column], source=source, location=location, column=str(column))
    if missing:
        out = out.mask(out.isin(list(missing)))
    if scale != 1.0:
        out = out * scale
    if dropna:
        out = out.dropna(how=dropna)
    if out.empty:
        raise LoaderError(source, "every value is missing", location)
    out = out.sort_index(kind="mergesort")
    duplicated = out.index.duplicated(keep=False)
    if duplicated.any():
        dup = out[duplicated]
        conflicting = dup.groupby(level=0).nunique(dropna=False).gt(1).any(axis=1)
        if conflicting.any():
            day = conflicting[conflicting].index[0].date()
            raise LoaderError(source, f"duplicate date {day} with different values", location)
        out = out[~out.index.duplicated(keep="first")]
    return out


#: Units whose values are prices or index levels: a value at or below zero is a broken row.
POSITIVE_UNITS = frozenset({"index", "usd"})
#: How many left-out rows a note names by date.
LEFT_OUT_NAMED = 3


#: The largest move of a price or level from one observation to the next that a file can hold:
#: x4 or /4 (the worst day on record, 1987-10-19, is /1.26; the Ken French small decile's best
#: month about x2). A x10 or x0.1 step is a rescaled or spliced file, a x100 day a slipped digit.
SCALE_BREAK = np.log(4.0)


def _spikes(series: pd.Series) -> np.ndarray:
    """Where one observation jumps by more than :data:`SCALE_BREAK` and the next comes back (a
    slipped digit), as a boolean mask."""
    steps = np.diff(np.log(series.to_numpy(dtype=float)))
    mask = np.zeros(len(series), dtype=bool)
    if len(steps) >= 2:
        up, back = steps[:-1], steps[1:]
        mask[1:-1] = (np.abs(up) > SCALE_BREAK) & (np.abs(back) > SCALE_BREAK) & (np.sign(up) != np.sign(back))
    return mask


def _scale_break(series: pd.Series, source: str, location: str | None) -> None:
    """Refuse a series whose level steps by more than :data:`SCALE_BREAK` and stays there (two
    sources spliced at different bases: the S&P 500 "78.7% below its 2019-12-27 peak")."""
    values = series.to_numpy(dtype=float)
    steps = np.abs(np.diff(np.log(values)))
    if len(steps) and steps.max() > SCALE_BREAK:
        i = int(np.argmax(steps > SCALE_BREAK))
        raise LoaderError(source, (
            f"the level moves from {values[i]:,.2f} on {series.index[i]:%Y-%m-%d} to {values[i + 1]:,.2f} on "
            f"{series.index[i + 1]:%Y-%m-%d} (x{values[i + 1] / values[i]:.3g} in one observation; no index or "
            "fund moves that much): two sources spliced at different bases, or a rescaled file? Fix the file"),
            location)


def drop_implausible(series: pd.Series, *, positive: bool, source: str, location: str | None = None,
                     today: pd.Timestamp | None = None) -> tuple[pd.Series, str]:
    """The rows of a clean series that it can have, and a note naming the others ("" when none):
    a value at or below zero of a price or level (``positive``: a close of 0 made the Russell
    2000 "down 100.0%, the worst on record"), a date after ``today`` (UTC) plus a day (a mistyped
    2031 moved the default view five years ahead), a level's single observation x4 or /4 away
    from both neighbours (a slipped digit, :data:`SCALE_BREAK`).

    Raises:
        LoaderError: when no row is left, or a level steps by more than x4 or /4 and stays (a
            spliced or rescaled file: which part is right cannot be told).
    """
    today = (pd.Timestamp.now(tz="UTC").tz_localize(None) if today is None else pd.Timestamp(today)).normalize()
    bad_value = (series <= 0) if positive else pd.Series(False, index=series.index)
    future = series.index > today + pd.Timedelta(days=1)
    spike = np.zeros(len(series), dtype=bool)
    if positive:
        usable = ~(bad_value.to_numpy() | future)
        spike[np.flatnonzero(usable)] = _spikes(series[usable])
        _scale_break(series[usable & ~spike], source, location)
    dropped = series[bad_value.to_numpy() | future | spike]
    if dropped.empty:
        return series, ""
    kept = series.drop(dropped.index)
    reasons = []
    spikes = series[spike]
    for what, rows in (("a value at or below zero", dropped[bad_value.reindex(dropped.index).to_numpy()]),
                       (f"a date after {today:%Y-%m-%d}", dropped[dropped.index > today + pd.Timedelta(days=1)]),
                       ("a level more than 4 times or under a quarter of both its neighbours (a slipped digit?)",
                        spikes)):
        if len(rows):
            named = ", ".join(f"{day:%Y-%m-%d}" for day in rows.index[:LEFT_OUT_NAMED])
            more = f" and {len(rows) - LEFT_OUT_NAMED} more" if len(rows) > LEFT_OUT_NAMED else ""
            reasons.append(f"{counted(len(rows), 'row')} with {what} ({named}{more})")
    note = "left out " + "; ".join(reasons)
    if kept.empty:
        raise LoaderError(source, f"no usable observations: {note}", location)
    return kept, note


def clean_series(
    raw: pd.Series, *, source: str, name: str, location: str | None = None, scale: float = 1.0
) -> pd.Series:
    """Validate and normalise one date-indexed series (see :func:`clean_frame`); name it ``name``."""
    if raw is None or len(raw) == 0:
        raise LoaderError(source, f"no observations for {name}", location)
    frame = clean_frame(raw.to_frame(name), source=source, location=location, scale=scale)
    return frame[name]
