"""View state: query string round trip and invalid links."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from state import ViewState, parse_query

KEYS = ["RUT", "GSPC", "IWM", "SPY"]


def test_round_trip_of_a_full_view():
    state = ViewState(start=dt.date(2018, 9, 20), end=dt.date(2019, 1, 31), small="IWM",
                      large="SPY", freq="W", window=26, asof=dt.date(2019, 1, 31),
                      event="first_cut", universe="sp600_ijr_2019-09-10", rank_by="leverage",
                      mstart=dt.date(2019, 1, 31), mend=dt.date(2019, 2, 28))
    parsed, notices = parse_query("?" + state.to_query(), series_keys=KEYS)
    assert parsed == state and notices == []
    assert ViewState.from_dict(state.to_dict()) == state


def test_measure_window_is_optional_and_swapped_when_reversed():
    assert ViewState().mstart is None and ViewState().mend is None
    state, notices = parse_query("mstart=2019-02-28&mend=2019-01-31")
    assert (state.mstart, state.mend) == (dt.date(2019, 1, 31), dt.date(2019, 2, 28))
    assert notices == ["mstart was after mend: the two dates were swapped."]
    assert parse_query("mend=2019-13-01")[1] == ["Ignored mend='2019-13-01': not a date in the form YYYY-MM-DD."]


def test_upload_and_ishares_universe_names_round_trip():
    name = "upload:" + "x" * 60  # the longest name universe_name_from_filename makes
    for universe in (name, "ishares:IWM"):
        state = ViewState(universe=universe)
        assert parse_query(state.to_query(), universes=[universe]) == (state, [])
        assert ViewState.from_dict(state.to_dict()) == state
    assert parse_query("universe=:x")[1] == ["Ignored universe=':x': not a universe name."]


def test_default_view_has_empty_query():
    assert ViewState().to_query() == ""


def test_invalid_values_fall_back_with_notices():
    state, notices = parse_query(
        "start=2019-13-01&small=XYZ&freq=Q&window=999999&evil=1&end=2020-01-01&end=2021-01-01",
        series_keys=KEYS)
    assert state == ViewState(end=dt.date(2020, 1, 1))
    text = " ".join(notices)
    for fragment in ("start='2019-13-01'", "small='XYZ'", "freq='Q'", "window='999999'",
                     "unknown parameter 'evil'", "repeated end='2021-01-01'"):
        assert fragment in text, fragment


def test_reversed_dates_are_swapped_and_said():
    state, notices = parse_query("start=2020-01-01&end=2019-01-01")
    assert (state.start, state.end) == (dt.date(2019, 1, 1), dt.date(2020, 1, 1))
    assert notices == ["start was after end: the two dates were swapped."]


def test_script_and_nul_values_are_not_echoed_raw():
    state, notices = parse_query("universe=%3Cscript%3E&small=%00RUT", series_keys=KEYS)
    assert state == ViewState()
    assert notices[0] == "Ignored universe='<script>': not a universe name."
    assert notices[1] == "Ignored small='?RUT': not a series this data source has."


def test_resolve_window_clamps_to_data_and_says_so():
    from panels.view import resolve_window

    bounds = (dt.date(1990, 1, 2), dt.date(2025, 12, 31))
    start, end, notices = resolve_window(dt.date(1900, 1, 1), dt.date(2100, 1, 1), bounds)
    assert (start, end) == bounds and len(notices) == 2
    assert notices[0].startswith("The window's end 2100-01-01 is after the last observation")
    assert notices[1].startswith("The window's start 1900-01-01 is before the pair's first common observation")
    assert resolve_window(None, None, bounds) == (dt.date(2022, 12, 31), dt.date(2025, 12, 31), [])
    # a window entirely before the data: the first years of the data, with a notice
    start, end, notices = resolve_window(dt.date(1980, 1, 1), dt.date(1985, 1, 1), bounds)
    assert (start, end) == (dt.date(1990, 1, 2), dt.date(1993, 1, 2)) and "before the data starts" in notices[0]
    # a start after the data: the default window, and the notice the link's other values get
    # (it was shown without a word while the link kept start=2030-01-01)
    start, end, notices = resolve_window(dt.date(2030, 1, 1), None, bounds)
    assert (start, end) == (dt.date(2022, 12, 31), dt.date(2025, 12, 31))
    assert notices == ["The window's start 2030-01-01 is after the pair's last common observation (2025-12-31): "
                       "showing 2022-12-31 to 2025-12-31 instead."]
    # a start after an end clamped to the data (end 2100, start 2027): the same
    start, end, notices = resolve_window(dt.date(2027, 1, 1), dt.date(2100, 1, 1), bounds)
    assert (start, end) == (dt.date(2022, 12, 31), dt.date(2025, 12, 31)) and len(notices) == 2
    assert notices[1].startswith("The window's start 2027-01-01 is after the pair's last common observation")
    # a window ending on the data's first day: the first years, not a one-day window with a notice that
    # contradicted itself ("start 1989-12-29 is not before the window's end 1990-01-02")
    start, end, notices = resolve_window(dt.date(1989, 12, 29), dt.date(1990, 1, 2), bounds)
    assert (start, end) == (dt.date(1990, 1, 2), dt.date(1993, 1, 2))
    assert notices == ["The window ends on the data's first day (1990-01-02): showing the first years of the data "
                       "instead.", "The window's start 1989-12-29 is before the pair's first common observation: it "
                       "starts on 1990-01-02."]


@given(st.text(max_size=300))
def test_any_query_parses_to_a_valid_state(query):
    state, notices = parse_query(query, series_keys=KEYS)
    assert isinstance(state, ViewState)
    assert state.small in KEYS + ["RUT"] and state.large in KEYS + ["GSPC"]
    assert state.start is None or state.end is None or state.start <= state.end
    assert all(isinstance(n, str) for n in notices)


def test_a_link_names_every_setting_in_one_order_and_a_resolved_view_keeps_the_choices():
    from dataclasses import fields

    from panels.view import ResolvedView
    from state import PARAMS, ViewChoices

    assert sorted(PARAMS) == sorted(f.name for f in fields(ViewState))  # a new setting gets a place
    state = ViewState(transform="yoy", universe="ishares:IWM", freq="W", end=dt.date(2020, 1, 2),
                      start=dt.date(2019, 1, 2), note=("2019-06-03:cut",))
    assert state.to_query() == ("start=2019-01-02&end=2020-01-02&freq=W&universe=ishares%3AIWM"
                                "&note=2019-06-03%3Acut&transform=yoy")
    choices = {f.name for f in fields(ViewChoices)}
    assert choices <= {f.name for f in fields(ResolvedView)} and "transform" in choices
