"""Ken French loader: pandas-datareader's FamaFrenchReader on mocked zips, local text, the snapshot."""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.base import LoaderError
from loaders.famafrench import fetch_famafrench, parse_famafrench_text
from loaders.source import is_unreachable

PAYLOADS = Path(__file__).parent / "payloads"
ME = "Portfolios_Formed_on_ME"
DAILY = "F-F_Research_Data_Factors_daily"
ZIP_URL = "http://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/Portfolios_Formed_on_ME_CSV.zip"
PREFIX = f"Ken French Data Library ({ZIP_URL}): dataset {ME}: "
DECILES = ["Lo 10", "Dec 2", "Dec 3", "Dec 4", "Dec 5", "Dec 6", "Dec 7", "Dec 8", "Dec 9", "Hi 10"]


def library_text(name: str) -> str:
    """A payload as the library publishes it: CRLF line endings (whatever git did to the file)."""
    text = (PAYLOADS / f"{name}.CSV").read_bytes().decode("utf-8")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def make_zip(name: str, text: str) -> bytes:
    """A ``<name>_CSV.zip`` like the library's: one ``<name>.CSV`` member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.CSV", text.encode("utf-8"))
    return buffer.getvalue()


@pytest.fixture
def library():
    """Register answers for the size-portfolio zip: ``library(body=..., status=...)``."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:

        def add(body=b"", status=200):
            mock.get(ZIP_URL, body=body, status=status, content_type="application/zip")
            return mock

        yield add


def fail(**kwargs) -> LoaderError:
    with pytest.raises(LoaderError) as info:
        fetch_famafrench(ME, **kwargs)
    return info.value


@pytest.fixture
def me_tables(library):
    library(make_zip(ME, library_text(ME)))
    return fetch_famafrench(ME)


class TestSizePortfoliosPayload:
    def test_tables_titles_and_units(self, me_tables):
        tables = me_tables.data
        assert sorted(tables) == [0, 1, 2, 3]
        assert [t.attrs["title"] for t in tables.values()] == [
            "Average Value Weight Returns -- Monthly",
            "Value Weight Returns -- Annual from January to December",
            "Number of Firms in Portfolios",
            "Average Firm Size",
        ]
        assert [t.attrs["unit"] for t in tables.values()] == ["decimal", "decimal", "count", "usd million"]
        assert all(t.attrs["dataset"] == ME for t in tables.values())

    def test_monthly_returns_are_decimals_on_month_ends(self, me_tables):
        vw = me_tables.data[0]
        assert isinstance(vw.index, pd.DatetimeIndex) and vw.index.name == "date"
        assert list(vw.index.strftime("%Y-%m-%d")) == [
            "2018-09-30", "2018-10-31", "2018-11-30", "2018-12-31", "2019-01-31", "2019-02-28"]
        assert vw.loc["2018-12-31", "Lo 10"] == pytest.approx(0.0123)  # 1.23 percent in the file
        assert vw.loc["2018-09-30", "Lo 30"] == pytest.approx(-0.0313)
        assert (vw.dtypes == "float64").all()

    def test_sentinels_become_nan_without_dropping_rows(self, me_tables):
        vw, size = me_tables.data[0], me_tables.data[3]
        assert vw["<= 0"].isna().all()  # -99.99 throughout
        assert math.isnan(vw.loc["2019-01-31", "Hi 10"])  # -99.99 in one cell
        assert vw.loc["2019-01-31", "Lo 10"] == pytest.approx(-0.0073)  # the row is kept
        assert math.isnan(size.loc["2018-10-31", "Dec 5"])  # -999
        assert len(vw) == len(size) == 6

    def test_columns_normalised(self, me_tables):
        columns = list(me_tables.data[0].columns)
        assert columns[:10] == ["<= 0", "Lo 30", "Med 40", "Hi 30", "Lo 20", "Qnt 2", "Qnt 3", "Qnt 4", "Hi 20",
                                "Lo 10"]
        assert columns[9:] == DECILES

    def test_annual_returns_on_december_31(self, me_tables):
        annual = me_tables.data[1]
        assert annual.index[0] == pd.Timestamp("2013-12-31")
        assert annual.loc["2018-12-31", "Lo 10"] == pytest.approx(-0.215)

    def test_counts_and_sizes_are_not_scaled(self, me_tables):
        firms, size = me_tables.data[2], me_tables.data[3]
        assert firms.loc["2018-12-31", "Lo 30"] == 1810.0
        assert firms.loc["2018-12-31", "<= 0"] == 0.0  # a real zero, not a sentinel
        assert size.loc["2018-09-30", "Lo 30"] == 12.5  # millions of dollars

    def test_provenance(self, me_tables):
        provenance = me_tables.provenance
        assert provenance.source == "Ken French Data Library"
        assert provenance.location == ZIP_URL
        assert provenance.note == "This file was created using the 201902 CRSP database."
        assert (provenance.first, provenance.last) == (pd.Timestamp("2018-09-30"), pd.Timestamp("2019-02-28"))

    def test_local_text_goes_through_the_same_parser(self, me_tables):
        local = parse_famafrench_text(ME, library_text(ME), location="/data/famafrench/x.CSV")
        assert local.provenance.source == "local directory"
        assert local.provenance.location == "/data/famafrench/x.CSV"
        assert local.provenance.note == me_tables.provenance.note
        for key, table in me_tables.data.items():
            pd.testing.assert_frame_equal(local.data[key], table)
            assert local.data[key].attrs == table.attrs

    def test_lf_only_copy_parses_the_same(self, me_tables):
        lf = parse_famafrench_text(ME, library_text(ME).replace("\r\n", "\n"), location="x")
        pd.testing.assert_frame_equal(lf.data[0], me_tables.data[0])


