"""The page on a desktop (1440x900) and a phone (390x844): titles clear of the modebar and
inside their chart, no sideways scrolling, the controls folded behind one line on a phone."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from components.figures.common import RATIO_COLOR
from components.ids import GRAPH_PANELS, TIME_PANELS
from state import TRANSFORMS
from tests.browser.page import TIMEOUT
from tests.colors import contrast

#: A page element's box in viewport pixels, [left, top, right, bottom] (null when missing).
BOX_JS = """
const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                   return [r.left, r.top, r.right, r.bottom]; };
"""

BOXES_JS = BOX_JS + """
const out = {};
document.querySelectorAll('.js-plotly-plot').forEach(g => {
  const card = g.closest('[id$=-graph]');
  const title = g.querySelector('.g-gtitle .gtitle');
  const bar = g.querySelector('.modebar');
  out[card ? card.id : g.id] = {graph: box(g), title: box(title), modebar: box(bar),
                                text: title ? title.textContent : ''};
});
return out;
"""


@pytest.fixture(params=[(1440, 900), (390, 844)], ids=["desktop", "phone"])
def screen(request, page):
    driver = page.driver
    before = driver.get_window_size()
    driver.set_window_size(*request.param)
    yield request.param
    driver.set_window_size(before["width"], before["height"])


def settle(check, what: str, seen) -> None:
    """Wait until ``check()`` holds: the page script fits each chart after every draw, so the
    test waits for the last one; else fail with ``what`` and the ``seen`` boxes or problems."""
    try:
        until(check, timeout=TIMEOUT)
    except Exception:
        raise AssertionError(f"{what}: {seen}") from None


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_titles_never_meet_the_modebar_and_stay_inside_their_chart(page, screen):
    page.open("?small=IWM&large=SPY&start=2023-01-03&end=2025-12-31&universe=demo_smallcap")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    for panel in GRAPH_PANELS:  # hover each chart: its modebar shows
        graph = page.driver.find_element(By.CSS_SELECTOR, f"#{panel}-graph")
        page.scroll_to(graph)
    problems: list = []

    def clear() -> bool:  # titles are fitted after each draw: wait for the last one
        problems.clear()
        boxes = page.driver.execute_script(BOXES_JS)
        titled = {name: box for name, box in boxes.items() if box["title"] and box["text"]}
        for name, box in titled.items():
            graph, title = box["graph"], box["title"]
            if not (title[0] >= graph[0] - 1 and title[2] <= graph[2] + 1):
                problems.append(("outside its chart", name, box))
            if box["modebar"] and _overlap(title, box["modebar"]):
                problems.append(("under the modebar", name, box))
        return len(titled) >= len(TIME_PANELS) and not problems

    settle(clear, "titles", problems)


LEGEND_JS = BOX_JS + """
const out = {};
document.querySelectorAll('.js-plotly-plot').forEach(g => {
  const card = g.closest('[id$=-graph]');
  out[card ? card.id : g.id] = {title: box(g.querySelector('.g-gtitle .gtitle')),
                                legend: box(g.querySelector('.infolayer .legend')),
                                rows: (g.querySelector('.infolayer .legend') || {childElementCount: 0}).childElementCount};
});
return out;
"""


def test_titles_and_legends_of_long_names_stay_apart(page, screen):
    """The Ken French portfolios' names make a title of two lines or more and a legend of
    several rows; the legend (on the plot's top edge, growing upwards) never runs into the title."""
    page.open("?small=FF_LO30&large=FF_HI30")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    problems: list = []

    def apart() -> bool:  # legends are moved after each draw: wait for the last one
        problems.clear()
        boxes = page.driver.execute_script(LEGEND_JS)
        for name, box in boxes.items():
            if box["title"] and box["legend"] and _overlap(box["title"], box["legend"]):
                problems.append((name, box))
        return bool(boxes.get("relative-graph", {}).get("legend")) and not problems

    settle(apart, "title and legend meet", problems)


SUBTITLE_JS = BOX_JS + """
const g = document.querySelector('#rates-graph .js-plotly-plot');
return g ? {subtitle: box(g.querySelector('.g-gtitle .gtitle-subtitle')),
            legend: box(g.querySelector('.infolayer .legend')),
            text: (g.querySelector('.g-gtitle .gtitle-subtitle') || {}).textContent || ''} : null;
"""


def test_the_rates_charts_levels_line_is_never_under_its_legend(page, screen):
    """The rates chart's subtitle ("10-year 4.08%, 2-year 3.48%, target 3.50-3.75%") sat under
    the legend's first row wherever the half-width chart's legend takes two rows."""
    page.open("?start=2000-01-03&end=2026-02-20")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    seen: dict = {}

    def apart() -> bool:  # legends are moved after each draw: wait for the last one
        seen.clear()
        seen.update(page.driver.execute_script(SUBTITLE_JS) or {})
        return bool(seen.get("subtitle") and seen.get("legend")) and not _overlap(seen["subtitle"], seen["legend"])

    settle(apart, "the levels line meets the legend", seen)
    assert "10-year" in seen["text"] and "%" in seen["text"]


OVERLAID_JS = BOX_JS + """
const out = {};
for (const id of ['rates-graph', 'spreads-graph']) {
  const g = document.querySelector('#' + id + ' .js-plotly-plot');
  if (!g) continue;
  out[id] = {graph: box(g), legend: box(g.querySelector('.infolayer .legend')),
             subtitle: box(g.querySelector('.g-gtitle .gtitle-subtitle')),
             notes: Array.from(g.querySelectorAll('.infolayer .annotation-text'))
                      .filter(e => getComputedStyle(e).visibility !== 'hidden').map(box),
             ticks: Array.from(g.querySelectorAll('.yaxislayer-above')).map(layer =>
               Array.from(layer.querySelectorAll('.ytick text')).map(box))};
}
return out;
"""


def test_overlays_keep_every_text_of_the_rates_and_spreads_charts_apart(page, screen):
    """With two overlays the spreads chart's table lay under a three-row legend, the overlays'
    sources ran over the legend and past the chart's left edge, and the two right-hand axes'
    tick labels lay on each other. Now: table and levels line clear of the legend, the sources
    under the plot and inside the chart, each axis' labels apart from the next one's. (On a
    phone the source lines, wrapped for a half-width desktop chart, would run past the chart's
    right edge: they are hidden in the chart and shown under it, assets/chart_sources.js; every
    text the chart shows is inside it.)"""
    page.open("?start=2015-01-02&end=2026-02-20&overlay=DGS10,BAMLH0A0HYM2")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    problems: list = []

    def apart() -> bool:  # legends are moved after each draw: wait for the last one
        problems.clear()
        boxes = page.driver.execute_script(OVERLAID_JS)
        for name, box in boxes.items():
            graph, legend = box["graph"], box["legend"]
            if box["subtitle"] and legend and _overlap(box["subtitle"], legend):
                problems.append((name, "subtitle under the legend"))
            for note in box["notes"]:
                if legend and _overlap(note, legend):
                    problems.append((name, "text under the legend", note))
                if note[0] < graph[0] - 1 or note[2] > graph[2] + 1:
                    problems.append((name, "text past the chart's edge", note))
            axes = [ticks for ticks in box["ticks"] if ticks]
            for left, right in zip(axes, axes[1:]):
                if any(_overlap(a, b) for a in left for b in right):
                    problems.append((name, "axis labels on each other"))
        return len(boxes) == 2 and not problems

    settle(apart, "overlaid charts", problems)
    # the overlays' citations are lines of the source line: on a phone under the chart with it
    settle(lambda: sources_placed(page, screen[0] < 768, problems), "overlaid charts' sources", problems)
    if screen[0] < 768:
        for panel in ("rates", "spreads"):
            assert "Overlays: " in page.driver.find_element(By.ID, f"{panel}-source").get_attribute("textContent")


YTITLES_JS = BOX_JS + """
const g = document.querySelector('#relative-graph .js-plotly-plot');
return g ? ['ytitle', 'y2title'].map(c => box(g.querySelector('.g-' + c + ' text'))) : null;
"""


def test_the_relative_charts_axis_titles_never_meet(page, screen):
    """With the Ken French portfolios' legend (four rows) the relative chart's two subplots are
    shorter than their titles were wrapped for: "Rebased (...)" ran into "Ratio (...)"."""
    page.open("?small=FF_LO10&large=FF_HI10&start=1927-01-01&end=2025-12-31&freq=M&window=36")
    until(lambda: page.has_data("relative"), timeout=TIMEOUT)
    seen: list = []

    def apart() -> bool:  # titles are fitted after each draw: wait for the last one
        seen[:] = page.driver.execute_script(YTITLES_JS) or []
        return len(seen) == 2 and all(seen) and not _overlap(*seen)

    settle(apart, "axis titles meet", seen)


#: Per time chart: its figure's source annotation (text, drawn box, shown or hidden), the paragraph
#: under the chart (text, box, the box of its text) and the chart's and card's boxes.
SOURCES_JS = BOX_JS + """
const out = {};
for (const panel of arguments[0]) {
  const gd = document.querySelector('#' + panel + '-graph .js-plotly-plot');
  const under = document.getElementById(panel + '-source');
  const notes = gd && gd.layout ? gd.layout.annotations || [] : [];
  const i = notes.findIndex(n => typeof n.text === 'string' && n.text.startsWith('Source: '));
  const drawn = i < 0 || !gd ? null : gd.querySelector('.infolayer .annotation[data-index="' + i + '"]');
  let words = null;
  if (under && under.firstChild) { const r = document.createRange(); r.selectNodeContents(under); words = r; }
  out[panel] = {source: i < 0 ? null : notes[i].text, under: under ? under.textContent : null,
                under_box: box(under), words: box(words), graph: box(gd),
                card: box(document.getElementById('panel-' + panel)),
                drawn: box(drawn), shown: drawn ? getComputedStyle(drawn).visibility !== 'hidden' : null};
}
return out;
"""


def plain(text: str) -> str:
    """An annotation's text as a reader sees it: the server's line breaks as spaces, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<br\s*/?>", " ", text or "")).split())


def sources_placed(page, phone: bool, problems: list) -> bool:
    """Every time chart's source reads whole: on a phone as the text under the chart (inside its
    card, the annotation hidden), on a desktop in the chart (inside it, nothing under it)."""
    problems.clear()
    seen = page.driver.execute_script(SOURCES_JS, list(TIME_PANELS))
    for panel, s in seen.items():
        if not s["source"]:
            problems.append((panel, "no source annotation", s))
        elif phone and (plain(s["under"]) != plain(s["source"]) or s["shown"] is not False):
            problems.append((panel, "not under the chart", s))
        elif phone and not (s["card"][0] <= s["words"][0] and s["words"][2] <= s["card"][2]
                            and s["under_box"][1] >= s["graph"][3] - 1):
            problems.append((panel, "the text under the chart is outside its card", s))
        elif not phone and (s["under"] != "" or s["under_box"][3] - s["under_box"][1] != 0 or not s["shown"]):
            problems.append((panel, "not in the chart", s))
        elif not phone and not (s["graph"][0] - 1 <= s["drawn"][0] and s["drawn"][2] <= s["graph"][2] + 1):
            problems.append((panel, "past the chart's edge", s))
    return len(seen) == len(TIME_PANELS) and not problems


def test_every_chart_says_its_source_whole_under_a_phones_chart_and_in_a_desktops(page, screen):
    """The source line under each plot, wrapped on the server for a desktop chart, ran past a
    phone's chart and was cut ("Source: Russell 2000 (^RUT) via Yahoo Finance (local co"). On a
    chart too narrow for it, it is page text under the chart (wrapped in the card) and hidden in
    the chart; on a desktop it stays in the chart and nothing is added under it. It follows a new
    figure (another pair, chosen in the controls) and the width (a phone turned, a window resized)."""
    phone = screen[0] < 768
    page.open()
    problems: list = []
    settle(lambda: sources_placed(page, phone, problems), "the charts' sources", problems)
    for panel in TIME_PANELS:
        drawn = page.driver.find_elements(By.CSS_SELECTOR, f"#{panel}-graph .infolayer .annotation")
        shown = [d for d in drawn if "Source: " in d.text]
        assert (len(shown) == 0) if phone else (len(shown) == 1), (panel, [d.text for d in drawn])
    if phone:  # the controls fold behind a button on a phone
        page.driver.find_element(By.ID, "controls-toggle").click()
        until(lambda: page.driver.find_element(By.ID, "controls").is_displayed(), timeout=10)
    page.mark_document()
    page.choose("control-small", "IWM")
    page.choose("control-large", "SPY")
    until(lambda: "IWM" in page.driver.execute_script(SOURCES_JS, ["relative"])["relative"]["source"],
          timeout=TIMEOUT, msg="the relative chart did not draw the new pair")
    settle(lambda: sources_placed(page, phone, problems), "the new pair's sources", problems)
    assert page.same_document()  # a new figure in the same page, not a reload
    if phone:
        assert "iShares Russell 2000 ETF (IWM)" in page.driver.find_element(By.ID, "relative-source").text
    page.driver.set_window_size(*((1440, 900) if phone else (390, 844)))  # turned, or made narrow
    settle(lambda: sources_placed(page, not phone, problems), "the sources at the other width", problems)
    page.driver.set_window_size(*screen)
    settle(lambda: sources_placed(page, phone, problems), "the sources at the first width again", problems)
    assert page.browser.get_logs() == []


#: The relative chart drawn as the modebar's PNG download draws it (a new copy of the figure at
#: toImageButtonOptions' 1200x600), as an SVG document.
IMAGE_JS = """
const done = arguments[arguments.length - 1];
const gd = document.querySelector('#relative-graph .js-plotly-plot');
Plotly.toImage(gd, {format: 'svg', width: 1200, height: 600}).then(done, e => done('failed: ' + e));
"""


def test_the_modebar_png_of_a_phones_chart_keeps_its_source_inside(page):
    """The phone's page shows the source under the chart, hidden in the chart's SVG on the page
    only: the modebar's PNG, drawn anew from the figure, has it whole in the image."""
    page.driver.set_window_size(390, 844)
    try:
        page.open()
        problems: list = []
        settle(lambda: sources_placed(page, True, problems), "the charts' sources", problems)
        image = unquote(page.driver.execute_async_script(IMAGE_JS))
        assert image.startswith("data:image/svg+xml,"), image[:200]
        svg = ElementTree.fromstring(image.split(",", 1)[1])
        notes = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "annotation"]
        cited = [g for g in notes if "".join(g.itertext()).startswith("Source: ")]
        assert len(cited) == 1, ["".join(g.itertext()) for g in notes]
        hidden = [e for e in cited[0].iter() if "visibility" in (e.get("style") or "") or e.get("visibility")]
        assert not hidden and "".join(cited[0].itertext()).endswith("Small-Cap Monitor.")
    finally:
        page.driver.set_window_size(1440, 900)


