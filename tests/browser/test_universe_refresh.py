"""The live-universe fetch in the browser: progress bar, Cancel (kills the job), a full fetch, demo note."""

from __future__ import annotations

import psutil
import pytest
from dash.testing.wait import until

from app import create_app
from callbacks.universe_refresh import CANCELLED_TEXT, unavailable_reason
from components.ids import Id
from config import Config, DataSpec
from tests.test_background_diskcache import offline_fetchers
from tests.test_background_refresh import SlowFetchers

TIMEOUT = 40


def job_alive(pid_file) -> bool:
    try:
        return psutil.Process(int(pid_file.read_text())).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, ValueError, FileNotFoundError):
        return False


def click(dash_duo, selector: str) -> None:
    """Scroll the (enabled) element into the middle of the window, then click it."""
    element = dash_duo.wait_for_element(selector, timeout=TIMEOUT)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def bar_value(dash_duo) -> str | None:
    return dash_duo.driver.execute_script(
        f"const b = document.querySelector('#{Id.REFRESH_PROGRESS} .progress-bar');"
        "return b ? b.getAttribute('aria-valuenow') : null;")


@pytest.fixture
def auto_app(tmp_path):
    fakes = SlowFetchers(sec_steps=3, gate=tmp_path / "gate", pid_file=tmp_path / "pid")
    config = Config(data=DataSpec("auto"), cache_dir=tmp_path / "cache")
    return create_app(config, fetchers=offline_fetchers(), universe_fetchers=fakes.bundle())


def test_progress_cancel_then_a_full_fetch(dash_duo, auto_app, tmp_path):
    dash_duo.start_server(auto_app)
    dash_duo.wait_for_contains_text(f"#{Id.REFRESH_TARGET}", "prices for ishares:IWM", timeout=TIMEOUT)
    click(dash_duo, f"#{Id.REFRESH_START}:not([disabled])")
    dash_duo.wait_for_text_to_equal(f"#{Id.REFRESH_STAGE}", "Step 1 of 2, SEC EDGAR: 1 of 3 requests",
                                    timeout=TIMEOUT)
    assert bar_value(dash_duo) == "16"
    assert job_alive(tmp_path / "pid")  # held at the gate
    click(dash_duo, f"#{Id.REFRESH_CANCEL}:not([disabled])")
    dash_duo.wait_for_text_to_equal(f"#{Id.REFRESH_STATUS}", CANCELLED_TEXT, timeout=TIMEOUT)
    until(lambda: not job_alive(tmp_path / "pid"), timeout=TIMEOUT)
    until(lambda: bar_value(dash_duo) == "0", timeout=TIMEOUT)  # progress_default after the job ended
    (tmp_path / "pid").unlink()

    (tmp_path / "gate").touch()
    click(dash_duo, f"#{Id.REFRESH_START}:not([disabled])")
    dash_duo.wait_for_contains_text(f"#{Id.REFRESH_STATUS}", "Fetched ishares:IWM: 3 members", timeout=TIMEOUT)
    assert "The leverage panel now ranks with the new data." in dash_duo.find_element(f"#{Id.REFRESH_STATUS}").text
    dash_duo.wait_for_element(f"#{Id.REFRESH_START}:not([disabled])", timeout=TIMEOUT)
    assert dash_duo.find_element(f"#{Id.REFRESH_CANCEL}").get_attribute("disabled") == "true"
    universe = auto_app.server.extensions["smallcap_universe"]
    assert sorted(universe.price_history().tickers) == ["AAA", "BBB", "CCC"]
    assert dash_duo.get_logs() == []


def test_demo_data_says_why_not(dash_duo, tmp_path):
    dash_duo.start_server(create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache")))
    reason = unavailable_reason("demo")
    dash_duo.wait_for_text_to_equal(f"#{Id.REFRESH_TARGET}", reason, timeout=TIMEOUT)
    button = dash_duo.find_element(f"#{Id.REFRESH_START}")
    assert button.get_attribute("disabled") == "true"
    assert button.get_attribute("title") == reason
    assert dash_duo.get_logs() == []
