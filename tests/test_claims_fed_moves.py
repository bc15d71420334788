"""Claims about the Fed's moves: "the Fed cut rates by half a percentage point on Wednesday", "has
raised rates by 525 basis points since March 2022", "its first cut since 2020", "the biggest
increase since 1994". Expected values come from FRED's target-range files read with pandas (the
upper bound's changes; the engine reads the midpoint of the range through the facts' Fed state)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.claims_snapshot import read_csv

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def moves(shared_data) -> pd.Series:
    """Changes of the upper bound (pp) by effective date, from 2008-12-16 on."""
    upper = read_csv(str(shared_data), "DFEDTARU")
    changes = upper.diff().round(6)
    return changes[changes != 0].dropna()


def test_half_a_point_on_wednesday(claims_run, moves):
    record, = claims_run("The Fed cut rates by half a percentage point on Wednesday.", "2024-09-19")
    # announced on Wednesday 18 September, effective on the 19th
    assert moves.loc["2024-09-19"] == -0.5
    assert (record["series"], record["measure"], record["computed"]) == ("fed_target", "change_record", -0.5)
    assert record["verdict"] == "consistent" and record["link"].endswith("#panel-regimes")


def test_cumulative_since_a_month(claims_run, moves):
    record, = claims_run("The Fed has raised its benchmark rate by 525 basis points since March 2022.", "2023-07-27")
    assert moves.loc["2022-03-01":"2023-07-27"].sum() == pytest.approx(5.25)
    assert record["computed"] == pytest.approx(5.25) and record["verdict"] == "consistent"
    cut, = claims_run("The Fed has cut rates by a full percentage point since it started cutting in September.", "2024-12-20")
    assert moves.loc["2024-09-01":"2024-12-20"].sum() == pytest.approx(-1.0)
    assert cut["computed"] == pytest.approx(-1.0) and cut["period"] == "since:2024-09-18"
    assert cut["verdict"] == "consistent"


def test_a_level_of_the_range_is_not_the_size(claims_run):
    record, level = claims_run("The Fed raised rates by a quarter point on Wednesday, to a range of 5.25% to 5.5%.",
                        "2023-07-27")
    assert (record["stated"], record["computed"], record["verdict"]) == (0.25, 0.25, "consistent")
    # the range is a claim of its own: the target range on the day, to the basis point
    assert (level["measure"], level["series"], level["verdict"]) == ("level", "fed_target", "consistent")
    assert "5.25%-5.50%" in level["reason"]


def test_the_target_range_and_its_record(claims_run, shared_data):
    upper, lower = read_csv(str(shared_data), "DFEDTARU"), read_csv(str(shared_data), "DFEDTARL")
    assert (lower.loc["2023-12-13"], upper.loc["2023-12-13"]) == (5.25, 5.5)
    stance, level = claims_run("The Fed held its benchmark rate steady in a range of 5.25% to 5.5%, the highest in 22 "
                        "years.", "2023-12-13")
    assert (stance["measure"], stance["verdict"]) == ("regime", "consistent")
    # the single target was last at least as high (5.5%) on 2001-03-19, the day before the March 2001 cut
    single = read_csv(str(shared_data), "DFEDTAR")
    assert single.loc[:"2001-03-19"].iloc[-1] == 5.5 and single.loc["2001-03-20"] == 5.0
    assert (level["measure"], level["computed_since"], level["verdict"]) == ("level_record", "2001-03-19", "consistent")
    assert level["computed"] == pytest.approx(5.375)
    wrong, = claims_run("The Fed left rates in a range of 5% to 5.25%.", "2023-12-13")
    assert wrong["verdict"] == "differs" and "not 5%-5.25%" in wrong["reason"]


def test_first_cut_since_and_biggest_hike_since(claims_run, moves, shared_data):
    first, = claims_run("The Fed cut rates by half a point, its first cut since 2020.", "2024-09-19")
    previous_cut = moves.loc[:"2024-09-18"][moves.loc[:"2024-09-18"] < 0].index[-1]
    assert previous_cut.year == 2020 and first["verdict"] == "consistent"
    assert claims_run("The Fed cut rates by half a point, its first cut since 2019.", "2024-09-19")[0]["verdict"] == "differs"
    biggest, = claims_run("The Fed hiked rates by 75 basis points, the biggest increase since 1994.", "2022-06-16")
    old_target = read_csv(str(shared_data), "DFEDTAR").diff().round(6)
    as_big = old_target[old_target >= 0.75].index[-1]  # the last hike as big before the range (2008)
    assert as_big.year == 1994
    assert biggest["computed"] == pytest.approx(0.75) and biggest["computed_since"].startswith("1994-")
    assert biggest["verdict"] == "consistent"


def test_a_move_announced_on_the_publication_day(claims_run, moves):
    """FRED shows the December 2024 cut from the 19th, the day after the announcement: an article
    of the 18th already knows it (it did not, before: "no move announced")."""
    assert moves.loc["2024-12-19"] == -0.25 and "2024-12-18" not in moves.index
    record, = claims_run("The Fed cut rates by a quarter point on Wednesday.", "2024-12-18")
    assert (record["computed"], record["verdict"], record["period_end"]) == (-0.25, "consistent", "2024-12-18")
    stance, = claims_run("The Fed is cutting rates.", "2024-12-18")
    assert (stance["computed"], stance["verdict"]) == (0.0, "consistent")
    assert "announced on 2024-12-18, that day" in stance["reason"]
    # the day before, the move is not known yet
    before, = claims_run("The Fed cut rates by a quarter point on Tuesday.", "2024-12-17")
    assert before["verdict"] == "differs" and "2024-11-07" in before["reason"]


def test_a_move_for_the_first_time_since_a_year(claims_run, moves):
    cut, = claims_run("The Fed cut rates for the first time since 2008.", "2019-07-31")
    # (the upper bound's changes start in December 2008: the cut of 2008-12-16 is the one before)
    assert moves.loc[:"2019-08-01"].lt(0).sum() == 1 and moves.loc["2019-08-01"] == -0.25
    assert cut["verdict"] == "consistent" and "the first cut since 2008-12-16" in cut["reason"]
    hike, = claims_run("The Fed raised rates for the first time since 2018.", "2022-03-16")
    before = moves.loc[:"2022-03-16"]
    assert f"{before[before > 0].index[-1]:%Y}" == "2018"
    assert hike["verdict"] == "consistent" and "the first hike since 2018-12-19" in hike["reason"]
    wrong, = claims_run("The Fed cut rates for the first time since 2018.", "2022-03-16")
    assert wrong["verdict"] == "differs" and "the latest move was a hike" in wrong["reason"]
    resumed, = claims_run("The Fed resumed cutting, lowering rates by a quarter point, its first cut since December.",
                          "2025-09-17")
    assert (resumed["measure"], resumed["computed"], resumed["verdict"]) == ("change_record", -0.25, "consistent")


def test_the_count_of_moves_in_a_year(claims_run, moves):
    cuts_2024 = int((moves.loc["2024"] < 0).sum())
    third, = claims_run("The Fed cut rates for the third time this year.", "2024-12-18")
    # (the December cut takes effect on the 19th: FRED's file shows it then)
    assert int((moves.loc["2024-01-01":"2024-12-19"] < 0).sum()) == cuts_2024 == 3
    assert (third["computed"], third["unit"], third["verdict"]) == (3.0, "moves", "consistent")
    assert claims_run("The Fed cut rates for the second time this year.", "2024-12-18")[0]["verdict"] == "differs"
    hikes, = claims_run("The Fed raised rates for the third time this year.", "2024-12-18")
    assert hikes["computed"] == 0.0 and hikes["verdict"] == "differs"


def test_slashed_and_trimmed_are_cuts(claims_run, moves):
    """The verbs of market wraps: "slashed rates to near zero" (2020-03-15, effective the 16th),
    "trimmed its benchmark rate" (2019-07-31, effective 08-01); they read nothing before."""
    assert moves.loc["2020-03-16"] == -1.0 and moves.loc["2019-08-01"] == -0.25
    slashed, zero = claims_run("The Fed slashed rates by a full percentage point to near zero on Sunday.", "2020-03-15")
    assert (slashed["computed"], slashed["verdict"]) == (-1.0, "consistent")
    assert (zero["series"], zero["measure"], zero["verdict"]) == ("fed_target", "level", "consistent")
    trimmed, = claims_run("The Federal Reserve trimmed its benchmark rate by a quarter point on Wednesday, its "
                          "first cut since 2008.", "2019-07-31")
    assert (trimmed["computed"], trimmed["verdict"]) == (-0.25, "consistent")
    assert "the first cut since 2008-12-16" in trimmed["reason"]



def test_near_zero_is_the_zero_to_a_quarter_point_range(claims_run, shared_data):
    """"Slashed rates to near zero", "kept its benchmark rate near zero", "the zero lower bound":
    the 0-0.25% target range (2008-12-16 to 2015-12-16, 2020-03-15 to 2022-03-16); they read
    nothing of the level before. Another subject near zero is not the Fed's."""
    upper, lower = read_csv(str(shared_data), "DFEDTARU"), read_csv(str(shared_data), "DFEDTARL")
    assert (lower.loc["2015-06-17"], upper.loc["2015-06-17"]) == (0.0, 0.25)
    assert (lower.loc["2021-06-16"], upper.loc["2021-06-16"]) == (0.0, 0.25)
    assert (lower.loc["2019-01-30"], upper.loc["2019-01-30"]) == (2.25, 2.5)
    kept, = claims_run("The Fed kept its benchmark rate near zero.", "2015-06-17")
    assert (kept["series"], kept["measure"], kept["verdict"]) == ("fed_target", "level", "consistent")
    assert "0.00%-0.25%" in kept["reason"]
    since, = claims_run("The Federal Reserve has kept interest rates close to zero since March.", "2021-06-16")
    assert since["verdict"] == "consistent"
    held, = claims_run("The Fed held rates near zero.", "2019-01-30")
    assert held["verdict"] == "differs" and "2.25%-2.50%" in held["reason"]
    bound, = claims_run("The Fed cut rates to the zero lower bound.", "2008-12-16")
    assert bound["verdict"] == "consistent"
    # inflation near zero is not the target: the stance only
    stance, = claims_run("The Fed held rates steady as inflation stayed near zero.", "2015-06-17")
    assert stance["measure"] == "regime"

