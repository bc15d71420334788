"""The rates and spreads callbacks called as plain functions: fake, demo and real data."""

from __future__ import annotations

import datetime as dt
import pandas as pd
import pytest

from panels.view import resolve_view
from panels.rates import rates_summary, to_target_bounds
from tests.panel_draw import drawer
from panels.spreads import missing_note
from loaders.base import Loaded, make_provenance
from state import ViewState
from tests.fakes import FakeData

T = pd.Timestamp


def _state(start: str | None = None, end: str | None = None, **kw) -> dict:
    return ViewState(start=T(start).date() if start else None, end=T(end).date() if end else None, **kw).to_dict()


def _flat(start: str, end: str, value: float, name: str) -> pd.Series:
    """A constant series on business days."""
    return pd.Series(value, index=pd.bdate_range(start, end), name=name, dtype=float)


def _daily(start: str, end: str, value: float, name: str) -> pd.Series:
    index = pd.date_range(start, end, freq="D")
    return pd.Series(value, index=index, name=name, dtype=float)


def _pair(start="2024-01-01", end="2025-06-30") -> dict[str, pd.Series]:
    index = pd.bdate_range(start, end)
    return {"RUT": pd.Series(2000.0, index=index, name="RUT"), "GSPC": pd.Series(5000.0, index=index, name="GSPC")}


def _rates_data(**extra) -> FakeData:
    index = pd.bdate_range("2024-01-01", "2025-06-30")
    ten = pd.Series(4.0, index=index, name="DGS10")
    ten.loc["2025-01-13"] = 4.79
    two = pd.Series(4.2, index=index, name="DGS2")
    upper = _daily("2008-12-16", "2025-06-30", 4.50, "DFEDTARU")
    lower = _daily("2008-12-16", "2025-06-30", 4.25, "DFEDTARL")
    upper.loc[:"2024-12-18"], lower.loc[:"2024-12-18"] = 4.75, 4.50
    return FakeData({**_pair(), "DGS10": ten, "DGS2": two, "DFEDTARU": upper, "DFEDTARL": lower, **extra})


# --------------------------------------------------------------------------- rates
class TestTargetBounds:
    def loaded(self, **series):
        return {k: Loaded(v, make_provenance(v, source="t", location="t")) for k, v in series.items()}

    def test_changes_only_with_the_start_and_the_last_day(self):
        upper = _daily("2024-11-01", "2025-01-31", 4.50, "DFEDTARU")
        upper.loc[:"2024-12-18"] = 4.75
        lower = upper - 0.25
        bounds = to_target_bounds(self.loaded(DFEDTARU=upper, DFEDTARL=lower), start=T("2024-12-01"),
                                  end=T("2025-01-13"))
        assert bounds.to_dict("index") == {
            T("2024-12-01"): {"lower": 4.5, "upper": 4.75},
            T("2024-12-19"): {"lower": 4.25, "upper": 4.5},
            T("2025-01-13"): {"lower": 4.25, "upper": 4.5}}

    def test_single_target_before_the_range_era(self):
        single = _daily("2008-11-01", "2008-12-15", 1.0, "DFEDTAR")
        upper = _daily("2008-12-16", "2009-01-31", 0.25, "DFEDTARU")
        lower = _daily("2008-12-16", "2009-01-31", 0.0, "DFEDTARL")
        loaded = self.loaded(DFEDTAR=single, DFEDTARU=upper, DFEDTARL=lower)
        bounds = to_target_bounds(loaded, start=T("2008-12-01"), end=T("2008-12-31"))
        assert bounds["upper"].tolist() == [1.0, 0.25, 0.25] and bounds["lower"].tolist() == [1.0, 0.0, 0.0]
        assert list(bounds.index) == [T("2008-12-01"), T("2008-12-16"), T("2008-12-31")]
        del loaded["DFEDTARL"]  # one limit is not enough for the range era
        assert to_target_bounds(loaded, start=T("2009-01-01"), end=T("2009-01-31")) is None

    def test_nothing_in_the_window(self):
        upper = _daily("2024-01-01", "2024-06-30", 5.5, "DFEDTARU")
        loaded = self.loaded(DFEDTARU=upper, DFEDTARL=upper - 0.25)
        assert to_target_bounds(loaded, start=T("2024-07-01"), end=T("2024-12-31")) is None
        assert to_target_bounds({}, start=T("2024-01-01"), end=T("2024-12-31")) is None

    def test_the_bounds_history_kept_once_gives_every_window_the_same_rows(self, monkeypatch):
        """The panel keeps the bounds' whole history per data version: two windows compute it
        once, and each window's rows equal those computed from the loaded series."""
        import panels.rates as rates
        from panels.cache import Memo
        from panels.data import PanelData

        single = _daily("2008-06-01", "2008-12-15", 2.0, "DFEDTAR")
        single.loc["2008-10-08":] = 1.5
        upper = _daily("2008-12-16", "2025-06-30", 4.50, "DFEDTARU")
        upper.loc[:"2024-12-18"] = 4.75
        loaded = self.loaded(DFEDTAR=single, DFEDTARU=upper, DFEDTARL=upper - 0.25)
        kept = rates.target_bounds(loaded)
        for start, end in [("2008-09-01", "2009-02-01"), ("2024-12-01", "2025-01-13"), ("2008-06-01", "2025-06-30"),
                           ("2024-12-19", "2024-12-19")]:
            pd.testing.assert_frame_equal(to_target_bounds(loaded, start=T(start), end=T(end), bounds=kept),
                                          to_target_bounds(loaded, start=T(start), end=T(end)))
        calls = []
        monkeypatch.setattr(rates, "target_bounds", lambda found: calls.append(1) or kept)
        data = PanelData(_rates_data(), memo=Memo(None, lambda: "v1"))
        for start, end in [("2024-06-03", "2024-12-31"), ("2025-01-02", "2025-03-31")]:
            view = resolve_view(ViewState.from_dict(_state(start, end)), data)
            rates.compute(data.for_request(), view)
        assert calls == [1]


