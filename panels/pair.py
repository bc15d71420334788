"""The pair a view shows: its span, and the default pair when the catalog's cannot be shown.

A pair can be shown when both series load and have a date in common. A link that names no pair
shows RUT / GSPC; when that pair cannot be shown on the data at hand (a file missing or
unreadable, a one-row file after the other series ends), it shows the first pair of the catalog
that can, and says why. A pair the link names is kept: the panels that need it say why it
cannot be drawn, the others draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import parse_qsl

import pandas as pd

from analytics.series import observation_freq
from loaders.base import LoaderError
from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS, label
from state import ViewState


def _spans(data, small: str, large: str):
    """The pair's two provenances, or the loader's message for a series that does not load."""
    spans = []
    for key in (small, large):
        try:
            spans.append(data.series(key).provenance)
        except (LoaderError, KeyError) as exc:
            return str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc)
    return spans


def pair_span(data, small: str, large: str) -> tuple[dt.date, dt.date] | None:
    """First and last dates the pair has in common, or ``None`` when a series does not load or
    the two have no date in common."""
    spans = _spans(data, small, large)
    return None if isinstance(spans, str) else _common(spans)


def _common(spans) -> tuple[dt.date, dt.date] | None:
    """The dates two provenances have in common, or ``None`` when they do not meet."""
    if any(p.first is None or p.last is None for p in spans):
        return None
    first, last = max(p.first for p in spans).date(), min(p.last for p in spans).date()
    return (first, last) if first <= last else None


def pair_problem(data, small: str, large: str) -> str | None:
    """Why the pair cannot be shown (the loader's message, or :func:`pair_gap`); ``None`` when
    it can."""
    spans = _spans(data, small, large)
    return spans if isinstance(spans, str) else pair_gap(data, small, large)


def pair_gap(data, small: str, large: str) -> str | None:
    """``"Russell 2000 (RUT) runs 1987-09-10 to 2026-02-20 and S&P 500 (GSPC) has one
    observation, 2026-04-29: they have no date in common"`` when both series load and do not
    meet; else ``None``."""
    spans = _spans(data, small, large)
    if isinstance(spans, str) or _common(spans) is not None:
        return None
    described = [f"{label(k)} ({k}) {_span_text(p)}" for k, p in zip((small, large), spans)]
    return f"{described[0]} and {described[1]}: they have no date in common"


#: A window at least this long holds an observation of any daily or monthly series in the data
#: (a shorter one is checked: a weekend, a holiday, half a month of a monthly pair).
CHECKED_WINDOW = dt.timedelta(days=40)


def window_gap(data, small: str, large: str, start: dt.date, end: dt.date) -> str | None:
    """``"The window 2022-01-08 to 2022-01-09 has no observation of Russell 2000 (RUT) after its
    start ..."`` when a side of the pair has none in ``(start, end]`` (a window's return runs from
    the last observation on or before its start, so it measures nothing); else ``None``."""
    if end - start >= CHECKED_WINDOW:
        return None
    for key in (small, large):
        try:
            index = data.series(key).data.index
        except (LoaderError, KeyError):
            return None  # (the panels say why the pair cannot be drawn)
        after = index.searchsorted(pd.Timestamp(start), side="right")
        if after < len(index) and index[after] <= pd.Timestamp(end):
            continue
        what = "a month-end (the series is monthly)" if observation_freq(index) == "M" else "a trading day"
        before = f" (the last one on or before it: {index[after - 1]:%Y-%m-%d})" if after > 0 else ""
        return (f"The window {start:%Y-%m-%d} to {end:%Y-%m-%d} has no observation of {label(key)} ({key}) "
                f"after its start{before}, so there is no return to measure: the panels that measure the "
                f"window cannot draw it. Widen the window to include {what}.")
    return None


def _span_text(p) -> str:
    if p.first is None or p.last is None:
        return "has no observation"
    if p.first == p.last:
        return f"has one observation, {p.first:%Y-%m-%d}"
    return f"runs {p.first:%Y-%m-%d} to {p.last:%Y-%m-%d}"


def default_pair(data, state: ViewState | None = None, named: frozenset[str] | set[str] = frozenset()
                 ) -> tuple[ViewState, list[str]]:
    """``state`` (default: the default view) with the pair a link shows when it names none.

    ``named``: the fields the link gives; a side it names is kept when the source has the
    series (the panels say why it cannot be drawn). When the pair cannot be
    shown, the sides the link leaves to the default become the first pair of the catalog that
    can (small caps first), with a notice naming what could not be shown and why.
    """
    state = state or ViewState()
    available = set(data.available_series())
    # a side the link names is kept when the source has it (a name it lacks was ignored as unknown)
    free = [side for side in ("small", "large") if side not in named or getattr(state, side) not in available]
    if not free or pair_span(data, state.small, state.large) is not None:
        return state, []
    smalls = [state.small] if "small" not in free else [state.small, *(k for k in SMALL_CAP_KEYS if k != state.small)]
    larges = [state.large] if "large" not in free else [state.large, *(k for k in LARGE_CAP_KEYS if k != state.large)]
    for small in smalls:
        for large in larges:
            if {small, large} <= available and pair_span(data, small, large):
                chosen = replace(state, small=small, large=large)
                why = pair_problem(data, state.small, state.large)
                return chosen, [f"The default pair {label(state.small)} / {label(state.large)} cannot be shown "
                                f"({why}): showing {label(small)} ({small}) / {label(large)} ({large}) instead."]
    return state, []


def named_fields(query: str | None) -> set[str]:
    """The fields a link's query string gives (``?small=IWM&end=...`` -> ``{"small", "end"}``)."""
    if not isinstance(query, str):
        return set()
    try:
        return {name for name, _ in parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=100)}
    except ValueError:
        return set()


__all__ = ["default_pair", "named_fields", "pair_gap", "pair_problem", "pair_span", "window_gap"]
