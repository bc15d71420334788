"""The leverage panel and the universe upload: callback bodies called as plain functions."""

from __future__ import annotations

import base64
import io
import datetime as dt
import json
from hashlib import sha256

import pandas as pd
import pytest
from click.testing import CliRunner
from dash import no_update
from dash.exceptions import PreventUpdate

import cli
from analytics.leverage import QuartileSpec, compute_quartiles
from app import create_app
from callbacks.leverage import make_handle_upload
from components.controls import universe_options
from panels.leverage import quartile_spec
from panels.view import ResolvedView, resolve_view
from panels.data import PanelData
from tests.panel_draw import drawer
from callbacks.state_hub import CONTROL_PROPS, StateHub
from components.ids import Id
from config import Config, DataSpec
from state import ViewState

Q4_2018 = dict(start=dt.date(2018, 9, 28), end=dt.date(2018, 12, 31))


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


def rows_of(table) -> list[list[str]]:
    _caption, table = table.children  # the caption above the table (a phone scrolls the table alone)
    _head, body = table.children
    return [[cell.children for cell in row.children] for row in body.children]


def leverage_spec(state: ViewState, rank_start: dt.date, rank_end: dt.date):
    """The quartile request of a view with this window (as-of: the window's end, not pinned)."""
    view = ResolvedView(small="RUT", large="GSPC", start=rank_start, end=rank_end, asof=state.asof or rank_end,
                        rank_by=state.rank_by, mstart=state.mstart, mend=state.mend)
    return quartile_spec(view)


class TestSpec:
    def test_measure_window_defaults_to_the_month_from_the_as_of_date(self):
        spec = leverage_spec(ViewState(), dt.date(2018, 9, 28), dt.date(2018, 12, 31))
        assert (spec.rank_by, spec.rank_start, spec.rank_end) == (
            "return", pd.Timestamp("2018-09-28"), pd.Timestamp("2018-12-31"))
        assert (spec.measure_start, spec.measure_end) == (pd.Timestamp("2018-12-31"), pd.Timestamp("2019-01-31"))

    def test_measure_dates_from_the_state(self):
        spec = leverage_spec(ViewState(mstart=dt.date(2019, 2, 1)), dt.date(2018, 9, 28), dt.date(2018, 12, 31))
        assert (spec.measure_start, spec.measure_end) == (pd.Timestamp("2019-02-01"), pd.Timestamp("2019-03-01"))
        spec = leverage_spec(ViewState(mend=dt.date(2019, 6, 28)), dt.date(2018, 9, 28), dt.date(2018, 12, 31))
        assert (spec.measure_start, spec.measure_end) == (pd.Timestamp("2018-12-31"), pd.Timestamp("2019-06-28"))

    def test_leverage_date_is_the_rank_end_as_in_the_cli(self):
        spec = leverage_spec(ViewState(rank_by="leverage"), dt.date(2018, 9, 28), dt.date(2018, 12, 31))
        assert spec.as_of_leverage == pd.Timestamp("2018-12-31")


    def test_a_pinned_as_of_date_before_the_end_is_the_leverage_date(self):
        """Pinned at 2021-12-31 with the window to 2022-10-12 (the selloff), the ranking used the
        statements in force at 2022-10-12 (look-ahead); it is as of the pinned date now. A view
        whose as-of date follows the window's end ranks at the end as before."""
        view = ResolvedView(small="RUT", large="GSPC", start=dt.date(2022, 1, 1), end=dt.date(2022, 10, 12),
                            asof=dt.date(2021, 12, 31), rank_by="leverage", mstart=dt.date(2021, 12, 31),
                            mend=dt.date(2022, 10, 12))
        spec = quartile_spec(view)
        assert spec.as_of_leverage == pd.Timestamp("2021-12-31") and spec.rank_end == pd.Timestamp("2022-10-12")
        from panels.leverage import timing_notes

        assert timing_notes(spec, "demo_smallcap", ["demo_smallcap"]) == ()  # no look-ahead left
        following = leverage_spec(ViewState(rank_by="leverage"), dt.date(2022, 1, 1), dt.date(2022, 10, 12))
        assert following.as_of_leverage == pd.Timestamp("2022-10-12")

    def test_a_pinned_as_of_date_moves_the_default_measure_window(self):
        spec = leverage_spec(ViewState(asof=dt.date(2019, 3, 15)), dt.date(2018, 9, 28), dt.date(2018, 12, 31))
        assert (spec.measure_start, spec.measure_end) == (pd.Timestamp("2019-03-15"), pd.Timestamp("2019-04-15"))


