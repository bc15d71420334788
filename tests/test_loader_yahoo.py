"""Yahoo loader: yfinance's real request flow and parser, HTTP mocked at the transport.

How the mocking works: ``responses`` patches ``requests``' ``HTTPAdapter.send``, so whatever a
``requests.Session`` sends is answered from the mocks registered here, and a request nothing
matches gets a ``ConnectionError`` (the ``yahoo`` fixture fails the test if that happened:
yfinance swallows such errors on its cookie endpoints). yfinance's own default session is
curl_cffi, which ``responses`` cannot see, so every test passes a ``requests.Session``; its
User-Agent shows that the session we pass is the one yfinance used.

Before its first chart request yfinance fetches a cookie (``https://fc.yahoo.com``, which
answers 404 with a ``Set-Cookie``) and a crumb (``/v1/test/getcrumb``), then sends the crumb
as a query parameter. After any HTTP error it switches cookie strategy (the ``csrf`` one reads
a consent form at ``guce.yahoo.com/consent``; ours has none, so it falls back) and tries once
more. All three endpoints are mocked. yfinance also keeps process-wide state: the ``YfData``
singleton (session, cookie, crumb, strategy), a memo of GET answers, and sqlite caches for
cookies and time zones in ``~/.cache/py-yfinance``; ``fresh_yfinance`` resets all of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pandas as pd
import pytest
import requests
import responses
from yfinance import cache as yf_cache
from yfinance.data import SingletonMeta, YfData

from loaders import yahoo
from loaders.base import LoaderError
from loaders.yahoo import fetch_yahoo, fetch_yahoo_prices

PAYLOADS = Path(__file__).parent / "payloads"
USER_AGENT = "smallcap-monitor-tests"
CRUMB = "tEsTcRuMb.1"
CHART = r"https://query[12]\.finance\.yahoo\.com/v8/finance/chart/"
RANGE = {"start": "2018-12-20", "end": "2018-12-31"}
#: 2018-12-20 and 2018-12-31 at 00:00 in New York (UTC-5): the chart API's period1/period2.
PERIOD1, PERIOD2 = 1545282000, 1546232400
OUTAGE_PAGE = "<!DOCTYPE html><html><body><h1>Will be right back...</h1></body></html>"
NOT_FOUND = "No data found, symbol may be delisted"


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / f"yahoo_{name}.json").read_text())


def equity(symbol: str, adjclose: list) -> dict:
    """The IWM payload as a company's, with other adjusted closes."""
    data = payload("chart_iwm")
    result = data["chart"]["result"][0]
    result["meta"].update(symbol=symbol, instrumentType="EQUITY", longName=symbol, shortName=symbol)
    result["indicators"]["adjclose"][0]["adjclose"] = adjclose
    if all(value is None for value in adjclose):
        result["indicators"]["quote"][0]["close"] = list(adjclose)
    return data


def add_chart(rsps: responses.RequestsMock, symbol: str, *answers: dict) -> None:
    """Register answers to ``symbol``'s chart requests, in order; the last one repeats."""
    url = re.compile(CHART + re.escape(quote(symbol, safe="")) + r"(\?|$)")
    for answer in answers:
        rsps.get(url, **answer)


def chart_calls(rsps: responses.RequestsMock, symbol: str | None = None) -> list:
    path = "/v8/finance/chart/" + (quote(symbol, safe="") if symbol else "")
    return [call for call in rsps.calls if path in call.request.url]


def chart_symbols(rsps: responses.RequestsMock) -> list[str]:
    return [urlsplit(call.request.url).path.rsplit("/", 1)[1] for call in chart_calls(rsps)]


@pytest.fixture(autouse=True)
def fresh_yfinance(monkeypatch):
    monkeypatch.delitem(SingletonMeta._instances, YfData, raising=False)
    monkeypatch.setattr(yf_cache._TzCacheManager, "_tz_cache", yf_cache._TzCacheDummy())
    monkeypatch.setattr(yf_cache._CookieCacheManager, "_Cookie_cache", yf_cache._CookieCacheDummy())
    YfData.cache_get.cache_clear()
    yield
    YfData.cache_get.cache_clear()


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """Seconds the loader asked to sleep; nothing actually sleeps."""
    slept: list[float] = []
    monkeypatch.setattr(yahoo.time, "sleep", slept.append)
    return slept


