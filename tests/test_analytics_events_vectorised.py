"""The vectorised event-study functions equal their one-event-at-a-time definitions.

The reference functions below are the loop implementations the vectorised ones replaced
(analytics/events.py and the grid helpers of callbacks/regimes.py), kept verbatim apart from
their names; they share only the unchanged validation helpers with the module. Results must
be identical: same columns, dtypes (datetime units included) and exact values.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analytics.events import (
    AVG_MONTH_DAYS, _check_horizons, _check_kind, _check_levels, _check_months, _empty,
    event_index, _rebase, calc_event_grid, calc_event_outcomes, calc_event_window, calc_relative_event_grid,
    calc_relative_event_window, calc_relative_outcomes, calc_study_parts,
    summarize_outcomes, summarize_values,
)
from analytics.event_study import grid_days, to_event_grid, to_median_path


# --------------------------------------------------------------------------- the definitions
def reference_aligned(small, large):
    small = _check_levels(small, "small", "return")
    large = _check_levels(large, "large", "return")
    frame = pd.concat({"small": small, "large": large}, axis=1, join="inner")
    if frame.empty:
        raise ValueError("small and large share no dates; check that both are daily level series")
    return frame


def reference_windows(frame, events, before, after, kind):
    index = frame.index
    values = frame.to_numpy(dtype=float)
    out = []
    if index.empty:
        return out
    for event in events:
        if event < index[0] or event > index[-1]:
            continue
        pos0 = int(index.searchsorted(event, side="right")) - 1
        lo = min(int(index.searchsorted(event - pd.DateOffset(months=before), side="left")), pos0)
        hi = int(index.searchsorted(event + pd.DateOffset(months=after), side="right"))
        dates = index[lo:hi]
        rebased = _rebase(values[lo:hi], values[pos0], kind)
        rows = pd.DataFrame({
            "event_date": event,
            "day0_date": index[pos0],
            "date": dates,
            "day": np.arange(lo, hi) - pos0,
            "months": (dates - event).days.to_numpy() / AVG_MONTH_DAYS,
        })
        for j, column in enumerate(frame.columns):
            rows[column] = values[lo:hi, j]
            rows[f"_{column}"] = rebased[:, j]
        out.append((event, rows))
    return out


def reference_event_window(series, event_dates, *, before_months=6, after_months=24, kind="return"):
    _check_kind(kind)
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    levels = _check_levels(series, "series", kind)
    events = event_index(event_dates)
    frame = levels.to_frame("level")
    parts = [rows.rename(columns={"_level": "value"})
             for _, rows in reference_windows(frame, events, before, after, kind)]
    columns = ["event_date", "day0_date", "date", "day", "months", "level", "value"]
    if not parts:
        return _empty(columns)
    return pd.concat(parts, ignore_index=True)[columns]


def reference_relative_event_window(small, large, event_dates, *, before_months=6, after_months=24):
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    frame = reference_aligned(small, large)
    events = event_index(event_dates)
    parts = []
    for _, rows in reference_windows(frame, events, before, after, "return"):
        rows = rows.drop(columns=["small", "large"]).rename(columns={"_small": "small", "_large": "large"})
        rows["value"] = (1 + rows["small"]) / (1 + rows["large"]) - 1
        parts.append(rows)
    columns = ["event_date", "day0_date", "date", "day", "months", "small", "large", "value"]
    if not parts:
        return _empty(columns)
    return pd.concat(parts, ignore_index=True)[columns]


def in_a_hole(index, day) -> bool:
    """The definition of a hole of the data: the last observation on or before ``day`` more than
    35 days before it, and a later one."""
    before = index[index <= day]
    return len(before) > 0 and bool((index > day).any()) and day - before[-1] > pd.Timedelta(days=35)


def reference_outcomes_rows(frame, events, horizons, kind):
    index = frame.index
    values = frame.to_numpy(dtype=float)
    rows = []
    for event in events:
        usable = not index.empty and index[0] <= event <= index[-1] and not in_a_hole(index, event)
        pos0 = int(index.searchsorted(event, side="right")) - 1 if usable else -1
        for h in horizons:
            row = {"event_date": event, "horizon": h, "start_date": pd.NaT, "end_date": pd.NaT}
            result = np.full(values.shape[1], np.nan)
            if usable:
                row["start_date"] = index[pos0]
                when = event + pd.DateOffset(months=h)
                if when <= index[-1] and not in_a_hole(index, when):
                    pos = int(index.searchsorted(when, side="right")) - 1
                    row["end_date"] = index[pos]
                    result = _rebase(values[pos], values[pos0], kind)
            for j, column in enumerate(frame.columns):
                row[column] = result[j]
            rows.append(row)
    table = pd.DataFrame(rows, columns=["event_date", "horizon", "start_date", "end_date", *frame.columns])
    table["horizon"] = table["horizon"].astype("int64")
    for column in ("event_date", "start_date", "end_date"):
        table[column] = pd.to_datetime(table[column])
    return table


def reference_event_outcomes(series, event_dates, *, horizons=(3, 6, 12), kind="return"):
    _check_kind(kind)
    hs = _check_horizons(horizons)
    levels = _check_levels(series, "series", kind)
    return reference_outcomes_rows(levels.to_frame("value"), event_index(event_dates), hs, kind)


def reference_relative_outcomes(small, large, event_dates, *, horizons=(3, 6, 12)):
    hs = _check_horizons(horizons)
    frame = reference_aligned(small, large)
    table = reference_outcomes_rows(frame, event_index(event_dates), hs, "return")
    table["value"] = (1 + table["small"]) / (1 + table["large"]) - 1
    return table


def reference_summarize(table):
    grouped = table.groupby("horizon", sort=True)["value"]
    summary = pd.DataFrame({
        "count": grouped.count().astype("int64"),
        "median": grouped.median(),
        "min": grouped.min(),
        "max": grouped.max(),
        "share_positive": grouped.apply(lambda v: (v.dropna() > 0).mean() if v.notna().any() else np.nan),
    })
    summary.index.name = "horizon"
    return summary


def reference_event_grid(windows, *, end, column="value", days=None):
    days = grid_days() if days is None else np.asarray(days)
    out = {}
    for event, rows in windows.groupby("event_date", sort=True):
        offsets = (rows["date"] - event).dt.days.to_numpy()
        values = rows[column].to_numpy(dtype=float)
        pos = np.searchsorted(offsets, days, side="right") - 1
        sampled = np.where(pos >= 0, values[np.maximum(pos, 0)], np.nan)
        sampled[days > (end - event).days] = np.nan
        out[event] = sampled
    index = pd.Index(days / AVG_MONTH_DAYS, name="months")
    return pd.DataFrame(out, index=index, columns=pd.DatetimeIndex(list(out), name="event_date"))


def reference_median_path(paths):
    present = paths.loc[:, paths.notna().any()]
    if present.shape[1] == 0:
        return pd.Series(np.nan, index=paths.index, name="median")
    enough = present.notna().sum(axis=1) >= math.ceil(present.shape[1] / 2)
    return present.median(axis=1).where(enough).rename("median")


# --------------------------------------------------------------------------- inputs
UNITS = ("s", "ms", "us", "ns")


@st.composite
def level_series(draw, *, positive=True):
    """Levels on irregular dates (gaps of 1 to 25 days, some NaN) in any datetime unit."""
    n = draw(st.integers(1, 120))
    gaps = draw(st.lists(st.integers(1, 25), min_size=n, max_size=n))
    start = pd.Timestamp("2001-01-31") + pd.Timedelta(days=draw(st.integers(0, 400)))
    dates = pd.DatetimeIndex(start + pd.to_timedelta(np.cumsum(gaps) - gaps[0], unit="D"), name="date")
    low = 0.5 if positive else -5.0
    values = draw(st.lists(st.floats(low, 500.0, allow_nan=False) | st.just(math.nan), min_size=n, max_size=n))
    return pd.Series(values, index=dates.as_unit(draw(st.sampled_from(UNITS))), name="x")


@st.composite
def event_dates(draw, anchor: pd.Timestamp):
    """Event dates around ``anchor``: some before the data, at month ends, with a time of day,
    given as strings, Timestamps of any unit or numpy datetimes; duplicates allowed."""
    offsets = draw(st.lists(st.integers(-200, 2500), min_size=0, max_size=8))
    hours = draw(st.sampled_from([0, 0, 14]))
    days = [anchor.normalize() + pd.Timedelta(days=o, hours=hours) for o in offsets]
    form = draw(st.sampled_from(["timestamp", "string", "numpy"]))
    if form == "string":
        return [f"{d:%Y-%m-%d %H:%M}" for d in days]
    if form == "numpy":
        return [d.to_datetime64() for d in days]
    unit = draw(st.sampled_from(UNITS))
    return [d.as_unit(unit) for d in days]


@st.composite
def level_pairs(draw):
    """Small- and large-cap levels that share some dates (each its own datetime unit)."""
    small = draw(level_series())
    shared = draw(st.lists(st.booleans(), min_size=len(small), max_size=len(small)))
    extra = draw(st.lists(st.integers(-30, 3000), max_size=30))
    others = pd.DatetimeIndex([small.index[0] + pd.Timedelta(days=d) for d in extra]).as_unit("ns")
    dates = small.index[np.array(shared, dtype=bool)].as_unit("ns").union(others).unique().sort_values()
    values = draw(st.lists(st.floats(0.5, 500.0, allow_nan=False) | st.just(math.nan),
                           min_size=len(dates), max_size=len(dates)))
    large = pd.Series(values, index=dates.as_unit(draw(st.sampled_from(UNITS))).rename("date"), name="y")
    return small, large


@st.composite
def grid_inputs(draw, kind: str, cut: int):
    """A series (with a pair's large side for ``"relative"``, else ``None``), events, grid day
    offsets and an end ``cut`` days after the first date, or none."""
    if kind == "relative":
        small, large = draw(level_pairs())
    else:
        small, large = draw(level_series(positive=kind == "return")), None
    events = draw(event_dates(small.index[0]))
    days = draw(st.sampled_from([grid_days(), np.array([-400, -30, -1, 0, 1, 45, 400, 900])]))
    end = draw(st.none() | st.just(small.index[0] + pd.Timedelta(days=cut)))
    return small, large, events, days, end


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_exact=True)


# --------------------------------------------------------------------------- properties
@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(["return", "change"]), st.integers(0, 7), st.integers(0, 25))
def test_event_window_equals_the_definition(data, kind, before, after):
    levels = data.draw(level_series(positive=kind == "return"))
    events = data.draw(event_dates(levels.index[0]))
    got = calc_event_window(levels, events, before_months=before, after_months=after, kind=kind)
    assert_same(got, reference_event_window(levels, events, before_months=before, after_months=after, kind=kind))


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(0, 7), st.integers(0, 25))
def test_relative_event_window_equals_the_definition(data, before, after):
    small, large = data.draw(level_pairs())
    events = data.draw(event_dates(small.index[0]))
    try:
        want = reference_relative_event_window(small, large, events, before_months=before, after_months=after)
    except ValueError as exc:  # no common dates: the same error
        assert str(exc) == "small and large share no dates; check that both are daily level series"
        return
    got = calc_relative_event_window(small, large, events, before_months=before, after_months=after)
    assert_same(got, want)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(["return", "change"]),
       st.lists(st.integers(1, 30), min_size=1, max_size=4, unique=True))
def test_event_outcomes_equal_the_definition(data, kind, horizons):
    levels = data.draw(level_series(positive=kind == "return"))
    events = data.draw(event_dates(levels.index[0]))
    got = calc_event_outcomes(levels, events, horizons=horizons, kind=kind)
    assert_same(got, reference_event_outcomes(levels, events, horizons=horizons, kind=kind))


@settings(max_examples=150, deadline=None)
@given(st.data(), st.lists(st.integers(1, 30), min_size=1, max_size=4, unique=True))
def test_relative_outcomes_equal_the_definition(data, horizons):
    small, large = data.draw(level_pairs())
    events = data.draw(event_dates(small.index[0]))
    try:
        want = reference_relative_outcomes(small, large, events, horizons=horizons)
    except ValueError as exc:  # no common dates: the same error
        assert str(exc) == "small and large share no dates; check that both are daily level series"
        return
    assert_same(calc_relative_outcomes(small, large, events, horizons=horizons), want)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([3, 6, 12, 24]),
                          st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False) | st.just(math.nan)
                          | st.sampled_from([0.0, 0.5, -0.5])),
                max_size=40),
       st.sampled_from(["as outcomes", "int values", "float horizons"]))
def test_summary_equals_the_definition(pairs, dtypes):
    """Outcomes tables (int horizons, float values) take the numpy path, other dtypes pandas'."""
    table = pd.DataFrame({"horizon": pd.Series([h for h, _ in pairs], dtype="int64"),
                          "value": pd.Series([v for _, v in pairs], dtype="float64")})
    if dtypes == "int values":
        table["value"] = table["value"].fillna(1.0).round().astype("int64")
    elif dtypes == "float horizons":
        table["horizon"] = table["horizon"].astype(float)
    assert_same(summarize_outcomes(table), reference_summarize(table))


@settings(max_examples=150, deadline=None)
@given(st.data(), st.booleans(), st.booleans(), st.integers(0, 400))
def test_event_grid_and_median_equal_the_definitions(data, relative, latest_first, cut):
    small = data.draw(level_series())
    assume(small.notna().any())
    events = data.draw(event_dates(small.index[0]))
    if relative:
        large = small * data.draw(st.floats(0.5, 2.0)) + 1.0
        windows = calc_relative_event_window(small, large, events)
    else:
        windows = calc_event_window(small, events, kind="change")
    if latest_first:  # events out of order, each event's rows still in date order
        windows = windows.sort_values("event_date", ascending=False, kind="stable")
    end = small.index[0] + pd.Timedelta(days=cut)
    days = data.draw(st.sampled_from([None, np.array([-30, 0, 1, 45, 400])]))
    got = to_event_grid(windows, end=end, days=days)
    want = reference_event_grid(windows, end=end, days=days)
    assert_same(got, want)
    pd.testing.assert_series_equal(to_median_path(got), reference_median_path(want), check_exact=True)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(["return", "change", "relative"]), st.integers(0, 7), st.integers(0, 25),
       st.integers(-30, 3000))
