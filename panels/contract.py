"""The panel contract: one declaration per panel, one render path for page, exports and CLI.

A :class:`Panel` names the :class:`~panels.view.ResolvedView` fields it reads and three pure
steps: ``compute(data, view)`` loads and computes (raising :class:`PanelError`, or
``ValueError`` from the analytics, with a message for people), ``figure(result, max_points)``
returns a plotly figure dict, ``summary(result)`` the line under it; ``table(result)`` is the
DataFrame behind the figure (CSV), ``extra(result)`` an optional page-only component (a table
beside the chart). :func:`render` runs a panel for a view; the page callbacks, the export
routes and the CLI all call it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import pandas as pd

from components.figures.common import empty_spec
from components.figures.notes import with_notes
from components.figures.overlays import with_overlays
from panels.overlays import load_overlays


#: What a panel shows when its code fails on a view (a bug, logged with the view): a message in
#: place of a server error, a blank chart, or the previous view's chart left standing beside the
#: new ones.
PROGRAM_ERROR = ("This view could not be drawn because of an error in the program (logged for its "
                 "maintainers); the other panels are not affected. Another window or pair may draw.")


class PanelError(Exception):
    """A view that cannot be drawn; the message (for people) is shown in the panel.

    ``short``: what the figure shows instead of "Cannot draw this view: <message>" (None: that).
    """

    def __init__(self, message: str, *, short: str | None = None):
        super().__init__(message)
        self.short = short


@dataclass(frozen=True)
class Panel:
    """One panel's declaration (see the module docstring).

    Attributes:
        name: The export name and component-id prefix (``relative``, ``rates``...).
        title: Title of the card and of the "cannot draw" figure.
        reads: The view fields the panel depends on (its cache key and its input store).
        compute: ``compute(data, view) -> result``.
        figure: ``figure(result, max_points) -> dict``; ``max_points`` None draws everything.
        summary: ``summary(result) -> str``.
        table: ``table(result) -> DataFrame`` for CSV; None: the figure's data.
        extra: ``extra(result) -> component`` shown under the chart on the page, or None.
        version: Bump when what a panel draws changes (part of its cache key).
        cache_key: ``cache_key(data, view) -> tuple`` of what else the result depends on
            besides ``reads`` and the data version (the leverage panel: the universe's version).
        notes: Whether the figure has a date axis on which the view's notes are drawn (the
            panel then reads ``note``).
        overlays: Whether the view's overlay series are drawn over the figure (the panel then
            reads ``overlay``; see :mod:`panels.overlays`).
        requires: A view field without which the panel shows only its empty state ("Choose a
            universe..."): while it is empty the panel's input is that field alone
            (:meth:`inputs`), so a change of the window does not redraw an empty panel.
        series: ``series(view) -> keys`` of the series the panel draws or states for a view,
            its overlays aside (:func:`panels.registry.view_series`): the page's header names
            those that end before the as-of date. None: no series (the company universe).
    """

    name: str
    title: str
    reads: tuple[str, ...]
    compute: Callable[[Any, Any], Any]
    figure: Callable[[Any, int | None], dict]
    summary: Callable[[Any], str]
    table: Callable[[Any], pd.DataFrame] | None = None
    extra: Callable[[Any], Any] | None = None
    version: int = 1
    cache_key: Callable[[Any, Any], tuple] | None = None
    notes: bool = False
    overlays: bool = False
    requires: str | None = None
    series: Callable[[Any], tuple[str, ...]] | None = None

    def inputs(self, view) -> tuple[str, ...]:
        """The view fields the page hands the panel for ``view``: :attr:`reads`, or only
        :attr:`requires` while that field is empty."""
        if self.requires is not None and not getattr(view, self.requires):
            return (self.requires,)
        # a pinned link's data as it was: every panel reads it (its series are cut there)
        return self.reads + (("known",) if getattr(view, "known", None) else ())


@dataclass
class Rendered:
    """A panel rendered for one view: the result, or the message of why it cannot be drawn.

    Figure, summary, table and extra are computed on first access, so a caller pays only
    for what it uses (a CSV export never builds the figure).
    """

    panel: Panel
    result: Any = None
    error: str | None = None
    max_points: int | None = None
    short_error: str | None = field(default=None, repr=False)
    view: Any = field(default=None, repr=False)
    overlays: Any = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def _guarded(self, step: str, build: Callable[[], Any]) -> Any:
        """``build()``, or None with :data:`PROGRAM_ERROR` set when the panel's code fails (logged)."""
        try:
            return build()
        except Exception:  # noqa: BLE001 - one panel's bug on one view: that panel says so
            logging.getLogger(__name__).exception("panel %s failed to build its %s for %r", self.panel.name,
                                                  step, self.view)
            self.error, self.short_error = PROGRAM_ERROR, None
            for built in ("figure", "summary", "table", "extra"):  # (what was built before: the message now)
                self.__dict__.pop(built, None)
            return None

    @cached_property
    def figure(self) -> dict:
        spec = None if self.error is not None else self._guarded("figure", self._figure)
        if spec is None:
            text = self.short_error or f"Cannot draw this view: {self.error}"
            return empty_spec(text, title=self.panel.title)
        return spec

    def _figure(self) -> dict:
        spec = self.panel.figure(self.result, self.max_points)
        if self.overlays is not None:
            spec = with_overlays(spec, self.overlays.drawn(self.max_points))
        if self.panel.notes and self.view is not None and self.view.note:
            spec = with_notes(spec, self.view.note, start=self.view.start, end=self.view.end)
        return spec

    @cached_property
    def summary(self) -> str:
        text = None if self.error is not None else self._guarded("summary", lambda: self.panel.summary(self.result))
        if text is None:
            return self.error
        return text if self.overlays is None else f"{text} {self.overlays.summary()}".rstrip()

    @cached_property
    def table(self) -> pd.DataFrame | None:
        if self.error is not None or self.panel.table is None:
            return None
        return self._guarded("table", lambda: self.panel.table(self.result))

    @cached_property
    def extra(self):
        if self.panel.extra is None or self.error is not None:
            return None
        return self._guarded("extra", lambda: self.panel.extra(self.result))


def render(panel: Panel, data, view, *, max_points: int | None = None) -> Rendered:
    """Run ``panel`` for ``view`` on ``data``; a view that cannot be drawn gives a
    :class:`Rendered` with ``error`` set (never an exception for bad input or data)."""
    try:
        result = panel.compute(data, view)
    except PanelError as exc:
        return Rendered(panel, error=str(exc), short_error=exc.short, max_points=max_points)
    except ValueError as exc:  # the analytics' messages on series they cannot use
        return Rendered(panel, error=str(exc), max_points=max_points)
    except Exception:  # noqa: BLE001 - a bug on one view: the panel says so, the page and exports go on
        logging.getLogger(__name__).exception("panel %s failed to compute %r", panel.name, view)
        return Rendered(panel, error=PROGRAM_ERROR, max_points=max_points)
    overlays = load_overlays(data, view) if panel.overlays else None
    return Rendered(panel, result=result, max_points=max_points, view=view, overlays=overlays)
