"""Yahoo Finance daily closes through yfinance (the v8 chart API).

Units: index levels in index points (price close, no dividends); ETF and company prices in
US dollars, adjusted for splits and dividends (yfinance ``auto_adjust``). Dates are the
New York trading day of each daily bar, timezone-naive.

yfinance keeps process-wide state: one ``YfData`` singleton holds the HTTP session, the
cookie and the crumb (fetched from ``fc.yahoo.com`` and ``/v1/test/getcrumb`` before the
first request). Passing ``session`` installs that session in the singleton, and it stays
there for later calls made without one. Without a session yfinance uses its own curl_cffi
session.
"""

from __future__ import annotations

import contextlib
import logging
import time
import warnings
from collections.abc import Callable, Iterable
from urllib.parse import quote

import pandas as pd
import yfinance as yf
from yfinance.data import YfData
from yfinance.exceptions import (
    YFDataException, YFPricesMissingError, YFRateLimitError, YFTickerMissingError,
)

from loaders.base import Loaded, LoaderError, clean_series, drop_implausible, make_provenance
from loaders.catalog import INDEX_SERIES

SOURCE = "Yahoo Finance"
QUOTE_URL = "https://finance.yahoo.com/quote/{}"
#: Every catalog symbol and the company universe trade in New York.
EXCHANGE_TZ = "America/New_York"
RETRIES = 2  # our retries on top of yfinance's own second try after any HTTP error
BACKOFF = 1.0  # seconds before our first retry, doubled for each further one

# yfinance logs through the "yfinance" logger; with no handler anywhere Python prints its
# warnings to stderr. A NullHandler stops that, while an app-level logging setup still sees them.
logging.getLogger("yfinance").addHandler(logging.NullHandler())


def quote_url(symbol: str) -> str:
    """Yahoo's web page for ``symbol`` (``^`` escaped), used as the provenance location."""
    return QUOTE_URL.format(quote(symbol, safe=""))


def fetch_yahoo(
    key: str, *, session=None, start: str = "1985-01-01", end: str | None = None,
    timeout: float = 20.0, retries: int = RETRIES, backoff: float = BACKOFF,
) -> Loaded:
    """Download the daily close of one catalog index or ETF.

    Args:
        key: Catalog key (``"RUT"``, ``"IWM"``, ...); the Yahoo symbol comes from
            ``catalog.INDEX_SERIES`` (``"^RUT"``, ``"IWM"``).
        session: ``requests.Session`` or curl_cffi session for yfinance to use (see the module
            docstring); ``None`` keeps yfinance's current one.
        start: First date, ``YYYY-MM-DD`` (New York), inclusive.
        end: Date to stop at, ``YYYY-MM-DD``, exclusive as in yfinance; default: now.
        timeout: Seconds per HTTP request.
        retries: Extra attempts after a transient failure (rate limit, outage page, network).
        backoff: Seconds slept before the first retry, doubled for each further retry.

    Returns:
        ``Loaded`` with a float ``Series`` named ``key`` on a ``DatetimeIndex`` named ``date``:
        index points for indexes (price close), US dollars adjusted for splits and dividends
        for ETFs. Days with a missing close are dropped.

    Raises:
        LoaderError: Unknown key, rate limiting (HTTP 429) or server errors after retries,
            unknown or delisted symbol (404), HTML or an empty body instead of JSON, no
            prices in the range, every close missing. The message names Yahoo and the symbol.
    """
    info = INDEX_SERIES.get(key)
    if info is None:
        raise LoaderError(SOURCE, f"unknown series key {key!r}; known: {', '.join(INDEX_SERIES)}")
    symbol = info.upstream
    location = quote_url(symbol)
    close = _daily_close(symbol, session=session, start=start, end=end, timeout=timeout,
                         retries=retries, backoff=backoff, location=location)
    try:
        series = clean_series(close, source=SOURCE, name=key, location=location)
    except LoaderError as exc:
        raise LoaderError(SOURCE, f"{symbol}: {exc.problem}", location) from exc
    series, left_out = drop_implausible(series, positive=True, source=SOURCE, location=location)
    if info.unit == "usd":
        note = "adjusted close (splits and dividends, yfinance auto_adjust), USD"
    else:
        note = "price close (index level, dividends not included), index points"
    return Loaded(series, make_provenance(series, source=SOURCE, location=location, note=note, left_out=left_out))


