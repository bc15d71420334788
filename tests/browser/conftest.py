"""Browser tests: Debian's headless Chromium driven by dash[testing] (selenium + chromedriver).

Most tests share one demo-data server and one browser for the whole session (the page is
reloaded from scratch by each test, so no view state leaks between tests): starting the
app and Chromium per test would triple the suite's runtime. ``page`` is that shared
browser; ``fresh_page`` opens a second, brand-new browser (no history, no storage) on
the same server.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.page import DashPage

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
NO_BROWSER = "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"


def pytest_setup_options():
    """Chromium options for dash_duo: headless, no sandbox (root in CI), no background network."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--window-size=1400,1000"):
        options.add_argument(flag)
    return options


@pytest.fixture(autouse=True)
def _need_browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(NO_BROWSER)


def pytest_configure(config):
    # selenium 4.2 calls a urllib3 method deprecated since urllib3 2.0, on every command
    config.addinivalue_line("filterwarnings",
                            "ignore:HTTPResponse.getheader\\(\\) is deprecated:DeprecationWarning")


def pytest_collection_modifyitems(items):
    # The hook sees every collected item, not only this folder's: mark just the browser tests.
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def new_browser(request, download_path: str):
    """A dash.testing browser with this file's Chromium options (what ``dash_duo`` builds)."""
    from dash.testing.browser import Browser

    return Browser(
        browser=request.config.getoption("webdriver"),
        remote=request.config.getoption("remote"),
        remote_url=request.config.getoption("remote_url"),
        headless=request.config.getoption("headless"),
        options=request.config.hook.pytest_setup_options(),
        download_path=download_path,
        percy_run=False,
    )


def allow_downloads(browser, path) -> None:
    """Let headless Chromium save downloads into ``path`` without asking (CDP)."""
    browser.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": str(path)})


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """One demo-data app served on a thread for the whole session; yields its base URL."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(NO_BROWSER)
    from dash.testing.application_runners import ThreadedRunner

    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("cache")))
    with ThreadedRunner() as runner:
        runner.start(app, start_timeout=30)
        yield runner.url
        _stop_kaleido()


def _stop_kaleido() -> None:
    """Close kaleido's PNG server (started by an export request) before the runner stops.

    The runner stops a Flask app by raising ``SystemExit`` in every thread started after it,
    kaleido's server thread included; killed that way, kaleido's exit handler then waits
    forever for the thread and the test process never ends.
    """
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


@pytest.fixture(scope="session")
def _shared_browser(request, demo_server, tmp_path_factory):
    with new_browser(request, str(tmp_path_factory.mktemp("downloads"))) as browser:
        yield browser


@pytest.fixture
def page(_shared_browser, demo_server):
    """The shared browser on the demo server; console messages of earlier tests are dropped."""
    _shared_browser.driver.get("about:blank")
    _shared_browser.get_logs()  # chromedriver hands each log entry out once: drain them
    _shared_browser.reset_log_timestamp()
    yield DashPage(_shared_browser, demo_server)
    driver = _shared_browser.driver
    first, *others = driver.window_handles  # tabs a test opened (a link with target=_blank) close
    for handle in others:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(first)


@pytest.fixture
def fresh_page(request, demo_server, tmp_path):
    """A second, brand-new browser (own profile: no history, no storage) on the demo server."""
    with new_browser(request, str(tmp_path)) as browser:
        yield DashPage(browser, demo_server)