class TestPanelWindow:
    """The window every time panel shows is the view's, resolved once on the pair."""

    def test_follows_the_pair_like_the_date_controls(self):
        data = FakeData({**_pair("2015-01-01", "2025-03-31"), "DGS10": _flat("2020-01-01", "2025-06-30", 0.0, "x")})
        view = resolve_view(ViewState(), data)
        assert (view.start, view.end) == (dt.date(2022, 3, 31), dt.date(2025, 3, 31)) and not view.notices
        view = resolve_view(ViewState.from_dict(_state("2025-01-02", "2025-12-31")), data)
        assert (view.start, view.end) == (dt.date(2025, 1, 2), dt.date(2025, 3, 31))
        assert view.notices == ("The window's end 2025-12-31 is after the last observation the pair has in "
                                "common: it ends on 2025-03-31.",)

    def test_own_series_without_a_pair(self):
        view = resolve_view(ViewState(), FakeData({"DGS10": _flat("2020-01-01", "2025-06-30", 0.0, "x")}))
        assert (view.start, view.end, view.data_end) == (dt.date(2022, 6, 30), dt.date(2025, 6, 30), None)

    def test_window_before_the_data(self):
        view = resolve_view(ViewState.from_dict(_state("2000-01-01", "2000-12-31")), FakeData(_pair()))
        assert (view.start, view.end) == (dt.date(2024, 1, 1), dt.date(2025, 6, 30))
        assert view.notices[0].startswith("The window ends before the data starts (2024-01-01)")


