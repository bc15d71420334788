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


def _click_copy(page, button="copy-link"):
    icon = page.driver.find_element("id", button)
    page.driver.execute_script("arguments[0].focus();", icon)
    ActionChains(page.driver).send_keys(Keys.ENTER).perform()


def _status(page):
    return page.driver.find_element("id", "copy-status").text


def test_a_copy_says_it_copied(page):
    """The icon alone gave no word that anything happened (a new-analyst audit)."""
    page.open("?start=2024-01-02&end=2024-06-28")
    page.driver.execute_script(CAPTURE_JS)
    _click_copy(page, "copy-latest")
    until(lambda: _status(page) == "Copied the link that follows the latest data.", timeout=TIMEOUT)
    assert not page.driver.find_element("id", "copy-fallback").is_displayed()


REFUSE_JS = "navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.'));"
NO_CLIPBOARD_JS = "Object.defineProperty(navigator, 'clipboard', {get: () => undefined});"
INSECURE_JS = "Object.defineProperty(window, 'isSecureContext', {get: () => false});"


def test_a_refused_copy_shows_the_link_selected_in_a_box(page):
    """A browser that refuses the clipboard (permission denied, or a plain-http team server where
    the page has no clipboard) left the click silent and the link nowhere: the link now appears
    in a read-only box, selected, with the reason; the next copy that works hides it again."""
    page.open("?start=2024-01-02&end=2024-06-28")
    box = page.driver.find_element("id", "copy-fallback")
    for script, reason in ((REFUSE_JS, "The browser did not let the page copy."),
                           (CAPTURE_JS, None),
                           (NO_CLIPBOARD_JS, "This browser gives the page no clipboard."),
                           (INSECURE_JS, "The browser lets a page copy only over https.")):
        page.driver.execute_script(script)
        _click_copy(page)
        if reason is None:  # a copy that works hides the box again
            until(lambda: _status(page) == "Copied the link to exactly this view.", timeout=TIMEOUT)
            until(lambda: not box.is_displayed(), timeout=TIMEOUT)
            continue
        until(lambda: _status(page).startswith(reason), timeout=TIMEOUT)
        assert "Copy the link from this box" in _status(page)
        until(box.is_displayed, timeout=TIMEOUT)
        link = box.get_attribute("value")
        assert link.startswith(page.base_url + "/?") and "start=2024-01-02" in link and "end=2024-06-28" in link
        until(lambda: page.driver.execute_script(
            "const b = document.getElementById('copy-fallback'); return document.activeElement === b && "
            "b.selectionStart === 0 && b.selectionEnd === b.value.length && b.scrollLeft === 0 && "
            "b.scrollWidth > b.clientWidth;"), timeout=TIMEOUT)  # all selected, its start in sight
