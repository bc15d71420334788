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