def test_grid_from_the_series_equals_the_windows_sampled(data, kind, before, after, cut):
    """calc_event_grid / calc_relative_event_grid: the definitions' windows, sampled by the definition."""
    small, large, events, days, end = data.draw(grid_inputs(kind, cut))
    months = {"before_months": before, "after_months": after}
    if kind == "relative":
        try:
            windows = reference_relative_event_window(small, large, events, **months)
        except ValueError as exc:
            assert str(exc) == "small and large share no dates; check that both are daily level series"
            return
        got = calc_relative_event_grid(small, large, events, days=days, end=end, **months)
        last = reference_aligned(small, large).index[-1]
    else:
        windows = reference_event_window(small, events, kind=kind, **months)
        got = calc_event_grid(small, events, days=days, end=end, kind=kind, **months)
        last = small.dropna().index[-1] if small.notna().any() else None
    if end is None and last is None:  # no observation: no event inside the data
        assert got.shape[1] == 0 and windows.empty
        return
    assert_same(got, reference_event_grid(windows, end=last if end is None else end, days=days))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 30), st.integers(0, 12), st.data())
def test_median_path_equals_the_definition(rows, columns, data):
    values = data.draw(st.lists(st.floats(-1.0, 1.0, allow_nan=False) | st.just(math.nan),
                                min_size=rows * columns, max_size=rows * columns))
    paths = pd.DataFrame(np.array(values, dtype=float).reshape(rows, columns),
                         index=pd.Index(np.arange(rows) / 4.0, name="months"),
                         columns=[f"e{j}" for j in range(columns)])
    pd.testing.assert_series_equal(to_median_path(paths), reference_median_path(paths), check_exact=True)


