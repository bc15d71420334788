"""The one place the view state changes: URL, controls, zooms and fact clicks -> state.

A single callback owns the view state, the URL query string and every control's value, so
that they never disagree and there is no circular chain between callbacks:

- the URL changed (page load, back/forward, a pasted link): parse it, notices for what was
  ignored, and set every control from it;
- a control changed, a time panel was zoomed, a preset or a fact was clicked: update the
  state and push the new query string (``dcc.Location(refresh=False)`` adds a history entry).

Each step resolves the state once into a :class:`panels.view.ResolvedView` (concrete dates,
notices), kept in the page's view store. Panels do not listen to the whole state: each listens
to its own view store (the resolved fields it reads, :attr:`panels.contract.Panel.reads`),
which the hub writes only when they changed. Controls and graph settings are likewise written
only when they change, and zooms are filtered in the browser (:data:`ZOOM_FILTER_JS`) so
Plotly's autosize events never reach the server.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl
from dataclasses import replace
from typing import NamedTuple

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from components.controls import universe_options
from components.ids import GRAPH_PANELS, PANELS, TIME_PANELS, Id, graph_id, view_id
from components.header import asof_text
from components.panels import graph_config
from loaders.base import LoaderError
from loaders.catalog import label
from panels.data import series_ending_before
from panels.facts import last_fed_move
from panels.pair import default_pair, named_fields, pair_span
from panels.registry import REGISTRY, known_of, view_series
from panels.view import ResolvedView, resolve_view
from state import (
    EVENTS, FREQS, RANK_BY, SCALES, TRANSFORMS, WINDOW_BOUNDS, ViewState, convert_window, known_dates, parse_date,
    parse_query, years_before,
)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _date(text) -> dt.date | None:
    try:
        return parse_date(str(text)[:10]) if text else None
    except ValueError:
        return None


#: The "Fed" preset on the day of a move (a window cannot start on its last day): the week before.
FED_DAY_LEAD = dt.timedelta(days=7)


def preset_window(preset, *, end: dt.date, data_start: dt.date,
                  last_move: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """Window of a preset button ending at ``end``, clipped to the data: ``years`` (an int;
    0 = from ``data_start``), ``"ytd"`` (from the year's first day) or ``"fed"`` (from
    ``last_move``, the last Fed move's announcement; announced on ``end`` itself, from
    :data:`FED_DAY_LEAD` before it, so that the day's move shows). None: no such window (no Fed
    move known)."""
    if preset == "ytd":
        return max(dt.date(end.year, 1, 1), data_start), end
    if preset == "fed":
        if last_move is None:
            return None
        start = last_move if last_move < end else end - FED_DAY_LEAD
        return max(start, data_start), end
    if not preset:
        return data_start, end
    return max(years_before(end, preset), data_start), end


def _preset(value) -> int | str | None:
    """A preset button's ``years`` id value, checked (a client may send anything)."""
    if value in ("ytd", "fed"):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    return None


def zoom_window(relayout: dict | None) -> tuple[dt.date, dt.date] | None:
    """The x range of a zoom from ``relayoutData`` (any x axis), or ``None`` (autorange, y-only...)."""
    if not isinstance(relayout, dict) or not relayout:
        return None
    for key, value in relayout.items():
        if key.startswith("xaxis") and key.endswith(".range") and isinstance(value, list) and len(value) == 2:
            start, end = _date(value[0]), _date(value[1])
            break
        if key.startswith("xaxis") and key.endswith(".range[0]"):
            start = _date(value)
            end = _date(relayout.get(key.replace("[0]", "[1]")))
            break
    else:
        return None
    if start is None or end is None:
        return None
    return (start, end) if start <= end else (end, start)


def clicked_band(click: dict | None) -> tuple[dt.date, dt.date] | None:
    """Dates of a clicked cycle chip (``clickAnnotationData``): its name is ``band|start|end``."""
    annotation = click.get("annotation") if isinstance(click, dict) else None
    name = annotation.get("name") if isinstance(annotation, dict) else None
    parts = name.split("|") if isinstance(name, str) else []
    if len(parts) == 3 and parts[0] == "band":
        start, end = _date(parts[1]), _date(parts[2])
        if start and end:
            return start, end
    return None


#: How many earlier windows a double-click can return to.
MAX_BACK = 20