@pytest.fixture
def yahoo_mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get("https://fc.yahoo.com/", status=404, body="<html><body>Not found</body></html>",
                 headers={"Set-Cookie": "A3=d=AQABBtest&S=AQAAAtest; Domain=.yahoo.com; Path=/; Secure"})
        rsps.get(re.compile(r"https://query[12]\.finance\.yahoo\.com/v1/test/getcrumb"), body=CRUMB)
        rsps.get("https://guce.yahoo.com/consent", body="<html><body>No consent form here</body></html>")
        yield rsps
        unanswered = [call.request.url for call in rsps.calls
                      if "Connection refused by Responses" in str(call.response)]
        assert not unanswered, f"requests no mock answered: {unanswered}"


@pytest.fixture
def session() -> requests.Session:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    return http


# ---------------------------------------------------------------------------- fetch_yahoo


def test_index_close_on_new_york_dates(yahoo_mock, session, sleeps):
    add_chart(yahoo_mock, "^RUT", {"json": payload("chart_rut")})

    loaded = fetch_yahoo("RUT", session=session, **RANGE)

    series = loaded.data
    assert series.name == "RUT" and series.dtype == "float64"
    assert series.index.name == "date" and series.index.tz is None
    # 1545661800 = 2018-12-24 14:30 UTC = 09:30 in New York. 12-27 has a null close and
    # 12-28 is all nulls: both dropped.
    assert list(series.index.strftime("%Y-%m-%d")) == ["2018-12-21", "2018-12-24", "2018-12-26"]
    assert (series.index == series.index.normalize()).all()
    assert series.tolist() == [1292.09, 1266.92, 1329.81]
    assert series.loc["2018-12-24"] == 1266.92

    prov = loaded.provenance
    assert prov.source == "Yahoo Finance"
    assert prov.location == "https://finance.yahoo.com/quote/%5ERUT"
    assert (prov.first, prov.last) == (pd.Timestamp("2018-12-21"), pd.Timestamp("2018-12-26"))
    assert "price close" in prov.note and not prov.stale and not prov.demo

    [call] = chart_calls(yahoo_mock)
    query = parse_qs(urlsplit(call.request.url).query)
    assert urlsplit(call.request.url).path == "/v8/finance/chart/%5ERUT"
    assert query["period1"] == [str(PERIOD1)] and query["period2"] == [str(PERIOD2)]
    assert query["interval"] == ["1d"] and query["crumb"] == [CRUMB]
    # Our session was used, and it carries the cookie from fc.yahoo.com.
    assert all(c.request.headers["User-Agent"] == USER_AGENT for c in yahoo_mock.calls)
    assert "A3=" in call.request.headers["Cookie"]
    assert sleeps == []


def test_bar_stamped_late_evening_keeps_its_new_york_date(yahoo_mock, session):
    data = payload("chart_rut")
    result = data["chart"]["result"][0]
    result["timestamp"][4] = 1546045200  # 2018-12-28 20:00 New York = 2018-12-29 01:00 UTC
    for column, value in {"open": 1331.82, "high": 1342.63, "low": 1320.69, "close": 1337.92}.items():
        result["indicators"]["quote"][0][column][4] = value
    result["indicators"]["adjclose"][0]["adjclose"][4] = 1337.92
    add_chart(yahoo_mock, "^RUT", {"json": data})

    series = fetch_yahoo("RUT", session=session, **RANGE).data

    assert series.index[-1] == pd.Timestamp("2018-12-28") and series.iloc[-1] == 1337.92


def test_etf_uses_adjusted_close(yahoo_mock, session):
    add_chart(yahoo_mock, "IWM", {"json": payload("chart_iwm")})

    loaded = fetch_yahoo("IWM", session=session, **RANGE)

    assert loaded.data.name == "IWM"
    assert loaded.data.tolist() == pytest.approx([116.955376, 114.686775, 120.198799], abs=1e-9)
    assert 124.96 not in loaded.data.tolist()  # the unadjusted close of 2018-12-24
    assert "adjusted close" in loaded.provenance.note
    assert loaded.provenance.location == "https://finance.yahoo.com/quote/IWM"


def _all_null(name: str) -> dict:
    data = payload(name)
    indicators = data["chart"]["result"][0]["indicators"]
    indicators["quote"][0]["close"] = [None] * len(indicators["quote"][0]["close"])
    indicators["adjclose"][0]["adjclose"] = list(indicators["quote"][0]["close"])
    return data