def test_grid_hand_computed():
    levels = pd.Series([100.0, 110.0, 99.0, 121.0],
                       index=pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-05", "2024-02-05"]))
    grid = calc_event_grid(levels, ["2024-01-04"], days=[-3, -2, -1, 0, 1, 2, 40], end=pd.Timestamp("2024-02-01"),
                           before_months=1, after_months=2)
    # Day 0 = 01-03 (110). Rows are 2 and 1 days before and 1 and 32 days after the event;
    # offset 40 is after the end (28 days after the event): NaN, as is -3 (before the first row).
    assert grid.columns.tolist() == [pd.Timestamp("2024-01-04")]
    assert grid.index.tolist() == pytest.approx(np.array([-3, -2, -1, 0, 1, 2, 40]) / AVG_MONTH_DAYS)
    np.testing.assert_allclose(grid.iloc[:, 0], [np.nan, -1 / 11, 0.0, 0.0, -0.1, -0.1, np.nan])
    with pytest.raises(ValueError, match=r"days must be whole calendar days \(a 1-d array of integers\)"):
        calc_event_grid(levels, ["2024-01-04"], days=[0.5, 7.0])


def test_known_moves_give_the_cycles_and_events_of_every_prefix_of_the_real_target(shared_data):
    """The cycles and events of the first n moves from positions equal calc_fed_cycles and
    calc_fed_events of those moves, for every n of the snapshot's target path (with the DFF fill and without),
    and the moves known on a date are those effective by then."""
    from analytics.event_study import fed_events_as_of
    from analytics.regimes import KnownMoves, calc_fed_cycles, calc_fed_events, calc_fed_moves, to_fed_target

    def fred(key):
        frame = pd.read_csv(shared_data / "fred" / f"{key}.csv", parse_dates=[0], index_col=0)
        return pd.to_numeric(frame.iloc[:, 0], errors="coerce").rename(key)

    keys = ("DFEDTAR", "DFEDTARU", "DFEDTARL")
    for dff in (None, fred("DFF")):
        target = to_fed_target(*(fred(k) for k in keys), dff=dff)
        moves = calc_fed_moves(target)
        known = KnownMoves.of(moves)
        assert len(moves) > 150 and len(known.starts) > 20
        for n in range(len(moves) + 1):
            cycles = calc_fed_cycles(moves.iloc[:n])
            pd.testing.assert_frame_equal(known.cycles(n), cycles, check_exact=True)
            pd.testing.assert_frame_equal(known.events(n), calc_fed_events(cycles), check_exact=True)
        effective = moves["effective_date"]
        for day in [effective.iloc[0] - pd.Timedelta(days=1), *effective.iloc[::7], *(effective.iloc[::7] - pd.Timedelta(days=1)),
                    pd.Timestamp("2026-06-30")]:
            pd.testing.assert_frame_equal(known.events(known.known(day)), fed_events_as_of(target, day, moves=moves),
                                          check_exact=True)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["return", "change", "relative"]), st.integers(0, 7), st.integers(0, 25),
       st.lists(st.integers(1, 30), min_size=1, max_size=4, unique=True), st.integers(-30, 3000))
