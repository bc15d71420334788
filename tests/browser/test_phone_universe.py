"""The universe chart on a phone: its three charts stacked, each the chart's width
(assets/narrow_layout.js with components/figures/universe.py, narrow_layout).

Side by side on a 390 px phone the sector bars had about 50 px beside a 190 px margin of names,
the P/E chart about 80 px, and the bars' axis title wrapped one word a line over the breadth chart.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from components.figures.universe import HEIGHT, NARROW_HEIGHT
from tests.browser.page import TIMEOUT

pytestmark = pytest.mark.browser

QUERY = "?start=2025-06-02&end=2025-09-30&universe=demo_smallcap"

#: The universe chart's box and its three plot areas in viewport pixels ([left, top, right, bottom]).
UNIVERSE_JS = """
const gd = document.querySelector('#universe-graph .js-plotly-plot');
const full = gd && gd._fullLayout;
if (!full || !full.xaxis3 || !full.yaxis3) return null;
const r = gd.getBoundingClientRect(), g = [r.left, r.top, r.right, r.bottom];
const plot = (x, y) => [g[0] + x._offset, g[1] + y._offset, g[0] + x._offset + x._length, g[1] + y._offset + y._length];
return {graph: g, height: full.height, narrowed: !!(gd.layout.meta && gd.layout.meta.narrowed),
        wide: gd.layout.meta && gd.layout.meta.narrow ? gd.layout.meta.narrow.wide.height : null,
        plots: [plot(full.xaxis, full.yaxis), plot(full.xaxis2, full.yaxis2), plot(full.xaxis3, full.yaxis3)]};
"""


def stacked(page, phone: bool, seen: dict) -> bool:
    seen.clear()
    seen.update(page.driver.execute_script(UNIVERSE_JS) or {})
    if not seen:
        return False
    bars, pe, breadth = seen["plots"]
    if not phone:
        # the figure's own side-by-side height (taller than HEIGHT with many sectors' names)
        return not seen["narrowed"] and seen["height"] == seen["wide"] >= HEIGHT and bars[2] < pe[0]
    width = seen["graph"][2] - seen["graph"][0]
    return (seen["narrowed"] and seen["height"] == NARROW_HEIGHT and bars[3] < pe[1] and pe[3] < breadth[1]
            and min(p[2] - p[0] for p in seen["plots"]) >= 0.4 * width)


def test_the_universe_charts_are_stacked_on_a_phone_and_side_by_side_on_a_desktop(page):
    seen: dict = {}
    page.driver.set_window_size(390, 844)
    try:
        page.open(QUERY)
        try:
            until(lambda: stacked(page, True, seen), timeout=TIMEOUT)
        except Exception:
            raise AssertionError(f"the universe chart on a phone: {seen}") from None
        page.driver.set_window_size(1440, 900)
        try:
            until(lambda: stacked(page, False, seen), timeout=TIMEOUT)
        except Exception:
            raise AssertionError(f"the universe chart widened to a desktop: {seen}") from None
    finally:
        page.driver.set_window_size(1440, 900)
