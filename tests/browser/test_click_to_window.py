"""Clicks that choose a window: a Fed regime band on the relative chart, a headline fact."""

from __future__ import annotations

import datetime as dt

from dash.testing.wait import until

from components.ids import PANELS, TIME_PANELS
from tests.browser.page import TIMEOUT, parse_fact_id, wait_time_panels_on


def _middle(start: str, end: str) -> str:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return (a + (b - a) / 2).isoformat()


def test_clicking_a_fed_regime_band_selects_its_dates(page):
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
    until(lambda: page.query() == {"start": first, "end": last}, timeout=TIMEOUT,
          msg=f"clicking the {band['name']} band {first}..{last} did not select it: {page.url()}")
    until(lambda: page.window() == (first, last), timeout=TIMEOUT)
    wait_time_panels_on(page, first, last)  # Fed announcement days are weekdays
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
              if f["panel"] in TIME_PANELS and f["panel"] != "relative"
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
    assert set(page.panel_classes()) == set(PANELS)
    until(lambda: page.window() == (fact["start"], fact["end"])
          and page.controls()["asof"] == fact["end"], timeout=TIMEOUT)
    until(lambda: page.x_range(fact["panel"])[1] == fact["end"]
          and page.x_range("rates") == [fact["start"], fact["end"]], timeout=TIMEOUT)
    until(lambda: f"as of {fact['end']}" in page.driver.find_element("css selector", "#facts-summary").text,
          timeout=TIMEOUT)
    # the highlight stays while the facts list redraws for the new as-of date
    assert "highlight" in page.panel_classes()[fact["panel"]]
    assert page.browser.get_logs() == []
