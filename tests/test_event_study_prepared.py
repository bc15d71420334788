"""The event study at many as-of dates from series prepared once (``prepare_study`` then
``study_as_of``) is the study of the series cut at each date (``compute_event_study``), whether
it masks the parts computed once on the whole data (``candidates``, the fast path) or computes
them on the data cut at the date (the fallback)."""

from __future__ import annotations

import datetime as dt
import functools
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analytics.event_study as event_study
import panels.regimes as regimes
from analytics.event_study import (
    EVENT_WORDS, EventStudy, NoEvents, compute_event_study, fed_events_as_of, prepare_study, study_as_of,
)
from analytics.regimes import calc_fed_moves
from panels.cache import Memo
from panels.data import PanelData
from panels.view import ResolvedView
from tests.panel_draw import drawer
from state import ViewState


def assert_same_study(got: EventStudy, want: EventStudy) -> None:
    for field in ("events", "paths", "rates", "outcomes"):
        pd.testing.assert_frame_equal(getattr(got, field), getattr(want, field), check_exact=True)
    pd.testing.assert_series_equal(got.median, want.median, check_exact=True)
    assert got.summaries.keys() == want.summaries.keys()
    for column in want.summaries:
        pd.testing.assert_frame_equal(got.summaries[column], want.summaries[column], check_exact=True)
    assert (got.as_of, got.skipped) == (want.as_of, want.skipped)


def outcome(fn):
    """The study, or the error's type and message."""
    try:
        return fn()
    except ValueError as exc:
        return type(exc), str(exc)


def ragged_inputs():
    """Two hiking and two cutting cycles 2001-2006 (the first move before the small caps' data,
    two on a Sunday, one on a holiday); small caps from 2001-03-01 with gaps (the week to
    2006-06-30 too), large caps to 2006-06-30, both closed on the holidays; a rate that stops on 2005-03-31, one that starts on
    2004-07-01 (after some events) and one with no data at all."""
    days = pd.date_range("2000-01-01", "2007-12-31", freq="D")
    target = pd.Series(1.0, index=days)
    for start, level in (("2001-02-01", 1.25), ("2001-06-01", 1.5), ("2002-03-03", 1.25), ("2002-09-01", 1.0),
                         ("2004-06-30", 1.25), ("2004-08-10", 1.5), ("2005-11-01", 1.75), ("2006-08-08", 1.5)):
        target[days >= start] = level
    rng = np.random.default_rng(4)
    small_days = pd.bdate_range("2001-03-01", "2007-12-31")
    small = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(small_days)))), index=small_days)
    small[rng.random(len(small)) < 0.05] = np.nan  # missing days
    small.loc["2006-06-26":"2006-06-30"] = np.nan  # the pair's last common day is a week before the large caps' last
    large_days = pd.bdate_range("2000-01-03", "2006-06-30")
    large = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.008, len(large_days)))), index=large_days)
    small, large = small.drop(HOLIDAYS, errors="ignore"), large.drop(HOLIDAYS, errors="ignore")
    rate_days = pd.bdate_range("2000-01-03", "2005-03-31")
    late_days = pd.bdate_range("2004-07-01", "2007-12-31")
    rates = {"10-year yield": pd.Series(5 + np.cumsum(rng.normal(0, 0.05, len(rate_days))), index=rate_days),
             "HY OAS": pd.Series(4 + np.cumsum(rng.normal(0, 0.03, len(late_days))), index=late_days),
             "empty": pd.Series(np.nan, index=rate_days[:10])}
    return small, large, target, rates


#: Days both markets of :func:`ragged_inputs` are closed (2004-06-30 is a move's day).
HOLIDAYS = pd.to_datetime(["2002-07-04", "2004-06-30", "2004-07-05", "2005-11-24"])
MOVES = pd.to_datetime(["2001-02-01", "2001-06-01", "2002-03-03", "2002-09-01", "2004-06-30", "2004-08-10",
                        "2005-11-01", "2006-08-08"])


def ragged_as_of_dates() -> list:
    """Every 29 days (weekends too), each move's week, the holidays, Saturdays and Sundays, the
    data's and the rates' first and last days and the days around them, and the default."""
    edges = pd.to_datetime(["2001-02-28", "2001-03-01", "2001-03-02", "2004-06-30", "2004-07-01", "2004-07-02",
                            "2005-03-31", "2005-04-01", "2005-04-04", "2006-06-29", "2006-06-30", "2006-07-01",
                            "2007-12-31", "2008-01-01"])
    days = [*pd.date_range("2001-01-01", "2008-01-31", freq="29D"),
            *(d + pd.Timedelta(days=k) for d in MOVES for k in range(-3, 4)),
            *HOLIDAYS, *pd.date_range("2001-03-03", "2006-12-31", freq="W-SAT")[::9],
            *pd.date_range("2001-03-04", "2006-12-31", freq="W-SUN")[::11], *edges]
    return [*sorted(set(days)), None]


