"""Notability (issue 12, section 2): the score of each fact, the card's most notable facts and
``smallcap-monitor facts --top N``; hand-computed fixtures and the real snapshot."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner

import cli
from analytics.facts import Fact, NOTABLE_MIN, any_notable, notability_of, to_records, top_facts
from analytics.facts_drawdowns import crossed_points
from analytics.facts_fed import calc_fed_state, regime_fact
from callbacks.facts import TOP_N, build_fact_list, build_top_list, update_top
from components.ids import Id
from tests.components import walk


def fact(**overrides) -> Fact:
    values = dict(id="return:RUT:1d", kind="return", series="RUT", period="1d",
                  start="2025-01-10", end="2025-01-13", value=0.01, unit="decimal",
                  record_since="2025-01-02", direction="high", text="t", panel="relative",
                  history_start="1987-09-10", rank=None, comparables=None, between=None,
                  record_stated=False)
    return Fact(**(values | overrides))


def texts(children) -> list[str]:
    return [c.children for c in walk(children) if "fact-text" in (getattr(c, "className", "") or "")]


# ----------------------------------------------------------------------------- the score


class TestNotabilityOf:
    def test_rarity_is_log10_of_comparables_over_rank(self):
        # the best of 100 values: log10(100 / 1) = 2; the 7th of 10: log10(10 / 7) = 0.15
        assert notability_of(fact(rank=1, comparables=100, between=2)) == 2.0
        assert notability_of(fact(rank=7, comparables=10, between=0)) == 0.15
        assert notability_of(fact(rank=50, comparables=100, between=0)) == 0.30

    def test_too_few_comparables_or_no_rank_score_nothing(self):
        assert notability_of(fact(rank=1, comparables=3, between=2)) == 0.0
        assert notability_of(fact()) == 0.0

    def test_record_span_for_a_stated_record(self):
        # the worst relative return after 10 elections, on record since 1988-11-08, as of
        # 2025-01-13: 13,215 days = 36.18 years; rarity log10(10) = 1;
        # span log2(37.18) / 3 * sqrt(9 / 9) = 5.2165 / 3 = 1.7388
        f = fact(kind="relative_return", record_since=None, history_start="1988-11-08",
                 rank=1, comparables=10, between=9, record_stated=True)
        assert notability_of(f) == round(1 + math.log2(1 + 13215 / 365.25) / 3, 2) == 2.74
        # the same record, not stated (too few values between): rarity only
        assert notability_of(f.__class__(**(to_records([f])[0] | {"record_stated": False}))) == 1.0

    def test_span_is_discounted_by_the_share_of_history_it_beats(self):
        # "best since 2005-12-13" after a hike, beating 6 of 50 earlier hikes, as of 2017-05-03:
        # 4159 days = 11.39 years: log2(12.39) / 3 * sqrt(6 / 50) = 3.631 / 3 * 0.3464 = 0.419;
        # rarity log10(51 / 24) = 0.327
        f = fact(period="since:2017-03-15", end="2017-05-03", record_since="2005-12-13",
                 rank=24, comparables=51, between=6, record_stated=True)
        expected = math.log10(51 / 24) + math.log2(1 + 4159 / 365.25) / 3 * math.sqrt(6 / 50)
        assert notability_of(f) == round(expected, 2) == 0.75

    def test_a_levels_record_scores_its_span_alone(self):
        # the 10-year at 4.98% on 2023-10-19, "the highest since 2007-07-19" (5,936 days = 16.25
        # years), ranked 8,706th of 15,436 days since 1962 with 4,065 days between: rarity
        # log10(15436 / 8706) = 0.249; span log2(17.25) / 2 = 2.054, no share discount (with it,
        # * sqrt(4065 / 15435) = 0.513: 0.95 in all, below the calendar year's returns)
        f = fact(id="level_record:DGS10", kind="level_record", series="DGS10", period="level",
                 start="1962-01-02", end="2023-10-19", record_since="2007-07-19", direction="high",
                 rank=8706, comparables=15436, between=4065, record_stated=True)
        expected = math.log10(15436 / 8706) + math.log2(1 + 5936 / 365.25) / 2
        assert notability_of(f) == round(expected, 2) == 2.30
        # a return's record keeps the discount: the same numbers as a yearly return's record
        discounted = f.__class__(**(to_records([f])[0] | {"kind": "return", "id": "return:RUT:year"}))
        assert notability_of(discounted) == round(math.log10(15436 / 8706) + math.log2(1 + 5936 / 365.25) / 3
                                                  * math.sqrt(4065 / 15435), 2) == 0.95

    def test_a_completed_year_or_quarter_fades_once_the_next_is_under_way(self):
        from analytics.facts_common import freshness

        year = fact(id="return:IXIC:year", period="year", start="1998-12-31", end="1999-12-31",
                    rank=1, comparables=28, between=27, record_since=None, history_start="1972-12-29",
                    record_stated=True)
        # within 31 days of the year's end: all of it; then linearly to half at the next year's end
        assert freshness(year, "2000-01-31") == 1.0
        assert freshness(year, "2000-12-15") == pytest.approx(1 - 0.5 * (350 - 31) / (365.25 - 31))
        assert freshness(year, "2001-06-01") == 0.5
        quarter = fact(period="quarter", end="2024-12-31")
        assert freshness(quarter, "2025-03-02") == pytest.approx(1 - 0.5 * (61 - 31) / (91.3 - 31))
        # no fading for what is not a completed period, nor without a date
        assert freshness(fact(period="ytd", end="2024-03-01"), "2024-12-31") == 1.0
        assert freshness(fact(id="level_record:DGS10", kind="level_record", period="level"), "2030-01-01") == 1.0
        assert freshness(year, None) == 1.0
        full = notability_of(year)
        assert notability_of(year, as_of="2000-12-15") == round(full * freshness(year, "2000-12-15"), 2)

    def test_drawdown_thresholds_and_crossing(self):
        base = dict(id="drawdown:RUT", kind="drawdown", period="peak", value=-0.12,
                    direction="low", rank=400, comparables=4000, between=0)
        assert notability_of(fact(**base, status="normal")) == 1.0  # rarity log10(10)
        assert notability_of(fact(**base, status="correction")) == 1.5
        assert notability_of(fact(**base, status="bear market")) == 2.0
        # the builder's part (a threshold crossed within 30 days) is added
        assert notability_of(fact(**base, status="correction", notability=1.5)) == 3.0

    def test_an_index_at_its_peak_is_no_rare_move(self):
        # a record high ranks 1st of all levels: no rarity; the stated record's span counts
        at_peak = fact(id="drawdown:RUT", kind="drawdown", period="peak", value=0.0,
                       direction="high", rank=1, comparables=5000, between=4999,
                       record_since=None, history_start="2005-01-13", record_stated=False,
                       status="normal")
        assert notability_of(at_peak) == 0.0

    def test_regime_points_come_from_the_builder(self):
        regime = fact(id="regime:fed_target", kind="regime", series="fed_target", unit="days",
                      record_since=None, history_start=None, status="hold", notability=2.0)
        assert notability_of(regime) == 2.0


class TestBuilderParts:
    def test_crossed_into_a_correction_within_thirty_days(self):
        index = pd.date_range("2025-01-01", periods=61)
        # 0 % for 40 days, then -12 %: on day 60 the drawdown 30 days earlier (day 30) was 0
        dd = pd.Series([0.0] * 40 + [-0.12] * 21, index=index)
        assert crossed_points(dd, -0.12) == 1.5
        # -12 % for the last 45 days: no crossing within 30 days (still a correction)
        dd = pd.Series([0.0] * 16 + [-0.12] * 45, index=index)
        assert crossed_points(dd, -0.12) == 0.0
        # correction to bear market within 30 days
        dd = pd.Series([-0.12] * 40 + [-0.21] * 21, index=index)
        assert crossed_points(dd, -0.21) == 1.5
        # a recovery is no crossing; a history shorter than 30 days neither
        assert crossed_points(pd.Series([-0.25] * 40 + [-0.05] * 21, index=index), -0.05) == 0.0
        assert crossed_points(dd.iloc[-20:], -0.21) == 0.0

    @staticmethod
    def regime(as_of: str, path: list[tuple[str, float]]) -> Fact:
        """The regime fact from a target range whose upper limit follows ``path``."""
        upper = pd.Series([v for _, v in path] + [path[-1][1]],
                          index=pd.DatetimeIndex([d for d, _ in path] + [as_of]))
        return regime_fact(calc_fed_state(None, upper, upper - 0.25))

    # upper limit 5.50 through the summer, cut on 2024-09-18 (effective 09-19), 2024-11-07 (11-08)
    PATH = [("2024-01-02", 5.50), ("2024-09-19", 5.00), ("2024-11-08", 4.75)]

    @pytest.mark.parametrize("as_of, status, points", [
        ("2024-09-30", "cutting", 2.0),  # the first cut (in the data) 12 days ago starts a regime
        ("2024-11-20", "cutting", 1.0),  # a cut 13 days ago, 50 days after the one before: continues
        ("2024-12-20", "cutting", 0.0),  # 43 days after the last cut: nothing new
        ("2025-01-20", "hold", 2.0),  # 74 days: on hold since day 60, 14 days ago
        ("2025-03-01", "hold", 0.0),  # 114 days: a long hold
    ])
    def test_regime_change_points(self, as_of, status, points):
        path = [p for p in self.PATH if p[0] <= as_of]
        f = self.regime(as_of, path)
        assert (f.status, f.notability) == (status, points)

    def test_a_cut_after_a_long_hold_is_a_regime_change(self):
        # hike 2023-07-26, then the first cut 2024-09-18, 420 days later: a change (2), though
        # not the first move in the data
        f = self.regime("2024-09-30", [("2023-01-02", 5.25), ("2023-07-27", 5.50), ("2024-09-19", 5.00)])
        assert (f.status, f.notability) == ("cutting", 2.0)


# ----------------------------------------------------------------------------- top facts


def scored(n: int, *, top: float = 3.0) -> list[Fact]:
    """n facts with distinct windows, scores top, top - 0.5, ... (sheet order reversed for two)."""
    out = [fact(id=f"return:RUT:{i}", start=f"2024-01-{i + 1:02d}", text=f"fact {i}",
                notability=round(top - 0.5 * i, 2)) for i in range(n)]
    out[0], out[1] = out[1], out[0]
    return out


class TestTopFacts:
    def test_most_notable_first_ties_in_sheet_order(self):
        facts = scored(8)
        assert [f.text for f in top_facts(facts, 3)] == ["fact 0", "fact 1", "fact 2"]
        tied = [fact(text="a", notability=1.0), fact(text="b", notability=2.0), fact(text="c", notability=1.0)]
        assert [f.text for f in top_facts(tied, 3)] == ["b", "a", "c"]
        assert top_facts(facts, 0) == [] and len(top_facts(facts, 20)) == 8
        with pytest.raises(ValueError, match="0 or more"):
            top_facts(facts, -1)

    def test_any_notable_uses_the_threshold(self):
        assert NOTABLE_MIN == 2.0
        assert any_notable([fact(notability=2.0)]) and not any_notable([fact(notability=1.99)])


class TestCardOpening:
    def test_six_most_notable_in_order_with_top_ids(self):
        children = build_top_list(scored(8), as_of="2025-01-13")
        assert texts(children) == [f"fact {i}" for i in range(TOP_N)]
        items = [c for c in walk(children) if isinstance(getattr(c, "id", None), dict)]
        assert all(c.id["type"] == Id.FACT_ITEM and c.id["group"] == "top" for c in items)
        assert not [c for c in walk(children) if "facts-quiet" in (getattr(c, "className", "") or "")]

    def test_a_quiet_day_says_so(self):
        children = build_top_list(scored(8, top=1.9), as_of="2019-09-16")
        (quiet,) = [c for c in walk(children) if "facts-quiet" in (getattr(c, "className", "") or "")]
        assert quiet.children.startswith("Nothing notable as of 2019-09-16")
        assert len(texts(children)) == TOP_N  # still the six that stand out most

    def test_a_fact_below_the_bar_says_where_it_ranks(self):
        below = fact(id="return:RUT:month", period="month", start="2024-10-31", end="2024-11-29", text="rose",
                     rank=14, comparables=446, history_start="1987-10-31", notability=1.55)
        above = fact(id="return:GSPC:1d", series="GSPC", text="record", rank=1, comparables=9000, notability=2.5)
        plain = fact(id="level_record:DGS10", kind="level_record", series="DGS10", start="2024-11-28",
                     text="level", notability=1.2)  # no rank: nothing to say
        notes = lambda children: [c.children for c in walk(children)  # noqa: E731
                                  if "fact-rank" in (getattr(c, "className", "") or "")]
        assert notes(build_top_list([below, above, plain], as_of="2024-12-20")) == [
            " (the 14th-best of 446 months since 1987)"]
        # every rank says in which direction and among what ("ranks 3rd of 120": deepest or shallowest?)
        drawdown = fact(id="drawdown:RUT", kind="drawdown", period="peak", rank=3, comparables=120,
                        notability=1.0, direction="low")
        spread = fact(id="level_record:BAMLH0A0HYM2", kind="level_record", period="level", rank=469,
                      comparables=7609, notability=1.21, direction="low", history_start="1996-12-31")
        gap = fact(id="relative_return:RUT-GSPC:month", kind="relative_return", period="month", rank=1131,
                   comparables=9684, notability=0.9, direction="low", unit="pp")
        cut = fact(id="return:RUT:since_fed_move", period="since:2025-12-10", rank=34, comparables=67, notability=0.3,
                   text="The Russell 2000 is up 4.1% since the 2025-12-10 Fed cut (as of 2026-02-20), the 34th-best of "
                        "the 67 Fed cuts since 1987 over the same span.")
        assert notes(build_top_list([cut], as_of="2026-02-20")) == [" (the 34th-best of 67 Fed cuts since 1987)"]
        assert notes(build_top_list([drawdown, spread, gap], as_of="2024-12-20")) == [
            " (the 469th-lowest of 7,609 readings since 1996)", " (the 3rd-deepest of 120 days since 1987)",
            " (the 1,131st-worst of 9,684 monthly return gaps since 1987)"]
        assert notes(build_fact_list([below, above, plain])) == []  # the full list states the sentences only

    def test_update_top_merges_the_page_groups(self):
        facts = scored(8)
        parts = [{"as_of": "2025-01-13", "n": 30, "error": None, "top": to_records(facts[::2])},
                 {"as_of": "2025-01-13", "n": 12, "error": None, "top": to_records(facts[1::2])}]
        children, label = update_top(*parts)
        assert label == "all 42 facts"
        assert texts(children) == [f"fact {i}" for i in range(TOP_N)]

    def test_update_top_errors_and_empty(self):
        error = {"as_of": "2025-01-13", "n": 0, "error": "No facts as of 2025-01-13: boom", "top": []}
        children, label = update_top(error, None)
        assert (children.children, label) == ("No facts as of 2025-01-13: boom", "all facts")
        children, label = update_top({"as_of": "1900-01-02", "n": 0, "error": None, "top": []}, None)
        assert children.children == "No fact can be stated as of 1900-01-02 from the data."
        assert update_top(None, None) == (None, "all facts")


def test_demo_page_groups_feed_the_opening(tmp_path):
    """The two page groups' callbacks on demo data, then the opening: six items of group "top"
    whose ids the state hub parses, the label counting every fact."""
    from app import create_app
    from callbacks.facts import PAGE_GROUPS, make_update_facts_group
    from callbacks.state_hub import fact_target
    from config import Config, DataSpec
    from panels.data import PanelData
    from panels.view import resolve_view
    from state import ViewState

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    data = PanelData(app.server.extensions["smallcap_data"])
    fields = resolve_view(ViewState(asof=dt.date(2025, 1, 13)), data).fields(("small", "large", "asof"))
    counts = [make_update_facts_group(data, g)(fields)[1] for g in PAGE_GROUPS]
    assert all(len(c["top"]) == TOP_N for c in counts)
    json.dumps(counts)  # the stores carry JSON
    children, label = update_top(*counts)
    assert label == "all 42 facts"
    items = [c for c in walk(children) if isinstance(getattr(c, "id", None), dict)]
    assert 1 <= len(items) <= TOP_N and len(texts(children)) == TOP_N
    for item in items:
        target = fact_target(item.id)
        assert target.start <= target.end <= dt.date(2025, 1, 13)


def test_layout_keeps_the_list_ids_and_adds_the_toggle(tmp_path):
    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    layout = app.layout() if callable(app.layout) else app.layout
    ids = {getattr(c, "id", None): c for c in walk(layout) if isinstance(getattr(c, "id", None), str)}
    for known in (Id.FACTS_LIST, f"{Id.FACTS_LIST}-returns", f"{Id.FACTS_LIST}-context", Id.FACTS_SUMMARY,
                  Id.FACTS_TOP, Id.FACTS_ALL, Id.FACTS_ALL_LABEL):
        assert known in ids, known
    assert type(ids[Id.FACTS_ALL]).__name__ == "Details"
    inside = {getattr(c, "id", None) for c in walk(ids[Id.FACTS_ALL])}
    assert {f"{Id.FACTS_LIST}-returns", f"{Id.FACTS_LIST}-context"} <= inside
    assert Id.FACTS_TOP not in inside


# ----------------------------------------------------------------------------- real data


def run_facts(*args: str, cache_dir) -> object:
    return CliRunner().invoke(cli.main, ["facts", *args, "--cache-dir", str(cache_dir)])


@pytest.mark.shared_data
class TestRealSnapshot:
    @pytest.fixture(scope="class")
    def run(self, shared_data, tmp_path_factory):
        cache = tmp_path_factory.mktemp("cache")
        return lambda *args: run_facts(*args, "--data", str(shared_data), cache_dir=cache)

    def test_top_three_as_of_2025_01_13(self, run):
        result = run("--as-of", "2025-01-13", "--top", "3")
        assert result.exit_code == 0, result.output
        records = json.loads(result.stdout)
        assert [r["id"] for r in records] == [
            "relative_return:RUT-GSPC:since_election",  # the worst of 10 elections, on record
            "relative_return:RUT-GSPC:year",  # 2024: the worst annual return gap since 1998
            "drawdown:RUT",  # crossed into a correction within 30 days
        ]
        scores = [r["notability"] for r in records]
        assert scores == sorted(scores, reverse=True) and scores[-1] >= NOTABLE_MIN
        assert "Nothing notable" not in result.stderr

    def test_the_ten_year_at_a_16_year_high_opens_the_card(self, run):
        # 2023-10-19: the 10-year at 4.98%, the highest since 2007-07-19, the day's story; it
        # scored 0.95 and was left behind "all N facts" while the Russell 2000's 2022 (a year
        # that had ended ten months before) was among the six
        records = json.loads(run("--as-of", "2023-10-19", "--top", "6").stdout)
        ids = [r["id"] for r in records]
        assert "level_record:DGS10" in ids
        ten_year = records[ids.index("level_record:DGS10")]
        assert ten_year["record_since"] == "2007-07-19" and ten_year["notability"] >= NOTABLE_MIN

    def test_last_years_record_gives_way_to_this_years_story(self, run):
        # 2000-12-15: the card opened with the Nasdaq's 1999 ("its best year on record") while the
        # Nasdaq was down 34.8% in 2000; a completed year fades once the next is under way
        records = json.loads(run("--as-of", "2000-12-15", "--top", "6").stdout)
        ids = [r["id"] for r in records]
        assert "return:IXIC:year" not in ids and "return:IXIC:ytd" in ids

    def test_text_format_and_the_whole_sheet_is_unchanged_without_top(self, run):
        text = run("--as-of", "2025-01-13", "--top", "2", "--format", "text")
        assert text.stdout.splitlines()[0].startswith(
            "The Russell 2000 is behind the S&P 500 by 3.9 percentage points since the 2024-11-05")
        assert len(text.stdout.splitlines()) == 2
        assert len(json.loads(run("--as-of", "2025-01-13").stdout)) == 42

    def test_a_quiet_day_says_so(self, run):
        # 2019-09-16: no fact scores 2 (the highest is 1.58)
        result = run("--as-of", "2019-09-16", "--top", "6", "--format", "text")
        assert result.exit_code == 0
        assert len(result.stdout.splitlines()) == 6
        assert ("note: Nothing notable as of 2019-09-16: no move is rare against its own history, "
                "no record reaches far back, no drawdown threshold was crossed and the Fed regime "
                "did not change.") in result.stderr

    def test_a_fact_notable_for_its_rank_says_where_it_ranks(self, run):
        # IWM's 63-day correlation with the 10-year yield on 2026-07-13, -0.73, opened the card
        # (2.91 points: the 8th-lowest of 6,458 daily values since 2000) as "... is -0.73.": a
        # lower value on 2026-06-15, 28 days back, is too recent for a "since" clause, and the
        # rank clause was for the 3 most extreme only
        result = run("--as-of", "2026-07-13", "--small", "IWM", "--large", "SPY", "--top", "1", "--format", "text")
        assert result.stdout.strip() == (
            "The iShares Russell 2000 ETF's 63-day correlation with the 10-year yield is -0.73, "
            "the 8th-most negative of the 6,458 values since 2000.")

    @pytest.mark.parametrize("as_of", ["2000-03-03", "2003-04-15", "2008-10-19", "2020-10-06", "2022-12-22"])
    def test_every_notable_fact_states_why(self, run, as_of):
        # the README: no fact stands in the opening without a reason. A notable fact's sentence
        # states its record, its rank among its comparable values, its status (correction,
        # bear market) or is the Fed regime; 24 of the 257 notable facts of 40 random days
        # (1998-2026, both pairs) stated their value alone ("The Nasdaq Composite rose 3.4% on
        # 2000-03-03." ranked 23rd of 7,346 days), 5 of them on these days
        records = json.loads(run("--as-of", as_of, "--small", "IWM", "--large", "SPY").stdout)
        notable = [r for r in records if r["notability"] >= NOTABLE_MIN]
        assert notable
        silent = [r["text"] for r in notable if not (
            r["record_stated"] or " of the " in r["text"] or r["status"] or r["kind"] == "regime")]
        assert silent == []

    def test_top_must_be_positive(self, run):
        result = run("--as-of", "2025-01-13", "--top", "0")
        assert result.exit_code == 2 and "'--top'" in result.output