def window_stack(windows) -> list[list[str]]:
    """The earlier windows store (``[[start, end], ...]``, oldest first), checked: a client may
    send anything; malformed entries are dropped."""
    if not isinstance(windows, list):
        return []
    kept = [w for w in windows[-MAX_BACK:] if isinstance(w, list) and len(w) == 2
            and all(isinstance(d, str) and _date(d) for d in w)]
    return kept


class FactTarget(NamedTuple):
    """What a clicked fact sets: the window, the panel to highlight, for a correlation the
    frequency and window of its figure and for the Fed regime the event study's event (else
    ``None``)."""

    start: dt.date
    end: dt.date
    panel: str
    freq: str | None = None
    window: int | None = None
    event: str | None = None


def fact_target(triggered) -> FactTarget | None:
    """The view of a clicked fact; its id index is ``start|end|panel`` plus ``|<freq><window>``
    for a correlation or ``|<event>`` for the Fed regime (:func:`callbacks.facts.fact_index`)."""
    if not isinstance(triggered, dict) or triggered.get("type") != Id.FACT_ITEM:
        return None
    parts = str(triggered.get("index", "")).split("|")
    if len(parts) not in (3, 4):
        return None
    start, end = _date(parts[0]), _date(parts[1])
    if start is None or end is None or parts[2] not in PANELS:
        return None
    if len(parts) == 3:
        return FactTarget(start, end, parts[2])
    if parts[3] in EVENTS:
        return FactTarget(start, end, parts[2], event=parts[3])
    freq, length = parts[3][:1], parts[3][1:]
    if freq not in FREQS or not (length.isascii() and length.isdigit()):
        return None
    window = int(length)
    if not WINDOW_BOUNDS[0] <= window <= WINDOW_BOUNDS[1]:
        return None
    return FactTarget(start, end, parts[2], freq, window)


def _trigger_id(prop: str):
    """The component id of a ``prop_id`` (a dict for pattern-matching ids)."""
    component = prop.rsplit(".", 1)[0] if "." in prop else prop
    if component.startswith("{"):
        try:
            return json.loads(component)
        except ValueError:
            return None
    return component


def known_notices(data, known: str) -> list[str]:
    """What a pinned link's ``known`` holds back from the data at hand (``data`` uncut): "This link
    shows the data as it was when it was made: ICE BofA US High Yield OAS (BAMLH0A0HYM2) to
    2026-03-26 (the data now runs to 2026-04-23). ..."; nothing when the data has not moved on."""
    moved = []
    for key, day in known_dates(known).items():
        try:
            p = data.series(key).provenance
        except (LoaderError, KeyError):
            continue
        first, last = p.first, p.last
        if last is not None and last.date() > day and (first is None or first.date() <= day):  # (cut_at_known's rule)
            moved.append(f"{label(key)} ({key}) to {day:%Y-%m-%d} (the data now runs to {last:%Y-%m-%d})")
    if not moved:
        return []
    return ["This link shows the data as it was when it was made: " + "; ".join(moved)
            + ". The link to the latest data shows the newer readings."]


def header_fields(view: ResolvedView) -> tuple:
    """What the header's date line depends on: the as-of date and the series the panels read."""
    return view.asof, view.small, view.large, view.overlay


