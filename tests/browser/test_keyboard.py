"""The page from the keyboard: Tab reaches every control, and the copy-link icons work as buttons."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.page import TIMEOUT

#: Every control of the view state, the share tools and the paragraph check (by element id, or
#: the start of the id of a group such as the radio items and the window presets).
CONTROLS = ("theme-toggle", "copy-link", "copy-latest", "export-all", "control-small", "control-large",
            "control-window", "control-window-end-date", '{"type":"control-presets"',
            "_dbcprivate_radioitems_control-freq", "control-corr-window", "control-asof", "control-event",
            "control-universe", "_dbcprivate_radioitems_control-rank-by", "control-overlay",
            "_dbcprivate_radioitems_control-scale", "_dbcprivate_radioitems_control-transform",
            "facts-all-label", "control-measure-start", "control-measure-end", "control-high-start",
            "control-high-end", "claims-text", "claims-check")

FOCUSED_JS = "const e = document.activeElement; const c = e.closest('[id]'); return c ? c.id : e.tagName;"


def test_tab_reaches_every_control(page):
    page.open("?start=2024-01-02&end=2024-06-28")
    focused = []
    for _ in range(160):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        focused.append(page.driver.execute_script(FOCUSED_JS))
    missing = [c for c in CONTROLS if not any(f.startswith(c) for f in focused)]
    assert not missing, f"not reachable with Tab: {missing}"


CAPTURE_JS = """
window.__copied = null;
navigator.clipboard.writeText = text => { window.__copied = text; return Promise.resolve(); };
"""


def test_enter_on_copy_link_copies_the_pinned_link(page):
    page.open("?start=2024-01-02&end=2024-06-28")
    page.driver.execute_script(CAPTURE_JS)
    icon = page.driver.find_element("id", "copy-link")
    assert icon.get_attribute("role") == "button" and "Copy a link to exactly this view" in icon.get_attribute("aria-label")
    page.driver.execute_script("arguments[0].focus();", icon)
    ActionChains(page.driver).send_keys(Keys.ENTER).perform()
    until(lambda: page.driver.execute_script("return window.__copied"), timeout=TIMEOUT)
    copied = page.driver.execute_script("return window.__copied")
    assert copied.startswith(page.base_url + "/?") and "start=2024-01-02" in copied and "end=2024-06-28" in copied