def test_a_phone_never_scrolls_sideways_and_folds_the_controls(page, screen):
    page.open("?small=IWM&large=SPY")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    width = page.driver.execute_script("return document.documentElement.scrollWidth;")
    inner = page.driver.execute_script("return window.innerWidth;")
    assert width <= inner, f"the page is {width} px wide on a {inner} px screen"
    controls = page.driver.find_element(By.ID, "controls")
    toggle = page.driver.find_element(By.ID, "controls-toggle")
    if screen[0] >= 768:
        assert controls.is_displayed() and not toggle.is_displayed()
        return
    assert not controls.is_displayed()
    until(lambda: "IWM vs SPY" in toggle.text, timeout=TIMEOUT)
    toggle.click()
    until(lambda: controls.is_displayed(), timeout=10)
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    until(lambda: not controls.is_displayed(), timeout=10)


def test_the_leverage_panel_without_a_universe_is_an_empty_state_without_a_toolbar(page):
    page.open()
    until(lambda: "Choose a universe or upload a list" in page.driver.find_element(
        By.CSS_SELECTOR, "#leverage-graph").text, timeout=TIMEOUT)
    graph = page.driver.find_element(By.CSS_SELECTOR, "#leverage-graph")
    page.scroll_to(graph)
    bars = graph.find_elements(By.CSS_SELECTOR, ".modebar-container")
    assert not any(bar.is_displayed() for bar in bars)
    # a chart with data keeps its toolbar
    rates = page.driver.find_element(By.CSS_SELECTOR, "#rates-graph")
    assert any(bar.is_displayed() for bar in rates.find_elements(By.CSS_SELECTOR, ".modebar-container"))


