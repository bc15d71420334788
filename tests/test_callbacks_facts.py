"""The facts panel: callback bodies called as plain functions (demo app and the real snapshot)."""

from __future__ import annotations

import datetime as dt
import json

from dataclasses import replace

import pytest

from analytics.facts import Fact
from analytics.facts_common import measured_span
from app import create_app
from callbacks.facts import build_fact_list, fact_index, is_record
from dash import html
from panels.data import PanelData
from panels.facts import cached_facts, compute_facts, facts_summary, no_asof_message
from panels.view import resolve_view
from callbacks.state_hub import fact_target
from components.ids import PANELS, Id
from config import Config, DataSpec
from state import ViewState
from tests.components import walk

DEMO_NOTE = ("Note: demo data (synthetic, not market data) for RUT, GSPC, IXIC, DGS10, DGS2, BAMLH0A0HYM2, "
             "BAMLC0A0CM, DFEDTAR, DFEDTARU, DFEDTARL, DFF: synthetic demo data generated from a seed; "
             "not market data.")


def badges(item) -> list[str]:
    return [c.children for c in walk(item) if "badge" in (getattr(c, "className", "") or "")]


def fact_items(children) -> list:
    """The clickable items: components whose id is a FACT_ITEM pattern id."""
    return [c for c in walk(children)
            if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == Id.FACT_ITEM]


def item_texts(item) -> list[str]:
    return [c.children for c in walk(item) if "fact-text" in (getattr(c, "className", "") or "")]


def smalls(item, cls: str) -> list[str]:
    return [c.children for c in walk(item) if cls in (getattr(c, "className", "") or "").split()]


def test_each_fact_says_what_it_measures():
    assert measured_span(fact()) == "reading of 2025-01-13"
    assert measured_span(fact(kind="change_record", start="2020-02-28", end="2020-03-31")) == "2020-02-28 to 2020-03-31"
    assert measured_span(fact(kind="correlation", start="2024-10-08")) == "window 2024-10-08 to 2025-01-13"
    assert measured_span(fact(kind="drawdown", start="2021-11-08")) == "peak 2021-11-08, close 2025-01-13"
    assert measured_span(fact(kind="return", start="2024-12-31")) == "2024-12-31 to 2025-01-13"
    assert measured_span(fact(kind="regime", start="2024-12-18")) == "last move 2024-12-18, as of 2025-01-13"


def fact(**overrides) -> Fact:
    values = dict(id="level_record:DGS10", kind="level_record", series="DGS10", period="level",
                  start="1962-01-02", end="2025-01-13", value=4.79, unit="percent",
                  record_since="2023-10-31", direction="high", text="t", panel="rates",
                  history_start="1962-01-02", rank=1, comparables=15000, record_stated=True)
    return Fact(**(values | overrides))


def make_update_facts(data, *, compute=cached_facts):
    """The whole facts list and summary line for a state, as the page's two parts show them."""
    data = PanelData(data)

    def update(state_data):
        view = resolve_view(ViewState.from_dict(state_data), data)
        if view.asof is None:
            message = no_asof_message(view.small, view.large)
            return html.P(message), message
        result = compute(data, view.asof, view.small, view.large)
        if not len(result.sheet):
            return html.P(f"No fact can be stated as of {result.sheet.as_of} from the data."), facts_summary(result)
        return build_fact_list(result.sheet), facts_summary(result)

    return update


class TestRecordBadge:
    def test_recent_record_since_is_not_a_record(self):
        assert not is_record(fact(record_since="2023-10-31"))

    def test_five_years_back_or_more_is_a_record(self):
        assert is_record(fact(record_since="2020-01-10"))
        # "at least five years back" (issue 12): exactly five years is a record, a day less not
        assert is_record(fact(record_since="2020-01-13"))
        assert not is_record(fact(record_since="2020-01-14"))

    def test_record_the_text_does_not_state_is_not_a_record(self):
        # the Russell 2000 since the 2024 election, as of 2026-02-20: "since the 2020 election"
        # (more than five years back) but it beats no comparable value in between: no badge
        stated = fact(kind="return", period="since:2024-11-05", end="2026-02-20",
                      record_since="2020-11-03", history_start="1988-11-08", rank=7, comparables=10)
        assert is_record(stated)  # as the old rule saw it
        assert not is_record(replace(stated, record_stated=False))
        assert not is_record(fact(record_since=None, record_stated=False))

    def test_whole_history_record_is_a_record(self):
        assert is_record(fact(record_since=None))

    def test_fact_without_record_status_is_not(self):
        assert not is_record(fact(record_since=None, history_start=None, kind="regime"))


