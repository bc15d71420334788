"""build_leverage_figure as a plain dict: traces, labels and the source line."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics.leverage import PriceHistory, QuartileSpec, Statements, compute_quartiles
from components.figures.leverage import build_leverage_figure


def STATEMENTS():
    return Statements.from_frame(pd.DataFrame({
        "ticker": [f"T{i}" for i in range(9)], "period_end": "2019-12-31", "publish_date": "2020-03-01",
        "total_debt": [0, 10, 20, 30, 40, 50, 60, 70, 5000], "total_liabilities": 100,
        "total_equity": [100] * 8 + [-10], "net_income": 1, "statement": "annual"}))


def PRICES(dates=("2020-03-31", "2020-06-30", "2020-09-30")):
    # each stock flat to 2020-06-30, then T<i> gains i % (ranked by return: the rank window is flat)
    return PriceHistory.from_long(pd.DataFrame(
        [(pd.Timestamp(d), f"T{i}", 100.0 + i * (d == dates[-1])) for i in range(9) for d in dates],
        columns=["date", "ticker", "adj_close"]))


def _result(rank_by="leverage"):
    tickers = [f"T{i}" for i in range(9)]
    spec = QuartileSpec(rank_by, rank_start="2020-03-31" if rank_by == "return" else None, rank_end="2020-06-30",
                        measure_start="2020-06-30", measure_end="2020-09-30")
    return compute_quartiles(tickers, STATEMENTS(), PRICES(), spec)


def test_figure_dict():
    fig = build_leverage_figure(_result(), title="Leverage quartiles", source_line="Source: test").to_dict()
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    boxes = [t for t in fig["data"] if t["type"] == "box"]
    assert [b["name"] for b in bars] == ["Mean return", "Median return"]
    # Eight positive-equity stocks in four quartiles of two, plus the negative-equity group (T8).
    # quartiles of fewer than 10 stocks say they are a small sample
    assert list(bars[0]["x"]) == ["Q1 (least levered)<br>n=2: small sample", "Q2<br>n=2: small sample",
                                  "Q3<br>n=2: small sample", "Q4<br>n=2: small sample", "Equity ≤ 0"]
    assert list(bars[0]["y"]) == pytest.approx([0.5, 2.5, 4.5, 6.5, 8.0])  # percent: T0..T7 gain 0..7 %, T8 8 %
    assert [b["name"] for b in boxes] == ["Q1", "Q2", "Q3", "Q4"]
    assert list(boxes[0]["y"]) == [0.0, 0.1]
    assert fig["layout"]["title"]["text"] == "Leverage quartiles"
    assert any(a["text"] == "Source: test" for a in fig["layout"]["annotations"])
    assert fig["layout"]["yaxis"]["ticksuffix"] == "%"


def test_ranked_by_return_the_negative_equity_bar_says_its_stocks_are_ranked_too():
    """Ranked by return, T8 (equity -10) is in a quartile and its own bar: the same stock twice,
    which the bar's label and the summary said nothing of (a second numbers audit); T8 has no
    D/E, so the ratios' boxes hold 8 of the 9 ranked."""
    from panels.leverage import leverage_summary
    from analytics.leverage import universe_profile

    result = _result("return")
    assert result.ranked == 9 and "T8" in result.table.index and result.negative_equity.n == 1
    fig = build_leverage_figure(result, title="t", source_line="Source: test").to_dict()
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert list(bars[0]["x"])[-1] == "Equity ≤ 0<br>(also ranked)"
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert any("8 of 9 ranked stocks have one" in t for t in titles), titles
    assert list(build_leverage_figure(_result(), title="t", source_line="s").to_dict()["data"][0]["x"])[-1] == \
        "Equity ≤ 0"
    tickers = [f"T{i}" for i in range(9)]
    profile = universe_profile(tickers, STATEMENTS(), PRICES(), as_of="2020-06-30")
    assert "Negative or zero equity: 1 (ranked in the quartiles like the others; as a group, mean return" in \
        leverage_summary("U", profile, result)
    assert "Negative or zero equity: 1 (own group, mean return" in leverage_summary("U", profile, _result())


