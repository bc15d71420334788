"""Zoom one panel: the window, the other panels and the URL follow; links reopen the view.

Quick checks on the shared demo server (see conftest.py); test_share_links.py covers every
time panel, the controls, back/forward and invalid links in depth.
"""

from __future__ import annotations

from dash.testing.wait import until

from tests.browser.page import TIMEOUT


def test_zoom_sets_window_and_url(page):
    page.open()
    page.zoom("relative", {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"})
    until(lambda: "start=2024-02-01" in page.url(), timeout=15)
    assert "end=2024-06-28" in page.url()
    until(lambda: page.x_data("relative") == ["2024-02-01", "2024-06-28"], timeout=TIMEOUT)
    assert page.browser.get_logs() == []


def test_link_reopens_same_view_and_invalid_link_notice(page):
    page.open("?start=2019-01-02&end=2020-12-31&small=IWM&large=SPY&bogus=1")
    until(lambda: page.x_data("relative") == ["2019-01-02", "2020-12-31"], timeout=TIMEOUT)
    page.browser.wait_for_contains_text("#notices", "Ignored unknown parameter 'bogus'", timeout=10)
    page.browser.wait_for_contains_text("#control-small", "IWM", timeout=10)
    assert "bogus" not in page.url()
    assert page.browser.get_logs() == []


def test_a_correlation_window_the_field_refuses_is_said_and_reset(page):
    """1000 typed in the correlation window (5 to 520): the field's limits send no value, so it
    stayed in the field with nothing said and nothing changed."""
    page.open("?window=26")
    until(lambda: page.controls()["window"] == "26", timeout=TIMEOUT)
    page.set_corr_window(1000)
    until(lambda: "A correlation window is 5 to 520 periods; it stays at 26." in page.notices(), timeout=TIMEOUT,
          msg=lambda: page.notices())
    until(lambda: page.controls()["window"] == "26", timeout=TIMEOUT)
    assert page.query().get("window") == "26"
