"""The state hub: what each event does to the view state and the URL (called without a browser)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from panels.data import PanelData
from panels.view import pair_span, resolve_view
from callbacks.state_hub import StateHub, clicked_band, fact_target, preset_window, zoom_window
from components.ids import PANELS, Id
from loaders.cache import LoaderCache, make_cache
from loaders.source import DataSource
from state import ViewState


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    from config import Config, DataSpec

    config = Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("hub"))
    return StateHub(PanelData(DataSource(config, LoaderCache(make_cache(config)))))


def controls(**values) -> dict:
    base = {k: None for k in ("small", "large", "start", "end", "freq", "window", "asof", "event",
                              "universe", "rank_by", "mstart", "mend", "overlay")}
    base.update(values)
    return base


def step(hub, triggered, *, current, url="", control_values=None, zoom=None, band_click=None, windows=None):
    """One hub step; the page shows ``current``'s resolved view (as the view store holds it)."""
    shown = resolve_view(current, hub.data).to_dict() if current else None
    return hub.step(triggered, url=url, controls=control_values or controls(), zoom=zoom,
                    band_click=band_click, current=current.to_dict() if current else None, shown=shown,
                    windows=windows)


def zoomed(panel: str, relayout: dict) -> dict:
    """The zoom store as the browser-side filter writes it."""
    return {"panel": f"{panel}-graph", "relayout": relayout, "at": 1}


def test_page_load_parses_the_url_and_sets_controls(hub):
    out = step(hub, [("url.search", "?start=2019-01-02&end=2020-12-31&small=IWM&bogus=1")],
               url="?start=2019-01-02&end=2020-12-31&small=IWM&bogus=1", current=None)
    assert out["state"]["start"] == "2019-01-02" and out["state"]["small"] == "IWM"
    assert out["url"] == "?start=2019-01-02&end=2020-12-31&small=IWM"
    assert out["controls"]["start"] == "2019-01-02" and out["controls"]["small"] == "IWM"
    assert "Ignored unknown parameter 'bogus'" in json.dumps(out["notice"].to_plotly_json(), default=str)


def test_default_view_keeps_an_empty_query_and_rewrites_no_control(hub):
    """The layout already shows the default view: nothing to re-render, no graph re-plot."""
    from dash import no_update

    out = step(hub, [("url.search", "")], current=None)
    assert out["url"] == "" and out["notice"] is None
    assert all(value is no_update for value in out["controls"].values())
    assert all(config is no_update for config in out["configs"])
    shown = hub.control_values(resolve_view(ViewState(), hub.data))
    assert (shown["start"], shown["end"], shown["asof"]) == ("2022-12-31", "2025-12-31", "2025-12-31")


def test_a_link_rewrites_only_the_controls_it_changes(hub):
    from dash import no_update

    out = step(hub, [("url.search", "?freq=W&start=2019-01-02")], url="?freq=W&start=2019-01-02", current=None)
    written = {k: v for k, v in out["controls"].items() if v is not no_update}
    assert written == {"freq": "W", "start": "2019-01-02"}
    assert out["configs"][0]["toImageButtonOptions"]["filename"] == "relative_2019-01-02_2025-12-31"


def test_a_control_reporting_its_empty_value_on_mount_changes_nothing(hub):
    """A date picker firing with None must not pin the default window into the link."""
    with pytest.raises(PreventUpdate):
        step(hub, [(f"{Id.MEASURE_START}.date", None), (f"{Id.MEASURE_END}.date", None)],
             current=ViewState(), control_values=controls(start="2022-12-31", end="2025-12-31",
                                                          asof="2025-12-31"))


def test_only_the_control_that_fired_is_read(hub):
    out = step(hub, [(f"{Id.FREQ}.value", "W")], current=ViewState(),
               control_values=controls(freq="W", start="2022-12-31", end="2025-12-31", asof="2025-12-31"))
    assert out["url"] == "?freq=W&window=13"  # the window converted to the same span
    assert out["state"]["start"] is None and out["state"]["asof"] is None


def test_changing_one_end_of_the_window_takes_both(hub):
    out = step(hub, [(f"{Id.WINDOW}.start_date", "2024-01-02")], current=ViewState(),
               control_values=controls(start="2024-01-02", end="2025-06-30"))
    assert out["url"] == "?start=2024-01-02&end=2025-06-30"


