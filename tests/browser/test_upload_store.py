"""An upload in the browser: "Saved as" the stored name and chosen at once (menu, link, chart), kept in
this browser's local storage only."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import unquote

from dash.testing.wait import until
from selenium.webdriver.common.by import By

from app import create_app
from components.ids import Id
from config import Config, DataSpec

TIMEOUT = 40


def open_menu(dash_duo) -> None:
    button = dash_duo.wait_for_element(f"#{Id.UNIVERSE}", timeout=TIMEOUT)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()


def test_upload_is_saved_and_remembered_by_this_browser_only(dash_duo, tmp_path):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    content = b"ticker\nDM001\nDM002\nDM003\nDM004\nDM005\nDM006\nDM007\nDM008\n"
    path = tmp_path / "my list.csv"
    path.write_bytes(content)
    name = "upload:my_list-" + hashlib.sha256(content).hexdigest()[:8]
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?start=2018-09-28&end=2018-12-31")  # a window with a month after it
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_SUMMARY}", "Choose a universe", timeout=TIMEOUT)
    dash_duo.wait_for_element(f"#{Id.LEVERAGE_UPLOAD} input[type=file]", timeout=TIMEOUT).send_keys(str(path))
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_UPLOAD_MESSAGE}", f"Saved as {name} and chosen", timeout=TIMEOUT)
    # chosen at once: the menu shows it, the link carries it and the leverage chart ranks it
    until(lambda: f"universe={name}" in unquote(dash_duo.driver.current_url), timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f"#{Id.UNIVERSE}", name, timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_GRAPH} .gtitle", f"{name}: quartiles", timeout=TIMEOUT)
    stored = lambda: json.loads(dash_duo.driver.execute_script(  # noqa: E731
        f"return window.localStorage.getItem('{Id.MY_UPLOADS}') || 'null'"))
    until(lambda: stored() == [name], timeout=TIMEOUT)
    assert app.server.extensions["smallcap_universe"].members(name).data["ticker"].tolist()[:2] == ["DM001", "DM002"]
    # the same browser, a link without it: still offered (from local storage); choosing it puts it in the link
    dash_duo.driver.get(dash_duo.server_url + "/?start=2018-09-28&end=2018-12-31")
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_SUMMARY}", "Choose a universe", timeout=TIMEOUT)
    until(lambda: stored() == [name], timeout=TIMEOUT)
    assert f"universe={name}" not in unquote(dash_duo.driver.current_url)
    open_menu(dash_duo)
    option = dash_duo.wait_for_element(f"[role=listbox] input[value='{name}']", timeout=TIMEOUT)
    option.find_element(By.XPATH, "./ancestor::label[@role='option']").click()
    until(lambda: f"universe={name}" in unquote(dash_duo.driver.current_url), timeout=TIMEOUT)
    # another browser (empty local storage), no link: the menu does not offer it
    dash_duo.driver.execute_script("window.localStorage.clear()")
    dash_duo.driver.get(dash_duo.driver.current_url.split("?")[0])
    open_menu(dash_duo)
    dash_duo.wait_for_element("[role=listbox] input[value='demo_smallcap']", timeout=TIMEOUT)
    offered = [e.get_attribute("value") for e in dash_duo.driver.find_elements(By.CSS_SELECTOR, "[role=listbox] input")]
    assert "demo_smallcap" in offered and name not in offered
    # ... but a link that names it opens it there: a shared link is how a list is shared (it came up
    # with "choose a universe", the link rewritten without it and nothing said)
    dash_duo.driver.execute_script("window.localStorage.clear()")
    dash_duo.driver.get(dash_duo.server_url + f"/?start=2018-09-28&end=2018-12-31&universe={name}")
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_GRAPH} .gtitle", f"{name}: quartiles", timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f"#{Id.UNIVERSE}", name, timeout=TIMEOUT)
    until(lambda: f"universe={name}" in unquote(dash_duo.driver.current_url), timeout=TIMEOUT)
    assert not dash_duo.get_logs()


def test_a_file_over_the_limit_says_so_in_place_of_the_last_message(dash_duo, tmp_path):
    """The box drops a file over 1 MB in the browser without a request: the "Saved as ..." of the
    file before stayed, read as this one's. Now the message says the file was too large."""
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    small, big = tmp_path / "plain.csv", tmp_path / "big.csv"
    small.write_bytes(b"ticker\nDM001\nDM002\n")
    big.write_bytes(b"ticker\n" + b"DM001\n" * 210_000)  # 1,260,007 bytes
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?start=2018-09-28&end=2018-12-31")
    box = dash_duo.wait_for_element(f"#{Id.LEVERAGE_UPLOAD} input[type=file]", timeout=TIMEOUT)
    box.send_keys(str(small))
    dash_duo.wait_for_contains_text(f"#{Id.LEVERAGE_UPLOAD_MESSAGE}", "Saved as", timeout=TIMEOUT)
    dash_duo.wait_for_element(f"#{Id.LEVERAGE_UPLOAD} input[type=file]", timeout=TIMEOUT).send_keys(str(big))
    dash_duo.wait_for_contains_text(
        f"#{Id.LEVERAGE_UPLOAD_MESSAGE}",
        "big.csv: the file is 1,260,007 bytes; the limit is 1,000,000 bytes (1 MB). Nothing was uploaded.",
        timeout=TIMEOUT)
    assert "Saved as" not in dash_duo.find_element(f"#{Id.LEVERAGE_UPLOAD_MESSAGE}").text
