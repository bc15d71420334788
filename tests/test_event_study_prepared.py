"""The event study at many as-of dates from series prepared once (``prepare_study`` then
``study_as_of``) is the study of the series cut at each date (``compute_event_study``)."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd
import pytest

from analytics.event_study import (
    EVENT_WORDS, EventStudy, NoEvents, compute_event_study, fed_events_as_of, prepare_study, study_as_of,
)
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
    """Two hiking and two cutting cycles 2001-2006; small caps from 2001-03-01 with gaps, large
    caps to 2006-06-30, a rate that stops on 2005-03-31 and one with no data at all."""
    days = pd.date_range("2000-01-01", "2007-12-31", freq="D")
    target = pd.Series(1.0, index=days)
    for start, level in (("2001-02-01", 1.25), ("2001-06-01", 1.5), ("2002-03-03", 1.25), ("2002-09-01", 1.0),
                         ("2004-06-30", 1.25), ("2004-08-10", 1.5), ("2005-11-01", 1.75), ("2006-08-08", 1.5)):
        target[days >= start] = level
    rng = np.random.default_rng(4)
    small_days = pd.bdate_range("2001-03-01", "2007-12-31")
    small = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(small_days)))), index=small_days)
    small[rng.random(len(small)) < 0.05] = np.nan  # missing days
    large_days = pd.bdate_range("2000-01-03", "2006-06-30")
    large = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.008, len(large_days)))), index=large_days)
    rate_days = pd.bdate_range("2000-01-03", "2005-03-31")
    rates = {"10-year yield": pd.Series(5 + np.cumsum(rng.normal(0, 0.05, len(rate_days))), index=rate_days),
             "empty": pd.Series(np.nan, index=rate_days[:10])}
    return small, large, target, rates


def test_every_as_of_date_gives_the_study_of_the_cut_series():
    small, large, target, rates = ragged_inputs()
    inputs = prepare_study(small, large, rates)
    events = functools.lru_cache(maxsize=None)(lambda t: fed_events_as_of(target, t))  # both read the same events
    moves = [pd.Timestamp(d) for d in ("2001-06-01", "2002-03-03", "2004-06-30", "2005-11-01", "2006-08-08")]
    as_of = [*pd.date_range("2001-01-01", "2008-01-31", freq="29D"),  # weekends too
             *(d + pd.Timedelta(days=k) for d in moves for k in (-1, 0, 1)), None]
    kinds = {"study": 0, "error": 0}
    for event in EVENT_WORDS:
        for day in as_of:
            want = outcome(lambda: compute_event_study(small, large, target, event=event, as_of=day, rates=rates,
                                                           fed_events=events))
            got = outcome(lambda: study_as_of(inputs, event=event, as_of=day, fed_events=events))
            if isinstance(want, EventStudy):
                kinds["study"] += 1
                assert isinstance(got, EventStudy), (event, day, got)
                assert_same_study(got, want)
            else:
                kinds["error"] += 1
                assert got == want, (event, day)
    assert kinds["study"] > 150 and kinds["error"] > 20  # both outcomes were compared


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