def test_reversed_window_from_the_picker_is_swapped(hub):
    out = step(hub, [(f"{Id.WINDOW}.end_date", "2020-01-02")], current=ViewState(),
               control_values=controls(start="2024-01-02", end="2020-01-02"))
    assert (out["state"]["start"], out["state"]["end"]) == ("2020-01-02", "2024-01-02")


def test_zoom_sets_the_window(hub):
    zoom = {"xaxis.range[0]": "2024-02-01 00:00:00", "xaxis.range[1]": "2024-06-28 12:00"}
    out = step(hub, [("zoom.data", zoomed("relative", zoom))], current=ViewState(),
               zoom=zoomed("relative", zoom))
    assert out["url"] == "?start=2024-02-01&end=2024-06-28"
    assert out["configs"][0]["toImageButtonOptions"]["filename"] == "relative_2024-02-01_2024-06-28"
    assert out["export_all"] == "/export/all.zip?start=2024-02-01&end=2024-06-28"


def test_unparseable_and_repeated_zoom_do_nothing(hub):
    bad = zoomed("rates", {"xaxis.range[0]": "soon", "xaxis.range[1]": "later"})
    with pytest.raises(PreventUpdate):
        step(hub, [("zoom.data", bad)], current=ViewState(), zoom=bad)
    current = ViewState(start=dt.date(2024, 2, 1), end=dt.date(2024, 6, 28))
    same = zoomed("spreads", {"xaxis.range": ["2024-02-01", "2024-06-28"]})
    with pytest.raises(PreventUpdate):
        step(hub, [("zoom.data", same)], current=current, zoom=same)


def test_preset_button_sets_a_window_ending_at_the_last_observation(hub):
    prop = json.dumps({"type": Id.PRESETS, "years": 1}, separators=(",", ":")) + ".n_clicks"
    out = step(hub, [(prop, 1)], current=ViewState(start=dt.date(2010, 1, 4)))
    assert (out["state"]["start"], out["state"]["end"]) == ("2024-12-31", "2025-12-31")


def test_fact_click_moves_window_and_asof_and_highlights_its_panel(hub):
    prop = json.dumps({"index": "2024-09-18|2025-01-13|rates", "type": Id.FACT_ITEM},
                      separators=(",", ":")) + ".n_clicks"
    out = step(hub, [(prop, 1)], current=ViewState())
    assert out["url"] == "?start=2024-09-18&end=2025-01-13&asof=2025-01-13"
    classes = dict(zip(("facts", "relative", "rates", "spreads", "correlation", "regimes", "leverage", "universe"),
                       out["classes"]))
    assert "highlight" in classes["rates"] and "highlight" not in classes["relative"]


def test_fact_item_appearing_without_a_click_does_nothing(hub):
    prop = json.dumps({"index": "2024-09-18|2025-01-13|rates", "type": Id.FACT_ITEM}) + ".n_clicks"
    with pytest.raises(PreventUpdate):
        step(hub, [(prop, None)], current=ViewState())


def test_helpers_reject_malformed_events():
    assert zoom_window({"xaxis.range[0]": "not a date", "xaxis.range[1]": "2024-01-01"}) is None
    assert zoom_window({"yaxis.range[0]": 1, "yaxis.range[1]": 2}) is None
    assert zoom_window({"xaxis2.range": ["2024-03-01", "2024-01-01"]}) == (dt.date(2024, 1, 1),
                                                                           dt.date(2024, 3, 1))
    assert clicked_band({"index": 3, "annotation": {"name": "band|2022-03-16|2023-07-26"}}) == (
        dt.date(2022, 3, 16), dt.date(2023, 7, 26))
    # a click on the band itself (clickData points) no longer selects a cycle
    assert clicked_band({"points": [{"customdata": ["band", "2022-03-16", "2023-07-26"]}]}) is None
    for bad in ({"annotation": {"name": "band|x|2023-07-26"}}, {"annotation": {"name": 5}}, {"annotation": "x"},
                {"annotation": {"name": "note|2022-03-16|2023-07-26"}}, None, []):
        assert clicked_band(bad) is None
    assert fact_target({"type": Id.FACT_ITEM, "index": "2024-01-01|2024-02-01|nowhere"}) is None


