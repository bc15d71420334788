"""Leverage quartiles of a stock universe: point-in-time debt-to-equity and window returns.

Pure pandas/numpy; nothing here reads files or talks to Dash. Inputs are prepared once per
data load (:class:`Statements`, :class:`PriceHistory`) so that each quartile computation is a
few array look-ups (a 2,000-stock universe takes a few milliseconds).

Units and rules, used throughout:

* Debt-to-equity (D/E) is a plain ratio: ``0.41`` means debt is 41 % of equity.
* Returns are simple returns as decimal fractions: ``0.166`` means +16.6 %.
* **Point in time.** The statement used for a company at date *d* is the latest one published
  on or before *d* whose period ended within the previous ``lookback_months`` (15) months.
  A statement is never treated as public before its period ended: when a source gives a
  publish date before the period end (a data error), the period end counts as publish date.
  Among statements published the same day the later period end wins, then annual over
  quarterly. Net income for "share with a net loss" is the full-year figure of the latest
  *annual* statement chosen by the same rule (a single quarter's loss says little).
* **Blank debt.** A blank ``total_debt`` with reported ``total_liabilities`` is counted as
  zero debt (sources leave the debt line blank when a company reports none); such companies
  are counted in ``debt_blank_as_zero``. With both debt and liabilities blank the company has
  no D/E and is left out of a leverage ranking (counted).
* **Negative or zero equity.** Equity at or below zero gives no meaningful D/E. Those companies
  form their own group (``negative_equity`` in the results, with its own returns; each row's
  status says ``"negative equity"`` or ``"zero equity"``); in a leverage
  ranking they are never placed in a quartile, in a return ranking they are (their D/E is
  simply not part of the quartile's median).
* **Prices.** A window return uses the last adjusted close on or before the window end over
  the last one on or before the window start, each at most ``max_stale_days`` (7) calendar
  days old (so a stock that stopped trading does not carry a stale price forward). A stock
  without such closes at both ends is left out and counted.
* **Quartiles and ties.** Eligible stocks are those with a rank value and a measure-window
  return. They are sorted by rank value, ties broken by ticker (like
  ``rank(method="first")`` on a ticker-sorted series); the stock at position ``i`` (from 0)
  of ``n`` goes to quartile ``floor(4 * i / n) + 1``. Quartile sizes differ by at most one,
  the lower quartiles taking the extra stocks (7 stocks: 2, 2, 2, 1); when ``n`` is a
  multiple of 4 this equals ``pandas.qcut(values.rank(method="first"), 4)``. Quartile 1 holds the lowest values:
  the least leveraged, or the worst rank-window return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

import numpy as np
import pandas as pd

RankBy = Literal["leverage", "return"]
LOOKBACK_MONTHS = 15
MAX_STALE_DAYS = 7
STATEMENT_COLUMNS = ("ticker", "period_end", "publish_date", "total_debt", "total_liabilities",
                     "total_equity", "net_income", "statement")
#: Columns kept when the statements have them (valuation and sector breakdowns use them).
OPTIONAL_COLUMNS = ("shares_basic", "sector")

def group_words(spec: "QuartileSpec") -> str:
    """How the negative-or-zero-equity group stands to the quartiles: apart from them in a
    leverage ranking (no D/E to rank by), inside them in a return ranking."""
    return "own group" if spec.rank_by == "leverage" else "ranked in the quartiles like the others; as a group"


# Reasons a member is left out of the quartiles, in the order they are checked.
NOT_IN_DATA = "no prices and no statements in the data source"
NO_STATEMENT = "no statement published in the lookback window"
NO_EQUITY = "equity not reported"
NO_DEBT_DATA = "neither debt nor liabilities reported"
NEGATIVE_EQUITY = "negative or zero equity (reported as its own group)"
#: The statuses of the negative-or-zero-equity group (12 statements of the real snapshot report
#: an equity of exactly 0).
EQUITY_AT_OR_BELOW_ZERO = ("negative equity", "zero equity")
NO_RANK_PRICES = "no prices at both ends of the rank window"
NO_MEASURE_PRICES = "no prices at both ends of the measure window"

_SHIFT = np.int64(32)
_OFFSET = np.int64(2**31)


class LeverageInputError(ValueError):
    """The request cannot be computed (bad windows, too few stocks); the message says why."""


def _day(value) -> np.int64:
    """Days since 1970-01-01 of a date-like value."""
    return np.int64(pd.Timestamp(value).to_datetime64().astype("datetime64[D]").astype(np.int64))


def _ticker_index(tickers) -> pd.Index:
    """Tickers as an object-dtype Index (hash look-ups on it are fast; Arrow strings' are not)."""
    if isinstance(tickers, pd.Index) and tickers.dtype == object:
        return tickers.rename("ticker")
    return pd.Index(_objects(tickers), dtype=object, name="ticker")


def _objects(values) -> np.ndarray:
    """``values`` as an object array; a pandas column converted at once (iterating Arrow
    strings one by one takes ~2 ms per 3,000 tickers)."""
    if isinstance(values, (pd.Series, pd.Index)):
        return values.to_numpy(dtype=object)
    return np.asarray(list(values), dtype=object)


def _members(tickers) -> pd.Index:
    """Unique, stripped, non-blank tickers in first-seen order."""
    cleaned = [text for text in (str(t).strip() for t in _objects(tickers) if t is not None and t == t) if text]
    return _ticker_index(list(dict.fromkeys(cleaned)))


def sorted_search(keys: np.ndarray, targets: np.ndarray, side: str = "right") -> np.ndarray:
    """``np.searchsorted(keys, targets, side=side)``, the targets searched in sorted order:
    the same positions, with one sweep over ``keys`` (the memory-mapped price keys: about half
    the time for a few thousand tickers, and fewer pages read)."""
    order = np.argsort(targets, kind="stable")
    out = np.empty(len(targets), dtype=np.intp)
    out[order] = np.searchsorted(keys, targets[order], side=side)
    return out


def _days(values) -> np.ndarray:
    """Days since 1970-01-01 (int64) of datetime-like values without NaT."""
    stamps = np.asarray(pd.to_datetime(values))
    unit, _ = np.datetime_data(stamps.dtype)
    per_day = int(np.timedelta64(1, "D") / np.timedelta64(1, unit))
    return stamps.view(np.int64) // per_day


# --------------------------------------------------------------------------- prices
@dataclass(frozen=True, eq=False)
class PriceHistory:
    """Daily adjusted closes of many tickers as sorted arrays, built once per data load.

    Attributes:
        tickers: Sorted unique tickers (``pandas.Index`` of str).
        keys: ``code << 32 | (day + 2**31)``, strictly ascending (code = position in
            ``tickers``, day = days since 1970-01-01).
        closes: Adjusted closes (float64, US dollars) aligned with ``keys``.
    """

    tickers: pd.Index
    keys: np.ndarray
    closes: np.ndarray

    def span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day with a close (any ticker), or None without closes."""
        if not len(self.keys):
            return None
        days = (self.keys & 0xFFFFFFFF).astype(np.int64) - 2**31
        return pd.Timestamp(int(days.min()), unit="D"), pd.Timestamp(int(days.max()), unit="D")

    @classmethod
    def from_long(cls, prices: pd.DataFrame) -> "PriceHistory":
        """Build from a long frame ``date, ticker, adj_close`` (any order; NaN closes dropped).

        Raises:
            ValueError: a ``(ticker, date)`` pair appears twice.
        """
        usable = prices["adj_close"].notna() & prices["ticker"].notna() & prices["date"].notna()
        frame = prices if usable.all() else prices[usable]
        ticker = frame["ticker"]
        if isinstance(ticker.dtype, pd.CategoricalDtype):
            categories = pd.Index(ticker.cat.categories.astype(str))
            codes = ticker.cat.codes.to_numpy().astype(np.int64)
            order = np.argsort(categories.to_numpy(), kind="stable")
            remap = np.empty(len(order), dtype=np.int64)
            remap[order] = np.arange(len(order))
            codes, tickers = remap[codes], categories[order]
        else:
            codes, tickers = pd.factorize(ticker.astype(str), sort=True)
            codes = codes.astype(np.int64)
        keys = (codes << _SHIFT) | (_days(frame["date"]) + _OFFSET)
        closes = frame["adj_close"].to_numpy(dtype="float64")
        steps = np.diff(keys)
        if not (steps > 0).all():
            order = np.argsort(keys, kind="stable")
            keys, closes = keys[order], closes[order]
            steps = np.diff(keys)
            if (steps == 0).any():
                at = int(np.flatnonzero(steps == 0)[0])
                code, day = keys[at] >> _SHIFT, (keys[at] & 0xFFFFFFFF) - _OFFSET
                when = np.datetime64(int(day), "D")
                raise ValueError(f"duplicate price rows for {tickers[code]} on {when}")
        # Unused categories: keep only tickers that have at least one close.
        codes = keys >> _SHIFT
        present = codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes
        if len(present) != len(tickers):
            remap = np.full(len(tickers), -1, dtype=np.int64)
            remap[present] = np.arange(len(present))
            keys = (remap[keys >> _SHIFT] << _SHIFT) | (keys & 0xFFFFFFFF)
            tickers = tickers[present]
        return cls(_ticker_index(tickers), keys, closes)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays, in bytes."""
        return int(self.keys.nbytes + self.closes.nbytes)

    def close_on_or_before(
        self, tickers: Iterable[str], date, *, max_stale_days: int = MAX_STALE_DAYS
    ) -> tuple[np.ndarray, np.ndarray]:
        """Last close on or before ``date`` per ticker and its date (NaN/NaT when none or stale).

        Returns:
            ``(closes, dates)``: float64 US dollars and ``datetime64[D]``, in the order given.
        """
        codes = self.tickers.get_indexer(_ticker_index(tickers)).astype(np.int64)
        days = np.array([_day(date)], dtype=np.int64)
        closes, hit = self.closes_at(codes, days, self.ends(codes, days), max_stale_days=max_stale_days)
        return closes[:, 0], hit[:, 0].astype("datetime64[D]")

    def ends(self, codes: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Per ticker code (row; -1: not in the history) and day (column; days since
        1970-01-01): the position just after the ticker's last close on or before the day."""
        targets = (np.maximum(codes, 0)[:, None] << _SHIFT) | (np.asarray(days, dtype=np.int64)[None, :] + _OFFSET)
        return sorted_search(self.keys, targets.ravel()).reshape(targets.shape)

    def closes_at(self, codes: np.ndarray, days: np.ndarray, ends: np.ndarray, *,
                  max_stale_days: int = MAX_STALE_DAYS) -> tuple[np.ndarray, np.ndarray]:
        """Per code and day (``ends`` from :meth:`ends`): the last close on or before the day and
        its day (days since 1970-01-01); NaN and the int64 minimum when there is none, or it is
        more than ``max_stale_days`` older than the day."""
        none = np.iinfo(np.int64).min
        if not len(self.keys):
            return np.full(ends.shape, np.nan), np.full(ends.shape, none)
        pos = np.maximum(ends - 1, 0)
        hit = self.keys[pos]
        hit_day = (hit & 0xFFFFFFFF) - _OFFSET
        ok = (ends >= 1) & (codes[:, None] >= 0) & ((hit >> _SHIFT) == codes[:, None]) & \
            (np.asarray(days, dtype=np.int64)[None, :] - hit_day <= max_stale_days)
        return np.where(ok, self.closes[pos], np.nan), np.where(ok, hit_day, none)

    def window_starts(self, codes: np.ndarray, ends: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Where the last ``count`` closes before ``ends`` (any shape, a row per code) begin, and
        whether they are all the ticker's own (it has that many by then)."""
        first = np.maximum(ends - count, 0)
        if not len(self.keys):
            return first, np.zeros(ends.shape, bool)
        own = codes.reshape((-1,) + (1,) * (ends.ndim - 1))
        return first, (own >= 0) & (ends - count >= 0) & \
            ((self.keys[np.minimum(first, len(self.keys) - 1)] >> _SHIFT) == own)

    def window_returns(
        self, tickers: Iterable[str], start, end, *, max_stale_days: int = MAX_STALE_DAYS
    ) -> pd.Series:
        """Simple return from ``start`` to ``end`` per ticker (decimal; NaN when a close is missing)."""
        index = _ticker_index(tickers)
        base, _ = self.close_on_or_before(index, start, max_stale_days=max_stale_days)
        last, _ = self.close_on_or_before(index, end, max_stale_days=max_stale_days)
        with np.errstate(divide="ignore", invalid="ignore"):
            ret = np.where(base > 0, last / base - 1.0, np.nan)
        return pd.Series(ret, index=index, name="return")


# --------------------------------------------------------------------------- statements
@dataclass(frozen=True, eq=False)
class Statements:
    """Company statements sorted for point-in-time look-ups, built once per data load.

    Attributes:
        frame: The statements (columns of :data:`STATEMENT_COLUMNS`), sorted by ticker, then
            availability date, period end, and annual after quarterly.
        codes: Ticker code per row (position in ``tickers``).
        tickers: Sorted unique tickers.
        available: Day number (since 1970) when each row counts as public:
            ``max(publish_date, period_end)``.
        period_end: Day number of each row's period end.
        annual: Whether each row is an annual statement.
    """

    frame: pd.DataFrame
    codes: np.ndarray
    tickers: pd.Index
    available: np.ndarray
    period_end: np.ndarray
    annual: np.ndarray

    @classmethod
    def from_frame(cls, fundamentals: pd.DataFrame) -> "Statements":
        """Prepare a fundamentals frame (one row per statement; amounts in US dollars).

        Rows without ticker, period end or publish date are dropped.
        """
        missing = [c for c in STATEMENT_COLUMNS if c not in fundamentals.columns]
        if missing:
            raise ValueError(f"statements lack column(s) {', '.join(missing)}")
        extra = [c for c in OPTIONAL_COLUMNS if c in fundamentals.columns]
        frame = fundamentals.loc[:, [*STATEMENT_COLUMNS, *extra]].copy()
        frame["ticker"] = frame["ticker"].astype("string").str.strip()
        frame["period_end"] = pd.to_datetime(frame["period_end"])
        frame["publish_date"] = pd.to_datetime(frame["publish_date"])
        frame = frame.dropna(subset=["ticker", "period_end", "publish_date"])
        frame = frame[frame["ticker"] != ""]
        frame["ticker"] = frame["ticker"].astype(str)
        frame["statement"] = frame["statement"].astype(str).str.lower()
        numeric = ["total_debt", "total_liabilities", "total_equity", "net_income"]
        for column in numeric + [c for c in extra if c == "shares_basic"]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        available = np.maximum(_days(frame["publish_date"]), _days(frame["period_end"]))
        frame["_available"] = available
        frame["_annual"] = frame["statement"].eq("annual")
        frame = frame.sort_values(["ticker", "_available", "period_end", "_annual"], kind="mergesort",
                                  ignore_index=True)
        codes, tickers = pd.factorize(frame["ticker"], sort=True)
        return cls(
            frame=frame.drop(columns=["_available", "_annual"]), codes=codes.astype(np.int64),
            tickers=_ticker_index(tickers),
            available=frame["_available"].to_numpy(np.int64), period_end=_days(frame["period_end"]),
            annual=frame["_annual"].to_numpy(bool),
        )

    def latest(self, date, *, lookback_months: int = LOOKBACK_MONTHS, annual_only: bool = False,
               columns: Iterable[str] | None = None) -> pd.DataFrame:
        """The statement in force at ``date`` per ticker (see the module rules), indexed by ticker:
        its ``columns`` (default: all but the ticker; taking only those needed spares copying
        the text columns)."""
        day = _day(date)
        cutoff = _day(pd.Timestamp(date) - pd.DateOffset(months=lookback_months))
        mask = (self.available <= day) & (self.period_end >= cutoff)
        if annual_only:
            mask &= self.annual
        rows = np.flatnonzero(mask)
        codes = self.codes[rows]
        last = rows[np.r_[codes[1:] != codes[:-1], True]] if len(rows) else rows
        names = [c for c in self.frame.columns if c != "ticker"] if columns is None else list(columns)
        index = pd.Index(self.tickers.to_numpy()[self.codes[last]], dtype=object, name="ticker")
        return pd.DataFrame({c: self.frame[c].array.take(last) for c in names}, index=index)


# --------------------------------------------------------------------------- leverage
def leverage_table(
    statements: Statements, tickers: Iterable[str], date, *, lookback_months: int = LOOKBACK_MONTHS
) -> pd.DataFrame:
    """Point-in-time leverage of ``tickers`` at ``date``.

    Returns:
        Frame indexed by ticker (in the order given) with ``period_end``, ``publish_date``,
        ``total_debt`` (blank counted as 0 when liabilities are reported), ``total_equity``,
        ``debt_to_equity`` (ratio; NaN unless equity > 0 and debt is known),
        ``debt_blank_as_zero`` (bool), ``net_income_annual`` (US dollars, latest annual),
        ``net_loss`` (float 1.0/0.0, NaN when unknown) and ``status``: ``"ok"``,
        ``"negative equity"``, ``"zero equity"`` or the reason there is no D/E.
    """
    index = _ticker_index(tickers)
    latest = statements.latest(date, lookback_months=lookback_months, columns=(
        "period_end", "publish_date", "statement", "total_debt", "total_liabilities", "total_equity")).reindex(index)
    annual = statements.latest(date, lookback_months=lookback_months, annual_only=True,
                               columns=("net_income",)).reindex(index)
    has_statement = latest["period_end"].notna().to_numpy()
    liabilities = latest["total_liabilities"].to_numpy()
    raw_debt = latest["total_debt"].to_numpy()
    equity = latest["total_equity"].to_numpy()
    debt_blank = np.isnan(raw_debt) & ~np.isnan(liabilities)
    debt = np.where(debt_blank, 0.0, raw_debt)
    status = np.select(
        [~has_statement, equity < 0, equity == 0, np.isnan(equity), np.isnan(debt)],
        [NO_STATEMENT, "negative equity", "zero equity", NO_EQUITY, NO_DEBT_DATA], default="ok",
    ).astype(object)
    ok = status == "ok"
    net_income = annual["net_income"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ok, debt / equity, np.nan)
    return pd.DataFrame({
        "period_end": latest["period_end"], "publish_date": latest["publish_date"],
        "statement": latest["statement"], "total_debt": debt, "total_equity": equity,
        "debt_to_equity": ratio, "debt_blank_as_zero": debt_blank,
        "net_income_annual": net_income,
        "net_loss": np.where(np.isnan(net_income), np.nan, (net_income < 0).astype("float64")),
        "status": status,
    }, index=index)


# --------------------------------------------------------------------------- quartiles
@dataclass(frozen=True)
class QuartileSpec:
    """What to rank by and over which windows (dates as ``pandas.Timestamp``).

    Attributes:
        rank_by: ``"leverage"`` (D/E at ``leverage_date``) or ``"return"`` (rank window return).
        rank_end: End of the rank window; the leverage date unless ``leverage_date`` is given.
        measure_start: Base date of the measure-window return.
        measure_end: End date of the measure-window return.
        rank_start: Base date of the rank window (required when ranking by return).
        leverage_date: Date of the point-in-time leverage (default ``rank_end``).
        lookback_months: How old a statement's period end may be, in months.
        max_stale_days: How old a close may be at a window end, in calendar days.
    """

    rank_by: RankBy
    rank_end: pd.Timestamp
    measure_start: pd.Timestamp
    measure_end: pd.Timestamp
    rank_start: pd.Timestamp | None = None
    leverage_date: pd.Timestamp | None = None
    lookback_months: int = LOOKBACK_MONTHS
    max_stale_days: int = MAX_STALE_DAYS

    def __post_init__(self):
        for name in ("rank_end", "measure_start", "measure_end", "rank_start", "leverage_date"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, pd.Timestamp(value).normalize())
        if self.rank_by not in ("leverage", "return"):
            raise LeverageInputError(f"rank_by must be 'leverage' or 'return', not {self.rank_by!r}")
        if self.rank_by == "return":
            if self.rank_start is None:
                raise LeverageInputError("ranking by return needs a rank start date")
            if self.rank_start >= self.rank_end:
                raise LeverageInputError(
                    f"rank start {self.rank_start:%Y-%m-%d} must be before rank end {self.rank_end:%Y-%m-%d}")
        if self.measure_start >= self.measure_end:
            raise LeverageInputError(f"measure start {self.measure_start:%Y-%m-%d} must be before "
                                     f"measure end {self.measure_end:%Y-%m-%d}")
        if self.lookback_months < 1 or self.max_stale_days < 0:
            raise LeverageInputError("lookback_months must be >= 1 and max_stale_days >= 0")

    @property
    def as_of_leverage(self) -> pd.Timestamp:
        """The date of the point-in-time leverage."""
        return self.leverage_date if self.leverage_date is not None else self.rank_end


@dataclass(frozen=True)
class GroupStats:
    """Summary of one group of stocks (a quartile or the negative-equity group).

    Attributes:
        label: ``"1"``..``"4"`` or ``"negative or zero equity"``.
        n: Stocks in the group.
        median_debt_to_equity: Median D/E (ratio) of those with one; None when none has.
        mean_return: Mean measure-window return (decimal); None when no stock has one.
        median_return: Median measure-window return (decimal).
        share_net_loss: Share (0..1) with a latest-annual net loss among those with known
            net income; None when unknown for all.
        rank_low: Lowest rank value in the group (D/E ratio or decimal return).
        rank_high: Highest rank value in the group.
        n_debt_to_equity: Stocks with a D/E.
        n_net_income: Stocks with a known latest-annual net income.
        n_return: Stocks with a measure-window return (all of a quartile; some of the
            negative-equity group).
        n_debt_blank: Stocks whose blank debt line was counted as zero (a leverage ranking's
            lowest quartile can be all of them: the return of companies that report no debt
            line, not of low borrowers that report one).
    """

    label: str
    n: int
    median_debt_to_equity: float | None
    mean_return: float | None
    median_return: float | None
    share_net_loss: float | None
    rank_low: float | None = None
    rank_high: float | None = None
    n_debt_to_equity: int = 0
    n_net_income: int = 0
    n_return: int = 0
    n_debt_blank: int = 0


@dataclass(frozen=True, eq=False)
class QuartileResult:
    """Four quartiles, the negative-equity group and what was left out.

    Attributes:
        spec: The request.
        members: Stocks in the universe (unique tickers).
        quartiles: Four :class:`GroupStats`, quartile 1 first.
        negative_equity: Every member with equity <= 0 at the leverage date; its return
            statistics cover those with a measure-window return (``n_return``).
        left_out: Reason -> number of members left out of the quartiles (see module rules).
        debt_blank_as_zero: Ranked stocks whose blank debt was counted as zero.
        table: One row per ranked stock: ``quartile, rank_value, debt_to_equity,
            debt_blank_as_zero, measure_return, net_loss, status``, indexed by ticker.
        negative_table: The negative-equity group's rows (same columns, ``quartile`` NaN), which
            a leverage ranking leaves out of ``table`` (a return ranking ranks them).
    """

    spec: QuartileSpec
    members: int
    quartiles: tuple[GroupStats, ...]
    negative_equity: GroupStats
    left_out: dict[str, int]
    debt_blank_as_zero: int
    table: pd.DataFrame = field(repr=False)
    negative_table: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def ranked(self) -> int:
        """Stocks placed in a quartile."""
        return sum(q.n for q in self.quartiles)

    def mostly_blank_debt(self) -> tuple[GroupStats, ...]:
        """The quartiles of a debt-to-equity ranking that stocks with a blank debt line (counted as
        zero) make up half or more of: their return is that of companies reporting no debt line,
        not of low borrowers that report one."""
        if self.spec.rank_by != "leverage":
            return ()
        return tuple(q for q in self.quartiles if q.n and 2 * q.n_debt_blank >= q.n)

    def to_records(self) -> list[dict]:
        """The four quartiles as JSON-ready dicts (ratios and decimal returns; None = unknown)."""
        return [
            {"quartile": int(q.label), "n": q.n, "median_debt_to_equity": q.median_debt_to_equity,
             "mean_return": q.mean_return, "median_return": q.median_return,
             "share_net_loss": q.share_net_loss, "debt_blank_as_zero": q.n_debt_blank}
            for q in self.quartiles
        ]


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _group(label: str, rows: pd.DataFrame, rank: pd.Series | None = None) -> GroupStats:
    returns, de, loss = rows["measure_return"].dropna(), rows["debt_to_equity"].dropna(), rows["net_loss"].dropna()
    return GroupStats(
        label=label, n=len(rows),
        median_debt_to_equity=_num(de.median()) if len(de) else None,
        mean_return=_num(returns.mean()) if len(returns) else None,
        median_return=_num(returns.median()) if len(returns) else None,
        share_net_loss=_num(loss.mean()) if len(loss) else None,
        rank_low=_num(rank.min()) if rank is not None and len(rank) else None,
        rank_high=_num(rank.max()) if rank is not None and len(rank) else None,
        n_debt_to_equity=len(de), n_net_income=len(loss), n_return=len(returns),
        n_debt_blank=int(rows["debt_blank_as_zero"].sum()) if "debt_blank_as_zero" in rows else 0,
    )


def _in_data(members: pd.Index, statements: Statements, prices: PriceHistory) -> np.ndarray:
    """Whether each member has any price or any statement."""
    return (prices.tickers.get_indexer(members) >= 0) | (statements.tickers.get_indexer(members) >= 0)


def assign_quartiles(values: pd.Series) -> pd.Series:
    """Quartile 1..4 per value: sorted by value then index label, position i -> floor(4i/n)+1."""
    order = np.lexsort((values.index.to_numpy(dtype=str), values.to_numpy(dtype="float64")))
    quartile = np.empty(len(values), dtype=np.int64)
    quartile[order] = np.arange(len(values)) * 4 // max(len(values), 1) + 1
    return pd.Series(quartile, index=values.index, name="quartile")


def compute_quartiles(
    tickers: Iterable[str], statements: Statements, prices: PriceHistory, spec: QuartileSpec
) -> QuartileResult:
    """Rank a universe into quartiles and summarise each (see the module rules).

    Args:
        tickers: The universe's members (duplicates and blanks ignored).
        statements: Prepared statements.
        prices: Prepared prices.
        spec: What to rank by and the windows.

    Returns:
        A :class:`QuartileResult`.

    Raises:
        LeverageInputError: fewer than four stocks can be ranked.
    """
    members = _members(tickers)
    table = leverage_table(statements, members, spec.as_of_leverage, lookback_months=spec.lookback_months)
    stale = spec.max_stale_days
    table["measure_return"] = prices.window_returns(members, spec.measure_start, spec.measure_end,
                                                    max_stale_days=stale).to_numpy()
    reasons = np.full(len(members), None, dtype=object)

    def leave_out(mask, why):
        reasons[(reasons == None) & np.asarray(mask)] = why  # noqa: E711 - elementwise

    leave_out(~_in_data(members, statements, prices), NOT_IN_DATA)
    status = table["status"].to_numpy()
    if spec.rank_by == "leverage":
        table["rank_value"] = table["debt_to_equity"]
        for why in (NO_STATEMENT, NO_EQUITY, NO_DEBT_DATA):  # (the status is the reason)
            leave_out(status == why, why)
        leave_out(np.isin(status, EQUITY_AT_OR_BELOW_ZERO), NEGATIVE_EQUITY)
    else:
        table["rank_value"] = prices.window_returns(members, spec.rank_start, spec.rank_end,
                                                    max_stale_days=stale).to_numpy()
        leave_out(table["rank_value"].isna(), NO_RANK_PRICES)
    leave_out(table["measure_return"].isna(), NO_MEASURE_PRICES)
    reason = pd.Series(reasons, index=members)
    eligible = table[reason.isna().to_numpy()]
    if len(eligible) < 4:
        why = "; ".join(f"{n} {r}" for r, n in reason.value_counts().items())
        span = prices.span()
        dates = f". The prices run from {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}" if span else ""
        raise LeverageInputError(f"only {len(eligible)} of {len(members)} stocks can be ranked; at least 4 are "
                                 f"needed. Left out: {why or 'none'}{dates}")
    quartile = assign_quartiles(eligible["rank_value"])
    ranked = eligible.assign(quartile=quartile)
    groups = tuple(_group(str(q), rows, rows["rank_value"]) for q, rows in ranked.groupby("quartile", sort=True))
    negative = table[table["status"].isin(EQUITY_AT_OR_BELOW_ZERO)]
    counts = reason.dropna().value_counts()
    order = [NOT_IN_DATA, NO_STATEMENT, NO_EQUITY, NO_DEBT_DATA, NEGATIVE_EQUITY, NO_RANK_PRICES, NO_MEASURE_PRICES]
    columns = ["quartile", "rank_value", "debt_to_equity", "debt_blank_as_zero", "measure_return", "net_loss", "status"]
    return QuartileResult(
        spec=spec, members=len(members), quartiles=groups,
        negative_equity=_group("negative or zero equity", negative),
        left_out={why: int(counts[why]) for why in order if why in counts.index},
        debt_blank_as_zero=int(ranked["debt_blank_as_zero"].sum()),
        table=ranked[columns].sort_values(["quartile", "rank_value"], kind="mergesort"),
        negative_table=negative.assign(quartile=float("nan"))[columns],
    )


# --------------------------------------------------------------------------- profile
@dataclass(frozen=True)
class UniverseProfile:
    """Coverage and leverage of a universe at one date.

    Attributes:
        as_of: The date.
        members: Unique tickers in the list.
        with_statement: Members with a statement in force (module rules).
        with_prices: Members with a close at most ``max_stale_days`` old at ``as_of``.
        not_in_data: Members with no prices and no statements at all.
        negative_equity: Members with equity <= 0 in the statement in force.
        debt_blank_as_zero: Members whose blank debt was counted as zero.
        share_net_loss: Share (0..1) with a net loss in the latest annual statement, among
            ``net_income_known``; None when unknown for all.
        net_income_known: Members with a latest annual net income.
        median_debt_to_equity: Median D/E (ratio) of members with positive equity.
    """

    as_of: pd.Timestamp
    members: int
    with_statement: int
    with_prices: int
    not_in_data: int
    negative_equity: int
    debt_blank_as_zero: int
    share_net_loss: float | None
    net_income_known: int
    median_debt_to_equity: float | None

    def to_record(self) -> dict:
        """JSON-ready dict (date as ``YYYY-MM-DD``)."""
        record = dict(self.__dict__)
        record["as_of"] = f"{self.as_of:%Y-%m-%d}"
        return record


def universe_profile(
    tickers: Iterable[str], statements: Statements, prices: PriceHistory, *, as_of,
    lookback_months: int = LOOKBACK_MONTHS, max_stale_days: int = MAX_STALE_DAYS,
) -> UniverseProfile:
    """Members, statement and price coverage, net-loss share and median D/E at ``as_of``."""
    members = _members(tickers)
    table = leverage_table(statements, members, as_of, lookback_months=lookback_months)
    closes, _ = prices.close_on_or_before(members, as_of, max_stale_days=max_stale_days)
    in_data = _in_data(members, statements, prices)
    loss = table["net_loss"].dropna()
    de = table["debt_to_equity"].dropna()
    return UniverseProfile(
        as_of=pd.Timestamp(as_of).normalize(), members=len(members),
        with_statement=int(table["status"].ne(NO_STATEMENT).sum()),
        with_prices=int(np.isfinite(closes).sum()), not_in_data=int((~in_data).sum()),
        negative_equity=int(table["status"].isin(EQUITY_AT_OR_BELOW_ZERO).sum()),
        debt_blank_as_zero=int(table["debt_blank_as_zero"].sum()),
        share_net_loss=_num(loss.mean()) if len(loss) else None, net_income_known=len(loss),
        median_debt_to_equity=_num(de.median()) if len(de) else None,
    )
