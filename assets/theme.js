/* Light and dark page (callbacks/theme.py). The page uses Bootstrap's data-bs-theme; every
 * chart gets a dark template after each draw while the page is dark, and its own (light)
 * template back when it is light. Exports stay light unless theme=dark is asked for. */
(function () {
    var DARK = {
        layout: {
            paper_bgcolor: "#212529", plot_bgcolor: "#2b3035", font: {color: "#dee2e6"},
            title: {font: {color: "#f8f9fa"}}, legend: {bgcolor: "rgba(0,0,0,0)"},
            xaxis: {gridcolor: "#495057", linecolor: "#6c757d", zerolinecolor: "#6c757d"},
            yaxis: {gridcolor: "#495057", linecolor: "#6c757d", zerolinecolor: "#6c757d"}
        }
    };

    function preferred() {
        return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    }

    function current(stored) {
        return stored === "dark" || stored === "light" ? stored : preferred();
    }

    /* Lines and markers drawn in a near-black colour (the ratio's navy, dark red troughs) are
     * mixed 60% with white on a dark page, so they keep their hue and stay readable; any other
     * colour with a contrast under 3:1 against the dark plot (WCAG's minimum for graphics: the
     * red and blue series lines) is mixed with white just enough to reach it. */
    var LIGHTEN = 0.6;
    var MIN_CONTRAST = 3;
    var DARK_PLOT = [0x2b, 0x30, 0x35];  /* DARK.layout.plot_bgcolor */

    function rgb(color) {
        var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color || "").trim());
        if (!m) { return null; }
        var hex = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
        return [0, 2, 4].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
    }

    function luminance(c) {
        var lin = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    }

    function mixed(c, share) {
        return c.map(function (v) { return Math.round(v + (255 - v) * share); });
    }

    function contrast(a, b) {
        var la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    function lighter(color, least) {
        var c = rgb(color);
        if (!c) { return null; }
        var share = luminance(c) <= 0.12 ? LIGHTEN : 0;
        while (contrast(mixed(c, share), DARK_PLOT) < (least || MIN_CONTRAST) && share < 1) { share += 0.05; }
        if (share === 0) { return null; }
        return "#" + mixed(c, Math.min(share, 1)).map(function (v) {
            return ("0" + v.toString(16)).slice(-2);
        }).join("");
    }

    function darkColors(gd) {
        var changed = {"line.color": [], "marker.color": []}, indices = [], saved = [];
        (gd.data || []).forEach(function (trace, i) {
            var line = trace.line && lighter(trace.line.color);
            var marker = trace.marker && typeof trace.marker.color === "string" && lighter(trace.marker.color);
            if (!line && !marker) { return; }
            indices.push(i);
            saved.push({i: i, line: trace.line && trace.line.color, marker: trace.marker && trace.marker.color});
            changed["line.color"].push(line || (trace.line && trace.line.color));
            changed["marker.color"].push(marker || (trace.marker && trace.marker.color));
        });
        return {update: changed, indices: indices, saved: saved};
    }

    /* The lines the layout draws (the event study's dashed event line in the ratio's navy, the
     * Fed cycles' and events' grey lines) follow the same rule as the traces, and text written
     * straight on the chart (the source line, the "last hike" labels: no box of its own) is
     * lightened to MIN_TEXT_CONTRAST, WCAG's minimum for text: in #666 and #6b6b6b on the dark
     * chart they were about 2.5:1. Returns the relayout that lightens them and the one that
     * gives their own colours back. */
    var MIN_TEXT_CONTRAST = 4.5;

    function darkLayout(gd) {
        var update = {}, saved = {};
        function change(key, own, color) {
            if (color) { update[key] = color; saved[key] = own; }
        }
        ((gd.layout && gd.layout.shapes) || []).forEach(function (shape, i) {
            var line = shape && shape.line;
            if (line && line.width !== 0) { change("shapes[" + i + "].line.color", line.color, lighter(line.color)); }
        });
        ((gd.layout && gd.layout.annotations) || []).forEach(function (note, i) {
            var font = note && note.font;
            if (font && !note.bgcolor) {
                change("annotations[" + i + "].font.color", font.color, lighter(font.color, MIN_TEXT_CONTRAST));
            }
        });
        return {update: update, saved: saved};
    }

    function merged(base, over) {
        Object.keys(over).forEach(function (key) {
            var value = over[key];
            if (value && typeof value === "object" && !Array.isArray(value)
                    && base[key] && typeof base[key] === "object" && !Array.isArray(base[key])) {
                merged(base[key], value);
            } else {
                base[key] = JSON.parse(JSON.stringify(value));
            }
        });
        return base;
    }

    function restyle(gd) {
        if (!gd.layout || !window.Plotly) { return; }
        var dark = document.documentElement.getAttribute("data-bs-theme") === "dark";
        var isDark = gd.layout.template && gd.layout.template.name === "smallcap-dark";
        if (dark && !isDark) {
            gd.__lightTemplate = gd.layout.template;
            // the light template's own settings (axis automargin and title standoff, colours of
            // the cycle) stay: without them the dark chart had a one-line legend running into
            // the plot's annotations and narrower margins
            var template = merged(JSON.parse(JSON.stringify(gd.layout.template || {})), DARK);
            template.name = "smallcap-dark";
            var colors = darkColors(gd), drawn = darkLayout(gd);
            gd.__lightColors = colors.saved;
            gd.__lightLayout = drawn.saved;
            window.Plotly.relayout(gd, Object.assign({template: template}, drawn.update)).then(function () {
                if (colors.indices.length) { window.Plotly.restyle(gd, colors.update, colors.indices); }
            });
        } else if (!dark && isDark) {
            var saved = gd.__lightColors || [];
            var own = Object.assign({template: gd.__lightTemplate || null}, gd.__lightLayout || {});
            window.Plotly.relayout(gd, own).then(function () {
                if (saved.length) {
                    window.Plotly.restyle(gd, {
                        "line.color": saved.map(function (s) { return s.line; }),
                        "marker.color": saved.map(function (s) { return s.marker; })
                    }, saved.map(function (s) { return s.i; }));
                }
            });
        }
    }

    function apply(stored) {
        var theme = current(stored);
        document.documentElement.setAttribute("data-bs-theme", theme);
        document.querySelectorAll(".js-plotly-plot").forEach(restyle);
        return theme;
    }

    window.smallcapCharts.onDraw(restyle);  // assets/00_charts.js

    window.smallcapTheme = {current: current, apply: apply};
})();
