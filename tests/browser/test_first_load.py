"""The first page load after a start, served as deployed (gunicorn, gunicorn.conf.py's threaded
workers): every panel draws and no script is refused. The other browser tests share one server
that has already answered; here the browser's concurrent first requests meet workers that have
not (Dash's set-up race, plotly/dash#3971, left such a page at "Loading...")."""

from __future__ import annotations

from benchmarks.servers import Gunicorn
from tests.browser.conftest import new_browser
from tests.browser.page import DashPage


def test_the_first_page_of_a_fresh_server_draws(request, tmp_path):
    with Gunicorn(workers=4, data="demo", threads=None) as server, \
            new_browser(request, str(tmp_path)) as browser:  # (start() asked one worker for /)
        page = DashPage(browser, server.url)
        page.open()
        refused = [entry["message"] for entry in browser.get_logs() or []
                   if entry.get("level") == "SEVERE" and "_dash-component-suites" in entry.get("message", "")]
        assert not refused, refused
        assert all(page.window()) and page.fact_items()
