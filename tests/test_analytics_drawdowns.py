"""Tests for analytics.drawdowns: hand-computed fixtures, edge cases, invariants, real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.drawdowns import (
    DrawdownEpisode,
    calc_drawdown_episodes,
    calc_drawdown_status,
    calc_max_drawdown,
    to_drawdown_series,
)

T = pd.Timestamp
D = pd.bdate_range("2025-01-06", periods=10)  # Mon 6th .. Fri 17th


def levels(*values: float) -> pd.Series:
    return pd.Series(values, index=D[: len(values)], name="lvl", dtype="float64")


@st.composite
def level_series(draw, min_size: int = 1, max_size: int = 80) -> pd.Series:
    n = draw(st.integers(min_size, max_size))
    # Integers make ties (equal peaks, repeated lows) common.
    values = draw(st.lists(st.integers(1, 50), min_size=n, max_size=n))
    return pd.Series(values, index=pd.bdate_range("2020-01-01", periods=n), dtype="float64")


# ----------------------------------------------------------------------------- to_drawdown_series


def test_drawdown_series_hand_computed():
    s = levels(100, 120, 90, 130, 117)
    # running max 100, 120, 120, 130, 130 -> 0, 0, 90/120-1 = -0.25, 0, 117/130-1 = -0.10
    assert to_drawdown_series(s).tolist() == pytest.approx([0.0, 0.0, -0.25, 0.0, -0.10])
    assert calc_max_drawdown(s) == pytest.approx(-0.25)


def test_drawdown_series_drops_nan_and_keeps_dates():
    s = levels(100, np.nan, 80)
    out = to_drawdown_series(s)
    assert list(out.index) == [D[0], D[2]]
    assert out.tolist() == pytest.approx([0.0, -0.2])


def test_drawdown_series_single_value_and_bad_input():
    assert to_drawdown_series(levels(5)).tolist() == [0.0]
    with pytest.raises(ValueError, match="no observations"):
        to_drawdown_series(pd.Series([], index=pd.DatetimeIndex([]), dtype="float64"))
    with pytest.raises(ValueError, match="positive"):
        to_drawdown_series(levels(1.0, -0.5))


# ----------------------------------------------------------------------------- calc_drawdown_episodes


def test_episodes_hand_computed():
    s = levels(100, 120, 90, 130, 117)
    first, second = calc_drawdown_episodes(s)
    # 120 (Tue 7th) -> 90 (Wed 8th, -25%) -> 130 (Thu 9th, back above 120)
    assert first == DrawdownEpisode(
        peak=D[1], trough=D[2], recovery=D[3], depth=pytest.approx(-0.25),
        peak_level=120.0, trough_level=90.0, days_to_trough=1, days_to_recovery=2,
    )
    assert first.recovered
    # 130 (Thu 9th) -> 117 (Fri 10th, -10%), not recovered
    assert second.peak == D[3] and second.trough == D[4]
    assert second.recovery is None and second.days_to_recovery is None
    assert second.depth == pytest.approx(-0.10)


def test_episodes_min_depth_is_a_positive_fraction_with_tolerance():
    s = levels(100, 120, 90, 130, 117)
    assert [e.peak for e in calc_drawdown_episodes(s, min_depth=0.2)] == [D[1]]
    # 117/130 - 1 is -0.09999999999999998 in floating point but counts as 10% deep
    assert len(calc_drawdown_episodes(s, min_depth=0.10)) == 2
    assert calc_drawdown_episodes(s, min_depth=0.3) == []
    with pytest.raises(ValueError, match="positive fraction"):
        calc_drawdown_episodes(s, min_depth=-0.10)


def test_episodes_equal_level_recovers_and_peak_is_last_date_at_max():
    s = levels(100, 100, 90, 95, 90, 100, 95)
    first, second = calc_drawdown_episodes(s)
    # peak = last date at 100 before the fall (Tue 7th); lows 90 on 8th and 10th: the first;
    # back at 100 on Mon 13th counts as recovered
    assert (first.peak, first.trough, first.recovery) == (D[1], D[2], D[5])
    assert (first.days_to_trough, first.days_to_recovery) == (1, 4)
    assert (second.peak, second.trough, second.recovery) == (D[5], D[6], None)


def test_episodes_none_when_never_below_peak():
    assert calc_drawdown_episodes(levels(1, 2, 2, 3)) == []
    assert calc_drawdown_episodes(levels(7)) == []


def test_episodes_trading_days_ignore_missing_rows():
    s = levels(100, np.nan, 50, np.nan, 100)
    (e,) = calc_drawdown_episodes(s)
    # observations: 6th (100), 8th (50), 10th (100): 1 trading day to the trough, 2 to recovery
    assert (e.peak, e.trough, e.recovery, e.days_to_trough, e.days_to_recovery) == (D[0], D[2], D[4], 1, 2)


# ----------------------------------------------------------------------------- calc_drawdown_status


def test_status_hand_computed():
    s = levels(100, 120, 90, 100)
    st_ = calc_drawdown_status(s, as_of=D[3])
    # peak 120 on 7th; now 100/120 - 1 = -0.1667 -> correction; trough so far 90: -0.25
    assert (st_.peak_date, st_.peak_level, st_.level) == (D[1], 120.0, 100.0)
    assert st_.drawdown == pytest.approx(-1 / 6)
    assert (st_.trough_date, st_.trough_level) == (D[2], 90.0)
    assert st_.trough_drawdown == pytest.approx(-0.25)
    assert st_.status == "correction"


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (100.0, "normal"),  # 0
        (90.01, "normal"),  # -9.99%
        (90.0, "correction"),  # exactly -10% (-0.09999999999999998 in floating point)
        (80.01, "correction"),  # -19.99%
        (80.0, "bear market"),  # exactly -20%
        (50.0, "bear market"),
    ],
)
def test_status_thresholds(now, status):
    assert calc_drawdown_status(levels(100, now), as_of=D[1]).status == status


def test_status_custom_thresholds():
    s = levels(100, 95)
    assert calc_drawdown_status(s, as_of=D[1], correction=-0.05, bear_market=-0.5).status == "correction"
    with pytest.raises(ValueError, match="bear_market <= correction < 0"):
        calc_drawdown_status(s, as_of=D[1], correction=0.10)


def test_status_at_new_high_and_weekend_as_of():
    s = levels(100, 90, 110, 105, 120)  # Mon 6th .. Fri 10th
    at_high = calc_drawdown_status(s, as_of="2025-01-11")  # Saturday -> Friday
    assert at_high.as_of == D[4]
    assert (at_high.drawdown, at_high.trough_date, at_high.status) == (0.0, D[4], "normal")
    # as of Thu 9th: peak 110 on Wed 8th, 105/110 - 1
    thu = calc_drawdown_status(s, as_of="2025-01-09")
    assert (thu.peak_date, thu.trough_date) == (D[2], D[3])
    assert thu.drawdown == pytest.approx(105 / 110 - 1)


def test_status_as_of_before_first_observation():
    with pytest.raises(ValueError, match="before the first observation"):
        calc_drawdown_status(levels(100, 90), as_of="2025-01-03")


# ----------------------------------------------------------------------------- invariants


@settings(deadline=None)
@given(level_series())
def test_drawdown_is_never_positive_and_at_least_the_max_drawdown(s):
    dd = to_drawdown_series(s)
    assert (dd <= 0.0).all()
    assert (dd >= calc_max_drawdown(s)).all()
    # zero exactly at running highs
    assert ((dd == 0.0) == (s >= s.cummax())).all()


@settings(deadline=None)
@given(level_series())
def test_episodes_tile_the_under_water_dates(s):
    dd = to_drawdown_series(s)
    episodes = calc_drawdown_episodes(s)
    under = pd.Series(False, index=s.index)
    for e in episodes:
        assert e.depth < 0.0
        assert e.peak < e.trough and (e.recovery is None or e.trough < e.recovery)
        stop = e.recovery if e.recovery is not None else s.index[-1] + pd.Timedelta(days=1)
        inside = dd[(dd.index > e.peak) & (dd.index < stop)]
        assert (inside < 0.0).all()
        assert e.depth == pytest.approx(inside.min())
        assert dd[e.trough] == inside.min()
        assert s[e.peak] == e.peak_level == s[: e.peak].max()
        if e.recovery is not None:
            assert s[e.recovery] >= e.peak_level
        under[inside.index] = True
    assert (under == (dd < 0.0)).all()
    peaks = [e.peak for e in episodes]
    assert peaks == sorted(peaks)
    if episodes:
        assert min(e.depth for e in episodes) == pytest.approx(calc_max_drawdown(s))


@settings(deadline=None)
@given(level_series(min_size=1), st.data())
def test_status_matches_drawdown_series(s, data):
    i = data.draw(st.integers(0, len(s) - 1))
    status = calc_drawdown_status(s, as_of=s.index[i])
    assert status.drawdown == pytest.approx(to_drawdown_series(s).iloc[i])
    assert status.trough_drawdown <= status.drawdown <= 0.0
    assert status.peak_date <= status.trough_date <= status.as_of


# ----------------------------------------------------------------------------- real data


def _read(shared_data: Path, relative: str) -> pd.Series:
    path = shared_data / relative
    if not path.is_file():
        pytest.skip(f"{relative} not in the data snapshot at {shared_data}")
    return pd.read_csv(path, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
def test_real_sp500_2018_q4_drawdown(shared_data):
    spx = _read(shared_data, "indexes/GSPC.csv")
    (episode,) = [e for e in calc_drawdown_episodes(spx, min_depth=0.10) if e.peak == T("2018-09-20")]
    assert episode.trough == T("2018-12-24")
    assert round(episode.depth, 3) == -0.198
    assert episode.recovery is not None and episode.recovery > T("2019-01-01")
    status = calc_drawdown_status(spx, as_of="2018-12-24")
    assert (status.peak_date, status.trough_date) == (T("2018-09-20"), T("2018-12-24"))
    # 19.8% below the peak is a correction, not a bear market (that needs -20%)
    assert status.status == "correction"
