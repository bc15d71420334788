"""Synthetic company universe for the demo source (see :mod:`loaders.demo`).

About 600 made-up small caps (tickers ``DM001``..``DM600``) shaped like the real
``universe/`` snapshot so the leverage-quartile analysis runs on a machine with no network:

- ``members``: ``{"demo_smallcap": DataFrame[ticker, name, sector, weight]}`` at the end of
  2025; weight in percent of the list, sorted largest first, sectors named as iShares names
  them (GICS). Companies whose market cap outgrew the small-cap band have left the list (as
  they leave a real small-cap index); companies without prices stay on it.
- ``fundamentals``: one row per statement with the columns of ``universe/fundamentals.csv``:
  quarterly statements (Q1..Q4) and an annual one (``fiscal_period`` "Q4") for fiscal years
  2015..2025, published 30 to 90 days after the period end; only statements published by
  2025-12-31 are kept. Sectors as SimFin names them. Amounts in USD, rounded to thousands.
  A few companies have negative equity, some never report a debt line (blank ``total_debt``)
  and a few miss it in some statements, many report losses.
- ``prices``: long frame ``date, ticker (category), adj_close`` on business days from
  2017-10-02; some companies list later, and a few tickers have no prices at all.

Prices load on the demo's own small-cap index return and on its rate/credit shock (minus the
changes in the 2-year and 10-year yields and the HY spread), the latter more strongly the
higher the company's debt-to-equity ratio: levered stocks fall harder when yields and spreads
jump and rebound harder when they fall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

COMPANIES = 600
NO_PRICE_TICKERS = 3
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2015, 2025
MEMBER_LIST = "demo_smallcap"
GRADUATION_MULTIPLE = 15.0  # a member's market cap is at most this many times the median

FUNDAMENTAL_COLUMNS = [
    "ticker", "fiscal_year", "fiscal_period", "period_end", "publish_date", "shares_basic",
    "total_debt", "total_liabilities", "total_equity", "net_income", "statement", "cik", "sector",
]

#: GICS sector (membership lists) -> (share of companies, SimFin sector, median debt/equity).
SECTORS: dict[str, tuple[float, str, float]] = {
    "Health Care": (0.21, "Healthcare", 0.35),
    "Industrials": (0.15, "Industrials", 0.65),
    "Information Technology": (0.12, "Technology", 0.30),
    "Consumer Discretionary": (0.11, "Consumer Cyclical", 0.75),
    "Financials": (0.09, "Financial Services", 0.90),
    "Real Estate": (0.07, "Real Estate", 1.20),
    "Energy": (0.07, "Energy", 0.60),
    "Materials": (0.05, "Basic Materials", 0.50),
    "Communication": (0.05, "Business Services", 0.80),
    "Consumer Staples": (0.05, "Consumer Defensive", 0.60),
    "Utilities": (0.03, "Utilities", 1.30),
}

#: Coined words, so that no made-up name reads like a real company's.
_PREFIXES = (
    "ALVESTRA", "BRIMCOTE", "CASTRELL", "DORVANTE", "ELKMOOR", "FARROWAY", "GILDRETH",
    "HASKELDA", "IVORLANE", "JESMONDA", "KESTRAVE", "LORIMAX", "MARLOWEN", "NORVELLE",
    "OSTRAVEN", "PELLINOR", "QUENTARA", "ROSKELD", "SELVARRA", "TAMBRIDGE", "ULVERSTAN",
    "VARDELLE", "WESTMARCH", "XYLARION", "YORVANE", "ZELLIGAN",
)
_STEMS: dict[str, tuple[str, ...]] = {
    "Health Care": ("THERAPEUTICS", "BIOSCIENCES", "MEDICAL", "PHARMA", "HEALTH", "DIAGNOSTICS"),
    "Industrials": ("INDUSTRIES", "MACHINERY", "AEROSPACE", "LOGISTICS", "ENGINEERING", "FREIGHT"),
    "Information Technology": (
        "SYSTEMS", "SOFTWARE", "SEMICONDUCTOR", "NETWORKS", "DATA", "DIGITAL",
    ),
    "Consumer Discretionary": ("BRANDS", "RETAIL", "HOMES", "OUTDOOR", "APPAREL", "LEISURE"),
    "Financials": ("FINANCIAL", "CAPITAL", "PAYMENTS", "LENDING", "ASSET MANAGEMENT", "CREDIT"),
    "Real Estate": ("REALTY", "PROPERTIES", "REIT", "RESIDENTIAL", "OFFICE TRUST", "STORAGE"),
    "Energy": ("ENERGY", "PETROLEUM", "MIDSTREAM", "OILFIELD", "RESOURCES", "DRILLING"),
    "Materials": ("MATERIALS", "CHEMICAL", "STEEL", "MINING", "PACKAGING", "MINERALS"),
    "Communication": ("MEDIA", "COMMUNICATIONS", "BROADCASTING", "TELECOM", "INTERACTIVE", "GAMES"),
    "Consumer Staples": ("FOODS", "BEVERAGE", "FARMS", "GROCERS", "HOUSEHOLD", "NUTRITION"),
    "Utilities": ("POWER", "WATER", "GAS", "ELECTRIC", "UTILITIES", "RENEWABLES"),
}
_SUFFIXES = ("INC", "CORP", "HOLDINGS INC", "GROUP INC", "CO", "LTD")


@dataclass(frozen=True)
class UniverseInputs:
    """Market inputs on the price dates, taken from the demo's index model.

    Attributes:
        dates: Business days of the price panel.
        market: Daily log return of the small-cap index.
        rate_credit: Daily rate/credit shock in log-return units (negative when yields or
            spreads rise).
        vol_ratio: Market volatility relative to a calm day (scales idiosyncratic noise).
        end: Last date of the dataset (statements published later are dropped).
    """

    dates: pd.DatetimeIndex
    market: np.ndarray
    rate_credit: np.ndarray
    vol_ratio: np.ndarray
    end: pd.Timestamp


@dataclass(frozen=True)
class Universe:
    """What :func:`generate_universe` returns."""

    members: dict[str, pd.DataFrame]
    fundamentals: pd.DataFrame
    prices: pd.DataFrame


@dataclass(frozen=True)
class _Companies:
    """One entry per company (arrays of length ``COMPANIES``)."""

    tickers: np.ndarray
    names: np.ndarray
    sectors: np.ndarray  # GICS
    simfin_sectors: np.ndarray
    cik: np.ndarray
    price0: np.ndarray  # first price
    shares: np.ndarray  # shares outstanding at the start
    book: np.ndarray  # book equity at the start, > 0
    debt_to_equity: np.ndarray  # typical ratio (for negative equity: debt / |equity|)
    negative_equity: np.ndarray  # bool
    no_debt_line: np.ndarray  # bool: total_debt is always blank
    roe: np.ndarray  # typical yearly return on equity
    fiscal_year_end: np.ndarray  # month 1..12
    listing: np.ndarray  # index of the first price date
    has_prices: np.ndarray  # bool
    leverage_score: np.ndarray  # 0 (no debt) .. 1.2 (negative equity), drives rate/credit beta


def generate_universe(rng: np.random.Generator, inputs: UniverseInputs) -> Universe:
    """Build members, fundamentals and prices for the demo universe."""
    companies = _companies(rng, len(inputs.dates))
    prices, last_price = _prices(rng, companies, inputs)
    fundamentals = _fundamentals(rng, companies, inputs.end)
    members = {MEMBER_LIST: _members(companies, fundamentals, last_price)}
    return Universe(members, fundamentals, prices)


def _companies(rng: np.random.Generator, days: int) -> _Companies:
    n = COMPANIES
    gics = list(SECTORS)
    shares_of = np.array([SECTORS[s][0] for s in gics])
    sector_index = rng.choice(len(gics), size=n, p=shares_of / shares_of.sum())
    sectors = np.array(gics, dtype=object)[sector_index]
    simfin = np.array([SECTORS[s][1] for s in gics], dtype=object)[sector_index]

    names = np.empty(n, dtype=object)
    for i, sector in enumerate(gics):
        rows = np.flatnonzero(sector_index == i)
        combos = [f"{p} {s} {x}" for p in _PREFIXES for s in _STEMS[sector] for x in _SUFFIXES]
        names[rows] = [combos[k] for k in rng.choice(len(combos), size=len(rows), replace=False)]

    market_cap = np.clip(rng.lognormal(np.log(1.2e9), 0.8, n), 1.5e8, 1.2e10)
    price0 = np.clip(rng.lognormal(np.log(25.0), 0.8, n), 2.0, 400.0)
    shares = np.round(market_cap / price0, -3)
    book = market_cap / rng.lognormal(np.log(1.8), 0.5, n)
    median_de = np.array([SECTORS[s][2] for s in gics])[sector_index]
    debt_to_equity = np.clip(median_de * rng.lognormal(0.0, 0.75, n), 0.01, 8.0)

    order = rng.permutation(n)
    negative_equity = np.zeros(n, dtype=bool)
    negative_equity[order[:18]] = True  # 3%
    no_debt_line = np.zeros(n, dtype=bool)
    no_debt_line[order[18:54]] = True  # 6%: never report a debt line
    debt_to_equity[negative_equity] = rng.uniform(1.5, 4.0, negative_equity.sum())
    leverage = np.clip(np.log1p(debt_to_equity) / np.log1p(4.0), 0.0, 1.2)
    leverage[negative_equity] = 1.2
    leverage[no_debt_line] = 0.0

    listing = np.zeros(n, dtype=int)
    late = order[54:90]  # 6% list after the panel starts
    listing[late] = rng.integers(60, days - 250, len(late))
    has_prices = np.ones(n, dtype=bool)
    has_prices[order[90 : 90 + NO_PRICE_TICKERS]] = False

    return _Companies(
        tickers=np.array([f"DM{i + 1:03d}" for i in range(n)], dtype=object),
        names=names, sectors=sectors, simfin_sectors=simfin,
        cik=9_900_000.0 + 7.0 * np.arange(1, n + 1) + rng.integers(0, 7, n),
        price0=price0, shares=shares, book=book, debt_to_equity=debt_to_equity,
        negative_equity=negative_equity, no_debt_line=no_debt_line,
        roe=rng.normal(0.06, 0.09, n),
        fiscal_year_end=rng.choice([12, 6, 9, 3], size=n, p=[0.75, 0.10, 0.08, 0.07]),
        listing=listing, has_prices=has_prices, leverage_score=leverage,
    )


def _prices(
    rng: np.random.Generator, c: _Companies, inputs: UniverseInputs
) -> tuple[pd.DataFrame, np.ndarray]:
    """Long price frame, and each company's last price (its first price when it has none)."""
    days, n = len(inputs.dates), COMPANIES
    beta = 0.75 + 0.35 * c.leverage_score + rng.normal(0.0, 0.12, n)
    tilt = 0.2 + 1.4 * c.leverage_score + rng.normal(0.0, 0.1, n)
    tilt -= tilt.mean()  # the average stock moves like the index; leverage decides the rest
    idio = np.clip(rng.lognormal(np.log(0.021), 0.3, n), 0.008, 0.05)
    drift = rng.normal(0.0, 0.10, n) / 252
    noise = rng.standard_t(4, (days, n)).astype(np.float32) / np.float32(np.sqrt(2.0))
    scale = np.sqrt(inputs.vol_ratio)[:, None] * idio[None, :]
    returns = (drift[None, :] + inputs.market[:, None] * beta[None, :]
               + inputs.rate_credit[:, None] * tilt[None, :] + noise * scale)
    live = np.arange(days)[:, None] >= c.listing[None, :]
    returns[~live] = 0.0
    returns[c.listing, np.arange(n)] = 0.0  # first listed day is the starting price
    paths = c.price0[None, :] * np.exp(np.cumsum(returns, axis=0))
    last_price = np.where(c.has_prices, paths[-1], c.price0)

    keep = live & c.has_prices[None, :]
    cols = np.flatnonzero(c.has_prices)
    keep_t = keep[:, cols].T  # ticker-major order: every date of DM001, then DM002, ...
    date_index = np.broadcast_to(np.arange(days), (len(cols), days))[keep_t]
    ticker_codes = np.broadcast_to(np.arange(len(cols)), (days, len(cols))).T[keep_t]
    prices = pd.DataFrame({
        "date": inputs.dates.to_numpy()[date_index],
        "ticker": pd.Categorical.from_codes(ticker_codes.astype(np.int16),
                                            categories=list(c.tickers[cols])),
        "adj_close": np.round(paths[:, cols].T[keep_t], 6),
    })
    return prices, last_price