class TestRatesCallback:
    def test_figure_and_summary(self):
        figure, summary = drawer("rates", _rates_data())(_state("2025-01-02", "2025-01-13"))
        assert [t.name for t in figure.data] == [
            "10-year", "2-year", "Fed funds target range, lower limit", "Fed funds target range"]
        assert figure.data[0].y[-1] == 4.79 and figure.data[0].x[-1] == "2025-01-13"
        assert (figure.data[2].y[-1], figure.data[3].y[-1]) == (4.25, 4.5)
        assert figure.layout.title.subtitle.text == "10-year 4.79%, 2-year 4.20%, target 4.25-4.50%"
        assert figure.layout.uirevision == "rates:2025-01-02:2025-01-13"
        assert summary == ("From 2025-01-02 to 2025-01-13: 10-year 4.79% (+0.79 pp, +79 bp), "
                           "2-year 4.20% (unchanged), fed funds target 4.25-4.50% (unchanged).")
        source = figure.layout.annotations[-1].text
        assert "10-year Treasury yield (DGS10) via test, to 2025-06-30" in source and "(DFEDTAR)" not in source

    def test_target_change_in_the_summary(self):
        _, summary = drawer("rates", _rates_data())(_state("2024-12-02", "2025-01-13"))
        assert summary.endswith("fed funds target 4.25-4.50% (midpoint -0.25 pp, -25 bp).")

    def test_without_target_and_recession_series(self):
        data = FakeData({**_pair(), "DGS10": _flat("2024-01-01", "2025-06-30", 0.0, "DGS10")})
        figure, summary = drawer("rates", data)(_state("2025-01-02", "2025-01-13"))
        assert [t.name for t in figure.data] == ["10-year"]
        assert summary.startswith("From 2025-01-02 to 2025-01-13: 10-year 0.00% (unchanged)")

    def test_no_yields_is_a_message_not_an_exception(self):
        figure, summary = drawer("rates", FakeData(_pair()))(_state())
        assert summary == "no 10-year or 2-year Treasury yield (DGS10, DGS2) in this data source"
        assert figure.layout.annotations[0].text == f"Cannot draw this view: {summary}"

    def test_no_observations_in_the_window(self):
        data = FakeData({**_pair("2010-01-01", "2025-06-30"), "DGS10": _flat("2020-01-01", "2025-06-30", 0.0, "DGS10")})
        figure, summary = drawer("rates", data)(_state("2012-01-01", "2012-12-31"))
        assert summary == ("no yield observations between 2012-01-01 and 2012-12-31 "
                           "(data: 10-year 2020-01-01 to 2025-06-30)")
        assert figure.data == ()

    def test_summary_names_a_yield_measured_over_fewer_dates(self):
        stats = pd.DataFrame({"start_date": [T("2025-01-02"), T("2025-01-06")], "start_level": [4.0, 4.1],
                              "end_date": [T("2025-01-13")] * 2, "end_level": [4.25, 4.1], "change": [0.25, 0.0],
                              "max_level": [4.25, 4.1], "max_date": [T("2025-01-13")] * 2,
                              "min_level": [4.0, 4.1], "min_date": [T("2025-01-02")] * 2},
                             index=["10-year", "2-year"])
        assert rates_summary(stats, None) == ("From 2025-01-02 to 2025-01-13: 10-year 4.25% (+0.25 pp, +25 bp), "
                                              "2-year 4.10% (unchanged from 2025-01-06 to 2025-01-13).")


# --------------------------------------------------------------------------- spreads
def _spreads_data(**overrides) -> FakeData:
    index = pd.bdate_range("2024-01-01", "2025-06-30")
    hy = pd.Series(3.0, index=index, name="BAMLH0A0HYM2")
    hy.loc["2025-04-08"] = 4.01
    hy.loc["2025-06-30"] = 3.12
    ig = pd.Series(0.9, index=index[index <= "2024-12-31"], name="BAMLC0A0CM")
    baa = pd.Series(1.7, index=index, name="BAA10Y")
    series = {**_pair(), "BAMLH0A0HYM2": hy, "BAMLC0A0CM": ig, "BAA10Y": baa, **overrides}
    return FakeData({k: v for k, v in series.items() if v is not None})