def written_views(out) -> list[str]:
    """Panels whose view store the hub writes (the others get ``no_update``)."""
    from dash import no_update

    from components.ids import PANELS

    return [p for p, view in zip(PANELS, out["views"]) if view is not no_update]


def test_each_interaction_redraws_only_the_panels_that_read_it(hub):
    assert written_views(step(hub, [("url.search", "")], current=None)) == [
        "facts", "relative", "rates", "spreads", "correlation", "regimes", "leverage", "universe"]
    freq = step(hub, [(f"{Id.FREQ}.value", "W")], current=ViewState(), control_values=controls(freq="W"))
    assert written_views(freq) == ["correlation"]
    assert freq["views"][4] == {"small": "RUT", "large": "GSPC", "start": "2022-12-31", "end": "2025-12-31",
                                "freq": "W", "window": 13, "note": []}
    zoom = {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"}
    window = step(hub, [("zoom.data", zoomed("rates", zoom))], current=ViewState(), zoom=zoomed("rates", zoom))
    # the as-of date follows the window's end: the facts, the event study and the measure window
    # too; the universe panels show "Choose a universe" whatever the window, so they stay
    assert written_views(window) == [p for p in PANELS if p not in ("leverage", "universe")]
    chosen = ViewState(universe="demo_smallcap")
    window = step(hub, [("zoom.data", zoomed("rates", zoom))], current=chosen, zoom=zoomed("rates", zoom))
    assert written_views(window) == list(PANELS)
    asof = step(hub, [(f"{Id.ASOF}.date", "2024-09-18")], current=ViewState(),
                control_values=controls(asof="2024-09-18"))
    assert written_views(asof) == ["facts", "regimes"]
    asof = step(hub, [(f"{Id.ASOF}.date", "2024-09-18")], current=ViewState(universe="demo_smallcap"),
                control_values=controls(asof="2024-09-18", universe="demo_smallcap"))
    assert written_views(asof) == ["facts", "regimes", "leverage"]  # its measure window ends on the as-of date
    pair = step(hub, [(f"{Id.SMALL}.value", "IWM")], current=ViewState(), control_values=controls(small="IWM"))
    # rates and spreads read the pair only to resolve the window, which stays the same here
    assert written_views(pair) == ["facts", "relative", "correlation", "regimes"]
    pair = step(hub, [(f"{Id.SMALL}.value", "IWM")], current=ViewState(universe="demo_smallcap"),
                control_values=controls(small="IWM", universe="demo_smallcap"))
    assert written_views(pair) == ["facts", "relative", "correlation", "regimes", "leverage"]
    universe = step(hub, [(f"{Id.UNIVERSE}.value", "demo_smallcap")], current=ViewState(),
                    control_values=controls(universe="demo_smallcap"))
    assert written_views(universe) == ["leverage", "universe"]


def test_back_to_an_earlier_link_redraws_what_differs(hub):
    current = ViewState(freq="W", start=dt.date(2020, 1, 2), end=dt.date(2021, 1, 4))
    out = step(hub, [("url.search", "?start=2020-01-02&end=2021-01-04")], url="?start=2020-01-02&end=2021-01-04",
               current=current)
    assert written_views(out) == ["correlation"]


def test_window_panels_get_the_window_resolved_on_the_pair(hub):
    """Rates and spreads redraw on a pair change only when it moves the window: IWM's demo
    data starts on 2000-05-26, so a window from 1995 starts there once IWM is the small cap."""
    early = ViewState(start=dt.date(1995, 1, 3), end=dt.date(2005, 1, 3))
    load = step(hub, [("url.search", "?start=1995-01-03&end=2005-01-03")], url="?start=1995-01-03&end=2005-01-03",
                current=None)
    rates = load["views"][PANELS.index("rates")]
    assert rates == {"start": "1995-01-03", "end": "2005-01-03", "overlay": None, "note": []}
    pair = step(hub, [(f"{Id.SMALL}.value", "IWM")], current=early, control_values=controls(small="IWM"))
    assert written_views(pair) == [p for p in PANELS if p not in ("leverage", "universe")]  # no universe chosen
    assert pair["views"][PANELS.index("spreads")] == {"start": "2000-05-26", "end": "2005-01-03", "overlay": None, "note": []}
    # the panel draws exactly that window, as it does from the full state (exports)
    from tests.panel_draw import drawer

    data = hub.data
    from_view = drawer("rates", data, raw=True)(pair["views"][PANELS.index("rates")])
    from_state = drawer("rates", data, raw=True)(replace(early, small="IWM").to_dict())
    assert from_view == from_state
    assert from_view[1].startswith("From 2000-05-26 to 2005-01-03")


def test_a_pair_with_less_data_does_not_shorten_the_window_for_the_next_pair(hub):
    """IWM's demo data start on 2000-05-26: its view starts there (with a notice), but the
    window asked for stays, so back on RUT the chart starts in 1995 again."""
    early = ViewState(start=dt.date(1995, 1, 3), end=dt.date(2005, 1, 3))
    iwm = step(hub, [(f"{Id.SMALL}.value", "IWM")], current=early, control_values=controls(small="IWM"))
    assert iwm["view"]["start"] == "2000-05-26" and iwm["state"]["start"] == "1995-01-03"
    assert "2000-05-26" in json.dumps(iwm["notice"].to_plotly_json(), default=str)
    assert iwm["url"] == "?start=1995-01-03&end=2005-01-03&small=IWM"  # the link reopens this view
    back = step(hub, [(f"{Id.SMALL}.value", "RUT")], current=ViewState.from_dict(iwm["state"]),
                control_values=controls(small="RUT"))
    assert back["view"]["start"] == "1995-01-03" and back["state"]["start"] == "1995-01-03"
    # with no window asked for, a new pair keeps the dates shown (the default is the pair's own)
    default = step(hub, [(f"{Id.SMALL}.value", "IWM")], current=ViewState(), control_values=controls(small="IWM"))
    shown = resolve_view(ViewState(), hub.data)
    assert default["state"]["start"] == shown.start.isoformat() and default["state"]["end"] == shown.end.isoformat()


def preset_prop(key) -> str:
    return json.dumps({"type": Id.PRESETS, "years": key}, separators=(",", ":")) + ".n_clicks"


def test_ytd_preset_starts_on_the_first_day_of_the_last_observation_year(hub):
    out = step(hub, [(preset_prop("ytd"), 1)], current=ViewState(start=dt.date(2010, 1, 4)))
    assert (out["state"]["start"], out["state"]["end"]) == ("2025-01-01", "2025-12-31")


def test_ytd_and_fed_presets_are_plain_windows():
    assert preset_window("ytd", end=dt.date(2024, 3, 8), data_start=dt.date(2024, 2, 1)) == (
        dt.date(2024, 2, 1), dt.date(2024, 3, 8))
    assert preset_window("fed", end=dt.date(2024, 3, 8), data_start=dt.date(2000, 1, 3),
                         last_move=dt.date(2023, 7, 26)) == (dt.date(2023, 7, 26), dt.date(2024, 3, 8))
    assert preset_window("fed", end=dt.date(2024, 3, 8), data_start=dt.date(2000, 1, 3)) is None
    # on the day of a move (known from its announcement) the window cannot start on its last day:
    # the week before, so that the day's move shows
    assert preset_window("fed", end=dt.date(2024, 9, 18), data_start=dt.date(2000, 1, 3),
                         last_move=dt.date(2024, 9, 18)) == (dt.date(2024, 9, 11), dt.date(2024, 9, 18))
    assert preset_window("fed", end=dt.date(2024, 9, 20), data_start=dt.date(2000, 1, 3),
                         last_move=dt.date(2024, 9, 18)) == (dt.date(2024, 9, 18), dt.date(2024, 9, 20))


@pytest.mark.parametrize("key", ["decade", True, -1, 1000, None, [1]])
def test_unknown_preset_values_do_nothing(hub, key):
    with pytest.raises(PreventUpdate):
        step(hub, [(preset_prop(key), 1)], current=ViewState(start=dt.date(2010, 1, 4)))


def test_fed_preset_starts_at_the_last_change_of_the_target(hub):
    upper = hub.data.series("DFEDTARU").data.dropna().loc[:"2025-12-31"]
    changed = upper.index[1:][upper.diff().iloc[1:].to_numpy() != 0]
    out = step(hub, [(preset_prop("fed"), 1)], current=ViewState(start=dt.date(2010, 1, 4)))
    start = dt.date.fromisoformat(out["state"]["start"])
    assert out["state"]["end"] == "2025-12-31"
    # the announcement precedes the effective date (FRED dates the change) by at most a few days
    assert dt.timedelta(0) <= changed[-1].date() - start <= dt.timedelta(days=5)



def test_fed_preset_on_a_move_day_says_why_the_window_starts_a_week_earlier(hub, monkeypatch):
    """On the day of a move (the pair's last observation, as on an FOMC evening with live data)
    the window shows the week before: the notice says so instead of leaving it unexplained."""
    import callbacks.state_hub as state_hub

    last = pair_span(hub.data, ViewState().small, ViewState().large)[1]
    monkeypatch.setattr(state_hub, "last_fed_move", lambda data, day: day)
    out = step(hub, [(preset_prop("fed"), 1)], current=ViewState(start=dt.date(2010, 1, 4)))
    assert out["state"]["end"] == last.isoformat()
    assert out["state"]["start"] == (last - dt.timedelta(days=7)).isoformat()
    text = json.dumps(out["notice"].to_plotly_json(), default=str)
    assert f"announced on {last:%Y-%m-%d}" in text and "week before the move" in text
    # a move before the last observation: the window starts on it, nothing to explain
    monkeypatch.setattr(state_hub, "last_fed_move", lambda data, day: day - dt.timedelta(days=30))
    out = step(hub, [(preset_prop("fed"), 1)], current=ViewState(start=dt.date(2010, 1, 4)))
    assert out["state"]["start"] == (last - dt.timedelta(days=30)).isoformat()
    assert out["notice"] is None

def chip_click(first="2022-03-16", last="2023-07-26") -> dict:
    return {"index": 0, "annotation": {"name": f"band|{first}|{last}", "text": "\u25b2 hikes"}}


def test_a_click_on_a_cycle_chip_selects_the_cycle(hub):
    out = step(hub, [("relative-graph.clickAnnotationData", chip_click())], current=ViewState(),
               band_click=chip_click())
    assert (out["state"]["start"], out["state"]["end"]) == ("2022-03-16", "2023-07-26")


def back_step(hub, current, windows):
    zoom = {"panel": "rates-graph", "back": True, "at": 1}
    return step(hub, [("zoom.data", zoom)], current=current, zoom=zoom, windows=windows)


def test_double_click_returns_to_the_previous_window_and_back_again(hub):
    first = ViewState(start=dt.date(2023, 1, 3), end=dt.date(2025, 12, 31))
    zoom = zoomed("rates", {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"})
    zoomed_in = step(hub, [("zoom.data", zoom)], current=first, zoom=zoom, windows=[])
    assert zoomed_in["windows"] == [["2023-01-03", "2025-12-31"]]
    second = ViewState.from_dict(zoomed_in["state"])
    zoom2 = zoomed("spreads", {"xaxis.range[0]": "2024-03-01", "xaxis.range[1]": "2024-04-30"})
    deeper = step(hub, [("zoom.data", zoom2)], current=second, zoom=zoom2, windows=zoomed_in["windows"])
    assert deeper["windows"] == [["2023-01-03", "2025-12-31"], ["2024-02-01", "2024-06-28"]]
    back = back_step(hub, ViewState.from_dict(deeper["state"]), deeper["windows"])
    assert (back["state"]["start"], back["state"]["end"]) == ("2024-02-01", "2024-06-28")
    assert back["windows"] == [["2023-01-03", "2025-12-31"]]
    again = back_step(hub, ViewState.from_dict(back["state"]), back["windows"])
    assert (again["state"]["start"], again["state"]["end"]) == ("2023-01-03", "2025-12-31")
    assert again["windows"] == []
    with pytest.raises(PreventUpdate):  # nothing earlier: the chart just autoranges
        back_step(hub, ViewState.from_dict(again["state"]), again["windows"])


@pytest.mark.parametrize("windows", [None, "x", [["2024-01-01"]], [[1, 2]], [["soon", "later"]]])
def test_a_tampered_window_stack_is_ignored(hub, windows):
    with pytest.raises(PreventUpdate):
        back_step(hub, ViewState(), windows)


def test_a_control_change_that_keeps_the_window_does_not_push_it(hub):
    out = step(hub, [(f"{Id.FREQ}.value", "W")], current=ViewState(), control_values=controls(freq="W"),
               windows=[["2020-01-02", "2021-01-04"]])
    assert out["windows"] is no_update


def test_the_high_window_pickers_write_the_link_and_clearing_restores_2021(hub):
    from components.ids import Id

    chosen = ViewState(universe="demo_smallcap")
    out = step(hub, [(f"{Id.HIGH_START}.date", "2022-06-01")], current=chosen,
               control_values=controls(universe="demo_smallcap", hstart="2022-06-01", hend="2021-12-31"))
    assert out["state"]["hstart"] == "2022-06-01" and "hstart=2022-06-01" in out["url"]
    assert out["controls"]["hstart"] == "2022-06-01" and out["controls"]["hend"] == "2023-05-31"
    views = dict(zip(PANELS, out["views"]))
    assert views["universe"]["hstart"] == "2022-06-01" and views["relative"] is no_update  # only the universe redraws
    # with no universe chosen the link keeps the window, and no panel redraws
    empty = step(hub, [(f"{Id.HIGH_START}.date", "2022-06-01")], current=ViewState(),
                 control_values=controls(hstart="2022-06-01", hend="2021-12-31"))
    assert "hstart=2022-06-01" in empty["url"] and written_views(empty) == []
    cleared = step(hub, [(f"{Id.HIGH_START}.date", None)], current=ViewState(hstart=dt.date(2022, 6, 1)),
                   control_values=controls(hstart=None))
    assert cleared["state"]["hstart"] is None and "hstart" not in cleared["url"]
    assert cleared["controls"]["hstart"] == "2021-01-01"


def test_presets_end_on_a_pinned_as_of_date(hub):
    """With the as-of date pinned (2022-06-16) the presets count back from it: the Fed preset
    jumped to the latest move (2025-12-10 to the data's end) while the header said "as of
    2022-06-16"."""
    pinned = ViewState(start=dt.date(2010, 1, 4), asof=dt.date(2022, 6, 16))
    out = step(hub, [(preset_prop("ytd"), 1)], current=pinned)
    assert (out["state"]["start"], out["state"]["end"], out["state"]["asof"]) == (
        "2022-01-01", "2022-06-16", "2022-06-16")
    out = step(hub, [(preset_prop(1), 1)], current=pinned)
    assert (out["state"]["start"], out["state"]["end"]) == ("2021-06-16", "2022-06-16")
    upper = hub.data.series("DFEDTARU").data.dropna().loc[:"2022-06-16"]
    changed = upper.index[1:][upper.diff().iloc[1:].to_numpy() != 0]
    out = step(hub, [(preset_prop("fed"), 1)], current=pinned)
    start = dt.date.fromisoformat(out["state"]["start"])
    assert out["state"]["end"] == "2022-06-16" and start <= dt.date(2022, 6, 16)
    assert dt.timedelta(0) <= changed[-1].date() - start <= dt.timedelta(days=5)  # the move of June 2022



def test_a_link_that_pins_only_the_as_of_date_shows_the_years_to_it(hub):
    """``/?asof=2020-03-23`` showed the latest three years (2022-12-31 to 2025-12-31) under
    "as of 2020-03-23": charts years after the facts beside them. The default window ends on a
    pinned as-of date, as the presets do; an explicit window stays as asked."""
    out = step(hub, [("url.search", "?asof=2020-03-23")], url="?asof=2020-03-23", current=None)
    assert (out["view"]["start"], out["view"]["end"], out["view"]["asof"]) == (
        "2017-03-23", "2020-03-23", "2020-03-23")
    assert out["url"] == "?asof=2020-03-23" and out["notice"] is None
    out = step(hub, [("url.search", "?start=2024-01-02&asof=2020-03-23")],
               url="?start=2024-01-02&asof=2020-03-23", current=None)
    assert (out["view"]["start"], out["view"]["end"]) == ("2024-01-02", "2025-12-31")  # no end before the start
    out = step(hub, [("url.search", "?start=2020-01-02&asof=2020-03-23")],
               url="?start=2020-01-02&asof=2020-03-23", current=None)
    assert (out["view"]["start"], out["view"]["end"]) == ("2020-01-02", "2020-03-23")
    late = resolve_view(ViewState(asof=dt.date(2031, 1, 2)), hub.data)  # after the data: its last years
    assert (late.start, late.end, late.asof) == (dt.date(2022, 12, 31), dt.date(2025, 12, 31), dt.date(2025, 12, 31))


def test_pinning_or_unpinning_the_as_of_date_keeps_the_window_shown(hub):
    """The as-of control and "follow the window's end" never move the window, also when the
    link has none (its default would now end at the as-of date): the window shown is kept."""
    pinned = step(hub, [(f"{Id.ASOF}.date", "2024-09-18")], current=ViewState(),
                  control_values=controls(asof="2024-09-18"))
    assert (pinned["view"]["start"], pinned["view"]["end"], pinned["view"]["asof"]) == (
        "2022-12-31", "2025-12-31", "2024-09-18")
    assert pinned["url"] == "?start=2022-12-31&end=2025-12-31&asof=2024-09-18"
    followed = step(hub, [(f"{Id.ASOF_FOLLOW}.n_clicks", 1)], current=ViewState(asof=dt.date(2020, 3, 23)))
    assert (followed["view"]["start"], followed["view"]["end"], followed["view"]["asof"]) == (
        "2017-03-23", "2020-03-23", "2020-03-23")
    assert followed["state"]["asof"] is None


def test_an_as_of_date_before_the_data_says_so(hub):
    """"?asof=1900-01-01" showed "as of 1900-01-01" and empty facts without a word (a date after the
    data had a notice)."""
    view = resolve_view(ViewState(asof=dt.date(1900, 1, 1)), hub.data)
    assert ("The as-of date 1900-01-01 is before the pair's first common observation (1990-01-01): the pair's "
            "facts and the event study have no data as of it (series that start earlier, such as yields, still "
            "do).") in view.notices


def test_the_event_study_before_the_pairs_data_says_so_the_right_way_round(hub):
    """"no last hike between 1990-01-01 and 1985-01-01": the dates were the wrong way round."""
    from tests.panel_draw import rendered

    out = rendered("regimes", hub.data, ViewState(asof=dt.date(1985, 1, 1)))
    assert not out.ok and "the as-of date 1985-01-01 is before the pair's data (from 1990-01-01)" in out.summary


@pytest.mark.parametrize("typed", [None, 1000, 100000, "abc", 2])
def test_a_correlation_window_out_of_bounds_is_said_and_the_field_reset(hub, typed):
    """A window the field refuses (its limits send None) or a tampered one stayed in the field with
    nothing said (a test pinned that nothing happened); the hub keeps the window, says why and writes
    the field back."""
    prop = "control-corr-window.value"
    out = step(hub, [(prop, typed)], current=ViewState(window=26), control_values=controls(window=typed))
    assert out["state"]["window"] == 26 and out["controls"]["window"] == 26
    assert "A correlation window is 5 to 520 periods; it stays at 26." in json.dumps(
        out["notice"].to_plotly_json(), default=str)


def test_the_same_correlation_window_sent_again_changes_nothing(hub):
    with pytest.raises(PreventUpdate):  # ("26" from the field on a blur: no notice)
        step(hub, [("control-corr-window.value", "26")], current=ViewState(window=26), control_values=controls(window="26"))


@pytest.mark.shared_data
def test_a_window_typed_on_a_monthly_pair_is_in_the_months_the_control_shows(shared_data, tmp_path):
    """The Ken French pair shows "Monthly" for the link's daily default (and 24 months for its 63
    days: 3 months is under the minimum; it drew 5): 36 typed in the window field is 36 months (24
    was read as 24 days, drawn as 5 months with 24 left in the field)."""
    from config import Config, DataSpec

    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)
    monthly = StateHub(PanelData(DataSource(config, LoaderCache(make_cache(config)))))
    current = ViewState(small="FF_LO30", large="FF_HI30")
    shown = resolve_view(current, monthly.data)
    assert (shown.freq, shown.window) == ("M", 24)
    out = step(monthly, [(f"{Id.CORR_WINDOW}.value", 36)], current=current,
               control_values=controls(freq="M", window=36))
    assert (out["state"]["freq"], out["state"]["window"]) == ("M", 36)
    assert "freq=M&window=36" in out["url"]
    assert (out["view"]["freq"], out["view"]["window"]) == ("M", 36)