def slow_calls(monkeypatch) -> list:
    """Records the as-of date of each study computed on the cut data (``compute_event_study``'s,
    and ``study_as_of``'s fallback) in the returned list."""
    calls, study = [], event_study._study
    monkeypatch.setattr(event_study, "_study", lambda *args: calls.append(args[-1]) or study(*args))
    return calls


def study_as_of_recorded(slow: list, inputs, **kwargs):
    """``study_as_of`` (or its error) and whether it fell back to the cut data."""
    before = len(slow)
    got = outcome(lambda: study_as_of(inputs, **kwargs))
    return got, len(slow) > before


@pytest.mark.parametrize("masked", [True, False], ids=["parts masked", "cut data"])
def test_every_as_of_date_gives_the_study_of_the_cut_series(masked, monkeypatch):
    small, large, target, rates = ragged_inputs()
    assert list(calc_fed_moves(target)["announcement_date"]) == list(MOVES)
    inputs = prepare_study(small, large, rates, candidates=MOVES if masked else None)
    events = functools.lru_cache(maxsize=None)(lambda t: fed_events_as_of(target, t))  # both read the same events
    kinds = {"study": 0, "error": 0, "fallback": 0}
    slow = slow_calls(monkeypatch)
    for event in EVENT_WORDS:
        for day in ragged_as_of_dates():
            want = outcome(lambda: compute_event_study(small, large, target, event=event, as_of=day, rates=rates,
                                                           fed_events=events))
            got, fell_back = study_as_of_recorded(slow, inputs, event=event, as_of=day, fed_events=events)
            kinds["fallback"] += fell_back
            if isinstance(want, EventStudy):
                kinds["study"] += 1
                assert isinstance(got, EventStudy), (event, day, got)
                assert_same_study(got, want)
            else:
                kinds["error"] += 1
                assert got == want, (event, day)
    assert kinds["study"] > 300 and kinds["error"] > 50  # both outcomes were compared
    # every study masked the parts (the errors are raised before), or every one cut the data
    assert kinds["fallback"] == (0 if masked else kinds["study"])


def test_an_event_outside_the_candidates_is_computed_on_the_cut_data(monkeypatch):
    """Without the 2004-08-10 hike among the candidates, the dates that know it fall back to the
    cut data; the others still mask the parts; both give the study of the cut series."""
    small, large, target, rates = ragged_inputs()
    inputs = prepare_study(small, large, rates, candidates=MOVES.drop(pd.Timestamp("2004-08-10")))
    slow, fell_back = slow_calls(monkeypatch), []
    days = pd.date_range("2004-07-15", "2004-09-15", freq="4D")
    for day in days:
        want = compute_event_study(small, large, target, event="last_hike", as_of=day, rates=rates)
        got, slow_path = study_as_of_recorded(slow, inputs, event="last_hike", as_of=day,
                                              fed_events=lambda t: fed_events_as_of(target, t))
        assert_same_study(got, want)
        fell_back += [day] if slow_path else []
    assert fell_back == [d for d in days if d >= pd.Timestamp("2004-08-10")] and len(fell_back) < len(days)


def test_a_pair_without_a_row_by_the_as_of_date_falls_back_to_the_same_error(monkeypatch):
    """The large caps miss the small caps' first two days, a move's day: as of those days the
    move is an event after the data start but the pair has no row yet (the cut data's error)."""
    small, large, target, rates = ragged_inputs()
    large = large.drop(pd.to_datetime(["2001-03-01", "2001-03-02"]))
    target[target.index >= "2001-03-01"] += 0.25  # a move (a first hike) on 2001-03-01
    candidates = calc_fed_moves(target)["announcement_date"]
    inputs = prepare_study(small, large, rates, candidates=candidates)
    slow, fell_back = slow_calls(monkeypatch), []
    for day in pd.date_range("2001-03-01", "2001-03-06"):
        want = outcome(lambda: compute_event_study(small, large, target, event="last_hike", as_of=day, rates=rates))
        got, slow_path = study_as_of_recorded(slow, inputs, event="last_hike", as_of=day,
                                              fed_events=lambda t: fed_events_as_of(target, t))
        if isinstance(want, EventStudy):
            assert_same_study(got, want)
        else:
            assert got == want and "share no dates" in want[1]
        fell_back += [day.day] if slow_path else []
    assert fell_back == [1, 2, 3, 4]  # to 03-04 (a Sunday): no pair row; from 03-05: masked


