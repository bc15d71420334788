"""The page's side of a panel: its outputs for a view, compact and cached.

The page callbacks (:mod:`callbacks.panels`) call :func:`page_outputs`; the figure goes out as a
plain dict with float arrays as float32 typed arrays (:func:`plain_outputs`), cached per the
panel's view fields, its version and the data version (:class:`panels.cache.Memo`, shared by
the workers). Exports use full-precision figures from :func:`panels.contract.render` instead.
"""

from __future__ import annotations

import base64
from typing import Callable

import numpy as np
import plotly.graph_objects as go

from panels.contract import Panel, render
from panels.view import ResolvedView


def page_outputs(data, panel: Panel, view_data, *, max_points: int | None = None) -> tuple:
    """``(figure, summary)`` of ``panel`` for its view fields, plus ``extra`` when the panel has one.

    ``data``: the app's :class:`panels.data.PanelData` (a fresh copy is made per request).
    """

    def draw(fields: dict) -> tuple:
        rendered = render(panel, request, ResolvedView.from_fields(fields), max_points=max_points)
        def parts() -> tuple:
            return (rendered.figure, rendered.summary) + ((rendered.extra,) if panel.extra is not None else ())

        parts()  # every part built first: one that fails turns those built before it into the message too
        return plain_outputs(parts())

    request = data.for_request(view_data.get("known") if isinstance(view_data, dict) else None)
    return cached_part(request, panel.name, draw, part=f"v{panel.version}:{max_points}",
                       reads=(*panel.reads, "known"), extra_key=panel.cache_key)(view_data)


def cached_part(data, name: str, update: Callable[[dict], tuple], *, part: str, reads: tuple[str, ...],
                extra_key=None) -> Callable:
    """``update`` of a panel's view fields, cached per those fields (``reads``), ``part`` and the
    data version; anything that is not a dict of plain values is answered without the cache."""

    def callback(view_data):
        fields = {name_: view_data.get(name_) for name_ in reads} if isinstance(view_data, dict) else {}
        if not isinstance(view_data, dict) or not all(map(_plain, fields.values())):
            return update(fields)
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in fields.items()))
        if extra_key is not None:
            try:
                key += tuple(extra_key(data, ResolvedView.from_fields(fields)))
            except Exception:  # noqa: BLE001 - no version: compute uncached (the panel says why)
                return update(fields)
        return data.cached(f"panel:{name}:{part}", key, lambda: update(fields))

    return callback


def _plain(value) -> bool:
    """A view field fit for a cache key: None, a string, an int, or a list of strings (notes)."""
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return value is None or (isinstance(value, (str, int)) and not isinstance(value, bool))


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
        # (the item types first, in C: dates and numbers come in lists of thousands)
        if not any(issubclass(kind, _CONTAINERS) for kind in set(map(type, node))):
            return list(node)  # dates, labels, numbers: nothing to convert
        return [_compact(item) if isinstance(item, _CONTAINERS) else item for item in node]
    return node
