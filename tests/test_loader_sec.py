"""SEC EDGAR frames loader: hand-written payloads in the real formats, HTTP mocked with responses."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses
from responses import matchers

from loaders.base import LoaderError
from loaders.sec import (
    FRAMES_URL,
    INSTANT_CONCEPTS,
    TICKERS_URL,
    FetchCancelled,
    RateLimiter,
    SecClient,
    SecNotFound,
    calendar_quarters,
    fetch_sec_statements,
    parse_frame,
)

PAYLOADS = Path(__file__).parent / "payloads"
USER_AGENT = "Small-Cap Monitor tests tests@example.org"


def _payload(name: str) -> dict:
    return json.loads((PAYLOADS / name).read_text())


def _client() -> SecClient:
    return SecClient(USER_AGENT, session=requests.Session(), limiter=RateLimiter(1000))


def _mock_quarter(rsps, *, skip: tuple[str, ...] = ()) -> None:
    """Register company_tickers and every frame of CY2018Q4, answering 404 for ``skip``."""
    ua = [matchers.header_matcher({"User-Agent": USER_AGENT})]
    rsps.get(TICKERS_URL, json=_payload("sec_company_tickers.json"), match=ua)
    for concept, period in [(c, "CY2018Q4I") for c in INSTANT_CONCEPTS] + [
            ("NetIncomeLoss", "CY2018Q4"), ("NetIncomeLoss", "CY2018")]:
        url = FRAMES_URL.format(concept=concept, period=period)
        if concept in skip:
            rsps.get(url, status=404, body="<?xml version='1.0'?><Error><Code>NoSuchKey</Code></Error>")
        else:
            rsps.get(url, json=_payload(f"sec_frame_{concept}_{period}.json"), match=ua)


class TestStatements:
    @responses.activate
    def test_builds_statement_rows_from_frames(self):
        _mock_quarter(responses)
        calls = []
        rows, missing = fetch_sec_statements(_client(), start="2018-10-01", end="2018-12-31",
                                             progress=lambda done, total: calls.append((done, total)))
        assert missing == {}
        assert calls[-1] == (9, 9) and len(calls) == 9  # tickers + 6 instant + quarter + year
        assert responses.calls[0].request.headers["User-Agent"] == USER_AGENT
        table = rows.set_index(["ticker", "statement"])
        assert sorted(table.index) == sorted([
            ("AAON", "annual"), ("AAON", "quarterly"), ("AAPL", "quarterly"), ("BRK-A", "annual"),
            ("BRK-A", "quarterly"), ("BRK-B", "annual"), ("BRK-B", "quarterly"), ("DENN", "annual"),
            ("DENN", "quarterly"), ("ENTG", "quarterly")])  # CIK 1234567 has no ticker: dropped
        apple = table.loc[("AAPL", "quarterly")]
        # No LongTermDebt: current 9.772bn + noncurrent 92.989bn; fiscal Q1 -> end + 45 days.
        assert apple["total_debt"] == 102_761_000_000
        assert apple["net_income"] == 19_965_000_000
        assert (apple["period_end"], apple["publish_date"]) == (pd.Timestamp("2018-12-29"),
                                                                pd.Timestamp("2019-02-12"))
        denny = table.loc[("DENN", "annual")]
        # LongTermDebt (240m, includes the current 3m) + ShortTermBorrowings 10m; year end + 90 days.
        assert denny["total_debt"] == 250_000_000 and denny["total_equity"] == -132_821_000
        assert denny["publish_date"] == pd.Timestamp("2019-03-26") and denny["net_income"] == 122_010_000
        assert table.loc[("DENN", "quarterly"), "publish_date"] == pd.Timestamp("2019-03-26")
        assert table.loc[("BRK-B", "annual"), "net_income"] == 4_021_000_000
        assert table.loc[("BRK-A", "quarterly"), "net_income"] == -25_389_000_000
        assert table.loc[("BRK-B", "annual"), "total_debt"] == 2_000_000_000
        aaon = table.loc[("AAON", "annual")]
        assert math.isnan(aaon["total_debt"]) and aaon["total_liabilities"] == 79_855_000  # no debt line
        entegris = table.loc[("ENTG", "quarterly")]
        # Its LongTermDebt fact ends 2018-09-29, not with the balance sheet: not combined.
        assert math.isnan(entegris["total_debt"]) and entegris["publish_date"] == pd.Timestamp("2019-02-14")
        assert rows["fiscal_year"].eq(2018).all()

    @responses.activate
    def test_missing_frame_is_reported_not_fatal(self):
        _mock_quarter(responses, skip=("ShortTermBorrowings",))
        rows, missing = fetch_sec_statements(_client(), start="2018-10-01", end="2018-12-31")
        assert list(missing) == ["ShortTermBorrowings CY2018Q4I"]
        assert "HTTP 404" in missing["ShortTermBorrowings CY2018Q4I"]
        denny = rows.set_index(["ticker", "statement"]).loc[("DENN", "annual")]
        assert denny["total_debt"] == 240_000_000

    @responses.activate
    def test_ticker_filter(self):
        _mock_quarter(responses)
        rows, _ = fetch_sec_statements(_client(), start="2018-10-01", end="2018-12-31", tickers=["brk-b"])
        assert set(rows["ticker"]) == {"BRK-B"}

    @responses.activate
    def test_cancel_stops_before_the_next_request(self):
        _mock_quarter(responses)
        checks = iter([False, False, False, True])
        with pytest.raises(FetchCancelled, match="cancelled after 3 of 9 requests"):
            fetch_sec_statements(_client(), start="2018-10-01", end="2018-12-31",
                                 should_cancel=lambda: next(checks))
        assert len(responses.calls) == 3

    def test_no_complete_quarter(self):
        with pytest.raises(LoaderError, match="no complete calendar quarter"):
            fetch_sec_statements(_client(), start="2018-10-01", end="2018-12-30")


class TestErrors:
    URL = FRAMES_URL.format(concept="StockholdersEquity", period="CY2018Q4I")

    @responses.activate
    @pytest.mark.parametrize(("status", "body", "headers", "message"), [
        (403, "<html>Forbidden</html>", {}, "HTTP 403 Forbidden for StockholdersEquity CY2018Q4I: SEC refuses "
                                             "requests without a descriptive User-Agent"),
        (429, "", {}, "HTTP 429 Too Many Requests for StockholdersEquity CY2018Q4I"),
        (500, "oops", {}, "HTTP 500 server error for StockholdersEquity CY2018Q4I"),
        (200, (PAYLOADS / "sec_error_page.html").read_text(), {"Content-Type": "text/html"},
         "HTML page instead of JSON for StockholdersEquity CY2018Q4I"),
        (200, "{not json", {"Content-Type": "application/json"}, "unreadable JSON"),
        (200, '{"taxonomy": "us-gaap"}', {"Content-Type": "application/json"}, "no 'data' list"),
    ])
    def test_http_problems_name_sec(self, status, body, headers, message):
        responses.get(self.URL, status=status, body=body, headers=headers)
        with pytest.raises(LoaderError) as info:
            _client().frame("StockholdersEquity", "CY2018Q4I")
        assert str(info.value).startswith(f"SEC EDGAR ({self.URL}): ")
        assert message in str(info.value)

    @responses.activate
    def test_404_is_not_found(self):
        responses.get(self.URL, status=404)
        with pytest.raises(SecNotFound, match="HTTP 404: no data for StockholdersEquity CY2018Q4I"):
            _client().frame("StockholdersEquity", "CY2018Q4I")

    @responses.activate
    def test_unreachable(self):
        responses.get(self.URL, body=requests.ConnectionError("no route"))
        with pytest.raises(LoaderError, match="could not reach SEC") as info:
            _client().frame("StockholdersEquity", "CY2018Q4I")
        assert isinstance(info.value.__cause__, requests.ConnectionError)

    def test_user_agent_needs_an_email(self):
        with pytest.raises(LoaderError, match="SEC EDGAR: User-Agent 'smallcap-monitor' has no contact e-mail"):
            SecClient("smallcap-monitor", session=requests.Session())


class TestRateLimiter:
    def test_at_most_ten_requests_in_any_second(self):
        now = [0.0]
        limiter = RateLimiter(10, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
        stamps = []
        for _ in range(35):
            limiter.wait()
            stamps.append(now[0])
            now[0] += 0.01  # each request takes 10 ms
        assert all(stamps[i + 10] - stamps[i] >= 1.0 - 1e-9 for i in range(len(stamps) - 10))
        assert stamps[-1] == pytest.approx(3.0 + 0.04)  # 35 requests: three full seconds of waiting

    def test_no_wait_when_slow(self):
        now, slept = [0.0], []
        limiter = RateLimiter(10, clock=lambda: now[0], sleep=slept.append)
        for _ in range(20):
            limiter.wait()
            now[0] += 0.2
        assert slept == []

    def test_instances_are_independent(self):
        a, b = RateLimiter(1, clock=lambda: 0.0, sleep=lambda s: None), RateLimiter(1)
        a.wait()
        assert len(b._stamps) == 0


def test_calendar_quarters():
    assert calendar_quarters("2017-09-15", "2018-06-30") == [(2017, 3), (2017, 4), (2018, 1), (2018, 2)]
    assert calendar_quarters("2018-01-01", "2018-06-29") == [(2018, 1)]


def test_parse_frame_keeps_the_later_of_two_facts():
    payload = _payload("sec_frame_StockholdersEquity_CY2018Q4I.json")
    payload["data"].append({**payload["data"][0], "end": "2018-12-30", "val": 1.0})
    frame = parse_frame(payload, location="x").set_index("cik")
    assert frame.loc[320193, "val"] == 1.0
