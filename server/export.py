"""Exports: PNG and CSV of every panel, over HTTP and for the CLI.

``GET /export/<panel>.png?<share-link query>[&width=&height=&scale=]``,
``GET /export/<panel>.csv?<query>`` and ``GET /export/all.zip?<query>``. The query is the
page's own share-link format; parameters it does not know (width, height, scale) are
taken out first (``scale=linear`` or ``scale=log`` is the view's axis scale and stays in the
query; a number is the PNG's pixel scale). Only known panel names are served and no file path ever comes from the
request. Problems answer 4xx with a plain-text message, never a traceback.

PNGs are drawn by one renderer per host (:mod:`server.renderer`; the CLI renders in-process)
behind a bounded, single-flight queue (:mod:`server.png_queue`): a full queue, or more than
``max_waiters`` export requests already waiting in this worker (which would tie up the threads
the page needs), answers ``429`` with ``Retry-After``. Rendered PNGs are cached by view (the
panel, the view fields it reads, the data version and the size) for
:data:`PNG_CACHE_SECONDS`.

Every export renders through the panel registry (:func:`panels.contract.render` on the view
resolved once per request, :func:`panels.view.resolve_view`), so it shows exactly what the
page shows for the same link.
"""

from __future__ import annotations

import hashlib
import io
import threading
import re
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from flask import Response

from components.figures.fit import fit_legend, fit_to_width
from components.export import figure_to_frame, to_safe_csv
from components.ids import PANELS
from components.png import HEIGHT, ExportError, ImageSize
from loaders.base import LoaderError
from panels.cache import code_version
from panels.contract import Rendered, render
from panels.registry import REGISTRY, known_of
from panels.pair import default_pair, named_fields
from panels.view import ResolvedView, resolve_view
from server.png_queue import ExportBusy
from state import SCALES, parse_query

SIZE_PARAMS = ("width", "height", "scale", "theme")
#: ``theme`` of an exported PNG: light (the default: prints and notes) or dark.
THEMES = ("light", "dark")
MAX_FIELDS = 200
#: Seconds a rendered PNG stays cached (the data version in its key handles data changes).
PNG_CACHE_SECONDS = 3600
#: Part of every PNG's cache key: raised when the way figures are laid out for an image changes
#: (2: titles and legends fitted to the width, components/figures/fit.py), so that no image
#: drawn the old way is served from a shared cache after an upgrade.
PNG_LAYOUT = 2
#: Export requests one worker process lets wait for a PNG at once; more answer 429 at once,
#: so an export storm cannot take every thread the page needs.
MAX_WAITERS = 2


