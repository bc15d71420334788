"""Browser tests: Debian's headless Chromium driven by dash[testing] (selenium + chromedriver)."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


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
        pytest.skip("browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.browser)