def fetch_yahoo_prices(
    tickers: Iterable[str], *, session=None, start: str, end: str | None = None,
    batch_size: int = 100, progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None, timeout: float = 20.0,
    retries: int = 1, backoff: float = BACKOFF,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Download adjusted daily closes of many tickers, one yfinance request per ticker.

    Args:
        tickers: Yahoo symbols (``"BRK-B"``, not ``"BRK.B"``); duplicates are fetched once.
        session: As in :func:`fetch_yahoo`.
        start: First date, ``YYYY-MM-DD``, inclusive.
        end: Date to stop at, exclusive; default: now.
        batch_size: Tickers between two ``progress`` calls and ``should_cancel`` checks.
        progress: Called as ``progress(done, total)`` (ticker counts) after each completed
            batch.
        should_cancel: Checked before each batch; when it returns True the fetch stops and
            the tickers not yet fetched are reported as ``"cancelled"``.
        timeout: Seconds per HTTP request.
        retries: Extra attempts per ticker after a transient failure.
        backoff: Seconds slept before a ticker's first retry, doubled for each further one.

    Returns:
        ``(prices, failures)``: ``prices`` has columns ``date`` (datetime64, New York trading
        day), ``ticker`` (str) and ``adj_close`` (float64, US dollars adjusted for splits and
        dividends), sorted by ticker then date; ``failures`` maps each ticker that failed or
        had no data to the reason. When Yahoo keeps rate limiting, the remaining tickers are
        skipped and reported as such instead of being requested.
    """
    tickers = list(dict.fromkeys(tickers))
    total = len(tickers)
    frames: list[pd.DataFrame] = []
    failures: dict[str, str] = {}
    for first in range(0, total, max(1, batch_size)):
        if should_cancel is not None and should_cancel():
            failures.update(dict.fromkeys(tickers[first:], "cancelled"))
            break
        batch = tickers[first:first + max(1, batch_size)]
        for position, ticker in enumerate(batch):
            location = quote_url(ticker)
            try:
                close = _daily_close(ticker, session=session, start=start, end=end, timeout=timeout,
                                     retries=retries, backoff=backoff, location=location)
                series = clean_series(close, source=SOURCE, name=ticker, location=location)
            except LoaderError as exc:
                failures[ticker] = exc.problem
                if isinstance(exc.__cause__, YFRateLimitError):
                    skipped = batch[position + 1:] + tickers[first + len(batch):]
                    failures.update(dict.fromkeys(skipped, "skipped: Yahoo is rate limiting (HTTP 429)"))
                    return _long_frame(frames), failures
                continue
            frames.append(pd.DataFrame({"date": series.index, "ticker": ticker,
                                        "adj_close": series.to_numpy()}))
        if progress is not None:
            progress(first + len(batch), total)
    return _long_frame(frames), failures


def _long_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[s]"), "ticker": pd.Series(dtype=str),
                             "adj_close": pd.Series(dtype="float64")})
    out = pd.concat(frames, ignore_index=True)
    out["ticker"] = out["ticker"].astype(str)
    return out.sort_values(["ticker", "date"], kind="mergesort", ignore_index=True)


def _daily_close(
    symbol: str, *, session, start: str, end: str | None, timeout: float, retries: int,
    backoff: float, location: str,
) -> pd.Series:
    """Adjusted daily close of ``symbol`` from yfinance, on naive New York dates; nulls dropped."""
    span = f"from {start} to {end or 'today'}"
    retries = max(0, retries)
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
            # yfinance memoises GET answers for ranges that ended in the past, failed ones too.
            getattr(YfData.cache_get, "cache_clear", lambda: None)()
        try:
            frame = _history(symbol, session=session, start=start, end=end, timeout=timeout)
            break
        except Exception as exc:  # noqa: BLE001 - every yfinance/HTTP failure becomes a LoaderError
            problem, transient = _describe(exc, symbol, span)
            if not transient or attempt == retries:
                raise LoaderError(SOURCE, problem, location) from exc
    if frame is None or frame.empty or "Close" not in frame.columns:
        raise LoaderError(SOURCE, f"{symbol}: Yahoo returned no prices {span}", location)
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:  # the New York date, not the UTC one that clean_series would take
        index = index.tz_convert(EXCHANGE_TZ).tz_localize(None)
    close = pd.Series(frame["Close"].to_numpy(dtype="float64"), index=index.normalize(), name=symbol)
    close = close.dropna()
    if close.empty:
        raise LoaderError(SOURCE, f"{symbol}: every close is missing {span}", location)
    return close


def _history(symbol: str, *, session, start: str, end: str | None, timeout: float) -> pd.DataFrame:
    """One ``Ticker.history`` call, made to raise instead of logging and returning nothing."""
    yf.config.debug.hide_exceptions = False  # process-wide; the default hides errors in logs
    # yfinance 1.7 uses DataFrame methods' inplace= that pandas 3.1 deprecates: noise only.
    warnings.filterwarnings("ignore", message=".*inplace keyword.*", module=r"yfinance\b")
    ticker = yf.Ticker(symbol, session=session)  # also installs session in the YfData singleton
    # Without a known time zone yfinance spends one more chart request per ticker on it and,
    # for an unknown symbol, falls back to quoteSummary, whose 404 hides the chart API's
    # "No data found" reason. If a future yfinance drops this attribute, it fetches it as before.
    with contextlib.suppress(AttributeError):
        ticker._tz = EXCHANGE_TZ
    return ticker.history(start=start, end=end, interval="1d", auto_adjust=True, actions=False,
                          timeout=timeout)


def _describe(exc: Exception, symbol: str, span: str) -> tuple[str, bool]:
    """Problem text naming ``symbol`` for a failed yfinance call, and whether to retry it."""
    doc = getattr(exc, "doc", None)  # json.JSONDecodeError and its requests/simplejson kin
    if isinstance(exc, YFRateLimitError):
        return f"{symbol}: Yahoo is rate limiting requests (HTTP 429); try again later", True
    if isinstance(exc, YFPricesMissingError) and exc.yahoo_reason:
        return f"{symbol}: unknown or delisted symbol; Yahoo says {exc.yahoo_reason!r}", False
    if isinstance(exc, YFTickerMissingError):
        return f"{symbol}: Yahoo returned no prices {span}", False
    if isinstance(exc, YFDataException) and "DOWN" in str(exc):
        return f"{symbol}: Yahoo Finance answered with its 'Will be right back' outage page", True
    if isinstance(exc, ValueError) and isinstance(doc, str):
        if not doc.strip():
            return f"{symbol}: empty response body instead of JSON", True
        if doc.lstrip().startswith("<"):
            return f"{symbol}: HTML page instead of JSON (an error or consent page?)", True
        return f"{symbol}: unreadable JSON ({exc})", True
    if isinstance(exc, OSError):  # requests and curl_cffi errors: connection, timeout, HTTP
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status is not None:
            return f"{symbol}: HTTP {status} from Yahoo", status == 429 or status >= 500
        return f"{symbol}: could not reach Yahoo ({type(exc).__name__}: {exc})", True
    if isinstance(exc, (KeyError, IndexError, TypeError)):
        return f"{symbol}: unexpected response layout ({type(exc).__name__}: {exc})", False
    return f"{symbol}: yfinance failed ({type(exc).__name__}: {exc})", False