def test_times_of_day_keep_the_parts_out():
    """A masked grid reads rows by calendar day: with times of day in the dates the study is
    computed on the cut data (no candidate kept), the same as the cut series'."""
    small, large, target, rates = ragged_inputs()
    small.index, large.index = small.index + pd.Timedelta(hours=16), large.index + pd.Timedelta(hours=16)
    inputs = prepare_study(small, large, rates, candidates=MOVES)
    assert len(inputs.parts.candidates) == 0
    for day in pd.to_datetime(["2004-06-30", "2004-08-10", "2005-01-15"]):
        assert_same_study(study_as_of(inputs, event="first_hike", as_of=day,
                                      fed_events=lambda t: fed_events_as_of(target, t)),
                          compute_event_study(small, large, target, event="first_hike", as_of=day, rates=rates))


@functools.lru_cache(maxsize=None)
def _ragged(kept: frozenset):
    small, large, target, rates = ragged_inputs()
    inputs = prepare_study(small, large, rates, candidates=[MOVES[i] for i in sorted(kept)])
    return small, large, target, rates, inputs, functools.lru_cache(maxsize=None)(lambda t: fed_events_as_of(target, t))


@settings(max_examples=120, deadline=None)
@given(day=st.dates(dt.date(2000, 12, 1), dt.date(2008, 3, 1)), event=st.sampled_from(list(EVENT_WORDS)),
       kept=st.frozensets(st.integers(0, len(MOVES) - 1)) | st.just(frozenset(range(len(MOVES)))))
def test_any_as_of_date_event_and_candidates_give_the_study_of_the_cut_series(day, event, kept):
    small, large, target, rates, inputs, events = _ragged(kept)
    day = pd.Timestamp(day)
    want = outcome(lambda: compute_event_study(small, large, target, event=event, as_of=day, rates=rates,
                                               fed_events=events))
    got = outcome(lambda: study_as_of(inputs, event=event, as_of=day, fed_events=events))
    if isinstance(want, EventStudy):
        assert_same_study(got, want)
    else:
        assert got == want


@pytest.mark.shared_data
def test_the_panel_on_the_snapshot_masks_the_parts_to_the_same_studies(shared_data, make_config, monkeypatch):
    """The regimes panel on the real snapshot, as of a few hundred days 1990-2025 (weekends, the
    moves' days and the days after them included), each event type: the parts masked (no
    fallback) give the studies and errors of each date computed on the data cut there. The Ken
    French pair (from 1926) masks the pre-target cycles' dates too."""
    from loaders.cache import loader_cache
    from loaders.source import DataSource

    config = make_config(shared_data)
    source = DataSource(config, loader_cache(config))
    panel = {mode: PanelData(source, None, Memo(None, source.version)) for mode in ("masked", "cut")}
    known = regimes._fed_target(panel["cut"].for_request())[1]
    moves = [d for d in known.moves["announcement_date"] if d.year >= 1990]
    rng = random.Random(11)
    days = sorted({*(pd.Timestamp("1990-01-01") + pd.Timedelta(days=rng.randrange(36 * 365)) for _ in range(150)),
                   *(d + pd.Timedelta(days=k) for d in rng.sample(moves, 25) for k in (0, 1))})
    fewer = days[::4]
    compute, candidates = regimes.compute, regimes.event_candidates
    slow = slow_calls(monkeypatch)
    compared = {"study": 0, "error": 0}
    for small, large, as_of in (("RUT", "GSPC", days), ("FF_LO10", "FF_HI10", fewer), ("IWM", "SPY", fewer)):
        for event in EVENT_WORDS:
            for day in as_of:
                view = ResolvedView.from_fields({"small": small, "large": large, "event": event,
                                                 "asof": day.date().isoformat()})
                monkeypatch.setattr(regimes, "event_candidates", lambda data, pre_target=False: None)
                want = outcome(lambda: compute(panel["cut"].for_request(), view))
                monkeypatch.setattr(regimes, "event_candidates", candidates)
                before = len(slow)
                got = outcome(lambda: compute(panel["masked"].for_request(), view))
                if isinstance(want, regimes.RegimesResult):
                    compared["study"] += 1
                    assert len(slow) == before, (small, large, event, day)  # masked: no study on the cut data
                    assert_same_study(got.study, want.study)
                    assert got.source == want.source
                else:
                    compared["error"] += 1
                    assert got == want, (small, large, event, day)
    assert compared["study"] > 1000 and compared["error"] > 40