def test_the_nth_move_in_a_row(claims_run, moves):
    """"Its 10th consecutive increase" (AP, 2023-05-03), "for the third straight time" (December
    2024): the moves that way since the last one the other way or the last pause of a meeting
    without a move, counted to the claim's move."""
    hikes = moves.loc["2020-03-17":"2023-05-04"]  # after the 2020-03-15 cut (effective 03-16)
    assert (hikes > 0).all() and len(hikes) == 10 and (moves.loc["2020-03-16"] < 0)
    tenth, = claims_run("The Fed raised interest rates by a quarter point on Wednesday, its 10th consecutive "
                        "increase.", "2023-05-03")
    assert (tenth["computed"], tenth["unit"], tenth["verdict"]) == (0.25, "pp", "consistent")
    assert "the 10th hike in a row (2022-03-16 to 2023-05-03, since the 2020-03-15 cut)" in tenth["reason"]
    ninth, = claims_run("The Fed raised rates by a quarter point on Wednesday, its ninth straight hike.", "2023-05-03")
    assert ninth["verdict"] == "differs" and "not the 9th" in ninth["reason"]
    cuts = moves.loc["2023-07-28":"2024-12-19"]
    assert (cuts < 0).all() and len(cuts) == 3
    third, = claims_run("The Federal Reserve cut rates for the third straight time on Wednesday.", "2024-12-18")
    assert (third["computed"], third["unit"], third["verdict"]) == (3.0, "moves", "consistent")
    # December 2025: "its third straight cut", the cuts after the 2025 pause (was: the 6th, counted
    # since the 2023 hike across nine months without a move)
    cycle = moves.loc["2024-09-01":"2025-12-11"]
    gaps = cycle.index.to_series().diff().dt.days
    assert (cycle < 0).all() and len(cycle) == 6 and list(gaps.iloc[1:]) == [50, 41, 273, 42, 42]
    straight, = claims_run("The Fed cut rates by a quarter point on Wednesday, its third straight cut.", "2025-12-11")
    assert straight["verdict"] == "consistent"
    assert ("the 3rd cut in a row (2025-09-17 to 2025-12-10, after 273 days without a move from the 2024-12-18 "
            "cut: a meeting passed without one)") in straight["reason"]
    # July 2023's hike came after the June pause (84 days after 3 May): the first straight one
    eleventh, = claims_run("The Fed raised rates on Wednesday, its 11th consecutive increase.", "2023-07-27")
    assert eleventh["verdict"] == "differs" and "the 1st hike in a row" in eleventh["reason"]
    # the latest move was a hike: not a run of cuts
    wrong_way, = claims_run("The Fed cut rates for the third straight time.", "2023-05-03")
    assert wrong_way["verdict"] == "differs" and "not a cut" in wrong_way["reason"]
    # meetings are not moves: the stance is checked, the count of meetings said not checked
    hold, = claims_run("The Fed held rates steady for the fourth straight meeting.", "2024-06-12")
    assert (hold["measure"], hold["verdict"]) == ("regime", "consistent")
    assert "the count of meetings ('fourth straight meeting') is not checked" in hold["reason"]


