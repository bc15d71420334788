"""The analyst's chart tools in the page: an overlay series picked in the control."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.page import TIMEOUT


def test_an_overlay_picked_in_the_control_is_drawn_on_rates_and_spreads_and_kept_in_the_link(page):
    page.open("?start=2024-01-02&end=2024-06-28")
    page.mark_document()
    box = page.driver.find_element(By.CSS_SELECTOR, "#control-overlay")
    page.scroll_to(box)
    box.click()
    option = page.browser.wait_for_element("[role=listbox] input[value='VIXCLS']", timeout=TIMEOUT)
    option.find_element(By.XPATH, "./ancestor::label[@role='option']").click()
    page.driver.find_element(By.CSS_SELECTOR, "body").send_keys(Keys.ESCAPE)
    until(lambda: page.query().get("overlay") == "VIXCLS", timeout=TIMEOUT, msg=f"no overlay in {page.url()}")
    for panel in ("rates", "spreads"):
        until(lambda: any((t["name"] or "").startswith("CBOE VIX")
                          for t in page.traces(panel)), timeout=TIMEOUT, msg=f"no VIX overlay on {panel}")
    assert not any((t["name"] or "").startswith("CBOE VIX") for t in page.traces("relative"))
    page.open("?" + page.url().split("?", 1)[1])  # the link reopens the same view
    until(lambda: any((t["name"] or "").startswith("CBOE VIX") for t in page.traces("rates")), timeout=TIMEOUT)
    assert page.browser.get_logs() == []
