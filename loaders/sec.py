"""Company statements from SEC EDGAR's XBRL frames API.

One request per concept and calendar period returns that fact for every filer:
``https://data.sec.gov/api/xbrl/frames/us-gaap/<Concept>/USD/<period>.json`` where ``period``
is ``CY2018Q4I`` for balance-sheet (instant) concepts, ``CY2018Q4`` for a quarter's and
``CY2018`` for a year's net income. SEC aligns each filer's fact to the calendar period that
fits it best, and each data point carries the filer's own period ``end``. Filers are mapped to
tickers with ``https://www.sec.gov/files/company_tickers.json`` (one CIK may have several
tickers, for share classes; each gets the rows).

SEC asks for a descriptive User-Agent with a contact e-mail (``Config.sec_user_agent``, env
``SMALLCAP_SEC_USER_AGENT``) and at most 10 requests a second: every request waits on a
:class:`RateLimiter` first.

Statement rows built from the frames (amounts in US dollars):

* ``total_equity`` = StockholdersEquity; ``total_liabilities`` = Liabilities.
* ``total_debt`` = ShortTermBorrowings + LongTermDebt, where LongTermDebt (which includes its
  current portion) is replaced by LongTermDebtCurrent + LongTermDebtNoncurrent when a filer
  does not report it. A blank component counts as zero only when another one is reported;
  with none reported ``total_debt`` is blank (the leverage analysis then counts it as zero
  debt when liabilities are reported). Only facts with the same period end as the equity fact
  (or, without one, the liabilities fact) are combined.
* ``net_income``: quarterly rows take NetIncomeLoss of the calendar quarter (``CY2018Q4``)
  with the same period end; annual rows take the year's (``CY2018``). An annual row is
  written for every balance sheet whose end equals the end of an annual net-income fact
  (a fiscal year end).
* ``publish_date``: **the frames API gives no filing date**, and the accession number
  (``accn``) encodes the filer agent, year and a sequence, not the day. The date is therefore
  set conservatively to the period end plus the latest SEC filing deadline: **45 days** for
  quarters (10-Q, non-accelerated filers) and **90 days** for fiscal year ends (10-K,
  non-accelerated filers), also for that year-end's quarterly row. A point-in-time sort may
  thus see a statement later than it really became public, never earlier (late filers
  excepted).
* ``fiscal_year`` and ``fiscal_period`` are the *calendar* year and quarter of the frame
  (``FY`` for annual rows), not the filer's fiscal calendar.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import requests

from loaders.base import LoaderError

SOURCE = "SEC EDGAR"
FRAMES_URL = "https://data.sec.gov/api/xbrl/frames/us-gaap/{concept}/USD/{period}.json"
TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"
INSTANT_CONCEPTS = ("StockholdersEquity", "Liabilities", "LongTermDebt", "LongTermDebtCurrent",
                    "LongTermDebtNoncurrent", "ShortTermBorrowings")
INCOME_CONCEPT = "NetIncomeLoss"
QUARTER_LAG_DAYS = 45
ANNUAL_LAG_DAYS = 90
MAX_REQUESTS_PER_SECOND = 10.0
COLUMNS = ["ticker", "fiscal_year", "fiscal_period", "period_end", "publish_date", "total_debt",
           "total_liabilities", "total_equity", "net_income", "statement", "cik"]


class SecNotFound(LoaderError):
    """SEC answered 404: the frame or file does not exist (yet)."""


class FetchCancelled(LoaderError):
    """The caller's ``should_cancel`` asked to stop a long fetch."""