def test_straight_moves_58_days_apart_at_consecutive_meetings(claims_run, shared_data):
    # 2004-2005: a hike at every meeting, up to 58 days apart (3 May to 30 June 2005): the ninth
    single = read_csv(str(shared_data), "DFEDTAR").loc["2003-07-01":"2005-07-01"]
    hikes = single.diff()[lambda d: d != 0].dropna()
    assert (hikes > 0).all() and len(hikes) == 9
    assert hikes.index.to_series().diff().dt.days.max() == 58
    ninth, = claims_run("The Fed raised rates on Thursday, its ninth straight increase.", "2005-06-30")
    assert ninth["verdict"] == "consistent" and "the 9th hike in a row (2004-06-30 to 2005-06-30" in ninth["reason"]


def test_a_move_to_the_targets_record_without_its_range(claims_run, shared_data):
    upper = read_csv(str(shared_data), "DFEDTARU").loc[:"2023-07-27"]
    single = read_csv(str(shared_data), "DFEDTAR")
    # the single target (before the range, December 2008) was last at least 5.375% in 2001
    at_least = single[single >= 5.375]
    assert f"{at_least.index[-1]:%Y}" == "2001" and upper.iloc[-1] == 5.5
    said, = claims_run("The Fed raised rates to the highest level in 22 years.", "2023-07-27")
    assert (said["measure"], said["verdict"]) == ("level_record", "consistent")  # (nothing was found)
    assert "the highest since 2001" in said["reason"]
    assert claims_run("The Fed raised rates to the highest level since 2008.", "2022-06-15")[0]["verdict"] == "differs"
    # "to a 22-year high" (was: nothing found): the same record, over a span of at least that long
    span, = claims_run("The Fed raised rates to a 22-year high on Wednesday.", "2023-07-27")
    assert (span["measure"], span["verdict"]) == ("level_record", "consistent") and "the highest since 2001" in span["reason"]
    assert claims_run("The Fed raised rates to a 25-year high on Wednesday.", "2023-07-27")[0]["verdict"] == "differs"