@pytest.mark.parametrize(
    ("key", "answer", "expected", "charts"),
    [
        # Not retried by us; the 2 chart requests are yfinance's own second try after a 404.
        ("RUT", {"status": 404, "json": payload("chart_not_found")},
         f"^RUT: unknown or delisted symbol; Yahoo says '{NOT_FOUND}'", 2),
        ("RUT", {"status": 200, "body": "<!DOCTYPE html><html><head><title>Yahoo</title></head></html>",
                 "content_type": "text/html"}, "^RUT: HTML page instead of JSON", 3),
        ("RUT", {"status": 200, "body": ""}, "^RUT: empty response body", 3),
        ("RUT", {"status": 500, "body": OUTAGE_PAGE, "content_type": "text/html"},
         "^RUT: Yahoo Finance answered with its 'Will be right back' outage page", 6),
        ("RUT", {"status": 429, "body": "Too Many Requests\r\n"}, "^RUT: Yahoo is rate limiting requests (HTTP 429)", 6),
        ("RUT", {"body": requests.ReadTimeout("Read timed out. (read timeout=20)")},
         "^RUT: could not reach Yahoo (ReadTimeout: Read timed out. (read timeout=20))", 3),
        ("RUT", {"body": '{"chart":{"result":[{"meta":'}, "^RUT: unreadable JSON (Expecting value: line 1 column 29", 3),
        ("RUT", {"json": payload("chart_no_timestamps")},
         "^RUT: Yahoo returned no prices from 2018-12-20 to 2018-12-31", 1),
        # ^RUT bars with no close and zero volume are dropped by yfinance itself...
        ("RUT", {"json": _all_null("chart_rut")}, "^RUT: Yahoo returned no prices from 2018-12-20", 1),
        # ... ETF bars with volume are kept, and every close is null.
        ("IWM", {"json": _all_null("chart_iwm")}, "IWM: every close is missing from 2018-12-20", 1),
    ],
    ids=["404", "html", "empty", "500-outage", "429", "timeout", "truncated-json", "no-timestamps",
         "null-closes-dropped", "null-closes-kept"],
)
def test_errors_name_source_and_symbol(yahoo_mock, session, sleeps, key, answer, expected, charts):
    symbol = "^RUT" if key == "RUT" else key
    add_chart(yahoo_mock, symbol, answer)

    with pytest.raises(LoaderError) as caught:
        fetch_yahoo(key, session=session, retries=2, backoff=0.5, **RANGE)

    error = caught.value
    assert error.source == "Yahoo Finance"
    assert error.problem.startswith(expected)
    assert str(error).startswith(f"Yahoo Finance ({yahoo.quote_url(symbol)}): {symbol}: ")
    assert error.location == yahoo.quote_url(symbol)
    assert len(chart_calls(yahoo_mock)) == charts
    # Transient failures were retried twice with backoff, the others not at all.
    assert sleeps == ([0.5, 1.0] if charts > 2 else [])


def test_404_keeps_yfinance_exception_as_cause(yahoo_mock, session):
    add_chart(yahoo_mock, "^RUT", {"status": 404, "json": payload("chart_not_found")})

    with pytest.raises(LoaderError) as caught:
        fetch_yahoo("RUT", session=session, **RANGE)

    assert type(caught.value.__cause__).__module__.startswith("yfinance")


def test_500_then_200_is_retried_by_yfinance(yahoo_mock, session, sleeps):
    add_chart(yahoo_mock, "^RUT", {"status": 500, "body": OUTAGE_PAGE}, {"json": payload("chart_rut")})

    series = fetch_yahoo("RUT", session=session, **RANGE).data

    assert series.loc["2018-12-24"] == 1266.92
    assert len(chart_calls(yahoo_mock)) == 2 and sleeps == []
    assert any(call.request.url.startswith("https://guce.yahoo.com/consent") for call in yahoo_mock.calls)


def test_two_500s_then_200_uses_our_retry(yahoo_mock, session, sleeps):
    add_chart(yahoo_mock, "^RUT", *[{"status": 500, "body": OUTAGE_PAGE}] * 2, {"json": payload("chart_rut")})

    series = fetch_yahoo("RUT", session=session, backoff=0.01, **RANGE).data

    assert series.tolist() == [1292.09, 1266.92, 1329.81]
    assert len(chart_calls(yahoo_mock)) == 3 and sleeps == [0.01]


def test_each_call_uses_the_session_it_is_given(yahoo_mock, session):
    add_chart(yahoo_mock, "^RUT", {"json": payload("chart_rut")})
    add_chart(yahoo_mock, "IWM", {"json": payload("chart_iwm")})
    other = requests.Session()
    other.headers["User-Agent"] = "another-session"

    fetch_yahoo("RUT", session=session, **RANGE)
    fetch_yahoo("IWM", session=other, **RANGE)

    agents = {urlsplit(c.request.url).path: c.request.headers["User-Agent"] for c in chart_calls(yahoo_mock)}
    assert agents == {"/v8/finance/chart/%5ERUT": USER_AGENT, "/v8/finance/chart/IWM": "another-session"}


