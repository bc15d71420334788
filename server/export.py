"""Exports: PNG and CSV of every panel, over HTTP and for the CLI.

``GET /export/<panel>.png?<share-link query>[&width=&height=&scale=]``,
``GET /export/<panel>.csv?<query>`` and ``GET /export/all.zip?<query>``. The query is the
page's own share-link format; parameters it does not know (width, height, scale) are
taken out first. Only known panel names are served and no file path ever comes from the
request. Problems answer 4xx with a plain-text message, never a traceback.

Every export renders through the panel registry (:func:`panels.contract.render` on the view
resolved once per request, :func:`panels.view.resolve_view`), so it shows exactly what the
page shows for the same link.
"""

from __future__ import annotations

import io
import zipfile
from typing import Callable
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import plotly.graph_objects as go
from flask import Response

from components.export import figure_to_frame, to_safe_csv
from components.ids import PANELS
from components.png import HEIGHT, ExportError, ImageSize, PngRenderer
from loaders.base import LoaderError
from panels.contract import Rendered, render
from panels.registry import REGISTRY
from panels.view import ResolvedView, resolve_view
from state import parse_query

SIZE_PARAMS = ("width", "height", "scale")
MAX_FIELDS = 200


class Exporter:
    """Renders panels for a share-link query.

    Args:
        data: The app's :class:`panels.data.PanelData` (a fresh copy per export).
        universes: Function returning the known universe names.
        png: The PNG renderer (one long-lived browser).
    """

    def __init__(self, data, universes: Callable[[], list[str]], png: PngRenderer):
        self.panels = REGISTRY
        self.data = data
        self.universes = universes
        self.png_renderer = png

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
        for name, value in pairs:
            if name not in SIZE_PARAMS:
                continue
            if name in size:
                notices.append(f"Ignored repeated {name}: the first value is used.")
            else:
                size[name] = value
        rest = urlencode([(k, v) for k, v in pairs if k not in SIZE_PARAMS])
        return rest, size, notices

    def view(self, query: str) -> tuple[object, ResolvedView, list[str]]:
        """A request's data, the view of a query resolved once (as the page would) and notices."""
        try:
            universes = self.universes()
        except LoaderError:
            universes = []
        state, notices = parse_query(query, series_keys=self.data.available_series(), universes=universes)
        data = self.data.for_request()
        view = resolve_view(state, data)
        return data, view, notices + list(view.notices)

    def check_panel(self, panel: str) -> None:
        if panel not in self.panels:
            raise ExportError(f"unknown panel {panel[:40]!r}; known: {', '.join(self.panels)}")

    @staticmethod
    def filename(panel: str, view: ResolvedView, ext: str) -> str:
        return f"{panel}_{view.start}_{view.end}.{ext}"

    def render(self, panel: str, data, view: ResolvedView) -> Rendered:
        """The panel rendered for ``view``; :class:`ExportError` when it cannot be drawn."""
        self.check_panel(panel)
        rendered = render(self.panels[panel], data, view)
        if not rendered.ok:
            raise ExportError(f"nothing to export for this view: {rendered.error}")
        return rendered

    def png(self, panel: str, query: str) -> tuple[bytes, str, list[str]]:
        """PNG bytes, file name and notices (ignored link parts, clamped sizes)."""
        rest, size_args, repeated = self.split(query)
        ImageSize.parse(**size_args)  # refuse a bad size before any work
        self.check_panel(panel)
        data, view, notices = self.view(rest)
        figure = self.render(panel, data, view).figure
        size, size_notices = ImageSize.parse(**size_args, default_height=own_height(figure))
        image = self.png_renderer.render(go.Figure(figure), size)
        return image, self.filename(panel, view, "png"), notices + repeated + size_notices

    def csv(self, panel: str, query: str) -> tuple[str, str, list[str]]:
        """CSV text, file name and notices."""
        rest, size_args, _ = self.split(query)
        self.check_panel(panel)
        data, view, notices = self.view(rest)
        notices += [f"Ignored {name}: a CSV has no image size." for name in size_args]
        return to_safe_csv(self.table(self.render(panel, data, view))), self.filename(panel, view, "csv"), notices

    @staticmethod
    def table(rendered: Rendered) -> pd.DataFrame:
        """The data behind a rendered panel: its own table, else the figure's traces."""
        return rendered.table if rendered.table is not None else figure_to_frame(go.Figure(rendered.figure))

    def zip(self, query: str) -> tuple[bytes, str, list[str]]:
        """Every panel's PNG and CSV in one zip archive.

        A panel that cannot be drawn for this view (no universe chosen, say) is left out and
        named in ``NOTICES.txt``; :class:`ExportError` only when no panel can be exported.
        """
        rest, size_args, repeated = self.split(query)
        _, size_notices = ImageSize.parse(**size_args)
        data, view, notices = self.view(rest)
        notices += repeated + size_notices
        buffer = io.BytesIO()
        written = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for panel in self.panels:
                try:
                    rendered = self.render(panel, data, view)
                    own, _ = ImageSize.parse(**size_args, default_height=own_height(rendered.figure))
                    image = self.png_renderer.render(go.Figure(rendered.figure), own)
                    text = to_safe_csv(self.table(rendered))
                except ExportError as exc:
                    if str(exc).startswith("PNG rendering failed"):
                        raise
                    notices.append(f"{panel} left out: {exc}")
                    continue
                archive.writestr(self.filename(panel, view, "png"), image)
                archive.writestr(self.filename(panel, view, "csv"), text)
                written += 1
            if notices:
                archive.writestr("NOTICES.txt", "\n".join(notices) + "\n")
        if not written:
            raise ExportError("no panel can be exported for this view: " + "; ".join(notices))
        return buffer.getvalue(), f"smallcap-monitor_{view.start}_{view.end}.zip", notices


def own_height(figure: dict) -> int | None:
    """A figure's own height when it is taller than the default export (the facts table)."""
    height = (figure.get("layout") or {}).get("height")
    return int(height) if height and height > HEIGHT[2] else None


def _answer(body, mimetype: str, filename: str, notices: list[str]) -> Response:
    response = Response(body, mimetype=mimetype)
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
        except ExportError as exc:
            status = 503 if str(exc).startswith("PNG rendering failed") else 400
            return Response(f"Export failed: {exc}\n", status=status, mimetype="text/plain")
        known = ", ".join(f"{p}.png, {p}.csv" for p in PANELS)
        return Response(f"No such export. Known: {known}, all.zip\n", status=404, mimetype="text/plain")
