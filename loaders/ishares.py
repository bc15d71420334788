"""Fund holdings from iShares' CSV download, as a membership list.

The download (``...ajax?fileType=csv&fileName=IWM_holdings&dataType=fund``) starts with a few
header lines (fund name, ``Fund Holdings as of,"May 13, 2025"``, shares outstanding, ...),
then a table whose header starts with ``Ticker,Name,Sector,Asset Class,...``, then a blank
line and a quoted legal notice. Older saved copies have only the table, with other columns
(``Ticker,Name,Asset Class,Weight (%),Price,...``); columns are found by name.

Only ``Asset Class == "Equity"`` rows are kept (cash, futures and money-market lines are
not members), and rows with ticker ``-`` (escrow, CVR and private lines). Tickers become
Yahoo style (``BRK.B`` -> ``BRK-B``). iShares sometimes runs class letters together
(``MOGA`` for ``MOG-A``); those are kept as they are. ``weight`` is percent of the fund.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import requests

from loaders.base import LoaderError, Provenance, utcnow

SOURCE = "iShares"
_BASE = "https://www.ishares.com/us/products/{id}/{slug}/1467271812596.ajax"
_QUERY = "?fileType=csv&fileName={fund}_holdings&dataType=fund"
#: Fund -> (product id, URL slug, name).
FUNDS: dict[str, tuple[str, str, str]] = {
    "IWM": ("239710", "ishares-russell-2000-etf", "iShares Russell 2000 ETF"),
    "IJR": ("239774", "ishares-core-sp-smallcap-etf", "iShares Core S&P Small-Cap ETF"),
    "IWV": ("239714", "ishares-russell-3000-etf", "iShares Russell 3000 ETF"),
}
MEMBER_COLUMNS = ["ticker", "name", "sector", "weight"]


def holdings_url(fund: str) -> str:
    """Download URL of a fund's holdings CSV (``fund`` from :data:`FUNDS`)."""
    try:
        product, slug, _ = FUNDS[fund.upper()]
    except KeyError:
        raise LoaderError(SOURCE, f"unknown fund {fund!r}; known: {', '.join(FUNDS)}") from None
    return _BASE.format(id=product, slug=slug) + _QUERY.format(fund=fund.upper())


def to_yahoo_symbol(ticker: str) -> str:
    """``BRK.B`` / ``BRK/B`` -> ``BRK-B``; upper case, stripped."""
    return str(ticker).strip().upper().replace(".", "-").replace("/", "-")


def _number(text: str) -> float:
    cleaned = str(text).replace(",", "").replace("%", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return float("nan")


def parse_ishares_holdings(text: str, *, location: str = "") -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Parse an iShares holdings CSV.

    Returns:
        ``(members, as_of)``: members with columns ``ticker, name, sector, weight`` (weight in
        percent of the fund; NaN when absent), largest weight first, one row per ticker; and
        the "Fund Holdings as of" date (None when the file has no header lines).

    Raises:
        LoaderError: no holdings table, no ``Ticker`` column, or no equity rows.
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    as_of = None
    start = None
    for number, line in enumerate(lines):
        bare = line.strip().replace('"', "")
        if bare.lower().startswith("fund holdings as of"):
            value = next(csv.reader([line]))[1:] or [""]
            as_of = pd.to_datetime(value[0].strip(), errors="coerce")
            as_of = None if pd.isna(as_of) else as_of.normalize()
        if bare.lower().startswith("ticker,"):
            start = number
            break
    if start is None:
        raise LoaderError(SOURCE, "no holdings table (no line starting with 'Ticker,Name,...')", location)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = [h.strip().lower() for h in next(reader)]
    rows = []
    for row in reader:
        if not row or not "".join(row).strip() or len(row) < len(header):
            break  # the blank line before the legal notice ends the table
        rows.append(dict(zip(header, row)))
    table = pd.DataFrame(rows, columns=header, dtype=str)
    if "asset class" in table.columns:
        table = table[table["asset class"].str.strip().str.lower() == "equity"]
    table = table[~table["ticker"].str.strip().isin(["-", ""])]
    if table.empty:
        raise LoaderError(SOURCE, "no equity holdings in the table", location)
    members = pd.DataFrame({
        "ticker": table["ticker"].map(to_yahoo_symbol),
        "name": table["name"].str.strip() if "name" in table.columns else "",
        "sector": table["sector"].str.strip() if "sector" in table.columns else "",
        "weight": table["weight (%)"].map(_number) if "weight (%)" in table.columns else float("nan"),
    })
    members = members.drop_duplicates("ticker", keep="first")
    members = members.sort_values("weight", ascending=False, kind="mergesort", ignore_index=True)
    return members[MEMBER_COLUMNS], as_of


def fetch_ishares_holdings(fund: str, *, session: requests.Session | None = None,
                           timeout: float = 20.0) -> tuple[pd.DataFrame, Provenance]:
    """Download and parse a fund's current holdings.

    Returns:
        ``(members, provenance)`` with the as-of date as ``first`` and ``last``.

    Raises:
        LoaderError: network failure, HTTP error, an HTML page instead of CSV, or a file
            :func:`parse_ishares_holdings` rejects. The message names iShares and the URL.
    """
    url = holdings_url(fund)
    if session is None:
        from loaders.http import retrying_session

        session = retrying_session()
    try:
        response = session.get(url, timeout=timeout)
    except requests.Timeout as exc:
        raise LoaderError(SOURCE, f"no answer from iShares within {timeout:g} seconds ({type(exc).__name__})",
                          url) from exc
    except requests.RequestException as exc:
        raise LoaderError(SOURCE, f"could not reach iShares ({type(exc).__name__})", url) from exc
    if response.status_code >= 400:
        raise LoaderError(SOURCE, f"HTTP {response.status_code} for the {fund.upper()} holdings", url)
    text = response.content.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise LoaderError(SOURCE, f"empty response instead of the {fund.upper()} holdings CSV", url)
    if "html" in response.headers.get("Content-Type", "").lower() or text.lstrip().startswith("<"):
        raise LoaderError(SOURCE, "HTML page instead of the holdings CSV (the download link may have changed)",
                          url)
    members, as_of = parse_ishares_holdings(text, location=url)
    provenance = Provenance(source=SOURCE, location=url, retrieved_at=utcnow(), first=as_of, last=as_of,
                            note=f"{FUNDS[fund.upper()][2]} equity holdings as of "
                                 f"{as_of:%Y-%m-%d}" if as_of is not None else "")
    return members, provenance