def test_unknown_key_is_a_loader_error_without_requests(yahoo_mock, session):
    with pytest.raises(LoaderError, match="unknown series key 'NOPE'"):
        fetch_yahoo("NOPE", session=session)
    assert len(yahoo_mock.calls) == 0


# --------------------------------------------------------------------- fetch_yahoo_prices


def test_prices_long_frame_progress_and_failures(yahoo_mock, session):
    add_chart(yahoo_mock, "AAA", {"json": equity("AAA", [10.0, 10.5, None])})
    add_chart(yahoo_mock, "BBB", {"json": equity("BBB", [20.0, 19.0, 21.0])})
    add_chart(yahoo_mock, "GONE", {"status": 404, "json": payload("chart_not_found")})
    add_chart(yahoo_mock, "NULL", {"json": equity("NULL", [None, None, None])})
    add_chart(yahoo_mock, "CCC", {"json": equity("CCC", [5.0, 5.25, 5.5])})
    calls = []

    prices, failures = fetch_yahoo_prices(
        ["BBB", "AAA", "GONE", "NULL", "CCC", "AAA"], session=session, batch_size=2,
        progress=lambda done, total: calls.append((done, total)), **RANGE,
    )

    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert list(prices.columns) == ["date", "ticker", "adj_close"]
    assert pd.api.types.is_datetime64_dtype(prices["date"]) and prices["adj_close"].dtype == "float64"
    assert pd.api.types.is_string_dtype(prices["ticker"])
    rows = [(d.strftime("%Y-%m-%d"), t, v) for d, t, v in prices.itertuples(index=False)]
    assert rows == [
        ("2018-12-21", "AAA", 10.0), ("2018-12-24", "AAA", 10.5),
        ("2018-12-21", "BBB", 20.0), ("2018-12-24", "BBB", 19.0), ("2018-12-26", "BBB", 21.0),
        ("2018-12-21", "CCC", 5.0), ("2018-12-24", "CCC", 5.25), ("2018-12-26", "CCC", 5.5),
    ]
    assert failures == {
        "GONE": f"GONE: unknown or delisted symbol; Yahoo says '{NOT_FOUND}'",
        "NULL": "NULL: every close is missing from 2018-12-20 to 2018-12-31",
    }
    assert chart_symbols(yahoo_mock).count("AAA") == 1  # duplicates fetched once


def test_prices_cancel_between_batches(yahoo_mock, session):
    for symbol in ("AAA", "BBB"):
        add_chart(yahoo_mock, symbol, {"json": equity(symbol, [1.0, 2.0, 3.0])})
    calls = []

    prices, failures = fetch_yahoo_prices(
        ["AAA", "BBB", "CCC", "DDD", "EEE"], session=session, batch_size=2,
        progress=lambda done, total: calls.append((done, total)),
        should_cancel=lambda: len(calls) >= 1, **RANGE,
    )

    assert calls == [(2, 5)]
    assert sorted(prices["ticker"].unique()) == ["AAA", "BBB"] and len(prices) == 6
    assert failures == {"CCC": "cancelled", "DDD": "cancelled", "EEE": "cancelled"}
    assert chart_symbols(yahoo_mock) == ["AAA", "BBB"]


def test_prices_stop_when_rate_limited(yahoo_mock, session, sleeps):
    add_chart(yahoo_mock, "AAA", {"json": equity("AAA", [1.0, 2.0, 3.0])})
    add_chart(yahoo_mock, "BBB", {"status": 429, "body": "Too Many Requests\r\n"})

    prices, failures = fetch_yahoo_prices(
        ["AAA", "BBB", "CCC", "DDD"], session=session, batch_size=3, retries=1, backoff=0.1, **RANGE,
    )

    assert prices["ticker"].unique().tolist() == ["AAA"]
    assert failures["BBB"].startswith("BBB: Yahoo is rate limiting requests (HTTP 429)")
    assert failures["CCC"] == failures["DDD"] == "skipped: Yahoo is rate limiting (HTTP 429)"
    assert "CCC" not in chart_symbols(yahoo_mock) and sleeps == [0.1]


def test_prices_of_no_tickers(yahoo_mock, session):
    prices, failures = fetch_yahoo_prices([], session=session, start="2018-12-20")

    assert prices.empty and list(prices.columns) == ["date", "ticker", "adj_close"]
    assert pd.api.types.is_datetime64_dtype(prices["date"]) and prices["adj_close"].dtype == "float64"
    assert failures == {} and len(yahoo_mock.calls) == 0
