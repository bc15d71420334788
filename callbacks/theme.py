"""Light and dark page: the browser's preference until the user picks one (kept in the browser's
local storage, never in the share link). The charts follow through assets/theme.js."""

from __future__ import annotations

from dash import Input, Output, State

from components.ids import Id

#: A click stores the theme opposite to the one shown (the preference when none is stored).
TOGGLE_JS = """
function(n, stored) {
    if (!n) { return window.dash_clientside.no_update; }
    return window.smallcapTheme.current(stored) === "dark" ? "light" : "dark";
}
"""

#: The stored theme (or the preference) applied to the page; the button names the other one.
APPLY_JS = """
function(stored) {
    const theme = window.smallcapTheme.apply(stored);
    return theme === "dark" ? "\\u25d1 Light" : "\\u25d0 Dark";
}
"""


def register(app) -> None:
    app.clientside_callback(TOGGLE_JS, Output(Id.THEME, "data"), Input(Id.THEME_TOGGLE, "n_clicks"),
                            State(Id.THEME, "data"), prevent_initial_call=True)
    app.clientside_callback(APPLY_JS, Output(Id.THEME_TOGGLE, "children"), Input(Id.THEME, "data"))
