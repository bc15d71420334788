"""The panel cards' layout: under each graph, the paragraph a narrow chart's source line goes into."""

from __future__ import annotations

from dash import dcc, html

from components.ids import GRAPH_PANELS, graph_id, source_id
from components.panels import build_panels, graph_panel
from tests.components import walk


def test_every_graph_has_an_empty_source_paragraph_right_under_it():
    for panel in GRAPH_PANELS:
        body = graph_panel(panel).children.children[1].children  # Col > Card > [header, body] > body
        loading, under = body[0], body[1]
        assert isinstance(loading, dcc.Loading) and loading.children.id == graph_id(panel)
        assert isinstance(under, html.P) and under.id == source_id(panel) == f"{panel}-source"
        # assets/chart_sources.js fills it on a narrow chart; empty it takes no space (assets/app.css)
        assert getattr(under, "children", None) is None and "chart-source" in under.className.split()


def test_the_page_has_each_source_paragraph_once():
    ids = [getattr(c, "id", None) for c in walk(build_panels(("2024-01-02", "2024-06-28")))]
    assert [i for i in ids if isinstance(i, str) and i.endswith("-source")] == [source_id(p) for p in GRAPH_PANELS]


def test_no_callback_writes_a_source_paragraph(tmp_path):
    """Only the page script writes it: a callback's children would replace what it wrote."""
    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    outputs = " ".join(app.callback_map)
    assert outputs and not any(f"{source_id(p)}." in outputs for p in GRAPH_PANELS)
