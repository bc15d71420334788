"""Exports: figure data to CSV, formula neutralising, image size bounds, the HTTP routes."""

from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go
import pytest

from components.export import figure_to_frame, neutralise, to_safe_csv
from components.png import ExportError, ImageSize


def test_figure_to_frame_joins_traces_with_units():
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=pd.to_datetime(["2025-01-02", "2025-01-03"]), y=[4.57, 4.6], name="10-year"))
    fig.add_trace(go.Scatter(x=pd.to_datetime(["2025-01-03"]), y=[4.28], name="2-year"))
    fig.add_trace(go.Scatter(x=[0, 1, 1, 0], y=[0, 0, 1, 1], fill="toself", name="Hiking"))
    fig.update_layout(xaxis_title="Date", yaxis_title="Percent")
    frame = figure_to_frame(fig)
    assert list(frame.columns) == ["10-year [Percent]", "2-year [Percent]"]
    assert frame.index.name == "date" and list(frame.index) == ["2025-01-02", "2025-01-03"]
    assert frame.loc["2025-01-03", "2-year [Percent]"] == 4.28
    assert pd.isna(frame.loc["2025-01-02", "2-year [Percent]"])


def test_formula_cells_are_neutralised_numbers_are_not():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "ok"], "value": [-1.5, 2.0, 0.0, 3.0]},
                         index=pd.Index(["a", "b", "c", "d"], name="ticker"))
    text = to_safe_csv(frame)
    lines = text.splitlines()
    assert lines[0] == "ticker,name,value"
    assert lines[1] == "a,\"'=HYPERLINK(\"\"x\"\")\",-1.5"
    assert lines[2] == "b,'+1,2" and lines[3] == "c,'@SUM(A1),0"  # numbers at their precision, no float noise
    assert neutralise(-3) == -3


def test_image_size_bounds():
    assert ImageSize.parse() == (ImageSize(1200, 600, 2.0), [])
    size, notices = ImageSize.parse(width="100000", height="10", scale="9")
    assert size == ImageSize(2400, 300, 3.0)
    assert notices[0] == "width 100000 out of bounds [400, 2400]: used 2400"
    with pytest.raises(ExportError, match="height must be a number"):
        ImageSize.parse(height="tall")
    with pytest.raises(ExportError, match="finite"):
        ImageSize.parse(scale="nan")
