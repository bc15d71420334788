"""The /export routes and the export command on demo data: CSV, PNG (kaleido) and the zip."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile

import pandas as pd
import pytest
from click.testing import CliRunner

import cli
from app import create_app
from config import Config, DataSpec

needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="PNG export needs Debian's chromium (apt-get install chromium)")


def png_size(body: bytes) -> tuple[int, int]:
    """Pixel width and height from a PNG's IHDR chunk."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", body[16:24])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("export")))
    return app.server.test_client()


class TestCsv:
    def test_relative_csv_is_the_data_behind_the_chart(self, client):
        response = client.get("/export/relative.csv?start=2024-01-02&end=2024-03-28&small=IWM&large=SPY")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == 'attachment; filename="relative_2024-01-02_2024-03-28.csv"'
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # (once: it said charset twice)
        frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)), index_col="date")
        assert list(frame.columns[:3]) == ["iShares Russell 2000 ETF (total return) [Rebased (2024-01-02 = 100)]",
                                           "SPDR S&P 500 ETF (total return) [Rebased (2024-01-02 = 100)]",
                                           "iShares Russell 2000 ETF (total return) / SPDR S&P 500 ETF (total return) "
                                           "[Ratio (start = 1)]"]
        assert frame.index[0] == "2024-01-02" and frame.index[-1] <= "2024-03-28"
        first = frame.iloc[0]
        assert first.iloc[0] == pytest.approx(100.0) and first.iloc[2] == pytest.approx(1.0)
        last = frame.iloc[-1]
        assert last.iloc[2] == pytest.approx(last.iloc[0] / last.iloc[1])

    def test_a_pinned_as_of_date_is_in_the_file_name_of_the_panels_that_read_it(self, client):
        """facts_2022-01-01_2022-10-12.csv held facts as of 2022-06-30; the relative panel does
        not read the as-of date, and a following one is the window's end."""
        view = "?start=2024-01-02&end=2024-03-28&asof=2024-02-15"
        disposition = lambda path: client.get(path).headers["Content-Disposition"]  # noqa: E731
        assert disposition("/export/facts.csv" + view) == 'attachment; filename="facts_2024-01-02_2024-03-28_asof-2024-02-15.csv"'
        assert disposition("/export/relative.csv" + view) == 'attachment; filename="relative_2024-01-02_2024-03-28.csv"'
        assert disposition("/export/facts.csv?start=2024-01-02&end=2024-03-28") == (
            'attachment; filename="facts_2024-01-02_2024-03-28.csv"')

    def test_facts_csv_has_one_row_per_fact(self, client):
        response = client.get("/export/facts.csv?asof=2025-01-13")
        frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)))
        assert {"id", "kind", "series", "value", "unit", "record_since", "text"} <= set(frame.columns)
        assert "return:RUT:ytd" in set(frame["id"]) and (frame["end"] <= "2025-01-13").all()
        # a pair's fact holds the return gap (pp): its kind says so (it said relative_return)
        pair = frame.loc[frame["id"] == "relative_return:RUT-GSPC:ytd"].iloc[0]
        assert (pair["kind"], pair["unit"]) == ("return_gap", "pp")
        assert "relative_return" not in set(frame["kind"])

    def test_regimes_csv_names_units(self, client):
        text = client.get("/export/regimes.csv?event=first_cut").get_data(as_text=True)
        header = text.splitlines()[0].split(",")
        assert header[:2] == ["event_date", "horizon [months]"]
        assert "RUT return [decimal]" in header and "10-year yield change [pp]" in header

    def test_leverage_needs_a_universe_and_says_so(self, client):
        response = client.get("/export/leverage.csv")
        assert response.status_code == 400
        assert "Choose a universe" in response.get_data(as_text=True)
        ok = client.get("/export/leverage.csv?universe=demo_smallcap&start=2018-09-28&end=2018-12-31")
        frame = pd.read_csv(io.StringIO(ok.get_data(as_text=True)), index_col="ticker")
        assert sorted(frame["quartile"].dropna().unique()) == [1, 2, 3, 4]
        # the file is named after the ranking window; the columns say their own dates (the measure
        # window is the month after the ranking date by default; the demo ranks by return)
        assert "measure_return 2018-12-31 to 2019-01-31 [decimal]" in frame.columns
        assert "rank_value [decimal return 2018-09-28 to 2018-12-31]" in frame.columns
        assert "debt_to_equity [ratio at 2018-12-31]" in frame.columns

    def test_unknown_panel_and_bad_link_parts(self, client):
        missing = client.get("/export/secrets.csv")
        assert missing.status_code == 404 and "Known: facts.png" in missing.get_data(as_text=True)
        noted = client.get("/export/rates.csv?start=2024-13-01&bogus=1")
        assert noted.status_code == 200
        assert "Ignored unknown parameter 'bogus'" in noted.headers["X-Export-Notice"]
        assert "Ignored start='2024-13-01'" in noted.headers["X-Export-Notice"]


