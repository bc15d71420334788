"""Notes in the link (``note=YYYY-MM-DD:text``): parsed, carried by the view, drawn escaped on
the time charts and in exports."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from app import create_app
from config import Config, DataSpec
from panels.registry import REGISTRY
from panels.view import ResolvedView, resolve_view
from server.export import Exporter
from tests.fakes import FakePng
from state import MAX_NOTES, ViewState, parse_query
from tests.panel_draw import rendered

WINDOW = "start=2024-01-02&end=2024-06-28&small=IWM&large=SPY"


def notes_of(figure: dict) -> list[str]:
    return [a["text"] for a in figure["layout"].get("annotations", []) if a.get("font", {}).get("color") == "#6f42c1"]


class TestParsing:
    def test_notes_repeat_in_order_and_round_trip_through_the_link(self):
        state, notices = parse_query("note=2024-09-18:First cut&note=2024-03-20:Dots")
        assert state.note == ("2024-09-18:First cut", "2024-03-20:Dots") and notices == []
        again, _ = parse_query(state.to_query())
        assert again == state
        assert ViewState.from_dict(state.to_dict()) == state

    @pytest.mark.parametrize(("raw", "reason"), [
        ("First cut", "written YYYY-MM-DD:text"),
        ("2024-13-40:x", "2024-13-40"),
        ("2024-09-18:   ", "no text"),
        ("2024-09-18:" + "x" * 81, "at most 80 characters"),
        ("2024-09-18:a\x07b", "cannot be shown"),
    ])
    def test_a_bad_note_is_ignored_with_a_notice(self, raw, reason):
        state, notices = parse_query(urlencode({"note": raw}))
        assert state.note == ()
        assert len(notices) == 1 and reason in notices[0]

    def test_at_most_five_notes_and_no_repeats(self):
        query = "&".join(f"note=2024-01-0{i}:n{i}" for i in range(1, 8)) + "&note=2024-01-01:n1"
        state, notices = parse_query(query)
        assert len(state.note) == MAX_NOTES
        assert sum("at most 5 notes" in n for n in notices) == 3

    def test_spaces_are_normalised(self):
        state, _ = parse_query("note=2024-09-18:%20First%20%20cut%20")
        assert state.note == ("2024-09-18:First cut",)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("notes")))
    return app.server.extensions["smallcap_panel_data"]


class TestDrawing:
    @pytest.mark.parametrize("panel", ["relative", "rates", "spreads", "correlation"])
    def test_time_charts_draw_the_notes_in_the_window_escaped(self, demo, panel):
        state, _ = parse_query(WINDOW + "&note=2024-03-20:<b>Dots</b> %26 more&note=2023-01-03:Outside")
        figure = rendered(panel, demo, state).figure
        assert notes_of(figure) == ["&lt;b&gt;Dots&lt;/b&gt; &amp; more"]
        lines = [s for s in figure["layout"]["shapes"] if s.get("line", {}).get("color") == "#6f42c1"]
        assert [(s["x0"], s["yref"], s["y0"], s["y1"]) for s in lines] == [("2024-03-20", "paper", 0, 1)]

    def test_only_panels_with_a_date_axis_read_notes(self):
        for name, panel in REGISTRY.items():
            assert ("note" in panel.reads) == panel.notes == (name in ("relative", "rates", "spreads", "correlation"))

    def test_a_tampered_view_store_keeps_only_valid_notes(self):
        view = ResolvedView.from_fields({"note": ["2024-03-20:ok", "nonsense", 5, "2024-02-30:x"]})
        assert view.note == ("2024-03-20:ok",)
        assert ResolvedView.from_fields({"note": "2024-03-20:not a list"}).note == ()

    def test_the_pinned_link_keeps_the_notes(self, demo):
        state, _ = parse_query(WINDOW + "&note=2024-03-20:Dots")
        view = resolve_view(state, demo.for_request())
        assert "note=2024-03-20%3ADots" in view.to_state().to_query()


def test_exported_png_carries_the_notes(demo):
    png = FakePng()
    exporter = Exporter(demo, universes=lambda: [], png=png)
    exporter.png("relative", WINDOW + "&note=2024-03-20:First%20cut")
    assert notes_of(png.figures[0]) == ["First cut"]