class TestSpreadsCallback:
    def test_uses_what_overlaps_the_window(self):
        figure, summary = drawer("spreads", _spreads_data())(_state("2025-01-02", "2025-06-30"))
        assert [t.name for t in figure.data] == ["HY OAS", "Baa - 10-year"]
        assert figure.layout.title.subtitle.text.split("<br>") == [
            "HY OAS 3.12% (+0.12 pp over the window; max 4.01% on 2025-04-08)",
            "Baa - 10-year 1.70% (0.00 pp over the window; max 1.70% on 2025-01-02)",
            "IG OAS: no data in the window (series ends 2024-12-31)"]
        assert summary.startswith("From 2025-01-02 to 2025-06-30: HY OAS 3.12% (+0.12 pp over the window;")
        assert summary.endswith("IG OAS: no data in the window (series ends 2024-12-31).")
        assert "BAMLC0A0CM" not in figure.layout.annotations[-1].text  # not drawn, not a source
        assert figure.layout.uirevision == "spreads:2025-01-02:2025-06-30"

    def test_series_ending_inside_the_window_gives_its_date(self):
        figure, _ = drawer("spreads", _spreads_data())(_state("2024-12-02", "2025-06-30"))
        assert "IG OAS 0.90% on 2024-12-31 (0.00 pp over the window;" in figure.layout.title.subtitle.text

    def test_no_spread_in_the_window(self):
        data = _spreads_data(BAMLH0A0HYM2=None, BAA10Y=None)
        figure, summary = drawer("spreads", data)(_state("2025-01-02", "2025-06-30"))
        assert summary == ("no credit spread data between 2025-01-02 and 2025-06-30: "
                           "IG OAS: no data in the window (series ends 2024-12-31)")
        assert figure.layout.annotations[0].text == f"Cannot draw this view: {summary}"

    def test_no_spread_series_at_all(self):
        _, summary = drawer("spreads", FakeData(_pair()))(_state())
        assert summary == "no credit spread series (BAMLH0A0HYM2, BAMLC0A0CM, BAA10Y) in this data source"

    def test_missing_note(self):
        series = pd.Series(1.0, index=pd.to_datetime(["1996-12-31", "2025-12-30"]))
        assert missing_note("IG OAS", series, T("2026-01-01")) == (
            "IG OAS: no data in the window (series ends 2025-12-30)")
        # a window inside the series with no reading (a weekend): its last before it, not its start
        assert missing_note("IG OAS", series, T("2020-01-04")) == (
            "IG OAS: no reading in the window (its last before it: 1996-12-31)")
        assert missing_note("IG OAS", series, T("1990-01-01")) == (
            "IG OAS: no data in the window (series starts 1996-12-31)")


# --------------------------------------------------------------------------- demo and real data
def _app_data(spec, tmp_path_factory):
    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec.parse(str(spec)), cache_dir=tmp_path_factory.mktemp("c")))
    return app


class TestDemo:
    @pytest.fixture(scope="class")
    def app(self, tmp_path_factory):
        return _app_data("demo", tmp_path_factory)

    def test_registered(self, app):
        outputs = " ".join(app.callback_map)
        assert "rates-graph.figure" in outputs and "rates-summary.children" in outputs
        assert "spreads-graph.figure" in outputs and "spreads-summary.children" in outputs

    @pytest.mark.parametrize("start,end", [("2015-01-02", "2019-12-31"), ("2007-01-01", "2010-12-31"), (None, None)])
    def test_panels_draw(self, app, start, end):
        data = app.server.extensions["smallcap_data"]
        for name, first in (("rates", "10-year"), ("spreads", "HY OAS")):
            figure, summary = drawer(name, data)(_state(start, end))
            assert figure.data[0].name == first, summary
            assert "DEMO DATA" in figure.layout.annotations[-1].text
            assert figure.layout.uirevision.split(":")[0] in ("rates", "spreads")


