"""Hostile requests to /export: arbitrary links, names, sizes and raw bytes.

Only known panels are served, sizes are clamped (with a notice) or refused (400, plain text),
file names never come from the request, and nothing answers 5xx or shows a traceback.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.ids import PANELS
from panels.data import PanelData
from panels.view import resolve_view
from state import parse_query
from tests.test_hostile_links import queries

needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="PNG export needs Debian's chromium")
SIZES = ("width", "height", "scale")
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FILENAME = re.compile(r'^attachment; filename="(?:[a-z]+|smallcap-monitor)_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}'
                      r'\.(?:csv|png|zip)"$')


@pytest.fixture(scope="module")
def app(demo_app):
    return demo_app


@pytest.fixture(scope="module")
def client(demo_client):
    return demo_client


def assert_clean(response) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:300]
    assert "Traceback" not in body and 'File "' not in body
    assert "root:x:0:0" not in body  # no file from the request's path, ever
    return body


def notices(response) -> list[str]:
    header = response.headers.get("X-Export-Notice")
    return header.split(" | ") if header else []


def as_header(texts: list[str]) -> str:
    """Notices as the X-Export-Notice header carries them: ASCII, printable, at most 1000 characters."""
    text = " | ".join(texts).encode("ascii", "replace").decode()
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:1000]


@settings(max_examples=40, **SETTINGS)
@given(query=queries(), panel=st.sampled_from(PANELS))
def test_csv_of_any_link_is_the_view_with_notices_or_a_plain_400(client, app, query, panel):
    response = client.get(f"/export/{panel}.csv", environ_overrides={"QUERY_STRING": query.lstrip("?")})
    body = assert_clean(response)
    if response.status_code == 400:
        assert response.mimetype == "text/plain" and body.startswith("Export failed: ")
        return
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert FILENAME.match(response.headers["Content-Disposition"])
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, errors="replace")
    link = urlencode([(k, v) for k, v in pairs if k not in SIZES])
    sizes = list(dict.fromkeys(k for k, _ in pairs if k in SIZES))
    data = app.server.extensions["smallcap_data"]
    universes = app.server.extensions["smallcap_universe"].list_universes()
    state, expected = parse_query(link, series_keys=data.available_series(), universes=universes)
    expected += list(resolve_view(state, PanelData(data)).notices)  # what the view was adjusted to
    expected += [f"Ignored {name}: a CSV has no image size." for name in sizes]
    assert response.headers.get("X-Export-Notice", "") == (as_header(expected) if expected else "")


@settings(max_examples=40, **SETTINGS)
@given(name=st.text(max_size=12), ext=st.sampled_from(["csv", "png", "zip", "CSV", "exe", ""]) | st.text(max_size=4))
def test_only_known_panels_are_served(client, name, ext):
    response = client.get("/export/" + quote(name, safe="") + "." + quote(ext, safe=""))
    assert_clean(response)
    served = response.status_code == 200 and "Content-Disposition" in response.headers
    assert not served or (name in PANELS and ext in ("csv", "png")) or (name, ext) == ("all", "zip")


@pytest.mark.parametrize(("path", "ours"), [
    # every path under /export/ is answered by the exports (the page's catch-all answered some with the
    # dashboard's HTML and a 200)
    ("/export/..%2F..%2F..%2Fetc%2Fpasswd.csv", True), ("/export/../../etc/passwd.csv", True),
    ("/export/etc/passwd", True), ("/export/.csv", True), ("/export/relative", True), ("/export/", True),
    ("/export/%2e%2e.csv", True), ("/export/relative%00.csv", True), ("/export/..%5C..%5Cwin.ini.csv", True),
    ("/export/RELATIVE.csv", True), ("/export/relative.PNG", True), ("/export/all.csv", True),
    ("/export/facts.zip", True), ("/export/relative.csv.exe", True), ("/export/relative.csv%2F..", True),
])
def test_path_like_names_never_reach_a_file(client, path, ours):
    response = client.get(path)
    body = assert_clean(response)
    assert "Content-Disposition" not in response.headers
    if ours:
        assert response.status_code == 404 and body.startswith("No such export. Known: facts.png, facts.csv")
    else:
        assert response.status_code in (200, 404) and "<title>Small-Cap Monitor</title>" in body


@pytest.mark.parametrize(("query", "message"), [
    ("width=abc", "Export failed: width must be a number, got 'abc'"),
    ("width=nan", "Export failed: width must be a finite number"),
    ("height=-Infinity", "Export failed: height must be a finite number"),
    ("scale=1e400", "Export failed: scale must be a finite number"),
    ("width=" + "9" * 400, "Export failed: width must be a finite number"),
    ("scale=0x10", "Export failed: scale must be a number, got '0x10'"),
    ("width=1_000", "Export failed: width must be a number, got '1_000'"),
    ("width=%D9%A5%D9%A5", "Export failed: width must be a number, got '\u0665\u0665'"),
    ("width=%0D%0ASet-Cookie:%20x=1", "Export failed: width must be a number, got '\\r\\nSet-Cookie: x=1'"),
    ("height=%ff%fe", "Export failed: height must be a number, got '\ufffd\ufffd'"),
    ("a=1&" * 201, "Export failed: the link has more than 200 parameters"),
])
@pytest.mark.parametrize("path", ["/export/rates.png", "/export/all.zip"])
def test_bad_sizes_are_refused_before_any_work(client, path, query, message):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == message + "\n"
    assert "Set-Cookie" not in response.headers


def test_csv_says_it_ignores_sizes_and_carries_no_control_characters(client):
    response = client.get("/export/rates.csv?width=%0D%0ASet-Cookie:%20x=1&scale=2&start=%0D%0Ax")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert notices(response) == ["Ignored start='??x': not a date in the form YYYY-MM-DD.",
                                 "Ignored width: a CSV has no image size.", "Ignored scale: a CSV has no image size."]


def test_raw_bytes_in_the_query_string(client):
    response = client.get("/export/relative.csv", environ_overrides={
        "QUERY_STRING": "start=\xff\xfe&small=\x00RUT&end=2024-03-28&\xc0=1"})
    assert response.status_code == 200
    assert notices(response) == ["Ignored start='??': not a date in the form YYYY-MM-DD.",
                                 "Ignored small='?RUT': not a series this data source has.",
                                 "Ignored unknown parameter '?'."]
    assert response.headers["Content-Disposition"].endswith('_2024-03-28.csv"')


@needs_chromium
class TestPngSizes:
    @pytest.mark.parametrize(("query", "size", "notice"), [
        ("width=100000&height=-5&scale=1", (2400, 300), ["width 100000 out of bounds [400, 2400]: used 2400",
                                                          "height -5 out of bounds [300, 1600]: used 300"]),
        ("width=%0A99999&height=300&scale=0.001", (2400, 300), ["width 99999 out of bounds [400, 2400]: used 2400",
                                                              "scale 0.001 out of bounds [1.0, 3.0]: used 1.0"]),
        ("width=99999999999999999999&height=400&scale=1&width=600", (2400, 400),
         ["Ignored repeated width: the first value is used.",
          "width 99999999999999999999 out of bounds [400, 2400]: used 2400"]),
    ])
    def test_clamped_with_notices(self, client, query, size, notice):
        from tests.test_export_routes import png_size

        response = client.get(f"/export/rates.png?start=2024-01-02&end=2024-03-28&{query}")
        assert response.status_code == 200 and png_size(response.data) == size
        assert notices(response) == notice