TEMPLATE_JS = """
return Array.from(document.querySelectorAll('.js-plotly-plot'))
  .map(g => (g.layout && g.layout.template && g.layout.template.name) || 'light');
"""


def test_the_dark_toggle_switches_page_and_charts_and_is_remembered_not_linked(page):
    page.open("?start=2024-01-02&end=2024-06-28")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    html = page.driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("data-bs-theme") == "light"  # headless Chromium prefers light
    light_boxes = page.driver.execute_script(PLOT_BOXES_JS)
    light_drawn = page.driver.execute_script(DRAWN_COLORS_JS)
    assert {kind for _, kind, _, _ in light_drawn} == {"line", "text"}, light_drawn  # the check sees both
    toggle = page.driver.find_element(By.ID, "theme-toggle")
    page.scroll_to(toggle)
    toggle.click()
    until(lambda: html.get_attribute("data-bs-theme") == "dark", timeout=10)
    until(lambda: set(page.driver.execute_script(TEMPLATE_JS)) == {"smallcap-dark"}, timeout=TIMEOUT)
    # only colours change: every chart keeps its plot area and legend (the dark template keeps
    # the light one's automargins and title standoffs)
    until(lambda: page.driver.execute_script(PLOT_BOXES_JS) == light_boxes, timeout=TIMEOUT,
          msg=f"plot areas changed with the theme: {light_boxes}")
    assert "theme" not in page.url()
    page.open("?start=2024-01-02&end=2024-06-28")  # remembered in this browser
    until(lambda: page.driver.find_element(By.TAG_NAME, "html").get_attribute("data-bs-theme") == "dark",
          timeout=TIMEOUT)
    until(lambda: all(page.has_data(p) for p in TIME_PANELS)
          and set(page.driver.execute_script(TEMPLATE_JS)) == {"smallcap-dark"}, timeout=TIMEOUT)
    # the ratio's navy line is lightened on the dark background (WCAG contrast of at least 3)
    until(lambda: contrast(*page.driver.execute_script(RATIO_COLORS_JS)) >= 3, timeout=TIMEOUT)
    # and so is every other line drawn in a hex colour (the red and blue series lines among them)
    until(lambda: all(contrast(color, bg) >= 3 for _, color, bg in page.driver.execute_script(LINE_COLORS_JS)),
          timeout=TIMEOUT, msg="a line under 3:1 contrast on the dark page")
    assert len(page.driver.execute_script(LINE_COLORS_JS)) >= 6  # the check saw the charts' lines
    # the lines the layout draws (event and cycle lines) at 3:1 as well, the text written straight
    # on a chart (source lines, cycle labels) at 4.5:1 (WCAG's minimum for text)
    until(lambda: all(contrast(color, bg) >= (3 if kind == "line" else 4.5)
                      for _, kind, color, bg in page.driver.execute_script(DRAWN_COLORS_JS)),
          timeout=TIMEOUT, msg=f"drawn lines or text too faint on the dark page: {page.driver.execute_script(DRAWN_COLORS_JS)}")
    toggle = page.driver.find_element(By.ID, "theme-toggle")
    page.scroll_to(toggle)
    toggle.click()
    until(lambda: page.driver.find_element(By.TAG_NAME, "html").get_attribute("data-bs-theme") == "light",
          timeout=10)
    until(lambda: "smallcap-dark" not in page.driver.execute_script(TEMPLATE_JS), timeout=TIMEOUT)
    until(lambda: page.driver.execute_script(RATIO_COLORS_JS)[0] == RATIO_COLOR, timeout=TIMEOUT)  # its own colour back
    until(lambda: page.driver.execute_script(DRAWN_COLORS_JS) == light_drawn, timeout=TIMEOUT,
          msg="the drawn lines and text did not get their own colours back")
    assert page.browser.get_logs() == []


