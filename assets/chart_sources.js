/* Every chart says where its data come from, at any width.
 *
 * Each figure's source line is an annotation under the plot ("Source: ...": components/figures/
 * shading.py, wrapped_source_line), wrapped on the server for a desktop chart and pinned from the
 * plot's left edge. On a narrow chart (a phone) its lines ran past the chart's right edge and were
 * cut. After every draw of a chart (and when the window is resized) the drawn annotation is
 * measured: when it runs past the chart's edge, it is hidden in the chart and its whole text (the
 * server's <br> breaks as spaces, entities decoded) is written as page text into the paragraph
 * under the chart (components/panels.py: "<panel>-source"), where it wraps within the card. When
 * it fits again (a wider window, a phone turned), it shows again and the paragraph empties (an
 * empty one takes no space: assets/app.css).
 *
 * Hidden by a style on its g.annotation (visibility), not by a relayout: nothing is laid out
 * again, so the plot keeps its height and no relayoutData goes to the server; a hidden annotation
 * keeps its box, so it is measured again at the next width; and the modebar's PNG (drawn anew from
 * the figure at 1200x600) and the server's exports keep the source inside the image. Plotly draws
 * a new g.annotation on each redraw: the check runs after every draw. */
(function () {
    var EDGE_PX = 1;  // rounding: an annotation this far past the chart's edge still fits

    function plain(html) {  // text only: an inert document, nothing in it loads or runs
        var text = String(html || "").replace(/<br\s*\/?>/gi, " ");
        var body = new DOMParser().parseFromString(text, "text/html").body;
        return ((body && body.textContent) || "").replace(/\s+/g, " ").trim();
    }

    function sourceIndex(annotations) {
        var found = -1;
        (annotations || []).forEach(function (note, i) {
            if (note && typeof note.text === "string" && note.text.indexOf("Source: ") === 0) { found = i; }
        });
        return found;
    }

    function place(gd) {
        var holder = gd.closest("[id$='-graph']");
        var out = holder && document.getElementById(holder.id.replace(/-graph$/, "-source"));
        if (!out) { return; }  // no paragraph for it (Plotly's copy that draws a PNG): left as drawn
        var notes = (gd.layout && gd.layout.annotations) || [];
        var i = sourceIndex(notes), cut = false;
        var el = i < 0 ? null : gd.querySelector('.infolayer .annotation[data-index="' + i + '"]');
        if (el) {
            var chart = gd.getBoundingClientRect(), box = el.getBoundingClientRect();
            cut = chart.width > 0 && box.width > 0
                && (box.right > chart.right + EDGE_PX || box.left < chart.left - EDGE_PX);
            el.style.visibility = cut ? "hidden" : "";
        }
        var text = cut ? plain(notes[i].text) : "";
        if (out.textContent !== text) { out.textContent = text; }
    }

    window.smallcapCharts.onDraw(place, {resize: true});  // assets/00_charts.js
})();
