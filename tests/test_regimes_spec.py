"""The regimes panel's figure spec: a plain dict that plotly accepts as it is, equal to the figure.

``reference_figure`` is the plotly-object builder the spec replaced (``make_subplots``,
``add_trace``, ``add_hline``/``add_vline``, ``update_layout``), kept here as the definition
the spec must reproduce.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from plotly.utils import PlotlyJSONEncoder

from app import create_app
from panels.data import PanelData
from panels.page import plain_outputs
from panels.registry import REGISTRY
from panels.view import resolve_view
from analytics.event_study import compute_event_study
from tests.panel_draw import drawer, rendered
from components.figures.common import RATIO_COLOR, SMALL_COLOR, base_layout, compact_template
from components.figures.regimes import (
    BOTTOM_DOMAIN, RATE_COLORS, SOURCE_WIDTH, TOP_DOMAIN, X_RANGE, build_regimes_figure, event_colors,
    EVENTS_RANK, regimes_spec, trace_uid,
)
from components.figures.shading import with_wrapped_source_line
from config import Config, DataSpec
from state import ViewState
from tests.dash_post import answer, panel_callbacks, post
from tests.test_figure_specs import assert_plain_valid_spec


def reference_figure(paths, median, *, rates=None, title, source_line, uirevision="regimes") -> go.Figure:
    rates = None if rates is None else rates.loc[:, rates.notna().any()]
    with_rates = rates is not None and rates.shape[1] > 0
    x = np.round(paths.index.to_numpy(dtype=float), 4)
    if with_rates:
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.68, 0.32])
        top = {"row": 1, "col": 1}
    else:
        fig = go.Figure()
        top = {}
    for i, (column, color) in enumerate(zip(paths.columns, event_colors(paths.shape[1]))):
        provisional = "provisional" in str(column)
        fig.add_trace(go.Scatter(
            x=x, y=np.round(100 * paths[column].to_numpy(dtype=float), 3), name=str(column),
            mode="lines", uid=trace_uid("event", str(column)), legendgroup="events",
            legendrank=EVENTS_RANK + paths.shape[1] - i,
            line={"color": color, "width": 1.1, "dash": "dot" if provisional else "solid"},
            hovertemplate="%{y:+.1f}%<extra>" + str(column) + "</extra>",
        ), **top)
    fig.add_trace(go.Scatter(
        x=x, y=np.round(100 * median.to_numpy(dtype=float), 3), name="Median across events",
        mode="lines", uid="median", legendrank=1, line={"color": SMALL_COLOR, "width": 3.5},
        hovertemplate="%{y:+.1f}%<extra>median</extra>",
    ), **top)
    if with_rates:
        for j, (column, color) in enumerate(zip(rates.columns, RATE_COLORS)):
            fig.add_trace(go.Scatter(
                x=x, y=np.round(rates[column].to_numpy(dtype=float), 4),
                name=f"{column}: median change", mode="lines", uid=trace_uid("rate", str(column)),
                line={"color": color, "width": 2.0}, legendrank=2 + j,
                hovertemplate="%{y:+.2f} pp<extra>" + str(column) + "</extra>",
            ), row=2, col=1)
    fig.add_hline(y=0.0, line={"color": "#999", "width": 1, "dash": "dot"}, **top)
    fig.add_vline(x=0.0, line={"color": RATIO_COLOR, "width": 1, "dash": "dash"})
    base_layout(fig, title=title, uirevision=uirevision, height=600 if with_rates else 520)
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
        margin={"r": 190},
    )
    fig.update_xaxes(range=list(X_RANGE), dtick=3, zeroline=False)
    fig.update_xaxes(title_text="Months after the event (FOMC announcement)",
                     **({"row": 2, "col": 1} if with_rates else {}))
    fig.update_yaxes(title_text="Relative return since the event (%)", ticksuffix="%", **top)
    if with_rates:
        fig.update_yaxes(title_text="Change (pp)", row=2, col=1)
    return go.Figure(with_wrapped_source_line(fig.to_dict(), source_line, width=SOURCE_WIDTH))


def as_json(fig: go.Figure) -> dict:
    """Everything plotly would send, uids included."""
    return json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))


def inputs() -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    index = pd.Index([-7 / 30.436875, 0.0, 7 / 30.436875, 14 / 30.436875], name="months")
    paths = pd.DataFrame({"2019-07-31": [0.01, 0.0, 0.02, 0.03], "2020-03-03": [np.nan, 0.0, -0.05, -0.1],
                          "2024-09-18 (provisional)": [-0.01, 0.0, np.nan, np.nan]}, index=index)
    rates = pd.DataFrame({"HY OAS": [0.1, 0.0, -0.2, -0.25], "10-year yield": [np.nan] * 4}, index=index)
    return paths, paths.median(axis=1).rename("median"), rates


class TestRegimesSpec:
    def test_the_legend_lists_the_medians_first_then_the_newest_events(self):
        """A legend taller than a PNG is cut at its bottom: there go the oldest events (the
        Ken French pairs have 28 last hikes since 1957), not the medians."""
        paths, median, rates = inputs()
        rates["10-year yield"] = [0.0, 0.0, 0.1, 0.2]
        spec = regimes_spec(paths, median, rates=rates, title="T", source_line="Source: a.")
        ranked = sorted(spec["data"], key=lambda t: t["legendrank"])
        assert [t["name"] for t in ranked] == [
            "Median across events", "HY OAS: median change", "10-year yield: median change",
            "2024-09-18 (provisional)", "2020-03-03", "2019-07-31"]

    def test_one_chart_plain_valid_and_equal_to_the_figure(self):
        paths, median, _ = inputs()
        kwargs = {"title": "T", "source_line": "Source: a; b.", "uirevision": "regimes:first_cut"}
        spec = regimes_spec(paths, median, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [t["uid"] for t in spec["data"]] == ["event-20190731", "event-20200303", "event-20240918", "median"]
        assert all("xaxis" not in t and "yaxis" not in t for t in spec["data"])
        layout = spec["layout"]
        assert "xaxis2" not in layout and layout["xaxis"]["range"] == [-6, 24]
        assert [(s["xref"], s["yref"]) for s in layout["shapes"]] == [("x domain", "y"), ("x", "y domain")]
        assert layout["margin"]["r"] == 190 and layout["height"] == 520
        assert fig.to_plotly_json() == build_regimes_figure(paths, median, **kwargs).to_plotly_json()
        assert as_json(fig) == as_json(reference_figure(paths, median, **kwargs))

    def test_rates_below_plain_valid_and_equal_to_the_figure(self):
        paths, median, rates = inputs()
        kwargs = {"rates": rates, "title": "T", "source_line": "Source: " + "; ".join(["x" * 60] * 4) + "."}
        spec = regimes_spec(paths, median, **kwargs)
        fig = assert_plain_valid_spec(spec)
        assert [(t["xaxis"], t["yaxis"]) for t in spec["data"]] == [("x", "y")] * 4 + [("x2", "y2")]
        assert spec["data"][-1]["name"] == "HY OAS: median change"  # the all-NaN rate is left out
        layout = spec["layout"]
        assert layout["xaxis"]["matches"] == "x2" and layout["xaxis"]["showticklabels"] is False
        assert layout["xaxis2"]["title"]["text"] == "Months after the event (FOMC announcement)"
        assert [(s["xref"], s["yref"]) for s in layout["shapes"]] == [
            ("x domain", "y"), ("x", "y domain"), ("x2", "y2 domain")]
        assert layout["annotations"][-1]["text"].count("<br>") == 1  # the long source line wraps
        assert fig.to_plotly_json() == build_regimes_figure(paths, median, **kwargs).to_plotly_json()
        assert as_json(fig) == as_json(reference_figure(paths, median, **kwargs))

    def test_domains_are_the_ones_make_subplots_lays_out(self):
        layout = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                               row_heights=[0.68, 0.32]).layout
        assert (layout.yaxis.domain, layout.yaxis2.domain) == (TOP_DOMAIN, BOTTOM_DOMAIN)
        paths, median, rates = inputs()
        spec = regimes_spec(paths, median, rates=rates, title="T", source_line="s")["layout"]
        for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
            for key, value in layout[axis].to_plotly_json().items():
                assert spec[axis][key] == (list(value) if isinstance(value, tuple) else value), (axis, key)

    def test_no_event_column(self):
        paths, median, _ = inputs()
        spec = regimes_spec(paths.iloc[:, :0], median * np.nan, title="T", source_line="s")
        assert_plain_valid_spec(spec)
        assert [t["name"] for t in spec["data"]] == ["Median across events"]


# --------------------------------------------------------------------------- the panel
@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))


def without_template(figure: dict) -> dict:
    return {**figure, "layout": {k: v for k, v in figure["layout"].items() if k != "template"}}


class TestRawViews:
    @pytest.mark.parametrize("event", ["first_hike", "last_hike", "first_cut", "last_cut"])
    def test_rendered_figure_is_a_valid_spec(self, demo_app, event):
        data = demo_app.server.extensions["smallcap_data"]
        state = ViewState(event=event, asof=dt.date(2019, 6, 28))
        out = rendered("regimes", data, state)
        assert out.ok and out.result.study is not None and isinstance(out.figure, dict)
        assert_plain_valid_spec(out.figure)
        assert go.Figure(out.figure).to_plotly_json()["data"]
        assert out.summary == drawer("regimes", data)(state)[1]

    def test_view_that_cannot_be_drawn_is_an_empty_spec(self, demo_app):
        data = demo_app.server.extensions["smallcap_data"]
        state = ViewState(event="last_cut", asof=dt.date(1990, 1, 5))
        out = rendered("regimes", data, state)
        assert not out.ok and out.extra is None and out.figure["data"] == [] and out.table is None
        assert out.figure["layout"]["annotations"][0]["text"].startswith("Cannot draw this view: no last cut")

    def test_update_passes_raw_through(self, demo_app):
        data = demo_app.server.extensions["smallcap_data"]
        figure, summary, table = drawer("regimes", data, raw=True)(ViewState(event="first_cut").to_dict())
        assert isinstance(figure, dict) and "first cuts from" in summary and len(table) == 2
        assert isinstance(drawer("regimes", data)(ViewState().to_dict())[0], go.Figure)

    def test_the_page_gets_the_spec(self, demo_app):
        """The registered callback, over HTTP: the figure is the spec, compacted as every panel's."""
        data = demo_app.server.extensions["smallcap_data"]
        state = ViewState(event="last_hike", asof=dt.date(2018, 3, 1))
        view = resolve_view(state, PanelData(data)).fields(REGISTRY["regimes"].reads)
        got = answer(post(demo_app.server.test_client(), panel_callbacks(demo_app.server.test_client())[
            "regimes-graph"], {"regimes-view.data": view}))
        figure, summary, table = json.loads(json.dumps(plain_outputs(drawer("regimes", data, raw=True)(state)),
                                                       cls=PlotlyJSONEncoder))
        assert got["regimes-summary"]["children"] == summary and got["regimes-table"]["children"] == table
        sent = got["regimes-graph"]["figure"]
        assert sent["layout"]["template"] == compact_template()
        assert without_template(sent) == without_template(figure)
        assert sent["data"][0]["y"]["dtype"] == "f4"  # float arrays as compact typed arrays


