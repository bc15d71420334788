"""The leverage panel's table of the most extreme names of Q1 and Q4."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from analytics.format import signed_percent
from dash import html


def _pct(value) -> str:
    return "n/a" if value is None or pd.isna(value) else signed_percent(value)


def extreme_table(frame: pd.DataFrame, result, *, rows: int, note: str = "") -> html.Div:
    """The rows of :func:`extreme_rows` as a table under its caption, most extreme first in each
    quartile; ``note`` ends the caption (:func:`panels.leverage.tie_note`)."""
    spec = result.spec
    sizes = {int(q.label): q.n for q in result.quartiles}
    rank = f"Return {spec.rank_start:%Y-%m-%d} to {spec.rank_end:%Y-%m-%d}"
    measure = f"Return {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}"
    both = rank != measure  # (the measure window equal to the view's: one column, not two alike)
    header = ["Quartile", "Ticker", "Name", "Debt / equity", *([rank] if both else []), measure]
    body = []
    for row in frame.itertuples(index=False):
        de = ("neg. equity" if row.status == "negative equity" else "zero equity" if row.status == "zero equity" else
              "n/a" if pd.isna(row.debt_to_equity) else f"{row.debt_to_equity:.2f}")
        body.append(html.Tr([html.Td(f"Q{row.quartile}"), html.Td(row.ticker), html.Td(row.name), html.Td(de),
                             *([html.Td(_pct(row.rank_return))] if both else []), html.Td(_pct(row.measure_return))]))
    stocks = {q: f"{n} stock{'' if n == 1 else 's'}" for q, n in sizes.items()}
    caption = (f"The most extreme names, up to {rows} of each: Q1 (lowest {spec.rank_by}, {stocks[1]}) "
               f"and Q4 (highest {spec.rank_by}, {stocks[4]}).") + note
    # the caption above the table, not inside it: in the table's horizontal scroll on a phone it
    # was cut off mid-sentence at the screen's edge
    return html.Div([html.P(caption, className="small text-muted mb-1 leverage-caption"),
                     dbc.Table([html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
                               size="sm", striped=True, hover=True, responsive=True, className="small")])