class TestTimingNotes:
    """When things are known: a measure window before the ranking date (look-ahead), a member
    list dated after the measure start (survivorship). Both were shown without a word: 2026
    debt-to-equity sorting 2022 returns, and a 2025 list ranked for 2022."""

    LISTS = ["russell2000_2021-10_list", "russell2000_2022-08_list", "russell2000_iwm_2025-11-05",
             "russell3000_2020-10_list", "demo_smallcap"]

    def notes(self, name, **spec):
        from panels.leverage import timing_notes

        return timing_notes(QuartileSpec(**spec), name, self.LISTS)

    def test_ranked_after_the_measure_start_is_look_ahead(self):
        (note,) = self.notes("demo_smallcap", rank_by="leverage", rank_end="2026-02-20",
                             measure_start="2022-01-01", measure_end="2022-10-12")
        assert note == ("Look-ahead: ranked by debt-to-equity at 2026-02-20, known only after the measure "
                        "window starts (2022-01-01): the quartiles sort returns by what was known later. "
                        "For a test as of 2022-01-01, end the window there, or pin the as-of date there (a "
                        "debt-to-equity ranking is then as of it).")
        # ranking by the return of a window that ends inside the measure window: the same
        (note,) = self.notes("demo_smallcap", rank_by="return", rank_start="2021-01-01", rank_end="2022-01-01",
                             measure_start="2021-06-30", measure_end="2021-07-30")
        assert note.startswith("Look-ahead: ranked by return 2021-01-01 to 2022-01-01, known only after")
        # measured from the ranking date on: nothing to say (an undated list)
        assert self.notes("demo_smallcap", rank_by="leverage", rank_end="2022-01-01",
                          measure_start="2022-01-01", measure_end="2022-10-12") == ()

    def test_a_list_of_a_later_date_is_survivorship_and_the_earlier_list_is_named(self):
        (note,) = self.notes("russell2000_iwm_2025-11-05", rank_by="leverage", rank_end="2022-01-01",
                             measure_start="2022-01-01", measure_end="2022-10-12")
        assert note == ("Survivorship: the list is of 2025-11-05, after the measure start 2022-01-01; companies "
                        "that left it before then (failures, take-overs, demotions) are not ranked. The latest "
                        "russell2000 list by 2022-01-01: russell2000_2021-10_list.")
        # a list of the time: nothing to say; no earlier list of the index: no hint
        assert self.notes("russell2000_2021-10_list", rank_by="leverage", rank_end="2022-01-01",
                          measure_start="2022-01-01", measure_end="2022-10-12") == ()
        (note,) = self.notes("russell2000_2021-10_list", rank_by="leverage", rank_end="2019-01-01",
                             measure_start="2019-01-01", measure_end="2019-02-01")
        assert note.endswith("are not ranked.")

    def test_the_summary_and_the_title_carry_them(self, tmp_path):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
        ext = app.server.extensions
        update = drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])
        figure, summary, _ = update(ViewState(universe="demo_smallcap", rank_by="leverage", start=dt.date(2018, 9, 28),
                                              end=dt.date(2018, 12, 31), mstart=dt.date(2018, 10, 1),
                                              mend=dt.date(2018, 11, 1)).to_dict())
        assert summary.startswith("Look-ahead: ranked by debt-to-equity at 2018-12-31, known only after the "
                                  "measure window starts (2018-10-01)")
        assert figure.layout.title.text.endswith("quartiles by debt-to-equity at 2018-12-31 (caution: look-ahead)")


class TestMeasureWindowControls:
    """The two measure-date pickers go through the state hub like every control."""

    def test_picked_cleared_and_invalid_dates(self):
        state = ViewState(mstart=dt.date(2019, 1, 2), mend=dt.date(2019, 2, 1))
        both = {"mstart", "mend"}
        picked = StateHub.apply_controls(state, {"mstart": "2019-02-01", "mend": "2019-03-01T00:00:00"}, both)
        assert (picked.mstart, picked.mend) == (dt.date(2019, 2, 1), dt.date(2019, 3, 1))
        cleared = StateHub.apply_controls(state, {"mstart": None, "mend": ""}, both)
        assert (cleared.mstart, cleared.mend) == (None, None)
        invalid = StateHub.apply_controls(state, {"mstart": "2019-13-01", "mend": "2019-02-01"}, both)
        assert (invalid.mstart, invalid.mend) == (dt.date(2019, 1, 2), dt.date(2019, 2, 1))

    def test_hub_writes_the_pickers_and_the_link(self, tmp_path):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
        data = PanelData(app.server.extensions["smallcap_data"], app.server.extensions["smallcap_universe"])
        hub = StateHub(data)
        out = hub.outputs(data, ViewState(mstart=dt.date(2019, 2, 1)), [], None)
        # the pickers show the resolved measure window: the date set and the month after it
        assert out["controls"]["mstart"] == "2019-02-01" and out["controls"]["mend"] == "2019-03-01"
        before = resolve_view(ViewState(mstart=dt.date(2019, 2, 1)), data)
        cleared = hub.outputs(data, ViewState(), [], None, before=before)
        assert cleared["controls"]["mstart"] == "2025-12-31"  # cleared: back to the as-of date
        assert out["url"] == "?mstart=2019-02-01"
        assert CONTROL_PROPS["mstart"] == (Id.MEASURE_START, "date")
        assert CONTROL_PROPS["mend"] == (Id.MEASURE_END, "date")


