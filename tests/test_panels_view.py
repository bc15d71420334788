"""The resolved view: one resolution per step, one load per series per request."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from app import create_app
from components.ids import PANELS, Id
from config import Config, DataSpec
from panels.registry import REGISTRY
from panels.view import ResolvedView, measure_window, resolve_view
from state import ViewState
from tests.dash_post import answer, by_first_output, panel_callbacks, post
from tests.fakes import FakeData

D = dt.date


def flat(start: str, end: str) -> pd.Series:
    index = pd.bdate_range(start, end, name="date")
    return pd.Series(100.0, index=index)


class TestResolveView:
    def test_as_of_follows_the_window_end_unless_pinned(self):
        data = FakeData({"RUT": flat("2010-01-01", "2020-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        view = resolve_view(ViewState(end=D(2019, 3, 29)), data)
        assert (view.start, view.end, view.asof, view.asof_pinned) == (D(2016, 3, 29), D(2019, 3, 29), D(2019, 3, 29), False)
        pinned = resolve_view(ViewState(end=D(2019, 3, 29), asof=D(2015, 1, 2)), data)
        assert (pinned.asof, pinned.asof_pinned) == (D(2015, 1, 2), True) and not pinned.notices

    def test_pinned_as_of_after_the_pair_is_moved_back_with_a_notice(self):
        data = FakeData({"RUT": flat("2010-01-01", "2020-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        view = resolve_view(ViewState(asof=D(2021, 1, 4)), data)
        assert view.asof == view.data_end == D(2020, 6, 30)
        assert view.notices == ("The as-of date 2021-01-04 is after the pair's last common observation: facts "
                                "are as of 2020-06-30.",)

    def test_measure_window_defaults_to_a_month_from_the_as_of_date(self):
        assert measure_window(None, None, D(2019, 1, 31)) == (D(2019, 1, 31), D(2019, 2, 28))
        assert measure_window(D(2019, 5, 1), None, D(2019, 1, 31)) == (D(2019, 5, 1), D(2019, 6, 1))
        assert measure_window(None, D(2019, 12, 31), D(2019, 1, 31)) == (D(2019, 1, 31), D(2019, 12, 31))
        assert measure_window(None, None, None) == (None, None)

    def test_fields_round_trip_and_tampered_fields_fall_back(self):
        data = FakeData({"RUT": flat("2010-01-01", "2020-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        view = resolve_view(ViewState(freq="W", window=13, universe="x"), data)
        assert ResolvedView.from_fields(view.to_dict()) == view
        bad = ResolvedView.from_fields({"start": "yesterday", "window": "63", "asof_pinned": "yes", "small": 5})
        assert (bad.start, bad.window, bad.asof_pinned, bad.small) == (None, 63, False, "RUT")

    def test_a_window_without_an_observation_after_its_start_says_so(self):
        data = FakeData({"RUT": flat("2010-01-01", "2020-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        weekend = resolve_view(ViewState(start=D(2019, 3, 30), end=D(2019, 3, 31)), data)  # Sat, Sun
        assert (weekend.start, weekend.end) == (D(2019, 3, 30), D(2019, 3, 31))  # the dates asked for
        assert weekend.notices == (
            "The window 2019-03-30 to 2019-03-31 has no observation of Russell 2000 (RUT) after its start "
            "(the last one on or before it: 2019-03-29), so there is no return to measure: the panels that measure the "
            "window cannot draw it. Widen the window to include a trading day.",)
        # a Friday-to-Monday window holds Monday's close; the large side is checked too
        assert not resolve_view(ViewState(start=D(2019, 3, 29), end=D(2019, 4, 1)), data).notices
        holes = FakeData({"RUT": flat("2010-01-01", "2020-06-30"),
                          "GSPC": flat("2005-01-01", "2021-12-31").drop(pd.Timestamp("2019-04-19"))})
        # Maundy Thursday to Easter Sunday: RUT has a close after the start (Good Friday), GSPC none
        assert "of S&P 500 (GSPC) after its start (the last one on or before it: 2019-04-18)" in \
            resolve_view(ViewState(start=D(2019, 4, 18), end=D(2019, 4, 21)), holes).notices[0]
        months = pd.Series(100.0, index=pd.date_range("2000-01-31", "2020-12-31", freq="ME"))
        monthly = FakeData({"FF_LO30": months, "FF_HI30": months})
        mid = resolve_view(ViewState(small="FF_LO30", large="FF_HI30", start=D(2019, 3, 5), end=D(2019, 3, 25)),
                           monthly)
        assert mid.notices[0].endswith("(the last one on or before it: 2019-02-28), so there is no return to measure: the "
                                        "panels that measure the window cannot draw it. Widen the window to "
                                        "include a month-end (the series is monthly).")

    def test_pinned_link_reopens_the_same_view(self):
        data = FakeData({"RUT": flat("2010-01-01", "2020-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        view = resolve_view(ViewState(), data)
        longer = FakeData({"RUT": flat("2010-01-01", "2021-06-30"), "GSPC": flat("2005-01-01", "2021-12-31")})
        again = resolve_view(view.to_state(), longer)  # the data grew: the pinned link does not drift
        assert (again.start, again.end, again.asof) == (view.start, view.end, view.asof)
        assert resolve_view(ViewState(), longer).end == D(2021, 6, 30)  # the floating one does


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("cache"), caching=False))


def count_loads(monkeypatch, app) -> Counter:
    """Count the data source's loads per key (the app's one DataSource)."""
    source = app.server.extensions["smallcap_data"]
    loads, real = Counter(), source.series

    def counted(key):
        loads[key] += 1
        return real(key)

    monkeypatch.setattr(source, "series", counted)
    return loads


def test_a_window_change_resolves_once_and_loads_each_series_once_per_request(app, monkeypatch):
    import callbacks.state_hub as hub_module

    client = app.server.test_client()
    resolutions = []
    real_resolve = hub_module.resolve_view

    def counted_resolve(state, data):
        resolutions.append(state)
        return real_resolve(state, data)

    monkeypatch.setattr(hub_module, "resolve_view", counted_resolve)
    hub = by_first_output(client)[Id.STATE]
    current = ViewState(universe="demo_smallcap")  # a universe: its panels follow the window too
    shown = app.server.extensions["smallcap_panel_data"]
    shown = resolve_view(current, shown).to_dict()
    loads = count_loads(monkeypatch, app)
    window = {f"{Id.WINDOW}.start_date": "2020-01-02", f"{Id.WINDOW}.end_date": "2021-06-30"}
    out = answer(post(client, hub, window, state={f"{Id.STATE}.data": current.to_dict(),
                                                  f"{Id.VIEW}.data": shown}))
    assert len(resolutions) == 1
    assert loads and max(loads.values()) == 1, loads
    views = {p: out[f"{p}-view"]["data"] for p in PANELS if f"{p}-view" in out}
    assert set(views) == set(PANELS)  # the as-of date follows the window: every panel redraws
    deps = panel_callbacks(client)
    for panel, view in views.items():
        if panel == "facts":
            continue
        loads.clear()
        answer(post(client, deps[f"{panel}-graph"], {f"{panel}-view.data": view}))
        assert max(loads.values(), default=1) == 1, (panel, loads)
        assert view == {k: view[k] for k in REGISTRY[panel].reads}


@pytest.mark.parametrize("query", ["", "?small=IWM&large=SPY&overlay=VIXCLS,DGS3MO", "?small=FF_LO30&large=FF_HI30"])
def test_the_series_a_view_reads_are_those_its_panels_load(app, query):
    """:func:`panels.registry.view_series` (what the header names when it ends before the as-of
    date) holds every series a panel loads for the view and none that no panel loads."""
    from panels.data import PanelData
    from panels.registry import view_series
    from panels.contract import render
    from state import parse_query

    class Recording(PanelData):
        def series(self, key):
            loaded.add(key)
            return super().series(key)

    shared = app.server.extensions["smallcap_panel_data"]
    state, _ = parse_query(query.lstrip("?"))
    view = resolve_view(state, shared.for_request())
    loaded: set[str] = set()
    for panel in REGISTRY.values():
        request = Recording(shared.source, shared.universe, None, per_request=True)
        render(panel, request, view)
    declared = view_series(view)
    assert len(declared) == len(set(declared))
    assert loaded <= set(declared), sorted(loaded - set(declared))
    assert set(declared) <= loaded, sorted(set(declared) - loaded)
    assert {view.small, view.large} <= set(declared)
