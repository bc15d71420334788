"""Share links end to end: zoom one panel, the others and the URL follow; links reopen views."""

from __future__ import annotations

from dash.testing.wait import until

from components.ids import TIME_PANELS
from tests.browser.page import TIMEOUT, wait_time_panels_on


def assert_time_panels_on(page, start: str, end: str) -> None:
    """Every time panel is drawn on exactly ``[start, end]`` and the relative title says so."""
    wait_time_panels_on(page, start, end)
    assert f"{start} to {end}" in page.title("relative")


def test_zoom_one_panel_moves_every_panel_the_picker_and_the_url(page):
    page.open()
    before = page.x_range("rates")
    page.mark_document()

    page.zoom("relative", {"xaxis.range[0]": "2024-02-01", "xaxis.range[1]": "2024-06-28"})
    until(lambda: page.query().get("start") == "2024-02-01", timeout=TIMEOUT)
    assert page.query()["end"] == "2024-06-28"
    assert_time_panels_on(page, "2024-02-01", "2024-06-28")
    assert before != page.x_range("rates")
    until(lambda: page.window() == ("2024-02-01", "2024-06-28"), timeout=TIMEOUT)

    # a second panel, with Plotly's other relayout form (the whole range in one key)
    page.zoom("rates", {"xaxis.range": ["2023-03-01", "2023-09-29"]})
    until(lambda: page.query().get("start") == "2023-03-01", timeout=TIMEOUT)
    assert page.query()["end"] == "2023-09-29"
    assert_time_panels_on(page, "2023-03-01", "2023-09-29")
    until(lambda: page.window() == ("2023-03-01", "2023-09-29"), timeout=TIMEOUT)
    assert page.same_document(), "a zoom reloaded the page"
    assert page.browser.get_logs() == []


def view_of(page) -> dict:
    """What a reader sees of the view: every control, every time panel's window and summary."""
    return {
        "controls": page.controls(),
        "ranges": {p: page.x_range(p) for p in TIME_PANELS},
        "titles": {p: page.title(p) for p in (*TIME_PANELS, "regimes")},
        "summaries": {p: page.driver.find_element("css selector", f"#{p}-summary").text
                      for p in (*TIME_PANELS, "regimes")},
    }


def test_link_opens_the_same_window_and_controls_in_a_fresh_browser(page, fresh_page):
    page.open()
    page.choose("control-small", "IWM")
    until(lambda: page.query().get("small") == "IWM", timeout=TIMEOUT)
    page.choose("control-large", "SPY")
    until(lambda: page.query().get("large") == "SPY", timeout=TIMEOUT)
    page.click_radio("control-freq", "Weekly")
    until(lambda: page.query().get("freq") == "W", timeout=TIMEOUT)
    page.set_corr_window(26)
    until(lambda: page.query().get("window") == "26", timeout=TIMEOUT)
    page.choose("control-event", "first_cut")
    until(lambda: page.query().get("event") == "first_cut", timeout=TIMEOUT)
    page.zoom("relative", {"xaxis.range[0]": "2021-03-01", "xaxis.range[1]": "2023-10-31"})
    until(lambda: page.query().get("start") == "2021-03-01", timeout=TIMEOUT)
    assert page.query() == {"start": "2021-03-01", "end": "2023-10-31", "small": "IWM", "large": "SPY",
                            "freq": "W", "window": "26", "event": "first_cut"}
    until(lambda: page.x_range("rates") == ["2021-03-01", "2023-10-31"]
          and "26-week" in page.title("correlation")
          and "ETF" in page.title("relative"), timeout=TIMEOUT)
    shown = page.settled(lambda: view_of(page))
    assert shown["controls"]["small"] == "iShares Russell 2000 ETF (IWM)"
    assert shown["controls"]["large"] == "SPDR S&P 500 ETF (SPY)"
    assert (shown["controls"]["freq"], shown["controls"]["window"]) == ("W", "26")
    assert shown["controls"]["event"] == "First cut"
    link = page.url()

    fresh_page.open(link.split("/", 3)[3])  # the path and query of the link, on a new browser
    assert fresh_page.query() == page.query()
    until(lambda: view_of(fresh_page) == shown, timeout=TIMEOUT,
          msg="the link opened another view")
    assert page.browser.get_logs() == []
    assert fresh_page.browser.get_logs() == []