def test_spec_is_plain_and_equals_the_figure():
    """The page sends the spec as it is: plain values only, a valid figure, the builder's content."""
    from components.figures.leverage import leverage_spec
    from tests.test_figure_specs import foreign_values

    result = _result()
    spec = leverage_spec(result, title="t", source_line="Source: test.")
    assert foreign_values(spec) == []
    assert [t["type"] for t in spec["data"]] == ["bar", "bar", "box", "box", "box", "box"]
    assert go.Figure(spec).to_plotly_json() == build_leverage_figure(result, title="t", source_line="Source: test.").to_plotly_json()


def test_points_above_the_axis_are_named_in_the_subplot_title_not_over_the_boxes():
    result = _result()
    result.table.loc[result.table.index[:1], "debt_to_equity"] = 500.0  # one extreme ratio
    fig = build_leverage_figure(result, title="t", source_line="Source: " + "; ".join(["x" * 40] * 6)).to_dict()
    layout = fig["layout"]
    titles = [a["text"] for a in layout["annotations"] if a.get("yref") == "paper" and a.get("y") == 1.0]
    assert any("1 stocks above" in t and t.startswith("Debt-to-equity at") for t in titles)
    assert not any(a.get("yref") == "y2 domain" for a in layout["annotations"])
    source = [a for a in layout["annotations"] if a["text"].startswith("Source:")][0]
    assert "<br>" in source["text"] and layout["margin"]["b"] > 80  # wrapped, with room below


def _at(layout: dict, key: str):
    """The value at a narrow-layout path ("annotations[1].y", "xaxis2.domain") of a layout."""
    value = layout
    for part in key.replace("[", ".").replace("]", "").split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_a_narrow_chart_stacks_the_two_charts_and_the_wide_values_are_the_figures_own():
    """On a phone the page swaps in meta.narrow's layout (assets/narrow_layout.js) and puts the
    wide values back when the chart is wide again: those must be the figure's own, the subplot
    titles must be the two annotations moved, and the stacked charts must not overlap."""
    from components.figures.leverage import NARROW_BELOW_PX, NARROW_HEIGHT, leverage_spec

    layout = leverage_spec(_result(), title="t", source_line="Source: test.")["layout"]
    narrow = layout["meta"]["narrow"]
    assert narrow["below"] == NARROW_BELOW_PX and set(narrow["layout"]) == set(narrow["wide"])
    for key, value in narrow["wide"].items():
        assert _at(layout, key) == pytest.approx(value), key
    assert [_at(layout, f"annotations[{i}].text").split(" ")[0] for i in (0, 1)] == ["Return", "Debt-to-equity"]
    stacked = narrow["layout"]
    assert stacked["height"] == NARROW_HEIGHT > layout["height"]
    assert stacked["xaxis.domain"] == stacked["xaxis2.domain"] == [0.0, 1.0]
    top, bottom = stacked["yaxis.domain"], stacked["yaxis2.domain"]
    assert bottom[0] == 0.0 and bottom[1] < top[0] and top[1] == 1.0  # returns over ratios, a gap between
    # each title over its own chart, centred; the legend over the upper title
    assert (stacked["annotations[0].x"], stacked["annotations[0].y"]) == (0.5, top[1])
    assert (stacked["annotations[1].x"], stacked["annotations[1].y"]) == (0.5, bottom[1])
    assert 1.0 < stacked["legend.y"] < narrow["wide"]["legend.y"]


def test_summary_counts_of_one_take_the_singular():
    """A universe of one listed stock and one name the data lacks: "2 members; ... 1 has a
    statement in force, 1 has prices, 1 is not in the data" (it read "1 have prices, 1 are not in
    the data", a new-analyst audit); the counts of many keep the plural."""
    from analytics.leverage import universe_profile
    from panels.leverage import leverage_summary

    profile = universe_profile(["T1", "ZZZ"], STATEMENTS(), PRICES(), as_of="2020-06-30")
    assert (profile.members, profile.with_statement, profile.with_prices, profile.not_in_data) == (2, 1, 1, 1)
    text = leverage_summary("U", profile, _result())
    assert "U: 2 members; at 2020-06-30 1 has a statement in force, 1 has prices, 1 is not in the data;" in text
    many = universe_profile([f"T{i}" for i in range(9)], STATEMENTS(), PRICES(), as_of="2020-06-30")
    assert "9 members; at 2020-06-30 9 have a statement in force, 9 have prices, 0 are not in the data;" in \
        leverage_summary("U", many, _result())
