"""A bound ("fell below 1%", "closed above 5%", "more than 100 basis points") met only within the
floor of closing-price differences between vendors says that the close is on the other side of
the line; "for the first time ever" (or "on record", "in history") is a crossing with no earlier
close past the level at all. Hand-made series."""

from __future__ import annotations

import pandas as pd

from analytics.claims import check_text


def _check(text, series, as_of):
    return [r.__dict__ for r in check_text(text, series, as_of=as_of).claims]


def _ten_year(last: dict[str, float], *, dip: bool = False) -> pd.Series:
    """The 10-year at 1.50% on the business days of 2020 to 2020-02-28 (0.95% on 2020-01-15 with
    ``dip``), then ``last`` (date -> level)."""
    days = pd.bdate_range("2020-01-01", "2020-02-28")
    values = pd.Series(1.5, index=days, dtype="float64")
    if dip:
        values[pd.Timestamp("2020-01-15")] = 0.95
    return pd.concat([values, pd.Series(last, dtype="float64").set_axis(pd.to_datetime(list(last)))])


def test_a_bound_met_only_within_the_vendors_floor_says_which_side_the_close_is_on():
    # FRED's close 1.02% on 2020-03-03: "below 1%" holds only within the 0.05 pp by which
    # published closes differ (market closes and intraday trades went below 1% that day)
    series = {"DGS10": _ten_year({"2020-03-02": 1.10, "2020-03-03": 1.02})}
    below, = _check("The 10-year Treasury yield fell below 1%.", series, "2020-03-03")
    assert below["verdict"] == "consistent"
    assert ("consistent with less than 1% only within the 0.05 pp that published closes differ by "
            "(1.02% is above 1% on this source)") in below["reason"]
    above, = _check("The 10-year Treasury yield closed above 1.05%.", series, "2020-03-03")
    assert above["verdict"] == "consistent"
    assert "(1.02% is below 1.05% on this source)" in above["reason"]
    clear, = _check("The 10-year Treasury yield fell below 1.1%.", series, "2020-03-03")
    assert clear["verdict"] == "consistent" and "on this source" not in clear["reason"]
    far, = _check("The 10-year Treasury yield fell below 0.9%.", series, "2020-03-03")
    assert far["verdict"] == "differs"


def test_a_bound_in_basis_points_is_said_in_basis_points():
    # a spread from 3.47% to 4.45% in a week: 98 bp, "more than 100 basis points" within 2 bp
    days = pd.bdate_range("2025-03-03", "2025-04-04")
    spread = pd.Series(3.47, index=days, dtype="float64")
    spread[pd.Timestamp("2025-04-04")] = 4.45
    move, = _check("High-yield bond spreads widened by more than 100 basis points this week.",
                   {"BAMLH0A0HYM2": spread}, "2025-04-04")
    assert move["verdict"] == "consistent"
    assert "only within the 2 bp that published closes differ by (98 bp is below 100 bp on this source)" in move["reason"]


def test_for_the_first_time_ever_is_a_crossing_with_no_earlier_close_past_the_level():
    series = {"DGS10": _ten_year({"2020-03-04": 1.02, "2020-03-05": 0.92})}
    first, = _check("The 10-year Treasury yield fell below 1% for the first time ever.", series, "2020-03-05")
    assert (first["measure"], first["verdict"]) == ("level", "consistent")
    assert "the first close below 1% on record" in first["reason"]
    for words in ("for the first time ever", "for the first time on record", "for the first time in history"):
        again, = _check(f"The 10-year Treasury yield fell below 1% {words}.",
                        {"DGS10": _ten_year({"2020-03-04": 1.02, "2020-03-05": 0.92}, dip=True)}, "2020-03-05")
        # 0.95% on 2020-01-15: not the first time (it was read as a record high with "on record")
        assert (again["measure"], again["verdict"]) == ("level", "differs"), words
        assert "the first close below 1% since 2020-01-15, not the first on record" in again["reason"], words


def test_a_bound_on_the_large_caps_own_move_after_which():
    # "lagging the S&P 500, which has lost less than 6%": the S&P 500's own year to date (-5.0%),
    # not the pair's relative return (it was read as the gap, -11.3% on the snapshot: differs)
    days = pd.bdate_range("2019-12-02", "2020-05-29")
    small = pd.Series(100.0, index=days)
    large = pd.Series(100.0, index=days)
    small[days > pd.Timestamp("2019-12-31")] = 84.0
    large[days > pd.Timestamp("2019-12-31")] = 95.0
    series = {"RUT": small, "GSPC": large}
    for words in ("which has lost less than 6%", "which is down less than 6%", "which is down just over 4.9%"):
        claims = _check(f"The Russell 2000 is still down about 16% this year, lagging the S&P 500, {words}.",
                        series, "2020-05-29")
        own = [c for c in claims if c["series"] == "GSPC"]
        assert [(c["measure"], round(c["computed"], 3), c["verdict"]) for c in own] == [("return", -0.05, "consistent")], words
        assert all(c["verdict"] == "consistent" for c in claims), words


def test_less_than_the_large_caps_drop_says_who_did_better():
    # a month: the small caps 100 -> 90.3 (-9.7%), the large caps 100 -> 90.7 (-9.3%): the small caps
    # fell more. "less than the S&P 500's 9.3% drop" read only the S&P 500's figure (consistent)
    days = pd.bdate_range("2022-08-01", "2022-09-30")
    small, large = pd.Series(100.0, index=days), pd.Series(100.0, index=days)
    small[days > pd.Timestamp("2022-08-31")], large[days > pd.Timestamp("2022-08-31")] = 90.3, 90.7
    series = {"RUT": small, "GSPC": large}
    for words, verdict in (("less than the S&P 500's 9.3% drop", "differs"),
                           ("more than the S&P 500's 9.3% drop", "consistent"),
                           ("worse than the S&P 500's 9.3% decline", "consistent"),
                           ("a smaller loss than ...", None)):
        claims = _check(f"The Russell 2000 fell 9.7% in the month, {words}.", series, "2022-09-30")
        if verdict is None:  # no comparison of this shape: nothing more is read
            assert all(c["measure"] != "relative_return" for c in claims)
            continue
        who = [c for c in claims if c["measure"] == "relative_return"]
        assert [c["verdict"] for c in who] == [verdict], words
        assert [c["verdict"] for c in claims if c["measure"] == "return"] == ["consistent", "consistent"], words


def test_it_before_a_comparison_is_the_subject_before():
    # "It has lost about 26% so far this year, slightly more than the S&P 500": "it" is the Russell
    # 2000 of the sentence before (it was read as the S&P 500, the index named after "than": differs),
    # and "more than" is who did worse, a claim of its own
    days = pd.bdate_range("2021-12-01", "2022-09-30")
    small, large = pd.Series(100.0, index=days), pd.Series(100.0, index=days)
    small[days > pd.Timestamp("2021-12-31")], large[days > pd.Timestamp("2021-12-31")] = 74.1, 75.2
    series = {"RUT": small, "GSPC": large}
    own, who = _check("The Russell 2000 fell in the third quarter. It has lost about 26% so far this year, "
                             "slightly more than the S&P 500.", series, "2022-09-30")
    assert (own["series"], round(own["computed"], 3), own["verdict"]) == ("RUT", -0.259, "consistent")
    assert (who["measure"], who["verdict"]) == ("relative_return", "consistent") and "it lagged" in who["reason"]
    *_, wrong = _check("The Russell 2000 has lost about 26% so far this year, less than the S&P 500.", series,
                       "2022-09-30")
    assert wrong["verdict"] == "differs" and "it lagged, not led" in wrong["reason"]
