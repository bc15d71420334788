"""Titles and legends fitted to a PNG's width (components/figures/fit.py): what the page's
script does after drawing, estimated for an export that has no script."""

from __future__ import annotations

import pytest

from components.figures.common import TITLE_TOP, base_layout_dict
from components.figures.fit import (
    EM_PER_CHAR, GAP_PX, LEGEND_ROW_PX, SUBTITLE_LINE_PX, TITLE_LINE_PX, TITLE_PX, fit_to_width, legend_rows,
)

LONG = ("Ken French bottom-30% size portfolio (total return) vs Ken French top-30% size portfolio "
        "(total return), 2023-02-28 to 2026-02-28: relative return -24.9%")


def spec(title: str, names: list[str]) -> dict:
    layout = base_layout_dict(title=title, uirevision="t")
    return {"data": [{"type": "scatter", "name": n, "x": [1], "y": [1]} for n in names], "layout": layout}


def test_legend_rows_pack_entries_left_to_right():
    per_char = 12 * EM_PER_CHAR
    entry = lambda n: 40 + n * per_char  # noqa: E731
    assert legend_rows([], 500) == 0
    assert legend_rows(["a" * 10], 500) == 1
    # two entries fit one row exactly, the third starts a second
    width = 2 * entry(10)
    assert legend_rows(["a" * 10] * 3, width) == 2
    assert legend_rows(["a" * 10] * 3, width - 1) == 3


def test_a_short_title_and_legend_are_left_as_they_are():
    figure = spec("Russell 2000 vs S&P 500, 2023-02-21 to 2026-02-20: relative return -18.4%",
                  ["Russell 2000", "S&P 500"])
    assert fit_to_width(figure, 1200) is figure


def test_a_long_title_wraps_and_the_top_margin_makes_room_for_it_and_the_legend():
    names = ["Ken French bottom-30% size portfolio (total return)", "Ken French top-30% size portfolio (total return)",
             "Ken French bottom-30% size portfolio (total return) / Ken French top-30% size portfolio (total return)"]
    figure = spec(LONG, names)
    before = figure["layout"]["margin"]["t"]
    fitted = fit_to_width(figure, 1200)
    lines = fitted["layout"]["title"]["text"].split("<br>")
    assert len(lines) == 2 and " ".join(lines) == LONG
    assert all(len(line) * TITLE_PX * EM_PER_CHAR <= 1200 for line in lines)
    rows = legend_rows(names, 1200 - 60 - 20)
    assert rows == 2
    assert fitted["layout"]["margin"]["t"] == TITLE_TOP + 2 * TITLE_LINE_PX + GAP_PX + rows * LEGEND_ROW_PX > before
    assert figure["layout"]["title"]["text"] == LONG and figure["layout"]["margin"]["t"] == before  # not changed
    assert fitted["data"] is figure["data"]


def test_a_subtitle_gets_its_lines_above_the_legend():
    """The spreads chart's table is its title's subtitle (three lines here): a narrow export
    whose legend takes rows makes room for the title, those lines and the rows."""
    names = ["HY OAS", "IG OAS", "Baa - 10-year", "CBOE VIX (right axis)", "3-month Treasury yield (right axis)"]
    figure = spec("Credit spreads, 2024-01-02 to 2024-06-28", names)
    figure["layout"]["title"]["subtitle"] = {"text": "HY OAS 3.12%<br>IG OAS 0.90%<br>Baa - 10-year 1.70%"}
    fitted = fit_to_width(figure, 500)
    rows = legend_rows(names, 500 - 60 - 20)
    assert rows >= 2
    assert "<br>" not in fitted["layout"]["title"]["text"]  # one line of title
    assert fitted["layout"]["margin"]["t"] == (TITLE_TOP + TITLE_LINE_PX + 3 * SUBTITLE_LINE_PX + GAP_PX
                                               + rows * LEGEND_ROW_PX)


@pytest.mark.parametrize("width", [400, 800, 2400])
def test_every_title_line_fits_the_width(width):
    fitted = fit_to_width(spec(LONG, ["a"]), width)
    for line in fitted["layout"]["title"]["text"].split("<br>"):
        assert len(line) * TITLE_PX * EM_PER_CHAR <= 0.96 * width or " " not in line


