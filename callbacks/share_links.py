"""The share tools: the two copy-link buttons, and each panel's CSV link.

Each copy button hands Dash's clipboard icon its link and says what happened.

A browser lets a page write the clipboard only in a secure context (https, or this computer) and
when it grants the permission; a team server on plain http is neither, and Dash's icon then does
nothing at all. So the click also writes the link itself: "Copied ..." when the browser took it,
else the link appears in a selected box beside the buttons, ready for Ctrl+C (⌘C on a Mac).
"""

from __future__ import annotations

import json

from dash import Input, Output, State

from components.ids import PANELS, Id, csv_id

#: ``%(kind)s`` "pinned" or "latest", ``%(what)s`` the link's name in the message.
COPY_JS = """
function(n, links) {
    const link = window.location.origin + window.location.pathname + ((links && links["%(kind)s"]) || "");
    const dc = window.dash_clientside;
    const say = text => dc.set_props("%(status)s", {children: text});
    const hidden = {display: "none"};
    const byHand = why => {
        dc.set_props("%(box)s", {value: link, style: {maxWidth: "32rem"}});
        say(why + " Copy the link from this box (Ctrl+C, or \\u2318C on a Mac):");
        setTimeout(() => {
            const box = document.getElementById("%(box)s");
            // all of it selected, its start in sight (select() scrolls to the end of a long link)
            if (box) { box.focus(); box.setSelectionRange(0, box.value.length, "backward"); box.scrollLeft = 0; }
        }, 50);
    };
    const clipboard = window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText;
    if (clipboard) {
        navigator.clipboard.writeText(link).then(
            () => {
                const done = "Copied %(what)s.";
                dc.set_props("%(box)s", {style: hidden});
                say(done);
                setTimeout(() => {  // the word goes; a later view has its own link
                    const status = document.getElementById("%(status)s");
                    if (status && status.textContent === done) { say(""); }
                }, 6000);
            },
            () => byHand("The browser did not let the page copy."));
    } else {
        byHand(window.isSecureContext ? "This browser gives the page no clipboard."
                                      : "The browser lets a page copy only over https.");
    }
    return link;
}
"""

#: Each panel's CSV link follows the zip's (the hub writes that one: the view's own query).
CSV_JS = """
function(href) {
    const query = (href || "").indexOf("?") >= 0 ? href.slice(href.indexOf("?")) : "";
    return %(panels)s.map(panel => "/export/" + panel + ".csv" + query);
}
"""

BUTTONS = ((Id.COPY_LINK, "pinned", "the link to exactly this view"),
           (Id.COPY_LATEST, "latest", "the link that follows the latest data"))


def register(app) -> None:
    for button, kind, what in BUTTONS:
        app.clientside_callback(
            COPY_JS % {"kind": kind, "what": what, "status": Id.COPY_STATUS, "box": Id.COPY_FALLBACK},
            Output(button, "content"), Input(button, "n_clicks"), State(Id.LINKS, "data"),
            prevent_initial_call=True,
        )
    app.clientside_callback(CSV_JS % {"panels": json.dumps(list(PANELS))},
                            [Output(csv_id(p), "href") for p in PANELS], Input(Id.EXPORT_ALL, "href"))