class TestDemo:
    @pytest.fixture(scope="class")
    def app(self, tmp_path_factory):
        return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))

    @pytest.fixture(scope="class")
    def update(self, app):
        return make_update_facts(app.server.extensions["smallcap_data"])

    def test_summary_and_every_fact_once(self, app, update):
        children, summary = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        assert summary == "42 facts as of 2025-01-13. " + DEMO_NOTE
        sheet = compute_facts(app.server.extensions["smallcap_data"], dt.date(2025, 1, 13), "RUT", "GSPC").sheet
        items = fact_items(children)
        texts = [t for item in items for t in item_texts(item)]
        assert sorted(texts) == sorted(f.text for f in sheet)

    def test_item_ids_are_unique_and_parse_in_the_hub(self, update):
        children, _ = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        items = fact_items(children)
        indexes = [item.id["index"] for item in items]
        assert len(indexes) == len(set(indexes))
        for item in items:
            assert item.n_clicks == 0 and "fact" in item.className.split()
            target = fact_target(item.id)
            assert target.start <= target.end <= dt.date(2025, 1, 13) and target.panel in PANELS

    def test_facts_of_the_same_window_share_one_item(self, update):
        children, _ = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        by_index = {item.id["index"]: item_texts(item) for item in fact_items(children)}
        ytd = by_index["2024-12-31|2025-01-13|relative"]
        assert len(ytd) == 4
        assert ytd[0] == "The Russell 2000 is down 2.7% this year (as of 2025-01-13)."

    def test_groups_follow_page_order(self, update):
        children, _ = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        headings = [c.children for c in children if type(c).__name__ == "H6"]
        assert headings == ["Relative performance: small caps vs large caps",
                            "Rates: Treasury yields and the fed funds target", "Credit spreads",
                            "Small caps and the 10-year yield: rolling correlation", "Fed cycles: event study"]

    def test_as_of_follows_the_window_unless_pinned(self, update):
        _, summary = update(ViewState(start=dt.date(2019, 1, 2), end=dt.date(2020, 3, 20)).to_dict())
        assert summary.startswith("42 facts as of 2020-03-20.")  # the window's end
        _, summary = update(ViewState().to_dict())
        assert summary.startswith("42 facts as of 2025-12-31.")  # the default window ends at the pair's last day
        _, summary = update(ViewState(end=dt.date(2019, 1, 2), asof=dt.date(2020, 3, 20)).to_dict())
        assert summary.startswith("42 facts as of 2020-03-20.")  # pinned

    def test_no_fact_at_all_says_why(self, update):
        children, summary = update(ViewState(asof=dt.date(1900, 1, 2)).to_dict())
        assert children.children == "No fact can be stated as of 1900-01-02 from the data."
        assert summary == (
            "0 facts as of 1900-01-02 (42 skipped: 16 × series RUT has no observation on or before 1900-01-02; "
            "7 × series GSPC has no observation on or before 1900-01-02; 6 × series IXIC has no observation on "
            "or before 1900-01-02; and 6 other reasons). " + DEMO_NOTE)

    def test_the_heavy_call_is_injectable(self, app):
        calls = []

        def counting(data, asof, small, large):
            calls.append((asof, small, large))
            return compute_facts(data, asof, small, large)


        update = make_update_facts(app.server.extensions["smallcap_data"], compute=counting)
        update(ViewState(asof=dt.date(2024, 6, 28), small="IWM", large="SPY").to_dict())
        assert calls == [(dt.date(2024, 6, 28), "IWM", "SPY")]