def test_the_fed_funds_rate_named_as_a_level(claims_run, shared_data):
    """"The fed funds rate is at its highest since 2001", "the Fed's benchmark rate is at a 22-year
    high": the target's record (was: nothing found); "With the fed funds rate at a 22-year high,
    small caps have struggled": that record, not the Russell 2000's (was: the Russell 2000 "not a
    22-year high", differs)."""
    single = read_csv(str(shared_data), "DFEDTAR")
    assert f"{single[single >= 5.375].index[-1]:%Y}" == "2001"
    for text in ("The federal funds rate is at its highest level since 2001.",
                 "The Fed's benchmark rate is at a 22-year high.",
                 "With the fed funds rate at a 22-year high, small caps have struggled."):
        said, = claims_run(text, "2023-10-02")
        assert (said["series"], said["measure"], said["verdict"]) == ("fed_target", "level_record", "consistent"), said
        assert "the highest since 2001" in said["reason"]
    fed, index = claims_run("With the fed funds rate at a 22-year high, the Russell 2000 fell 1.5% on Monday.", "2023-10-02")
    assert (fed["series"], index["series"], index["period"]) == ("fed_target", "RUT", "1d")


def test_a_cut_for_a_third_straight_meeting(claims_run):
    # "cut rates for a third straight meeting": the third cut in a row (was: nothing found, the
    # sentence's index claims only)
    fed, *index = claims_run("The Fed cut rates for a third straight meeting on Wednesday, and the Russell 2000 rose "
                             "1.3% to a record close.", "2025-12-10")
    assert (fed["series"], fed["measure"], fed["verdict"]) == ("fed_target", "change_record", "consistent")
    assert "the 3rd cut in a row (2025-09-17 to 2025-12-10" in fed["reason"]
    assert {r["series"] for r in index} == {"RUT"}


