"""Uploads -> universe list (the leverage panel is :mod:`panels.leverage`).

The upload callback validates the list, saves it in the user store (under the immutable
``upload:<file stem>-<8 hex>``) and adds its name to this browser's list of uploads (a
``dcc.Store`` in local storage); the menu's options are the source's lists, this browser's
uploads and the upload the current link names. A saved upload is then chosen in the menu (its
value and options are set in the same answer), which the state hub takes as a choice made by
hand: the panels redraw for it and the link carries it.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from components.controls import universe_options
from components.ids import Id
from loaders.base import LoaderError
from loaders.upload import MAX_BYTES, UploadError, parse_universe_upload, universe_name_from_filename
from server.clients import request_client


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


def make_handle_upload(universe, client=request_client):
    """Build the upload callback body bound to the universe data (plain function).

    Returns ``(message, names of this browser's uploads, the menu's value, the menu's options)``;
    "Saved" only after the store committed; a rejected upload leaves the menu as it was.
    """

    def rejected(text: str):
        return (dbc.Alert(f"Upload rejected: {text}", color="danger", className="py-2 mb-0"), no_update,
                no_update, no_update)

    def handle_upload(contents, filename, mine=None):
        if not contents:
            raise PreventUpdate
        filename = filename or "upload.csv"
        try:
            known = universe.known_tickers()
        except LoaderError:
            known = None
        try:
            content = decode_upload(contents)
            parsed = parse_universe_upload(content, filename=filename, known_tickers=known)
        except UploadError as exc:
            return rejected(str(exc))
        try:
            name = universe.add_upload(parsed.members, name=universe_name_from_filename(filename),
                                       note=" ".join(parsed.messages), content=content, client=client())
        except LoaderError as exc:
            return rejected(str(exc))
        mine = [n for n in (mine if isinstance(mine, list) else []) if isinstance(n, str) and n != name]
        mine = [*mine, name][-50:]
        text = f"{' '.join(parsed.messages)} Saved as {name} and chosen under Universe."
        color = "success" if len(parsed.messages) == 1 else "warning"
        return (dbc.Alert(text, color=color, className="py-2 mb-0"), mine, name,
                universe_options(universe, mine, name))

    return handle_upload


def register(app, universe) -> None:
    """Wire the universe upload and the menu's options (the leverage panel itself is wired by
    :mod:`callbacks.panels`)."""
    app.callback(
        Output(Id.LEVERAGE_UPLOAD_MESSAGE, "children"), Output(Id.MY_UPLOADS, "data"),
        Output(Id.UNIVERSE, "value", allow_duplicate=True), Output(Id.UNIVERSE, "options", allow_duplicate=True),
        Input(Id.LEVERAGE_UPLOAD, "contents"), State(Id.LEVERAGE_UPLOAD, "filename"),
        State(Id.MY_UPLOADS, "data"),
        prevent_initial_call=True,
    )(make_handle_upload(universe))
    app.callback(
        [Output(Id.UNIVERSE, "options")],
        Input(Id.MY_UPLOADS, "data"), Input(Id.UNIVERSE, "value"),
    )(lambda mine, current: [universe_options(universe, mine, current)])