def test_study_parts_equal_the_grid_and_outcomes_one_by_one(data, kind, before, after, horizons, cut):
    """The event study's grid and outcomes from one check of the series (and one alignment of a
    pair) are what calc_*_grid and calc_*_outcomes give separately, errors included."""
    small, large, events, days, end = data.draw(grid_inputs(kind, cut))
    months = {"before_months": before, "after_months": after}
    if kind == "relative":
        try:
            want = (calc_relative_event_grid(small, large, events, days=days, end=end, **months),
                    calc_relative_outcomes(small, large, events, horizons=horizons))
        except ValueError as exc:
            with pytest.raises(ValueError) as got:
                calc_study_parts(small, events, large=large, days=days, horizons=horizons, end=end, **months)
            assert str(got.value) == str(exc)
            return
        got = calc_study_parts(small, events, large=large, days=days, horizons=horizons, end=end, **months)
    else:
        want = (calc_event_grid(small, events, days=days, end=end, kind=kind, **months),
                calc_event_outcomes(small, events, horizons=horizons, kind=kind))
        got = calc_study_parts(small, events, days=days, horizons=horizons, end=end, kind=kind, **months)
    assert_same(got[0], want[0])
    assert_same(got[1], want[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([3, 6, 12, 24]),
                          st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False) | st.just(math.nan)),
                min_size=1, max_size=40))
def test_summary_of_values_equals_the_definition(pairs):
    """The event study summarises its outcome columns without building a table per column."""
    horizon = np.array([h for h, _ in pairs], dtype="int64")
    value = np.array([v for _, v in pairs], dtype="float64")
    assert_same(summarize_values(horizon, value),
                reference_summarize(pd.DataFrame({"horizon": horizon, "value": value})))
