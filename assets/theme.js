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

    function restyle(gd) {
        if (!gd.layout || !window.Plotly) { return; }
        var dark = document.documentElement.getAttribute("data-bs-theme") === "dark";
        var isDark = gd.layout.template && gd.layout.template.name === "smallcap-dark";
        if (dark && !isDark) {
            gd.__lightTemplate = gd.layout.template;
            var template = JSON.parse(JSON.stringify(DARK));
            template.name = "smallcap-dark";
            window.Plotly.relayout(gd, {template: template});
        } else if (!dark && isDark) {
            window.Plotly.relayout(gd, {template: gd.__lightTemplate || null});
        }
    }

    function apply(stored) {
        var theme = current(stored);
        document.documentElement.setAttribute("data-bs-theme", theme);
        document.querySelectorAll(".js-plotly-plot").forEach(restyle);
        return theme;
    }

    function watch(gd) {
        if (gd.__themeWatch || !gd.on) { return; }
        gd.__themeWatch = true;
        gd.on("plotly_afterplot", function () { restyle(gd); });
        restyle(gd);
    }

    new MutationObserver(function () {
        document.querySelectorAll(".js-plotly-plot").forEach(watch);
    }).observe(document.documentElement, {childList: true, subtree: true});

    window.smallcapTheme = {current: current, apply: apply};
})();
