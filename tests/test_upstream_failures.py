"""Failing upstream sources with the app's own retrying session: bounded retries with backoff,
then a LoaderError naming the source and the problem; a bad answer is never cached.

The per-loader tests (tests/test_loader_*.py) cover each source's answers on a plain session;
here the session is :func:`loaders.http.retrying_session`, as the app builds it. ``responses``
replays urllib3's status retries without sleeping; timeouts and the backoff schedule need a
real socket, so a few tests talk to a throwaway HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest
import requests
import responses
from flask import Flask
from responses import matchers
from urllib3.response import HTTPResponse

from loaders.base import LoaderError
from loaders.cache import LoaderCache, make_cache
from loaders.famafrench import fetch_famafrench
from loaders.fred import FRED_CSV_URL, fetch_fred
from loaders.http import MAX_RETRY_AFTER, BoundedRetry, retrying_session
from loaders.ishares import fetch_ishares_holdings, holdings_url
from loaders.sec import FRAMES_URL, RateLimiter, SecClient
from loaders.source import DataSource, Fetchers, is_unreachable
from loaders.universe import UniverseData, UniverseFetchers

FRED_URL = f"{FRED_CSV_URL}?id=DGS10"
FF_URL = "http://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/Portfolios_Formed_on_ME_CSV.zip"
SEC_URL = FRAMES_URL.format(concept="StockholdersEquity", period="CY2018Q4I")
GOOD_CSV = "observation_date,DGS10\n2019-01-02,2.66\n2019-01-03,2.56\n"
AGENT = "Small-Cap Monitor tests tests@example.org"


def session():
    return retrying_session(backoff_factor=0)  # the app's retries, without the waits


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


class TestStatusRetriesAreBounded:
    """Total requests for a persistent failure: 1 + 3 retries, never retries on top of retries."""

    @pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
    def test_fred(self, mock, status):
        mock.get(FRED_CSV_URL, status=status, body="busy", match=[matchers.query_param_matcher({"id": "DGS10"})])
        with pytest.raises(LoaderError) as info:
            fetch_fred("DGS10", session=session())
        assert str(info.value) == f"FRED ({FRED_URL}): DGS10: HTTP {status} after 4 attempts"
        assert len(mock.calls) == 4

    def test_fred_recovers_within_the_retries(self, mock):
        for status in (429, 503, 500):
            mock.get(FRED_CSV_URL, status=status)
        mock.get(FRED_CSV_URL, body=GOOD_CSV)
        assert fetch_fred("DGS10", session=session()).data.tolist() == [2.66, 2.56]
        assert len(mock.calls) == 4

    def test_fred_client_errors_and_bad_bodies_are_not_retried(self, mock):
        mock.get(FRED_CSV_URL, status=404, body="<html>Not Found</html>")
        with pytest.raises(LoaderError, match=r"DGS10: HTTP 404 \(no such series\?\)$"):
            fetch_fred("DGS10", session=session())
        mock.replace(responses.GET, FRED_CSV_URL, body="<!DOCTYPE html><html><body>Sorry</body></html>")
        with pytest.raises(LoaderError, match=r"DGS10: HTML page instead of CSV \(an error page\?\)$"):
            fetch_fred("DGS10", session=session())
        assert len(mock.calls) == 2

    def test_ken_french(self, mock):
        mock.get(FF_URL, status=503)
        with pytest.raises(LoaderError) as info:
            fetch_famafrench("Portfolios_Formed_on_ME", session=session())
        assert str(info.value) == (f"Ken French Data Library ({FF_URL}): dataset Portfolios_Formed_on_ME: "
                                   "HTTP 503 after 4 attempts")
        assert len(mock.calls) == 4

    @pytest.mark.parametrize(("status", "problem"), [
        (429, "HTTP 429 Too Many Requests for StockholdersEquity CY2018Q4I: SEC allows at most 10 requests a "
              "second; try again in a few minutes"),
        (500, "HTTP 500 server error for StockholdersEquity CY2018Q4I"),
    ])
    def test_sec(self, mock, status, problem):
        mock.get(SEC_URL, status=status)
        client = SecClient(AGENT, session=retrying_session(user_agent=AGENT, backoff_factor=0),
                           limiter=RateLimiter(1000))
        with pytest.raises(LoaderError) as info:
            client.frame("StockholdersEquity", "CY2018Q4I")
        assert str(info.value) == f"SEC EDGAR ({SEC_URL}): {problem}"
        assert len(mock.calls) == 4 and mock.calls[0].request.headers["User-Agent"] == AGENT

    def test_ishares(self, mock):
        mock.get(holdings_url("IWM"), status=502)
        with pytest.raises(LoaderError) as info:
            fetch_ishares_holdings("IWM", session=session())
        assert str(info.value) == f"iShares ({holdings_url('IWM')}): HTTP 502 for the IWM holdings"
        assert len(mock.calls) == 4


class TestBodies:
    @pytest.mark.parametrize(("body", "problem"), [
        ("", "empty response instead of JSON for StockholdersEquity CY2018Q4I"),
        ('{"taxonomy": "us-gaap", "data": [{"cik": 3', "unreadable JSON for StockholdersEquity CY2018Q4I"),
        ("<html><body>Request Rate Threshold Exceeded</body></html>",
         "HTML page instead of JSON for StockholdersEquity CY2018Q4I (an error or block page?)"),
    ])
    def test_sec_empty_truncated_or_html(self, mock, body, problem):
        mock.get(SEC_URL, body=body, content_type="application/json")
        client = SecClient(AGENT, session=session(), limiter=RateLimiter(1000))
        with pytest.raises(LoaderError) as info:
            client.frame("StockholdersEquity", "CY2018Q4I")
        assert str(info.value).startswith(f"SEC EDGAR ({SEC_URL}): {problem}")
        assert len(mock.calls) == 1

    def test_ishares_empty_body(self, mock):
        mock.get(holdings_url("IJR"), body="", content_type="text/csv")
        with pytest.raises(LoaderError, match=r"^iShares \(.*\): empty response instead of the IJR holdings CSV$"):
            fetch_ishares_holdings("IJR", session=session())

    @pytest.mark.parametrize(("error", "problem"), [
        (requests.ReadTimeout("Read timed out. (read timeout=20)"),
         "no answer from SEC within 20 seconds for StockholdersEquity CY2018Q4I (ReadTimeout)"),
        (requests.ConnectionError("Failed to resolve 'data.sec.gov'"),
         "could not reach SEC for StockholdersEquity CY2018Q4I (ConnectionError)"),
    ])
    def test_sec_timeouts_and_unreachable(self, mock, error, problem):
        mock.get(SEC_URL, body=error)
        client = SecClient(AGENT, session=session(), limiter=RateLimiter(1000))
        with pytest.raises(LoaderError) as info:
            client.frame("StockholdersEquity", "CY2018Q4I")
        assert str(info.value) == f"SEC EDGAR ({SEC_URL}): {problem}"

    def test_the_user_agent_is_never_echoed(self, mock):
        mock.get(SEC_URL, status=403, body="<html>Forbidden</html>")
        client = SecClient(AGENT, session=session(), limiter=RateLimiter(1000))
        with pytest.raises(LoaderError) as info:
            client.frame("StockholdersEquity", "CY2018Q4I")
        assert "tests@example.org" not in str(info.value)
        assert str(info.value).endswith("SEC refuses requests without a descriptive User-Agent; check that "
                                        "SMALLCAP_SEC_USER_AGENT is 'Name email@example.org'")


class TestBackoff:
    def test_waits_grow_and_retry_after_is_capped(self):
        retry = retrying_session().get_adapter("https://example.org").max_retries
        assert isinstance(retry, BoundedRetry) and (retry.total, retry.connect, retry.read) == (3, 1, 1)
        waits = []
        for _ in range(3):
            retry = retry.increment(method="GET", url="/", response=HTTPResponse(status=503))
            waits.append(retry.get_backoff_time())
        assert waits == [0, 1.0, 2.0]  # 0.5 s factor: no wait before the first retry, then doubling
        for header, expected in (("3600", MAX_RETRY_AFTER), ("2", 2.0), ("soon", None)):
            assert retry.get_retry_after(HTTPResponse(status=429, headers={"Retry-After": header})) == expected
        assert MAX_RETRY_AFTER == 10.0

    def test_a_server_asking_for_an_hour_holds_a_request_ten_seconds_at_most(self, monkeypatch):
        slept = []
        monkeypatch.setattr(time, "sleep", slept.append)
        retry = retrying_session().get_adapter("https://example.org").max_retries
        retry.sleep(HTTPResponse(status=429, headers={"Retry-After": "3600"}))
        retry.sleep(HTTPResponse(status=503, headers={"Retry-After": "soon"}))  # unreadable: plain backoff
        assert slept == [MAX_RETRY_AFTER]


class _Server:
    """A real HTTP server on 127.0.0.1 answering from a list of ``(delay seconds, status, body)``."""

    def __init__(self, answers):
        self.answers, self.requests = list(answers), 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                delay, status, body = server.answers[min(server.requests, len(server.answers) - 1)]
                server.requests += 1
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout): nothing to answer
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/graph/fredgraph.csv"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    made = []

    def start(*answers):
        made.append(_Server(answers))
        monkeypatch.setattr("loaders.fred.FRED_CSV_URL", made[-1].url)
        monkeypatch.setattr("pandas_datareader.fred.FredReader.url", property(lambda self: made[-1].url))
        return made[-1]

    yield start
    for item in made:
        item.close()


class TestOverARealSocket:
    def test_a_host_that_does_not_answer_in_time_is_given_up_after_two_attempts(self, server):
        slow = server((1.0, 200, GOOD_CSV.encode()))
        with pytest.raises(LoaderError) as info:
            fetch_fred("DGS10", session=retrying_session(backoff_factor=0), timeout=0.2)
        assert slow.requests == 2  # one retry of a read timeout, not 1 + 3
        assert "DGS10: no answer within 0.2 seconds, 2 attempts (" in str(info.value)
        assert "Read timed out" in str(info.value) and is_unreachable(info.value)

    def test_server_errors_are_retried_with_growing_waits(self, server, monkeypatch):
        flaky = server((0, 503, b"busy"), (0, 503, b"busy"), (0, 500, b"oops"), (0, 200, GOOD_CSV.encode()))
        waits = []
        real_sleep = time.sleep
        here = threading.get_ident()  # (another thread's sleep, a server's or a browser's, is not the retry's)
        monkeypatch.setattr(time, "sleep", lambda s: (waits.append(s) if threading.get_ident() == here else None,
                                                      real_sleep(min(s, 0.01))))
        assert fetch_fred("DGS10", session=retrying_session(backoff_factor=0.5)).data.tolist() == [2.66, 2.56]
        assert flaky.requests == 4
        assert [w for w in waits if w > 0] == [1.0, 2.0]


# ---------------------------------------------------------------------- never cached


@pytest.fixture
def live_source(make_config):
    config = make_config("live")
    fetch = lambda key: fetch_fred(key, session=session())  # noqa: E731 - the real loader, mocked HTTP
    source = DataSource(config, LoaderCache(make_cache(config, Flask("t"))), Fetchers(fetch, fetch, fetch))
    return source


@pytest.mark.parametrize("answer", [
    {"body": "<!DOCTYPE html><html><body>Maintenance</body></html>"}, {"body": ""},
    {"body": "observation_date,DGS10\n2019-01-02,2.66\n2019-01-03,"}, {"status": 500},
    {"body": requests.ReadTimeout("Read timed out.")},
])
def test_a_bad_answer_is_never_cached(mock, live_source, answer):
    mock.get(FRED_CSV_URL, **answer)
    with pytest.raises(LoaderError, match=r"^live: DGS10: fetch failed and no cached copy: FRED \("):
        live_source.series("DGS10")
    assert live_source.cache.get("live:series:DGS10") is None
    mock.replace(responses.GET, FRED_CSV_URL, body=GOOD_CSV)
    results = live_source.refresh([("series", "DGS10")])
    assert results == [("series", "DGS10", True, "2019-01-02..2019-01-03")]
    assert live_source.cache.get("live:series:DGS10").loaded.data.tolist() == [2.66, 2.56]


def test_a_failed_ishares_download_keeps_the_last_good_list(mock, make_config):
    config = make_config("live")
    now = [1_700_000_000.0]
    cache = LoaderCache(make_cache(config, Flask("t")), clock=lambda: now[0])
    universe = UniverseData(config, cache, fetchers=UniverseFetchers(
        ishares=lambda fund: fetch_ishares_holdings(fund, session=session()), sec=None, yahoo=None))
    mock.get(holdings_url("IWM"), body="Ticker,Name,Sector,Asset Class,Weight (%)\nAAA,Alpha,Tech,Equity,1.0\n")
    assert universe.members("ishares:IWM").data["ticker"].tolist() == ["AAA"]
    stored = cache.get("live:universe:members:ishares:IWM").stored_at
    mock.replace(responses.GET, holdings_url("IWM"), body="<html>moved</html>", content_type="text/html")
    now[0] += config.ttl("ishares") + 60  # expired: fetched again, and that fails
    loaded = universe.members("ishares:IWM")
    assert loaded.data["ticker"].tolist() == ["AAA"] and loaded.provenance.stale
    assert loaded.provenance.note.endswith("HTML page instead of the holdings CSV (the download link may have "
                                           "changed)")
    assert cache.get("live:universe:members:ishares:IWM").stored_at == stored  # the failure stored nothing
    assert len(mock.calls) == 2
