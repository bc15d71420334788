"""Helpers every panel callback uses: load series, resolve the window, the source line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.base import Loaded, LoaderError
from state import ViewState


class PanelError(Exception):
    """A view that cannot be drawn; the message is shown in the panel."""


def load(data, *keys: str, optional: tuple[str, ...] = ()) -> dict[str, Loaded]:
    """Load ``keys`` (required) and ``optional`` keys (skipped when unavailable)."""
    out: dict[str, Loaded] = {}
    for key in keys:
        try:
            out[key] = data.series(key)
        except (LoaderError, KeyError) as exc:
            raise PanelError(str(exc).strip("'\"")) from exc
    for key in optional:
        try:
            out[key] = data.series(key)
        except (LoaderError, KeyError):
            continue
    return out


def window(state: ViewState, *series: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The state's window, defaults filled in from the common span of ``series``."""
    first = max(s.index[0] for s in series).date()
    last = min(s.index[-1] for s in series).date()
    start, end = state.resolve_window(first, last)
    return pd.Timestamp(start), pd.Timestamp(end)


def source_line(loaded: dict[str, Loaded]) -> str:
    """'Source: ...' naming each series' origin and last observation, for figures and PNGs."""
    parts = []
    for key, item in loaded.items():
        p = item.provenance
        if p.demo:
            origin = "DEMO DATA (synthetic)"
        elif p.source == "local directory":
            origin = f"file {Path(p.location).parent.name}/{Path(p.location).name}"
        else:
            origin = p.source + (" (stale copy)" if p.stale else "")
        last = f", to {p.last:%Y-%m-%d}" if p.last is not None else ""
        parts.append(f"{key}: {origin}{last}")
    return "Source: " + "; ".join(parts) + ". Small-Cap Monitor."


def pair_bounds(data, state: ViewState):
    """First and last dates the state's pair has in common (``datetime.date``), or ``None``."""
    try:
        spans = [data.series(k).provenance for k in (state.small, state.large)]
    except (LoaderError, KeyError):
        return None
    return max(p.first for p in spans).date(), min(p.last for p in spans).date()


def resolved_window(data, state: ViewState):
    """The concrete window of ``state`` (defaults filled in, clamped), or its raw dates."""
    bounds = pair_bounds(data, state)
    return state.resolve_window(*bounds) if bounds else (state.start, state.end)