class TestDemo:
    @pytest.fixture
    def app(self, tmp_path):
        return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))

    @pytest.fixture
    def update(self, app):
        ext = app.server.extensions
        return drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])

    @pytest.fixture
    def upload(self, app):
        return make_handle_upload(app.server.extensions["smallcap_universe"])

    def test_no_universe_asks_for_one(self, update):
        figure, summary, table = update(ViewState().to_dict())
        assert figure.layout.annotations[0].text == "Choose a universe or upload a list"
        assert figure.layout.meta == {"empty": True}  # the page shows no toolbar for it
        assert summary == "Choose a universe to rank its stocks into quartiles (available: demo_smallcap)."
        assert table is None

    def test_measure_window_after_the_prices_is_a_message(self, update):
        figure, summary, table = update(ViewState(universe="demo_smallcap").to_dict())
        assert summary == ("The measure window 2025-12-31 to 2026-01-31 ends after the last price in the data "
                           "(2025-12-31): choose an earlier window or set the measure dates.")
        assert figure.layout.annotations[0].text == summary and table is None

    def test_the_page_gets_the_quartiles_as_a_plain_spec(self, app):
        """The registered callback, over HTTP as the page calls it: a compact figure dict."""
        from tests.dash_post import answer, by_first_output, post

        client = app.server.test_client()
        dep = by_first_output(client)[Id.LEVERAGE_GRAPH]
        view = {"small": "RUT", "large": "GSPC", "start": "2018-09-28", "end": "2018-12-31",
                "universe": "demo_smallcap", "rank_by": "return", "mstart": None, "mend": None}
        outputs = answer(post(client, dep, {"leverage-view.data": view}))
        figure = outputs[Id.LEVERAGE_GRAPH]["figure"]
        assert [t["type"] for t in figure["data"]][:2] == ["bar", "bar"]
        assert figure["layout"]["title"]["text"] == "demo_smallcap: quartiles by return 2018-09-28 to 2018-12-31"
        assert outputs[Id.LEVERAGE_SUMMARY]["children"].startswith("demo_smallcap:")

    def test_quartiles_match_the_analytics(self, app, update):
        universe = app.server.extensions["smallcap_universe"]
        figure, summary, table = update(ViewState(universe="demo_smallcap", **Q4_2018).to_dict())
        spec = QuartileSpec("return", rank_start="2018-09-28", rank_end="2018-12-31",
                            measure_start="2018-12-31", measure_end="2019-01-31")
        expected = compute_quartiles(universe.members("demo_smallcap").data["ticker"], universe.statements(),
                                     universe.price_history(), spec)
        assert list(figure.data[0].y[:4]) == pytest.approx([100 * q.mean_return for q in expected.quartiles])
        assert "DEMO DATA (synthetic)" in figure.layout.annotations[-1].text
        assert f"Ranked {expected.ranked} by return 2018-09-28 to 2018-12-31" in summary
        assert "Left out: 33 no prices at both ends of the rank window." in summary
        rows = rows_of(table)
        assert [r[0] for r in rows] == ["Q1"] * 15 + ["Q4"] * 15
        worst = expected.table[expected.table["quartile"] == 1]["rank_value"].idxmin()
        assert rows[0][1] == worst

    def test_leverage_ranking_shows_rank_window_returns(self, update):
        _, summary, table = update(ViewState(universe="demo_smallcap", rank_by="leverage", **Q4_2018).to_dict())
        assert "by debt-to-equity at 2018-12-31" in summary
        rows = rows_of(table)
        assert all(r[3] != "n/a" for r in rows) and any(r[4] != "n/a" for r in rows)

    def test_a_leverage_rankings_csv_has_the_negative_equity_bar_too(self, app):
        """The chart's "Equity ≤ 0" bar had no rows in the CSV with a leverage ranking (a return
        ranking ranks them, so they were there): its stocks come after the quartiles now."""
        universe = app.server.extensions["smallcap_universe"]
        spec = QuartileSpec("leverage", rank_start="2018-09-28", rank_end="2018-12-31",
                            measure_start="2018-12-31", measure_end="2019-01-31")
        expected = compute_quartiles(universe.members("demo_smallcap").data["ticker"], universe.statements(),
                                     universe.price_history(), spec)
        assert expected.negative_equity.n > 0
        query = "&".join(f"{k}={v}" for k, v in {**Q4_2018, "universe": "demo_smallcap", "rank_by": "leverage"}.items())
        text = app.server.test_client().get(f"/export/leverage.csv?{query}").get_data(as_text=True)
        frame = pd.read_csv(io.StringIO(text), index_col="ticker")
        negative = frame[frame["quartile"] == "negative or zero equity"]
        assert len(negative) == expected.negative_equity.n and set(negative["status"]) == {"negative equity"}
        measure = next(c for c in frame.columns if c.startswith("measure_return"))
        assert negative[measure].mean() == pytest.approx(expected.negative_equity.mean_return)
        assert (frame["quartile"] != "negative or zero equity").sum() == expected.ranked

    def test_empty_measure_window_is_a_message(self, update):
        state = ViewState(universe="demo_smallcap", mstart=dt.date(2019, 1, 31), mend=dt.date(2019, 1, 31), **Q4_2018)
        _, summary, table = update(state.to_dict())
        assert summary == ("Cannot rank demo_smallcap: measure start 2019-01-31 must be before measure end "
                           "2019-01-31")
        assert table is None

    def test_unknown_upload_is_a_message(self, update):
        _, summary, _ = update(ViewState(universe="upload:gone", **Q4_2018).to_dict())
        assert summary == ("Cannot rank upload:gone: upload: no uploaded universe 'upload:gone' (a link's list is kept "
                           "under the exact name it was saved as; check the link, or upload the file again)")

    def test_good_upload_is_kept_and_offered(self, app, upload, update):
        universe = app.server.extensions["smallcap_universe"]
        content = b"Symbol,Name\nDM001,One\ndm002,Two\nDM001,Again\nDM003,Three\nDM004,Four\nDM005,Five\nABC,X\n"
        name = "upload:my_list-" + sha256(content).hexdigest()[:8]
        message, mine, chosen, options = upload(data_url(content), "my list.csv")
        assert message.color == "warning"
        assert message.children == (
            "Accepted 6 tickers from my list.csv with name. Skipped 1 repeated tickers: DM001. 1 of the accepted "
            f"tickers have no prices and no statements in the data source and will be left out of the analysis: "
            f"ABC. Saved as {name} and chosen under Universe.")
        assert mine == [name]  # kept in this browser's local storage, offered from there
        # chosen in the menu at once (value and options in one answer; the hub takes it as a choice)
        assert chosen == name and options == universe_options(universe, mine)
        assert universe_options(universe, mine) == [{"label": "demo_smallcap", "value": "demo_smallcap"},
                                                    {"label": name, "value": name}]
        assert universe_options(universe, None) == [{"label": "demo_smallcap", "value": "demo_smallcap"}]
        assert universe.members(name).data["ticker"].tolist() == [
            "DM001", "DM002", "DM003", "DM004", "DM005", "ABC"]
        # the hub puts it in the state: the panel ranks it
        _, summary, _ = update(ViewState(universe=name, **Q4_2018).to_dict())
        assert summary.startswith(f"{name}: 6 members;")
        assert "1 no prices and no statements in the data source" in summary

    def test_the_chosen_upload_goes_through_the_hub_into_the_link(self, app, upload):
        """The upload's answer sets the menu's value; the hub takes that as a choice by hand."""
        from urllib.parse import parse_qs

        ext = app.server.extensions
        _, _, chosen, _ = upload(data_url(b"ticker\nDM001\nDM002\nDM003\nDM004\n"), "four.csv")
        hub = StateHub(PanelData(ext["smallcap_data"], ext["smallcap_universe"]))
        current = ViewState(**Q4_2018)
        shown = resolve_view(current, hub.data).to_dict()
        controls = {k: None for k in CONTROL_PROPS} | {"universe": chosen}
        out = hub.step([(f"{Id.UNIVERSE}.value", chosen)], url="", controls=controls, zoom=None, band_click=None,
                       current=current.to_dict(), shown=shown)
        assert out["state"]["universe"] == chosen
        assert parse_qs(out["url"].lstrip("?"))["universe"] == [chosen]
        assert out["links"]["latest"] == out["url"]
        assert parse_qs(out["export_all"].split("?", 1)[1])["universe"] == [chosen]  # the zip of the view too
        assert out["view"]["universe"] == chosen
        # a forged value naming no stored upload is not taken into the state or the link
        forged = "upload:four-00000000"
        with pytest.raises(PreventUpdate):
            hub.step([(f"{Id.UNIVERSE}.value", forged)], url="", controls={**controls, "universe": forged},
                     zoom=None, band_click=None, current=current.to_dict(), shown=shown)

    def test_an_upload_of_tickers_only_is_named_from_the_sources_lists(self, app, upload, update):
        universe = app.server.extensions["smallcap_universe"]
        demo = universe.members("demo_smallcap").data.set_index("ticker")["name"]
        tickers = list(demo.index[:60])
        content = ("ticker\n" + "\n".join(tickers) + "\nZZZZ\n").encode()
        _, _, name, _ = upload(data_url(content), "tickers.csv")
        _, _, table = update(ViewState(universe=name, **Q4_2018).to_dict())
        rows = rows_of(table)
        assert rows and all(r[2] == demo[r[1]] and r[2] for r in rows)  # the demo list's names
        assert universe.members(name).data["name"].eq("").all()  # the stored list is unchanged

    def test_given_names_are_kept_and_unknown_tickers_stay_blank(self):
        from types import SimpleNamespace

        from panels.leverage import extreme_rows

        table = pd.DataFrame({"quartile": [1, 1, 4], "rank_value": [-0.2, -0.1, 0.3],
                              "debt_to_equity": [1.0, 2.0, 3.0], "status": ["ok"] * 3,
                              "measure_return": [0.01, 0.02, 0.03]}, index=pd.Index(["A", "B", "C"], name="ticker"))
        members = pd.DataFrame({"ticker": ["A", "B", "C"], "name": ["Own name", "", ""]})
        out = extreme_rows(SimpleNamespace(table=table), members, pd.Series(dtype=float),
                           known_names={"A": "Other name", "B": "Bee Inc"})
        assert out.set_index("ticker")["name"].to_dict() == {"A": "Own name", "B": "Bee Inc", "C": ""}

    def test_a_second_file_of_the_same_name_never_replaces_the_first(self, app, upload):
        universe = app.server.extensions["smallcap_universe"]
        first = "upload:mine-" + sha256(b"ticker\nDM001\nDM002\n").hexdigest()[:8]
        message, mine, _, _ = upload(data_url(b"ticker\nDM001\nDM002\n"), "mine.csv")
        assert (message.color, message.children) == (
            "success", f"Accepted 2 tickers from mine.csv. Saved as {first} and chosen under Universe.")
        message, mine, chosen, _ = upload(data_url(b"ticker\nDM003\n"), "mine.csv", mine)
        second = "upload:mine-" + sha256(b"ticker\nDM003\n").hexdigest()[:8]
        assert message.children == f"Accepted 1 tickers from mine.csv. Saved as {second} and chosen under Universe."
        assert chosen == second
        assert mine == [first, second] and first != second
        assert universe.members(first).data["ticker"].tolist() == ["DM001", "DM002"]  # the link still works
        assert universe.members(second).data["ticker"].tolist() == ["DM003"]
        # the same file again: the same name, nothing new
        _, again, chosen, _ = upload(data_url(b"ticker\nDM001\nDM002\n"), "mine.csv", mine)
        assert again == [second, first] and chosen == first and len(universe.store.names()) == 2

    @pytest.mark.parametrize("content, filename, expected", [
        (b"name,weight\nApple,1.0\n", "names.csv",
         "Upload rejected: names.csv: no 'ticker' or 'symbol' column in the header row (found 'name', 'weight')"),
        (b"ticker\nDM001\nCAF\xe9\n", "latin1.csv",
         "Upload rejected: latin1.csv: not UTF-8 text (byte 0xe9 on line 3); save it as CSV UTF-8"),
        (b"", "empty.csv", "Upload rejected: empty.csv: the file is empty"),
        (b"ticker\nAAPL\nMSFT\n", "us.csv", "Upload rejected: us.csv: none of the 2 tickers has prices or "
                                             "statements in the data source (e.g. AAPL, MSFT)"),
    ])
    def test_rejected_upload_says_why_and_changes_nothing(self, app, upload, content, filename, expected):
        universe = app.server.extensions["smallcap_universe"]
        message, *rest = upload(data_url(content), filename)
        assert (message.color, message.children) == ("danger", expected)
        assert rest == [no_update] * 3  # the menu keeps its value and options
        assert universe.store.names() == []

    def test_contents_that_are_not_base64(self, upload):
        message, options, _, _ = upload("data:text/csv;base64,***", "x.csv")
        assert message.children == ("Upload rejected: the upload could not be read (broken base64 data); "
                                    "try the file again")
        message, *_ = upload("just text", "x.csv")
        assert message.children == ("Upload rejected: the upload could not be read (not a base64 data URL); "
                                    "try the file again")
        assert options is no_update

    def test_no_contents_does_nothing(self, upload):
        with pytest.raises(PreventUpdate):
            upload(None, None)