def test_the_events_are_those_of_the_type_known_on_the_date_from_the_data_start():
    """``events`` and ``skipped``: their definition by pandas selections, dtypes included."""
    small, large, target, rates = ragged_inputs()
    inputs = prepare_study(small, large, rates, candidates=MOVES)
    studies = 0
    for event in EVENT_WORDS:
        for day in pd.date_range("2001-01-20", "2007-06-01", freq="37D"):
            known = fed_events_as_of(target, min(day, inputs.end))  # the as-of date is at most the end
            of_type = known.loc[known["event"] == event, ["date", "provisional"]]
            want = of_type.loc[of_type["date"] >= inputs.start].reset_index(drop=True)
            want["label"] = [f"{d:%Y-%m-%d}" + (" (provisional)" if p else "")
                             for d, p in zip(want["date"], want["provisional"])]
            want["announced"] = want["date"]  # (a daily pair is measured from the announcement day itself)
            got = outcome(lambda: study_as_of(inputs, event=event, as_of=day,
                                              fed_events=lambda t: fed_events_as_of(target, t)))
            if want.empty:
                assert got[0] is NoEvents
                continue
            studies += 1
            pd.testing.assert_frame_equal(got.events, want, check_exact=True)
            assert got.skipped == len(of_type) - len(want)
    assert studies > 100


def test_bad_values_after_the_as_of_date_fail_only_the_prepared_study():
    """``prepare_study`` checks all the data, ``compute_event_study`` only what it reads: the
    panel falls back to the latter, so a bad level in 2005 does not hide the study of 2003."""
    small, large, target, rates = ragged_inputs()
    small.loc["2005-05-02"] = 0.0
    with pytest.raises(ValueError, match="non-positive level on 2005-05-02"):
        prepare_study(small, large, rates)
    study = compute_event_study(small, large, target, event="last_hike", as_of=pd.Timestamp("2003-06-30"))
    assert list(study.events["label"]) == ["2001-06-01"]
    with pytest.raises(ValueError, match="non-positive level on 2005-05-02"):
        compute_event_study(small, large, target, event="last_hike", as_of=pd.Timestamp("2006-06-30"))


def test_no_observation_is_no_events():
    small, large, target, rates = ragged_inputs()
    with pytest.raises(NoEvents, match="has no observations"):
        prepare_study(small * np.nan, large, rates)


def test_the_panel_falls_back_when_a_series_is_bad_after_the_as_of_date(demo_app):
    """The regimes panel on a source whose RUT has a zero level in 2019: as of 2018 it draws
    the study of the series cut there (as before), as of 2020 it says which level is bad."""

    demo_data = demo_app.server.extensions["smallcap_data"]

    class ZeroIn2019:
        def series(self, key):
            loaded = demo_data.series(key)
            if key != "RUT":
                return loaded
            bad = loaded.data.copy()
            bad.iloc[bad.index.searchsorted(pd.Timestamp("2019-05-01"))] = 0.0
            return type(loaded)(bad, loaded.provenance)

        def available_series(self):
            return demo_data.available_series()

    draw_bad, draw_good = drawer("regimes", ZeroIn2019(), raw=True), drawer("regimes", demo_data, raw=True)
    state = ViewState(event="last_hike", asof=dt.date(2018, 3, 1)).to_dict()
    assert draw_bad(state)[1] == draw_good(state)[1] and "last hikes from" in draw_bad(state)[1]
    later = draw_bad(ViewState(event="last_hike", asof=dt.date(2020, 3, 2)).to_dict())
    assert "non-positive level on 2019-05-01" in later[1] and later[2] is None


@pytest.mark.parametrize("zone", ["America/New_York", "UTC"])
def test_series_with_a_time_zone_give_the_study_of_their_calendar_days(zone):
    """Levels, rates and the target whose dates carry a time zone (a hand-made input: the
    loaders give plain dates) raised TypeError against the events' plain dates; they are now
    read on their calendar days, prepared or not: the plain series' study."""
    small, large, target, rates = ragged_inputs()
    zoned = {name: s.tz_localize(zone) for name, s in rates.items()}
    events = lambda t: fed_events_as_of(target, t)  # noqa: E731
    inputs = prepare_study(small.tz_localize(zone), large.tz_localize(zone), zoned, candidates=MOVES)
    for day in pd.to_datetime(["2004-08-10", "2005-01-15"]):
        want = compute_event_study(small, large, target, event="first_hike", as_of=day, rates=rates)
        for as_of in (day, day.tz_localize(zone)):
            assert_same_study(compute_event_study(small.tz_localize(zone), large.tz_localize(zone), target.tz_localize(zone),
                                                  event="first_hike", as_of=as_of, rates=zoned), want)
            assert_same_study(study_as_of(inputs, event="first_hike", as_of=as_of, fed_events=events), want)
