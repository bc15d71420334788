"""Clicks that choose a window: a Fed cycle chip on the relative chart, a double-click back, a
headline fact."""

from __future__ import annotations

import datetime as dt
import time

from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder

from components.ids import PANELS, TIME_PANELS
from tests.browser.page import TIMEOUT, parse_fact_id, wait_time_panels_on


def _middle(start: str, end: str) -> str:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return (a + (b - a) / 2).isoformat()


def _chips(page) -> list[dict]:
    """The cycle chips of the relative chart: index in the layout's annotations, name, text."""
    return page.driver.execute_script(
        "const g = document.getElementById('relative-graph').querySelector('.js-plotly-plot');"
        "return (g.layout.annotations || []).map((a, i) => ({index: i, name: a.name || '', text: a.text}))"
        "       .filter(a => a.name.startsWith('band|'));")


def test_a_stray_click_on_a_band_keeps_the_window_and_its_chip_selects_the_cycle(page):
    page.open()
    page.mark_document()
    # the band traces carry customdata ["band", first, last] (components/figures/shading.py)
    bands = [t for t in page.traces("relative")
             if isinstance(t["custom"], list) and t["custom"][:1] == ["band"]]
    assert bands, "no Fed regime band in the default window of the demo data"
    band = max(bands, key=lambda t: (dt.date.fromisoformat(t["span"][1])
                                     - dt.date.fromisoformat(t["span"][0])))
    _, first, last = band["custom"]
    assert page.query() == {} and page.window() != (first, last)

    graph = page.driver.find_element("css selector", "#relative-graph")
    page.scroll_to(graph)
    page.click_at(*page.graph_point("relative", _middle(*band["span"]), y_fraction=0.5))
    time.sleep(1.5)  # a hub request would have answered by now
    assert page.query() == {} and page.window() != (first, last), "a click on the band moved the window"

    (chip,) = [c for c in _chips(page) if c["name"] == f"band|{first}|{last}"]
    element = graph.find_element("css selector", f"g.annotation[data-index='{chip['index']}']")
    ActionChains(page.driver).move_to_element(element).pause(0.3).click().perform()
    until(lambda: page.query() == {"start": first, "end": last}, timeout=TIMEOUT,
          msg=f"clicking the chip of the {band['name']} {first}..{last} did not select it: {page.url()}")
    until(lambda: page.window() == (first, last), timeout=TIMEOUT)
    wait_time_panels_on(page, first, last)  # Fed announcement days are weekdays
    assert page.same_document()
    assert page.browser.get_logs() == []