def _fundamentals(rng: np.random.Generator, c: _Companies, end: pd.Timestamp) -> pd.DataFrame:
    """One row per statement: quarterly Q1..Q4 plus an annual one, published by ``end``."""
    years = np.arange(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR + 1)
    fiscal_year, quarter_no = np.repeat(years, 4), np.tile(np.arange(1, 5), len(years))
    books = _balance_sheets(rng, c, len(fiscal_year))
    period_end, publish = _statement_dates(rng, c, fiscal_year, quarter_no)

    # Companies listed later report from the fiscal year before their listing.
    listing_year = np.floor(2017.75 + c.listing / 252).astype(int)
    first_year = np.where(c.listing > 0, np.maximum(FIRST_FISCAL_YEAR, listing_year - 1),
                          FIRST_FISCAL_YEAR)
    exists = (fiscal_year[None, :] >= first_year[:, None]) & (publish <= np.datetime64(end))
    is_q4 = np.broadcast_to(quarter_no == 4, exists.shape)

    def yearly(values: np.ndarray, how: str) -> np.ndarray:
        by_year = getattr(values.reshape(COMPANIES, len(years), 4), how)(axis=2)
        return np.repeat(by_year, 4, axis=1)

    def frame(mask: np.ndarray, statement: str, net_income: np.ndarray, shares: np.ndarray):
        rows, cols = np.nonzero(mask)
        amounts = {
            "shares_basic": shares, "total_debt": books["debt"],
            "total_liabilities": books["liabilities"], "total_equity": books["equity"],
            "net_income": net_income,
        }
        return pd.DataFrame({
            "ticker": c.tickers[rows], "fiscal_year": fiscal_year[cols],
            "fiscal_period": np.char.add("Q", quarter_no[cols].astype(str)),
            "period_end": period_end[rows, cols], "publish_date": publish[rows, cols],
            **{name: np.round(values[rows, cols], -3) for name, values in amounts.items()},
            "statement": statement, "cik": c.cik[rows], "sector": c.simfin_sectors[rows],
        })

    quarterly = frame(exists, "quarterly", books["net_income"], books["shares"])
    annual = frame(exists & is_q4, "annual", yearly(books["net_income"], "sum"),
                   yearly(books["shares"], "mean"))
    out = pd.concat([annual, quarterly], ignore_index=True)
    out = out.sort_values(["ticker", "period_end", "statement"], kind="mergesort",
                          ignore_index=True)
    for column in ("ticker", "fiscal_period", "statement", "sector"):
        out[column] = out[column].astype("str")
    return out[FUNDAMENTAL_COLUMNS]


