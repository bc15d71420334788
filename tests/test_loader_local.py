"""Local directory source: the real snapshot, and malformed files named with their problem."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.base import LoaderError
from loaders.local import LocalDirectory


class TestSnapshot:
    @pytest.fixture(scope="class")
    def local(self, shared_data):
        return LocalDirectory(shared_data)

    def test_dgs10_in_percent(self, local):
        loaded = local.load_series("DGS10")
        assert loaded.data.loc["2025-01-13"] == 4.79
        assert loaded.provenance.source == "local directory"
        assert loaded.provenance.location.endswith("fred/DGS10.csv")
        assert loaded.provenance.first == pd.Timestamp("1962-01-02")

    def test_rut_close(self, local):
        rut = local.load_series("RUT").data
        assert rut.loc["2018-12-24"] == 1266.92
        assert rut.index.is_monotonic_increasing and rut.index.is_unique
        assert rut.dtype == "float64" and rut.index.name == "date"

    def test_etf_adjusted_close_and_blank_fred_rows(self, local):
        assert local.load_series("IWM").data.notna().all()
        baa = local.load_series("BAA10Y").data  # 442 blank rows in the file
        assert baa.notna().all() and len(baa) == 10571 - 442

    def test_ken_french_small_decile_is_decimal(self, local, shared_data):
        tables = local.load_famafrench("Portfolios_Formed_on_ME").data
        vw = tables[0]
        # The file's value-weighted "Lo 10" return for 2018-12, read from the text by hand below.
        text = (shared_data / "famafrench" / "Portfolios_Formed_on_ME.CSV").read_text()
        row = next(line for line in text.splitlines() if line.startswith("201812"))
        header = next(line for line in text.splitlines() if ",Lo 10," in line).split(",")
        percent = float(row.split(",")[header.index("Lo 10")])
        assert vw.loc["2018-12-31", "Lo 10"] == pytest.approx(percent / 100)
        assert abs(vw["Lo 10"]).max() < 1.5  # decimals, not percent

    def test_available_series_lists_only_present_files(self, local):
        keys = local.available_series()
        assert "RUT" in keys and "DGS10" in keys
        assert "SP600" not in keys and "RUI" not in keys and "MID" not in keys


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "fred").mkdir()
    (tmp_path / "indexes").mkdir()
    return tmp_path


@pytest.mark.parametrize("content, problem", [
    ("date,DGS10\n2025-01-13,4.79\n2025-13-45,4.80\n", "unreadable date '2025-13-45'"),
    ("date,DGS10\n2025-01-13,4.79\n2025-01-14,four\n", "non-numeric value 'four'"),
    ("date,DGS10\n2025-01-13,4.79\n2025-01-13,4.81\n", "duplicate date 2025-01-13 with different values"),
    ("date,DGS10\n", "no observations"),
    ("date,VALUE\n2025-01-13,4.79\n", "no column named 'DGS10'"),
    ("when,DGS10\n2025-01-13,4.79\n", "first column should be 'date'"),
])
def test_malformed_fred_file_names_file_and_problem(folder, content, problem):
    (folder / "fred" / "DGS10.csv").write_text(content)
    with pytest.raises(LoaderError) as info:
        LocalDirectory(folder).load_series("DGS10")
    message = str(info.value)
    assert message.startswith("local directory (")
    assert "fred/DGS10.csv" in message and problem in message


def test_identical_duplicate_rows_are_dropped(folder):
    (folder / "fred" / "DGS2.csv").write_text("date,DGS2\n2025-01-13,4.4\n2025-01-13,4.4\n2025-01-10,4.3\n")
    series = LocalDirectory(folder).load_series("DGS2").data
    assert list(series) == [4.3, 4.4]


def test_missing_file(folder):
    with pytest.raises(LoaderError, match="no file for series RUT"):
        LocalDirectory(folder).load_series("RUT")


def test_non_utf8_file(folder):
    (folder / "indexes" / "RUT.csv").write_bytes(b"date,close\n2025-01-13,\xff\xfe12\n")
    with pytest.raises(LoaderError, match="indexes/RUT.csv"):
        LocalDirectory(folder).load_series("RUT")


def test_a_level_at_or_below_zero_or_a_date_in_the_future_is_left_out_and_said(folder):
    """A close of 0 (the Russell 2000 read "down 100.0%, the worst on record"), a negative one, and
    a mistyped 2031 (it moved the default view five years ahead) are left out, named in the
    provenance and in the series' citation; a yield may be negative and keeps its row."""
    from panels.data import citation

    (folder / "indexes" / "RUT.csv").write_text(
        "date,close\n2025-01-10,2200.5\n2025-01-13,0\n2025-01-14,-5\n2025-01-15,2210.0\n2031-02-20,2300\n")
    loaded = LocalDirectory(folder).load_series("RUT")
    assert list(loaded.data.index.strftime("%Y-%m-%d")) == ["2025-01-10", "2025-01-15"]
    today = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    note = (f"left out 2 rows with a value at or below zero (2025-01-13, 2025-01-14); 1 row with a date after "
            f"{today} (2031-02-20)")
    assert loaded.provenance.left_out == note
    assert citation("RUT", loaded).endswith(f", to 2025-01-15 ({note})")
    (folder / "fred" / "DGS10.csv").write_text("date,DGS10\n2020-03-09,-0.1\n2020-03-10,0.0\n")
    assert list(LocalDirectory(folder).load_series("DGS10").data) == [-0.1, 0.0]


