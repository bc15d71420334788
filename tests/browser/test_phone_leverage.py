"""The leverage chart on a phone: its two charts stacked, not side by side (assets/narrow_layout.js).

Side by side on a 390 px phone each chart had about 125 px: the two subplot titles ran into each
other and past the chart's edge, and the ratios' axis title lay over the return bars.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from components.figures.leverage import HEIGHT, NARROW_HEIGHT
from tests.browser.page import TIMEOUT

pytestmark = pytest.mark.browser

QUERY = "?start=2025-06-02&end=2025-09-30&universe=demo_smallcap"

#: The leverage chart's boxes in viewport pixels ([left, top, right, bottom]): the chart, each
#: subplot's plot area, its two subplot titles and its two y-axis titles.
LEVERAGE_JS = """
const gd = document.querySelector('#leverage-graph .js-plotly-plot');
const full = gd && gd._fullLayout;
if (!full || !full.xaxis2 || !full.yaxis2) return null;
const box = e => { if (!e) return null; const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const g = box(gd);
const plot = (x, y) => [g[0] + x._offset, g[1] + y._offset, g[0] + x._offset + x._length, g[1] + y._offset + y._length];
const titles = [0, 1].map(i => box(gd.querySelector('.infolayer .annotation[data-index="' + i + '"]')));
return {graph: g, height: full.height, left: plot(full.xaxis, full.yaxis), right: plot(full.xaxis2, full.yaxis2),
        titles: titles, texts: [0, 1].map(i => gd.layout.annotations[i].text),
        ytitles: ['y', 'y2'].map(a => box(gd.querySelector('.g-' + a + 'title text'))),
        narrowed: !!(gd.layout.meta && gd.layout.meta.narrowed), title: gd.layout.title.text};
"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - 1 and inner[2] <= outer[2] + 1 and inner[1] >= outer[1] - 1 and inner[3] <= outer[3] + 1


def laid_out(page, phone: bool, seen: dict) -> bool:
    """On a phone: the returns over the ratios, each the chart's width less its axis, each title
    over its own chart and inside the chart, the ratios' axis title beside its own chart; on a
    desktop: side by side at the figure's own height."""
    seen.clear()
    seen.update(page.driver.execute_script(LEVERAGE_JS) or {})
    if not seen or not all(seen["titles"]) or not all(seen["ytitles"]):
        return False
    graph, left, right = seen["graph"], seen["left"], seen["right"]
    titles_apart = not _overlap(*seen["titles"]) and all(_inside(t, graph) for t in seen["titles"])
    if not phone:
        return (not seen["narrowed"] and seen["height"] == HEIGHT and left[2] < right[0]
                and titles_apart)
    width = graph[2] - graph[0]
    return (seen["narrowed"] and seen["height"] == NARROW_HEIGHT and left[3] < seen["titles"][1][1]
            and seen["titles"][1][3] <= right[1] + 1 and seen["titles"][0][3] <= left[1] + 1
            and min(left[2] - left[0], right[2] - right[0]) >= 0.6 * width and titles_apart
            and not _overlap(seen["ytitles"][1], left) and not _overlap(seen["ytitles"][0], right))


def settle(check, what: str, seen: dict) -> None:
    try:
        until(check, timeout=TIMEOUT)
    except Exception:
        raise AssertionError(f"{what}: {seen}") from None


def test_the_leverage_charts_are_stacked_on_a_phone_and_side_by_side_on_a_desktop(page):
    """Stacked on a phone (a taller chart), side by side again when widened, stacked again when
    narrowed, and a new figure on a phone (ranked by leverage) is stacked as well."""
    seen: dict = {}
    page.driver.set_window_size(390, 844)
    try:
        page.open(QUERY)
        settle(lambda: laid_out(page, True, seen), "the leverage chart on a phone", seen)
        texts = seen["texts"]
        page.driver.set_window_size(1440, 900)
        settle(lambda: laid_out(page, False, seen), "the leverage chart widened to a desktop", seen)
        assert seen["texts"] == texts  # every word of the subplot titles either way
        page.driver.set_window_size(390, 844)
        settle(lambda: laid_out(page, True, seen), "the leverage chart narrowed to a phone", seen)
        page.driver.find_element(By.ID, "controls-toggle").click()  # a phone folds the controls
        page.click_radio("control-rank-by", "Leverage")
        settle(lambda: laid_out(page, True, seen) and "by debt-to-equity" in seen["title"].replace("<br>", " "),
               "a new leverage figure on a phone", seen)
    finally:
        page.driver.set_window_size(1440, 900)


def test_a_phones_leverage_png_has_the_charts_side_by_side(page):
    """The toolbar's PNG (1200 x 600) of the stacked chart would squeeze two charts into 600 px:
    the button draws it from the side-by-side layout; the phone's chart stays stacked."""
    seen: dict = {}
    page.driver.set_window_size(390, 844)
    try:
        page.open(QUERY)
        settle(lambda: laid_out(page, True, seen), "the leverage chart on a phone", seen)
        out = page.png_click("leverage")
        assert len(out["seen"]) == 1, out
        layout, options = out["seen"][0]["layout"], out["seen"][0]["options"]
        assert layout["height"] == HEIGHT and layout["yaxis2"]["domain"] == [0, 1], layout
        assert layout["xaxis"]["domain"][1] < layout["xaxis2"]["domain"][0], layout
        assert not layout["meta"]["narrowed"]
        assert options["width"] == 1200 and options["height"] == 600 and options["filename"].startswith("leverage")
        assert out["height"] == NARROW_HEIGHT and out["page"]["yaxis2"]["domain"][1] < 1  # the phone's chart as it was
    finally:
        page.driver.set_window_size(1440, 900)