def test_a_legend_beside_the_plot_is_not_counted_above_it():
    figure = spec("T", ["x" * 80] * 6)
    figure["layout"]["legend"] = {"orientation": "v", "x": 1.02, "y": 1.0, "yanchor": "top"}
    assert fit_to_width(figure, 1200) is figure


class Capture:
    """A PNG renderer that keeps the figure it was given."""

    def __init__(self):
        self.figures: list[dict] = []

    def render(self, key, figure_json, size):
        import json
        self.figures.append(json.loads(figure_json))
        return b"\x89PNG fake"


def test_an_export_draws_the_fitted_figure(tmp_path):
    """/export/relative.png of the Ken French pair: the renderer gets the title in lines and the
    margin that holds them and the legend; the page's figure itself stays as it was."""
    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache", export_renderer="local"))
    capture = Capture()
    app.server.extensions["smallcap_exporter"].png_renderer = capture
    response = app.server.test_client().get("/export/relative.png?small=FF_LO30&large=FF_HI30&width=1000")
    assert response.status_code == 200
    (figure,) = capture.figures
    layout = figure["layout"]
    assert "<br>" in layout["title"]["text"] and "relative return" in layout["title"]["text"].split("<br>")[-1]
    assert layout["margin"]["t"] > base_layout_dict(title="t", uirevision="t")["margin"]["t"] + 30


def test_a_source_line_wider_than_the_image_is_wrapped_again_and_the_margin_grown():
    """An 800 px event-study PNG cut its source line at "via FRED (local co"."""
    from components.figures.shading import SOURCE_LINE_PX, wrapped_source_line

    text = "Source: " + "; ".join(f"Series number {i} (SER{i}) via FRED (local copy), to 2026-06-05" for i in range(4))
    note, bottom = wrapped_source_line(text, width=150)
    figure = {"data": [], "layout": {"title": {"text": "t"}, "margin": {"l": 80, "r": 20, "t": 100, "b": bottom},
                                      "annotations": [note]}}
    assert fit_to_width(figure, 2400) is figure  # wide enough: unchanged
    fitted = fit_to_width(figure, 800)
    lines = fitted["layout"]["annotations"][0]["text"].split("<br>")
    assert max(len(line) for line in lines) * 10 * EM_PER_CHAR <= 800 - 80
    assert " ".join(lines) == " ".join(note["text"].split("<br>"))  # the same words
    added = len(lines) - len(note["text"].split("<br>"))
    assert added > 0 and fitted["layout"]["margin"]["b"] == bottom + added * SOURCE_LINE_PX
    assert figure["layout"]["annotations"][0] is note and note["text"].count("<br>") == len(lines) - added - 1


def test_a_vertical_legend_taller_than_the_image_keeps_its_first_entries_and_says_how_many_left():
    """A 2400x1200 PNG of the century pair's 24 last hikes listed 13 of them, the 13th cut in half,
    and nothing said 11 more were drawn."""
    from components.figures.fit import V_LEGEND_ROW_PX, V_LEGEND_THICK_PX, fit_legend

    events = [{"name": f"event {i}", "legendgroup": "events", "legendrank": 100 + i} for i in range(24)]
    figure = {"data": [{"name": "Median", "legendrank": 1}, *events],
              "layout": {"legend": {"orientation": "v"}, "margin": {"t": 100, "b": 100}}}
    assert fit_legend(figure, 100 + 100 + V_LEGEND_THICK_PX + 24 * V_LEGEND_ROW_PX) is figure  # it fits
    # 400 px of room: the note (20) and the median (29) leave 351, 17 events of 20
    fitted = fit_legend(figure, 600)
    listed = [t["name"] for t in fitted["data"] if t.get("showlegend", True) is not False]
    assert listed[:2] == ["Median", "event 0"] and listed[-2] == "event 16"
    assert listed[-1] == "... 7 more, drawn (listed in the CSV)" and len(listed) == 1 + 17 + 1
    assert all(t.get("showlegend", True) for t in figure["data"])  # the figure given is unchanged
    assert fit_legend({"data": events, "layout": {"legend": {"orientation": "h"}, "margin": {"t": 1, "b": 1}}},
                      100)["data"] == events  # a horizontal legend wraps instead
