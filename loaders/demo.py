"""Deterministic synthetic data (the "demo source") for a machine with no network.

Everything is generated from one integer seed with :func:`numpy.random.default_rng` and is
always labelled demo: provenance source ``"demo (synthetic)"``, ``demo=True`` and location
``"synthetic:seed=<seed>"``. The data follow the conventions of the real loaders so that the
rest of the app cannot tell them apart except by that provenance:

- series: float64, named by the catalog key, on a sorted, unique ``DatetimeIndex`` named
  ``date``, no NaN. Rates, yields and spreads in percent (4.79 means 4.79%), rounded to 2 dp;
  index levels in points (2 dp); ETFs in USD (adjusted close, 6 dp); ``USREC`` 0/1 on
  month-start dates.
- calendars: weekdays from 1990-01-01 to 2025-12-31 for FRED-like daily series and indexes;
  every calendar day for ``DFF``, ``DFEDTAR``, ``DFEDTARU``, ``DFEDTARL`` (as FRED publishes
  them). ``DFEDTAR`` ends 2008-12-15 and the target range starts 2008-12-16; the ICE BofA
  spreads start 1996-12-31; FRED's ``SP500`` covers the last ten years; the ETFs start at
  their real inception dates.
- Ken French tables: ``dict[int, DataFrame]`` shaped like :mod:`loaders.famafrench` returns
  them (month-end, 31 December or daily dates; decimal returns; the library's column names;
  ``attrs`` title, unit and dataset; the unused ``<= 0`` size column is NaN in the return
  and firm-size tables and 0 in the firm counts, as the real loader gives it).

How the history is made (one story shared by every series):

1. A macro script: 3 or 4 recessions at random months (one of them severe) and a slowly
   drifting "neutral" policy rate.
2. A fed funds target path decided meeting by meeting (8 meetings a year): cuts of 25/50/75bp
   into and through recessions (down to the zero lower bound after the severe ones), long
   holds at the floor, hiking cycles in 25bp steps (some fast cycles with 50/75bp moves),
   occasional insurance cuts. ``DFF`` sits close to the target (the range midpoint later).
3. Yields from expected policy: the 3-month and 2-year yields average the *future* policy
   path over 3 months / about 2 years (so the curve inverts before recessions), the 10-year
   mixes the 2-year with the neutral rate plus a term premium. ``T10Y2Y`` is
   ``DGS10 - DGS2`` of the rounded values.
4. A latent credit-stress factor that jumps in each recession (and in a few scares outside
   them) drives the HY and IG spreads, ``BAA10Y``/``AAA10Y``, volatility and ``VIXCLS``.
5. Equity indexes are geometric random walks on one market shock whose volatility follows
   stress (its effect on the level fades with a half-life of about two years, so noise
   alone cannot produce an implausible bear market), plus a selloff in every recession and
   credit scare. Small and mid caps have a higher market beta and larger negative loadings
   on changes in the 2-year and 10-year yields and in the HY spread, so they fall further in
   recessions and lag when yields rise. Each index's 36-year growth is pinned near its real
   one. ETFs track their index (dividends included, small tracking error). Ken French
   returns are built from the same index returns.
6. A company universe (:mod:`loaders.demo_universe`) whose prices load on the same shocks,
   more strongly the more levered the company.

The whole bundle takes well under two seconds to build.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from loaders.base import Loaded, make_provenance, utcnow
from loaders.catalog import FAMAFRENCH_DATASETS, FRED_SERIES, INDEX_SERIES
from loaders.demo_universe import UniverseInputs, generate_universe

SOURCE = "demo (synthetic)"
DEFAULT_SEED = 20240918
START = pd.Timestamp("1990-01-01")
END = pd.Timestamp("2025-12-31")
RANGE_START = pd.Timestamp("2008-12-16")  # DFEDTARU/DFEDTARL begin; DFEDTAR ends the day before
CREDIT_START = pd.Timestamp("1996-12-31")  # first ICE BofA OAS observation
SP500_START = pd.Timestamp("2016-01-01")  # FRED only serves the last ten years of the S&P 500
PRICES_START = pd.Timestamp("2017-10-02")  # first day of the company price panel
NOTE = "synthetic demo data generated from a seed; not market data"

_MONTHS = (END.year - START.year) * 12 + END.month - START.month + 1
_FOMC_MONTHS = (1, 3, 5, 6, 7, 9, 10, 12)
_KF_SIZE_COLUMNS = [
    "<= 0", "Lo 30", "Med 40", "Hi 30", "Lo 20", "Qnt 2", "Qnt 3", "Qnt 4", "Hi 20",
    "Lo 10", "Dec 2", "Dec 3", "Dec 4", "Dec 5", "Dec 6", "Dec 7", "Dec 8", "Dec 9", "Hi 10",
]
_KF_FACTOR_COLUMNS = ["Mkt-RF", "SMB", "HML", "RF"]


@dataclass(frozen=True)
class IndexSpec:
    """How one equity index loads on the common shocks (returns are daily log returns).

    ``rate2``, ``rate10`` and ``hy`` are log-return responses to a change of one percentage
    point in the 2-year yield, the 10-year yield and the HY spread; ``small`` is the loading
    on a common small-cap factor; ``idio`` the daily volatility of the index's own noise.
    """

    start: float  # level on 1990-01-01
    end: float  # target level on 2025-12-31 (before seed noise)
    beta: float
    rate2: float
    rate10: float
    hy: float
    small: float
    idio: float


INDEXES: dict[str, IndexSpec] = {
    "GSPC": IndexSpec(353.40, 6500, 1.00, -0.010, -0.006, -0.008, 0.00, 0.0006),
    "RUI": IndexSpec(185.10, 3550, 1.02, -0.011, -0.006, -0.009, 0.10, 0.0010),
    "IXIC": IndexSpec(459.30, 21000, 1.18, -0.010, -0.020, -0.012, 0.00, 0.0040),
    "MID": IndexSpec(100.00, 3200, 1.10, -0.028, -0.010, -0.019, 0.50, 0.0025),
    "RUT": IndexSpec(168.30, 2400, 1.22, -0.045, -0.012, -0.028, 1.00, 0.0020),
    "SP600": IndexSpec(60.00, 1350, 1.18, -0.040, -0.012, -0.025, 0.90, 0.0025),
}

#: ETF -> (tracked index, inception date, first adjusted close, yearly dividend minus fees).
ETFS: dict[str, tuple[str, str, float, float]] = {
    "SPY": ("GSPC", "1993-01-29", 24.70, 0.018),
    "MDY": ("MID", "1995-05-04", 26.50, 0.012),
    "IWB": ("RUI", "2000-05-26", 47.10, 0.015),
    "IWM": ("RUT", "2000-05-26", 32.59, 0.011),
    "IJR": ("SP600", "2000-05-26", 9.70, 0.013),
}


@dataclass(frozen=True, eq=False)
class DemoBundle:
    """Everything the demo source serves, built by :func:`generate_demo`.

    Attributes:
        seed: The seed the bundle was generated from.
        series: One Series per key of ``catalog.FRED_SERIES`` and ``catalog.INDEX_SERIES``.
        famafrench: Ken French tables per dataset of ``catalog.FAMAFRENCH_DATASETS``.
        universe_members: Membership lists (``ticker, name, sector, weight``) by list name.
        fundamentals: Company statements, one row each (see :mod:`loaders.demo_universe`).
        prices: Long frame ``date, ticker, adj_close`` of daily adjusted prices.
        recessions: The recession months of the script, ``(first, last)`` month-start dates.
        generated_at: When the bundle was built (UTC), used as ``retrieved_at``.
        generation_seconds: How long :func:`generate_demo` took.
    """

    seed: int
    series: dict[str, pd.Series]
    famafrench: dict[str, dict[int, pd.DataFrame]]
    universe_members: dict[str, pd.DataFrame]
    fundamentals: pd.DataFrame
    prices: pd.DataFrame
    recessions: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()
    generated_at: datetime = field(default_factory=utcnow)
    generation_seconds: float = 0.0


def generate_demo(seed: int = DEFAULT_SEED) -> DemoBundle:
    """Build the whole synthetic dataset from ``seed`` (same seed, same data).

    Each part draws from its own child of ``numpy.random.SeedSequence(seed)``, so changing
    how one part is generated does not change the others.
    """
    started = time.perf_counter()
    seq = np.random.SeedSequence(int(seed))
    rng_macro, rng_rates, rng_credit, rng_equity, rng_ff, rng_universe = (
        np.random.default_rng(child) for child in seq.spawn(6)
    )
    days = pd.bdate_range(START, END, name="date")
    calendar = pd.date_range(START, END, name="date")

    macro = _macro_script(rng_macro)
    policy = _policy_rates(rng_rates, macro, days, calendar)
    credit = _credit(rng_credit, macro, days)
    equity = _equities(rng_equity, policy, credit, days)

    series = {**policy.series, **credit.series, **equity.series}
    series["USREC"] = _usrec(macro)
    series = {key: series[key] for key in [*FRED_SERIES, *INDEX_SERIES]}

    famafrench = _famafrench(rng_ff, equity, policy, days)
    window = days >= PRICES_START
    universe = generate_universe(
        rng_universe,
        UniverseInputs(
            dates=days[window],
            market=equity.log_returns["RUT"][window],
            rate_credit=equity.rate_credit_shock[window],
            vol_ratio=equity.vol_ratio[window],
            end=END,
        ),
    )
    recessions = tuple((_month_start(r.start), _month_start(r.end)) for r in macro.recessions)
    return DemoBundle(
        seed=int(seed), series=series, famafrench=famafrench,
        universe_members=universe.members, fundamentals=universe.fundamentals,
        prices=universe.prices, recessions=recessions,
        generation_seconds=time.perf_counter() - started,
    )


def demo_loaded(bundle: DemoBundle, key: str) -> Loaded:
    """One demo series as :class:`Loaded` (a copy, labelled demo); ``KeyError`` if unknown."""
    try:
        series = bundle.series[key]
    except KeyError:
        known = ", ".join(sorted(bundle.series))
        raise KeyError(f"no demo series {key!r}; known series keys: {known}") from None
    data = series.copy()
    return Loaded(data, _provenance(bundle, data))


def demo_famafrench_loaded(bundle: DemoBundle, dataset: str) -> Loaded:
    """One demo Ken French dataset (``dict[int, DataFrame]``, copies); ``KeyError`` if unknown."""
    try:
        tables = bundle.famafrench[dataset]
    except KeyError:
        known = ", ".join(sorted(bundle.famafrench))
        raise KeyError(f"no demo Ken French dataset {dataset!r}; known datasets: {known}") from None
    data = {number: table.copy() for number, table in tables.items()}
    return Loaded(data, _provenance(bundle, data[min(data)]))


def _provenance(bundle: DemoBundle, data: pd.Series | pd.DataFrame):
    return make_provenance(
        data, source=SOURCE, location=f"synthetic:seed={bundle.seed}",
        retrieved_at=bundle.generated_at, demo=True, note=NOTE,
    )


# --------------------------------------------------------------------------- numeric helpers
def ar1(innovations: np.ndarray, phi: float, x0: float = 0.0) -> np.ndarray:
    """``x[t] = phi * x[t-1] + innovations[t]`` with ``x[-1] = x0``, vectorised in blocks.

    Within a block ``x[j] = phi**j * (phi * carry + cumsum(u / phi**j))``; blocks are kept
    short enough that ``phi**-j`` stays below 1e50, so the result matches a plain loop to
    floating-point accuracy.
    """
    u = np.asarray(innovations, dtype=float)
    if phi == 0.0:
        return u.copy()
    out = np.empty_like(u)
    block = max(1, min(len(u), int(50.0 / -np.log10(abs(phi))) if abs(phi) < 1 else len(u)))
    powers = phi ** np.arange(block)
    carry = float(x0)
    for lo in range(0, len(u), block):
        hi = min(lo + block, len(u))
        p = powers[: hi - lo]
        out[lo:hi] = p * (phi * carry + np.cumsum(u[lo:hi] / p))
        carry = out[hi - 1]
    return out


def _ou(rng: np.random.Generator, n: int, sd: float, half_life: float,
        shocks: np.ndarray | None = None) -> np.ndarray:
    """Stationary AR(1) noise with standard deviation ``sd`` and a half-life in steps."""
    phi = 0.5 ** (1.0 / half_life)
    z = rng.standard_normal(n) if shocks is None else shocks
    return ar1(sd * np.sqrt(1.0 - phi * phi) * z, phi, x0=sd * rng.standard_normal())


def _forward_mean(values: np.ndarray, horizon: float) -> np.ndarray:
    """Exponentially weighted average of the *future* of ``values`` (time scale ``horizon``)."""
    a = np.exp(-1.0 / horizon)
    backwards = ar1((1.0 - a) * values[::-1], a, x0=values[-1])
    return backwards[::-1]


def _soft_floor(x: np.ndarray, floor: float, width: float) -> np.ndarray:
    """``max(x, floor)`` with a smooth corner of size ``width``."""
    return floor + width * np.logaddexp(0.0, (x - floor) / width)


def _smoothstep(t: np.ndarray, a: float, b: float) -> np.ndarray:
    s = np.clip((t - a) / max(b - a, 1.0), 0.0, 1.0)
    return s * s * (3.0 - 2.0 * s)


def _grid(x: float) -> float:
    """Round to the 25bp grid of policy rates."""
    return round(x * 4.0) / 4.0


def _month_start(month: int) -> pd.Timestamp:
    return pd.Timestamp(START.year + month // 12, month % 12 + 1, 1)


def _month_number(dates: pd.DatetimeIndex) -> np.ndarray:
    return (dates.year - START.year) * 12 + dates.month - 1


def _series(values: np.ndarray, index: pd.DatetimeIndex, key: str, decimals: int = 2) -> pd.Series:
    return pd.Series(np.round(np.asarray(values, dtype=float), decimals), index=index, name=key)


# --------------------------------------------------------------------------- macro script
@dataclass(frozen=True)
class _Recession:
    start: int  # first recession month (0 = January 1990)
    end: int  # last recession month, inclusive
    severity: float  # 0..1, scales the credit shock; the severe ones end at the zero bound
    zlb: bool


@dataclass(frozen=True)
class _Macro:
    recessions: tuple[_Recession, ...]
    neutral: np.ndarray  # neutral policy rate per month, percent


def _macro_script(rng: np.random.Generator) -> _Macro:
    count = int(rng.choice([3, 4]))
    for _ in range(10_000):
        starts = np.sort(rng.integers(6, _MONTHS - 30, count))
        lengths = rng.integers(2, 19, count)
        ends = starts + lengths - 1
        if (starts[1:] - ends[:-1] >= 54).all() and ends[-1] <= _MONTHS - 16:
            break
    severity = rng.uniform(0.5, 0.75, count)
    severe = rng.permutation(count)[:2]
    severity[severe[0]] = rng.uniform(0.9, 1.0)
    recessions = tuple(
        _Recession(int(s), int(e), float(v), bool(i in severe))
        for i, (s, e, v) in enumerate(zip(starts, ends, severity))
    )
    knots_at = np.arange(0, _MONTHS + 48, 48)
    base = np.array([6.0, 5.5, 5.0, 4.5, 4.0, 3.0, 2.5, 2.5, 3.0, 3.25])[: len(knots_at)]
    neutral = np.interp(np.arange(_MONTHS), knots_at, base + rng.normal(0.0, 0.3, len(base)))
    return _Macro(recessions, neutral)


def _usrec(macro: _Macro) -> pd.Series:
    months = pd.date_range(START, END, freq="MS", name="date")
    flag = np.zeros(len(months))
    for r in macro.recessions:
        flag[r.start : r.end + 1] = 1.0
    return pd.Series(flag, index=months, name="USREC")


# --------------------------------------------------------------------------- policy and yields
@dataclass(frozen=True)
class _Policy:
    series: dict[str, pd.Series]
    y2: np.ndarray  # unrounded yields on business days, percent
    y10: np.ndarray
    y3m: np.ndarray


def _fed_path(rng: np.random.Generator, macro: _Macro) -> pd.Series:
    """Upper end of the target (the point target before 2008-12-16), at each change date."""
    meetings = pd.date_range(START, END, freq="WOM-3WED")
    meetings = meetings[meetings.month.isin(_FOMC_MONTHS)]
    windows = []
    for r in macro.recessions:  # easing begins a little before the recession, ends after it
        windows.append((r.start - int(rng.integers(0, 5)), r.end + int(rng.integers(1, 5))))
    upper = _grid(macro.neutral[0] + rng.uniform(1.75, 2.5))
    mode, active, floor, peak, fast = "hold", None, upper, upper, False
    hold_until = hold_since = cuts_left = 0
    path = {START: upper}
    for day, month in zip(meetings, _month_number(meetings)):
        neutral = macro.neutral[month]
        current = next((i for i, (a, b) in enumerate(windows) if a <= month <= b), None)
        ahead = min([a - month for a, _ in windows if a > month], default=10_000)
        before = upper
        if current is not None and active != current:
            active, mode = current, "ease"
            cut = rng.uniform(2.0, 3.5)
            r = macro.recessions[current]
            floor = 0.25 if (r.zlb or upper - cut < 1.0) else _grid(upper - cut)
        if mode == "ease" and upper > floor:
            # Into and through the recession, and on until the floor is reached.
            severity = macro.recessions[active].severity
            p50, p75 = 0.2 + 0.4 * severity, 0.1 + 0.2 * severity
            step = rng.choice([0.25, 0.5, 0.75], p=[1.0 - p50 - p75, p50, p75])
            upper = max(floor, upper - step)
        elif current is None:
            if mode == "ease":
                months = rng.integers(18, 49) if upper <= 0.25 else rng.integers(6, 19)
                mode, hold_until = "low", month + int(months)
            if mode == "low" and month >= hold_until and ahead > 12:
                mode, fast = "hike", bool(rng.random() < 0.35)
                peak = _grid(max(upper + 1.0, neutral + rng.uniform(0.25, 1.75)))
            if mode == "hike":
                if ahead <= 8 or upper >= peak:
                    mode, hold_since = "hold", month
                elif fast and rng.random() < 0.9:
                    upper = min(peak, upper + rng.choice([0.25, 0.5, 0.75], p=[0.3, 0.45, 0.25]))
                elif not fast and rng.random() < 0.75:
                    upper = min(peak, upper + 0.25)
            elif mode == "hold" and month - hold_since >= 9 and ahead > 18:
                # Between recessions: insurance cuts when policy is above neutral, another
                # hiking cycle when it is below; either can happen, which keeps cycles coming.
                gap = upper - neutral
                p_cut = 0.03 + 0.04 * max(gap, 0.0) if upper > 1.0 else 0.0
                p_hike = 0.03 + 0.04 * max(-gap, 0.0)
                draw = rng.random()
                if draw < p_cut:
                    mode, cuts_left = "adjust", int(rng.integers(2, 5))
                elif draw < p_cut + p_hike:
                    mode, fast = "hike", bool(rng.random() < 0.2)
                    peak = _grid(min(upper + rng.uniform(0.75, 2.25), neutral + 2.5))
            if mode == "adjust" and rng.random() < 0.8:
                upper = max(0.25, upper - 0.25)
                cuts_left -= 1
                if cuts_left == 0:
                    mode, hold_since = "hold", month
        if upper != before:
            path[day] = upper
    return pd.Series(path, dtype=float)


def _policy_rates(rng: np.random.Generator, macro: _Macro, days: pd.DatetimeIndex,
                  calendar: pd.DatetimeIndex) -> _Policy:
    path = _fed_path(rng, macro)
    steps = np.searchsorted(path.index.to_numpy(), calendar.to_numpy(), side="right") - 1
    upper = path.to_numpy()[steps]
    lower = upper - 0.25
    is_range = calendar >= RANGE_START
    n_cal = len(calendar)

    # Effective rate: noisy around the point target (month-end spikes) before the range,
    # a few basis points above the floor at the zero bound, near the midpoint otherwise.
    spikes = (calendar.is_month_end & (rng.random(n_cal) < 0.35)) * rng.uniform(0.05, 0.3, n_cal)
    dff_point = upper + rng.normal(0.0, 0.05, n_cal) + _ou(rng, n_cal, 0.04, 5) + spikes
    zlb_spread = np.clip(0.10 + _ou(rng, n_cal, 0.04, 120), 0.04, 0.20)
    mid_spread = np.clip(0.08 + _ou(rng, n_cal, 0.015, 30), 0.02, 0.20)
    dff_range = lower + np.where(upper <= 0.25, zlb_spread, mid_spread)
    dff = np.where(is_range, dff_range, np.maximum(dff_point, 0.03))

    # Yields on business days from the expected policy path.
    on_day = calendar.get_indexer(days)
    mid = np.where(is_range, upper - 0.125, upper)[on_day]
    months = _month_number(days)
    neutral = macro.neutral[months]
    n = len(days)
    z2, z10 = rng.standard_normal(n), rng.standard_normal(n)
    y3m = 0.15 * mid + 0.85 * _forward_mean(mid, 30) - 0.06 + _ou(rng, n, 0.05, 10)
    y3m = _soft_floor(y3m, 0.0, 0.02)
    y2 = 0.2 * mid + 0.8 * _forward_mean(mid, 180) + 0.15 + _ou(rng, n, 0.28, 40, z2)
    y2 = _soft_floor(y2, 0.08, 0.08)
    years = (days - START).days.to_numpy() / 365.25
    term_premium = 1.3 - 0.8 * years / 36.0 + _ou(rng, n, 0.3, 250)
    fast10 = _ou(rng, n, 0.2, 30, 0.6 * z2 + 0.8 * z10)
    y10 = _soft_floor(0.3 * y2 + 0.7 * (neutral + term_premium) + fast10, 0.5, 0.2)

    dgs10, dgs2 = np.round(y10, 2), np.round(y2, 2)
    series = {
        "DGS10": _series(dgs10, days, "DGS10"),
        "DGS2": _series(dgs2, days, "DGS2"),
        "DGS3MO": _series(np.maximum(y3m, 0.0), days, "DGS3MO"),
        "T10Y2Y": _series(dgs10 - dgs2, days, "T10Y2Y"),
        "DFF": _series(dff, calendar, "DFF"),
        "DFEDTAR": _series(upper[~is_range], calendar[~is_range], "DFEDTAR"),
        "DFEDTARU": _series(upper[is_range], calendar[is_range], "DFEDTARU"),
        "DFEDTARL": _series(lower[is_range], calendar[is_range], "DFEDTARL"),
    }
    return _Policy(series, y2, y10, y3m)


# --------------------------------------------------------------------------- credit and volatility
@dataclass(frozen=True)
class _Credit:
    series: dict[str, pd.Series]
    stress: np.ndarray  # latent stress factor, about 0 in calm times and 0.5..1 in recessions
    hy: np.ndarray  # unrounded HY spread on every business day since 1990, percent
    selloff: np.ndarray  # log fall in equity prices the same episodes cause (same timing)


def _bump(t: np.ndarray, rise_from: float, peak: float, decay: float, size: float) -> np.ndarray:
    """Smooth rise to ``size`` at ``peak``, then exponential decay with time scale ``decay``."""
    up = _smoothstep(t, rise_from, peak)
    down = np.exp(-np.maximum(t - peak, 0.0) / decay)
    return size * up * down


def _credit(rng: np.random.Generator, macro: _Macro, days: pd.DatetimeIndex) -> _Credit:
    n = len(days)
    t = np.arange(n, dtype=float)
    months = _month_number(days)
    first_day = np.searchsorted(months, np.arange(_MONTHS + 1))  # first business day per month
    stress = _ou(rng, n, 0.08, 250)
    selloff = np.zeros(n)
    busy = np.zeros(n, dtype=bool)
    for r in macro.recessions:
        start, end = first_day[r.start], first_day[r.end + 1] - 1
        peak = start + rng.uniform(0.4, 1.1) * (end - start) + 20
        rise_from = start - rng.uniform(40, 120)
        decay = rng.uniform(80, 200)
        stress += r.severity * _bump(t, rise_from, peak, decay, 1.0)
        # Stocks fall faster than spreads widen and bottom earlier; even a mild recession
        # brings a bear market.
        trough = start + rng.uniform(0.2, 0.7) * (end - start) + 10
        fall_from = start - rng.uniform(20, 80)
        selloff += (0.18 + 0.2 * r.severity) * _bump(t, fall_from, trough, decay, 1.0)
        busy[max(0, int(rise_from) - 250) : int(peak) + 500] = True
    for _ in range(int(rng.integers(2, 5))):  # credit scares outside recessions
        candidates = np.flatnonzero(~busy[: n - 120])
        if len(candidates) == 0:
            break
        peak = float(rng.choice(candidates))
        size = rng.uniform(0.15, 0.35)
        shape = _bump(t, peak - rng.uniform(20, 60), peak, rng.uniform(30, 90), 1.0)
        stress += size * shape
        selloff += 0.4 * size * shape
        busy[max(0, int(peak) - 250) : int(peak) + 250] = True

    hy = np.exp(np.log(3.7) + 1.45 * stress + _ou(rng, n, 0.05, 15))
    ig = _soft_floor(0.30 + 0.20 * hy + _ou(rng, n, 0.04, 20), 0.45, 0.05)
    z_baa = rng.standard_normal(n)
    baa = 1.05 + 0.22 * hy + _ou(rng, n, 0.12, 60, z_baa)
    z_aaa = 0.7 * z_baa + 0.71 * rng.standard_normal(n)  # the two spreads move together
    aaa = _soft_floor(0.45 + 0.08 * hy + _ou(rng, n, 0.12, 60, z_aaa), 0.2, 0.05)
    credit_days = days >= CREDIT_START
    series = {
        "BAMLH0A0HYM2": _series(hy[credit_days], days[credit_days], "BAMLH0A0HYM2"),
        "BAMLC0A0CM": _series(ig[credit_days], days[credit_days], "BAMLC0A0CM"),
        "BAA10Y": _series(baa, days, "BAA10Y"),
        "AAA10Y": _series(aaa, days, "AAA10Y"),
    }
    return _Credit(series, stress, hy, selloff)


# --------------------------------------------------------------------------- equities
@dataclass(frozen=True)
class _Equity:
    series: dict[str, pd.Series]
    levels: dict[str, np.ndarray]  # unrounded index levels on business days
    log_returns: dict[str, np.ndarray]  # daily log returns (0 on the first day)
    rate_credit_shock: np.ndarray  # -(2y, 10y and HY changes), in log-return units
    vol_ratio: np.ndarray  # market volatility relative to a calm day


def _equities(rng: np.random.Generator, policy: _Policy, credit: _Credit,
              days: pd.DatetimeIndex) -> _Equity:
    n = len(days)
    stress = np.maximum(credit.stress, 0.0)
    z = rng.standard_t(5, n) / np.sqrt(5.0 / 3.0)
    # Volatility state: rises after down days (leverage effect), and with credit stress.
    vol_state = ar1(-0.06 * z + 0.03 * rng.standard_normal(n), 0.97)
    calm_vol = 0.0075
    stress_mult = 1.0 + 0.6 * stress + 1.0 * stress**2  # realised volatility
    implied_mult = 1.0 + 1.3 * stress + 1.3 * stress**2  # implied: the premium grows in stress
    sigma = calm_vol * stress_mult * np.exp(np.concatenate([[0.0], vol_state[:-1]]))
    vix = 100 * np.sqrt(252) * calm_vol * implied_mult * np.exp(vol_state) * 1.05 + 2.5
    vix = _soft_floor(vix + _ou(rng, n, 0.8, 10), 9.0, 0.5)
    vix = -_soft_floor(-vix, -88.0, 4.0)  # and a soft ceiling: the real VIX closed at most 82.69

    d2 = np.diff(policy.y2, prepend=policy.y2[0])
    d10 = np.diff(policy.y10, prepend=policy.y10[0])
    dhy = np.diff(credit.hy, prepend=credit.hy[0])
    # Market shocks fade slowly (half-life about two years) instead of adding up forever, so
    # 36 years of noise alone cannot wander into an implausible bear market; the recession
    # selloffs and the rate and credit terms below come on top.
    drift_free = ar1(sigma * z, 0.5 ** (1 / 504))
    market = np.diff(drift_free, prepend=0.0) - np.diff(credit.selloff, prepend=0.0)
    small = rng.normal(0.0, 0.003, n) * np.sqrt(stress_mult)
    tech = rng.normal(0.0, 0.005, n) * np.sqrt(stress_mult)

    levels, log_returns = {}, {}
    common_luck = rng.normal(0.0, 0.15)  # how the whole market did over 36 years
    for key, spec in INDEXES.items():
        r = (spec.beta * market + spec.rate2 * d2 + spec.rate10 * d10 + spec.hy * dhy
             + spec.small * small + spec.idio * rng.standard_normal(n))
        if key == "IXIC":
            r = r + tech
        r[0] = 0.0
        own_luck = rng.normal(0.0, 0.03 if key in ("GSPC", "RUI") else 0.10)
        target = np.log(spec.end / spec.start) + common_luck + own_luck
        r[1:] += (target - r.sum()) / (n - 1)  # pin the 36-year growth, keep every shock
        log_returns[key] = r
        levels[key] = spec.start * np.exp(np.cumsum(r))

    series = {key: _series(levels[key], days, key) for key in INDEXES}
    series["NASDAQCOM"] = series["IXIC"].rename("NASDAQCOM")
    series["SP500"] = series["GSPC"].loc[SP500_START:].rename("SP500")
    series["VIXCLS"] = _series(vix, days, "VIXCLS")
    years = (days - START).days.to_numpy() / 365.25
    for etf, (index_key, inception, first_price, carry) in ETFS.items():
        live = days >= pd.Timestamp(inception)
        first = int(np.argmax(live))
        tracking = _ou(rng, n, 0.0015, 5)
        value = levels[index_key] * np.exp(carry * years + tracking)
        series[etf] = _series(value[live] * first_price / value[first], days[live], etf, decimals=6)

    shock = -(0.02 * d2 + 0.01 * d10 + 0.025 * dhy)
    return _Equity(series, levels, log_returns, shock, stress_mult * np.exp(vol_state))


# --------------------------------------------------------------------------- Ken French
#: Value-weighted size deciles as extrapolations between the large-cap and small-cap index:
#: weight on (small - large), extra monthly noise and yearly dividend yield.
_DECILE_TILT = np.array([1.45, 1.30, 1.15, 1.00, 0.85, 0.70, 0.55, 0.38, 0.20, -0.05])
_DECILE_NOISE = np.array([0.022, 0.015, 0.012, 0.010, 0.009, 0.008, 0.007, 0.006, 0.005, 0.003])
_DECILE_YIELD = np.linspace(0.008, 0.020, 10)
_DECILE_FIRMS = np.array([1150, 460, 300, 290, 245, 210, 188, 182, 173, 165], dtype=float)
_DECILE_SIZE = np.array([110, 520, 1000, 1700, 2700, 4000, 6300, 11300, 23000, 131000], dtype=float)
_GROUPS = {  # Ken French group -> deciles it spans (0-based)
    "Lo 30": [0, 1, 2], "Med 40": [3, 4, 5, 6], "Hi 30": [7, 8, 9],
    "Lo 20": [0, 1], "Qnt 2": [2, 3], "Qnt 3": [4, 5], "Qnt 4": [6, 7], "Hi 20": [8, 9],
}


def _famafrench(rng: np.random.Generator, equity: _Equity, policy: _Policy,
                days: pd.DatetimeIndex) -> dict[str, dict[int, pd.DataFrame]]:
    simple = {k: np.expm1(v) for k, v in equity.log_returns.items()}
    daily = pd.DataFrame(simple, index=days)
    rf = np.round(np.concatenate([[policy.y3m[0]], policy.y3m[:-1]]) / 100 / 252, 5)
    market = 0.80 * daily["GSPC"] + 0.12 * daily["MID"] + 0.08 * daily["RUT"] + 0.017 / 252
    small_minus_big = 0.5 * (daily["RUT"] + daily["SP600"]) - daily["GSPC"]
    smb = 0.85 * small_minus_big + rng.normal(0, 0.0015, len(days))
    # Value: its own noise, and a little help from rising long yields.
    hml = rng.normal(0.0, 0.0055, len(days)) + 0.02 * np.diff(policy.y10, prepend=policy.y10[0])
    factors_daily = pd.DataFrame(
        {"Mkt-RF": market - rf, "SMB": smb, "HML": hml, "RF": rf}, index=days
    ).iloc[1:]  # the first day has no previous close
    factors_daily = factors_daily.round({"Mkt-RF": 4, "SMB": 4, "HML": 4, "RF": 5})

    months = days.to_period("M")[1:]
    gross = (1.0 + factors_daily).groupby(months).prod()
    total = (1.0 + factors_daily["Mkt-RF"] + factors_daily["RF"]).groupby(months).prod()
    factors_monthly = pd.DataFrame({
        "Mkt-RF": total - gross["RF"], "SMB": gross["SMB"] - 1.0,
        "HML": gross["HML"] - 1.0, "RF": gross["RF"] - 1.0,
    }).round(4)
    factors_monthly.index = _month_end(factors_monthly.index)
    factors_annual = _annual(factors_monthly, excess="Mkt-RF")

    # Size portfolios: monthly index returns, extrapolated by size.
    month_end_levels = pd.DataFrame(equity.levels, index=days).groupby(days.to_period("M")).last()
    first_levels = pd.DataFrame(equity.levels, index=days).iloc[0]
    monthly = month_end_levels.pct_change()
    monthly.iloc[0] = month_end_levels.iloc[0] / first_levels - 1.0
    large, small = monthly["GSPC"].to_numpy(), 0.5 * (monthly["RUT"] + monthly["SP600"]).to_numpy()
    count = len(monthly)
    index = _month_end(monthly.index)

    def deciles(tilt, noise):
        base = large[:, None] + tilt[None, :] * (small - large)[:, None] + _DECILE_YIELD / 12
        return base + rng.standard_normal((count, 10)) * noise

    vw = deciles(_DECILE_TILT, _DECILE_NOISE)
    ew = deciles(_DECILE_TILT + 0.15, _DECILE_NOISE * 1.3)
    firm_drift = np.cumsum(rng.normal(-0.0005, 0.004, (count, 10)), axis=0)
    firms = np.round(_DECILE_FIRMS * np.exp(firm_drift))
    size = _DECILE_SIZE[None, :] * np.cumprod(1.0 + vw, axis=0) / np.cumprod(1.0 + vw, axis=0)[-1]
    vw_table = _size_table(vw, size * firms, index)
    ew_table = _size_table(ew, firms, index)
    firms_table = _size_table(firms, None, index, first=0.0, total=True)
    size_table = _size_table(size, firms, index, total=False).round(2)

    vw_table, ew_table = vw_table.round(4), ew_table.round(4)
    annual_title = "Weight Returns -- Annual from January to December"
    tables = {
        "Portfolios_Formed_on_ME": {
            0: _titled(vw_table, "Average Value Weight Returns -- Monthly"),
            1: _titled(ew_table, "Average Equal Weighted Returns -- Monthly"),
            2: _titled(_annual(vw_table), f"Value {annual_title}"),
            3: _titled(_annual(ew_table), f"Equal {annual_title}"),
            4: _titled(firms_table, "Number of Firms in Portfolios", "count"),
            5: _titled(size_table, "Average Firm Size", "usd million"),
        },
        "F-F_Research_Data_Factors": {
            0: _titled(factors_monthly, "F-F Research Data Factors"),
            1: _titled(factors_annual, "Annual Factors: January-December"),
        },
        "F-F_Research_Data_Factors_daily": {
            0: _titled(factors_daily, "F-F Research Data Factors daily"),
        },
    }
    for dataset, group in tables.items():
        for table in group.values():
            table.attrs["dataset"] = dataset
    return {name: tables[name] for name in FAMAFRENCH_DATASETS}


def _size_table(values: np.ndarray, weights: np.ndarray | None, index: pd.DatetimeIndex, *,
                first: float = np.nan, total: bool = False) -> pd.DataFrame:
    """Decile values plus the Ken French groups (weighted mean, or sum when ``total``)."""
    columns = {"<= 0": np.full(len(index), first)}
    for group, members in _GROUPS.items():
        part = values[:, members]
        if total:
            columns[group] = part.sum(axis=1)
        else:
            w = np.ones_like(part) if weights is None else weights[:, members]
            columns[group] = (part * w).sum(axis=1) / w.sum(axis=1)
    for i, name in enumerate(_KF_SIZE_COLUMNS[9:]):
        columns[name] = values[:, i]
    return pd.DataFrame(columns, index=index)[_KF_SIZE_COLUMNS]


def _month_end(periods: pd.PeriodIndex) -> pd.DatetimeIndex:
    return periods.to_timestamp(how="end").normalize().rename("date")


def _annual(monthly: pd.DataFrame, excess: str | None = None) -> pd.DataFrame:
    """Compound monthly decimal returns per calendar year, dated 31 December."""
    years = monthly.index.year
    gross = (1.0 + monthly).groupby(years).prod(min_count=1)  # an all-NaN column stays NaN
    if excess is None:
        out = gross - 1.0
    else:
        total = (1.0 + monthly[excess] + monthly["RF"]).groupby(years).prod()
        out = gross - 1.0
        out[excess] = total - gross["RF"]
    out.index = pd.DatetimeIndex([pd.Timestamp(y, 12, 31) for y in out.index], name="date")
    return out.round(4)


def _titled(table: pd.DataFrame, title: str, unit: str = "decimal") -> pd.DataFrame:
    table = table.astype("float64")
    table.index.name = "date"
    table.attrs.update(title=title, unit=unit)
    return table