@pytest.mark.shared_data
class TestSharedData:
    UNIVERSE = "sp600_ijr_2019-09-10"

    @pytest.fixture(scope="class")
    def app(self, shared_data, tmp_path_factory):
        return create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))

    @pytest.fixture(scope="class")
    def panel(self, app):
        ext = app.server.extensions
        update = drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])
        return update(ViewState(universe=self.UNIVERSE, rank_by="return", mstart=dt.date(2018, 12, 31),
                                mend=dt.date(2019, 1, 31), **Q4_2018).to_dict())

    def test_same_numbers_as_compute_quartiles(self, app, panel):
        universe = app.server.extensions["smallcap_universe"]
        figure, summary, _ = panel
        spec = QuartileSpec("return", rank_start="2018-09-28", rank_end="2018-12-31",
                            measure_start="2018-12-31", measure_end="2019-01-31")
        expected = compute_quartiles(universe.members(self.UNIVERSE).data["ticker"], universe.statements(),
                                     universe.price_history(), spec)
        means = [100 * q.mean_return for q in expected.quartiles]
        assert list(figure.data[0].y[:4]) == pytest.approx(means, rel=1e-12)
        assert means[0] == pytest.approx(18.74, abs=0.05)  # worst Q4-2018 quartile: +18.7 % in January
        assert ("Ranked 460 by return 2018-09-28 to 2018-12-31; equal-weighted mean return (closes adjusted for "
                "splits and dividends) 2018-12-31 to 2019-01-31: "
                "Q1 +18.7%, Q4 +8.2%.") in summary
        assert ("Left out: 45 no prices and no statements in the data source; 96 no prices at both ends of the "
                "rank window.") in summary
        # the net-loss share says which statements it rests on (the universe panel's rule differs:
        # published in the 18 months before; both say so)
        assert "with a net loss in their latest annual statement (public by then, its period ended in the 15 " \
               "months before)" in summary
        # the only S&P 600 list is of September 2019, after the Q4-2018 ranking: said first
        assert summary.startswith("Survivorship: the list is of 2019-09-10, after the measure start 2018-12-31; "
                                  "companies that left it before then (failures, take-overs, demotions) are not "
                                  "ranked. sp600_ijr_2019-09-10: 601 members; at 2018-12-31 ")

    def test_a_forged_universe_name_is_a_message_without_the_data_folder(self, app, shared_data):
        ext = app.server.extensions
        update = drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])
        figure, summary, table = update(ViewState(universe="no_such_list", **Q4_2018).to_dict())
        shown = " ".join([str(summary), str(table), figure.to_json()])
        assert "no universe 'no_such_list'" in summary and self.UNIVERSE in summary  # says what is known
        assert str(shared_data.resolve()) not in shown and str(shared_data) not in shown
        assert "members/no_such_list.csv" in summary  # folder/name only, as every file message

    def test_default_measure_window_gives_the_same(self, app, panel):
        ext = app.server.extensions
        update = drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])
        figure, summary, _ = update(ViewState(universe=self.UNIVERSE, **Q4_2018).to_dict())
        assert list(figure.data[0].y) == list(panel[0].data[0].y) and summary == panel[1]

    def test_same_numbers_as_the_cli(self, shared_data, tmp_path, panel):
        result = CliRunner().invoke(cli.main, [
            "quartiles", "--universe", self.UNIVERSE, "--rank-by", "return", "--rank-start", "2018-09-28",
            "--rank-end", "2018-12-31", "--measure-start", "2018-12-31", "--measure-end", "2019-01-31",
            "--data", str(shared_data), "--cache-dir", str(tmp_path)])
        assert result.exit_code == 0, result.output
        records = json.loads(result.stdout)
        assert list(panel[0].data[0].y[:4]) == pytest.approx([100 * r["mean_return"] for r in records], rel=1e-12)
        assert list(panel[0].data[1].y[:4]) == pytest.approx([100 * r["median_return"] for r in records], rel=1e-12)

    def test_extreme_names_table(self, panel):
        rows = rows_of(panel[2])
        assert len(rows) == 30
        assert panel[2].children[0].children == ("The most extreme names, up to 15 of each: Q1 (lowest return, "
                                                 "115 stocks) and Q4 (highest return, 115 stocks).")
        q1_returns = [float(r[4].rstrip("%")) for r in rows[:15]]
        q4_returns = [float(r[4].rstrip("%")) for r in rows[15:]]
        assert q1_returns == sorted(q1_returns) and q4_returns == sorted(q4_returns, reverse=True)
        assert max(q1_returns) < min(q4_returns)
        assert all(r[2] for r in rows)  # names come from the membership file

    def test_an_upload_of_tickers_only_shows_the_companies_the_data_holds(self, app):
        """Names from the newest list naming each ticker: ACET is Adicet Bio (its statements' CIK;
        Aceto in the 2015 list), AVGO Broadcom (Avago in 2015), APA 'APA CORP' (Apache in 2015)."""
        ext = app.server.extensions
        content = b"ticker\nAVGO\nAI\nALTR\nADPT\nAKTS\nACET\nANGI\nAGNC\nAPA\nZZZZQ\n"
        _, _, name, _ = make_handle_upload(ext["smallcap_universe"])(data_url(content), "reused.csv")
        update = drawer("leverage", ext["smallcap_data"], universe=ext["smallcap_universe"])
        _, summary, table = update(ViewState(universe=name, **Q4_2018).to_dict())
        assert summary.startswith(f"{name}: 10 members; at 2018-12-31 6 have a statement in force")
        assert [r[:3] for r in rows_of(table)] == [
            ["Q1", "APA", "APA CORP"], ["Q1", "ACET", "ADICET BIO INC"], ["Q4", "AVGO", "BROADCOM INC"]]
        _, _, table = update(ViewState(universe=name, start=dt.date(2024, 3, 28), end=dt.date(2024, 6, 28)).to_dict())
        assert [r[:3] for r in rows_of(table)] == [
            ["Q1", "ACET", "ADICET BIO INC"], ["Q1", "ANGI", "ANGI INC CLASS A"], ["Q4", "AVGO", "BROADCOM INC"]]

    def test_rejected_upload_leaves_the_list_unchanged(self, app):
        universe = app.server.extensions["smallcap_universe"]
        before = universe.store.names()
        message, options, _, _ = make_handle_upload(universe)(data_url(b"ticker\nDM001\n"), "demo.csv")
        assert message.children == ("Upload rejected: demo.csv: none of the 1 tickers has prices or statements "
                                    "in the data source (e.g. DM001)")
        assert options is no_update and universe.store.names() == before