class Exporter:
    """Renders panels for a share-link query.

    Args:
        data: The app's :class:`panels.data.PanelData` (a fresh copy per export).
        universes: Function returning the known universe names.
        png: The PNG renderer: ``png.render(key, figure_json, size) -> bytes``, raising
            :class:`ExportBusy` or :class:`ExportError` (the host's
            :class:`server.renderer.SharedRenderer`, or an in-process
            :class:`server.png_queue.RenderQueue`).
        cache: Where rendered PNGs are kept (a :class:`loaders.cache.LoaderCache`), or None.
        max_waiters: Export requests of this process that may wait for a PNG at once.
    """

    def __init__(self, data, universes: Callable[[], list[str]], png, *, cache=None,
                 max_waiters: int = MAX_WAITERS):
        self.panels = REGISTRY
        self.data = data
        self.universes = universes
        self.png_renderer = png
        self.cache = cache
        self._waiters = threading.BoundedSemaphore(max(1, int(max_waiters)))

    def split(self, query: str) -> tuple[str, dict, list[str]]:
        """Separate the image-size parameters from the share-link query.

        Returns the rest of the query, the size values (the first of repeated ones) and a
        notice for each repeated size value ignored.

        Raises:
            ExportError: more than :data:`MAX_FIELDS` parameters.
        """
        try:
            pairs = parse_qsl((query or "").lstrip("?"), keep_blank_values=True, errors="replace",
                              max_num_fields=MAX_FIELDS)
        except ValueError:
            raise ExportError(f"the link has more than {MAX_FIELDS} parameters") from None
        size: dict[str, str] = {}
        notices = []
        # ``scale=linear|log`` is the view's axis scale (a share-link parameter); a number is the
        # PNG's pixel scale, as before
        pairs = [(("view-scale" if k == "scale" and v.strip().lower() in SCALES else k), v) for k, v in pairs]
        for name, value in pairs:
            if name not in SIZE_PARAMS:
                continue
            if name in size:
                notices.append(f"Ignored repeated {name}: the first value is used.")
            else:
                size[name] = value
        rest = urlencode([("scale" if k == "view-scale" else k, v) for k, v in pairs if k not in SIZE_PARAMS])
        return rest, size, notices

    def view(self, query: str) -> tuple[object, ResolvedView, list[str]]:
        """A request's data, the view of a query resolved once (as the page would) and notices."""
        try:
            universes = list(self.universes())
            universe = getattr(self.data, "universe", None)
            requested = [v for k, v in parse_qsl(query or "") if k == "universe" and v.startswith("upload:")]
            if universe is not None and requested:  # a link's upload is known by name, never listed
                universes += [v for v in requested if universe.has_upload(v)]
        except LoaderError:
            universes = []
        state, notices = parse_query(query, series_keys=self.data.available_series(), universes=universes)
        data = self.data.for_request(state.known)
        state, fallback = default_pair(data, state, named_fields(query))
        notices += fallback
        view = resolve_view(state, data)
        return data, view, notices + list(view.notices)

    def check_panel(self, panel: str) -> None:
        if panel not in self.panels:
            raise ExportError(f"unknown panel {panel[:40]!r}; known: {', '.join(self.panels)}")

    @staticmethod
    def filename(panel: str, view: ResolvedView, ext: str) -> str:
        """``relative_2022-01-01_2022-10-12.csv``; a panel that reads the as-of date, pinned before
        the window's end, says it (``facts_2022-01-01_2022-10-12_asof-2022-06-30.csv``: the file
        held facts as of 2022-06-30 under the window's dates alone)."""
        name = f"{panel}_{view.start}_{view.end}"
        if (view.asof_pinned and view.asof is not None and view.asof != view.end
                and "asof" in getattr(REGISTRY.get(panel), "reads", ())):
            name += f"_asof-{view.asof}"
        return f"{name}.{ext}"

    def render(self, panel: str, data, view: ResolvedView) -> Rendered:
        """The panel rendered for ``view``; :class:`ExportError` when it cannot be drawn."""
        self.check_panel(panel)
        rendered = render(self.panels[panel], data, view)
        if not rendered.ok:
            raise ExportError(f"nothing to export for this view: {rendered.error}")
        return rendered

    def png(self, panel: str, query: str) -> tuple[bytes, str, list[str]]:
        """PNG bytes, file name and notices (ignored link parts, clamped sizes).

        Raises:
            ExportError: a bad request, a view that cannot be drawn, a failed rendering.
            ExportBusy: the export queue is full (answer 429).
        """
        rest, size_args, repeated = self.split(query)
        theme, theme_notices = pop_theme(size_args)
        _, size_notices = ImageSize.parse(**size_args)  # refuse a bad size before any work
        self.check_panel(panel)
        data, view, notices = self.view(rest)
        with said_with(notices):
            image = self.panel_png(panel, data, view, size_args, theme=theme)
        return image, self.filename(panel, view, "png"), notices + repeated + theme_notices + size_notices

    def png_key(self, panel: str, data, view: ResolvedView, size_args: dict, theme: str = "light") -> str | None:
        """The cache and single-flight key of a panel's PNG: the panel (and its version), the
        view fields it reads, what else it depends on, the data version and the asked size.
        None when the panel cannot say what it depends on (then nothing is shared)."""
        spec = self.panels[panel]
        try:
            extra = tuple(spec.cache_key(data, view)) if spec.cache_key is not None else ()
        except Exception:  # noqa: BLE001 - no version: render uncached (the panel says why)
            return None
        asked, _ = ImageSize.parse(**size_args)
        what = repr((sorted(view.fields(spec.reads).items()), extra, asked, bool(size_args.get("height")), theme))
        digest = hashlib.sha256(what.encode()).hexdigest()[:32]
        return f"png{PNG_LAYOUT}:{code_version()}:{data.version()}:{panel}:v{spec.version}:{digest}"

    def panel_png(self, panel: str, data, view: ResolvedView, size_args: dict,
                  rendered: Rendered | None = None, *, theme: str = "light") -> bytes:
        """The PNG of ``panel`` for ``view`` (``rendered``: the panel already rendered for it):
        from the cache, else rendered once (identical requests in flight share the rendering)
        and cached."""
        key = self.png_key(panel, data, view, size_args, theme)
        if key is not None and self.cache is not None:
            cached = self.cache.get_value(key)
            if isinstance(cached, bytes):
                return cached
        if not self._waiters.acquire(blocking=False):
            raise ExportBusy(_retry_after(self.png_renderer), "this server is busy with other exports")
        try:
            rendered = rendered or self.render(panel, data, view)
            figure = themed(rendered.figure, theme)
            if not rendered.ok:  # (its code failed on this view, logged)
                raise ExportError(f"nothing to export for this view: {rendered.error}")
            size, _ = ImageSize.parse(**size_args, default_height=own_height(figure))
            figure = fit_to_width(figure, size.width)  # what the page's script does (no script in a PNG)
            figure = fit_legend(figure, size.height)  # (the page's legend scrolls; a PNG's cannot)
            image = self.png_renderer.render(key or uuid.uuid4().hex, pio.to_json(figure, validate=False), size)
        finally:
            self._waiters.release()
        if key is not None and self.cache is not None:
            self.cache.set_value(key, image, timeout=PNG_CACHE_SECONDS)
        return image

    def csv(self, panel: str, query: str) -> tuple[str, str, list[str]]:
        """CSV text, file name and notices."""
        rest, size_args, _ = self.split(query)
        self.check_panel(panel)
        data, view, notices = self.view(rest)
        notices += [f"Ignored {name}: a CSV has no {'colours' if name == 'theme' else 'image size'}."
                    for name in size_args]
        with said_with(notices):
            text = to_safe_csv(self.table(self.render(panel, data, view)))
        return text, self.filename(panel, view, "csv"), notices

    @staticmethod
    def table(rendered: Rendered) -> pd.DataFrame:
        """The data behind a rendered panel: its own table, else the figure's traces."""
        frame = rendered.table if rendered.table is not None else figure_to_frame(go.Figure(rendered.figure))
        if not rendered.ok:  # (its code failed on this view, logged: no file of an empty chart)
            raise ExportError(f"nothing to export for this view: {rendered.error}")
        if DEMO_MARK in (getattr(rendered.result, "source", "") or ""):  # (its source line, no figure built)
            # a CSV goes about without its chart's source line: a last column says synthetic data
            frame = frame.assign(**{DEMO_COLUMN: DEMO_VALUE})
        return frame

    def zip(self, query: str) -> tuple[bytes, str, list[str]]:
        """Every panel's PNG and CSV in one zip archive.

        A panel that cannot be drawn for this view (no universe chosen, say) is left out and
        named in ``NOTICES.txt``; :class:`ExportError` only when no panel can be exported.
        """
        rest, size_args, repeated = self.split(query)
        theme, theme_notices = pop_theme(size_args)
        _, size_notices = ImageSize.parse(**size_args)
        data, view, notices = self.view(rest)
        notices += repeated + theme_notices + size_notices
        buffer = io.BytesIO()
        written, cited = 0, []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for panel in self.panels:
                try:
                    rendered = self.render(panel, data, view)
                    image = self.panel_png(panel, data, view, size_args, rendered, theme=theme)
                    text = to_safe_csv(self.table(rendered))
                except ExportError as exc:
                    if str(exc).startswith("PNG rendering failed"):
                        raise
                    notices.append(f"{panel} left out: {exc}")
                    continue
                archive.writestr(self.filename(panel, view, "png"), image)
                archive.writestr(self.filename(panel, view, "csv"), text)
                cited.append((self.filename(panel, view, "csv"), source_of(rendered.figure)))
                written += 1
            if notices:
                archive.writestr("NOTICES.txt", "\n".join(notices) + "\n")
            if written:  # the CSVs go about without their charts' source lines: one file says them all
                # (its link pins the data as it was too: the series that end early, where they end)
                archive.writestr("ABOUT.txt", about_text(replace(view, known=known_of(data, view)), cited))
        if not written:
            raise ExportError("no panel can be exported for this view: " + "; ".join(notices))
        return buffer.getvalue(), f"smallcap-monitor_{view.start}_{view.end}.zip", notices