def test_daily_factors_on_trading_days():
    loaded = parse_famafrench_text(DAILY, library_text(DAILY), location="x", source="test")
    (table,) = loaded.data.values()
    assert table.attrs == {"title": "F-F Research Data Factors daily", "unit": "decimal", "dataset": DAILY}
    assert list(table.columns) == ["Mkt-RF", "SMB", "HML", "RF"]
    assert table.index[0] == pd.Timestamp("2018-12-03") and table.index[-1] == pd.Timestamp("2019-01-07")
    assert pd.Timestamp("2018-12-25") not in table.index and pd.Timestamp("2018-12-05") not in table.index
    assert table.loc["2018-12-24", "Mkt-RF"] == pytest.approx(-0.0271)
    assert table.loc["2018-12-24", "RF"] == pytest.approx(0.00009)
    assert loaded.provenance.note == "This file was created by CMPT_ME_BEME_RETS_DAILY using the 201902 CRSP database."


class TestDownloadErrors:
    def test_500_then_success_is_retried(self, library):
        library(status=500)
        mock = library(make_zip(ME, library_text(ME)))
        assert sorted(fetch_famafrench(ME).data) == [0, 1, 2, 3]
        assert len(mock.calls) == 2

    def test_persistent_500(self, library):
        mock = library(status=500)
        error = fail()
        assert str(error) == PREFIX + "HTTP 500 after 2 attempts"
        assert (error.source, error.location) == ("Ken French Data Library", ZIP_URL)
        assert len(mock.calls) == 2

    def test_404_is_not_retried(self, library):
        mock = library(b"<html><body>Not Found</body></html>", status=404)
        assert str(fail()) == PREFIX + "HTTP 404 (no such dataset?)"
        assert len(mock.calls) == 1

    def test_unreachable_host(self, library):
        library(requests.ConnectionError("Failed to resolve 'mba.tuck.dartmouth.edu'"))
        error = fail()
        assert str(error) == PREFIX + "could not connect after 2 attempts (Failed to resolve 'mba.tuck.dartmouth.edu')"
        assert is_unreachable(error)

    @pytest.mark.parametrize("body, problem", [
        (b"<!DOCTYPE html>\n<html><head><title>Moved</title></head></html>",
         "HTML page instead of a zip archive (an error page?)"),
        (b"", "empty response instead of a zip archive"),
        (b"Date,Mkt-RF\r\n192607,2.96\r\n", "response is not a zip archive"),
    ])
    def test_not_a_zip(self, library, body, problem):
        library(body)
        assert str(fail()) == PREFIX + problem

    def test_truncated_zip(self, library):
        whole = make_zip(ME, library_text(ME))
        library(whole[: len(whole) // 2])
        assert str(fail()) == PREFIX + f"truncated or corrupt zip archive ({len(whole) // 2} bytes)"

    def test_zip_without_tables(self, library):
        library(make_zip(ME, "This file was created using the 201902 CRSP database.\r\n\r\nCopyright 2019\r\n"))
        assert str(fail()) == PREFIX + "no tables in the file"


class TestTextErrors:
    def test_no_tables(self):
        with pytest.raises(LoaderError) as info:
            parse_famafrench_text(ME, "<html><body>Not Found</body></html>", location="/d/ME.CSV")
        assert str(info.value) == f"local directory (d/ME.CSV): dataset {ME}: no tables in the file"

    def test_non_numeric_value_names_table(self):
        text = library_text(ME).replace("    1.23,", "    1.2x,")
        with pytest.raises(LoaderError) as info:
            parse_famafrench_text(ME, text, location="/d/ME.CSV")
        message = str(info.value)
        assert message.startswith(f"local directory (d/ME.CSV): dataset {ME}, table 0 "
                                  "(Average Value Weight Returns -- Monthly): non-numeric value '1.2x'")

    @settings(max_examples=40, deadline=None)
    @given(cut=st.integers(min_value=0, max_value=len(library_text(ME))))
    def test_any_truncation_gives_tables_or_loader_error(self, cut):
        try:
            loaded = parse_famafrench_text(ME, library_text(ME)[:cut], location="x")
        except LoaderError as exc:
            assert exc.source == "local directory" and ME in exc.problem
        else:
            assert all(isinstance(t.index, pd.DatetimeIndex) for t in loaded.data.values())


@pytest.mark.shared_data
class TestSnapshot:
    """The real library files in ../shared/data/famafrench (read in place, never copied)."""

    @pytest.fixture(scope="class")
    def me(self, shared_data):
        path = shared_data / "famafrench" / f"{ME}.CSV"
        return parse_famafrench_text(ME, path.read_bytes().decode("utf-8"), location=str(path))

    def test_value_weighted_lo_10_is_file_value_over_100(self, me):
        vw = me.data[0]
        assert vw.attrs["title"] == "Average Value Weight Returns -- Monthly"
        # the file's row "201812,  -99.99,  -11.99, ..." has Lo 10 = -12.99 (tenth value)
        assert vw.loc["2018-12-31", "Lo 10"] == pytest.approx(-0.1299)
        assert vw.loc["1926-07-31", "Hi 10"] == pytest.approx(0.0367)
        assert vw[DECILES].abs().max().max() < 1.5

    def test_number_of_firms_and_firm_size_not_scaled(self, me):
        assert [t.attrs["unit"] for t in me.data.values()] == [
            "decimal", "decimal", "decimal", "decimal", "count", "usd million"]
        assert me.data[4].attrs["title"] == "Number of Firms in Portfolios"
        assert me.data[4].loc["2018-12-31", "Lo 10"] == 1245.0
        assert me.data[5].loc["2018-12-31", "Lo 10"] == 127.01
        assert me.provenance.note == "This file was created using the 202602 CRSP database."
        assert me.provenance.last == pd.Timestamp("2026-02-28")

    def test_zip_download_of_the_real_file_matches_local_parse(self, me, shared_data, library):
        text = (shared_data / "famafrench" / f"{ME}.CSV").read_bytes().decode("utf-8")
        library(make_zip(ME, text))
        fetched = fetch_famafrench(ME)
        for key, table in me.data.items():
            pd.testing.assert_frame_equal(fetched.data[key], table)

    def test_daily_factors(self, shared_data):
        path = shared_data / "famafrench" / f"{DAILY}.CSV"
        (table,) = parse_famafrench_text(DAILY, path.read_bytes().decode("utf-8"), location=str(path)).data.values()
        assert isinstance(table.index, pd.DatetimeIndex)
        assert table.index[:2].strftime("%Y-%m-%d").tolist() == ["1926-07-01", "1926-07-02"]
        assert table.index.is_unique and table.index.is_monotonic_increasing
        assert table.loc["1926-07-01", "Mkt-RF"] == pytest.approx(0.0009)  # file: 0.09 percent
        assert len(table) == 26023

    def test_monthly_factors_untitled_table(self, shared_data):
        path = shared_data / "famafrench" / "F-F_Research_Data_Factors.CSV"
        tables = parse_famafrench_text("F-F_Research_Data_Factors", path.read_text(), location=str(path)).data
        assert tables[0].attrs["title"] == "F-F Research Data Factors"  # the file gives it no title
        assert tables[1].attrs["title"] == "Annual Factors: January-December"
        assert tables[0].loc["1926-07-31", "Mkt-RF"] == pytest.approx(0.0296)
        assert tables[1].loc["2024-12-31", "RF"] == pytest.approx(0.0526)