def test_a_move_and_the_total_it_brings_the_year_to(claims_run, moves):
    # "a quarter point on Wednesday" is that day's move; "bringing total cuts this year to a full
    # percentage point" the year's total (was: the quarter point checked as the year's, differs)
    claims = claims_run("The Fed cut rates by a quarter point on Wednesday, its third straight reduction, "
                        "bringing total cuts this year to a full percentage point.", "2024-12-18")
    total, = [c for c in claims if c["period"].startswith("since:")]
    day, = [c for c in claims if c is not total]
    assert moves.loc["2024-01-01":"2024-12-19"].sum() == pytest.approx(-1.0)
    assert (total["stated"], total["computed"], total["verdict"]) == (-1.0, pytest.approx(-1.0), "consistent")
    assert moves.loc["2024-12-19"] == -0.25  # announced on Wednesday the 18th
    assert (day["stated"], day["computed"], day["verdict"]) == (-0.25, pytest.approx(-0.25), "consistent")


def test_a_move_and_a_total_both_in_basis_points(claims_run, moves):
    claims = claims_run("The Fed raised rates by 75 basis points on Wednesday, taking its cumulative tightening "
                        "since March to 225 basis points.", "2022-07-27")
    assert moves.loc["2022-03-01":"2022-07-28"].sum() == pytest.approx(2.25)
    assert moves.loc["2022-07-28"] == 0.75  # announced on Wednesday the 27th
    by_stated = {c["stated"]: c for c in claims}
    assert (by_stated[2.25]["period"], by_stated[2.25]["computed"]) == ("since:2022-02-28", pytest.approx(2.25))
    assert by_stated[0.75]["computed"] == pytest.approx(0.75)
    assert [c["verdict"] for c in claims] == ["consistent", "consistent"]


def test_since_the_fed_resumed_cutting(claims_run, shared_data, moves):
    """"Since the Fed resumed cutting in September" (December 2025): the cut of 2025-09-17 after nine
    months without a move (was: the month of September read as the period); "started cutting in
    September" then too (the first cut after a hike was 2024-09-18, said in the reason)."""
    gap = moves.loc["2024-12-20":"2025-09-18"]
    assert list(gap.index.strftime("%Y-%m-%d")) == ["2025-09-18"]  # effective the day after the announcement
    rut, spx = read_csv(str(shared_data), "RUT"), read_csv(str(shared_data), "GSPC")
    ratio = (rut["2025-12-11"] / rut["2025-09-17"]) / (spx["2025-12-11"] / spx["2025-09-17"]) - 1
    for text in ("Small caps have outperformed large caps since the Fed resumed cutting in September.",
                 "Small caps have outperformed large caps since the Fed resumed rate cuts.",
                 "Small caps have outperformed large caps since the Fed started cutting rates again.",
                 "Small caps have outperformed large caps since the Fed started cutting in September."):
        led, = claims_run(text, "2025-12-11")
        assert (led["period_start"], led["period_end"]) == ("2025-09-17", "2025-12-11"), text
        assert led["computed"] == pytest.approx(ratio) and led["verdict"] == ("consistent" if ratio > 0 else "differs")
        assert "the Fed's cut after 273 days without a move" in led["reason"]
    assert "the Fed's latest first cut after a hike was on 2024-09-18" in led["reason"]
    # in December 2024 "started cutting in September" is the cycle's first cut, and "resumed
    # cutting" the latest start of a run of cuts, the same one (after the 2023-07-26 hike)
    for text in ("The Russell 2000 has gained 2% since the Fed started cutting in September.",
                 "The Russell 2000 has gained 2% since the Fed resumed cutting."):
        since, = claims_run(text, "2024-12-20")
        assert since["period_start"] == "2024-09-18", text
        assert since["computed"] == pytest.approx(rut["2024-12-20"] / rut["2024-09-18"] - 1)