class TestPanelCache:
    """The leverage panel is cached per view and universe version: a new upload is a new answer."""

    def test_another_upload_is_ranked_on_its_own(self, tmp_path):
        from dataclasses import replace

        from panels.cache import Memo
        from panels.page import page_outputs
        from panels.registry import REGISTRY

        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
        ext = app.server.extensions
        universe, memo = ext["smallcap_universe"], Memo(ext["smallcap_data"].cache, ext["smallcap_data"].version)
        calls = []

        real = REGISTRY["leverage"]

        def counting(data, view):
            calls.append(view.universe)
            return real.compute(data, view)

        panel, data = replace(real, compute=counting), PanelData(ext["smallcap_data"], universe, memo)

        def callback(view, _fetched):  # what callbacks.panels registers for the leverage panel
            return page_outputs(data, panel, view)

        members = universe.members("demo_smallcap").data
        name40 = universe.add_upload(members.head(40), name="upload:mine")
        view = {"small": "RUT", "large": "GSPC", "universe": name40, **{k: v.isoformat() for k, v in Q4_2018.items()},
                "rank_by": "return", "mstart": None, "mend": None}
        first = callback(view, None)
        assert callback(view, None) == first and calls == [name40]  # a hit
        name80 = universe.add_upload(members.head(80), name="upload:mine")
        assert name80 != name40 and callback(view, None) == first  # a stored list never changes
        second = callback({**view, "universe": name80}, None)
        assert calls == [name40, name80] and second[1] != first[1]
        assert "40 members" in first[1] and "80 members" in second[1]


