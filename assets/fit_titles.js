/* Chart titles never run under the modebar or past the chart's edge, at any width, and never
 * under the legend.
 *
 * Each figure's title sits in its own strip below the modebar (components/figures/common.py:
 * TITLE_TOP). After every draw, a title wider than its chart is wrapped into lines (at spaces)
 * when one line would need a font under READABLE_PX, and is then scaled down (to MIN_PX at the
 * least) until it fits. Plotly has no wrapping for titles. The legend sits on the plot's top
 * edge and grows upwards with its rows: when a wrapped title (with its subtitle: the rates chart's
 * last levels, which a two-row legend covered on a half-width chart) or a legend of long names
 * (the Ken French portfolios) would meet, the top margin grows until they are apart (the plot gives up
 * that much height, MAX_PUSH_PX at the most). A y-axis title longer than its subplot is then
 * tall is wrapped into more lines. A legend beside the plot goes on its top edge on a narrow chart
 * (fitSideLegend). */
(function () {
    var MIN_PX = 8;
    var READABLE_PX = 12;

    function wrapWords(text, chars) {
        var lines = [], line = "";
        text.split(" ").forEach(function (word) {
            if (line && (line + " " + word).length > chars) { lines.push(line); line = word; }
            else { line = line ? line + " " + word : word; }
        });
        if (line) { lines.push(line); }
        return lines.join("<br>");
    }

    var LEGEND_GAP_PX = 4;
    var MAX_PUSH_PX = 200;

    function below(title, subtitle) {  // the title's box, with its subtitle's (the rates chart's levels)
        var t = title.getBoundingClientRect(), s = subtitle && subtitle.getBoundingClientRect();
        if (!s || !s.height) { return t; }
        return {left: Math.min(t.left, s.left), right: Math.max(t.right, s.right),
                bottom: Math.max(t.bottom, s.bottom), height: Math.max(t.bottom, s.bottom) - Math.min(t.top, s.top)};
    }

    function clearLegend(gd) {
        var title = gd.querySelector(".g-gtitle .gtitle"), legend = gd.querySelector(".infolayer .legend");
        var margin = gd.layout && gd.layout.margin;
        if (!title || !legend || !margin || !window.Plotly || gd.__pushing) { return; }
        if (margin.t !== gd.__pushedTop || gd.__baseTop === undefined) {  // a new figure: its own margin
            gd.__baseTop = margin.t || 0;
        }
        var t = below(title, gd.querySelector(".g-gtitle .gtitle-subtitle")), l = legend.getBoundingClientRect();
        if (!t.height || !l.height || l.left >= t.right || t.left >= l.right) { return; }
        var push = Math.ceil(t.bottom + LEGEND_GAP_PX - l.top);
        // from the margin drawn: Plotly widens the top margin for a tall legend by itself, and a
        // margin.t under that width moves nothing (it took several pushes to pass it)
        var size = gd._fullLayout && gd._fullLayout._size;
        var top = Math.max(margin.t || 0, (size && size.t) || 0) + push;
        if (push <= 0 || top - gd.__baseTop > MAX_PUSH_PX) { return; }
        gd.__pushedTop = top;
        relayout(gd, {"margin.t": top});
    }

    // Every relayout of ours goes through here: the chart is busy until it is drawn, and fitted
    // again then. A fit that ran while another relayout of ours was drawing measured the chart as
    // it was before that one (the event study's top margin on a phone went 110, 180, 250, 262 px
    // for one legend, 34 relayouts as the page loaded).
    // Plotly's event of such a relayout is not passed on: dcc.Graph copied each relayout's keys
    // into its figure and drew that figure again (Plotly.react), a second draw for each of ours,
    // one that could bring back a layout changed since (a copy made before) and start the fits
    // again (7 draws of that chart, and the zoom filter run for each). Only the event with our
    // update's keys is held back: a user's zoom meanwhile still reaches dcc.Graph.
    function relayout(gd, update) {
        gd.__pushing = true;
        var keys = Object.keys(update).sort().join("|");
        var emit = gd.emit, quiet = function (name, data) {
            if (name !== "plotly_relayout" || !data || Object.keys(data).sort().join("|") !== keys) {
                return emit.apply(gd, arguments);
            }
        };
        gd.emit = quiet;
        var done = function () {
            if (gd.emit === quiet) { gd.emit = emit; }
            gd.__pushing = false;
            fit(gd);
        };
        window.Plotly.relayout(gd, update).then(done, done);
    }

    function fit(gd) {
        if (gd.__pushing) { return; }  // a relayout of ours is drawing: fitted again once it is done
        // only the page's charts: Plotly draws a PNG in a copy off the page (left: -5000px), which
        // fitted as a narrow chart had its legend moved and its title wrapped in the image
        if (!gd.closest || !gd.closest("[id$='-graph']")) { return; }
        if (!fitSideLegend(gd) && !fitTitle(gd) && !fitSubtitle(gd) && !fitAxisTitles(gd)) { clearLegend(gd); }
    }

    // A legend beside the plot (the event study's events, one per row in a wide right margin)
    // left a phone's chart a plot a quarter of its width, its month ticks run together. On a
    // chart narrower than SIDE_LEGEND_MIN_PX such a legend goes on the plot's top edge, as every
    // other chart's (clearLegend then moves the plot under it), in a smaller font, the right
    // margin the common one. Plotly gives every entry of a legend in rows the widest entry's
    // width (on a phone: one entry a row), so the legend is at most NARROW_LEGEND_MAX_PX tall
    // and scrolls beyond (a Ken French pair's twenty cycles). On a wider chart (a phone turned, a
    // window widened) the figure's own legend and margins come back. A new figure brings its own
    // legend (beside the plot again): it is checked after every draw; a legend in rows is known
    // as one of ours by its height limit.
    var SIDE_LEGEND_MIN_PX = 600, NARROW_RIGHT_PX = 20, NARROW_LEGEND_FONT_PX = 11;
    var NARROW_LEGEND_MAX_PX = MAX_PUSH_PX - 20;

    // The modebar's PNG is drawn from the chart's layout at 1200 x 600: a phone's legend in rows,
    // with the top margin grown for them, left the image a plot a third of its height. A click on
    // that button (caught before Plotly's handler) on a chart whose legend we moved draws the PNG
    // here instead, from a copy of the figure with its own legend and margins (Plotly.downloadImage
    // of a figure object, with the button's options).
    document.addEventListener("click", function (event) {
        var button = event.target && event.target.closest && event.target.closest(".modebar-btn");
        var gd = button && button.closest(".js-plotly-plot"), own = gd && gd.__sideLegend;
        if (!own || !window.Plotly || (button.getAttribute("data-title") || "").indexOf("Download plot") !== 0
                || !gd.layout || !gd.layout.legend || gd.layout.legend.maxheight !== NARROW_LEGEND_MAX_PX) { return; }
        event.preventDefault();
        event.stopPropagation();
        var layout = Object.assign({}, gd.layout, {legend: own.legend,
                                                   margin: Object.assign({}, gd.layout.margin, {r: own.r, t: own.t})});
        Object.keys(layout).forEach(function (name) {  // x-axis titles in one line, as the server sent them
            var axis = layout[name], title = axis && axis.title;
            if (/^xaxis\d*$/.test(name) && title && typeof title.text === "string") {
                layout[name] = Object.assign({}, axis, {title: Object.assign({}, title, {text: title.text.split("<br>").join(" ")})});
            }
        });
        var options = Object.assign({format: "png"}, (gd._context && gd._context.toImageButtonOptions) || {});
        window.Plotly.downloadImage({data: gd.data, layout: layout}, options);
    }, true);

    function fitSideLegend(gd) {
        var layout = gd.layout, legend = layout && layout.legend, margin = layout && layout.margin;
        if (!legend || !margin || !window.Plotly) { return false; }
        var width = gd.getBoundingClientRect().width, update = null;
        if (!width) { return false; }  // not drawn (a hidden card)
        var narrow = width < SIDE_LEGEND_MIN_PX;
        var ours = legend.orientation === "h" && legend.maxheight === NARROW_LEGEND_MAX_PX && gd.__sideLegend;
        if (narrow && legend.orientation === "v") {
            // a new figure of the same uirevision comes with its legend beside the plot again but
            // keeps the right margin we set: the figure's own is the one saved before
            var before = gd.__sideLegend;
            gd.__sideLegend = {legend: Object.assign({}, legend), t: margin.t,
                               r: before && margin.r === NARROW_RIGHT_PX ? before.r : margin.r};
            // "normal" order: grouped, each group took rows of its own
            update = {legend: Object.assign({}, legend, {
                orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom", traceorder: "normal",
                maxheight: NARROW_LEGEND_MAX_PX, font: Object.assign({}, legend.font, {size: NARROW_LEGEND_FONT_PX})}),
                "margin.r": NARROW_RIGHT_PX};
        } else if (!narrow && ours) {
            update = {legend: ours.legend, "margin.r": ours.r, "margin.t": ours.t};
            gd.__sideLegend = null;
        }
        if (!update) { return false; }
        relayout(gd, update);
        return true;
    }

    // A y-axis title is wrapped on the server for its subplot's usual height; when the legend has
    // taken height from the plot (long names, a phone) a title longer than its subplot is tall
    // ran into the next subplot's title ("Rebased ..." over "Ratio ..."): it is wrapped again into
    // lines that fit the subplot's height, or set smaller when one word is longer than that.
    var AXIS_EM = 0.6, AXIS_SLACK_PX = 4, AXIS_MIN_PX = 8;
    // An x-axis title longer than its plot is wide (the event study's "Months after the event
    // (FOMC announcement)" on a phone ran past the chart's edge) is wrapped into lines that fit,
    // and is one line again when the plot is wide enough (x-axis titles come from the server in
    // one line; Plotly keeps an edited title through a new figure of the same uirevision).
    function fitXTitle(gd, name, ax, text, update) {
        var el = gd.querySelector(".g-" + ax._id + "title text");
        var size = (el && parseFloat(el.style.fontSize)) || 14, chars = Math.floor(ax._length / (size * AXIS_EM));
        var whole = text.split("<br>").join(" ");
        var wanted = whole.length <= chars ? whole : wrapWords(whole, Math.max(6, chars));
        if (wanted === text) { return false; }
        update[name + ".title.text"] = wanted;
        return true;
    }

    function fitAxisTitles(gd) {
        var full = gd._fullLayout, update = {}, changed = false;
        if (!full || !gd.layout || !window.Plotly) { return false; }
        Object.keys(gd.layout).forEach(function (name) {
            var ax = full[name], own = gd.layout[name];
            if (!/^[xy]axis\d*$/.test(name) || !ax || !ax._length || !own || !own.title) { return; }
            var text = typeof own.title.text === "string" ? own.title.text : "";
            if (text && name.charAt(0) === "x") {
                changed = fitXTitle(gd, name, ax, text, update) || changed;
                return;
            }
            var el = gd.querySelector(".g-" + ax._id + "title text");
            if (!text || !el || el.getBoundingClientRect().height <= ax._length + AXIS_SLACK_PX) { return; }
            var size = parseFloat(el.style.fontSize) || 14, height = el.getBoundingClientRect().height;
            var wrapped = wrapWords(text.split("<br>").join(" "), Math.max(6, Math.floor(ax._length / (size * AXIS_EM))));
            if (wrapped !== text) {
                update[name + ".title.text"] = wrapped;
                changed = true;
            } else if (size > AXIS_MIN_PX) {  // a word longer than the subplot: a smaller font (only ever smaller)
                var smaller = Math.max(AXIS_MIN_PX, Math.floor(size * ax._length / height));
                if (smaller < size) {
                    update[name + ".title.font.size"] = smaller;
                    changed = true;
                }
            }
        });
        if (changed) { relayout(gd, update); }
        return changed;
    }

    // A subtitle line longer than its chart is wide (the spreads chart's table, "HY OAS 2.86%
    // (-1.52 pp over the window; max 5.22% on 2023-03-24)", on a phone) ran past the chart's edge
    // and was cut: each such line is wrapped at spaces into lines that fit, continued lines
    // indented (CONTINUED, which also tells them from the server's own line breaks), and is one
    // line again when the chart is wide enough. The characters a line can hold come from the
    // drawn subtitle's width per character.
    var CONTINUED = "<br>&nbsp;&nbsp;";
    var SUBTITLE_FITS = 3;

    function fitSubtitle(gd) {
        var subtitle = gd.layout && gd.layout.title && gd.layout.title.subtitle;
        var text = subtitle && typeof subtitle.text === "string" ? subtitle.text : "";
        var el = gd.querySelector(".g-gtitle .gtitle-subtitle"), title = gd.querySelector(".g-gtitle .gtitle");
        if (!text || !el || !el.getBBox || !window.Plotly) { return false; }
        var drawn = text.split(CONTINUED).join("<br>  ").split("<br>");
        var longest = Math.max.apply(null, drawn.map(function (line) { return line.length; }));
        var width = el.getBBox().width, left = parseFloat((title || el).getAttribute("x")) || 8;
        var chart = gd.getBoundingClientRect().width, room = chart - 2 * left;
        if (!width || !longest || room <= 0) { return false; }
        var chars = Math.max(12, Math.floor(room * longest / width) - 2);  // the indent
        var wanted = text.split(CONTINUED).join(" ").split("<br>").map(function (line) {
            return line.length <= chars ? line : wrapWords(line, chars).split("<br>").join(CONTINUED);
        }).join("<br>");
        if (wanted === text || (width <= room && wanted.length > text.length)) { return false; }
        // at the width of our last change, our own lines are only wrapped further (more breaks),
        // never joined again nor broken elsewhere, SUBTITLE_FITS times at the most: a line drawn
        // wider or narrower than estimated cannot make them alternate (two wrappings with as many
        // breaks at other words alternated for ever on a phone with Chromium 156: the page hung)
        var last = gd.__subtitleFit, tries = last && last.at === chart ? last.tries : 0;
        if (last && last.at === chart && last.text === text
                && (wanted.length <= text.length || tries >= SUBTITLE_FITS)) { return false; }
        gd.__subtitleFit = {at: chart, text: wanted, tries: tries + 1};
        relayout(gd, {"title.subtitle.text": wanted});
        return true;
    }

    function fitTitle(gd) {
        // a figure that only says why there is nothing to show has no toolbar
        var empty = !!(gd.layout && gd.layout.meta && gd.layout.meta.empty);
        gd.classList.toggle("empty-figure", empty);
        var title = gd.querySelector(".g-gtitle .gtitle");
        if (!title || !title.getBBox || !gd.layout || !gd.layout.title) { return false; }
        var room = gd.getBoundingClientRect().width - 2 * (parseFloat(title.getAttribute("x")) || 8);
        var size = parseFloat(title.getAttribute("data-full-size") || title.style.fontSize) || 17;
        title.setAttribute("data-full-size", size);
        title.style.fontSize = size + "px";
        var width = title.getBBox().width;
        if (!(width > room && room > 0)) { return false; }
        var needed = size * room / width;
        var text = String(gd.layout.title.text || "");
        if (needed < READABLE_PX && text.indexOf("<br>") < 0 && window.Plotly) {
            // about 0.55 em per character: lines that fit at a readable size
            var wrapped = wrapWords(text, Math.max(12, Math.floor(room / (READABLE_PX * 0.55))));
            if (wrapped.indexOf("<br>") >= 0) {
                relayout(gd, {"title.text": wrapped});
                return true;
            }
        }
        title.style.fontSize = Math.max(MIN_PX, Math.floor(needed * 10) / 10) + "px";
        return false;
    }

    window.smallcapCharts.onDraw(fit, {resize: true});  // assets/00_charts.js
})();