def test_back_and_forward_restore_views_without_reloading(page):
    page.open()
    default_view = page.settled(lambda: view_of(page))
    default_url = page.url()
    data_end = default_view["controls"]["end"]
    page.mark_document()

    page.click_preset("1Y")
    year_start = f"{int(data_end[:4]) - 1}{data_end[4:]}"
    until(lambda: page.query() == {"start": year_start, "end": data_end}, timeout=TIMEOUT)
    until(lambda: page.x_range("rates") == [year_start, data_end]
          and page.window() == (year_start, data_end), timeout=TIMEOUT)
    one_year_url, one_year = page.url(), page.settled(lambda: view_of(page))
    assert one_year["ranges"] != default_view["ranges"]

    page.click_radio("control-freq", "Weekly")
    until(lambda: page.query() == {"start": year_start, "end": data_end, "freq": "W", "window": "13"}, timeout=TIMEOUT)
    until(lambda: "week" in page.title("correlation"), timeout=TIMEOUT)
    weekly_url, weekly = page.url(), page.settled(lambda: view_of(page))
    assert weekly["controls"]["freq"] == "W" and weekly["titles"] != one_year["titles"]

    page.driver.back()
    until(lambda: page.url() == one_year_url, timeout=TIMEOUT)
    until(lambda: view_of(page) == one_year, timeout=TIMEOUT, msg="back did not restore the 1Y view")
    page.driver.back()
    until(lambda: page.url() == default_url, timeout=TIMEOUT)
    until(lambda: view_of(page) == default_view, timeout=TIMEOUT, msg="back did not restore the first view")
    page.driver.forward()
    until(lambda: page.url() == one_year_url, timeout=TIMEOUT)
    until(lambda: view_of(page) == one_year, timeout=TIMEOUT, msg="forward did not restore the 1Y view")
    page.driver.forward()
    until(lambda: page.url() == weekly_url, timeout=TIMEOUT)
    until(lambda: view_of(page) == weekly, timeout=TIMEOUT, msg="forward did not restore the weekly view")
    assert page.same_document(), "changing views or going back/forward reloaded the page"
    assert page.browser.get_logs() == []


def test_invalid_link_opens_the_nearest_valid_view_with_a_notice(page):
    # unknown parameter, bad date, unknown series key, reversed dates: all in one link
    page.open("?start=2024-06-28&end=2024-02-01&small=ZZZZ&color=red&asof=2024-02-30&window=26")
    notice = page.browser.wait_for_element("#notices .link-notice", timeout=TIMEOUT).text
    assert "Some of this link was ignored" in notice
    for expected in ("Ignored unknown parameter 'color'", "Ignored small='ZZZZ'",
                     "Ignored asof='2024-02-30'", "start was after end: the two dates were swapped"):
        assert expected in notice
    # the nearest valid view: the dates swapped, the valid parts kept, the rest at defaults
    assert_time_panels_on(page, "2024-02-01", "2024-06-28")
    controls = page.controls()
    assert controls["small"] == "Russell 2000 (RUT)" and controls["window"] == "26"
    assert (controls["start"], controls["end"]) == ("2024-02-01", "2024-06-28")
    assert controls["asof"] != "2024-02-30" and page.fact_items(), "the as-of date fell back to its default"
    until(lambda: page.query() == {"start": "2024-02-01", "end": "2024-06-28", "window": "26"},
          timeout=TIMEOUT, msg="the URL was not rewritten to the view shown")

    # nothing valid at all: the default view, never a blank page
    page.open("?start=yesterday&end=2024-02-30&small=..&window=9999&event=nope")
    notice = page.browser.wait_for_element("#notices .link-notice", timeout=TIMEOUT).text
    for name in ("start='yesterday'", "end='2024-02-30'", "small='..'", "window='9999'", "event='nope'"):
        assert f"Ignored {name}" in notice
    page.wait_loaded()
    assert page.query() == {}
    assert page.controls()["window"] == "63"
    assert page.driver.find_element("css selector", "#header").text.strip()
    assert page.browser.get_logs() == []


def test_back_leaves_an_invalid_link_instead_of_trapping_the_user(page):
    """Opening a link rewrites it to the view shown; Back must then leave, not rewrite again."""
    page.open()
    home = page.url()
    raw = "?end=2024-06-28&start=2024-02-01&bogus=1"
    page.open(raw)
    until(lambda: page.query() == {"start": "2024-02-01", "end": "2024-06-28"}, timeout=TIMEOUT)
    canonical = page.url()
    page.mark_document()

    page.driver.back()  # to the link as it was opened: same view, its notice
    until(lambda: page.url().endswith(raw), timeout=TIMEOUT,
          msg=f"Back did not go to the opened link; at {page.url()}")
    assert page.same_document()
    assert "Ignored unknown parameter 'bogus'" in page.notices()
    assert page.window() == ("2024-02-01", "2024-06-28")
    page.driver.back()  # and out, to the page before
    until(lambda: page.url() == home, timeout=TIMEOUT, msg=f"Back did not leave the link; at {page.url()}")
    page.wait_loaded()
    assert page.query() == {} and page.window() != ("2024-02-01", "2024-06-28")
    page.driver.forward()
    page.driver.forward()
    until(lambda: page.url() == canonical, timeout=TIMEOUT)
    until(lambda: page.window() == ("2024-02-01", "2024-06-28"), timeout=TIMEOUT)
    assert page.browser.get_logs() == []
