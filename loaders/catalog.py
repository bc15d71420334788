"""The series keys every source serves, with labels and units.

A key is what the rest of the app names a series by: FRED series ids as FRED spells them,
index and ETF symbols without Yahoo's ``^`` (``RUT``, ``GSPC``), Ken French dataset names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeriesInfo:
    """Describes one key: where it lives upstream, how to label it and its unit."""

    key: str
    source: str  # "fred", "yahoo" or "famafrench" (derived from a dataset's table)
    label: str
    unit: str  # "percent", "index", "usd", "flag"
    upstream: str  # the id or symbol at the source


def _fred(key: str, label: str, unit: str = "percent") -> SeriesInfo:
    return SeriesInfo(key, "fred", label, unit, key)


def _yahoo(key: str, label: str, unit: str = "index") -> SeriesInfo:
    symbol = key if unit == "usd" else f"^{key}"
    return SeriesInfo(key, "yahoo", label, unit, symbol)


FRED_SERIES: dict[str, SeriesInfo] = {
    s.key: s
    for s in [
        _fred("DGS10", "10-year Treasury yield"),
        _fred("DGS2", "2-year Treasury yield"),
        _fred("DGS3MO", "3-month Treasury yield"),
        _fred("T10Y2Y", "10-year minus 2-year Treasury spread"),
        _fred("DFF", "Effective federal funds rate"),
        _fred("DFEDTAR", "Fed funds target (to 2008-12-15)"),
        _fred("DFEDTARU", "Fed funds target range, upper limit"),
        _fred("DFEDTARL", "Fed funds target range, lower limit"),
        _fred("BAMLH0A0HYM2", "ICE BofA US High Yield OAS"),
        _fred("BAMLC0A0CM", "ICE BofA US Corporate (IG) OAS"),
        _fred("BAA10Y", "Moody's Baa yield minus 10-year Treasury"),
        _fred("AAA10Y", "Moody's Aaa yield minus 10-year Treasury"),
        _fred("USREC", "NBER recession indicator", "flag"),
        _fred("VIXCLS", "CBOE VIX", "index"),
        _fred("NASDAQCOM", "Nasdaq Composite (FRED)", "index"),
        _fred("SP500", "S&P 500 (FRED)", "index"),
    ]
}

INDEX_SERIES: dict[str, SeriesInfo] = {
    s.key: s
    for s in [
        _yahoo("RUT", "Russell 2000"),
        _yahoo("GSPC", "S&P 500"),
        _yahoo("SP600", "S&P SmallCap 600"),
        _yahoo("IXIC", "Nasdaq Composite"),
        _yahoo("RUI", "Russell 1000"),
        _yahoo("MID", "S&P MidCap 400"),
        _yahoo("IWM", "iShares Russell 2000 ETF", "usd"),
        _yahoo("IJR", "iShares Core S&P Small-Cap ETF", "usd"),
        _yahoo("IWB", "iShares Russell 1000 ETF", "usd"),
        _yahoo("SPY", "SPDR S&P 500 ETF", "usd"),
        _yahoo("MDY", "SPDR S&P MidCap 400 ETF", "usd"),
    ]
}

#: The Ken French dataset the size-portfolio series are derived from, and its table.
SIZE_DATASET = "Portfolios_Formed_on_ME"
SIZE_TABLE = "Average Value Weight Returns -- Monthly"


def _size(key: str, column: str, label: str) -> SeriesInfo:
    return SeriesInfo(key, "famafrench", label, "index", f"{SIZE_DATASET}: {column}")


#: Total-return levels of Ken French size portfolios (value-weighted monthly returns
#: compounded, 100 at the end of the month before the first return): portfolios, not indexes.
SIZE_SERIES: dict[str, SeriesInfo] = {
    s.key: s
    for s in [
        _size("FF_LO10", "Lo 10", "Ken French bottom-decile size portfolio (total return)"),
        _size("FF_LO30", "Lo 30", "Ken French bottom-30% size portfolio (total return)"),
        _size("FF_HI10", "Hi 10", "Ken French top-decile size portfolio (total return)"),
        _size("FF_HI30", "Hi 30", "Ken French top-30% size portfolio (total return)"),
    ]
}

ALL_SERIES: dict[str, SeriesInfo] = {**FRED_SERIES, **INDEX_SERIES, **SIZE_SERIES}

FAMAFRENCH_DATASETS: dict[str, str] = {
    "Portfolios_Formed_on_ME": "Portfolios formed on size (market equity), monthly",
    "F-F_Research_Data_Factors": "Fama/French 3 factors, monthly",
    "F-F_Research_Data_Factors_daily": "Fama/French 3 factors, daily",
}

#: Keys offered as the small-cap and large-cap side of the relative-performance pair.
SMALL_CAP_KEYS = ("RUT", "SP600", "IWM", "IJR", "MID", "MDY", "FF_LO10", "FF_LO30")
LARGE_CAP_KEYS = ("GSPC", "RUI", "SPY", "IWB", "IXIC", "NASDAQCOM", "SP500", "FF_HI10", "FF_HI30")


def is_total_return(key: str) -> bool:
    """Whether the series' levels include dividends: a fund's adjusted closes, a Ken French portfolio
    (not an index's price level)."""
    info = ALL_SERIES.get(key)
    return info is not None and (info.unit == "usd" or info.source == "famafrench")


def label(key: str) -> str:
    """Human label of a series key, or the key itself when unknown."""
    info = ALL_SERIES.get(key)
    return info.label if info else key


def info(key: str) -> SeriesInfo:
    """The :class:`SeriesInfo` of ``key``; raise ``KeyError`` with the known keys otherwise."""
    try:
        return ALL_SERIES[key]
    except KeyError:
        raise KeyError(f"unknown series key {key!r}; known: {', '.join(sorted(ALL_SERIES))}") from None
