"""Uploads -> universe list (the leverage panel is :mod:`panels.leverage`).

The upload callback only validates and keeps the list (under ``upload:<file stem>``) and adds
it to the universe menu's options; choosing it is left to the user, because the state hub owns
the menu's value.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from components.ids import Id
from loaders.base import LoaderError
from loaders.upload import MAX_BYTES, UploadError, parse_universe_upload, universe_name_from_filename


def decode_upload(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` value (``data:<type>;base64,<data>``).

    Raises:
        UploadError: not a base64 data URL.
    """
    header, sep, payload = (contents if isinstance(contents, str) else "").partition(",")
    if not sep or not header.endswith(";base64"):
        raise UploadError("the upload could not be read (not a base64 data URL); try the file again")
    size = len(payload) * 3 // 4 - payload[-2:].count("=")
    if size > MAX_BYTES:  # refused before decoding: a huge upload is never held twice in memory
        raise UploadError(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB)")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("the upload could not be read (broken base64 data); try the file again") from None


def universe_options(universe) -> list[dict]:
    """Options of the universe menu, as the controls build them."""
    return [{"label": u, "value": u} for u in universe.list_universes()]


def make_handle_upload(universe):
    """Build the upload callback body bound to the universe data (plain function)."""

    def rejected(text: str):
        return dbc.Alert(f"Upload rejected: {text}", color="danger", className="py-2 mb-0"), no_update

    def handle_upload(contents, filename):
        if not contents:
            raise PreventUpdate
        filename = filename or "upload.csv"
        try:
            known = universe.known_tickers()
        except LoaderError:
            known = None
        try:
            parsed = parse_universe_upload(decode_upload(contents), filename=filename, known_tickers=known)
        except UploadError as exc:
            return rejected(str(exc))
        name = universe_name_from_filename(filename)
        replaced = name in universe.list_universes()
        try:
            universe.add_upload(parsed.members, name=name, note=" ".join(parsed.messages))
        except LoaderError as exc:
            return rejected(str(exc))
        text = (f"{' '.join(parsed.messages)} Saved as {name}"
                f"{' (replacing the earlier upload of that name)' if replaced else ''}: choose it under Universe.")
        color = "success" if len(parsed.messages) == 1 else "warning"
        return dbc.Alert(text, color=color, className="py-2 mb-0"), universe_options(universe)

    return handle_upload


def register(app, universe) -> None:
    """Wire the universe upload (the leverage panel itself is wired by :mod:`callbacks.panels`)."""
    app.callback(
        Output(Id.LEVERAGE_UPLOAD_MESSAGE, "children"), Output(Id.UNIVERSE, "options"),
        Input(Id.LEVERAGE_UPLOAD, "contents"), State(Id.LEVERAGE_UPLOAD, "filename"),
        prevent_initial_call=True,
    )(make_handle_upload(universe))
