"""Fed target path, moves, cycles, regimes and events: hand fixtures, invariants, real FRED data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.regimes import (
    DAY_AFTER_CONVENTION_START,
    EVENT_TYPES,
    FIRST_TARGET_DATE,
    KnownMoves,
    REGIME_LABELS,
    calc_fed_cycles,
    calc_fed_events,
    calc_fed_moves,
    to_announcement_date,
    to_fed_regime,
    to_fed_target,
)

T = pd.Timestamp


def series(pairs: dict[str, float], name: str = "x") -> pd.Series:
    return pd.Series(list(pairs.values()), index=pd.DatetimeIndex(list(pairs), name="date"), name=name, dtype=float)


def daily(start: str, values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"), dtype=float)


EMPTY = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)


# --------------------------------------------------------------------------- to_fed_target

def test_target_switches_from_dfedtar_to_range_midpoint_on_2008_12_16():
    dfedtar = series({"2008-12-12": 1.0, "2008-12-15": 1.0, "2008-12-16": 9.0})   # 12-16 value ignored
    upper = series({"2008-12-15": 0.5, "2008-12-16": 0.25, "2008-12-18": 0.25})    # 12-15 value ignored
    lower = series({"2008-12-15": 0.0, "2008-12-16": 0.0, "2008-12-18": 0.0})
    target = to_fed_target(dfedtar, upper, lower)
    # calendar days 12-12 .. 12-18; 12-13/14 forward filled with 1.0; 12-17 filled with 0.125
    expected = daily("2008-12-12", [1.0, 1.0, 1.0, 1.0, 0.125, 0.125, 0.125])
    pd.testing.assert_series_equal(target, expected, check_names=False, check_freq=False)
    assert target.name == "fed_target"
    moves = calc_fed_moves(target)
    assert len(moves) == 1
    move = moves.iloc[0]
    # 0.125 - 1.0 = -0.875: the switch to the 0-0.25 range is a cut
    assert (move.effective_date, move.announcement_date) == (T("2008-12-16"), T("2008-12-16"))
    assert (move.old, move.new, move.change, move.direction) == (1.0, 0.125, -0.875, "cut")


def test_target_gap_is_forward_filled_never_a_move():
    upper = series({"2020-01-01": 1.75, "2020-01-02": np.nan, "2020-01-05": 1.75})
    lower = series({"2020-01-01": 1.50, "2020-01-02": 1.50, "2020-01-05": 1.50})
    target = to_fed_target(EMPTY, upper, lower)
    assert target.tolist() == [1.625] * 5          # 01-01 .. 01-05, (1.75 + 1.5) / 2
    assert calc_fed_moves(target).empty


def test_dff_fills_only_before_first_target_date_and_makes_no_moves():
    dff = series({"1982-09-24": 10.23, "1982-09-26": 10.40, "1982-09-28": 11.00, "1982-10-02": 9.00})
    dfedtar = series({"1982-09-27": 10.25, "1982-10-01": 10.00, "1982-10-02": 10.00})
    target = to_fed_target(dfedtar, EMPTY, EMPTY, dff=dff)
    # 09-24 10.23, 09-25 filled 10.23, 09-26 10.40 | target: 09-27..09-30 10.25, 10-01..10-02 10.00
    assert target.index[0] == T("1982-09-24") and target.index[-1] == T("1982-10-02")
    assert target.tolist() == [10.23, 10.23, 10.40, 10.25, 10.25, 10.25, 10.25, 10.0, 10.0]
    moves = calc_fed_moves(target)
    # DFF noise (10.23 -> 10.40) and the DFF->target step (10.40 -> 10.25) are not moves
    assert moves["effective_date"].tolist() == [T("1982-10-01")]
    assert moves["change"].tolist() == [-0.25]
    # moves_from=None derives moves from every change, DFF stretch included
    assert len(calc_fed_moves(target, moves_from=None)) == 3


def test_dff_does_not_fill_after_1982_09_26_when_dfedtar_starts_late():
    dff = series({"1982-09-25": 10.0, "1982-09-30": 10.5})
    dfedtar = series({"1982-09-29": 10.25})
    target = to_fed_target(dfedtar, EMPTY, EMPTY, dff=dff)
    assert target.loc["1982-09-25":"1982-09-26"].tolist() == [10.0, 10.0]
    assert target.loc["1982-09-27":"1982-09-28"].isna().all()      # no target, DFF not allowed
    assert target.loc["1982-09-29"] == 10.25
    assert target.index.is_monotonic_increasing and not target.index.has_duplicates


def test_target_does_not_extend_past_last_target_with_dff():
    dfedtar = series({"1990-01-01": 8.25, "1990-01-03": 8.25})
    target = to_fed_target(dfedtar, EMPTY, EMPTY, dff=series({"1982-01-01": 13.0, "1990-02-01": 8.0}))
    assert target.index[-1] == T("1990-01-03")


@pytest.mark.parametrize("kwargs, message", [
    ({"dfedtaru": series({"2010-01-01": 0.0}), "dfedtarl": series({"2010-01-01": 0.25})}, "below"),
    ({"dfedtaru": EMPTY, "dfedtarl": EMPTY}, "no target"),
    ({"dfedtaru": pd.Series([0.25], index=["2010-01-01"]), "dfedtarl": EMPTY}, "DatetimeIndex"),
    ({"dfedtaru": series({"2010-01-02": 0.25, "2010-01-01": 0.25}), "dfedtarl": EMPTY}, "sort_index"),
    ({"dfedtaru": [0.25], "dfedtarl": EMPTY}, "pandas Series"),
])
def test_target_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        to_fed_target(EMPTY, **kwargs)


# --------------------------------------------------------------------------- moves

def test_announcement_date_rule_switches_in_2017():
    assert to_announcement_date(T("2016-12-14")) == T("2016-12-14")   # FRED: same day
    assert to_announcement_date(T("2017-03-16")) == T("2017-03-15")   # FRED: day after
    assert to_announcement_date(T("2020-03-16")) == T("2020-03-15")   # Sunday emergency cut
    assert to_announcement_date(T("2017-03-16"), day_after_from=None) == T("2017-03-16")
    assert DAY_AFTER_CONVENTION_START == T("2017-01-01")


def test_moves_from_hand_path():
    target = series({
        "2016-12-13": 0.375, "2016-12-14": 0.625,            # +0.25 hike, same-day era
        "2017-03-15": 0.625, "2017-03-16": 0.875,            # +0.25 hike, day-after era
        "2017-03-17": np.nan,                                 # NaN skipped, not a move
        "2017-03-18": 0.875,
        "2017-03-19": 0.1 + 0.2 + 0.575,                     # 0.875 up to float noise: not a move
        "2017-04-01": 0.375,                                  # -0.5 cut
    })
    moves = calc_fed_moves(target)
    assert moves.columns.tolist() == ["effective_date", "announcement_date", "old", "new", "change", "direction"]
    assert moves["effective_date"].tolist() == [T("2016-12-14"), T("2017-03-16"), T("2017-04-01")]
    assert moves["announcement_date"].tolist() == [T("2016-12-14"), T("2017-03-15"), T("2017-03-31")]
    assert moves["change"].tolist() == [0.25, 0.25, -0.5]
    assert moves["direction"].tolist() == ["hike", "hike", "cut"]
    assert moves["old"].tolist()[1:] == pytest.approx(moves["new"].tolist()[:-1])
    # as_of: a move is known from its announcement day; FRED shows the 2017-03-15 hike from
    # 03-16, so as of 03-15 the next day is read for it (both moves), as of 03-14 it is not known
    assert len(calc_fed_moves(target, as_of="2017-03-15")) == 2
    assert len(calc_fed_moves(target, as_of="2017-03-14")) == 1
    assert len(calc_fed_moves(target, as_of="2017-03-31")) == 3  # the cut announced 03-31
    assert len(calc_fed_moves(target, as_of="2017-03-30")) == 2
    # same-day era: the 2016-12-14 hike is known on 12-14, not on 12-13
    assert len(calc_fed_moves(target, as_of="2016-12-14")) == 1
    assert calc_fed_moves(target, as_of="2016-12-13").empty
    # cycles cut from the whole table follow the same rule
    assert len(calc_fed_cycles(calc_fed_moves(target), as_of="2017-03-30")) == 1
    assert len(calc_fed_cycles(calc_fed_moves(target), as_of="2017-03-31")) == 2


def test_moves_edge_cases():
    assert calc_fed_moves(series({"2020-01-01": 1.0})).empty
    assert calc_fed_moves(EMPTY).empty
    assert calc_fed_moves(series({"2020-01-01": 1.0, "2020-01-02": 1.0})).empty
    with pytest.raises(ValueError, match="duplicate"):
        calc_fed_moves(pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2020-01-01", "2020-01-01"])))
    with pytest.raises(ValueError, match="as_of"):
        calc_fed_moves(series({"2020-01-01": 1.0}), as_of="not a date")


# --------------------------------------------------------------------------- cycles, regime, events

# Path (same-day era, so announcement = effective):
#   01-01 1.00 | 01-03 1.25 hike | 01-05 1.50 hike | (hold 01-06..01-09) | 01-10 1.75 hike
#   01-12 1.50 cut | 01-14 1.00 cut | 01-17 1.25 hike | to 01-20
HAND = daily("2001-01-01", [1.00, 1.00, 1.25, 1.25, 1.50, 1.50, 1.50, 1.50, 1.50, 1.75,
                            1.75, 1.50, 1.50, 1.00, 1.00, 1.00, 1.25, 1.25, 1.25, 1.25])


def test_cycles_from_hand_path():
    cycles = calc_fed_cycles(calc_fed_moves(HAND))
    assert cycles["cycle_id"].tolist() == [1, 2, 3]
    assert cycles["direction"].tolist() == ["hike", "cut", "hike"]
    assert cycles["n_moves"].tolist() == [3, 2, 1]          # the 01-06..01-09 hold does not break cycle 1
    assert cycles["first_date"].tolist() == [T("2001-01-03"), T("2001-01-12"), T("2001-01-17")]
    assert cycles["last_date"].tolist() == [T("2001-01-10"), T("2001-01-14"), T("2001-01-17")]
    assert cycles["start_rate"].tolist() == [1.00, 1.75, 1.00]
    assert cycles["end_rate"].tolist() == [1.75, 1.00, 1.25]
    # 1.75 - 1.00 = 0.75; 1.00 - 1.75 = -0.75; 1.25 - 1.00 = 0.25
    assert cycles["total_change"].tolist() == [0.75, -0.75, 0.25]
    assert cycles["provisional"].tolist() == [False, False, True]


def test_regime_from_hand_path():
    regime = to_fed_regime(HAND, calc_fed_cycles(calc_fed_moves(HAND)))
    expected = (["hold"] * 2            # 01-01, 01-02: before the first move
                + ["hiking"] * 8        # 01-03 .. 01-10: first to last hike, pause included
                + ["hold"]              # 01-11
                + ["cutting"] * 3       # 01-12 .. 01-14
                + ["hold"] * 2          # 01-15, 01-16
                + ["hiking"]            # 01-17: one-move cycle covers one day
                + ["hold"] * 3)         # 01-18 .. 01-20
    assert regime.tolist() == expected
    assert regime.index.equals(HAND.index) and regime.name == "fed_regime"


def test_regime_anchor_announcement_vs_effective():
    # day-after era: effective 2022-03-17, announced 2022-03-16
    target = series({"2022-03-15": 0.125, "2022-03-16": 0.125, "2022-03-17": 0.375, "2022-03-18": 0.375})
    cycles = calc_fed_cycles(calc_fed_moves(target))
    assert to_fed_regime(target, cycles).tolist() == ["hold", "hiking", "hold", "hold"]
    assert to_fed_regime(target, cycles, anchor="effective").tolist() == ["hold", "hold", "hiking", "hold"]
    with pytest.raises(ValueError, match="anchor"):
        to_fed_regime(target, cycles, anchor="decision")


def test_regime_is_nan_before_first_target_date():
    target = series({"1982-09-25": 10.0, "1982-09-27": 10.25, "1982-09-28": 10.25})
    cycles = calc_fed_cycles(calc_fed_moves(target))
    regime = to_fed_regime(target, cycles)
    assert regime.isna().tolist() == [True, False, False]
    assert to_fed_regime(target, cycles, regime_from=None).tolist() == ["hold"] * 3
    assert FIRST_TARGET_DATE == T("1982-09-27")


def test_events_from_hand_path():
    events = calc_fed_events(calc_fed_cycles(calc_fed_moves(HAND)))
    assert events.columns.tolist() == ["event", "date", "effective_date", "cycle_id", "provisional"]
    assert list(zip(events["event"], events["date"], events["cycle_id"], events["provisional"])) == [
        ("first_hike", T("2001-01-03"), 1, False),
        ("last_hike", T("2001-01-10"), 1, False),
        ("first_cut", T("2001-01-12"), 2, False),
        ("last_cut", T("2001-01-14"), 2, False),
        ("first_hike", T("2001-01-17"), 3, False),
        ("last_hike", T("2001-01-17"), 3, True),       # one-move cycle, still running
    ]


def test_as_of_marks_running_cycle_provisional():
    moves = calc_fed_moves(HAND)
    # as of 01-06 only two hikes are known: the last hike (01-05) is provisional
    events = calc_fed_events(calc_fed_cycles(moves, as_of="2001-01-06"))
    assert events[["event", "date", "provisional"]].values.tolist() == [
        ["first_hike", T("2001-01-03"), False], ["last_hike", T("2001-01-05"), True]]
    # as of 01-12 the cut ended cycle 1: its last hike (01-10) is final
    events = calc_fed_events(calc_fed_cycles(moves, as_of="2001-01-12"))
    assert events[["event", "date", "provisional"]].values.tolist() == [
        ["first_hike", T("2001-01-03"), False], ["last_hike", T("2001-01-10"), False],
        ["first_cut", T("2001-01-12"), False], ["last_cut", T("2001-01-12"), True]]
    # calc_fed_moves(as_of) gives the same cycles as calc_fed_cycles(as_of)
    pd.testing.assert_frame_equal(calc_fed_cycles(calc_fed_moves(HAND, as_of="2001-01-12")),
                                  calc_fed_cycles(moves, as_of="2001-01-12"))


def test_empty_moves_give_empty_cycles_events_and_hold_regime():
    target = daily("2001-01-01", [1.0, 1.0, 1.0])
    cycles = calc_fed_cycles(calc_fed_moves(target))
    assert cycles.empty and "provisional" in cycles.columns
    assert calc_fed_events(cycles).empty
    assert to_fed_regime(target, cycles).tolist() == ["hold"] * 3


def test_cycles_and_events_reject_wrong_tables():
    with pytest.raises(ValueError, match="calc_fed_moves"):
        calc_fed_cycles(pd.DataFrame({"date": []}))
    with pytest.raises(ValueError, match="calc_fed_cycles"):
        calc_fed_events(pd.DataFrame({"date": []}))
    moves = calc_fed_moves(HAND)
    with pytest.raises(ValueError, match="chronological"):
        calc_fed_cycles(moves.iloc[::-1])


# --------------------------------------------------------------------------- invariants

@st.composite
def target_paths(draw):
    """A daily step path: random holds (1..40 days) and steps of -1.00..+1.00 pp (0 = no move)."""
    start = draw(st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-01-01").date()))
    level = draw(st.sampled_from([1.0, 2.5, 5.25]))
    values: list[float] = []
    for hold, step in draw(st.lists(st.tuples(st.integers(1, 40), st.integers(-4, 4)), min_size=1, max_size=25)):
        values += [level] * hold
        level = max(0.125, level + 0.25 * step)
    values.append(level)
    return daily(str(start), values)


@settings(max_examples=150, deadline=None)
@given(target_paths(), st.floats(0, 1))
def test_invariants_of_moves_cycles_regime_events(target, as_of_share):
    moves = calc_fed_moves(target)
    changes = np.round(np.diff(target.to_numpy()), 6)
    assert len(moves) == int((changes != 0).sum())
    if len(moves):
        assert moves["change"].sum() == pytest.approx(target.iloc[-1] - target.iloc[0])
        assert np.allclose(moves["old"].to_numpy()[1:], moves["new"].to_numpy()[:-1])
        assert ((moves["change"] > 0) == (moves["direction"] == "hike")).all()
        lag = (moves["effective_date"] - moves["announcement_date"]).dt.days
        assert set(lag) <= {0, 1}

    cycles = calc_fed_cycles(moves)
    assert cycles["n_moves"].sum() == len(moves)
    directions = cycles["direction"].tolist()
    assert all(a != b for a, b in zip(directions, directions[1:]))          # cycles alternate
    assert cycles["provisional"].tolist() == [False] * (len(cycles) - 1) + [True] * (len(cycles) > 0)
    for row in cycles.itertuples():
        inside = moves[(moves["effective_date"] >= row.first_effective_date)
                       & (moves["effective_date"] <= row.last_effective_date)]
        assert len(inside) == row.n_moves and set(inside["direction"]) == {row.direction}
        assert inside["change"].sum() == pytest.approx(row.total_change)

    regime = to_fed_regime(target, cycles)
    assert regime.index.equals(target.index)
    assert regime.notna().all() and set(regime) <= set(REGIME_LABELS)   # exactly one regime per day
    for row in moves.itertuples():
        if row.announcement_date in regime.index:
            assert regime[row.announcement_date] == ("hiking" if row.direction == "hike" else "cutting")
    n_in_cycles = int((regime != "hold").sum())
    covered = sum(((target.index >= r.first_date) & (target.index <= r.last_date)).sum() for r in cycles.itertuples())
    assert n_in_cycles == covered

    events = calc_fed_events(cycles)
    assert len(events) == 2 * len(cycles)
    assert set(events["event"]) <= set(EVENT_TYPES)
    assert events["date"].is_monotonic_increasing
    assert not events.loc[events["event"].str.startswith("first_"), "provisional"].any()
    assert events["provisional"].sum() == (1 if len(cycles) else 0)

    # as-of prefix property: finished cycles as of any date are the full-data cycles
    as_of = target.index[int(as_of_share * (len(target) - 1))]
    partial = calc_fed_cycles(moves, as_of=as_of)
    pd.testing.assert_frame_equal(partial, calc_fed_cycles(calc_fed_moves(target, as_of=as_of)))
    done = partial[~partial["provisional"]]
    pd.testing.assert_frame_equal(done, cycles.iloc[: len(done)])
    if len(partial):
        running = partial.iloc[-1]
        full = cycles.iloc[len(partial) - 1]
        assert running["first_date"] == full["first_date"]
        assert running["last_effective_date"] <= full["last_effective_date"]


# --------------------------------------------------------------------------- real FRED data

def _fred(root, series_id: str) -> pd.Series:
    return pd.read_csv(root / "fred" / f"{series_id}.csv", index_col=0, parse_dates=True).iloc[:, 0]


@pytest.fixture(scope="module")
def real(shared_data):
    target = to_fed_target(_fred(shared_data, "DFEDTAR"), _fred(shared_data, "DFEDTARU"),
                           _fred(shared_data, "DFEDTARL"), dff=_fred(shared_data, "DFF"))
    moves = calc_fed_moves(target)
    cycles = calc_fed_cycles(moves)
    return target, moves, cycles, calc_fed_events(cycles)


def _event(events, kind, date):
    hit = events[(events["event"] == kind) & (events["date"] == T(date))]
    assert len(hit) == 1, f"no {kind} on {date}: {events.tail(8).to_string()}"
    return hit.iloc[0]


@pytest.mark.shared_data
def test_real_target_path(real):
    target, moves, _, _ = real
    assert target.index.to_series().diff().dropna().dt.days.eq(1).all()       # calendar days, no gaps
    assert target.loc["1982-09-27"] == 10.25 and target.loc["2008-12-15"] == 1.0
    assert target.loc["2008-12-16"] == 0.125 and target.loc["2024-09-18"] == 5.375
    assert target.loc["2024-09-19"] == 4.875
    assert moves["effective_date"].min() > FIRST_TARGET_DATE                   # nothing from DFF
    assert target.loc[:"2008-12-15"].notna().all()


@pytest.mark.shared_data
def test_real_fomc_dates(real):
    _, moves, cycles, events = real
    # DFEDTARU/L era since 2017: FRED shows the change the day after the announcement
    cut_2024 = _event(events, "first_cut", "2024-09-18")
    assert cut_2024["effective_date"] == T("2024-09-19")
    hike_2023 = _event(events, "last_hike", "2023-07-26")
    assert hike_2023["effective_date"] == T("2023-07-27") and not hike_2023["provisional"]
    assert _event(events, "first_hike", "2022-03-16")["effective_date"] == T("2022-03-17")
    assert _event(events, "first_cut", "2019-07-31")["effective_date"] == T("2019-08-01")
    # ... but in December 2015 (and 2016, 2008) FRED dated the change on the announcement day
    assert _event(events, "first_hike", "2015-12-16")["effective_date"] == T("2015-12-16")
    by_effective = moves.set_index("effective_date")
    assert by_effective.loc[T("2016-12-14"), "announcement_date"] == T("2016-12-14")
    # DFEDTAR era: announcement day too (2001-01-03 intermeeting cut, 2004-06-30 first hike)
    assert _event(events, "first_cut", "2001-01-03")["effective_date"] == T("2001-01-03")
    assert _event(events, "first_hike", "2004-06-30")["effective_date"] == T("2004-06-30")
    # Sunday 2020-03-15 emergency cut, in effect Monday 2020-03-16
    assert by_effective.loc[T("2020-03-16"), "announcement_date"] == T("2020-03-15")
    # the switch to the 0-0.25 range is the last cut of the 2007-2008 cycle
    switch = by_effective.loc[T("2008-12-16")]
    assert (switch["old"], switch["new"], switch["change"]) == (1.0, 0.125, -0.875)
    cycle_0708 = cycles[cycles["first_date"] == T("2007-09-18")].iloc[0]
    assert cycle_0708["last_date"] == T("2008-12-16") and cycle_0708["n_moves"] == 10
    # the 2015-2018 cycle survives the one-year pause between its first two hikes
    cycle_1518 = cycles[cycles["first_date"] == T("2015-12-16")].iloc[0]
    assert cycle_1518["last_date"] == T("2018-12-19") and cycle_1518["n_moves"] == 9
    assert cycles.iloc[-1]["provisional"] and not cycles.iloc[:-1]["provisional"].any()


@pytest.mark.shared_data
def test_real_as_of_around_the_2024_first_cut(real):
    _, moves, _, _ = real
    # 2024-09-17: the cut is not announced yet
    before = calc_fed_events(calc_fed_cycles(moves, as_of="2024-09-17"))
    assert before.iloc[-1][["event", "date", "provisional"]].tolist() == ["last_hike", T("2023-07-26"), True]
    # 2024-09-18: announced before the close (FRED shows it from 09-19): known that day
    after = calc_fed_events(calc_fed_cycles(moves, as_of="2024-09-18"))
    assert after.iloc[-3][["event", "date", "provisional"]].tolist() == ["last_hike", T("2023-07-26"), False]
    assert after.iloc[-2][["event", "date", "provisional"]].tolist() == ["first_cut", T("2024-09-18"), False]
    assert after.iloc[-1][["event", "date", "provisional"]].tolist() == ["last_cut", T("2024-09-18"), True]


@pytest.mark.shared_data
def test_real_regime(real):
    target, _, cycles, _ = real
    regime = to_fed_regime(target, cycles)
    assert regime.loc[:"1982-09-26"].isna().all()
    assert regime.loc["1982-09-27":].notna().all()
    assert regime.loc["2023-07-26"] == "hiking" and regime.loc["2023-07-27"] == "hold"
    assert regime.loc["2024-09-17"] == "hold" and regime.loc["2024-09-18"] == "cutting"
    assert regime.loc["2016-06-01"] == "hiking"            # pause inside the 2015-2018 cycle
    assert regime.loc["2012-01-01"] == "hold"              # zero-bound years


def _moves_of(steps: list[tuple[str, float]], start_rate: float = 8.0) -> pd.DataFrame:
    """A target path with these (date, new level) steps, through calc_fed_moves."""
    days = pd.bdate_range("1985-01-01", "1996-12-31")
    path = pd.Series(start_rate, index=days)
    for day, level in steps:
        path.loc[day:] = level
    return calc_fed_moves(path)


def test_a_minor_cycle_before_1994_continues_the_cycle_around_it():
    """Hikes 8 -> 8.5 -> 9, a 1/8 pp cut (minor), hikes to 9.5, then a cut of 1 pp: one hiking cycle of
    five moves (8 -> 9.5) and one cutting cycle; the same 1/8 pp cut after 1994 is a cycle."""
    moves = _moves_of([("1986-01-06", 8.5), ("1986-03-03", 9.0), ("1986-05-01", 8.875), ("1986-07-01", 9.5),
                       ("1986-09-02", 8.5)])
    cycles = calc_fed_cycles(moves)
    assert list(cycles["direction"]) == ["hike", "cut"]
    first = cycles.iloc[0]
    assert (first["first_date"], first["last_date"], first["n_moves"], first["start_rate"], first["end_rate"]) == (
        pd.Timestamp("1986-01-06"), pd.Timestamp("1986-07-01"), 4, 8.0, 9.5)
    events = calc_fed_events(cycles)
    assert events.loc[events["event"] == "last_hike", "date"].tolist() == [pd.Timestamp("1986-07-01")]
    later = calc_fed_cycles(_moves_of([("1995-01-05", 8.5), ("1995-03-01", 8.375), ("1995-05-01", 9.0),
                                       ("1995-07-03", 8.0)]))
    assert list(later["direction"]) == ["hike", "cut", "hike", "cut"]


def test_a_minor_cycle_still_running_is_not_merged():
    """As of the minor cut's day it is the latest (provisional) cycle: no later move decides it."""
    moves = _moves_of([("1986-01-06", 8.5), ("1986-05-01", 8.375), ("1986-07-01", 9.0)])
    as_of_cut = calc_fed_cycles(moves, as_of="1986-05-01")
    assert list(as_of_cut["direction"]) == ["hike", "cut"] and bool(as_of_cut["provisional"].iloc[-1])
    assert list(calc_fed_cycles(moves)["direction"]) == ["hike"]  # once the hikes resume: one cycle
    known = KnownMoves.of(moves)
    assert known.cycles(known.known(pd.Timestamp("1986-05-01"))).equals(as_of_cut)
    assert known.cycles(len(moves)).equals(calc_fed_cycles(moves))