def test_a_tie_at_the_quartiles_cut_is_said():
    """Some 150 companies of the snapshot's Q1 have no debt (0.00): the 15 listed as "the most
    extreme" were the list's first, no more extreme than the rest. The caption says so."""
    from panels.leverage import tie_note

    table = pd.DataFrame({"quartile": [1] * 6 + [4] * 4, "rank_value": [0, 0, 0, 0, 0.1, 0.2, 3, 4, 5, 5]})
    assert tie_note(table, 2, "leverage") == (" 4 stocks of Q1 share the value 0.00, so those shown of them are in "
                                              "the list's order, no more extreme than the rest.")
    assert tie_note(table, 4, "leverage") == ""  # all four shown
    assert tie_note(table, 1, "return") == (" 4 stocks of Q1 share the value 0.0%, so those shown of them are in "
                                            "the list's order, no more extreme than the rest; 2 stocks of Q4 share "
                                            "the value +500.0%, so those shown of them are in the list's order, no "
                                            "more extreme than the rest.")


def test_a_tie_across_a_quartile_cut_is_said():
    """Ranked at 2022-01-01, 304 of the snapshot's 2025-11-05 Russell 2000 stocks have no debt
    (0.00): Q1's 297 and 7 of Q2, placed by ticker (the module's tie rule). The summary says so."""
    from analytics.leverage import QuartileResult
    from panels.leverage import cut_ties

    table = pd.DataFrame({"quartile": [1, 1, 2, 2, 3, 3, 4, 4], "rank_value": [0, 0, 0, 0.2, 0.5, 0.7, 0.7, 2.0]},
                         index=list("ABCDEFGH"))
    spec = QuartileSpec("leverage", rank_end="2022-01-01", measure_start="2022-01-01", measure_end="2022-02-01")
    result = QuartileResult(spec=spec, quartiles=(), negative_equity=None, left_out={}, table=table, members=8,
                            debt_blank_as_zero=0)
    assert cut_ties(result) == (" 3 stocks share the value 0.00 across Q1 and Q2: which of those quartiles holds each "
                                "is by ticker. 2 stocks share the value 0.70 across Q3 and Q4: which of those "
                                "quartiles holds each is by ticker.")
    assert cut_ties(QuartileResult(spec=spec, quartiles=(), negative_equity=None, left_out={},
                                   table=table.assign(rank_value=range(8)), members=8, debt_blank_as_zero=0)) == ""


