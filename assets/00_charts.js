/* One watcher for the page scripts that act on every chart after each draw (chart_names.js,
 * chart_sources.js, fit_titles.js, narrow_layout.js, theme.js). A script registers its function
 * with window.smallcapCharts.onDraw(fn, {resize: true}); the function then runs for each chart
 * when it appears (Dash draws charts as their figures arrive), after each of its draws, and, with
 * `resize`, for every chart when the window is resized. Dash loads the assets in name order: this
 * one first. */
(function () {
    var handlers = [];

    function charts() {
        return document.querySelectorAll(".js-plotly-plot");
    }

    function hook(gd) {
        if (gd.__smallcapCharts || !gd.on) { return; }
        gd.__smallcapCharts = true;
        gd.on("plotly_afterplot", function () { handlers.forEach(function (h) { h.fn(gd); }); });
        handlers.forEach(function (h) { h.fn(gd); });
    }

    new MutationObserver(function () {
        charts().forEach(hook);
    }).observe(document.documentElement, {childList: true, subtree: true});
    window.addEventListener("resize", function () {
        charts().forEach(function (gd) {
            handlers.forEach(function (h) { if (h.resize) { h.fn(gd); } });
        });
    });

    window.smallcapCharts = {
        onDraw: function (fn, options) {
            handlers.push({fn: fn, resize: !!(options && options.resize)});
            charts().forEach(function (gd) { if (gd.__smallcapCharts) { fn(gd); } });  // drawn before
        },
    };
})();
