"""The regimes outcomes table built from its rows equals what it was built from before.

The references are the former implementations: ``outcomes_display_frame`` looking each cell
up per event, and the table as ``dbc.Table.from_dataframe`` of that frame (the page now gets
the same cells as one HTML string).
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from analytics.events import summarize_outcomes
from app import create_app
from tests.panel_draw import rendered
from components.figures.regimes import (
    MISSING, _metrics, build_outcomes_table, outcomes_display_frame, outcomes_table_html,
)
from config import Config, DataSpec
from state import ViewState
from tests.test_figures_correlation_regimes import outcomes_table


def reference_display_frame(outcomes, summaries, *, small_key, large_key) -> pd.DataFrame:
    metrics = _metrics(outcomes, small_key, large_key)
    horizons = sorted(outcomes["horizon"].unique())
    order = outcomes.drop_duplicates("event_date").sort_values("event_date")
    columns = [("", "Event")] + [(f"{h} months after", header) for h in horizons for _, header, _ in metrics]
    rows = []
    for _, event in order.iterrows():
        mine = outcomes[outcomes["event_date"] == event["event_date"]].set_index("horizon")
        row = [event["label"]]
        for h in horizons:
            row += [fmt(mine.at[h, column]) for column, _, fmt in metrics]
        rows.append(row)
    last = ["Median\nrange"]
    for h in horizons:
        for column, _, fmt in metrics:
            summary = summaries[column]
            if h not in summary.index or summary.at[h, "count"] == 0:
                last.append(MISSING)
                continue
            stats = summary.loc[h]
            last.append(f"{fmt(stats['median'])}\n{fmt(stats['min'])} to {fmt(stats['max'])}")
    rows.append(last)
    counts = ["Cycles (n)"]
    for h in horizons:
        for column, _, _ in metrics:
            summary = summaries[column]
            counts.append(str(int(summary.at[h, "count"])) if h in summary.index else "0")
    rows.append(counts)
    return pd.DataFrame(rows, columns=pd.MultiIndex.from_tuples(columns))


def reference_table(outcomes, summaries, *, small_key, large_key):
    frame = reference_display_frame(outcomes, summaries, small_key=small_key, large_key=large_key)
    return dbc.Table.from_dataframe(frame, striped=True, bordered=True, hover=True, size="sm",
                                    responsive=True, className="small mb-0 regimes-table",
                                    style={"whiteSpace": "pre-line"})


def reference_cells(table) -> list[list[tuple[str, str, int]]]:
    """Rows of ``(tag, text, colspan)`` of a ``dbc.Table`` component tree (header rows first)."""
    tree = json.loads(json.dumps(table, cls=PlotlyJSONEncoder))
    rows = []
    for section in tree["props"]["children"]:
        for tr in section["props"]["children"]:
            cells = tr["props"]["children"]
            rows.append([(c["type"].lower(), str(c["props"]["children"]), int(c["props"].get("colSpan") or 1))
                         for c in cells])
    return rows


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.classes, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.classes = attrs["class"].split()
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, "", int(attrs.get("colspan", 1))]
        elif tag == "br":
            self._cell[1] += "\n"
        else:
            assert tag == "thead" or tag == "tbody" or tag == "div", tag

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append(tuple(self._cell))
            self._cell = None


def html_cells(markdown) -> tuple[list[list[tuple[str, str, int]]], list[str]]:
    assert markdown.dangerously_allow_html and "\n" not in markdown.children  # one HTML block
    parser = _Cells()
    parser.feed(markdown.children)
    return parser.rows, parser.classes


def assert_same_table(outcomes, summaries, event="first_cut") -> None:
    keys = {"small_key": "RUT", "large_key": "GSPC"}
    frame = outcomes_display_frame(outcomes, summaries, **keys)
    pd.testing.assert_frame_equal(frame, reference_display_frame(outcomes, summaries, **keys))
    caption, table = build_outcomes_table(outcomes, summaries, event=event, **keys)
    assert caption.children.startswith("Outcomes ")
    rows, classes = html_cells(table)
    assert rows == reference_cells(reference_table(outcomes, summaries, **keys))
    assert {"table", "table-sm", "table-striped", "table-bordered", "table-hover"} <= set(classes)


class TestHandMade:
    def test_two_events_two_horizons(self):
        assert_same_table(*outcomes_table())

    def test_a_horizon_with_no_value_and_one_missing_from_a_summary(self):
        outcomes, summaries = outcomes_table()
        outcomes = outcomes.assign(**{"HY OAS": [np.nan] * 4})
        summaries = {**summaries, "HY OAS": summarize_outcomes(outcomes.assign(value=outcomes["HY OAS"]))}
        summaries["large"] = summaries["large"].loc[[3]]  # no 6-month row at all
        assert_same_table(outcomes, summaries)
        frame = outcomes_display_frame(outcomes, summaries, small_key="RUT", large_key="GSPC")
        assert frame[("6 months after", "GSPC (%)")].iloc[-2] == MISSING  # the median row
        assert frame[("6 months after", "GSPC (%)")].iloc[-1] == "0"  # no cycle behind it
        assert (frame[("3 months after", "HY OAS (pp)")].iloc[:-1] == MISSING).all()
        assert frame[("3 months after", "HY OAS (pp)")].iloc[-1] == "0"

    def test_events_given_latest_first(self):
        outcomes, summaries = outcomes_table()
        assert_same_table(outcomes.iloc[::-1].reset_index(drop=True), summaries)


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))
    return app.server.extensions["smallcap_data"]


@pytest.mark.parametrize("event", ["first_hike", "last_hike", "first_cut", "last_cut"])
@pytest.mark.parametrize("asof", [None, dt.date(2009, 3, 9)])
def test_demo_studies(demo_data, event, asof):
    study = rendered("regimes", demo_data, ViewState(event=event, asof=asof)).result.study
    assert study is not None
    assert_same_table(study.outcomes, study.summaries, event)


def test_cell_text_is_escaped():
    html_text = outcomes_table_html([("", "Event"), ("3 months after", "<b>RUT</b> (%)")],
                                    [["2015-12-16 <script>alert(1)</script>", "1.0 & 2.0\nx"]])
    assert "<script>" not in html_text and "<b>" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text and "1.0 &amp; 2.0<br/>x" in html_text