def test_run_starts_by_hand():
    from analytics.claims.base import run_starts

    moves = pd.DataFrame({"announcement_date": pd.to_datetime(
        ["2024-01-31", "2024-03-20", "2024-05-01", "2024-09-18", "2024-11-07", "2025-01-29"]),
        "direction": ["hike", "hike", "cut", "cut", "cut", "cut"]})
    # the first; a reversal (1 May); 140 days without a move (18 Sep); then 41 and 83 days
    assert list(run_starts(moves)) == [True, False, True, True, False, True]


def test_the_feds_move_after_an_index_move_is_a_clause_with_its_own_record(claims_run, moves):
    """"The Russell 2000 tumbled 4.7% on Thursday, a day after the Federal Reserve raised rates by 75
    basis points, its biggest increase since 1994": the record is the Fed's (the 2022-06-15 hike,
    the largest since November 1994's 0.75), not the index's day, which it was read as (differs:
    "45th of 8,762, not since 1994"; found by a second walkthrough)."""
    assert moves.loc["2022-06-16"] == 0.75  # announced 2022-06-15, effective the next day
    index, fed = claims_run("The Russell 2000 tumbled 4.7% on Thursday, a day after the Federal Reserve raised "
                            "rates by 75 basis points, its biggest increase since 1994.", "2022-06-16")
    assert (index["series"], index["verdict"]) == ("RUT", "consistent") and "since 1994" not in index["reason"]
    assert (fed["series"], fed["computed"], fed["verdict"]) == ("fed_target", 0.75, "consistent")
    assert "the biggest hike since 1994-11-15" in fed["reason"]


def test_the_view_of_a_move_announced_on_the_publication_day_is_as_of_that_day(claims_run):
    """The range set on 2024-09-18 is FRED's from the 19th (its effective date): the claim's link
    opened a view as of the day after the article was published."""
    record, = claims_run("The Fed cut its benchmark rate to a range of 4.75% to 5%.", "2024-09-18")
    assert record["verdict"] == "consistent" and "&asof=2024-09-18" in record["link"]


def test_held_steady_on_a_day_is_that_days_decision(claims_run, moves):
    # 2023-06-14 (Wednesday): no change in DFEDTARU around it, the last on 2023-05-04 (the 05-03
    # hike). "The Fed paused on Wednesday" differed: 42 days after a hike the 60-day rule says
    # "hiking"; the sentence says what the Fed decided that day
    assert not any(d in moves.index for d in pd.date_range("2023-06-12", "2023-06-16"))
    paused, level = claims_run("The Fed paused on Wednesday after 10 straight rate increases, holding its target "
                               "range at 5% to 5.25%.", "2023-06-14")
    assert (paused["measure"], paused["verdict"]) == ("regime", "consistent")
    assert "no move announced that day (its last move was a 0.25 pp hike on 2023-05-03)" in paused["reason"]
    assert level["verdict"] == "consistent"
    # on 2024-09-18 the Fed cut by half a point (effective 09-19): "held steady" is false
    assert moves.loc["2024-09-19"] == -0.5
    held, = claims_run("The Fed held rates steady on Wednesday.", "2024-09-18")
    assert held["verdict"] == "differs" and "a 0.50 pp cut was announced that day" in held["reason"]
    # the stance over a span still follows the 60-day rule
    since, = claims_run("The Fed has held rates steady since July 2023.", "2024-06-12")
    assert since["verdict"] == "consistent" and "on hold after 60 days" in since["reason"]
    early, = claims_run("The Fed is on hold.", "2023-08-01")
    assert early["verdict"] == "differs"


