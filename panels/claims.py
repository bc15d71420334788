"""Claims checked against the data source: load the facts' series, check, link each claim.

Shared by ``smallcap-monitor check`` (:mod:`cli.check`) and the page's "Check a claim" box
(:mod:`callbacks.claims`), so both give the same records. No Dash here.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from analytics.claims import ClaimCheck, check_text, source_keys
from analytics.claims.compute import Outcome
from analytics.claims.spec import FUNDS, Spec
from loaders.base import Loaded
from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS
from loaders.universe import UniverseData
from panels.claim_quartiles import quartile_provider
from panels.data import citation
from panels.fact_series import load_fact_series
from state import ViewState


def claim_link(spec: Spec, out: Outcome, *, as_of: dt.date) -> str | None:
    """The share link (``/?start=...&end=...&asof=...#panel-<panel>``) of the view showing a claim.

    The window is the span the figure covers (widened to show a record's "since" or a peak),
    the pair carries the claim's series (small or large side), the as-of date is the date the
    figure is computed for, and the fragment names the panel's card.
    """
    view = out.view
    if not view:
        return None
    fields: dict = {}
    series = view.get("series") or ""
    for part in re.split(r"[-~/]", series):
        if part in SMALL_CAP_KEYS:
            fields["small"] = part
        elif part in LARGE_CAP_KEYS:
            fields["large"] = part
    start, end = view.get("start"), view.get("end")
    if start is not None and end is not None:
        start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        if start < end:
            fields["start"], fields["end"] = start, end
    # never after the publication date (a Fed move is dated by FRED's effective date, the next day)
    fields["asof"] = min(pd.Timestamp(out.end).date(), as_of) if out.end is not None else as_of
    if "start" not in fields:  # (an event study's view): the three years to that date, none after it
        fields["end"] = fields["asof"]
        fields["start"] = fields["end"] - dt.timedelta(days=3 * 365)
    if view.get("panel") == "leverage":
        # the leverage panel ranks at its window's end and measures over its measure window
        ranked = pd.Timestamp(view["leverage_date"]).date()
        fields.update(start=ranked - dt.timedelta(days=365), end=ranked, universe=view["universe"],
                      rank_by="leverage", mstart=start, mend=end)
    if "event" in view:
        fields["event"] = view["event"]
    if "window" in view:
        fields["window"] = view["window"]
    try:
        state = ViewState(**fields)
    except TypeError:  # pragma: no cover - fields are ViewState's
        return None
    state, _ = state.validated()
    return f"/?{state.to_query()}#panel-{view.get('panel', 'relative')}"


def claim_source(spec: Spec, out: Outcome, loaded: dict[str, Loaded], universe=None) -> str | None:
    """``"Source: Russell 2000 (^RUT) via Yahoo Finance, to 2026-02-20; ..."``: each series the
    figure was computed from (:func:`analytics.claims.source_keys`) that was loaded and has data
    in the figure's span (the single Fed target, which ends in 2008, is not cited for a 2024
    cut, nor the target range for a 1994 hike), cited as the charts cite it
    (:func:`panels.data.citation`); ``None`` when none is."""
    start = pd.Timestamp(out.start) if out.start is not None else None
    end = pd.Timestamp(out.end) if out.end is not None else None
    cited = []
    for key in (*source_keys(spec), *out.also_from):  # (the fund of a return read with dividends too)
        item = loaded.get(key)
        if item is None or not len(item.data.index):
            continue
        first, last = item.data.index[0], item.data.index[-1]
        if (end is not None and first > end) or (start is not None and last < start):
            continue
        cited.append(citation(key, item))
    if spec.measure == "leverage_quartile" and out.computed is not None and universe is not None:
        cited.append(f"companies: {universe.describe()}")  # the membership list, statements and prices
    return "Source: " + "; ".join(cited) + "." if cited else None


def _universe(data):
    """The company universe of ``data``: a PanelData's, else one on the DataSource's cache."""
    universe = getattr(data, "universe", None)
    if universe is None and hasattr(data, "worker_cache"):
        universe = UniverseData.for_source(data)
    return universe


def check_claims(data, text: str, *, as_of: dt.date) -> tuple[ClaimCheck, list[str]]:
    """Check ``text`` as of ``as_of`` on the series of ``data`` (a DataSource or PanelData).

    Returns:
        The :class:`~analytics.claims.ClaimCheck` and notes on the inputs (series that could
        not be loaded, stale or demo data), as the facts report them.

    Raises:
        analytics.claims.TextTooLong: the text is too long (nothing is loaded then).
    """
    from analytics.claims import MAX_CHARS, TextTooLong

    if isinstance(text, str) and len(text) > MAX_CHARS:
        raise TextTooLong(f"the text has {len(text):,} characters; at most {MAX_CHARS:,} can be checked at once")
    inputs = load_fact_series(data)
    # the funds a text may name (IWM, SPY): optional, so a source without them notes nothing
    funds, _ = data.many([key for key in FUNDS if key not in inputs.loaded])
    loaded = {**inputs.loaded, **funds}
    universe = _universe(data)
    result = check_text(text, {key: item.data for key, item in loaded.items()}, as_of=as_of,
                        link=lambda spec, out: claim_link(spec, out, as_of=as_of),
                        cite=lambda spec, out: claim_source(spec, out, loaded, universe),
                        quartiles=quartile_provider(universe))
    return result, inputs.notes()