@pytest.mark.shared_data
def test_real_studies_draw_as_the_reference_figure(shared_data, tmp_path):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path))
    data = app.server.extensions["smallcap_data"]
    from analytics.regimes import to_fed_target

    series = {k: data.series(k).data for k in ("RUT", "GSPC", "DFEDTAR", "DFEDTARU", "DFEDTARL", "DFF",
                                               "BAMLH0A0HYM2", "DGS10")}
    target = to_fed_target(series["DFEDTAR"], series["DFEDTARU"], series["DFEDTARL"], dff=series["DFF"])
    rates = {"HY OAS": series["BAMLH0A0HYM2"], "10-year yield": series["DGS10"]}
    for event, as_of in (("first_hike", None), ("last_cut", "2024-10-31"), ("first_cut", "2008-06-30")):
        study = compute_event_study(series["RUT"], series["GSPC"], target, event=event,
                                    as_of=as_of and pd.Timestamp(as_of), rates=rates)
        kwargs = {"rates": study.rates, "title": event, "source_line": "Source: FRED; S&P.", "uirevision": event}
        spec = regimes_spec(study.paths, study.median, **kwargs)
        assert as_json(assert_plain_valid_spec(spec)) == as_json(reference_figure(study.paths, study.median,
                                                                                  **kwargs))


