/* Every chart has an accessible name: its title, and the text summary under it as description.
 *
 * After each draw the graph's container (the dcc.Graph div, id "<panel>-graph") gets
 * role="figure", aria-label = the figure's title as plain text, and aria-describedby = the
 * panel's summary line ("<panel>-summary"), which screen readers then read with it. */
(function () {
    function plain(html) {
        var box = document.createElement("div");
        box.innerHTML = String(html || "").replace(/<br\s*\/?>/gi, " ");
        return (box.textContent || "").replace(/\s+/g, " ").trim();
    }

    function name(gd) {
        var holder = gd.closest("[id$='-graph']") || gd;
        var title = gd.layout && gd.layout.title ? plain(gd.layout.title.text || gd.layout.title) : "";
        holder.setAttribute("role", "figure");
        if (title) { holder.setAttribute("aria-label", title); }
        var summary = holder.id ? document.getElementById(holder.id.replace(/-graph$/, "-summary")) : null;
        if (summary) { holder.setAttribute("aria-describedby", summary.id); }
    }

    window.smallcapCharts.onDraw(name);  // assets/00_charts.js
})();
