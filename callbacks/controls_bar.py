"""The compact control bar of small screens: one line that summarises the view and opens the
controls (in the browser; nothing reaches the server)."""

from __future__ import annotations

from dash import Input, Output

from components.ids import Id

#: Odd clicks open the controls; the button says whether they are open (aria-expanded).
TOGGLE_JS = """
function(n) {
    const open = (n || 0) % 2 === 1;
    return [open ? "controls-body open" : "controls-body", open ? "true" : "false"];
}
"""

#: "IWM vs SPY · 2022-12-31 to 2025-12-31 · daily" from the view shown.
SUMMARY_JS = """
function(view) {
    if (!view) { return "Controls"; }
    const freq = {D: "daily", W: "weekly", M: "monthly"}[view.freq] || "";
    return "\\u2630 " + view.small + " vs " + view.large + " \\u00b7 " + view.start + " to " + view.end
        + (freq ? " \\u00b7 " + freq : "");
}
"""


def register(app) -> None:
    app.clientside_callback(
        TOGGLE_JS, Output("controls", "className"), Output(Id.CONTROLS_TOGGLE, "aria-expanded"),
        Input(Id.CONTROLS_TOGGLE, "n_clicks"),
    )
    app.clientside_callback(SUMMARY_JS, Output(Id.CONTROLS_TOGGLE, "children"), Input(Id.VIEW, "data"))