def test_a_move_as_a_noun_and_a_total_without_the_word(claims_run, moves):
    # 2024-12-18: a quarter-point cut (effective 12-19), the year's cuts 1.00 pp (0.50 + 0.25 + 0.25).
    # "delivered another half-point cut" was not read at all; "bringing its reductions this year to
    # 125 basis points" was read as the size of the day's move
    assert moves.loc["2024-12-19"] == -0.25 and moves.loc["2024":"2024-12-31"].sum() == -1.0
    total, move = claims_run("The Fed delivered another half-point cut on Wednesday, bringing its reductions this "
                             "year to 125 basis points.", "2024-12-18")
    assert (total["computed"], total["verdict"]) == (-1.0, "differs") and "so far this year" in total["reason"]
    assert (move["computed"], move["verdict"]) == (-0.25, "differs") and "on Wednesday 2024-12-18" in move["reason"]
    jumbo, _ = claims_run("The Federal Reserve delivered a jumbo half-point cut on Wednesday, lowering its target range "
                          "to 4.75% to 5%.", "2024-09-18")
    assert (jumbo["measure"], jumbo["computed"], jumbo["verdict"]) == ("change_record", -0.5, "consistent")


def test_the_target_as_one_figure_after_a_move(claims_run, shared_data):
    """"Cut its benchmark rate by a quarter point to 1% on Wednesday, the lowest since 1958": the
    level was not read and the record was given to the cut ("the biggest cut since 2002-11-06, not
    since 1958": differs); "raised its benchmark rate to 5.5%" gave nothing at all. Before the
    target series (1982-09-27) the record runs on each month's average effective rate: a day's
    rate is noise (1.00% on 1965-12-08, in a month that averaged 4.32%)."""
    single = read_csv(str(shared_data), "DFEDTAR")
    assert single.loc[:"2003-06-26"].iloc[-1] == 1.0 and single.loc[:"2006-06-30"].iloc[-1] == 5.25
    dff = read_csv(str(shared_data), "DFF").loc[:"1982-09-26"]
    monthly = dff.groupby(dff.index.to_period("M")).mean()
    assert str(monthly[monthly <= 1.0].index[-1]) == "1958-07"  # the last month as low, by its average
    records = claims_run("The Fed cut its benchmark rate by a quarter point to 1% on Wednesday, the lowest since "
                         "1958.", "2003-06-25")
    level, = [r for r in records if r["measure"] == "level_record"]
    move, = [r for r in records if r["measure"] == "change_record"]
    assert (level["verdict"], level["computed"], level["computed_since"]) == ("consistent", 1.0, "1958-07-31")
    assert "each month's average effective rate (DFF)" in level["reason"]
    assert (move["verdict"], move["computed"]) == ("consistent", -0.25)
    wrong, = claims_run("The Fed raised its benchmark rate to 5.5% on Thursday.", "2006-06-29")
    assert (wrong["measure"], wrong["verdict"]) == ("level", "differs") and "target 5.25%" in wrong["reason"]
    # since December 2008 one figure is a bound of the range: "to 5.5%" is its upper bound
    upper, = [r for r in claims_run("The Fed raised rates by a quarter point to 5.5%.", "2023-07-26")
              if r["measure"] == "level"]
    assert upper["verdict"] == "consistent" and "consistent with the range's upper bound 5.5%" in upper["reason"]
    zero = [r for r in claims_run("The Fed slashed its benchmark rate to a range of zero to 0.25% on Tuesday, a "
                                  "record low.", "2008-12-16") if r["series"] == "fed_target"]
    assert [(r["measure"], r["verdict"]) for r in zero if r["measure"] != "change_record"] == [
        ("level_record", "consistent")]  # ("zero to 0.25%" gave no claim)


