"""Figure of the ``facts`` panel for exports: the headline facts as a table image."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.facts_common import rank_words
from components.figures.common import TITLE_TOP, base_layout
from components.png import OWN_HEIGHT_MAX
from components.figures.shading import with_wrapped_source_line

#: Height of one table line and of the title/header block, in CSS pixels; characters a line of
#: the fact column and of the rank column holds (at the default 1,200 px width).
ROW_PX, HEAD_PX, LINE_CHARS, RANK_CHARS = 24, 160, 100, 28


def record_label(fact) -> str:
    """The record the fact's text states: ``"on record"``, the ``record_since`` date, or empty
    (no record status, or one too recent or beating too few values to state)."""
    if not fact.record_stated:
        return ""
    return "on record" if fact.record_since is None else fact.record_since


def table_height(facts) -> int:
    """The figure's height in CSS pixels for these rows (long sentences wrap)."""
    lines = sum(max(-(-len(f.text) // LINE_CHARS), -(-len(rank_words(f)) // RANK_CHARS)) for f in facts)
    return HEAD_PX + ROW_PX * max(lines, 1) + 4 * len(facts)


def _fitting(facts: list) -> tuple[list, int]:
    """The facts whose rows fit :data:`components.png.OWN_HEIGHT_MAX`, and how many are left out
    (a table taller than its image was cut off mid-row, without a word)."""
    kept = list(facts)
    while len(kept) > 1 and table_height(kept) > OWN_HEIGHT_MAX:
        kept.pop()
    return kept, len(facts) - len(kept)


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
    facts, more = _fitting(list(facts))
    fig = go.Figure(go.Table(
        columnwidth=[7.5, 2, 2.2, 1.3],  # the rank ("20,795th-deepest of 24,651") on one line
        header={"values": ["Fact", "Period", "Rank", "Record since"], "align": "left",
                "fill": {"color": "#f1f3f5"}, "font": {"size": 12}},
        cells={"values": [[f.text for f in facts], [f"{f.start} to {f.end}" for f in facts],
                          [rank_words(f) for f in facts], [record_label(f) for f in facts]],
               "align": "left", "height": ROW_PX, "font": {"size": 11}},
    ))
    title = f"Headline facts as of {as_of}" + (f" (the first {len(facts)}; {more} more in the CSV)" if more else "")
    base_layout(fig, title=title, uirevision="facts", height=table_height(facts))
    fig.update_layout(margin={"l": 20, "r": 20, "t": 60 + TITLE_TOP})
    return go.Figure(with_wrapped_source_line(fig.to_dict(), source_line))
