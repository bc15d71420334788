"""Helpers every panel callback uses: load series, resolve the window, the source line."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from loaders.base import Loaded, LoaderError, SeriesMissing
from state import ViewState

#: View-state fields each panel reads. The state hub sends a panel its fields (its "view")
#: only when one of them changes, so an interaction redraws only the panels it concerns.
PANEL_FIELDS: dict[str, tuple[str, ...]] = {
    "facts": ("small", "large", "asof"),
    "relative": ("small", "large", "start", "end"),
    "rates": ("small", "large", "start", "end"),
    "spreads": ("small", "large", "start", "end"),
    "correlation": ("small", "large", "start", "end", "freq", "window"),
    "regimes": ("small", "large", "event", "asof"),
    "leverage": ("small", "large", "start", "end", "universe", "rank_by", "mstart", "mend"),
}


#: Panels that draw their own series over the shared window and read the pair only to
#: resolve that window: the hub hands them the resolved window with ``small`` and ``large``
#: None (:func:`hub_view`), so a pair change that keeps the window does not redraw them.
WINDOW_PANELS = ("rates", "spreads")


def panel_view(state: ViewState, panel: str) -> dict:
    """The fields of ``state`` that ``panel`` reads, JSON-ready (see :data:`PANEL_FIELDS`)."""
    data = state.to_dict()
    return {name: data[name] for name in PANEL_FIELDS[panel]}


def hub_view(state: ViewState, panel: str, bounds: tuple | None) -> dict:
    """The view the hub writes for ``panel``: :func:`panel_view`, except that a window panel
    (:data:`WINDOW_PANELS`) gets the window resolved on the pair instead of the pair.

    ``bounds``: :func:`pair_bounds` of ``state`` (``None``: the pair does not load, and the
    panel resolves the window on its own series).
    """
    view = panel_view(state, panel)
    if panel in WINDOW_PANELS and bounds is not None:
        start, end = state.resolve_window(*bounds)
        view.update(small=None, large=None, start=start.isoformat(), end=end.isoformat())
    return view


def is_window_view(view) -> bool:
    """Whether ``view`` is a resolved window from :func:`hub_view` (no pair, both dates)."""
    return (isinstance(view, dict) and view.get("small") is None and view.get("large") is None
            and bool(view.get("start")) and bool(view.get("end")))


class PanelError(Exception):
    """A view that cannot be drawn; the message is shown in the panel."""


def load(data, *keys: str, optional: tuple[str, ...] = (), errors: dict[str, str] | None = None
         ) -> dict[str, Loaded]:
    """Load ``keys`` (required) and ``optional`` keys (skipped when unavailable).

    Raises:
        PanelError: a required key cannot be loaded (the loader's message).

    ``errors``, when given, receives the message of each optional key that failed, so a
    panel with nothing left can say why (a broken file) instead of "not in this source".
    """
    out: dict[str, Loaded] = {}
    for key in keys:
        try:
            out[key] = data.series(key)
        except (LoaderError, KeyError) as exc:
            raise PanelError(str(exc).strip("'\"")) from exc
    for key in optional:
        try:
            out[key] = data.series(key)
        except (KeyError, SeriesMissing):  # not a series of this source
            continue
        except LoaderError as exc:
            if errors is not None:
                errors[key] = str(exc)
    return out


def unavailable(what: str, keys, errors: dict[str, str]) -> str:
    """"no <what> in this data source", or the loaders' messages when the series failed."""
    failed = [errors[k] for k in keys if k in errors]
    return f"no {what} could be loaded: " + "; ".join(failed) if failed else f"no {what} in this data source"


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


def plain_outputs(outputs):
    """Callback outputs with figures as plain, compact dicts (cheap to cache and send).

    A figure is a ``go.Figure`` or a spec dict (``{"data": [...], "layout": {...}}``, see
    :mod:`components.figures`). Float arrays in traces are sent as base64 float32 typed
    arrays (about 7 significant digits, ample for a chart; half the bytes of float64), other
    arrays as lists. Exports use full-precision figures instead.
    """
    if isinstance(outputs, tuple):
        return tuple(plain_outputs(o) for o in outputs)
    if isinstance(outputs, go.Figure):
        outputs = outputs.to_plotly_json()
    if isinstance(outputs, dict) and "data" in outputs and "layout" in outputs:
        return {**outputs, "data": [_compact(trace) for trace in outputs["data"]]}
    return outputs


def _typed(values: np.ndarray) -> dict:
    data = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(data.tobytes()).decode("ascii"),
            **({"shape": ", ".join(map(str, data.shape))} if data.ndim > 1 else {})}


_CONTAINERS = (dict, list, tuple, np.ndarray)


def _compact(node):
    """A trace (or part of one) with float arrays as float32 typed arrays."""
    if isinstance(node, np.ndarray):
        return _typed(node) if node.dtype.kind == "f" else node.tolist()
    if isinstance(node, dict):
        if node.get("dtype") == "f8" and isinstance(node.get("bdata"), str):
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype="<f8")
            return {**_typed(values), **({"shape": node["shape"]} if "shape" in node else {})}
        return {key: _compact(value) if isinstance(value, _CONTAINERS) else value for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        if not any(isinstance(item, _CONTAINERS) for item in node):
            return list(node)  # dates, labels, numbers: nothing to convert
        return [_compact(item) if isinstance(item, _CONTAINERS) else item for item in node]
    return node


def memoised_panel(memo, panel: str, update, max_points: int | None = None, *, part: str = ""):
    """The callback body of ``panel``: ``update`` cached per view (``memo`` None: not cached).

    The key is the panel's view (its fields of the state, :data:`PANEL_FIELDS`), the display
    budget, ``part`` (one of several callbacks of a panel) and the data version; figures are
    cached as plain dicts. Anything that is not a view the hub writes (plain strings, numbers,
    None) is answered without the cache.
    """
    if memo is None:
        return lambda view: plain_outputs(update(view))

    def callback(view):
        if not isinstance(view, dict):
            return plain_outputs(update(view))
        fields = tuple((name, view.get(name)) for name in PANEL_FIELDS[panel])
        if any(isinstance(v, bool) or not isinstance(v, (str, int, type(None))) for _, v in fields):
            return plain_outputs(update(view))
        return memo.get_or_compute(f"panel:{panel}:{part}:{max_points}", fields,
                                   lambda: plain_outputs(update(dict(fields))))

    return callback