#: Each chart's plot area (left, top, width, height) and legend height, in whole pixels.
PLOT_BOXES_JS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  const s = gd._fullLayout._size, legend = gd.querySelector('.legend');
  return [s.l, s.t, s.w, s.h, legend ? Math.round(legend.getBoundingClientRect().height) : 0].map(Math.round);
});
"""


#: The relative chart's ratio line colour and the plot background it is drawn on.
RATIO_COLORS_JS = """
const gd = document.querySelector('#relative-graph .js-plotly-plot');
const ratio = gd.data.find(t => (t.name || '').includes(' / '));
return [ratio.line.color, gd._fullLayout.plot_bgcolor];
"""


#: Every line a chart's layout draws (a shape's, of some width) and every text written straight on
#: it (an annotation without a box), in a hex colour: [chart, "line" or "text", colour, plot background].
DRAWN_COLORS_JS = """
const rows = [], hex = c => typeof c === 'string' && /^#([0-9a-f]{3}){1,2}$/i.test(c);
document.querySelectorAll('.js-plotly-plot').forEach(gd => {
  const id = (gd.closest("[id$='-graph']") || {}).id, bg = gd._fullLayout.plot_bgcolor;
  (gd.layout.shapes || []).forEach(s => { if (s.line && s.line.width !== 0 && hex(s.line.color))
    rows.push([id, 'line', s.line.color, bg]); });
  (gd.layout.annotations || []).forEach(a => { if (a.font && !a.bgcolor && hex(a.font.color))
    rows.push([id, 'text', a.font.color, bg]); });
});
return rows;
"""


#: Every line trace's (hex) colour on every chart, with the chart's plot background.
LINE_COLORS_JS = """
const rows = [];
document.querySelectorAll('.js-plotly-plot').forEach(gd => (gd.data || []).forEach(t => {
  const c = t.line && t.line.color;
  if (t.type === 'scatter' && typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c) && (t.mode || '').includes('lines'))
    rows.push([(gd.closest("[id$='-graph']") || {}).id + ': ' + t.name, c, gd._fullLayout.plot_bgcolor]);
}));
return rows;
"""


NAMES_JS = """
return Array.from(document.querySelectorAll("[id$='-graph']")).map(g => [g.id, g.getAttribute('role'),
  g.getAttribute('aria-label'), g.getAttribute('aria-describedby'),
  (g.querySelector('.gtitle') || {}).textContent || '']);
