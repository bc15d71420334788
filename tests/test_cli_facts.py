"""``smallcap-monitor facts`` on the real snapshot (../shared/data) and its usage errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cli


def run_facts(*args: str, cache_dir) -> object:
    return CliRunner().invoke(cli.main, ["facts", *args, "--cache-dir", str(cache_dir)])


@pytest.fixture(scope="module")
def run_real(shared_data, tmp_path_factory):
    """Run ``facts`` on the snapshot once per (as_of, format)."""
    cache = tmp_path_factory.mktemp("cache")
    results = {}

    def run(as_of: str, fmt: str = "json"):
        if (as_of, fmt) not in results:
            result = run_facts("--as-of", as_of, "--data", str(shared_data), "--format", fmt,
                               cache_dir=cache)
            assert result.exit_code == 0, result.output
            results[as_of, fmt] = result
        return results[as_of, fmt]

    return run


def facts_by_id(result) -> dict[str, dict]:
    return {record["id"]: record for record in json.loads(result.stdout)}


@pytest.mark.shared_data
class TestRealSnapshot:
    def test_ten_year_yield_highest_since_october_2023(self, run_real):
        fact = facts_by_id(run_real("2025-01-13"))["level_record:DGS10"]
        assert (fact["value"], fact["end"], fact["record_since"], fact["direction"]) == (
            4.79, "2025-01-13", "2023-10-31", "high")
        assert fact["text"] == ("The 10-year Treasury yield, at 4.79%, is the highest since "
                                "2023-10-31.")

    def test_russell_2000_down_1_6_percent_in_2025(self, run_real):
        fact = facts_by_id(run_real("2025-01-13"))["return:RUT:ytd"]
        assert round(fact["value"], 3) == -0.016
        assert (fact["start"], fact["end"], fact["unit"]) == ("2024-12-31", "2025-01-13", "decimal")
        assert fact["text"] == "The Russell 2000 is down 1.6% this year (as of 2025-01-13)."

    def test_sp500_correction_at_christmas_eve_2018(self, run_real):
        fact = facts_by_id(run_real("2018-12-24"))["drawdown:GSPC"]
        assert round(fact["value"], 3) == -0.198
        assert (fact["start"], fact["end"], fact["status"]) == (
            "2018-09-20", "2018-12-24", "correction")
        assert fact["text"] == ("The S&P 500 is 19.8% below its 2018-09-20 peak: "
                                "correction territory.")

    def test_last_fed_move_was_the_september_2024_cut(self, run_real):
        fact = facts_by_id(run_real("2024-09-30"))["regime:fed_target"]
        assert (fact["start"], fact["status"], fact["direction"], fact["value"]) == (
            "2024-09-18", "cutting", "low", 12.0)
        assert fact["text"].startswith(
            "The Fed is cutting: its last move was a 0.50 pp cut on 2024-09-18")
        since = facts_by_id(run_real("2024-09-30"))["return:RUT:since_fed_move"]
        assert (since["period"], since["start"]) == ("since:2024-09-18", "2024-09-18")

    def test_every_record_is_complete(self, run_real):
        records = json.loads(run_real("2025-01-13").stdout)
        assert len(records) == 42  # every planned fact: the snapshot covers all the series
        for record in records:
            assert record["record_since"] is None or record["record_since"] < record["end"]
            assert set(record) >= {"id", "kind", "series", "period", "start", "end", "value",
                                   "unit", "record_since", "direction", "text", "panel"}

    @pytest.mark.parametrize("as_of, sentence", [
        ("2025-01-13", "The 10-year Treasury yield, at 4.79%, is the highest since 2023-10-31."),
        ("2025-01-13", "The Russell 2000 is down 1.6% this year (as of 2025-01-13)."),
        ("2018-12-24", "The S&P 500 is 19.8% below its 2018-09-20 peak: correction territory."),
        ("2024-09-30", "The Fed is cutting: its last move was a 0.50 pp cut on 2024-09-18, "
                       "12 days ago, to a 4.75-5.00% target range."),
    ])
    def test_text_format_has_the_sentences(self, run_real, as_of, sentence):
        assert sentence in run_real(as_of, "text").stdout.splitlines()

    def test_stale_series_are_reported_on_stderr(self, run_real):
        # IXIC ends 2025-12-31 and BAMLC0A0CM 2025-12-30 in the snapshot.
        result = run_real("2026-02-20")  # (the pair's last common day: a later one is refused)
        assert ("skipped return:IXIC:ytd: series IXIC: last observation 2025-12-31 is 51 days "
                "before 2026-02-20 (more than 14)") in result.stderr
        ids = set(facts_by_id(result))
        assert "return:IXIC:ytd" not in ids and "return:RUT:ytd" in ids


def test_bad_date_is_a_usage_error(tmp_path):
    result = run_facts("--as-of", "2025-13-01", "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 2
    assert "'2025-13-01' is not a date in YYYY-MM-DD form (for example 2025-01-13)" in result.output


def test_as_of_is_required(tmp_path):
    result = run_facts("--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 2
    assert "Missing option '--as-of'" in result.output


def test_demo_data_is_noted_on_stderr(tmp_path):
    result = run_facts("--as-of", "2025-01-13", "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)  # stdout is only the JSON list
    assert "note: demo data (synthetic, not market data) for RUT, GSPC" in result.stderr


def test_no_facts_exits_non_zero(tmp_path):
    result = run_facts("--as-of", "1900-01-02", "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "no facts could be stated as of 1900-01-02" in result.stderr


def test_an_as_of_date_after_the_data_exits_2_naming_the_last_date(tmp_path):
    result = run_facts("--as-of", "2030-01-02", "--data", "demo", cache_dir=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert ("--as-of 2030-01-02 is after the last observation the pair RUT / GSPC has in common (2025-12-31)"
            in result.stderr)


@pytest.mark.shared_data
def test_an_as_of_date_after_the_pairs_end_is_refused_as_the_page_bounds_it(shared_data, tmp_path):
    """The 10-year goes on to July 2026, the S&P 500 ends 2026-04-29: "--as-of 2026-05-01" stated 12
    facts with every Russell 2000 fact skipped as stale, where the page states the pair's last day's."""
    import pandas as pd

    ends = {k: pd.read_csv(f"{shared_data}/indexes/{k}.csv", index_col=0).index[-1] for k in ("RUT", "GSPC")}
    last = min(ends.values())
    result = run_facts("--as-of", "2026-05-01", "--data", str(shared_data), cache_dir=tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"is after the last observation the pair RUT / GSPC has in common ({last})" in result.stderr


def test_the_pair_can_be_chosen(tmp_path):
    result = run_facts("--as-of", "2025-01-13", "--data", "demo", "--small", "iwm", "--large", "SPY",
                       cache_dir=tmp_path)
    assert result.exit_code == 0, result.output
    ids = {record["id"] for record in json.loads(result.stdout)}
    assert "relative_return:IWM-SPY:ytd" in ids and "return:IWM:ytd" in ids
    assert not any("RUT-GSPC" in i for i in ids)


@pytest.mark.parametrize(("args", "message"), [
    (("--small", "GSPC"), "'GSPC' is not a small-cap series"),
    (("--large", "NOPE"), "'NOPE' is not a large-cap series"),
])
def test_an_unknown_pair_key_is_a_usage_error(tmp_path, args, message):
    result = run_facts("--as-of", "2025-01-13", "--data", "demo", *args, cache_dir=tmp_path)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.shared_data
class TestMonthlyPair:
    """The Ken French size portfolios are month-end series: the CLI states what the page states."""

    @pytest.fixture(scope="class")
    def run(self, shared_data, tmp_path_factory):
        cache = tmp_path_factory.mktemp("cache")
        return lambda as_of: run_facts("--as-of", as_of, "--data", str(shared_data), "--small", "FF_LO30",
                                       "--large", "FF_HI30", cache_dir=cache)

    def test_no_daily_facts_from_monthly_returns(self, run):
        # the CLI stated "... fell 9.4% on 2022-09-30, its worst day since 2020-03-31" (a whole month,
        # 08-31 to 09-30) and a 63-day correlation of 63 months: the page skips them
        result = run("2022-10-12")
        records = facts_by_id(result)
        for fact_id in ("return:FF_LO30:1d", "relative_return:FF_LO30-FF_HI30:1d", "correlation:FF_LO30~DGS10:63d",
                        "return:FF_LO30:1m", "return:FF_LO30:since_fed_move"):
            assert fact_id not in records, fact_id
            assert f"skipped {fact_id}: " in result.stderr and "monthly observations only" in result.stderr
        # "over the past month" as of 2022-09-30 ran from the 07-31 month-end (08-30 has no value):
        # two months; the calendar month is the fact ("fell 9.4% in September 2022")
        assert records["return:FF_LO30:month"]["text"].startswith(
            "The Ken French bottom-30% size portfolio fell 9.4% in September 2022")

    def test_a_month_end_series_is_fresh_until_six_weeks_after_its_month_end(self, run):
        # as of 2020-03-16 the last month-end, 2020-02-29, is 16 days old: every pair fact was
        # skipped ("more than 14"), though February, the quarter and the year were all there
        records = facts_by_id(run("2020-03-16"))
        assert records["return:FF_LO30:month"]["text"].startswith(
            "The Ken French bottom-30% size portfolio fell 7.7% in February 2020")
        assert "relative_return:FF_LO30-FF_HI30:ytd" in records