@pytest.mark.shared_data
class TestSharedData:
    @pytest.fixture(scope="class")
    def app(self, shared_data, tmp_path_factory):
        return create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))

    @pytest.fixture(scope="class")
    def update(self, app):
        return make_update_facts(app.server.extensions["smallcap_data"])

    def test_ten_year_yield_item(self, update):
        children, summary = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        assert summary == "42 facts as of 2025-01-13."
        sentence = "The 10-year Treasury yield, at 4.79%, is the highest since 2023-10-31."
        (item,) = [i for i in fact_items(children) if sentence in item_texts(i)]
        # the click opens from a quarter of the record's span before 2023-10-31 (110 of 440 days),
        # so the earlier high is on the chart (it opened 1962 onwards)
        assert item.id == {"type": Id.FACT_ITEM, "index": "2023-07-13|2025-01-13|rates", "group": "all"}
        assert fact_target(item.id)[:4] == (dt.date(2023, 7, 13), dt.date(2025, 1, 13), "rates", None)
        assert badges(item) == ["level"]  # no "record": 2023-10-31 is not five years back
        # under the fact, what it measures (a reading of one day); under the item, what a click opens
        # (the page showed the click's dates only: quoted as the fact's period, they are wrong)
        assert smalls(item, "fact-span") == [" reading of 2025-01-13"]
        assert smalls(item, "fact-opens") == ["Click to chart 2023-07-13 to 2025-01-13 (Rates)"]

    def test_index_is_built_from_the_fact(self, app):
        sheet = compute_facts(app.server.extensions["smallcap_data"], "2025-01-13", "RUT", "GSPC").sheet
        assert fact_index(sheet.by_id()["level_record:DGS10"]) == "2023-07-13|2025-01-13|rates"

    def test_whole_history_relative_record_has_a_badge(self, update):
        children, _ = update(ViewState(asof=dt.date(2025, 1, 13)).to_dict())
        (item,) = [i for i in fact_items(children) if i.id["index"] == "2024-11-05|2025-01-13|relative"]
        # RUT and GSPC since the election: records since 2008 and 2020; RUT - GSPC: on record.
        # The pair's fact is a return gap (pp), named as such, not "relative return" (the ratio's
        # change, in %: the README's two measures)
        assert badges(item) == ["return", "record", "return", "return gap", "record"]

    def test_stale_series_are_named_in_the_summary(self, update):
        # an as-of date after the pair's data (2026-02-20) is moved back to it (the view says so)
        _, summary = update(ViewState(asof=dt.date(2026, 3, 1)).to_dict())
        assert summary == (
            "34 facts as of 2026-02-20 (8 skipped: 6 × series IXIC: last observation 2025-12-31 is 51 days "
            "before 2026-02-20 (more than 14); 2 × series BAMLC0A0CM: last observation 2025-12-30 is 52 days "
            "before 2026-02-20 (more than 14)).")

    def test_pair_without_files_gives_a_message(self, update):
        children, summary = update(ViewState(small="SP600").to_dict())
        assert summary == ("No facts: the pair SP600 / GSPC cannot be shown, so there is no as-of date; "
                           "choose another pair.")
        assert children.children == summary


class TestPageGroups:
    """The page states the facts in two parallel parts; together they are the whole sheet."""

    def test_the_two_parts_are_the_sheet_with_unique_item_ids(self, tmp_path):
        from analytics.facts import FACT_GROUPS
        from callbacks.facts import PAGE_GROUPS, make_update_facts_group
        from components.panels import FACT_PAGE_GROUPS

        assert tuple(PAGE_GROUPS) == FACT_PAGE_GROUPS  # the layout has one element per part
        assert sorted(g for groups in PAGE_GROUPS.values() for g in groups) == sorted(FACT_GROUPS)
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
        data = app.server.extensions["smallcap_data"]
        view = ViewState(asof=dt.date(2025, 1, 13)).to_dict()
        fields = resolve_view(ViewState(asof=dt.date(2025, 1, 13)), PanelData(data)).fields(("small", "large", "asof"))
        parts = {g: make_update_facts_group(PanelData(data), g)(fields) for g in PAGE_GROUPS}
        whole, _ = make_update_facts(data)(view)
        texts = lambda children: sorted(t for item in fact_items(children) for t in item_texts(item))  # noqa: E731
        assert sorted(sum((texts(c) for c, _ in parts.values()), [])) == texts(whole)
        ids = [json.dumps(item.id, sort_keys=True) for c, _ in parts.values() for item in fact_items(c)]
        assert len(ids) == len(set(ids))
        counts = {g: counts for g, (_, counts) in parts.items()}
        assert counts["returns"]["n"] + counts["context"]["n"] == 42 and counts["context"]["as_of"] == "2025-01-13"
        assert counts["returns"]["notes"] and counts["returns"]["error"] is None


def test_a_shared_fed_state_changes_no_fact(tmp_path):
    """The app shares the Fed state of a day between pairs: the sheets are the same as computed alone."""
    from panels.facts import fed_state_of

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))
    data = app.server.extensions["smallcap_panel_data"]
    calls = []

    def shared(day):
        calls.append(day)
        return fed_state_of(data, day)

    for small, large in [("RUT", "GSPC"), ("IWM", "SPY")]:
        for asof in ("2025-01-13", "2001-01-03"):
            alone = compute_facts(data, asof, small, large)
            assert compute_facts(data, asof, small, large, fed_state=shared) == alone
            part = compute_facts(data, asof, small, large, ("returns",), fed_state=shared)
            assert part == compute_facts(data, asof, small, large, ("returns",))
    assert len(calls) == 4  # asked only for sheets that state regime facts


def test_no_usable_target_is_a_skip_as_before(tmp_path):
    from tests.test_local_malformed import write_snapshot  # a folder without fed funds series

    root = write_snapshot(tmp_path / "data")
    data = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "c")).server.extensions["smallcap_panel_data"]
    from panels.facts import fed_state_of

    alone = compute_facts(data, "2024-06-28", "RUT", "GSPC")
    shared = compute_facts(data, "2024-06-28", "RUT", "GSPC", fed_state=lambda day: fed_state_of(data, day))
    assert shared == alone and any(fact_id == "regime:fed_target" for fact_id, _ in alone.sheet.skipped)