"""
CARDS_JS = """
const r = id => document.getElementById(id).getBoundingClientRect();
const list = document.querySelector('.facts-list');
return {relative: r('panel-relative'), facts: r('panel-facts'),
        last: document.querySelector('#panel-relative .card-body').lastElementChild.getBoundingClientRect(),
        scrolls: list.scrollHeight > list.clientHeight,
        ytitles: ['.g-ytitle', '.g-y2title'].map(c => {
          const e = document.querySelector('#relative-graph ' + c); if (!e) return null;
          const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })};
"""


def test_every_chart_is_named_by_its_title_and_described_by_its_summary(page):
    page.open("?start=2024-01-02&end=2024-06-28")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    names = lambda: page.driver.execute_script(NAMES_JS)  # noqa: E731
    until(lambda: all(row[2] for row in names()), timeout=TIMEOUT)
    for graph, role, label, described, title in names():
        assert role == "figure" and described == graph.replace("-graph", "-summary"), graph
        assert label.replace(" ", "") == title.replace(" ", ""), graph  # the title's text (wrapped or not)
    relative = dict((row[0], row[2]) for row in names())["relative-graph"]
    assert relative.startswith("Russell 2000 vs S&P 500, 2024-01-02 to 2024-06-28: relative return")
    page.click_radio("control-transform", "YoY %")  # a new figure: the name follows its title
    label_and_title = lambda: [row[2:5:2] for row in names() if row[0] == "relative-graph"][0]  # noqa: E731
    until(lambda: "Chart: year-over-year % change" in label_and_title()[0], timeout=TIMEOUT)
    label, title = label_and_title()
    assert label.replace(" ", "") == title.replace(" ", "")


def test_the_facts_card_takes_the_relative_cards_height_on_a_desktop(page):
    page.driver.set_window_size(1440, 900)
    page.open("")
    until(lambda: page.has_data("relative"), timeout=TIMEOUT)
    boxes = lambda: page.driver.execute_script(CARDS_JS)  # noqa: E731
    until(lambda: boxes()["scrolls"], timeout=TIMEOUT)  # more facts than fit: the list scrolls
    b = boxes()
    assert abs(b["facts"]["bottom"] - b["relative"]["bottom"]) < 2 and abs(b["facts"]["top"] - b["relative"]["top"]) < 2
    assert b["relative"]["bottom"] - b["last"]["bottom"] < 60  # no empty space under the chart's controls
    top, bottom = b["ytitles"]
    assert top and bottom and not _overlap(top, bottom)  # the level and ratio axes' titles stay apart


def test_the_relative_charts_two_axis_titles_stay_apart_for_every_measure(page):
    """The level and ratio y-axis titles (rotated, on the left) never overlap, whatever the
    transform (their texts differ in length; yoy and drawdown are the longest) or scale."""
    page.driver.set_window_size(1440, 900)
    views = [f"?transform={t}" for t in TRANSFORMS] + ["?transform=level&scale=log"]
    for query in views:
        page.open(query)
        until(lambda: page.has_data("relative"), timeout=TIMEOUT)
        texts = page.driver.execute_script(YTITLE_TEXTS_JS)
        top, bottom = page.driver.execute_script(CARDS_JS)["ytitles"]
        assert top and bottom and not _overlap(top, bottom), (query, texts, top, bottom)
        assert bottom[1] - top[3] > 4, (query, texts, top, bottom)  # a visible gap between them


YTITLE_TEXTS_JS = """
return ['.g-ytitle', '.g-y2title'].map(c => (document.querySelector('#relative-graph ' + c) || {}).textContent);
"""


def test_no_chart_offers_to_send_its_data_to_a_cloud(page):
    page.open("?universe=demo_smallcap")
    until(lambda: all(page.has_data(p) for p in TIME_PANELS), timeout=TIMEOUT)
    titles = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'));")
    assert "Download plot as a PNG" in titles  # the toolbars are there
    cloudy = [t for t in titles if t and any(w in t.lower() for w in ("share", "cloud", "chart studio"))]
    assert cloudy == []


EVENT_STUDY_JS = BOX_JS + """
const g = document.querySelector('#regimes-graph .js-plotly-plot');
if (!g || !g._fullLayout || !g._fullLayout.xaxis2) return null;
const s = g._fullLayout._size, r = g.getBoundingClientRect();
return {graph: box(g), plot: [r.left + s.l, r.top + s.t, r.left + s.l + s.w, r.top + s.t + s.h],
        legend: box(g.querySelector('.infolayer .legend')), title: box(g.querySelector('.g-gtitle .gtitle')),
        xtitle: box(g.querySelector('.g-x2title text')), orientation: g.layout.legend.orientation,
        xtext: g.layout.xaxis2.title.text};
