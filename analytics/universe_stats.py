"""Inside a company universe: sector returns, breadth and valuation, point in time (pure).

Inputs are a membership list (``ticker`` and, when it has one, ``sector``), the statements
(:class:`analytics.leverage.Statements`, with ``shares_basic`` and ``sector`` when the data has
them) and the daily closes (:class:`analytics.leverage.PriceHistory`). Definitions (README,
"Inside the universe"):

* **return** over a window: close to close, each end the last close at most 7 days old
  (as the leverage quartiles);
* **net loss** on a date: the latest *annual* statement public on that date (published in the
  18 months before it) has net income below zero;
* **trailing P/E** on a date: market value (the close on or before the date, at most 7 days
  old, times that statement's basic shares) over its net income; positive earners only; the
  median is reported with the share of members with negative earnings beside it;
* **below the high**: the close on the date is below the highest close of the high window
  (default calendar 2021); members without a close in both are left out;
* **above the 200-day average**: the close on the date is above the mean of the last 200
  closes up to it (members with fewer than 200 closes are left out).

Nothing known only after a date is used for it: statements count from their publication.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.leverage import MAX_STALE_DAYS, PriceHistory, Statements, sorted_search

#: Months before a date in which an annual statement counts (net loss, P/E).
STATEMENT_MONTHS = 18
#: Closes in the moving average.
AVERAGE_DAYS = 200
#: Default high window: calendar 2021, the last small-cap peak.
HIGH_WINDOW = (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"))
#: The group of members whose sector is not known.
UNKNOWN_SECTOR = "unknown sector"
ALL = "ALL"
_SHIFT = np.int64(32)
_OFFSET = np.int64(2**31)


class UniverseInputError(ValueError):
    """Dates or inputs the universe statistics cannot use; the message says which and why."""


def _members(members: pd.DataFrame) -> pd.DataFrame:
    if "ticker" not in members.columns:
        raise UniverseInputError("the membership list has no ticker column")
    tickers = [str(t).strip() for t in members["ticker"].to_numpy(dtype=object)]  # Arrow strings iterate slowly
    out = members.assign(ticker=pd.Index(tickers, dtype=object))  # plain strings: fast look-ups
    out = out[out["ticker"] != ""].drop_duplicates("ticker")
    return out.set_index("ticker")


def member_sectors(members: pd.DataFrame, statements: Statements) -> pd.Series:
    """Sector per member: the list's when it has one, else the latest statement's, else
    :data:`UNKNOWN_SECTOR`."""
    listed = _members(members)
    sector = listed["sector"] if "sector" in listed.columns else pd.Series(np.nan, index=listed.index)
    sector = sector.astype("object").where(sector.notna() & (sector.astype(str).str.strip() != ""))
    if "sector" in statements.frame.columns and sector.isna().any():
        last = statements.frame.groupby("ticker", sort=False)["sector"].last()
        sector = sector.fillna(last.reindex(sector.index))
    return sector.fillna(UNKNOWN_SECTOR).astype(str).rename("sector")


#: A member whose own return moves its sector's equal-weighted mean by at least this much
#: (decimal: 10 percentage points) is named beside the sectors (:attr:`SectorReturns.movers`).
MOVER_SHIFT = 0.10


@dataclass(frozen=True)
class Mover:
    """A member whose return alone moves its sector's mean (``shift``: the sector's mean less
    its mean without this member, decimal)."""

    ticker: str
    sector: str
    ret: float
    shift: float


@dataclass(frozen=True)
class SectorReturns:
    """Equal-weighted returns per sector over ``[start, end]``; what was left out and why; the
    members that alone move their sector's mean by :data:`MOVER_SHIFT` or more, largest shift
    first (one price error, an unadjusted split, can make a sector "best")."""

    table: pd.DataFrame  # index sector (ALL last): n, mean_return, median_return (decimal)
    members: int
    left_out: dict[str, int]
    start: pd.Timestamp
    end: pd.Timestamp
    movers: tuple[Mover, ...] = ()


def sector_movers(priced: pd.DataFrame, *, shift: float = MOVER_SHIFT) -> tuple[Mover, ...]:
    """:class:`Mover` items of ``priced`` (index ticker; ``sector``, ``ret``): per sector of three
    or more, the member furthest from the sector's median, when it moves the mean by ``shift`` or
    more (mean - mean without it = (ret - mean) / (n - 1)); largest shift first."""
    grouped = priced.groupby("sector")["ret"]
    n, mean = grouped.transform("size"), grouped.transform("mean")
    away = (priced["ret"] - grouped.transform("median")).abs()
    furthest = away.groupby(priced["sector"]).idxmax()  # one member per sector
    moved = ((priced["ret"] - mean) / (n - 1)).where(n >= 3).loc[furthest.to_numpy()]
    big = moved[moved.abs() >= shift].sort_values(key=abs, ascending=False)
    return tuple(Mover(str(t), str(priced.at[t, "sector"]), float(priced.at[t, "ret"]), float(big[t]))
                 for t in big.index)


def sector_returns(members: pd.DataFrame, statements: Statements, prices: PriceHistory, *, start, end,
                   max_stale_days: int = MAX_STALE_DAYS) -> SectorReturns:
    """Mean and median return per sector (and ``ALL``), sorted by mean return, best first.

    Raises:
        UniverseInputError: an inverted or empty window, or no member with prices at both ends.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if not start < end:
        raise UniverseInputError(f"the window {start:%Y-%m-%d} to {end:%Y-%m-%d} is empty or inverted")
    sectors = member_sectors(members, statements)
    returns = prices.window_returns(sectors.index, start, end, max_stale_days=max_stale_days)
    frame = pd.DataFrame({"sector": sectors.to_numpy(), "ret": returns.to_numpy()}, index=sectors.index)
    priced = frame.dropna(subset=["ret"])
    if priced.empty:
        raise UniverseInputError(f"no member has a close within {max_stale_days} days of both "
                                 f"{start:%Y-%m-%d} and {end:%Y-%m-%d}")
    grouped = priced.groupby("sector")["ret"]
    table = pd.DataFrame({"n": grouped.size(), "mean_return": grouped.mean(), "median_return": grouped.median()})
    table = table.sort_values("mean_return", ascending=False)
    table.loc[ALL] = [len(priced), priced["ret"].mean(), priced["ret"].median()]
    table["n"] = table["n"].astype(int)
    table.index.name = "sector"
    left = len(frame) - len(priced)
    return SectorReturns(table, len(frame), {"no close at both ends of the window": left} if left else {},
                         start, end, sector_movers(priced))