@needs_chromium
class TestPng:
    def test_panel_png_at_requested_size_and_bounds(self, client):
        response = client.get("/export/rates.png?start=2024-01-02&end=2024-06-28&width=800&height=400&scale=1")
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert png_size(response.data) == (800, 400)
        huge = client.get("/export/rates.png?width=100000&height=5&scale=1")
        assert png_size(huge.data) == (2400, 300)
        assert "width 100000 out of bounds" in huge.headers["X-Export-Notice"]
        assert client.get("/export/rates.png?scale=big").status_code == 400

    def test_default_png_is_scale_two(self, client):
        body = client.get("/export/spreads.png?start=2024-01-02&end=2024-06-28").data
        assert png_size(body) == (2400, 1200)

    def test_all_zip_has_every_panel_it_can_draw(self, client):
        response = client.get("/export/all.zip?start=2024-01-02&end=2024-06-28&scale=1")
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        names = set(archive.namelist())
        for panel in ("facts", "relative", "rates", "spreads", "correlation", "regimes"):
            assert f"{panel}_2024-01-02_2024-06-28.png" in names
            assert f"{panel}_2024-01-02_2024-06-28.csv" in names
            png_size(archive.read(f"{panel}_2024-01-02_2024-06-28.png"))
        assert "leverage left out" in archive.read("NOTICES.txt").decode()
        # the CSVs go about without their charts' source lines: ABOUT.txt gives the view and each file's
        about = archive.read("ABOUT.txt").decode().splitlines()
        assert about[1] == "View: /?start=2024-01-02&end=2024-06-28&asof=2024-06-28&mstart=2024-06-28&mend=2024-07-28"
        assert about[2] == "Window: 2024-01-02 to 2024-06-28; as of 2024-06-28 (the window end); pair RUT / GSPC"
        cited = {line.split(": ", 1)[0][2:]: line for line in about if line.startswith("- ")}
        assert set(cited) == {n for n in names if n.endswith(".csv")}
        assert "Russell 2000 (^RUT): DEMO DATA (synthetic)" in cited["relative_2024-01-02_2024-06-28.csv"]


class TestCommand:
    def test_export_csv_and_bad_suffix(self, tmp_path):
        out = tmp_path / "rel.csv"
        result = CliRunner().invoke(cli.main, [
            "export", "--panel", "relative", "--state", "start=2024-01-02&end=2024-03-28&bogus=1",
            "--output", str(out), "--data", "demo", "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert out.read_text().startswith("date,Russell 2000 (price) [Rebased (2024-01-02 = 100)]")
        assert "notice: Ignored unknown parameter 'bogus'" in result.output
        bad = CliRunner().invoke(cli.main, ["export", "--panel", "relative", "--output", str(tmp_path / "x.gif"),
                                            "--data", "demo", "--cache-dir", str(tmp_path / "c")])
        assert bad.exit_code == 2 and "must end in .png or .csv" in bad.output

    def test_export_of_an_undrawable_view_is_an_error(self, tmp_path):
        result = CliRunner().invoke(cli.main, [
            "export", "--panel", "leverage", "--output", str(tmp_path / "l.csv"),
            "--data", "demo", "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 1 and "Choose a universe" in result.output
        assert not (tmp_path / "l.csv").exists()

    @needs_chromium
    def test_export_png(self, tmp_path):
        out = tmp_path / "corr.png"
        result = CliRunner().invoke(cli.main, [
            "export", "--panel", "correlation", "--state", "freq=W&window=26", "--output", str(out),
            "--data", "demo", "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert png_size(out.read_bytes()) == (2400, 1200)


def test_relative_csv_has_both_measures_with_units(client):
    response = client.get("/export/relative.csv?start=2024-01-02&end=2024-03-28&small=IWM&large=SPY")
    frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)), index_col="date")
    last = frame.iloc[-1]
    small, large, ratio = last.iloc[0] / 100, last.iloc[1] / 100, last.iloc[2]
    assert last["relative return [%]"] == pytest.approx(100 * (small / large - 1), abs=1e-9)
    assert last["relative return [%]"] == pytest.approx(100 * (ratio - 1), abs=1e-9)
    assert last["return gap [pp]"] == pytest.approx(100 * (small - large), abs=1e-9)


def test_a_csv_column_says_what_it_is_alone(client):
    """The rates CSV named the target range's upper limit "Fed funds target range [Percent]" beside
    "..., lower limit [Percent]"; the correlation CSV gave neither the window nor the frequency."""
    rates = pd.read_csv(io.StringIO(client.get("/export/rates.csv?start=2024-01-02&end=2024-12-31").get_data(
        as_text=True)), index_col="date")
    assert {"Fed funds target range, upper limit (by FRED's effective date) [Percent]",
            "Fed funds target range, lower limit (by FRED's effective date) [Percent]"} <= set(rates.columns)
    correlation = pd.read_csv(io.StringIO(client.get("/export/correlation.csv?start=2024-01-02&end=2024-12-31&freq=W"
                                                     "&window=13").get_data(as_text=True)), index_col="date")
    assert "Russell 2000 returns vs 10-year yield changes, 13-week rolling correlation [Correlation (coefficient)]" \
        in correlation.columns


@pytest.mark.shared_data
def test_only_a_demo_panels_csv_says_demo_data(shared_data, tmp_path):
    """A CSV goes about without its chart's source line: from demo data a last column says so on
    every row ("Russell 2000 [Rebased ...]" from synthetic closes read as market data); from the
    snapshot there is no such column."""
    for spec, demo in ((DataSpec("demo"), True), (DataSpec.parse(str(shared_data)), False)):
        app = create_app(Config(data=spec, cache_dir=tmp_path / str(demo)))
        text = app.server.test_client().get("/export/relative.csv?start=2018-09-20&end=2018-12-24").get_data(
            as_text=True)
        frame = pd.read_csv(io.StringIO(text), index_col="date")
        assert ("data" in frame.columns) == demo
        if demo:
            assert set(frame["data"]) == {"DEMO DATA (synthetic, not market data)"}


def test_a_refused_export_names_what_the_link_had_ignored(client):
    """"/export/leverage.csv?universe=nope" said only "Choose a universe": the reason, an unknown
    universe, was in a response header a browser download never shows."""
    response = client.get("/export/leverage.csv?universe=nope")
    assert response.status_code == 400
    assert response.get_data(as_text=True).rstrip().endswith("(Ignored universe='nope': no such universe.)")