"""


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - 1 and inner[2] <= outer[2] + 1 and inner[1] >= outer[1] - 1 and inner[3] <= outer[3] + 1


def event_study_fits(page, phone: bool, seen: dict) -> bool:
    """The event study's legend over the plot in rows on a phone (the plot most of the chart's
    width), beside it on a desktop; its x-axis title inside the chart either way, in one line on
    a desktop; the legend never on the title."""
    seen.clear()
    seen.update(page.driver.execute_script(EVENT_STUDY_JS) or {})
    if not seen or not all(seen.get(k) for k in ("graph", "plot", "legend", "title", "xtitle")):
        return False
    graph, plot, legend = seen["graph"], seen["plot"], seen["legend"]
    placed = (seen["orientation"] == "h" and legend[3] <= plot[1] + 1
              and plot[2] - plot[0] >= 0.5 * (graph[2] - graph[0])) if phone else (
        seen["orientation"] == "v" and legend[0] >= plot[2] and "<br>" not in seen["xtext"])
    return (placed and _inside(legend, graph) and _inside(seen["xtitle"], graph)
            and not _overlap(legend, seen["title"]))


def test_the_event_studys_legend_is_over_the_plot_on_a_phone_and_beside_it_on_a_desktop(page):
    """On a phone the event study's legend beside the plot (one event a row in a 190 px right
    margin) left the plot a quarter of the chart's width, its month ticks run together, and the
    x-axis title ran past the chart's edge. Now the legend goes over the plot in rows (scrolling
    beyond a few rows) and the title wraps; turned or widened, the chart is the desktop's again."""
    seen: dict = {}
    page.driver.set_window_size(390, 844)
    try:
        page.open()
        settle(lambda: event_study_fits(page, True, seen), "the event study on a phone", seen)
        page.driver.set_window_size(1440, 900)
        settle(lambda: event_study_fits(page, False, seen), "the event study widened to a desktop", seen)
        page.driver.set_window_size(390, 844)
        settle(lambda: event_study_fits(page, True, seen), "the event study narrowed to a phone", seen)
        page.driver.find_element(By.ID, "controls-toggle").click()  # a phone folds the controls
        page.choose("control-event", "first_cut")  # a new figure on a phone: over the plot again
        settle(lambda: "first cut" in page.title("regimes").replace("<br>", " ").lower()
               and event_study_fits(page, True, seen), "a new event study on a phone", seen)
    finally:
        page.driver.set_window_size(1440, 900)


