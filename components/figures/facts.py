"""Figure of the ``facts`` panel for exports: the headline facts as a table image."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.facts_common import rank_words
from components.figures.common import TITLE_TOP, base_layout
from components.figures.shading import with_wrapped_source_line

#: Height of one table line and of the title/header block, in CSS pixels; characters a line holds.
ROW_PX, HEAD_PX, LINE_CHARS = 24, 160, 100


def record_label(fact) -> str:
    """The record the fact's text states: ``"on record"``, the ``record_since`` date, or empty
    (no record status, or one too recent or beating too few values to state)."""
    if not fact.record_stated:
        return ""
    return "on record" if fact.record_since is None else fact.record_since


def build_facts_figure(facts, *, as_of: str, source_line: str) -> go.Figure:
    """The facts' sentences with their period and record status, one row each.

    Args:
        facts: :class:`analytics.facts.Fact` items, in sheet order.
        as_of: ISO date the facts are stated as of (title).
        source_line: Sources and as-of line printed under the table.

    Returns:
        A ``go.Table`` figure sized to its rows (columns: fact, period, rank among its
        comparable values, and the record its sentence states).
    """
    facts = list(facts)
    fig = go.Figure(go.Table(
        columnwidth=[8, 2, 1.5, 1.5],
        header={"values": ["Fact", "Period", "Rank", "Record since"], "align": "left",
                "fill": {"color": "#f1f3f5"}, "font": {"size": 12}},
        cells={"values": [[f.text for f in facts], [f"{f.start} to {f.end}" for f in facts],
                          [rank_words(f) for f in facts], [record_label(f) for f in facts]],
               "align": "left", "height": ROW_PX, "font": {"size": 11}},
    ))
    lines = sum(-(-len(f.text) // LINE_CHARS) for f in facts)  # long sentences wrap
    base_layout(fig, title=f"Headline facts as of {as_of}", uirevision="facts",
                height=HEAD_PX + ROW_PX * max(lines, 1) + 4 * len(facts))
    fig.update_layout(margin={"l": 20, "r": 20, "t": 60 + TITLE_TOP})
    return go.Figure(with_wrapped_source_line(fig.to_dict(), source_line))
