"""Exports from the page: the modebar PNG download and the "Download all panels" zip."""

from __future__ import annotations

import csv
import io
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from dash.testing.wait import until

from components.ids import GRAPH_PANELS, PANELS
from tests.browser.conftest import allow_downloads
from tests.browser.page import TIMEOUT, png_size, query_of

START, END = "2024-02-01", "2024-06-28"


def finished_downloads(folder: Path) -> list[str]:
    """Files Chromium has finished writing into ``folder`` (no partial ``.crdownload``)."""
    names = sorted(p.name for p in folder.iterdir())
    return [] if any(n.endswith(".crdownload") for n in names) else names


def zoom_to_window(page) -> None:
    page.open()
    page.zoom("relative", {"xaxis.range[0]": START, "xaxis.range[1]": END})
    until(lambda: page.query() == {"start": START, "end": END}, timeout=TIMEOUT)
    until(lambda: page.x_range("rates") == [START, END], timeout=TIMEOUT)


def test_modebar_png_download_is_named_for_the_window_and_sized_2400x1200(page, tmp_path):
    zoom_to_window(page)
    allow_downloads(page.browser, tmp_path)
    for panel in ("rates", "relative"):  # a panel that followed the zoom, and the zoomed one
        page.modebar_button(panel, "Download plot as a PNG").click()
        expected = f"{panel}_{START}_{END}.png"
        until(lambda: expected in finished_downloads(tmp_path), timeout=TIMEOUT,
              msg=f"no {expected} downloaded; got {sorted(p.name for p in tmp_path.iterdir())}")
        # toImageButtonOptions: width 1200, height 600 at scale 2
        assert png_size((tmp_path / expected).read_bytes()) == (2400, 1200)
    assert finished_downloads(tmp_path) == [f"rates_{START}_{END}.png", f"relative_{START}_{END}.png"]
    assert page.browser.get_logs() == []


def test_download_all_link_carries_the_view_and_gives_valid_pngs_and_csvs(page):
    zoom_to_window(page)
    page.click_radio("control-freq", "Monthly")
    until(lambda: page.query() == {"start": START, "end": END, "freq": "M", "window": "24"}, timeout=TIMEOUT)
    until(lambda: query_of(page.export_href()) == page.query(), timeout=TIMEOUT,
          msg=f"the export link {page.export_href()} does not carry the view {page.url()}")
    href = page.export_href()
    assert urlsplit(href).path == "/export/all.zip"

    with urllib.request.urlopen(page.base_url + href.split(urlsplit(href).netloc, 1)[1], timeout=180) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"] == "application/zip"
        assert f'filename="smallcap-monitor_{START}_{END}.zip"' in answer.headers["Content-Disposition"]
        body = answer.read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    names = archive.namelist()
    pngs = [n for n in names if n.endswith(".png")]
    csvs = [n for n in names if n.endswith(".csv")]
    assert {n.split("_")[0] for n in pngs} >= {"relative", "rates", "spreads", "correlation"}
    assert {n.rsplit(".", 1)[0] for n in pngs} == {n.rsplit(".", 1)[0] for n in csvs}
    for name in pngs:
        assert name.split("_")[0] in GRAPH_PANELS + ("facts",) and name.endswith(f"_{START}_{END}.png"), name
        width, height = png_size(archive.read(name))
        assert width == 2400 and height >= 600, (name, width, height)
    for name in csvs:
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        assert len(rows) >= 2, f"{name}: no data under the header"
        header = rows[0]
        assert len(header) >= 2 and all(cell.strip() for cell in header), f"{name}: header {header}"
        assert not any(_is_number(cell) for cell in header), f"{name}: first row is data, not a header"
    left_out = set(PANELS) - {n.split("_")[0] for n in pngs}
    if left_out:  # a panel that cannot be drawn for this view is named in NOTICES.txt
        notices = archive.read("NOTICES.txt").decode()
        assert all(f"{panel} left out" in notices for panel in left_out), notices
    assert page.browser.get_logs() == []


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_each_panel_header_links_to_its_csv_for_the_view_shown(page):
    """A panel's data was only in the zip of all panels (a new-analyst audit: "where is the data
    behind this chart?"): each card header has "Data (CSV)", for the view on screen."""
    zoom_to_window(page)
    for panel in PANELS:
        link = page.driver.find_element("id", f"{panel}-csv")
        assert link.text == "Data (CSV)"
        until(lambda: query_of(link.get_attribute("href")) == page.query(), timeout=TIMEOUT,
              msg=f"{panel}: {link.get_attribute('href')} does not carry the view {page.url()}")
        assert urlsplit(link.get_attribute("href")).path == f"/export/{panel}.csv"
    href = page.driver.find_element("id", "relative-csv").get_attribute("href")
    with urllib.request.urlopen(href, timeout=120) as answer:
        assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/csv")
        assert f'filename="relative_{START}_{END}.csv"' in answer.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(answer.read().decode("utf-8-sig"))))
    dates = [r[0] for r in rows[1:] if r and r[0][:2] in ("19", "20")]
    assert dates and dates[0] >= START and dates[-1] <= END, (dates[:1], dates[-1:])
    assert page.browser.get_logs() == []