class StateHub:
    """Builds the hub callback for a data source; see the module docstring."""

    def __init__(self, data):
        self.data = data
        self.universe = data.universe

    def universe_menu(self, name, shown):
        """The universe menu's options when the view names a stored upload the menu may not offer
        (a link opened in another browser): set with the value, in one answer, or the menu drops
        a value it does not offer (the link lost its universe, unsaid); else no change."""
        if name == shown or self.universe is None or not (isinstance(name, str) and name.startswith("upload:")):
            return no_update
        return universe_options(self.universe, None, name)

    def universes(self, *candidates) -> list[str] | None:
        """Known universe names, plus those ``candidates`` that are stored uploads."""
        if self.universe is None:
            return None
        try:
            return self.universe.known_universes(*candidates)
        except LoaderError:
            return []

    def from_url(self, search: str, data=None) -> tuple[ViewState, list[str], list[str]]:
        """The link's state, what of it was ignored, and what was adjusted to the data (the
        default pair replaced when it cannot be shown); ``data``: the request's (its loads are
        shared with the step's)."""
        requested = [v for k, v in parse_qsl(search.lstrip("?")) if k == "universe"] if isinstance(search, str) else []
        state, notices = parse_query(search, series_keys=self.data.available_series(),
                                     universes=self.universes(*requested))
        state, fallback = default_pair(data or self.data.for_request(), state, named_fields(search))
        return state, notices, fallback

    def update(self, url, controls, zoom, band_click, presets, facts, follow, current, shown=None, windows=None):
        """The callback body: reads what fired from ``dash.ctx`` and hands off to :meth:`step`."""
        triggered = [(t["prop_id"], t.get("value")) for t in (ctx.triggered or [])]
        return self.step(triggered, url=url, controls=controls, zoom=zoom,
                         band_click=band_click, current=current, shown=shown, windows=windows)

    def step(self, triggered: list[tuple[str, object]], *, url, controls: dict, zoom: dict | None,
             band_click, current, shown=None, windows=None) -> dict:
        """The next view for what fired (``(prop_id, value)`` pairs), as the outputs dict.

        Raises:
            PreventUpdate: nothing changes (a mount-time event, an autosize, a repeat).
        """
        prop, value = triggered[0] if triggered else ("", None)
        trigger = _trigger_id(prop)
        notices: list[str] = []
        adjusted: list[str] = []
        highlight = None
        back = None  # the earlier windows after a double-click went back to one of them
        refused = None  # a control whose value was refused (its field is written back)
        data = self.data.for_request()
        state = ViewState.from_dict(current) if current else None
        before = ResolvedView.from_fields(shown) if current and isinstance(shown, dict) and shown else None
        if state is None or prop in ("", ".", f"{Id.URL}.search"):
            state, notices, adjusted = self.from_url(url, data)
            out = self.outputs(data, state, notices, highlight, before=before, adjusted=adjusted)
            if current:
                # Back/forward to a history entry: leave its URL as it is. Rewriting a
                # non-canonical entry (the link as first opened) would push a new entry
                # and Back could never leave the page. Only a page load rewrites the link.
                out["url"] = no_update
            return out
        previous = state
        if isinstance(trigger, dict) and trigger.get("type") == Id.PRESETS:
            bounds = pair_span(data, state.small, state.large)
            if not value or bounds is None:
                raise PreventUpdate
            preset = _preset(trigger.get("years", 0))
            if preset is None:
                raise PreventUpdate
            # a pinned as-of date is the presets' "today" (YTD as of 2022-06-16, the Fed's last move
            # by then); else the pair's last observation
            end = min(state.asof, bounds[1]) if state.asof is not None else bounds[1]
            last_move = last_fed_move(data, end) if preset == "fed" else None
            window = preset_window(preset, end=end, data_start=bounds[0], last_move=last_move)
            if window is None:
                notices.append(f"No Fed move is known on or before {end:%Y-%m-%d}: the fed funds target "
                               "series do not load.")
                return self.outputs(data, state, notices, highlight, before=before)
            if preset == "fed" and last_move >= end:
                notices.append(f"The last Fed move was announced on {last_move:%Y-%m-%d}, the window's last "
                               "day; a window cannot start on its last day, so it shows the week "
                               "before the move.")
            state = state.with_window(*window)
        elif isinstance(trigger, dict) and trigger.get("type") == Id.FACT_ITEM:
            target = fact_target(trigger)
            if not value or target is None:
                raise PreventUpdate
            state = replace(state, start=target.start, end=target.end, asof=target.end)
            if target.freq:
                state = replace(state, freq=target.freq, window=target.window)
            if target.event:
                state = replace(state, event=target.event)
            highlight = target.panel
        elif prop == f"{Id.ASOF_FOLLOW}.n_clicks":
            if not value:
                raise PreventUpdate
            state = replace(state, asof=None)
        elif prop.endswith(".clickAnnotationData"):
            window = clicked_band(band_click)
            if window is None:
                raise PreventUpdate
            state = state.with_window(*window)
        elif prop == f"{Id.ZOOM}.data" and isinstance(zoom, dict) and zoom.get("back") is True:
            # a double-click (autorange) on a time chart: back to the previous window
            stack = window_stack(windows)
            shown_window = [before.start.isoformat(), before.end.isoformat()] if before and before.start else None
            while stack and stack[-1] == shown_window:
                stack.pop()
            if not stack:
                raise PreventUpdate
            state = state.with_window(*(_date(d) for d in stack.pop()))
            back = stack
        elif prop == f"{Id.ZOOM}.data":
            window = zoom_window(zoom.get("relayout") if isinstance(zoom, dict) else None)
            if window is None:
                raise PreventUpdate
            state = state.with_window(*window)
        else:
            changed = {name for name, (cid, cprop) in CONTROL_PROPS.items()
                       if any(p == f"{cid}.{cprop}" for p, _ in triggered)}
            state = self.apply_controls(state, controls, changed)
            if "window" in changed and state.window == previous.window and _int(controls.get("window")) != previous.window:
                # (a number the field's limits refuse reaches here as None: it stayed in the field, unsaid)
                low, high = WINDOW_BOUNDS
                notices.append(f"A correlation window is {low} to {high} periods; it stays at {previous.window}.")
                refused = "window"
            if "freq" in changed and "window" not in changed and state.freq != previous.freq:
                window, note = convert_window(previous.window, previous.freq, state.freq)
                state = replace(state, window=window)
                adjusted.append(note)
            if changed & {"small", "large"} and before is not None and before.start and before.end:
                # a new pair keeps the window: the one asked for (a pair with less data shows it
                # clamped, with a notice, and the next pair gets it whole again), or the one
                # shown when none was asked for (the default window is the pair's own)
                state = state.with_window(previous.start or before.start, previous.end or before.end)
        if (state.asof != previous.asof and state.start is None and state.end is None
                and before is not None and before.start and before.end):
            # the default window ends at a pinned as-of date: pinning or unpinning it keeps the
            # window shown (the as-of date never moves the window)
            state = state.with_window(before.start, before.end)
        # posted control values can be anything a client sends: check them as a link is checked
        state, _ = state.validated(series_keys=self.data.available_series(), universes=self.universes(state.universe))
        if state == previous and highlight is None and not notices:
            raise PreventUpdate
        out = self.outputs(data, state, notices, highlight, before=before, adjusted=adjusted)
        if refused:  # the field shows what was refused: write the value kept back into it
            out["controls"][refused] = getattr(state, refused)
        out["windows"] = self.earlier_windows(windows, before, out["view"], back)
        return out

    @staticmethod
    def earlier_windows(windows, before: ResolvedView | None, view: dict, back: list | None):
        """The earlier-windows store after a step: the window shown is pushed when the window
        changes; ``back`` (a double-click went back) is the stack left after popping."""
        if back is not None:
            return back
        if before is None or before.start is None or before.end is None:
            return no_update
        shown_window = [before.start.isoformat(), before.end.isoformat()]
        if shown_window == [view.get("start"), view.get("end")]:
            return no_update
        return [*window_stack(windows), shown_window][-MAX_BACK:]

    def outputs(self, data, state: ViewState, notices: list[str], highlight: str | None,
                before: ResolvedView | None = None, adjusted: list[str] = ()) -> dict:
        """Store, URL, control values, notice, panel classes and panel views for ``state``.

        Only what differs from the page as it is gets written (``no_update`` otherwise):
        a panel's view store when its fields differ from ``before``'s (the state this
        update replaces; ``None``: a page load, which writes every view), a control when
        its value differs from what it shows (the layout's defaults at a page load), the
        graphs' download settings when the window changed. Rewriting an unchanged control
        or graph config costs the browser a re-render (a full re-plot for a graph).
        """
        if state.known:  # a pinned link's data as it was: its series cut where they ended then
            adjusted = [*adjusted, *known_notices(data, state.known)]
            data = data.for_request(state.known)
        view = resolve_view(state, data)
        start, end = view.start, view.end
        query = state.to_query()
        views = []
        for panel in PANELS:
            fields = view.fields(REGISTRY[panel].inputs(view))
            views.append(no_update if before is not None and before.fields(REGISTRY[panel].inputs(before)) == fields
                         else fields)
        controls = self.control_values(view)
        # what the page shows now: the view before, or (a page load) the layout's default view
        shown = self.control_values(before if before is not None else resolve_view(default_pair(data)[0], data))
        notice = self.notice(notices, (*adjusted, *view.notices))
        pinned = replace(state, start=view.start, end=view.end, asof=view.asof, known=known_of(data, view)).to_query()
        same_window = (shown["start"], shown["end"]) == (controls["start"], controls["end"])
        latest = replace(state, known=None).to_query()  # (the latest data: no series held back)
        return {
            "state": state.to_dict(),
            "url": ("?" + query) if query else "",
            "controls": {k: no_update if shown[k] == v else v for k, v in controls.items()},
            "notice": notice,
            "classes": ["mb-3 h-100 highlight" if p == highlight else "mb-3 h-100" for p in PANELS],
            "configs": [no_update if same_window else graph_config(p, start, end) for p in GRAPH_PANELS],
            "export_all": "/export/all.zip" + (("?" + query) if query else ""),
            "views": views,
            "view": view.to_dict(),
            "header_asof": (no_update if before is not None and header_fields(before) == header_fields(view)
                            else self.header_asof(data, view)),
            "asof_mode": "pinned" if view.asof_pinned else "follows the window's end",
            "follow_style": {"display": "inline" if view.asof_pinned else "none"},
            "links": {"pinned": "?" + pinned if pinned else "", "latest": ("?" + latest) if latest else ""},
            "windows": no_update,
            "universe_options": self.universe_menu(view.universe, shown.get("universe")),
        }

    @staticmethod
    def header_asof(data, view: ResolvedView) -> str:
        """The header's as-of date and the series that end before it: named when a panel of the
        view reads them, counted otherwise."""
        earlier = series_ending_before(data, view.asof) if view.asof else []
        read = set(view_series(view))
        named = [(key, day) for key, day in earlier if key in read]
        return asof_text(view.asof, small=view.small, large=view.large, earlier=named,
                         others=len(earlier) - len(named))

    @staticmethod
    def notice(link: list[str], clamped: tuple[str, ...]):
        """The alert above the panels: what of the link was ignored, what was adjusted."""
        parts = []
        if link:
            parts += [html.Strong("Some of this link was ignored:"), html.Ul([html.Li(n) for n in link])]
        if clamped:
            parts += [html.Strong("Adjusted to the data:"), html.Ul([html.Li(n) for n in clamped])]
        if not parts:
            return None
        return dbc.Alert(parts, color="info", dismissable=True, className="link-notice")

    @staticmethod
    def control_values(view: ResolvedView) -> dict:
        """What each control shows for ``view``."""
        iso = {name: (getattr(view, name).isoformat() if getattr(view, name) else None)
               for name in ("start", "end", "asof")}
        return {
            "small": view.small, "large": view.large, "start": iso["start"], "end": iso["end"],
            "freq": view.freq, "window": view.window, "asof": iso["asof"],
            "event": view.event, "universe": view.universe, "rank_by": view.rank_by,
            "mstart": view.mstart.isoformat() if view.mstart else None,
            "mend": view.mend.isoformat() if view.mend else None,
            "hstart": view.hstart.isoformat() if view.hstart else None,
            "hend": view.hend.isoformat() if view.hend else None,
            "overlay": [k for k in (view.overlay or "").split(",") if k],
            "scale": view.scale, "transform": view.transform,
        }

    @staticmethod
    def apply_controls(state: ViewState, controls: dict, changed: set[str]) -> ViewState:
        """Controls in ``changed`` fired: take their values, keeping the current one when invalid.

        Only the controls that fired are read, so a control that reports its value when it
        mounts does not pin the other controls' defaults (the window, the as-of date) into
        the link. Changing either end of the window takes both ends as shown.
        """
        updates: dict = {}
        if changed & {"start", "end"}:
            start, end = _date(controls.get("start")), _date(controls.get("end"))
            if start and end and start > end:
                start, end = end, start
            updates.update(start=start or state.start, end=end or state.end)
        if "small" in changed and controls.get("small"):
            updates["small"] = controls["small"]
        if "large" in changed and controls.get("large"):
            updates["large"] = controls["large"]
        if "freq" in changed and controls.get("freq") in FREQS:
            updates["freq"] = controls["freq"]
        if "window" in changed:
            window = _int(controls.get("window"))
            if window is not None and WINDOW_BOUNDS[0] <= window <= WINDOW_BOUNDS[1]:
                updates["window"] = window
                # in the periods the frequency control shows (a monthly pair shows "Monthly" for a
                # link's daily choice: 24 typed there is 24 months, not 24 days)
                if "freq" not in updates and controls.get("freq") in FREQS:
                    updates["freq"] = controls["freq"]
        if "asof" in changed and _date(controls.get("asof")):
            updates["asof"] = _date(controls.get("asof"))
        if "event" in changed and controls.get("event") in EVENTS:
            updates["event"] = controls["event"]
        if "universe" in changed:
            updates["universe"] = controls.get("universe") or None
        if "rank_by" in changed and controls.get("rank_by") in RANK_BY:
            updates["rank_by"] = controls["rank_by"]
        if "overlay" in changed:
            chosen = controls.get("overlay")
            if isinstance(chosen, list) and all(isinstance(k, str) for k in chosen):
                updates["overlay"] = ",".join(chosen) or None  # checked like a link just after
        if "scale" in changed and controls.get("scale") in SCALES:
            updates["scale"] = controls["scale"]
        if "transform" in changed and controls.get("transform") in TRANSFORMS:
            updates["transform"] = controls["transform"]
        for name in ("mstart", "mend", "hstart", "hend"):
            # an empty (cleared) date restores the default (the month after the window; 2021)
            if name in changed:
                raw = controls.get(name)
                updates[name] = (_date(raw) or getattr(state, name)) if raw else None
        return replace(state, **updates)