def test_a_streak_of_moves_of_one_size(claims_run, moves):
    """2022's hikes: +0.25 (03-16), +0.50 (05-04), +0.75 (06-15, 07-27, 09-21, 11-02). "by 75 basis
    points for the second straight meeting" is the second 75 bp hike (the fourth hike in a row);
    "a third straight 75 basis point hike" counts that size only."""
    assert list(moves.loc["2022-03-01":"2022-11-03"]) == [0.25, 0.5, 0.75, 0.75, 0.75, 0.75]
    second, _ = claims_run("The Fed raised rates by 75 basis points on Wednesday for the second straight meeting, "
                           "to a range of 2.25% to 2.5%.", "2022-07-27")
    assert second["verdict"] == "consistent" and "the 2nd of 0.75 pp in a row" in second["reason"]
    wrong, _ = claims_run("The Fed raised rates by 75 basis points on Wednesday for the third straight meeting, "
                          "to a range of 2.25% to 2.5%.", "2022-07-27")
    assert wrong["verdict"] == "differs"  # neither the 4th hike nor the 2nd of its size
    third = claims_run("The Fed delivered a third straight 75 basis point hike on Wednesday.", "2022-09-21")
    assert [(r["series"], r["computed"], r["verdict"]) for r in third] == [("fed_target", 0.75, "consistent")]
    fifth, = claims_run("The Fed delivered a fifth straight 75 basis point hike on Wednesday.", "2022-09-21")
    assert fifth["verdict"] == "differs"  # the fifth hike in a row, but the third of 75 bp


def test_a_count_this_year_is_no_period_for_the_next_sentence(claims_run):
    """"its fourth cut this year" is a tally; the day's moves of the next sentence are Wednesday's
    (S&P 500 1191.81 -> 1238.16, +3.89%; Russell 2000 455.58 -> 466.51, +2.40%)."""
    records = claims_run("The Fed cut rates by half a point to 4.5% on Wednesday, its fourth cut this year. "
                         "The S&P 500 climbed 3.9%, while the Russell 2000 added 2.4%.", "2001-04-18")
    moves_of = {r["series"]: r for r in records if r["series"] in ("GSPC", "RUT")}
    assert moves_of["GSPC"]["computed"] == pytest.approx(1238.16 / 1191.81 - 1, abs=1e-4)
    assert moves_of["RUT"]["computed"] == pytest.approx(466.51 / 455.58 - 1, abs=1e-4)
    assert all(r["verdict"] == "consistent" for r in records)


@pytest.mark.parametrize("text", [
    "The Fed surprised markets with a half-point cut to 6% on Wednesday, and the Nasdaq soared 14.2%, its best day "
    "on record.",
    "The Fed caught investors off guard with a half-point cut to 6% on Wednesday.",
])
def test_a_surprise_move_as_a_noun(claims_run, text):
    """"surprised markets with a half-point cut to 6%": the Fed's move and level (DFEDTAR 6.5 -> 6.0
    on 2001-01-03); the move was not read and its 6% was compared with the Nasdaq's day."""
    records = claims_run(text, "2001-01-03")
    fed = [(r["measure"], r["computed"], r["verdict"]) for r in records if r["series"] == "fed_target"]
    assert fed == [("change_record", -0.5, "consistent"), ("level", 6.0, "consistent")]
    assert all(r["verdict"] == "consistent" for r in records)


def test_the_first_cut_in_a_span_of_years(claims_run, moves):
    """"its first cut in four years" (the cut before 2024-09-18 was 2020-03-15, 4.5 years back) was
    not read: a false "in two years" passed."""
    assert moves.loc["2020-03-17":"2024-09-18"].lt(0).sum() == 0  # no cut in between (the range's upper bound)
    four, = claims_run("The Fed cut rates by half a point on Wednesday, its first cut in four years.", "2024-09-18")
    assert four["verdict"] == "consistent" and "the first cut since 2020-03-15" in four["reason"]
    two, = claims_run("The Fed cut rates by half a point on Wednesday, its first cut in two years.", "2024-09-18")
    assert two["verdict"] == "differs" and two["reason"].endswith("the first cut since 2020-03-15, not in two years.")