SUBTITLES_JS = BOX_JS + """
const out = {};
for (const id of ['rates-graph', 'spreads-graph']) {
  const g = document.querySelector('#' + id + ' .js-plotly-plot');
  const e = g && g.querySelector('.g-gtitle .gtitle-subtitle');
  if (!e) continue;
  out[id] = {graph: box(g), subtitle: box(e), text: e.textContent,
             lines: Math.max(1, e.querySelectorAll('tspan.line').length)};
}
return out;
"""


def _letters(text: str) -> str:
    return re.sub(r"\s", "", text)


def subtitles_fit(page, seen: dict, desktop: dict, *, phone: bool) -> bool:
    """Both subtitles inside their chart, saying what the desktop's say (wrapped on a phone,
    the spreads chart's table in more lines; in the desktop's lines again when widened)."""
    seen.clear()
    seen.update(page.driver.execute_script(SUBTITLES_JS) or {})
    if set(seen) != set(desktop):
        return False
    for name, box in seen.items():
        if not _inside(box["subtitle"], box["graph"]) or _letters(box["text"]) != _letters(desktop[name]["text"]):
            return False
    spreads = seen["spreads-graph"]["lines"]
    return spreads > desktop["spreads-graph"]["lines"] if phone else spreads == desktop["spreads-graph"]["lines"]