@pytest.mark.shared_data
class TestSharedData:
    @pytest.fixture(scope="class")
    def data(self, shared_data, tmp_path_factory):
        return _app_data(shared_data, tmp_path_factory).server.extensions["smallcap_data"]

    def test_rates_early_2025(self, data):
        figure, summary = drawer("rates", data)(_state("2025-01-02", "2025-01-13"))
        ten, two, lower, upper = figure.data
        assert (ten.x[-1], ten.y[-1]) == ("2025-01-13", 4.79)
        assert (lower.y[-1], upper.y[-1]) == (4.25, 4.5)
        assert figure.layout.title.subtitle.text == "10-year 4.79%, 2-year 4.40%, target 4.25-4.50%"
        assert summary == ("From 2025-01-02 to 2025-01-13: 10-year 4.79% (+0.22 pp, +22 bp), "
                           "2-year 4.40% (+0.15 pp, +15 bp), fed funds target 4.25-4.50% (unchanged).")

    def test_a_window_before_the_series_dates_each_figure(self, data):
        """A Ken French view from 1927: the title said "1927-01-01 to 2025-12-31" over yields from 1962,
        and the target's "midpoint -6.62 pp" ran from 1982-09-27 (10.25%), undated."""
        upper = pd.read_csv(f"{data.config.data.path}/fred/DFEDTAR.csv", index_col=0).iloc[:, 0].dropna()
        assert upper.index[0] == "1982-09-27" and upper.iloc[0] == 10.25
        figure, summary = drawer("rates", data)(_state("1927-01-01", "2025-12-31", small="FF_LO10", large="FF_HI10",
                                                       freq="M", window=24))
        assert figure.layout.title.text == "Yields and fed funds target, 1962-01-02 to 2025-12-31"
        assert summary.startswith("From 1962-01-02 to 2025-12-31: ")
        assert summary.endswith("fed funds target 3.50-3.75% (midpoint -6.62 pp, -662 bp from 1982-09-27 to "
                                "2025-12-31).")

    def test_a_target_that_stopped_is_dated(self, data):
        """DFEDTARU/L end on 2026-06-05 in the snapshot, the yields go on: a window to 2026-06-30
        said "target 3.50-3.75%" as if it were June 30's (the facts skip it as too old)."""
        upper = pd.read_csv(f"{data.config.data.path}/fred/DFEDTARU.csv", index_col=0).iloc[:, 0].dropna()
        assert upper.index[-1] == "2026-06-05" and upper.iloc[-1] == 3.75
        figure, summary = drawer("rates", data)(_state("2016-06-30", "2026-06-30", small="IJR", large="SPY"))
        assert figure.layout.title.subtitle.text.endswith(", target 3.50-3.75% on 2026-06-05")
        assert "fed funds target 3.50-3.75% on 2026-06-05 (midpoint" in summary
        assert "10-year 4.44% (" in summary  # the yields' own readings are June 30's: no date

    def test_rates_across_the_2008_switch_to_a_range(self, data):
        figure, _ = drawer("rates", data)(_state("2008-10-01", "2009-03-31"))
        names = [t.name for t in figure.data]
        assert names[2:] == ["Fed funds target", "Fed funds target range, lower limit", "Fed funds target range"]
        single = figure.data[2]
        assert single.x[0] == "2008-10-01" and single.y[0] == 2.0 and single.y[-1] == 1.0
        assert figure.data[4].x[0] == "2008-12-16" and figure.data[4].y[0] == 0.25

    def test_spreads_2020_high(self, data):
        figure, summary = drawer("spreads", data)(_state("2020-01-01", "2020-12-31"))
        hy = figure.data[0]
        peak = max(range(len(hy.y)), key=lambda i: hy.y[i])
        assert (hy.name, hy.y[peak], hy.x[peak]) == ("HY OAS", 10.87, "2020-03-23")
        assert "HY OAS 3.86% (+0.26 pp over the window; max 10.87% on 2020-03-23)" in summary
        assert [(s.x0, s.x1) for s in figure.layout.shapes] == [("2020-03-01", "2020-05-01")]

    def test_spreads_after_ig_ends(self, data):
        figure, summary = drawer("spreads", data)(_state("2026-01-01", "2026-03-31"))
        assert [t.name for t in figure.data] == ["HY OAS", "Baa - 10-year"]
        assert summary.endswith("IG OAS: no data in the window (series ends 2025-12-30).")


def test_a_yield_that_fails_to_load_is_named(tmp_path):
    """DGS10.csv with '1/2/1962' dates: the rates chart and summary went on with the 2-year alone,
    without a word; the summary now names the 10-year and why."""
    from app import create_app
    from config import Config, DataSpec

    root = tmp_path / "data"
    (root / "fred").mkdir(parents=True)
    (root / "indexes").mkdir()
    (root / "fred" / "DGS2.csv").write_text("date,DGS2\n2025-01-02,4.25\n2025-01-13,4.40\n")
    (root / "fred" / "DGS10.csv").write_text("date,DGS10\n1/2/2025,4.57\n1/13/2025,4.79\n")
    (root / "indexes" / "RUT.csv").write_text("date,close\n2025-01-02,2200\n2025-01-13,2250\n")
    (root / "indexes" / "GSPC.csv").write_text("date,close\n2025-01-02,5800\n2025-01-13,5850\n")
    app = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache"))
    figure, summary = drawer("rates", app.server.extensions["smallcap_data"])(_state("2025-01-02", "2025-01-13"))
    assert [t.name for t in figure.data] == ["2-year"]
    assert summary.endswith(" 10-year not shown: local directory (fred/DGS10.csv): unreadable date '1/2/2025' on "
                            "line 2 (expected YYYY-MM-DD).")
