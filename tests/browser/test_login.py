"""Optional login in a real browser: sign in, a wrong password, a share link opened signed out."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from server.auth import user_line
from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, NO_BROWSER, new_browser
from tests.browser.page import TIMEOUT, DashPage, query_of, wait_time_panels_on

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    """The demo app with SMALLCAP_AUTH on (one user), served on a thread; yields its base URL."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(NO_BROWSER)
    from dash.testing.application_runners import ThreadedRunner

    from app import create_app
    from config import Config, DataSpec

    folder = tmp_path_factory.mktemp("auth")
    users = folder / "users.txt"
    users.write_text(user_line("alice", PASSWORD) + "\n")
    app = create_app(Config(data=DataSpec("demo"), cache_dir=folder / "cache", auth=f"users:{users}"))
    with ThreadedRunner() as runner:
        runner.start(app, start_timeout=30)
        yield runner.url


@pytest.fixture
def browser(request, auth_server, tmp_path):
    """A brand-new browser (no cookies) on the auth server."""
    with new_browser(request, str(tmp_path)) as new:
        yield DashPage(new, auth_server)


def sign_in(page: DashPage, name: str, password: str) -> None:
    driver = page.driver
    until(lambda: driver.find_elements(By.ID, "login-form"), timeout=TIMEOUT, msg="no login form")
    driver.find_element(By.ID, "login-name").clear()
    driver.find_element(By.ID, "login-name").send_keys(name)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def test_sign_in_after_a_wrong_password(browser):
    browser.driver.get(browser.base_url + "/")
    until(lambda: browser.url().startswith(browser.base_url + "/login"), timeout=TIMEOUT)
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot") == []

    sign_in(browser, "alice", "not the password")
    until(lambda: browser.driver.find_elements(By.ID, "login-error"), timeout=TIMEOUT)
    assert browser.driver.find_element(By.ID, "login-error").text == "Wrong user name or password."
    assert browser.driver.find_element(By.ID, "login-name").get_attribute("value") == "alice"
    assert browser.driver.find_element(By.ID, "login-password").get_attribute("value") == ""

    # the refused sign-in answers 401, which Chromium logs; nothing else may be logged
    assert [entry["message"] for entry in browser.browser.get_logs()] == [
        f"{browser.base_url.replace('127.0.0.1', 'localhost')}/login - Failed to load resource: "
        "the server responded with a status of 401 (UNAUTHORIZED)"]

    # the form carries its CSRF token (a hidden field the browser posts back)
    assert len(browser.driver.find_element(By.NAME, "csrf_token").get_attribute("value")) > 20
    sign_in(browser, "alice", PASSWORD)
    browser.wait_loaded()  # the dashboard, every time panel drawn (its callbacks are allowed)
    assert browser.url().split("?")[0] == browser.base_url + "/"
    assert browser.browser.get_logs() == []

    # signing out is a button (a POST with the token), not a link another site could load
    browser.driver.get(browser.base_url + "/logout")
    until(lambda: browser.driver.find_elements(By.ID, "logout-submit"), timeout=TIMEOUT, msg="no sign-out button")
    browser.driver.find_element(By.ID, "logout-submit").click()
    until(lambda: browser.driver.find_elements(By.ID, "login-form"), timeout=TIMEOUT, msg="not signed out")
    browser.driver.get(browser.base_url + "/")
    until(lambda: browser.url().startswith(browser.base_url + "/login"), timeout=TIMEOUT)
    assert browser.browser.get_logs() == []


def test_a_share_link_opened_signed_out_shows_its_view_after_sign_in(browser):
    link = "/?start=2024-02-01&end=2024-06-28&small=IWM&large=SPY"
    browser.driver.get(browser.base_url + link)
    until(lambda: browser.url().startswith(browser.base_url + "/login"), timeout=TIMEOUT)

    sign_in(browser, "alice", PASSWORD)
    until(lambda: browser.url().startswith(browser.base_url + "/?"), timeout=TIMEOUT)
    browser.wait_loaded()
    assert query_of(browser.url()) == query_of(link)
    wait_time_panels_on(browser, "2024-02-01", "2024-06-28")
    until(lambda: "iShares Russell 2000 ETF" in browser.title("relative"), timeout=TIMEOUT)
    assert browser.browser.get_logs() == []
