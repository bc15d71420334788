/* A figure can say how it is laid out on a narrow chart: layout.meta.narrow = {below: px,
 * layout: {key: value}, wide: {key: value}} (the leverage figure's two side-by-side charts,
 * stacked on a phone: components/figures/leverage.py, narrow_layout). After every draw of a page
 * chart (and when the window is resized), a chart narrower than `below` gets the `layout` values
 * (layout.meta.narrowed marks it), and the `wide` ones, the figure's own, when it is wide again (a
 * phone turned, a window widened). A new figure from the server is not marked: it is checked as
 * the first was.
 *
 * The figure is handed to its dcc.Graph (dash_clientside.set_props), not relaid out: dcc.Graph
 * keeps a relayout's changes in its figure except the height, so the next draw took the wide
 * figure's height back and squeezed the stacked charts into it.
 *
 * The toolbar's PNG (1200 x 600) of a chart laid out narrow is drawn from the wide layout: a click
 * on that button (caught before Plotly's handler) draws it here from a copy of the figure with the
 * wide values (Plotly.downloadImage of a figure object, with the button's options). */
(function () {
    var RELEASE_MS = 3000;

    function path(key) {  // "annotations[1].y" -> ["annotations", "1", "y"]
        return key.replace(/\[(\d+)\]/g, ".$1").split(".");
    }

    function write(obj, key, value) {
        var parts = path(key), at = obj;
        parts.slice(0, -1).forEach(function (part) {
            at[part] = at[part] == null ? {} : at[part];
            at = at[part];
        });
        at[parts[parts.length - 1]] = value;
    }

    function fit(gd) {
        // only the page's charts: not Plotly's copy that draws a PNG off the page
        var box = gd.closest && gd.closest("[id$='-graph']");
        var meta = gd.layout && gd.layout.meta, narrow = meta && meta.narrow;
        var client = window.dash_clientside;
        if (!box || !narrow || !narrow.layout || !narrow.wide || gd.__narrowing || !client || !client.set_props) { return; }
        var width = gd.getBoundingClientRect().width;
        if (!width) { return; }  // not drawn (a hidden card)
        var want = width < narrow.below;
        if (want === !!meta.narrowed) { return; }
        var layout = JSON.parse(JSON.stringify(gd.layout)), values = want ? narrow.layout : narrow.wide;
        Object.keys(values).forEach(function (key) { write(layout, key, values[key]); });
        layout.meta.narrowed = want;
        gd.__narrowing = true;
        client.set_props(box.id, {figure: {data: gd.data, layout: layout}});
        // drawn once dcc.Graph has the new figure: measured again then (the width may have changed)
        var release = function () { if (gd.__narrowing) { gd.__narrowing = false; fit(gd); } };
        gd.once("plotly_afterplot", release);
        setTimeout(release, RELEASE_MS);  // should no draw follow
    }

    document.addEventListener("click", function (event) {
        var button = event.target && event.target.closest && event.target.closest(".modebar-btn");
        var gd = button && button.closest(".js-plotly-plot");
        var meta = gd && gd.layout && gd.layout.meta, wide = meta && meta.narrowed && meta.narrow.wide;
        if (!wide || event.defaultPrevented || !window.Plotly
                || (button.getAttribute("data-title") || "").indexOf("Download plot") !== 0) { return; }
        event.preventDefault();
        event.stopPropagation();
        var layout = JSON.parse(JSON.stringify(gd.layout));
        Object.keys(wide).forEach(function (key) { write(layout, key, wide[key]); });
        layout.meta.narrowed = false;
        var options = Object.assign({format: "png"}, (gd._context && gd._context.toImageButtonOptions) || {});
        window.Plotly.downloadImage({data: gd.data, layout: layout}, options);
    }, true);

    window.smallcapCharts.onDraw(fit, {resize: true});  // assets/00_charts.js
})();