def _balance_sheets(
    rng: np.random.Generator, c: _Companies, quarters: int
) -> dict[str, np.ndarray]:
    """Amounts per company (rows) and fiscal quarter (columns), in USD."""
    n, q = COMPANIES, np.arange(quarters)
    growth = rng.normal(0.012, 0.02, n)
    walk = np.cumsum(rng.normal(0.0, 0.05, (n, quarters)), axis=1)
    size = c.book[:, None] * np.exp(growth[:, None] * q[None, :] + walk)
    equity = np.where(c.negative_equity[:, None], -size * rng.uniform(0.1, 0.6, (n, 1)), size)
    steps = rng.normal(0.0, 0.25, (n, quarters))
    leverage_walk = 0.15 * np.cumsum(steps, axis=1) / np.sqrt(q + 1.0)
    debt = c.debt_to_equity[:, None] * np.abs(equity) * np.exp(leverage_walk)
    other = (np.abs(equity) * rng.uniform(0.2, 1.0, (n, 1))
             * np.exp(rng.normal(0.0, 0.05, (n, quarters))))
    liabilities = debt + other
    earning_base = np.maximum(np.abs(equity), 0.3 * liabilities)
    net_income = (c.roe[:, None] + rng.normal(0.0, 0.06, (n, quarters))) * earning_base / 4.0
    shares = c.shares[:, None] * np.exp(np.cumsum(rng.normal(0.003, 0.01, (n, quarters)), axis=1))
    # A blank debt line: always for some companies, now and then for a few others.
    blank = np.broadcast_to(c.no_debt_line[:, None], (n, quarters)).copy()
    patchy = rng.permutation(np.flatnonzero(~c.no_debt_line & ~c.negative_equity))[:12]
    blank[patchy] |= rng.random((len(patchy), quarters)) < 0.3
    return {
        "equity": equity, "debt": np.where(blank, np.nan, debt),
        "liabilities": np.where(blank, other, liabilities),
        "net_income": net_income, "shares": shares,
    }