ZOOM_FILTER_JS = """
function() {
    const fired = dash_clientside.callback_context.triggered[0];
    if (!fired || !fired.value) { return dash_clientside.no_update; }
    const keys = Object.keys(fired.value);
    const panel = fired.prop_id.split(".")[0];
    if (keys.some(k => k.startsWith("xaxis") && k.endsWith(".autorange") && fired.value[k] === true)) {
        return {panel: panel, back: true, at: Date.now()};  // double-click: the previous window
    }
    const ranges = keys.filter(k => k.startsWith("xaxis") && (k.endsWith(".range") || k.endsWith(".range[0]")));
    if (!ranges.length) { return dash_clientside.no_update; }
    return {panel: panel, relayout: fired.value, at: Date.now()};
}
"""

CONTROL_PROPS = {
    "small": (Id.SMALL, "value"), "large": (Id.LARGE, "value"),
    "start": (Id.WINDOW, "start_date"), "end": (Id.WINDOW, "end_date"),
    "freq": (Id.FREQ, "value"), "window": (Id.CORR_WINDOW, "value"),
    "asof": (Id.ASOF, "date"), "event": (Id.EVENT, "value"),
    "universe": (Id.UNIVERSE, "value"), "rank_by": (Id.RANK_BY, "value"),
    "mstart": (Id.MEASURE_START, "date"), "mend": (Id.MEASURE_END, "date"),
    "hstart": (Id.HIGH_START, "date"), "hend": (Id.HIGH_END, "date"),
    "overlay": (Id.OVERLAY, "value"),
    "scale": (Id.SCALE, "value"), "transform": (Id.TRANSFORM, "value"),
}