@dataclass(frozen=True)
class Breadth:
    """Breadth and valuation of a universe on one date (shares are decimals; None: no member)."""

    as_of: pd.Timestamp
    members: int
    priced: int
    with_statements: int
    share_net_loss: float | None
    share_below_high: float | None
    below_high_n: int
    share_above_200d: float | None
    above_200d_n: int
    median_pe: float | None
    pe_n: int
    share_negative_earnings: float | None

    def to_record(self, universe: str) -> dict:
        out = {"universe": universe, "as_of": f"{self.as_of:%Y-%m-%d}"}
        out.update({k: getattr(self, k) for k in (
            "members", "priced", "with_statements", "share_net_loss", "share_below_high",
            "share_above_200d", "median_pe", "pe_n", "share_negative_earnings")})
        return out


def _share(mask: np.ndarray, known: np.ndarray) -> tuple[float | None, int]:
    n = int(known.sum())
    return (float(mask[known].mean()) if n else None), n


def _ranges(prices: PriceHistory, tickers: pd.Index, first, last) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per ticker: the positions ``[lo, hi)`` of its closes dated ``first..last`` and its code (-1: none)."""
    codes = prices.tickers.get_indexer(tickers).astype(np.int64)
    safe = np.maximum(codes, 0)
    lo = sorted_search(prices.keys, (safe << _SHIFT) | (_day(first) + _OFFSET), side="left")
    hi = sorted_search(prices.keys, (safe << _SHIFT) | (_day(last) + _OFFSET))
    hi = np.where(codes >= 0, hi, lo)
    return lo, hi, codes


def _day(value) -> np.int64:
    return np.int64((pd.Timestamp(value).normalize() - pd.Timestamp("1970-01-01")).days)


def _gathered(prices: PriceHistory, lo: np.ndarray, hi: np.ndarray, width: int) -> np.ndarray:
    """Closes at positions ``lo .. lo + width - 1`` per row, NaN at or past ``hi``."""
    steps = np.arange(width)
    positions = lo[:, None] + steps[None, :]
    inside = positions < hi[:, None]
    values = prices.closes[np.minimum(positions, max(len(prices.closes) - 1, 0))] if len(prices.closes) \
        else np.full(positions.shape, np.nan)
    return np.where(inside, values, np.nan)


def window_highs(prices: PriceHistory, tickers: pd.Index, first, last) -> np.ndarray:
    """Highest close per ticker in ``[first, last]`` (NaN without one)."""
    lo, hi, _ = _ranges(prices, tickers, first, last)
    width = int((hi - lo).max()) if len(lo) else 0
    if width <= 0:
        return np.full(len(tickers), np.nan)
    with np.errstate(invalid="ignore"):
        with_nan = _gathered(prices, lo, hi, width)
        out = np.nanmax(np.where(np.isnan(with_nan), -np.inf, with_nan), axis=1)
    return np.where(np.isfinite(out), out, np.nan)


def moving_average(prices: PriceHistory, tickers: pd.Index, date, days: int = AVERAGE_DAYS) -> np.ndarray:
    """Mean of the last ``days`` closes up to ``date`` per ticker (NaN with fewer)."""
    codes = prices.tickers.get_indexer(tickers).astype(np.int64)
    hi = prices.ends(codes, np.array([_day(date)]))[:, 0]
    first, enough = prices.window_starts(codes, hi, days)
    out = np.full(len(tickers), np.nan)
    if enough.any():
        out[enough] = _gathered(prices, first[enough], hi[enough], days).mean(axis=1)
    return out


def breadth(members: pd.DataFrame, statements: Statements, prices: PriceHistory, *, as_of,
            high_window: tuple = HIGH_WINDOW, max_stale_days: int = MAX_STALE_DAYS) -> Breadth:
    """:class:`Breadth` of the members on ``as_of`` (see the module's definitions).

    Raises:
        UniverseInputError: a high window that is inverted or does not end before ``as_of``.
    """
    as_of = pd.Timestamp(as_of).normalize()
    high_start, high_end = (pd.Timestamp(d) for d in high_window)
    _check_high_window(high_start, high_end)
    if high_end >= as_of:
        raise UniverseInputError(f"the high window must end before the as-of date {as_of:%Y-%m-%d} "
                                 f"(it ends {high_end:%Y-%m-%d})")
    tickers = _members(members).index
    closes, _ = prices.close_on_or_before(tickers, as_of, max_stale_days=max_stale_days)
    wanted = [c for c in ("net_income", "shares_basic") if c in statements.frame.columns]
    latest = statements.latest(as_of, lookback_months=STATEMENT_MONTHS, annual_only=True,
                               columns=wanted).reindex(tickers)
    shares = (latest["shares_basic"].to_numpy(dtype=float) if "shares_basic" in latest.columns
              else np.full(len(tickers), np.nan))
    average = moving_average(prices, tickers, as_of)
    return _breadth_of(as_of, closes, latest["net_income"].to_numpy(dtype=float), shares,
                       window_highs(prices, tickers, high_start, high_end), closes > average, np.isfinite(average))


def _check_high_window(high_start: pd.Timestamp, high_end: pd.Timestamp) -> None:
    if not high_start <= high_end:
        raise UniverseInputError(f"the high window {high_start:%Y-%m-%d} to {high_end:%Y-%m-%d} is inverted")


def _breadth_of(as_of: pd.Timestamp, closes: np.ndarray, income: np.ndarray, shares: np.ndarray,
                highs: np.ndarray, above: np.ndarray, averaged: np.ndarray) -> Breadth:
    """:class:`Breadth` from the members' close on ``as_of`` (NaN: none within the staleness
    limit), the net income and basic shares of their latest annual statement (NaN: none), their
    high, and whether the close is above their 200-day average (``averaged``: they have one)."""
    priced, known = np.isfinite(closes), np.isfinite(income)
    share_loss, _ = _share(income < 0, known)
    below, below_n = _share(closes < highs, priced & np.isfinite(highs))
    share_above, above_n = _share(above, priced & averaged)
    with np.errstate(divide="ignore", invalid="ignore"):
        pe = closes * shares / income
    positive = known & (income > 0) & priced & np.isfinite(pe) & (shares > 0)
    negative, _ = _share(income <= 0, known)
    return Breadth(
        as_of=as_of, members=len(closes), priced=int(priced.sum()), with_statements=int(known.sum()),
        share_net_loss=share_loss, share_below_high=below, below_high_n=below_n,
        share_above_200d=share_above, above_200d_n=above_n,
        median_pe=float(np.median(pe[positive])) if positive.any() else None, pe_n=int(positive.sum()),
        share_negative_earnings=negative,
    )


def breadth_series(members: pd.DataFrame, statements: Statements, prices: PriceHistory, *, start, end,
                   high_window: tuple = HIGH_WINDOW) -> pd.DataFrame:
    """:func:`breadth` at each month end in ``[start, end]`` (and ``end``), one row per date.

    Dates on or before the high window's end have no ``share_below_high`` (NaN). The same
    figures as :func:`breadth` date by date, with the look-ups made for all dates at once
    (ten years of a 3,000-member list: 2 s date by date).
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if not start < end:
        raise UniverseInputError(f"the window {start:%Y-%m-%d} to {end:%Y-%m-%d} is empty or inverted")
    dates = list(pd.date_range(start, end, freq="ME"))
    if not dates or dates[-1] < end.normalize():
        dates.append(end.normalize())
    high_start, high_end = (pd.Timestamp(d) for d in high_window)
    high_ok = [high_end < day for day in dates]  # before the high window ends there is no "below the high" yet
    if any(high_ok):
        _check_high_window(high_start, high_end)
    tickers = _members(members).index
    highs = window_highs(prices, tickers, high_start, high_end)
    days = np.array([_day(day) for day in dates], dtype=np.int64)
    codes = prices.tickers.get_indexer(tickers).astype(np.int64)
    ends = prices.ends(codes, days)
    closes, _ = prices.closes_at(codes, days, ends)
    above, averaged = _above_average(prices, codes, ends, closes)
    income, shares = _latest_annual(statements, tickers, dates)
    rows = []
    for j, day in enumerate(dates):
        b = _breadth_of(day, closes[:, j], income[:, j], shares[:, j], highs, above[:, j], averaged[:, j])
        rows.append({"date": b.as_of, "share_net_loss": b.share_net_loss,
                     "share_below_high": b.share_below_high if high_ok[j] else None,
                     "share_above_200d": b.share_above_200d, "median_pe": b.median_pe, "pe_n": b.pe_n,
                     "share_negative_earnings": b.share_negative_earnings, "with_statements": b.with_statements,
                     "priced": b.priced})
    return pd.DataFrame(rows).set_index("date").astype(float)