def test_double_click_on_a_time_chart_returns_to_the_previous_window(page):
    page.open("?start=2023-01-03&end=2025-12-31")
    page.mark_document()
    page.zoom("rates", {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"})
    until(lambda: page.query().get("start") == "2024-02-01", timeout=TIMEOUT)
    wait_time_panels_on(page, "2024-02-01", "2024-06-28")
    graph = page.driver.find_element("css selector", "#spreads-graph")
    page.scroll_to(graph)
    x, y = page.graph_point("spreads", "2024-04-01", y_fraction=0.5)
    actions = ActionBuilder(page.driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.pointer_action.pause(0.3)
    actions.pointer_action.double_click()
    actions.perform()
    until(lambda: page.query() == {"start": "2023-01-03", "end": "2025-12-31"}, timeout=TIMEOUT,
          msg=f"double-click did not go back to the previous window: {page.url()}")
    until(lambda: page.window() == ("2023-01-03", "2025-12-31"), timeout=TIMEOUT)
    # browser Back still steps through the history: back to the zoomed window
    page.driver.back()
    until(lambda: page.query().get("start") == "2024-02-01", timeout=TIMEOUT)
    assert page.same_document()
    assert page.browser.get_logs() == []


def test_clicking_a_fact_moves_the_window_and_as_of_date_and_highlights_its_panel(page):
    page.open("?asof=2024-06-20")
    until(lambda: "as of 2024-06-20" in page.driver.find_element("css selector", "#facts-summary").text,
          timeout=TIMEOUT)
    assert not any("highlight" in c for c in page.panel_classes().values())
    facts = [(item, parse_fact_id(item["id"])) for item in page.fact_items()]
    assert all(f["type"] == "fact-item" for _, f in facts)
    # a fact about another panel than the relative chart, over a past period (its end is not
    # the as-of date), so that the window, the as-of date and the highlight all visibly change
    chosen = [(item, f) for item, f in facts
              if f["panel"] in TIME_PANELS and f["panel"] != "relative" and not f["setting"]
              and f["end"] < "2024-06-20" and f["start"] < f["end"]]
    assert chosen, f"no suitable fact among {[f for _, f in facts]}"
    item, fact = chosen[0]
    element = page.fact_element(item["id"])
    page.scroll_to(element)
    element.click()

    until(lambda: page.query() == {"start": fact["start"], "end": fact["end"], "asof": fact["end"]},
          timeout=TIMEOUT, msg=f"clicking {item['text'][:60]!r} gave {page.url()}")
    until(lambda: "highlight" in page.panel_classes()[fact["panel"]], timeout=TIMEOUT)
    assert [p for p, classes in page.panel_classes().items() if "highlight" in classes] == [fact["panel"]]
    assert set(PANELS) <= set(page.panel_classes())  # the claims box is a card too
    until(lambda: page.window() == (fact["start"], fact["end"])
          and page.controls()["asof"] == fact["end"], timeout=TIMEOUT)
    until(lambda: page.x_range(fact["panel"])[1] == fact["end"]
          and page.x_range("rates") == [fact["start"], fact["end"]], timeout=TIMEOUT)
    until(lambda: f"as of {fact['end']}" in page.driver.find_element("css selector", "#facts-summary").text,
          timeout=TIMEOUT)
    # the highlight stays while the facts list redraws for the new as-of date
    assert "highlight" in page.panel_classes()[fact["panel"]]
    assert page.browser.get_logs() == []


def test_clicking_a_correlation_fact_shows_its_frequency_and_window(page):
    """The 24-month correlation fact sets the correlation panel to monthly, 24 months, so the
    panel's last value is the fact's figure (it stayed daily, 63 days)."""
    page.open("?asof=2024-06-20")
    until(lambda: "as of 2024-06-20" in page.driver.find_element("css selector", "#facts-summary").text,
          timeout=TIMEOUT)
    page.driver.execute_script("document.querySelectorAll('#facts-list details').forEach(d => d.open = true);")
    (item,) = [i for i in page.fact_items() if "24-month correlation" in i["text"]]
    fact = parse_fact_id(item["id"])
    assert fact["setting"] == "M24"
    element = page.fact_element(item["id"])
    page.scroll_to(element)
    element.click()
    until(lambda: page.query() == {"start": fact["start"], "end": fact["end"], "freq": "M", "window": "24",
                                   "asof": fact["end"]}, timeout=TIMEOUT, msg=page.url())
    until(lambda: page.controls()["freq"] == "M" and page.controls()["window"] == "24", timeout=TIMEOUT)
    until(lambda: "24-month" in page.title("correlation"), timeout=TIMEOUT,
          msg=lambda: page.title("correlation"))
    assert "highlight" in page.panel_classes()["correlation"]
    assert page.browser.get_logs() == []


def test_clicking_a_fact_brings_its_panel_into_view(page):
    """On a phone-sized screen the panels are far below the facts: a click changed a chart out of
    sight and seemed to do nothing (a new-analyst audit). The panel's top now comes on screen;
    a panel already in view stays where it is."""
    before = page.driver.get_window_size()
    page.driver.set_window_size(390, 844)
    try:
        page.open("?asof=2024-06-20")
        until(lambda: "as of 2024-06-20" in page.driver.find_element("css selector", "#facts-summary").text,
              timeout=TIMEOUT)
        facts = [(item, parse_fact_id(item["id"])) for item in page.fact_items()]
        item, fact = next((i, f) for i, f in facts if f["panel"] == "spreads")
        element = page.fact_element(item["id"])
        page.scroll_to(element)
        top = "return document.getElementById(arguments[0]).getBoundingClientRect().top;"
        assert page.driver.execute_script(top, "panel-spreads") > page.driver.execute_script(
            "return window.innerHeight;"), "the spreads panel was already on screen: the test proves nothing"
        element.click()
        until(lambda: 0 <= page.driver.execute_script(top, "panel-spreads") < 200, timeout=TIMEOUT,
              msg=lambda: f"the spreads panel's top is at {page.driver.execute_script(top, 'panel-spreads')}")
        until(lambda: page.query().get("start") == fact["start"], timeout=TIMEOUT)
        assert page.browser.get_logs() == []
    finally:
        page.driver.set_window_size(before["width"], before["height"])