def register(app, data) -> StateHub:
    """Wire the hub: every input of the view state, every output that shows it.

    ``data``: the app's :class:`panels.data.PanelData`."""
    hub = StateHub(data)
    app.callback(
        output={
            "state": Output(Id.STATE, "data"),
            "url": Output(Id.URL, "search"),
            "controls": {k: Output(i, p) for k, (i, p) in CONTROL_PROPS.items()},
            "notice": Output(Id.NOTICES, "children"),
            "classes": [Output(f"panel-{p}", "className") for p in PANELS],
            "configs": [Output(graph_id(p), "config") for p in GRAPH_PANELS],
            "export_all": Output(Id.EXPORT_ALL, "href"),
            "views": [Output(view_id(p), "data") for p in PANELS],
            "view": Output(Id.VIEW, "data"),
            "header_asof": Output(Id.HEADER_ASOF, "children"),
            "asof_mode": Output(Id.ASOF_MODE, "children"),
            "follow_style": Output(Id.ASOF_FOLLOW, "style"),
            "links": Output(Id.LINKS, "data"),
            "windows": Output(Id.WINDOWS, "data"),
            "universe_options": Output(Id.UNIVERSE, "options", allow_duplicate=True),
        },
        inputs={
            "url": Input(Id.URL, "search"),
            "controls": {k: Input(i, p) for k, (i, p) in CONTROL_PROPS.items()},
            "zoom": Input(Id.ZOOM, "data"),
            "band_click": Input(graph_id("relative"), "clickAnnotationData"),
            "presets": Input({"type": Id.PRESETS, "years": ALL}, "n_clicks"),
            "facts": Input({"type": Id.FACT_ITEM, "index": ALL, "group": ALL}, "n_clicks"),
            "follow": Input(Id.ASOF_FOLLOW, "n_clicks"),
            "current": State(Id.STATE, "data"),
            "shown": State(Id.VIEW, "data"),
            "windows": State(Id.WINDOWS, "data"),
        },
        prevent_initial_call="initial_duplicate",  # (it answers a page load; the menu's options have a second writer)
    )(hub.update)
    # Zooms are filtered in the browser: only an x-range change reaches the server. Plotly's
    # autosize and y-only events would otherwise start hub requests that supersede (and so
    # drop) the answer to a zoom still in flight.
    app.clientside_callback(
        ZOOM_FILTER_JS, Output(Id.ZOOM, "data"),
        [Input(graph_id(p), "relayoutData") for p in TIME_PANELS], prevent_initial_call=True,
    )
    return hub
