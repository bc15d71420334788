"""Claims about companies by leverage ("the most-leveraged quartile fell hardest in the selloff
and led the rebound"): the selloff and the rebound read on tiny hand-worked index paths, the
verdicts against given quartile returns, the list chosen for a span, and on the demo data and the
real snapshot the same quartiles the leverage panel shows for the claim's link."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.claims import check_text
from analytics.claims.base import NotCheckable
from analytics.claims.leverage_measures import BEAR, QuartileReturns, episode, rebound_end, selloffs, swings
from panels.claim_quartiles import pick_list

T = pd.Timestamp
#: Up to a 109 high, down 12.8% to a 95 low (a selloff), up 13.7% to a 108 high, down 11.1% to
#: a 96 low (a second selloff, the rise after it not yet 10%).
ZIGZAG = pd.Series([100, 109, 104, 98, 95, 103, 106, 108, 97, 96, 99], dtype="float64", name="RUT", index=pd.DatetimeIndex(
    ["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09", "2025-01-10",
     "2025-01-13", "2025-01-14", "2025-01-15", "2025-01-16"], name="date"))


def _months() -> pd.Series:
    """Weekdays of 2025, straight lines between 90 (2 Jan), a 100 high (14 Feb), an 85 low
    (20 Mar), 92 (10 Apr), a lower 80 low (15 May) and 95 (30 Jun)."""
    anchors = pd.Series({T("2025-01-02"): 90.0, T("2025-02-14"): 100.0, T("2025-03-20"): 85.0,
                         T("2025-04-10"): 92.0, T("2025-05-15"): 80.0, T("2025-06-30"): 95.0})
    days = pd.bdate_range("2025-01-02", "2025-06-30", name="date")
    return anchors.reindex(days.union(anchors.index)).interpolate(method="time").loc[days].rename("RUT")


class Quartiles:
    """A quartile source with given mean returns per span, recording what it is asked."""

    def __init__(self, means: dict[tuple[str, str], tuple[float, ...]]):
        self.means, self.calls = means, []

    def __call__(self, index, start, end):
        self.calls.append((index, f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"))
        means = self.means[self.calls[-1][1:]]
        return QuartileReturns("russell2000_test", start, start, end, means, (10, 10, 10, 10), 50)


def _check(text, quartiles, series=ZIGZAG, as_of="2025-01-16"):
    return check_text(text, {"RUT": series}, as_of=dt.date.fromisoformat(as_of), quartiles=quartiles).claims


def test_swings_and_selloffs_hand_worked():
    assert swings(ZIGZAG) == [(1, "high"), (4, "low"), (7, "high"), (9, "low")]
    assert selloffs(ZIGZAG) == [(T("2025-01-03"), T("2025-01-08")), (T("2025-01-13"), T("2025-01-15"))]
    # a rise of less than 10% from the start and no fall of 10%: no turning point confirmed
    assert selloffs(pd.Series([100.0, 105.0, 96.0], index=ZIGZAG.index[:3])) == []


def test_the_rebound_ends_at_the_next_confirmed_swing_high_else_runs_to_the_last_close():
    assert rebound_end(ZIGZAG, T("2025-01-08")) == (T("2025-01-13"), True)
    assert rebound_end(ZIGZAG, T("2025-01-15")) == (T("2025-01-16"), False)
    # to 13 January the rise from the 95 low has no fall of 10% after its high yet: under way
    assert swings(ZIGZAG[:8])[-1] == (7, "high")
    assert rebound_end(ZIGZAG[:8], T("2025-01-08")) == (T("2025-01-13"), False)


def test_a_named_month_is_the_fall_under_way_then_to_that_month_s_low():
    levels = _months()
    as_of = T("2025-06-30")
    assert episode(levels, None, as_of) == (T("2025-02-14"), T("2025-05-15"))  # the latest: to the May low
    # "the March selloff": the same fall, to March's lowest close (85 on the 20th, 15% below 100)
    assert episode(levels, (T("2025-03-01"), T("2025-03-31")), as_of) == (T("2025-02-14"), T("2025-03-20"))
    with pytest.raises(NotCheckable, match="no fall of 10% or more under way in January 2025"):
        episode(levels, (T("2025-01-01"), T("2025-01-31")), as_of)


def test_fell_hardest_in_the_selloff_and_led_the_rebound_are_two_claims_in_text_order():
    quartiles = Quartiles({("2025-01-13", "2025-01-15"): (-0.10, -0.12, -0.14, -0.20),
                           ("2025-01-15", "2025-01-16"): (0.05, 0.04, 0.03, 0.02)})
    selloff, rebound = _check("The most-leveraged quartile fell hardest in the selloff and led the rebound.", quartiles)
    assert quartiles.calls == [("RUT", "2025-01-13", "2025-01-15"), ("RUT", "2025-01-15", "2025-01-16")]
    assert (selloff.measure, selloff.period_start, selloff.period_end) == ("leverage_quartile", "2025-01-13", "2025-01-15")
    assert selloff.verdict == "consistent" and selloff.computed == pytest.approx(-0.20)
    assert "fall of 11.1% from its 2025-01-13 swing high to its 2025-01-15 low" in selloff.reason
    assert "equal-weighted mean return 2025-01-13 to 2025-01-15: Q1 (least leveraged) -10.0%" in selloff.reason
    assert rebound.verdict == "differs" and "did not do best (Q1 did)" in rebound.reason
    assert "2025-01-15 to 2025-01-16 (under way)" in rebound.reason


def test_a_named_selloff_and_its_rebound():
    quartiles = Quartiles({("2025-02-14", "2025-03-20"): (-0.10, -0.12, -0.14, -0.20),
                           ("2025-03-20", "2025-06-30"): (0.05, 0.04, 0.03, 0.08)})
    selloff, rebound = _check("Highly indebted small caps were hit hardest in the March selloff and led the "
                              "rebound.", quartiles, _months(), "2025-06-30")
    assert quartiles.calls == [("RUT", "2025-02-14", "2025-03-20"), ("RUT", "2025-03-20", "2025-06-30")]
    assert selloff.verdict == rebound.verdict == "consistent"
    # "since the March 20 low": the rebound from the low of the selloff under way in March (was: no period)
    since, = _check("Highly leveraged small caps have rebounded 8% since the March 20 low.", quartiles,
                    _months(), "2025-06-30")
    assert quartiles.calls[-1] == ("RUT", "2025-03-20", "2025-06-30") and since.verdict == "consistent"


def test_a_comparison_is_with_the_other_end_and_its_figure_is_the_gap():
    month = {("2024-12-31", "2025-01-16"): (0.02, -0.05, -0.04, -0.01)}  # Q4 below Q1 by 3 pp, not the lowest
    lagged, = _check("Companies with the most debt lagged in January.", Quartiles(month))
    assert lagged.verdict == "consistent" and "did worse than the least leveraged by 3.0 pp" in lagged.reason
    right, = _check("The most leveraged companies underperformed the least leveraged by 3 percentage points "
                    "this year.", Quartiles(month))
    wrong, = _check("The most leveraged companies underperformed the least leveraged by 5 percentage points "
                    "this year.", Quartiles(month))
    assert (right.verdict, wrong.verdict) == ("consistent", "differs")
    assert "the gap -3.0 pp is consistent with -3 pp" in right.reason
    # the right size the wrong way: Q1 lagged Q4 by 3 points, not the other way round
    ahead, = _check("The least leveraged companies underperformed the most leveraged by 3 percentage points "
                    "this year.", Quartiles(month))
    assert ahead.verdict == "differs" and "the gap +3.0 pp is not consistent with -3 pp" in ahead.reason
    best, = _check("The least-leveraged quartile did best this year.", Quartiles(month))
    assert best.verdict == "consistent" and best.computed == pytest.approx(0.02)


def test_a_bear_market_is_a_zig_zag_of_20_percent_swings():
    # 100 -> 130 high -> 100 low (-23%) -> 125 (+25%) -> 110 (-12%: a selloff, no bear market) -> 126
    days = pd.bdate_range("2025-01-01", periods=6, name="date")
    levels = pd.Series([100.0, 130.0, 100.0, 125.0, 110.0, 126.0], index=days, name="RUT")
    assert episode(levels, None, days[-1], BEAR) == (days[1], days[2])
    assert episode(levels, None, days[-1]) == (days[3], days[4])  # the latest 10% selloff
    quartiles = Quartiles({(f"{days[1]:%Y-%m-%d}", f"{days[2]:%Y-%m-%d}"): (-0.3, -0.2, -0.2, -0.1),
                           (f"{days[2]:%Y-%m-%d}", f"{days[5]:%Y-%m-%d}"): (0.1, 0.2, 0.2, 0.3)})
    bear, rebound = _check("Debt-laden small caps fell the least in the bear market and led the rebound.",
                           quartiles, levels, f"{days[-1]:%Y-%m-%d}")
    # the rebound is from the bear market's low, to the last close (no 20% fall after it yet)
    assert quartiles.calls == [("RUT", f"{days[1]:%Y-%m-%d}", f"{days[2]:%Y-%m-%d}"),
                               ("RUT", f"{days[2]:%Y-%m-%d}", f"{days[5]:%Y-%m-%d}")]
    assert "a bear market is a fall of 20% or more" in bear.reason and rebound.verdict == "consistent"


def test_a_period_after_best_or_most_is_read_and_lowest_debt_is_the_least_leveraged():
    # ("the most debt ... since", "best in 2024" were blanked as record phrases)
    quartiles = Quartiles({("2023-12-31", "2024-12-31"): (0.3, 0.2, 0.1, 0.0)})
    claim, = _check("Small caps with the lowest debt loads did best in 2024.", quartiles)
    assert quartiles.calls == [("RUT", "2023-12-31", "2024-12-31")]
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(0.3)


def test_a_group_s_own_return_is_its_quartile_s_mean_return():
    year = {("2024-12-31", "2025-01-16"): (0.02, -0.05, -0.04, -0.20)}
    fell, = _check("Highly leveraged small caps have fallen 20% this year.", Quartiles(year))
    rose, = _check("Highly leveraged small caps have risen 20% this year.", Quartiles(year))
    assert (fell.verdict, rose.verdict) == ("consistent", "differs")
    assert "its mean return -20.0% is not consistent with +20.0%" in rose.reason
    # no figure and no comparison: nothing to check
    assert _check("Highly leveraged small caps have fallen this year.", Quartiles(year))[0].measure != "leverage_quartile"


def test_words_between_the_companies_and_their_debt_and_the_other_end_s_own_figure():
    year = {("2024-12-31", "2025-01-16"): (0.02, -0.05, -0.04, -0.20)}
    # (was: unread, "in the Russell 2000" between "companies" and "with the highest debt loads")
    gap, = _check("Companies in the Russell 2000 with the highest debt loads have underperformed those with the "
                  "least debt by 22 percentage points this year.", Quartiles(year))
    assert (gap.measure, gap.verdict) == ("leverage_quartile", "consistent") and "the gap -22.0 pp" in gap.reason
    # "compared with a 2% gain for the least leveraged": Q1's own return, a claim of its own (was: unread)
    most, least = _check("The most leveraged quartile has fallen 20% this year, compared with a 2% gain for the "
                         "least leveraged.", Quartiles(year))
    assert (most.computed, most.verdict) == (pytest.approx(-0.20), "consistent")
    assert (least.computed, least.stated, least.verdict) == (pytest.approx(0.02), pytest.approx(0.02), "consistent")
    # beside a superlative the other end's figure is not the superlative's (was: read as Q4's -2%)
    hardest, least = _check("The most leveraged quartile fell hardest this year, compared with a 2% gain for the "
                            "least leveraged.", Quartiles(year))
    assert (hardest.stated, hardest.verdict, least.verdict) == (None, "consistent", "consistent")


def test_a_comparison_with_a_named_index_is_with_its_return():
    year = {("2024-12-31", "2025-01-16"): (0.02, -0.05, -0.04, -0.20),
            ("2025-01-13", "2025-01-15"): (-0.10, -0.12, -0.14, -0.20)}
    spx = pd.Series([100.0, 102.0], index=pd.DatetimeIndex(["2024-12-31", "2025-01-16"]), name="GSPC")
    series = {"RUT": ZIGZAG, "GSPC": spx}
    text = "The most leveraged companies {} the S&P 500 this year."
    lagged, beat = (check_text(text.format(verb), series, as_of="2025-01-16", quartiles=Quartiles(year)).claims[0]
                    for verb in ("lagged", "outperformed"))
    # (was: against the least leveraged quartile) Q4 -20% against the S&P 500's +2%
    assert (lagged.verdict, beat.verdict) == ("consistent", "differs")
    assert "did worse than the S&P 500 (+2.0%) by 22.0 pp" in lagged.reason
    # "the broader index": the ranked index's own return over the selloff, 108 -> 96 (-11.1%)
    broad, = _check("The most leveraged quartile underperformed the broader index in the selloff.", Quartiles(year))
    assert broad.verdict == "consistent" and "than the Russell 2000 (-11.1%)" in broad.reason
    # the members of a large-cap index named alone are that index's (was: the Russell 2000's list)
    quartiles = Quartiles(year)
    check_text("The most leveraged companies in the S&P 500 fell hardest in the selloff.",
               {"GSPC": ZIGZAG.rename("GSPC")}, as_of="2025-01-16", quartiles=quartiles)
    assert quartiles.calls == [("GSPC", "2025-01-13", "2025-01-15")]


def test_a_leverage_clause_after_an_index_s_rise_from_a_low_since_then():
    # (were: one clause, the Russell 2000's rise lost and the span the sentence's; then, "since
    # then" hidden by "the most ... since" read as a record phrase)
    quartiles = Quartiles({("2025-05-15", "2025-06-30"): (0.05, 0.04, 0.03, 0.08)})
    rise, bounced = _check("The Russell 2000 has rebounded about 19% from its May 15 low, and the most indebted "
                           "companies have bounced the most since then.", quartiles, _months(), "2025-06-30")
    assert (rise.measure, rise.verdict) == ("drawdown", "consistent")  # 80 -> 95: +18.75%
    assert quartiles.calls == [("RUT", "2025-05-15", "2025-06-30")] and bounced.verdict == "consistent"


def test_a_figure_beside_a_superlative_keeps_its_verb_s_way():
    quartiles = Quartiles({("2025-01-13", "2025-01-15"): (-0.30, -0.28, -0.28, -0.25)})
    claim, = _check("The most leveraged quartile held up best in the selloff, falling about 25%.", quartiles)
    assert (claim.stated, claim.verdict) == (pytest.approx(-0.25), "consistent")  # (was: +25%)


def test_one_clause_gives_at_most_a_few_leverage_claims():
    from analytics.claims.read_leverage import MAX_WAYS

    text = "The most leveraged quartile lagged, outperformed, fell hardest and led the rally " * 50 + "this year."
    claims = _check(text[:5000], Quartiles({("2024-12-31", "2025-01-16"): (0.1, 0.2, 0.3, 0.4)}))
    assert len(claims) == MAX_WAYS == 4


def test_without_a_span_or_company_data_the_claim_says_why():
    no_span, = _check("Companies with the most debt lagged.", Quartiles({}))
    assert no_span.verdict == "not_checkable" and "names no period, selloff or rebound" in no_span.reason
    no_data, = _check("The most-leveraged quartile fell hardest in the selloff.", None)
    assert no_data.verdict == "not_checkable" and "no company universe" in no_data.reason


def test_may_is_no_month_of_a_selloff():
    quartiles = Quartiles({("2025-01-15", "2025-01-16"): (0.01, 0.02, 0.03, 0.04)})
    claim, = _check("The most leveraged may have led the rebound.", quartiles)
    assert quartiles.calls == [("RUT", "2025-01-15", "2025-01-16")] and claim.verdict == "consistent"


def test_the_list_is_the_latest_dated_on_or_before_the_span_s_start():
    names = ["russell2000_2021-10_list", "russell2000_iwm_2025-05-13", "sp600_ijr_2019-09-10", "russell3000_2020-10_list"]
    assert pick_list(names, "RUT", T("2024-11-25")) == ("russell2000_2021-10_list", "")
    assert pick_list(names, "RUT", T("2025-06-02")) == ("russell2000_iwm_2025-05-13", "")
    chosen, note = pick_list(names, "RUT", T("2020-03-02"))
    assert chosen == "russell2000_2021-10_list" and "earliest after it" in note
    assert pick_list(["demo_smallcap"], "RUT", T("2020-03-02"))[0] == "demo_smallcap"
    with pytest.raises(NotCheckable, match="no membership list of the Russell 2000"):
        pick_list(["russell3000_2020-10_list"], "RUT", T("2020-03-02"))


def _panel_quartiles(source, universe, link):
    """The leverage panel's quartile means for a claim's link (what "view" opens)."""
    from panels.data import PanelData
    from state import parse_query
    from tests.panel_draw import rendered

    state, notices = parse_query(link.split("?", 1)[1].split("#")[0])
    assert not notices
    data = PanelData(source, universe).for_request()
    from panels.leverage import compute
    from panels.view import resolve_view

    result = compute(data, resolve_view(state, data)).result
    assert rendered("leverage", source, state, universe=universe).summary  # the panel draws that view
    return tuple(q.mean_return for q in result.quartiles)


def _source(path, tmp_path):
    from flask import Flask

    from config import Config
    from loaders.cache import loader_cache
    from loaders.source import DataSource
    from loaders.universe import UniverseData

    config = Config.from_env(data=str(path), cache_dir=str(tmp_path))
    source = DataSource(config, loader_cache(config, Flask("leverage-claims")))
    return source, UniverseData.for_source(source)


def test_on_the_demo_data_the_claim_has_the_leverage_panel_s_quartiles(tmp_path):
    from panels.claims import check_claims

    source, universe = _source("demo", tmp_path)
    claim, = check_claims(source, "The most-leveraged quartile fell hardest in the selloff.",
                          as_of=dt.date(2024, 6, 28))[0].claims
    assert claim.computed is not None and claim.verdict in ("consistent", "differs")
    assert "demo_smallcap" in claim.reason and "companies: Demo universe" in claim.source
    assert claim.link.endswith("#panel-leverage") and "rank_by=leverage" in claim.link
    assert _panel_quartiles(source, universe, claim.link)[-1] == pytest.approx(claim.computed)


def test_on_the_snapshot_the_april_2025_selloff_and_the_panel_agree(shared_data, tmp_path):
    from panels.claims import check_claims

    source, universe = _source(shared_data, tmp_path)
    selloff, rebound = check_claims(
        source, "The most-leveraged quartile of the Russell 2000 fell hardest in the April selloff and led the rebound.",
        as_of=dt.date(2025, 6, 30))[0].claims
    # the Russell 2000's record close of 25 November 2024 (2,442.03) to its 8 April 2025 low (1,760.71)
    assert (selloff.period_start, selloff.period_end) == ("2024-11-25", "2025-04-08")
    assert "fall of 27.9%" in selloff.reason and "russell2000_2022-08_list" in selloff.reason
    assert (rebound.period_start, rebound.period_end) == ("2025-04-08", "2025-06-30")
    # the Fed's first hike of the cycle was announced on 16 March 2022, its first cut on 18 September 2024
    hikes, cuts = check_claims(source, "Small-cap companies with the most debt have underperformed since the Fed began "
                               "raising rates in March 2022. Highly leveraged Russell 2000 members rallied the most "
                               "after the Fed's first cut in September.", as_of=dt.date(2024, 12, 31))[0].claims
    assert (hikes.period_start, hikes.period_end, cuts.period_start) == ("2022-03-16", "2024-12-31", "2024-09-18")
    assert hikes.computed is not None and cuts.computed is not None
    # the 2022 bear market: the record close of 8 November 2021 to the 16 June 2022 low, 32.5% lower
    bear, = check_claims(source, "Debt-laden small caps were hit hardest during the 2022 bear market.",
                         as_of=dt.date(2025, 6, 30))[0].claims
    assert (bear.period_start, bear.period_end) == ("2021-11-08", "2022-06-16") and "32.5%" in bear.reason
    # the S&P 600's list and its fund's closes (a price return of companies: no total-return note)
    sp600, = check_claims(source, "The most indebted S&P 600 companies fared worst in the selloff.",
                          as_of=dt.date(2025, 6, 30))[0].claims
    assert (sp600.series, sp600.period_start, sp600.period_end) == ("IJR", "2024-11-25", "2025-04-08")
    assert "sp600_ijr_2019-09-10" in sp600.reason and "total return" not in sp600.reason
    for claim in (selloff, rebound):
        means = _panel_quartiles(source, universe, claim.link)
        assert means[-1] == pytest.approx(claim.computed)
        # the verdict is the panel's order: Q4 the lowest (selloff) or the highest (rebound) of the four
        extreme = min(means) if claim is selloff else max(means)
        assert (claim.verdict == "consistent") == (means[-1] == extreme)


def test_the_provider_ranks_each_span_once_per_text(monkeypatch, tmp_path):
    import panels.claim_quartiles as claim_quartiles

    _, universe = _source("demo", tmp_path)
    calls, real = [], claim_quartiles.compute_quartiles
    monkeypatch.setattr(claim_quartiles, "compute_quartiles", lambda *args: calls.append(args[-1]) or real(*args))
    quartiles = claim_quartiles.quartile_provider(universe)
    first = quartiles("RUT", T("2024-01-02"), T("2024-03-28"))
    assert quartiles("RUT", T("2024-01-02"), T("2024-03-28")) is first and len(calls) == 1
    quartiles("RUT", T("2024-01-02"), T("2024-03-27"))
    assert len(calls) == 2 and first.universe == "demo_smallcap" and "undated" in first.note


@pytest.mark.parametrize("text, verdict", [
    ("The most leveraged quartile has fallen the most this year.", "consistent"),  # (was: unread)
    ("The most leveraged quartile has done worst this year.", "consistent"),
    ("The most leveraged quartile has risen the most this year.", "differs"),
])
def test_the_perfect_tense_of_the_way_words(text, verdict):
    claim, = _check(text, Quartiles({("2024-12-31", "2025-01-16"): (0.02, -0.05, -0.04, -0.20)}))
    assert (claim.measure, claim.verdict) == ("leverage_quartile", verdict)