@contextmanager
def said_with(notices: list[str]):
    """An :class:`ExportError` inside names what the link had ignored too: "Choose a universe" alone
    hid why ("Ignored universe='nope': not a universe name")."""
    try:
        yield
    except ExportError as exc:
        if not notices or str(exc).startswith("PNG rendering failed"):
            raise
        raise ExportError(f"{exc} ({' '.join(notices)})") from None


def source_of(figure: dict) -> str:
    """A figure's source line ("Source: ..."), plain text, or "" when it has none."""
    texts = [note.get("text") or "" for note in figure["layout"].get("annotations") or ()]
    line = next((t for t in texts if t.startswith("Source:")), "")
    return re.sub(r"\s*<br\s*/?>\s*", " ", line)


def about_text(view: ResolvedView, cited: list[tuple[str, str]]) -> str:
    """ABOUT.txt of all.zip: the view (its link, dates, as-of date) and each file's sources."""
    link = view.to_state().to_query()
    lines = [
        "Small-Cap Monitor export",
        f"View: /?{link}" if link else "View: / (the default view)",
        f"Window: {view.start} to {view.end}; as of {view.asof} "
        f"({'pinned' if view.asof_pinned else 'the window end'}); pair {view.small} / {view.large}",
        "", "Sources of each file:",
    ]
    lines += [f"- {name}: {source or 'no source line'}" for name, source in cited]
    return "\n".join(lines) + "\n"


