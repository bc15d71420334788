/* Controls drawn as plain elements (Dash's copy-to-clipboard icons, class "key-button") work
 * from the keyboard like buttons: reachable with Tab, named by their title, Enter or Space
 * clicks them. */
(function () {
    function enable(el) {
        if (el.__keyButton) { return; }
        el.__keyButton = true;
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        if (el.title && !el.getAttribute("aria-label")) { el.setAttribute("aria-label", el.title); }
        el.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                (el.querySelector("svg, i, span") || el).dispatchEvent(new MouseEvent("click", {bubbles: true}));
            }
        });
    }

    new MutationObserver(function () {
        document.querySelectorAll(".key-button").forEach(enable);
    }).observe(document.documentElement, {childList: true, subtree: true});
})();