class RateLimiter:
    """Allow at most ``max_per_second`` calls to :meth:`wait` in any one-second window.

    Args:
        max_per_second: Requests allowed per rolling second.
        clock: Monotonic seconds (injectable for tests).
        sleep: Sleeps the given seconds (injectable for tests).
    """

    def __init__(self, max_per_second: float = MAX_REQUESTS_PER_SECOND, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        if max_per_second <= 0:
            raise ValueError("max_per_second must be positive")
        self.capacity = max(1, int(max_per_second))
        self.window = self.capacity / float(max_per_second)
        self._clock, self._sleep = clock, sleep
        self._stamps: deque[float] = deque()

    def wait(self) -> None:
        """Block until one more request fits in the limit, then record it."""
        now = self._clock()
        while self._stamps and now - self._stamps[0] >= self.window:
            self._stamps.popleft()
        if len(self._stamps) >= self.capacity:
            self._sleep(self.window - (now - self._stamps[0]))
            now = self._clock()
            self._stamps.popleft()
        self._stamps.append(now)


class SecClient:
    """GET JSON from SEC EDGAR with a User-Agent, a rate limit and errors in plain words.

    Args:
        user_agent: Descriptive User-Agent, "Name contact@example.org" (SEC rejects others).
        session: A ``requests.Session`` (default: :func:`loaders.http.retrying_session`).
        limiter: Shared :class:`RateLimiter` (default: a new one at 10 requests a second).
        timeout: Seconds per request.
    """

    def __init__(self, user_agent: str, *, session: requests.Session | None = None,
                 limiter: RateLimiter | None = None, timeout: float = 20.0):
        if not user_agent or "@" not in user_agent:
            raise LoaderError(SOURCE, f"User-Agent {user_agent!r} has no contact e-mail; SEC requires "
                              "'Name email@example.org': set SMALLCAP_SEC_USER_AGENT")
        if session is None:
            from loaders.http import retrying_session

            session = retrying_session(user_agent=user_agent)
        session.headers["User-Agent"] = user_agent
        self.session, self.user_agent, self.timeout = session, user_agent, timeout
        self.limiter = limiter or RateLimiter()

    def get_json(self, url: str, *, what: str) -> dict:
        """GET ``url`` and parse JSON; ``what`` names the item in error messages.

        Raises:
            SecNotFound: HTTP 404.
            LoaderError: network failure, 403, 429, other HTTP errors, HTML or bad JSON.
        """
        self.limiter.wait()
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.Timeout as exc:
            raise LoaderError(SOURCE, f"no answer from SEC within {self.timeout:g} seconds for {what} "
                              f"({type(exc).__name__})", url) from exc
        except requests.RequestException as exc:
            raise LoaderError(SOURCE, f"could not reach SEC for {what} ({type(exc).__name__})", url) from exc
        status = response.status_code
        if status == 404:
            raise SecNotFound(SOURCE, f"HTTP 404: no data for {what}", url)
        if status == 403:
            raise LoaderError(SOURCE, f"HTTP 403 Forbidden for {what}: SEC refuses requests without a "
                              "descriptive User-Agent; check that SMALLCAP_SEC_USER_AGENT is "
                              "'Name email@example.org'", url)
        if status == 429:
            raise LoaderError(SOURCE, f"HTTP 429 Too Many Requests for {what}: SEC allows at most 10 "
                              "requests a second; try again in a few minutes", url)
        if status >= 400:
            kind = "server error" if status >= 500 else "error"
            raise LoaderError(SOURCE, f"HTTP {status} {kind} for {what}", url)
        text = response.text
        if not text.strip():
            raise LoaderError(SOURCE, f"empty response instead of JSON for {what}", url)
        if "html" in response.headers.get("Content-Type", "").lower() or text.lstrip().startswith("<"):
            raise LoaderError(SOURCE, f"HTML page instead of JSON for {what} (an error or block page?)", url)
        try:
            return response.json()
        except ValueError as exc:
            raise LoaderError(SOURCE, f"unreadable JSON for {what} ({exc})", url) from exc

    def company_tickers(self) -> pd.DataFrame:
        """SEC's ticker list: columns ``cik`` (int), ``ticker`` (upper case, ``BRK-B`` style), ``title``."""
        payload = self.get_json(TICKERS_URL, what="the CIK-to-ticker list")
        return parse_company_tickers(payload, location=TICKERS_URL)

    def frame(self, concept: str, period: str) -> pd.DataFrame:
        """One frame: columns ``cik`` (int), ``end`` (datetime), ``val`` (float, USD), ``accn``."""
        url = FRAMES_URL.format(concept=concept, period=period)
        payload = self.get_json(url, what=f"{concept} {period}")
        return parse_frame(payload, location=url)


def parse_company_tickers(payload: dict, *, location: str = TICKERS_URL) -> pd.DataFrame:
    """Parse ``company_tickers.json`` (``{"0": {"cik_str":..., "ticker":..., "title":...}, ...}``)."""
    if not isinstance(payload, dict) or not payload:
        raise LoaderError(SOURCE, "empty or unexpected CIK-to-ticker list", location)
    try:
        rows = [(int(v["cik_str"]), str(v["ticker"]).strip().upper().replace(".", "-").replace("/", "-"),
                 str(v.get("title", ""))) for v in payload.values()]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LoaderError(SOURCE, f"unexpected CIK-to-ticker layout ({exc!r})", location) from exc
    out = pd.DataFrame(rows, columns=["cik", "ticker", "title"])
    return out.drop_duplicates("ticker", keep="first", ignore_index=True)


def parse_frame(payload: dict, *, location: str) -> pd.DataFrame:
    """Parse one frames answer (``{"taxonomy":..., "tag":..., "ccp":..., "data": [...]}``)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list):
        raise LoaderError(SOURCE, "unexpected frame layout: no 'data' list", location)
    try:
        frame = pd.DataFrame({
            "cik": [int(d["cik"]) for d in data],
            "end": pd.to_datetime([d["end"] for d in data]),
            "val": np.array([d["val"] for d in data], dtype="float64"),
            "accn": [str(d.get("accn", "")) for d in data],
        })
    except (KeyError, TypeError, ValueError) as exc:
        raise LoaderError(SOURCE, f"unexpected frame data point ({exc!r})", location) from exc
    # A filer with two facts in one frame (rare): keep the later period end.
    return frame.sort_values(["cik", "end"], kind="mergesort").drop_duplicates("cik", keep="last",
                                                                              ignore_index=True)


def calendar_quarters(start, end) -> list[tuple[int, int]]:
    """Calendar quarters ``(year, quarter)`` whose last day falls within ``[start, end]``."""
    first, last = pd.Timestamp(start).to_period("Q"), pd.Timestamp(end).to_period("Q")
    quarters = pd.period_range(first, last, freq="Q")
    return [(p.year, p.quarter) for p in quarters if p.end_time.normalize() <= pd.Timestamp(end)]


def combine_balance_sheet(concepts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Equity, liabilities and debt per CIK for one instant period (rules in the module docstring).

    Args:
        concepts: Instant concept name -> parsed frame (missing or empty when SEC had none).

    Returns:
        Columns ``cik, period_end, total_equity, total_liabilities, total_debt`` (USD).
    """
    def values(name):
        frame = concepts.get(name)
        if frame is None or frame.empty:
            return pd.DataFrame({"cik": pd.Series(dtype="int64"), "end": pd.Series(dtype="datetime64[ns]"),
                                 "val": pd.Series(dtype="float64")})
        return frame[["cik", "end", "val"]]

    equity, liabilities = values("StockholdersEquity"), values("Liabilities")
    anchor = pd.concat([equity[["cik", "end"]], liabilities[["cik", "end"]]]).drop_duplicates("cik", keep="first")
    out = anchor.rename(columns={"end": "period_end"}).set_index("cik")

    def aligned(name):
        frame = values(name).set_index("cik").reindex(out.index)
        return frame["val"].where(frame["end"] == out["period_end"])

    out["total_equity"] = aligned("StockholdersEquity")
    out["total_liabilities"] = aligned("Liabilities")
    long_term = aligned("LongTermDebt")
    parts = pd.concat([aligned("LongTermDebtCurrent"), aligned("LongTermDebtNoncurrent")], axis=1)
    long_term = long_term.fillna(parts.sum(axis=1, min_count=1))
    debt = pd.concat([long_term, aligned("ShortTermBorrowings")], axis=1).sum(axis=1, min_count=1)
    out["total_debt"] = debt
    return out.reset_index()


def build_statements(
    quarters: dict[tuple[int, int], dict[str, pd.DataFrame]],
    quarterly_income: dict[tuple[int, int], pd.DataFrame],
    annual_income: dict[int, pd.DataFrame],
    tickers: pd.DataFrame,
) -> pd.DataFrame:
    """Statement rows in the ``fundamentals.csv`` layout from parsed frames.

    Args:
        quarters: ``(year, quarter)`` -> instant concept -> parsed frame.
        quarterly_income: ``(year, quarter)`` -> parsed NetIncomeLoss frame of that quarter.
        annual_income: ``year`` -> parsed NetIncomeLoss frame of that calendar year.
        tickers: :func:`parse_company_tickers` output; CIKs without a ticker are dropped.

    Returns:
        Frame with :data:`COLUMNS`, sorted by ticker, period end and statement.
    """
    annual_all = pd.concat([f.assign(year=y) for y, f in annual_income.items() if not f.empty] or
                           [pd.DataFrame(columns=["cik", "end", "val", "accn", "year"])], ignore_index=True)
    year_ends = annual_all.rename(columns={"end": "period_end", "val": "annual_income"})[
        ["cik", "period_end", "annual_income", "year"]].drop_duplicates(["cik", "period_end"])
    rows = []
    for (year, quarter), concepts in sorted(quarters.items()):
        sheet = combine_balance_sheet(concepts)
        if sheet.empty:
            continue
        income = quarterly_income.get((year, quarter))
        if income is not None and not income.empty:
            matched = income.set_index("cik").reindex(sheet["cik"])
            sheet["net_income"] = matched["val"].where(matched["end"].to_numpy() == sheet["period_end"].to_numpy()
                                                       ).to_numpy()
        else:
            sheet["net_income"] = np.nan
        sheet = sheet.merge(year_ends, on=["cik", "period_end"], how="left")
        is_year_end = sheet["annual_income"].notna()
        lag = np.where(is_year_end, ANNUAL_LAG_DAYS, QUARTER_LAG_DAYS)
        sheet["publish_date"] = sheet["period_end"] + pd.to_timedelta(lag, unit="D")
        quarterly = sheet.assign(fiscal_year=year, fiscal_period=f"Q{quarter}", statement="quarterly")
        annual = sheet[is_year_end].assign(net_income=sheet.loc[is_year_end, "annual_income"],
                                           fiscal_year=sheet.loc[is_year_end, "year"].astype(int),
                                           fiscal_period="FY", statement="annual")
        rows += [quarterly, annual]
    if not rows:
        return empty_statements()
    out = pd.concat(rows, ignore_index=True)
    out = out.merge(tickers[["cik", "ticker"]], on="cik", how="inner")
    out = out.drop_duplicates(["ticker", "period_end", "statement"], keep="last")
    out["fiscal_year"] = out["fiscal_year"].astype(int)
    return out[COLUMNS].sort_values(["ticker", "period_end", "statement"], kind="mergesort", ignore_index=True)


def empty_statements() -> pd.DataFrame:
    """A statements frame with no rows and the columns and dtypes of :data:`COLUMNS`."""
    dtypes = {"ticker": str, "fiscal_year": "int64", "fiscal_period": str, "period_end": "datetime64[ns]",
              "publish_date": "datetime64[ns]", "statement": str, "cik": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "float64")) for c in COLUMNS})