def test_memoised_fed_events_are_shared_between_pairs_and_change_nothing(demo_app, monkeypatch):
    from panels import regimes
    from panels.cache import Memo

    data = demo_app.server.extensions["smallcap_data"]
    calls = []
    original = regimes.target_events

    def counted(source, as_of, **kwargs):
        calls.append(as_of)
        return original(source, as_of, **kwargs)

    plain = drawer("regimes", data, raw=True)
    expected = {}
    for small, large in [("RUT", "GSPC"), ("IWM", "GSPC"), ("IWM", "SPY"), ("RUT", "SPY")]:
        for asof in (None, dt.date(2016, 3, 1)):
            state = {"small": small, "large": large, "event": "first_hike",
                     "asof": asof.isoformat() if asof else None}
            expected[(small, large, asof)] = json.dumps(plain(state), cls=PlotlyJSONEncoder)
    monkeypatch.setattr(regimes, "target_events", counted)
    memoised = drawer("regimes", data, raw=True, memo=Memo(None, data.version))
    for (small, large, asof), want in expected.items():
        state = {"small": small, "large": large, "event": "first_hike", "asof": asof.isoformat() if asof else None}
        assert json.dumps(memoised(state), cls=PlotlyJSONEncoder) == want
    # one computation per distinct as-of date (the demo series all end on the same day; the two
    # dates know different moves)
    assert len(calls) == len(set(calls)) == 2