#: What a chart's source line says of synthetic series (:func:`panels.data.citation`), and what a
#: CSV column of such a panel carries instead.
DEMO_MARK = "DEMO DATA"
DEMO_COLUMN, DEMO_VALUE = "data", "DEMO DATA (synthetic, not market data)"


def pop_theme(size_args: dict) -> tuple[str, list[str]]:
    """``theme`` taken out of the image parameters: ``light`` or ``dark``, else light with a notice."""
    raw = size_args.pop("theme", None)
    if raw is None or raw in THEMES:
        return raw or "light", []
    shown = "".join(ch if ch.isprintable() else "?" for ch in str(raw))[:20]
    return "light", [f"Ignored theme={shown!r}: the theme is light or dark; light is used."]


def themed(figure: dict, theme: str) -> dict:
    """``figure`` for a dark export (plotly's ``plotly_dark`` template), or as it is."""
    if theme != "dark":
        return figure
    return {**figure, "layout": {**figure.get("layout", {}), "template": pio.templates["plotly_dark"]}}


def _retry_after(renderer) -> int:
    """The renderer's own ``Retry-After`` estimate when it has one, else a few seconds."""
    estimate = getattr(renderer, "retry_after", None)
    return estimate() if callable(estimate) else 5


def own_height(figure: dict) -> int | None:
    """A figure's own height when it is taller than the default export (the facts table)."""
    height = (figure.get("layout") or {}).get("height")
    return int(height) if height and height > HEIGHT[2] else None


def _answer(body, content_type: str, filename: str, notices: list[str]) -> Response:
    response = Response(body, content_type=content_type)  # (as given: "text/csv; charset=utf-8" once)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if notices:
        text = " | ".join(notices).encode("ascii", "replace").decode()
        response.headers["X-Export-Notice"] = "".join(ch if ch.isprintable() else "?" for ch in text)[:1000]
    return response


def register(app, exporter: Exporter) -> None:
    """Add the ``/export/...`` routes to the app's Flask server."""
    from flask import request

    server = app.server

    def query() -> str:
        return request.query_string.decode("utf-8", "replace")

    @server.route("/export/<name>.<ext>")
    def export(name: str, ext: str):
        try:
            if name == "all" and ext == "zip":
                body, filename, notices = exporter.zip(query())
                return _answer(body, "application/zip", filename, notices)
            if ext == "png" and name in PANELS:
                body, filename, notices = exporter.png(name, query())
                return _answer(body, "image/png", filename, notices)
            if ext == "csv" and name in PANELS:
                body, filename, notices = exporter.csv(name, query())
                return _answer(body, "text/csv; charset=utf-8", filename, notices)
        except ExportBusy as busy:
            response = Response(f"Export refused for now: {busy}\n", status=429, mimetype="text/plain")
            response.headers["Retry-After"] = str(busy.retry_after)
            return response
        except ExportError as exc:
            status = 503 if str(exc).startswith("PNG rendering failed") else 400
            return Response(f"Export failed: {exc}\n", status=status, mimetype="text/plain")
        return unknown()

    @server.route("/export/", defaults={"rest": ""})
    @server.route("/export/<path:rest>")
    def unknown(rest: str = ""):
        """Any other path under /export/ (the page's catch-all answered "/export/relative" with the
        dashboard's HTML and a 200)."""
        known = ", ".join(f"{p}.png, {p}.csv" for p in PANELS)
        return Response(f"No such export. Known: {known}, all.zip\n", status=404, mimetype="text/plain")
