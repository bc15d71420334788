"""The user's notes (``note=YYYY-MM-DD:text`` in a link) drawn on a time chart.

A note is a dashed vertical line over the whole plot at its date and a short label at the
top. The text is shown as written: it is HTML-escaped, so plotly's text markup (``<b>``,
``<a href>``) in a note is displayed, never interpreted. Notes outside the window are not
drawn (they do not widen the axis); labels are stacked so that close dates stay readable.
"""

from __future__ import annotations

import html

import pandas as pd

from components.figures.shading import with_shapes

NOTE_COLOR = "#6f42c1"
#: Vertical step between stacked labels, as a fraction of the plot height.
LABEL_STEP = 0.07


def parse_note(note: str) -> tuple[pd.Timestamp, str]:
    """``("YYYY-MM-DD", text)`` of a validated note (:func:`state.parse_params` checked it)."""
    day, _, text = note.partition(":")
    return pd.Timestamp(day), text


def note_items(notes, *, start, end, xref: str = "x") -> tuple[list[dict], list[dict]]:
    """``(line shapes, label annotations)`` of the notes dated within ``[start, end]``."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    width = max((end - start).total_seconds(), 1.0)
    shown = sorted((day, text) for day, text in map(parse_note, notes) if start <= day <= end)
    lines, labels = [], []
    for i, (day, text) in enumerate(shown):
        iso = f"{day:%Y-%m-%d}"
        right_edge = (day - start).total_seconds() / width > 0.75
        lines.append({"type": "line", "xref": xref, "yref": "paper", "x0": iso, "x1": iso, "y0": 0, "y1": 1,
                      "line": {"color": NOTE_COLOR, "width": 1, "dash": "dash"}, "layer": "above"})
        labels.append({"text": html.escape(text), "x": iso, "xref": xref, "y": 1.0 - LABEL_STEP * (i % 4),
                       "yref": "paper", "showarrow": False, "xanchor": "right" if right_edge else "left",
                       "yanchor": "top", "xshift": -3 if right_edge else 3,
                       "font": {"size": 10, "color": NOTE_COLOR}, "bgcolor": "rgba(255,255,255,0.75)",
                       "hovertext": html.escape(f"{iso}: {text}")})
    return lines, labels


def with_notes(spec: dict, notes, *, start, end, xref: str = "x") -> dict:
    """:func:`note_items` appended to a figure spec (changed in place and returned)."""
    if not notes or start is None or end is None:
        return spec
    return with_shapes(spec, *note_items(notes, start=start, end=end, xref=xref))