def _statement_dates(rng: np.random.Generator, c: _Companies, fiscal_year: np.ndarray,
                     quarter_no: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Period ends (quarter 4 ends in the fiscal-year-end month) and publish dates."""
    n, quarters = COMPANIES, len(fiscal_year)
    month = (fiscal_year[None, :] * 12 + c.fiscal_year_end[:, None] - 1
             - 3 * (4 - quarter_no[None, :]))  # months since year 0
    firsts = pd.to_datetime({"year": (month // 12).ravel(), "month": (month % 12 + 1).ravel(),
                             "day": 1})
    period_end = (firsts + pd.offsets.MonthEnd(0)).to_numpy().reshape(n, quarters)
    # 30-60 days after a quarter, 55-90 after the year; the Q4 quarter comes with the year.
    lag = np.where(quarter_no[None, :] == 4, rng.integers(55, 91, (n, quarters)),
                   rng.integers(30, 61, (n, quarters)))
    return period_end, period_end + lag.astype("timedelta64[D]")


def _members(c: _Companies, fundamentals: pd.DataFrame, last_price: np.ndarray) -> pd.DataFrame:
    """The list at the end: companies that outgrew the small-cap band have left it."""
    latest = fundamentals.groupby("ticker")["shares_basic"].last()
    shares = latest.reindex(c.tickers).fillna(pd.Series(c.shares, index=c.tickers)).to_numpy()
    cap = shares * last_price
    inside = (cap <= GRADUATION_MULTIPLE * np.median(cap)) | ~c.has_prices
    members = pd.DataFrame({
        "ticker": c.tickers.astype(str), "name": c.names.astype(str),
        "sector": c.sectors.astype(str), "weight": 100.0 * cap / cap[inside].sum(),
    })[inside]
    members["weight"] = members["weight"].round(2)
    return members.sort_values("weight", ascending=False, kind="mergesort", ignore_index=True)
