"""The panels' spec functions: plain dicts (no plotly objects) that plotly accepts as they are.

The page sends ``<panel>_spec(...)`` to the browser without building a ``go.Figure``, so a
spec must hold only plain Python/numpy values, and must still be a valid figure: plotly
raises on an unknown property when ``go.Figure(spec)`` validates it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics.drawdowns import calc_drawdown_episodes
from analytics.regimes import calc_fed_cycles, calc_fed_events, calc_fed_moves
from analytics.relative import to_relative_frame
from analytics.spreads import calc_window_summary
from components.figures.common import compact_template, empty_figure, empty_spec
from components.figures.correlation import build_correlation_figure, correlation_spec
from components.figures.rates import build_rates_figure, rates_spec
from components.figures.relative import RelativeContext, build_relative_figure, relative_spec
from components.figures.spreads import build_spreads_figure, spreads_spec

T = pd.Timestamp
LEAVES = (str, bool, int, float, type(None), np.generic)


def foreign_values(value, path: str = "spec") -> list[str]:
    """Paths of everything in ``value`` that is not a dict/list/tuple of plain values or a numeric array."""
    if isinstance(value, dict):
        return [p for key, item in value.items()
                for p in ([f"{path}: key {key!r}"] if not isinstance(key, str) else [])
                + foreign_values(item, f"{path}.{key}")]
    if isinstance(value, (list, tuple)):
        return [p for i, item in enumerate(value) for p in foreign_values(item, f"{path}[{i}]")]
    if isinstance(value, np.ndarray):
        return [] if value.dtype.kind in "biuf" else [f"{path}: array of {value.dtype}"]
    return [] if isinstance(value, LEAVES) else [f"{path}: {type(value).__module__}.{type(value).__name__}"]


def assert_plain_valid_spec(spec: dict) -> go.Figure:
    assert set(spec) == {"data", "layout"}
    assert foreign_values(spec) == []
    assert all(trace["type"] == "scatter" for trace in spec["data"])
    assert spec["layout"]["template"] == compact_template()
    return go.Figure(spec)  # validates every property (raises on unknown ones)


def usrec(months: list[str]) -> pd.Series:
    index = pd.date_range("2019-01-01", "2023-12-01", freq="MS")
    return pd.Series([1.0 if f"{m:%Y-%m}" in months else 0.0 for m in index], index=index, name="USREC")


@pytest.fixture(scope="module")
def cycles() -> pd.DataFrame:
    """A hiking cycle 2022-03-16..2022-05-04 (effective dates are announcement + 1 day)."""
    days = pd.date_range("2021-12-01", "2023-12-31", freq="D")
    target = pd.Series(0.125, index=days).where(days < "2022-03-17", 0.375).where(days < "2022-05-05", 0.875)
    return calc_fed_cycles(calc_fed_moves(target.rename("fed_target")))


class TestValidationIsOn:
    def test_unknown_property_raises(self):
        with pytest.raises(ValueError, match="bogus"):
            go.Figure({"data": [{"type": "scatter", "bogus": 1}], "layout": {}})

    def test_empty_spec(self):
        spec = empty_spec("Cannot draw this view: no data", title="T")
        assert_plain_valid_spec(spec)
        assert go.Figure(spec).to_plotly_json() == empty_figure("Cannot draw this view: no data",
                                                                title="T").to_plotly_json()


class TestRelativeSpec:
    def args(self, cycles) -> tuple[tuple, dict]:
        days = pd.bdate_range("2022-03-01", periods=60)
        small = pd.Series(np.r_[np.linspace(100, 80, 20), np.linspace(80, 105, 40)], index=days)
        large = pd.Series(np.linspace(100, 104, 60), index=days)
        frame = to_relative_frame(small, large, start=days[0], end=days[-1])
        context = RelativeContext(cycles=cycles, events=calc_fed_events(cycles), usrec=usrec(["2022-04"]),
                                  episodes=tuple(calc_drawdown_episodes(small, min_depth=0.10)))
        return (frame,), {"small_label": "S", "large_label": "L", "source_line": "Source: t.", "context": context}

    def test_plain_and_valid(self, cycles):
        args, kwargs = self.args(cycles)
        spec = relative_spec(*args, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [t["name"] for t in spec["data"]] == ["S", "L", "S / L", "S drawdown trough (>10%)", "Hiking cycle"]
        assert [(t["xaxis"], t["yaxis"]) for t in spec["data"]] == [
            ("x", "y"), ("x", "y"), ("x2", "y2"), ("x", "y"), ("x", "y3")]
        layout = spec["layout"]
        assert layout["xaxis"]["matches"] == "x2" and layout["yaxis3"]["overlaying"] == "y"
        assert layout["shapes"][0]["xref"] == "x2 domain" and layout["shapes"][0]["yref"] == "y2"
        assert fig.to_plotly_json() == build_relative_figure(*args, **kwargs).to_plotly_json()

    def test_without_context(self, cycles):
        (frame,), kwargs = self.args(cycles)
        spec = relative_spec(frame, small_label="S", large_label="L", source_line="s")
        assert_plain_valid_spec(spec)
        assert len(spec["data"]) == 3 and "yaxis3" not in spec["layout"]


class TestRatesSpec:
    def test_plain_and_valid(self):
        index = pd.to_datetime(["2008-12-01", "2008-12-16", "2008-12-31"])
        target = pd.DataFrame({"lower": [1.0, 0.0, 0.0], "upper": [1.0, 0.25, 0.25]}, index=index)
        args = ({"10-year": pd.Series([2.7, 2.3, 2.2], index=index)},)
        kwargs = {"target": target, "start": T("2008-12-01"), "end": T("2008-12-31"), "source_line": "s",
                  "usrec": usrec(["2019-03"])}
        spec = rates_spec(*args, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [t["name"] for t in spec["data"]] == [
            "10-year", "Fed funds target", "Fed funds target range, lower limit", "Fed funds target range"]
        assert fig.to_plotly_json() == build_rates_figure(*args, **kwargs).to_plotly_json()


class TestSpreadsSpec:
    def test_plain_and_valid(self):
        index = pd.date_range("2020-01-02", "2020-12-31", freq="B")
        levels = {"HY OAS": pd.Series(np.linspace(3.5, 5.0, len(index)), index=index),
                  "IG OAS": pd.Series(np.linspace(1.0, 1.5, len(index)), index=index)}
        stats = calc_window_summary(levels, start="2020-01-02", end="2020-12-31")
        kwargs = {"stats": stats, "start": T("2020-01-01"), "end": T("2020-12-31"), "source_line": "s",
                  "usrec": usrec(["2020-03", "2020-04"]), "notes": ["Baa - 10-year: no data in the window"]}
        spec = spreads_spec(levels, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [s["x0"] for s in spec["layout"]["shapes"]] == ["2020-03-01"]
        assert len(spec["layout"]["annotations"]) == 1  # the source line; the table is the subtitle
        assert spec["layout"]["title"]["subtitle"]["text"].count("<br>") == 2
        assert fig.to_plotly_json() == build_spreads_figure(levels, **kwargs).to_plotly_json()


class TestCorrelationSpec:
    def test_plain_and_valid(self):
        index = pd.DatetimeIndex(["2010-01-01", "2011-01-01", "2012-01-01", "2017-06-01", "2018-01-01"])
        frame = pd.DataFrame({
            "correlation": [0.1, -0.3, 0.5, 0.2, -0.25], "percentile": [1.0, 0.25, 1.0, 0.625, 0.3],
            "relative": [np.nan, -0.1, 0.2, 0.0, -0.2], "relative_percentile": [np.nan, 1.0, 1.0, 0.5, 0.125],
            "band_low": [np.nan, np.nan, -0.2, -0.1, -0.28], "band_high": [np.nan, np.nan, 0.4, 0.45, 0.4],
            "low_since": pd.to_datetime([pd.NaT, pd.NaT, "2011-01-01", "2011-01-01", "2011-01-01"]),
            "high_since": pd.to_datetime([pd.NaT, "2010-01-01", pd.NaT, "2012-01-01", "2017-06-01"]),
        }, index=index)
        kwargs = {"small_label": "S", "large_label": "L", "rate_label": "r", "freq": "D", "window": 63,
                  "history_start": T("2010-01-01"), "source_line": "s"}
        spec = correlation_spec(frame, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [t["uid"] for t in spec["data"]] == ["band-low", "band-high", "correlation", "relative",
                                                    "records", "records-5y"]
        assert fig.to_plotly_json() == build_correlation_figure(frame, **kwargs).to_plotly_json()