def test_a_level_file_with_no_usable_row_is_refused(folder):
    (folder / "indexes" / "GSPC.csv").write_text("date,close\n2025-01-13,0\n")
    with pytest.raises(LoaderError, match=r"indexes/GSPC.csv\): no usable observations: left out 1 row with a value"):
        LocalDirectory(folder).load_series("GSPC")


def test_a_line_of_blank_cells_is_a_blank_line(folder):
    """A trailing "," row (a spreadsheet's empty last row) refused the whole Russell 2000 file."""
    (folder / "indexes" / "RUT.csv").write_text("date,close\n2025-01-10,2200.5\n2025-01-13,2210.0\n,\n , \n")
    assert list(LocalDirectory(folder).load_series("RUT").data) == [2200.5, 2210.0]


def test_a_slipped_digit_is_left_out_and_a_spliced_file_refused(folder):
    """One close x100 and back (a slipped digit) is left out and said; a level that steps /10 and
    stays (two sources spliced at different bases: "the S&P 500 is 78.7% below its 2019-12-27
    peak") is refused, naming the dates. The worst day on record is /1.26, a x4 step no index makes."""
    (folder / "indexes" / "RUT.csv").write_text(
        "date,close\n2025-01-10,2200.5\n2025-01-13,220050\n2025-01-14,2205.0\n2025-01-15,1750.0\n")
    loaded = LocalDirectory(folder).load_series("RUT")
    assert list(loaded.data) == [2200.5, 2205.0, 1750.0]  # (a 21% fall stays: 1987 was worse)
    assert "1 row with a level more than 4 times or under a quarter of both its neighbours" in loaded.provenance.left_out
    assert "(2025-01-13)" in loaded.provenance.left_out
    (folder / "indexes" / "GSPC.csv").write_text(
        "date,close\n2019-12-30,3221.29\n2019-12-31,3230.78\n2020-01-02,325.79\n2020-01-03,322.27\n")
    with pytest.raises(LoaderError, match=r"indexes/GSPC.csv\): the level moves from 3,230.78 on 2019-12-31 to "
                                          r"325.79 on 2020-01-02 \(x0.101 in one observation"):
        LocalDirectory(folder).load_series("GSPC")


def test_a_funds_file_with_close_and_adj_close_reads_the_adjusted_one(folder):
    """Yahoo's download has both; a fund is read as a total return, so its ``adj_close`` (the
    unadjusted close read as "a total return" moved IWM's 2022 from -23.1% to -24.0%); an index
    reads ``close``; headers in any case."""
    (folder / "indexes" / "IWM.csv").write_text("Date,Open,Close,Adj_Close\n2025-01-10,1,220.0,215.5\n2025-01-13,1,221.0,216.4\n")
    assert list(LocalDirectory(folder).load_series("IWM").data) == [215.5, 216.4]
    (folder / "indexes" / "RUT.csv").write_text("date,adj_close,close\n2025-01-10,1.0,2200.5\n2025-01-13,1.0,2210.0\n")
    assert list(LocalDirectory(folder).load_series("RUT").data) == [2200.5, 2210.0]


def test_a_semicolon_file_is_named_as_such(folder):
    """A European spreadsheet's "CSV" (';' between columns, decimal commas) was reported as "line 2
    has 2 fields, expected 1 (truncated or malformed row ...)"."""
    (folder / "indexes" / "RUT.csv").write_bytes("\ufeffdate;close\r\n1987-09-10;168,97\r\n".encode())
    with pytest.raises(LoaderError, match="the file uses ';' between columns .* save it as comma-separated"):
        LocalDirectory(folder).load_series("RUT")