def _above_average(prices: PriceHistory, codes: np.ndarray, ends: np.ndarray, closes: np.ndarray,
                   days: int = AVERAGE_DAYS) -> tuple[np.ndarray, np.ndarray]:
    """``closes > moving_average`` for every member and day, and where there is an average.

    The sums of the last ``days`` closes come from each member's running sum over its closes;
    where the close is within that sum's rounding bound of the average, or a close is not
    finite, the average is the one :func:`moving_average` takes (so the answer is the same).
    """
    n = len(prices.keys)
    first, averaged = prices.window_starts(codes, ends, days)
    above = np.zeros(ends.shape, bool)
    exact = np.zeros(ends.shape, bool)
    rows = np.flatnonzero(averaged.any(axis=1))
    for chunk in np.array_split(rows, max(1, len(rows) // 256)):
        if not len(chunk):
            continue
        base = np.where(averaged[chunk], first[chunk], np.iinfo(np.int64).max).min(axis=1)
        top = ends[chunk].max(axis=1)
        span = int((top - base).max())
        positions = np.minimum(base[:, None] + np.arange(span)[None, :], n - 1)
        values = np.where(np.arange(span)[None, :] < (top - base)[:, None], prices.closes[positions], 0.0)
        running, absolute = np.zeros((2, len(chunk), span + 1))
        at = (ends[chunk] - base[:, None]).clip(0, span)
        before = (at - days).clip(0)
        with np.errstate(invalid="ignore", over="ignore"):  # (a close not finite: answered below)
            np.cumsum(values, axis=1, out=running[:, 1:])
            np.cumsum(np.abs(values), axis=1, out=absolute[:, 1:])
            sums = np.take_along_axis(running, at, axis=1) - np.take_along_axis(running, before, axis=1)
            reach = np.take_along_axis(absolute, at, axis=1)
            window = reach - np.take_along_axis(absolute, before, axis=1)
            # rounding bounds, in sums: the two running sums (k terms: k * eps * their |x|), numpy's
            # pairwise sum of the window and the division, the close times days; four times over
            bound = 4 * np.finfo(float).eps * (2 * at * reach + 16 * window + days * np.abs(closes[chunk]))
            gap = closes[chunk] * days - sums
            clear = np.isfinite(gap) & (np.abs(gap) > bound)
        take = averaged[chunk]
        above[chunk] = take & clear & (gap > 0)
        exact[chunk] = take & ~clear & np.isfinite(closes[chunk])
    pairs = np.flatnonzero(exact.ravel())
    if len(pairs):
        start = first.ravel()[pairs]
        average = _gathered(prices, start, start + days, days).mean(axis=1)
        averaged.flat[pairs] = np.isfinite(average)
        above.flat[pairs] = closes.flat[pairs] > average
    return above, averaged


def _latest_annual(statements: Statements, tickers: pd.Index, dates: list) -> tuple[np.ndarray, np.ndarray]:
    """Net income and basic shares (NaN: none) of each member's (row) latest annual statement
    public on each date (column): :meth:`Statements.latest` (``STATEMENT_MONTHS``, annual only)."""
    shape = (len(tickers), len(dates))
    member = statements.tickers.get_indexer(tickers) if len(statements.tickers) else np.full(len(tickers), -1)
    annual = np.flatnonzero(statements.annual)
    available, period_end, codes = (a[annual] for a in (statements.available, statements.period_end, statements.codes))
    rows = np.full(shape, -1, dtype=np.int64)
    for j, date in enumerate(dates):
        cutoff = _day(pd.Timestamp(date) - pd.DateOffset(months=STATEMENT_MONTHS))
        public = np.flatnonzero((available <= _day(date)) & (period_end >= cutoff))
        last = public[np.r_[codes[public][1:] != codes[public][:-1], True]] if len(public) else public
        by_code = np.full(len(statements.tickers) + 1, -1, dtype=np.int64)  # (the last: no statement)
        by_code[codes[last]] = annual[last]
        rows[:, j] = by_code[member]
    found = rows >= 0
    frame = statements.frame
    out = []
    for column in ("net_income", "shares_basic"):
        values = frame[column].to_numpy(dtype=float) if column in frame.columns else None
        out.append(np.where(found, values[np.maximum(rows, 0)], np.nan) if values is not None and len(values)
                   else np.full(shape, np.nan))
    return out[0], out[1]
