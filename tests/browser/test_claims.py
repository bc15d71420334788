"""The "Check a claim" box in a browser: type, check, read the verdict, open the view."""

from __future__ import annotations

import re

from dash.testing.wait import until

from tests.browser.page import TIMEOUT


def check_paragraph(page, text: str):
    """Type ``text`` in the box, check it, wait for one claim; the results element."""
    page.open()
    box = page.driver.find_element("id", "claims-text")
    page.scroll_to(box)
    box.send_keys(text)
    page.driver.find_element("id", "claims-check").click()
    page.browser.wait_for_contains_text("#claims-results", "1 claim found as of", timeout=TIMEOUT)
    return page.driver.find_element("id", "claims-results")


def open_view(page, results, reached):
    """Follow the claim's "Open the view" link, which opens a new tab, until ``reached(url)``
    there; its href. The checked paragraph's tab keeps its text and results (the link used to
    load the view over them)."""
    link = results.find_element("link text", "Open the view")
    href = link.get_attribute("href")
    checked = results.text
    page.scroll_to(link)
    tabs = page.driver.window_handles
    page.driver.execute_script("arguments[0].click();", link)
    until(lambda: len(page.driver.window_handles) == len(tabs) + 1, timeout=TIMEOUT)
    (new_tab,) = set(page.driver.window_handles) - set(tabs)
    assert page.driver.find_element("id", "claims-results").text == checked
    assert page.driver.find_element("id", "claims-text").get_attribute("value")
    page.driver.switch_to.window(new_tab)
    until(lambda: reached(page.url()), timeout=TIMEOUT)
    page.wait_loaded()
    return href


def test_check_a_paragraph_and_open_its_view(page):
    results = check_paragraph(page, "The Russell 2000 rose 5% so far this year. <b>Markets</b> were calm.")
    assert "The Russell 2000 rose 5% so far this year" in results.text
    assert results.find_elements("tag name", "b") == []  # the text is shown as text, never as HTML
    assert "Russell" not in page.url()  # the paragraph is not in the URL
    href = open_view(page, results, lambda url: "asof=" in url)
    assert "#panel-relative" in href and "start=" in href and "asof=" in href
    start = href.split("start=", 1)[1][:10]
    assert page.window()[0] == start
    assert page.browser.get_logs() == []


def test_a_leverage_claim_opens_the_leverage_panel_on_its_quartiles(page):
    results = check_paragraph(page, "The most-leveraged quartile fell hardest in the selloff.")
    assert "demo_smallcap" in results.text and "Q4 (most leveraged)" in results.text
    q4 = re.search(r"Q4 \(most leveraged\) ([+-]?[\d.]+%)", results.text).group(1)  # "-12.3%"
    href = open_view(page, results, lambda url: "universe=" in url)
    assert "#panel-leverage" in href and "universe=demo_smallcap" in href and "rank_by=leverage" in href
    # the panel the link opens shows the same quartile's mean return over the same span
    page.browser.wait_for_contains_text("#leverage-summary", f"Q4 {q4}", timeout=TIMEOUT)
    assert page.browser.get_logs() == []
