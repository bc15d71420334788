"""FRED loader: pandas-datareader's FredReader against mocked fredgraph answers (offline)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import requests
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from responses import matchers

from loaders.base import LoaderError
from loaders.fred import FRED_CSV_URL, fetch_fred
from loaders.http import retrying_session
from loaders.source import is_unreachable

PAYLOADS = Path(__file__).parent / "payloads"
URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10"
PREFIX = f"FRED ({URL}): DGS10: "


@pytest.fixture
def fred():
    """Register answers for DGS10: ``fred(body=..., status=...)``; returns the mock."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:

        def add(body="", status=200, series="DGS10"):
            mock.get(FRED_CSV_URL, body=body, status=status, content_type="text/csv",
                     match=[matchers.query_param_matcher({"id": series})])
            return mock

        yield add


def payload(name: str) -> str:
    return (PAYLOADS / name).read_text()


def fail(**kwargs) -> LoaderError:
    with pytest.raises(LoaderError) as info:
        fetch_fred("DGS10", **kwargs)
    return info.value


def test_current_header_values_in_percent_and_dots_dropped(fred):
    fred(payload("fred_DGS10.csv"))
    loaded = fetch_fred("DGS10")
    series = loaded.data
    assert series.name == "DGS10" and series.dtype == "float64"
    assert isinstance(series.index, pd.DatetimeIndex) and series.index.name == "date"
    assert series.loc["2018-12-31"] == 2.69  # percent, as published
    # 12 rows in the payload, two of them "." (Christmas and New Year's Day)
    assert len(series) == 10
    assert pd.Timestamp("2018-12-25") not in series.index
    assert pd.Timestamp("2019-01-01") not in series.index
    assert loaded.provenance.source == "FRED"
    assert loaded.provenance.location == URL
    assert loaded.provenance.first == pd.Timestamp("2018-12-20")
    assert loaded.provenance.last == pd.Timestamp("2019-01-04")


def test_legacy_date_header(fred):
    fred(payload("fred_DGS10_legacy.csv"))
    series = fetch_fred("DGS10").data
    assert series.to_dict() == {pd.Timestamp("2018-12-28"): 2.72, pd.Timestamp("2018-12-31"): 2.69,
                                pd.Timestamp("2019-01-02"): 2.66}


def test_start_and_end_truncate(fred):
    fred(payload("fred_DGS10.csv"))
    series = fetch_fred("DGS10", start="2018-12-26", end="2018-12-31").data
    assert list(series.index.strftime("%m-%d")) == ["12-26", "12-27", "12-28", "12-31"]


def test_500_then_success_is_retried(fred):
    fred(status=500)
    mock = fred(payload("fred_DGS10.csv"))
    assert fetch_fred("DGS10").data.loc["2019-01-04"] == 2.67
    assert len(mock.calls) == 2


def test_persistent_500_names_source_series_and_status(fred):
    mock = fred(status=500)
    error = fail()
    assert str(error) == PREFIX + "HTTP 500 after 2 attempts"
    assert (error.source, error.location) == ("FRED", URL)
    assert len(mock.calls) == 2  # bounded: one retry


def test_404_is_not_retried(fred):
    mock = fred(payload("fred_error_page.html"), status=404)
    assert str(fail()) == PREFIX + "HTTP 404 (no such series?)"
    assert len(mock.calls) == 1


def test_works_with_the_apps_retrying_session(fred):
    fred(status=503)
    fred(payload("fred_DGS10.csv"))
    session = retrying_session(total=2, backoff_factor=0)
    assert len(fetch_fred("DGS10", session=session).data) == 10


def test_connection_failure_reads_as_unreachable(fred):
    fred(requests.ConnectionError("Name or service not known"))
    error = fail()
    assert str(error) == PREFIX + "could not connect after 2 attempts (Name or service not known)"
    assert is_unreachable(error)


@pytest.mark.parametrize("body, problem", [
    (payload("fred_error_page.html"), "HTML page instead of CSV (an error page?)"),
    ("", "empty response"),
    ("\n\n", "empty response"),
    ("observation_date,DGS2\n2019-01-02,2.49\n", "CSV header 'observation_date,DGS2' does not name the series"),
    ("observation_date,DGS10,DGS2\n2019-01-02,2.66,2.49\n", "does not name the series"),
    ("observation_date,DGS10\n", "no observations (header only: empty or truncated response)"),
    ("observation_date,DGS10\n2018-12-31,2.69\n2019-01-0", "malformed row '2019-01-0'"),
    ("observation_date,DGS10\n2018-12-31,2.69\n2019-01-02,", "truncated response: last row '2019-01-02,' has no value"),
    ("observation_date,DGS10\n2018-12-31,2.69\n2019-13-45,2.66\n", "unreadable date '2019-13-45'"),
    ("observation_date,DGS10\n2018-12-31,2.69\n2019-01-02,n/a\n", "non-numeric value 'n/a' on 2019-01-02"),
    ("observation_date,DGS10\n2018-12-31,\n2019-01-02,2.66\n", "non-numeric value '' on 2018-12-31"),
    ("observation_date,DGS10\n2019-01-01,.\n2019-01-02,.\n", "every value is missing"),
])
def test_bad_bodies_name_source_series_and_problem(fred, body, problem):
    fred(body)
    message = str(fail())
    assert message.startswith(f"FRED ({URL}): ")
    assert "DGS10" in message.split("): ", 1)[1] and problem in message


def test_invalid_series_id_is_rejected_before_any_request(fred):
    mock = fred(payload("fred_DGS10.csv"))
    with pytest.raises(LoaderError, match="invalid series id 'DGS10&x=1'"):
        fetch_fred("DGS10&x=1")
    assert len(mock.calls) == 0


_ROW = st.builds(
    lambda d, v: f"{d},{v}",
    st.sampled_from(["2019-01-02", "2019-01-03", "2019-1-4", "x", ""]),
    st.sampled_from(["2.66", ".", "", "abc", "1e3", "-0.5", "2.6,6"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=5), header=st.sampled_from(["observation_date,DGS10", "DATE,DGS10", "x"]))
def test_any_body_gives_data_or_loader_error(rows, header):
    body = "\n".join([header, *rows])
    with responses.RequestsMock() as mock:
        mock.get(FRED_CSV_URL, body=body)
        try:
            series = fetch_fred("DGS10").data
        except LoaderError as exc:
            assert exc.source == "FRED"
        else:
            assert series.notna().all() and series.index.is_monotonic_increasing
