"""The facts card: the most notable facts first, every fact behind "all N facts"."""

from __future__ import annotations

from dash.testing.wait import until

from tests.browser.page import TIMEOUT


def _visible_facts(page) -> list[str]:
    return page.driver.execute_script(
        "return Array.from(document.querySelectorAll('#facts-list li.fact'))"
        ".filter(li => li.checkVisibility ? li.checkVisibility() : li.offsetParent !== null)"
        ".map(li => li.innerText);") or []


def test_card_opens_with_the_most_notable_and_toggles_all_facts(page):
    page.open("?asof=2025-01-13")
    until(lambda: "as of 2025-01-13" in page.driver.find_element("css selector", "#facts-summary").text,
          timeout=TIMEOUT)
    label = page.driver.find_element("css selector", "#facts-all-label")
    until(lambda: label.text == "all 42 facts", timeout=TIMEOUT)
    details = page.driver.find_element("css selector", "#facts-all")
    assert details.get_attribute("open") is None  # closed: only the opening shows
    top = page.driver.execute_script(
        "return document.querySelectorAll('#facts-top .fact-text').length;")
    assert top == 6
    opening = _visible_facts(page)
    assert 1 <= len(opening) <= 6  # facts of the same window share an item
    page.scroll_to(label)
    label.click()
    until(lambda: len(_visible_facts(page)) > len(opening), timeout=TIMEOUT)
    assert details.get_attribute("open") is not None
    assert page.browser.get_logs() == []