def test_as_of_dates_that_know_the_same_fed_moves_share_their_events(demo_app, monkeypatch):
    """The Fed events as of a date depend only on the moves announced by then: dates between
    two moves compute them once, a date on the next move's announcement day again; every figure
    is the one computed without the memo."""
    from panels import regimes
    from panels.cache import Memo

    data = demo_app.server.extensions["smallcap_data"]
    moves = regimes._fed_target(PanelData(data))[1].moves
    announced = pd.DatetimeIndex(moves["announcement_date"])
    gaps = np.flatnonzero((announced[1:] - announced[:-1]).days > 20)
    k = int(gaps[-1])  # the last move followed by a pause of three weeks or more (day-after era)
    assert moves["effective_date"].iloc[k + 1] > announced[k + 1]  # FRED shows it the next day
    days = [announced[k] + pd.Timedelta(days=1), announced[k + 1] - pd.Timedelta(days=1), announced[k + 1]]
    assert [regimes.moves_known(PanelData(data), d) for d in days] == [k + 1, k + 1, k + 2]
    plain = drawer("regimes", data, raw=True)
    states = [{"small": "RUT", "large": "GSPC", "event": "last_hike", "asof": f"{d:%Y-%m-%d}"} for d in days]
    expected = [json.dumps(plain(state), cls=PlotlyJSONEncoder) for state in states]
    calls = []
    original = regimes.target_events
    monkeypatch.setattr(regimes, "target_events", lambda source, as_of, **kw: calls.append(as_of) or original(
        source, as_of, **kw))
    memoised = drawer("regimes", data, raw=True, memo=Memo(None, data.version))
    assert [json.dumps(memoised(state), cls=PlotlyJSONEncoder) for state in states] == expected
    assert calls == [days[0], days[2]]