def test_a_small_sample_is_said_in_the_summary():
    """An 8-stock upload ranks into quartiles of 2: the chart's labels said "small sample", the
    summary (and so a note quoting it) nothing."""
    from types import SimpleNamespace

    from panels.leverage import small_sample

    def result(*sizes):
        return SimpleNamespace(quartiles=[SimpleNamespace(n=n) for n in sizes])

    assert small_sample(result(2, 2, 2, 2)) == (" Small sample: the quartiles hold 2 stocks each; a mean of so few "
                                                "says little beyond these companies.")
    assert small_sample(result(9, 9, 8, 8)).startswith(" Small sample: the quartiles hold 8 to 9 stocks each")
    assert small_sample(result(10, 10, 10, 10)) == ""


def test_the_names_table_has_one_return_column_when_the_two_windows_are_one():
    """The measure window equal to the view's gave two identical "Return 2022-01-01 to 2022-10-12"
    columns (a walkthrough)."""
    from types import SimpleNamespace

    from components.leverage_table import extreme_table

    frame = pd.DataFrame({"quartile": [1, 4], "ticker": ["AAA", "BBB"], "name": ["A", "B"],
                          "debt_to_equity": [0.1, 3.0], "status": ["ok", "ok"], "rank_return": [0.1, -0.2],
                          "measure_return": [0.1, -0.2]})
    groups = tuple(SimpleNamespace(label=str(q), n=1) for q in (1, 2, 3, 4))

    def header(**dates):
        spec = QuartileSpec("leverage", **dates)
        table = extreme_table(frame, SimpleNamespace(spec=spec, quartiles=groups), rows=15).children[1]
        return [th.children for th in table.children[0].children.children]

    same = header(rank_start="2022-01-01", rank_end="2022-10-12", measure_start="2022-01-01", measure_end="2022-10-12")
    assert same == ["Quartile", "Ticker", "Name", "Debt / equity", "Return 2022-01-01 to 2022-10-12"]
    other = header(rank_start="2022-01-01", rank_end="2022-10-12", measure_start="2022-10-12", measure_end="2022-11-12")
    assert other[-2:] == ["Return 2022-01-01 to 2022-10-12", "Return 2022-10-12 to 2022-11-12"]
