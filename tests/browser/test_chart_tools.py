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


def _axis_type(page, axis: str = "yaxis") -> str | None:
    return page.driver.execute_script(
        "const g = document.querySelector('#relative-graph .js-plotly-plot');"
        "return g && g._fullLayout && g._fullLayout[arguments[0]] ? g._fullLayout[arguments[0]].type : null;",
        axis)


def test_the_log_toggle_sets_the_level_axes_and_the_link_and_reopens(page):
    page.open("?start=2021-01-04&end=2024-06-28")
    page.mark_document()
    until(lambda: _axis_type(page) == "linear", timeout=TIMEOUT, msg="the level axis is not linear at first")
    page.click_radio("control-scale", "Log")
    until(lambda: page.query().get("scale") == "log", timeout=TIMEOUT, msg=f"no scale=log in {page.url()}")
    until(lambda: _axis_type(page) == "log" and _axis_type(page, "yaxis2") == "log", timeout=TIMEOUT,
          msg="the level and ratio axes did not turn log")
    assert page.same_document()  # no reload
    page.click_radio("control-transform", "YoY %")
    until(lambda: page.query().get("transform") == "yoy", timeout=TIMEOUT, msg=f"no transform=yoy in {page.url()}")
    until(lambda: "year" in (page.driver.execute_script(
        "const g = document.querySelector('#relative-graph .js-plotly-plot');"
        "return g && g._fullLayout ? g._fullLayout.yaxis.title.text : '';") or ""), timeout=TIMEOUT)
    assert _axis_type(page) == "linear"  # percentages stay on a linear axis
    page.open("?" + page.url().split("?", 1)[1])  # the link reopens the same view, radios included
    until(lambda: _axis_type(page) == "linear" and page.query().get("scale") == "log", timeout=TIMEOUT)
    checked = page.driver.execute_script(
        "return [document.querySelector('#control-scale input:checked').value,"
        " document.querySelector('#control-transform input:checked').value];")
    assert checked == ["log", "yoy"]
    assert page.browser.get_logs() == []