def test_the_rates_and_spreads_subtitles_wrap_inside_a_phones_chart(page):
    """The spreads chart's table (its subtitle: "HY OAS 2.86% (-1.52 pp over the window; max
    5.22% on 2023-03-24)", a line per series) ran past a phone's chart and was cut. Its lines
    now wrap inside the chart, every word kept, and are whole lines again on a desktop."""
    desktop: dict = {}
    seen: dict = {}
    page.driver.set_window_size(1440, 900)
    try:
        page.open()
        settle(lambda: len(desktop.update(page.driver.execute_script(SUBTITLES_JS) or {}) or desktop) == 2
               and all(_inside(b["subtitle"], b["graph"]) for b in desktop.values()), "subtitles on a desktop", desktop)
        assert desktop["spreads-graph"]["lines"] >= 2, desktop
        page.driver.set_window_size(390, 844)
        settle(lambda: subtitles_fit(page, seen, desktop, phone=True), "subtitles on a phone", seen)
        page.driver.set_window_size(1440, 900)
        settle(lambda: subtitles_fit(page, seen, desktop, phone=False), "subtitles widened again", seen)
        # a new figure at a width where the last one was wrapped is wrapped as well
        page.driver.set_window_size(390, 844)
        settle(lambda: subtitles_fit(page, seen, desktop, phone=True), "subtitles on a phone again", seen)
        page.zoom("spreads", {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"})
        until(lambda: "2024-02-01" in page.title("spreads"), timeout=TIMEOUT)
        settle(lambda: all(_inside(b["subtitle"], b["graph"]) for b in
                           (page.driver.execute_script(SUBTITLES_JS) or {"x": {"subtitle": [1, 0, 0, 0], "graph": [0] * 4}}).values()),
               "subtitles of a new figure on a phone", page.driver.execute_script(SUBTITLES_JS))
    finally:
        page.driver.set_window_size(1440, 900)


def test_a_phones_event_study_png_has_the_desktops_legend(page):
    """The modebar's PNG (1200 x 600) is drawn from the chart's layout: a phone's legend in rows
    and the top margin grown for them left the image's plot a third of its height. The button
    now draws it from the figure's own legend and margins and its x-axis title in one line; the
    phone's chart keeps its own."""
    seen: dict = {}
    page.driver.set_window_size(390, 844)
    try:
        page.open()
        settle(lambda: event_study_fits(page, True, seen), "the event study on a phone", seen)
        out = page.png_click("regimes")
        assert len(out["seen"]) == 1, out
        layout, options = out["seen"][0]["layout"], out["seen"][0]["options"]
        assert layout["legend"]["orientation"] == "v" and layout["legend"]["x"] > 1, layout["legend"]
        assert layout["margin"]["t"] < out["page"]["margin"]["t"] and layout["margin"]["r"] >= 150, (
            layout["margin"], out["page"]["margin"])
        assert "<br>" not in layout["xaxis2"]["title"]["text"], layout["xaxis2"]["title"]
        assert options["width"] == 1200 and options["height"] == 600 and options["filename"].startswith("regimes_")
        assert out["page"]["legend"]["orientation"] == "h"  # the phone's chart as it was
    finally:
        page.driver.set_window_size(1440, 900)


#: Counts each chart's Plotly.relayout calls (the page scripts' fits) in ``window.__relayouts``;
#: past RELAYOUT_CAP calls a chart's relayouts never resolve, so a loop stops instead of hanging
#: the page.
RELAYOUT_CAP = 200
COUNT_RELAYOUTS_JS = """
window.__relayouts = {};
(function wait() {
  if (!window.Plotly || !window.Plotly.relayout) { setTimeout(wait, 5); return; }
  var relayout = window.Plotly.relayout;
  window.Plotly.relayout = function (gd) {
    var card = gd && gd.closest && gd.closest("[id$='-graph']"), id = card ? card.id : "?";
    window.__relayouts[id] = (window.__relayouts[id] || 0) + 1;
    if (window.__relayouts[id] > %d) { return new Promise(function () {}); }
    return relayout.apply(this, arguments);
  };
})();
""" % RELAYOUT_CAP


def test_a_phones_charts_settle_after_a_few_fits(page):
    """On a phone with a long window the spreads chart's subtitle lines were wrapped at one set of
    words, then another with as many breaks, for ever (Chromium 156): the page hung and so did this
    suite. Each chart now settles after a few fits of its own."""
    driver = page.driver
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_RELAYOUTS_JS})
    driver.set_window_size(390, 844)
    try:
        page.open("?start=2000-01-03&end=2026-02-20")
        counts = page.settled(lambda: driver.execute_script("return window.__relayouts"))
        # (the page draws each chart a few times as its figures arrive, and fits it after each draw:
        # 2 to 40 relayouts a chart were seen; the endless wrapping reached the cap in seconds)
        assert counts and max(counts.values()) < 100, counts
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.set_window_size(1440, 900)


#: Counts each chart's Plotly.relayout calls and its draws by dcc.Graph (Plotly.react) in
#: ``window.__fits``: {chart: {relayout: n, react: n}}.
COUNT_DRAWS_JS = """
window.__fits = {};
(function wait() {
  if (!window.Plotly || !window.Plotly.relayout || !window.Plotly.react) { setTimeout(wait, 5); return; }
  ["relayout", "react"].forEach(function (name) {
    var own = window.Plotly[name];
    window.Plotly[name] = function (gd) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      var card = el && el.closest && el.closest("[id$='-graph']"), id = card ? card.id : "?";
      var counts = window.__fits[id] = window.__fits[id] || {relayout: 0, react: 0};
      counts[name] += 1;
      return own.apply(this, arguments);
    };
  });
})();
"""


def test_a_phones_charts_are_fitted_once_per_figure(page):
    """On a phone the fits' relayouts each made dcc.Graph draw its chart once more, from a copy of
    the figure that could undo a fit made since, and fits ran on a chart still drawing one of
    theirs, measuring it as it was: the event study was relaid out 34 times and drawn 7 times as
    the page loaded (its top margin pushed 110, 180, 250, 262 px for one legend), the relative
    chart 18 times, and the page took about twice as long to draw. Now each figure is drawn
    once and fitted in a few steps, each measured on the chart as drawn."""
    driver = page.driver
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_DRAWS_JS})
    driver.set_window_size(390, 844)
    try:
        page.open()
        fits = page.settled(lambda: driver.execute_script("return window.__fits"))
        charts = {k: v for k, v in fits.items() if k.endswith("-graph")}
        assert {"relative-graph", "regimes-graph", "rates-graph"} <= set(charts), fits
        # one figure from the server per chart on a load (a second only when an answer is
        # superseded); the fits' own relayouts no longer make dcc.Graph draw it again
        assert all(c["react"] <= 2 for c in charts.values()), charts
        assert all(c["relayout"] <= 10 for c in charts.values()), charts
        assert charts["regimes-graph"]["relayout"] >= 2, charts  # its legend and margin were fitted
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.set_window_size(1440, 900)