def fetch_sec_statements(
    client: SecClient, *, start, end, tickers: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None, should_cancel: Callable[[], bool] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Fetch statements for the calendar quarters ending within ``[start, end]``.

    Makes 1 + 7 requests per quarter + 1 per calendar year (about 30 seconds for 9 years at
    10 requests a second).

    Args:
        client: The SEC client.
        start: First date; quarters ending before it are not fetched.
        end: Last date.
        tickers: Keep only these tickers (``BRK-B`` style); ``None`` keeps every filer.
        progress: Called as ``progress(done, total)`` in requests after each one.
        should_cancel: Checked before each request; True stops the fetch.

    Returns:
        ``(statements, missing)``: rows in the layout of :data:`COLUMNS` (rules and publish
        dates in the module docstring), and ``"<Concept> <period>" -> reason`` for frames SEC
        does not have (HTTP 404, e.g. a quarter not yet filed).

    Raises:
        FetchCancelled: ``should_cancel`` returned True (nothing partial is returned).
        LoaderError: any other failure (403, 429, 5xx, HTML, bad JSON, network).
    """
    quarters = calendar_quarters(start, end)
    if not quarters:
        raise LoaderError(SOURCE, f"no complete calendar quarter between {start} and {end}")
    years = sorted({y for y, _ in quarters})
    plan = [("tickers", None, None)]
    plan += [(concept, (y, q), f"CY{y}Q{q}I") for y, q in quarters for concept in INSTANT_CONCEPTS]
    plan += [(INCOME_CONCEPT, (y, q), f"CY{y}Q{q}") for y, q in quarters]
    plan += [("annual", y, f"CY{y}") for y in years]
    instants: dict = {q: {} for q in quarters}
    quarterly_income: dict = {}
    annual_income: dict = {}
    missing: dict[str, str] = {}
    ticker_map = None
    for done, (concept, key, period) in enumerate(plan):
        if should_cancel is not None and should_cancel():
            raise FetchCancelled(SOURCE, f"cancelled after {done} of {len(plan)} requests")
        if concept == "tickers":
            ticker_map = client.company_tickers()
        else:
            name = INCOME_CONCEPT if concept == "annual" else concept
            try:
                frame = client.frame(name, period)
            except SecNotFound as exc:
                missing[f"{name} {period}"] = exc.problem
                frame = None
            if frame is not None:
                if concept == "annual":
                    annual_income[key] = frame
                elif concept == INCOME_CONCEPT:
                    quarterly_income[key] = frame
                else:
                    instants[key][concept] = frame
        if progress is not None:
            progress(done + 1, len(plan))
    if tickers is not None:
        wanted = {str(t).strip().upper() for t in tickers}
        ticker_map = ticker_map[ticker_map["ticker"].isin(wanted)]
    return build_statements(instants, quarterly_income, annual_income, ticker_map), missing
