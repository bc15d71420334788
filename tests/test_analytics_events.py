"""Event windows and horizon outcomes: hand fixtures, invariants, real index data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.events import (
    AVG_MONTH_DAYS,
    calc_event_outcomes,
    calc_event_window,
    calc_relative_event_window,
    calc_relative_outcomes,
    summarize_outcomes,
)

T = pd.Timestamp


def series(pairs: dict[str, float], name: str = "x") -> pd.Series:
    return pd.Series(list(pairs.values()), index=pd.DatetimeIndex(list(pairs), name="date"), name=name, dtype=float)


# Levels with gaps; 2024-01-04 has no observation.
LEVELS = series({
    "2024-01-02": 100.0,
    "2024-01-03": 110.0,
    "2024-01-05": 99.0,
    "2024-02-05": 121.0,
    "2024-03-04": 88.0,
    "2024-04-01": 132.0,
})


def test_window_hand_computed():
    window = calc_event_window(LEVELS, ["2024-01-04"], before_months=1, after_months=2)
    assert window.columns.tolist() == ["event_date", "day0_date", "date", "day", "months", "level", "value"]
    # day 0 = last observation on or before 01-04 = 01-03 (110)
    assert (window["day0_date"] == T("2024-01-03")).all()
    # window 2023-12-04 .. 2024-03-04: 04-01 is outside
    assert window["date"].tolist() == [T("2024-01-02"), T("2024-01-03"), T("2024-01-05"), T("2024-02-05"), T("2024-03-04")]
    assert window["day"].tolist() == [-1, 0, 1, 2, 3]
    # 100/110-1, 0, 99/110-1 = -0.1, 121/110-1 = 0.1, 88/110-1 = -0.2
    assert window["value"].tolist() == pytest.approx([-1 / 11, 0.0, -0.1, 0.1, -0.2])
    # months from the event date: -2 days, -1 day, +1 day, +32 days, +60 days
    assert window["months"].tolist() == pytest.approx(np.array([-2, -1, 1, 32, 60]) / AVG_MONTH_DAYS)
    assert window["level"].tolist() == [100.0, 110.0, 99.0, 121.0, 88.0]


def test_window_change_kind_in_percentage_points():
    yields = series({"2024-01-02": 4.00, "2024-01-03": 4.25, "2024-01-05": 3.90, "2024-02-05": -0.10})
    window = calc_event_window(yields, [T("2024-01-03")], before_months=0, after_months=1, kind="change")
    # 4.25 - 4.25 = 0, 3.90 - 4.25 = -0.35; 02-05 is after 2024-02-03; negative yields allowed
    assert window["date"].tolist() == [T("2024-01-03"), T("2024-01-05")]
    assert window["value"].tolist() == pytest.approx([0.0, -0.35])
    assert window["day"].tolist() == [0, 1]


def test_window_events_outside_data_have_no_rows_and_duplicates_drop():
    window = calc_event_window(LEVELS, ["2023-12-31", "2024-05-01", "2024-03-04", "2024-03-04"],
                               before_months=0, after_months=1)
    assert window["event_date"].unique().tolist() == [T("2024-03-04")]
    assert window["date"].tolist() == [T("2024-03-04"), T("2024-04-01")]
    assert calc_event_window(LEVELS, []).empty
    assert calc_event_window(LEVELS, ["2030-01-01"]).columns.tolist()[-1] == "value"


def test_window_skips_nan_observations_in_day_count():
    levels = series({"2024-01-02": 100.0, "2024-01-03": np.nan, "2024-01-04": 50.0})
    window = calc_event_window(levels, ["2024-01-03"], before_months=0, after_months=1)
    # NaN row dropped: day 0 = 01-02 (100), day 1 = 01-04 (50 / 100 - 1 = -0.5)
    assert window["day"].tolist() == [0, 1]
    assert window["value"].tolist() == [0.0, -0.5]


def test_outcomes_hand_computed_never_extrapolate():
    table = calc_event_outcomes(LEVELS, ["2024-01-04", "2023-06-01", "2024-04-01"], horizons=(1, 2, 3))
    assert table.columns.tolist() == ["event_date", "horizon", "start_date", "end_date", "value"]
    first = table[table["event_date"] == T("2024-01-04")]
    # +1m = 02-04 -> last obs 01-05 (99/110-1 = -0.1); +2m = 03-04 -> 88/110-1 = -0.2;
    # +3m = 04-04 is after the last observation (04-01) -> NaN
    assert first["end_date"].tolist()[:2] == [T("2024-01-05"), T("2024-03-04")]
    assert first["value"].tolist()[:2] == pytest.approx([-0.1, -0.2])
    assert np.isnan(first["value"].iloc[2]) and pd.isna(first["end_date"].iloc[2])
    # before the data: no day 0
    early = table[table["event_date"] == T("2023-06-01")]
    assert early["start_date"].isna().all() and early["value"].isna().all()
    # on the last observation: day 0 exists, every horizon is beyond the data
    last = table[table["event_date"] == T("2024-04-01")]
    assert (last["start_date"] == T("2024-04-01")).all() and last["value"].isna().all()
    assert table["event_date"].tolist() == [T("2023-06-01")] * 3 + [T("2024-01-04")] * 3 + [T("2024-04-01")] * 3


def test_outcomes_month_end_clipping():
    levels = series({"2024-01-31": 100.0, "2024-02-29": 105.0, "2024-03-01": 200.0})
    table = calc_event_outcomes(levels, ["2024-01-31"], horizons=(1,))
    # 2024-01-31 + 1 month = 2024-02-29 (clipped): 105/100 - 1 = 0.05
    assert table["end_date"].iloc[0] == T("2024-02-29")
    assert table["value"].iloc[0] == pytest.approx(0.05)


def test_relative_outcomes_align_dates_first():
    small = series({"2024-01-02": 100.0, "2024-01-03": 102.0, "2024-02-02": 110.0, "2024-02-05": 120.0,
                    "2024-02-06": 130.0})
    large = series({"2024-01-02": 200.0, "2024-02-02": 210.0, "2024-02-06": 230.0})
    table = calc_relative_outcomes(small, large, ["2024-01-03"], horizons=(1,))
    row = table.iloc[0]
    # common dates: 01-02, 02-02, 02-06. Day 0 for 01-03 = 01-02 (not small's 01-03);
    # +1m = 02-03 -> 02-02: small 110/100-1 = 0.10, large 210/200-1 = 0.05,
    # relative return 1.10 / 1.05 - 1 = 0.047619 (the ratio's change; the gap would be 0.05)
    assert (row["start_date"], row["end_date"]) == (T("2024-01-02"), T("2024-02-02"))
    assert (row["small"], row["large"], row["value"]) == pytest.approx((0.10, 0.05, 1.1 / 1.05 - 1))
    window = calc_relative_event_window(small, large, ["2024-01-03"], before_months=0, after_months=1)
    assert window["date"].tolist() == [T("2024-01-02"), T("2024-02-02")]
    assert window["value"].tolist() == pytest.approx([0.0, 1.1 / 1.05 - 1])
    with pytest.raises(ValueError, match="share no dates"):
        calc_relative_outcomes(small, series({"2025-01-01": 1.0}), ["2024-01-03"])


def test_summarize_outcomes_hand_computed():
    table = pd.DataFrame({
        "event_date": pd.to_datetime(["2001-01-03"] * 2 + ["2004-06-30"] * 2 + ["2024-09-18"] * 2),
        "horizon": [3, 6, 3, 6, 3, 6],
        "value": [0.10, -0.20, -0.05, 0.30, 0.02, np.nan],
    })
    summary = summarize_outcomes(table)
    assert summary.index.tolist() == [3, 6]
    # 3m: values 0.10, -0.05, 0.02 -> median 0.02, min -0.05, max 0.10, 2 of 3 positive
    assert summary.loc[3, "count"] == 3
    assert summary.loc[3, ["median", "min", "max"]].tolist() == pytest.approx([0.02, -0.05, 0.10])
    assert summary.loc[3, "share_positive"] == pytest.approx(2 / 3)
    # 6m: -0.20, 0.30 (NaN not counted) -> median 0.05
    assert summary.loc[6, "count"] == 2
    assert summary.loc[6, ["median", "min", "max", "share_positive"]].tolist() == pytest.approx([0.05, -0.20, 0.30, 0.5])
    all_nan = summarize_outcomes(calc_event_outcomes(LEVELS, ["2030-01-01"], horizons=(3,)))
    assert all_nan.loc[3, "count"] == 0 and np.isnan(all_nan.loc[3, "median"])


@pytest.mark.parametrize("call, message", [
    (lambda: calc_event_window(LEVELS, ["2024-01-04"], kind="level"), "kind"),
    (lambda: calc_event_window(LEVELS - 100, ["2024-01-04"]), "non-positive"),
    (lambda: calc_event_window(LEVELS.iloc[::-1], ["2024-01-04"]), "sort_index"),
    (lambda: calc_event_window(LEVELS, ["2024-01-04"], before_months=-1), "before_months"),
    (lambda: calc_event_window(LEVELS, ["2024-01-04"], after_months=1.5), "after_months"),
    (lambda: calc_event_window(LEVELS, [pd.NaT]), "NaT"),
    (lambda: calc_event_window(LEVELS, ["not a date"]), "event_dates"),
    (lambda: calc_event_outcomes(LEVELS, ["2024-01-04"], horizons=(0,)), "horizons"),
    (lambda: calc_event_outcomes(LEVELS, ["2024-01-04"], horizons=()), "empty"),
    (lambda: calc_event_outcomes(LEVELS, ["2024-01-04"], horizons=(3, 3)), "duplicates"),
    (lambda: summarize_outcomes(pd.DataFrame({"x": [1]})), "horizon"),
    (lambda: calc_event_outcomes(LEVELS.values, ["2024-01-04"]), "pandas Series"),
])
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- invariants

@st.composite
def level_series(draw):
    n = draw(st.integers(2, 80))
    gaps = draw(st.lists(st.integers(1, 20), min_size=n - 1, max_size=n - 1))
    dates = pd.Timestamp("2010-01-01") + pd.to_timedelta(np.concatenate([[0], np.cumsum(gaps)]), unit="D")
    values = draw(st.lists(st.floats(0.01, 1e6, allow_nan=False), min_size=n, max_size=n))
    return pd.Series(values, index=pd.DatetimeIndex(dates))


@settings(max_examples=150, deadline=None)
@given(level_series(), st.lists(st.integers(-30, 1500), min_size=1, max_size=5),
       st.sampled_from(["return", "change"]), st.integers(0, 6), st.integers(0, 24))
def test_window_and_outcome_invariants(levels, offsets, kind, before, after):
    events = [levels.index[0] + pd.Timedelta(days=o) for o in offsets]
    window = calc_event_window(levels, events, before_months=before, after_months=after, kind=kind)
    for event, rows in window.groupby("event_date"):
        assert levels.index[0] <= event <= levels.index[-1]
        zero = rows[rows["day"] == 0]
        assert len(zero) == 1 and zero["value"].iloc[0] == 0.0          # value at day 0 is 0
        assert zero["date"].iloc[0] <= event
        assert rows["day"].tolist() == list(range(rows["day"].iloc[0], rows["day"].iloc[-1] + 1))
        assert rows["date"].is_monotonic_increasing
        assert rows["date"].max() <= event + pd.DateOffset(months=after)

    table = calc_event_outcomes(levels, events, horizons=(1, 3, 12), kind=kind)
    assert len(table) == 3 * len(set(events))
    for row in table.itertuples():
        horizon_date = row.event_date + pd.DateOffset(months=row.horizon)
        beyond = horizon_date > levels.index[-1] or row.event_date < levels.index[0] or row.event_date > levels.index[-1]
        assert np.isnan(row.value) == beyond                            # NaN exactly when not covered
        if not beyond:
            assert row.start_date <= row.event_date and row.end_date <= horizon_date
            assert row.end_date <= levels.index[-1]


# --------------------------------------------------------------------------- real data

def _read(root, relative: str) -> pd.Series:
    return pd.read_csv(root / relative, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
def test_real_small_caps_around_fed_first_cuts(shared_data):
    rut = _read(shared_data, "indexes/RUT.csv")
    gspc = _read(shared_data, "indexes/GSPC.csv")
    cuts = ["2001-01-03", "2007-09-18", "2019-07-31", "2024-09-18"]
    window = calc_event_window(rut, cuts, before_months=6, after_months=24)
    assert (window.loc[window["day"] == 0, "value"] == 0).all()
    assert (window.loc[window["day"] == 0, "date"] == pd.to_datetime(cuts)).all()  # all trading days
    # RUT ends 2026-02-20: the 2024 path stops there, nothing extrapolated
    assert window.loc[window["event_date"] == T("2024-09-18"), "date"].max() <= rut.index[-1]

    table = calc_relative_outcomes(rut, gspc, cuts, horizons=(3, 6, 12, 24))
    assert table.loc[(table["event_date"] == T("2024-09-18")) & (table["horizon"] == 24), "value"].isna().all()
    assert table.loc[table["event_date"] != T("2024-09-18"), "value"].notna().all()
    summary = summarize_outcomes(table)
    assert summary["count"].tolist() == [4, 4, 4, 3]
    assert (summary["min"] <= summary["median"]).all() and (summary["median"] <= summary["max"]).all()


@pytest.mark.shared_data
def test_real_yield_changes_after_first_cut(shared_data):
    dgs10 = _read(shared_data, "fred/DGS10.csv")
    table = calc_event_outcomes(dgs10, ["2024-09-18"], horizons=(3,), kind="change")
    row = table.iloc[0]
    expected = dgs10.loc[:"2024-12-18"].dropna().iloc[-1] - dgs10.loc[:"2024-09-18"].dropna().iloc[-1]
    assert row["value"] == pytest.approx(expected)
    assert 0.3 < row["value"] < 1.0     # the 10y yield rose ~0.7 pp after the first cut


def test_horizon_dates_of_month_end_events_are_month_ends():
    from analytics.events import horizon_dates

    events = pd.DatetimeIndex(["1987-09-30", "2020-02-29", "2019-12-31"])
    assert list(horizon_dates(events, 3).strftime("%Y-%m-%d")) == ["1987-12-30", "2020-05-29", "2020-03-31"]
    assert list(horizon_dates(events, 3, month_ends=True).strftime("%Y-%m-%d")) == [
        "1987-12-31", "2020-05-31", "2020-03-31"]
