"""Hostile share links: arbitrary query strings and values through the state parser, the page,
the state hub and every panel callback (over HTTP, as the browser sends them).

The property throughout: nothing answers 5xx or shows a traceback, the view falls back to a
valid one, and every part of the link that was not used has a notice naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import fields
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.ids import Id
from panels.data import PanelData
from panels.view import resolve_view
from state import REPEATABLE, ViewState, parse_params, parse_query
from tests.dash_post import answer, by_first_output, children_of, component_types, post

KEYS = ["RUT", "GSPC", "IWM", "SPY", "DGS10"]
UNIVERSES = ["demo_smallcap", "upload:mine"]
NAMES = [f.name for f in fields(ViewState)]
HOSTILE = [
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "file:///etc/passwd",
    "<script>alert(1)</script>", "javascript:alert(1)", "\"><img src=x onerror=alert(1)>",
    "\x00", "RUT\x00", "\r\nSet-Cookie: x=1", "\ufffd\ufffd", "9" * 400, "-1", "1e309", "NaN",
    "0x10", "\u0665\u0665", "20200101", "2020-W01-1", "0001-01-01", "9999-12-31", "2019-02-29",
    "1899-12-31", "2101-01-01", " 2020-01-01 ", "rut", "GSPC", "IWM", "D", "w", "M", "Q", "5", "520",
    "521", "last_hike", "first_cut", "leverage", "return", "demo_smallcap", "upload:mine", ":x", "",
    "VIXCLS,DGS3MO", "vixcls, dgs3mo", "USREC", "A,B,C,D", "2024-09-18:First cut", "2024-09-18:<b>x</b>", "2024-02-30:x", "2024-09-18:" + "x" * 81,
]
PAGE_SAFE = "".join(chr(c) for c in range(0x21, 0x7f) if chr(c) not in "&=#%+")
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.dates(dt.date(1890, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat),
    st.integers(-10**30, 10**30).map(str),
    st.text(max_size=20),
)
names = st.one_of(st.sampled_from(NAMES), st.sampled_from(["width", "bogus", "../x", "<b>", "", "start[]"]),
                  st.text(max_size=6))


@st.composite
def queries(draw) -> str:
    """A query string: encoded pairs, raw pairs (bytes as %-escapes, %ff%fe...) and junk."""
    pairs = draw(st.lists(st.tuples(names, values), max_size=10))
    style = draw(st.sampled_from(["encoded", "raw", "escaped"]))
    if style == "encoded":
        query = urlencode(pairs)
    elif style == "raw":  # as typed: nothing escaped but & and = themselves
        query = "&".join(f"{quote(n, safe=PAGE_SAFE)}={quote(v, safe=PAGE_SAFE)}" for n, v in pairs)
    else:  # invalid UTF-8 and NUL as percent-escapes
        junk = draw(st.lists(st.sampled_from(["%ff%fe", "%00", "%c0%af", "%e2%82", "%", "%zz", "&&", ";"]),
                             max_size=4))
        query = urlencode(pairs) + "&" + "".join(junk)
    return draw(st.sampled_from(["", "?"])) + query


def reflected(name: str, raw: str, state: ViewState) -> bool:
    """Whether the state holds the link's value ``raw`` for ``name`` (as normalised on parsing)."""
    value, text = getattr(state, name), raw.strip()
    if isinstance(value, dt.date):
        return value.isoformat() == text
    if name in ("small", "large", "freq"):
        return value == text.upper()
    if name == "window":
        return text.isascii() and text.isdigit() and int(text) == value
    if name == "overlay":
        return value == ",".join(p.strip().upper() for p in text.split(",") if p.strip())
    return value == text


def mentions(notices: list[str], name: str) -> bool:
    return any(re.search(rf"(?<![a-z_]){name}(?![a-z_])", notice) for notice in notices)


def check_every_ignored_part_has_a_notice(query: str, state: ViewState, notices: list[str]) -> None:
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, errors="replace")
    if notices == ["The link has too many parameters; opened the default view."]:
        assert len(pairs) > 100 and state == ViewState()
        return
    unknown = [n for n, _ in pairs if n not in NAMES]
    assert sum(n.startswith("Ignored unknown parameter") for n in notices) == len(unknown)
    seen = set()
    for name, raw in pairs:
        if name not in NAMES:
            continue
        if name in REPEATABLE:  # each valid item is kept, or a notice says why not
            alone, _ = parse_params([(name, raw)])
            assert set(getattr(alone, name)) <= set(getattr(state, name)) or mentions(notices, name), (
                name, raw, notices)
            continue
        if name in seen:
            assert any(n.startswith(f"Ignored repeated {name}=") for n in notices), (name, notices)
        elif not reflected(name, raw, state):
            assert mentions(notices, name), (name, raw, notices)
        seen.add(name)


class TestParser:
    @settings(max_examples=300, deadline=None)
    @given(query=queries())
    def test_every_ignored_part_has_a_notice_and_the_link_written_back_is_clean(self, query):
        state, notices = parse_query(query, series_keys=KEYS, universes=UNIVERSES)
        check_every_ignored_part_has_a_notice(query, state, notices)
        assert state.small in KEYS and state.large in KEYS and state.small != state.large
        assert 5 <= state.window <= 520
        for a, b in (("start", "end"), ("mstart", "mend")):
            first, last = getattr(state, a), getattr(state, b)
            assert first is None or last is None or first <= last
        assert parse_query(state.to_query(), series_keys=KEYS, universes=UNIVERSES) == (state, [])
        assert all(n.isprintable() and len(n) < 300 for n in notices)

    @pytest.mark.parametrize(("query", "notices"), [
        ("start=2021-06-30&end=2020-01-02", ["start was after end: the two dates were swapped."]),
        ("start=0001-01-01&end=9999-12-31", ["Ignored start='0001-01-01': date out of range.",
                                            "Ignored end='9999-12-31': date out of range."]),
        ("asof=2019-02-29&mend=20200101", ["Ignored asof='2019-02-29': not a date in the form YYYY-MM-DD.",
                                          "Ignored mend='20200101': not a date in the form YYYY-MM-DD."]),
        ("end=2020-01-02&end=2021-01-04&end=x",
         ["Ignored repeated end='2021-01-04': the first value is used.",
          "Ignored repeated end='x': the first value is used."]),
        ("universe=..%2F..%2Fetc%2Fpasswd&small=%2Fetc%2Fpasswd",
         ["Ignored universe='../../etc/passwd': not a universe name.",
          "Ignored small='/etc/passwd': not a series this data source has."]),
        ("%3Cscript%3E=1&event=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
         ["Ignored unknown parameter '<script>'.",
          "Ignored event='<script>alert(1)</script>': event must be one of first_hike, last_hike, first_cut, "
          "last_cut."]),
        ("window=" + "9" * 400, ["Ignored window='" + "9" * 80 + "...': value too long."]),
        ("window=99999999999999999999&freq=%00D", ["Ignored window='99999999999999999999': window must be between "
                                                    "5 and 520.",
                                                    "Ignored freq='?D': frequency must be one of D, W, M."]),
        ("window=%D9%A5%D9%A5", ["Ignored window='\u0665\u0665': window must be a whole number of periods."]),
        ("start=%ff%fe&small=%c0%afRUT", ["Ignored start='\ufffd\ufffd': not a date in the form YYYY-MM-DD.",
                                          "Ignored small='\ufffd\ufffdRUT': not a series this data source has."]),
        # a yield, spread or indicator is no side of the pair ("The T10Y2Y is up 614.3% since the
        # election ... on record" on the facts card, developer text on the panels)
        ("small=dgs10", ["Ignored small='dgs10': not an index or fund: a yield, spread or indicator cannot be a "
                         "side of the pair."]),
        ("large=RUT", ["small and large were both RUT: large reset to its default."]),
        ("small=GSPC&large=GSPC", ["small and large were both GSPC: large reset to its default.",
                                   "small and large were both GSPC: small reset to its default."]),
        ("a=1&" * 101, ["The link has too many parameters; opened the default view."]),
    ])
    def test_exact_notices(self, query, notices):
        state, got = parse_query(query, series_keys=KEYS, universes=UNIVERSES)
        assert got == notices
        assert (state.small, state.large) == ("RUT", "GSPC") or "start" in query

    @pytest.mark.parametrize("query", [5, ["start=2020-01-01"], {"start": "2020-01-01"}, 1.5])
    def test_a_search_that_is_not_text_opens_the_default_view(self, query):
        assert parse_query(query) == (ViewState(), ["The link could not be read (not text); opened the default "
                                                    "view."])

    @settings(max_examples=150, deadline=None)
    @given(data=st.one_of(st.none(), st.text(), st.integers(), st.lists(st.integers()),
                          st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=5),
                                          st.none() | st.booleans() | st.integers() | st.floats() | st.text()
                                          | st.lists(st.text(), max_size=2))))
    def test_any_store_value_gives_a_valid_state(self, data):
        state = ViewState.from_dict(data)
        assert isinstance(state, ViewState) and isinstance(state.small, str) and 5 <= state.window <= 520
        assert ViewState.from_dict(state.to_dict()) == state


    def test_validated_checks_values_set_without_the_parser(self):
        from dataclasses import replace

        state = replace(ViewState(), small=["x"], window=float("inf"), universe="../x", start=dt.date(2020, 1, 2))
        checked, notices = state.validated(series_keys=KEYS, universes=UNIVERSES)
        assert checked == ViewState(start=dt.date(2020, 1, 2))
        assert notices == ["Ignored small=\"['x']\": not a series this data source has.",
                           "Ignored window='inf': window must be a whole number of periods.",
                           "Ignored universe='../x': not a universe name."]
        assert ViewState(small="IWM").validated(series_keys=KEYS) == (ViewState(small="IWM"), [])


@pytest.fixture(scope="module")
def app(demo_app):
    return demo_app


@pytest.fixture(scope="module")
def client(demo_client):
    return demo_client


@pytest.fixture(scope="module")
def callbacks(client):
    return by_first_output(client)


def panel_deps(callbacks) -> dict[str, dict]:
    """Panel callbacks: their first input is the panel's view store (its share of the state)."""
    found = {k: d for k, d in callbacks.items() if d["inputs"][0]["id"].endswith("-view")}
    assert len(found) >= 7, list(callbacks)
    return found


def assert_clean(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:300]
    assert "Traceback" not in body and 'File "' not in body


def hub_notices(outputs: dict) -> list[str]:
    notice = outputs.get(Id.NOTICES, {}).get("children")
    if notice is None:
        return []
    assert component_types(notice) <= {"Alert", "Strong", "Ul", "Li"}  # text only, never markup
    items = children_of(notice, "Li")
    assert all(isinstance(item, str) for item in items)
    return items


class TestPageAndHub:
    @settings(max_examples=60, **SETTINGS)
    @given(query=queries(), raw=st.binary(max_size=40))
    def test_page_answers_any_query_string_even_raw_bytes(self, client, query, raw):
        for environ in ({"QUERY_STRING": query.lstrip("?")}, {"QUERY_STRING": raw.decode("latin-1")}):
            response = client.get("/", environ_overrides=environ)
            assert_clean(response)
            assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"

    @settings(max_examples=60, **SETTINGS)
    @given(query=queries())
    def test_hub_takes_any_link_notices_what_it_ignored_and_writes_a_clean_one(self, client, callbacks, app, query):
        response = post(client, callbacks[Id.STATE], {f"{Id.URL}.search": query})
        assert_clean(response)
        outputs = answer(response)
        state = ViewState.from_dict(outputs[Id.STATE]["data"])
        data = app.server.extensions["smallcap_data"]
        universes = app.server.extensions["smallcap_universe"].list_universes()
        expected_state, expected_notices = parse_query(query, series_keys=data.available_series(),
                                                       universes=universes)
        assert state == expected_state
        view_notices = list(resolve_view(expected_state, PanelData(data)).notices)  # adjusted to the data
        assert hub_notices(outputs) == expected_notices + view_notices
        check_every_ignored_part_has_a_notice(query, state, expected_notices)
        link = outputs[Id.URL]["search"]
        assert parse_query(link, series_keys=data.available_series(), universes=universes) == (state, [])

    @pytest.mark.parametrize("search", [5, ["?start=2020-01-01"], {"start": "x"}, True])
    def test_hub_search_that_is_not_text(self, client, callbacks, search):
        outputs = answer(post(client, callbacks[Id.STATE], {f"{Id.URL}.search": search}))
        assert ViewState.from_dict(outputs[Id.STATE]["data"]) == ViewState()
        assert hub_notices(outputs) == ["The link could not be read (not text); opened the default view."]


store_values = st.one_of(
    st.none(), st.text(max_size=10), st.integers(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(NAMES), st.one_of(st.sampled_from(HOSTILE), st.none(), st.integers(),
                                                        st.floats(), st.lists(st.text(max_size=3), max_size=2),
                                                        st.dictionaries(st.text(max_size=2), st.integers(),
                                                                        max_size=1)), max_size=6),
)


class TestPanels:
    @settings(max_examples=40, **SETTINGS)
    @given(value=store_values, pick=st.integers(0, 6))
    def test_every_panel_draws_or_explains_for_any_store_value(self, client, callbacks, value, pick):
        name, dep = sorted(panel_deps(callbacks).items())[pick]
        response = post(client, dep, {f"{dep['inputs'][0]['id']}.data": value})
        assert_clean(response)
        assert response.status_code == 200
        outputs = answer(response)
        first = next(iter(outputs.values()))
        assert isinstance(first, dict) and first  # a figure or the facts list, not an error

    @pytest.mark.parametrize("query", [
        "start=1900-01-01&end=1900-01-02", "start=2100-12-31", "asof=1900-01-01&event=first_cut",
        "start=2024-01-01&end=2024-01-02&freq=M&window=520", "universe=demo_smallcap&mstart=2100-01-01",
        "universe=demo_smallcap&rank_by=leverage&start=1990-01-02&end=1990-01-03", "small=DGS10&large=GSPC",
    ])
    def test_extreme_links_through_hub_and_every_panel(self, client, callbacks, query):
        """The hub's answer fed to every panel, as the page does: each draws or says why."""
        hub = answer(post(client, callbacks[Id.STATE], {f"{Id.URL}.search": "?" + query}))
        for name, dep in panel_deps(callbacks).items():
            store = dep["inputs"][0]["id"]
            value = hub.get(store, {}).get("data", hub[Id.STATE]["data"])
            response = post(client, dep, {f"{store}.data": value})
            assert_clean(response)
            outputs = answer(response)
            summary = json.dumps(outputs)
            assert "Traceback" not in summary and "Error:" not in summary, (name, summary[:300])


@pytest.mark.parametrize(("prop", "value"), [
    ("control-small.value", ["RUT"]), ("control-large.value", {"a": 1}), ("control-corr-window.value", 1e309),
    ("zoom.data", "x"), ("zoom.data", {"relayout": [1]}), ("relative-graph.clickAnnotationData", {"annotation": "x"}),
    ("relative-graph.clickAnnotationData", {"annotation": {"name": ["band"]}}), ("zoom.data", {"back": True}),
    ("earlier-windows.data", [["x", 1]]),
])
def test_hub_survives_any_posted_control_value(client, callbacks, prop, value):
    response = post(client, callbacks[Id.STATE], {f"{Id.URL}.search": "", prop: value},
                    state={f"{Id.STATE}.data": ViewState().to_dict()}, changed=[prop])
    assert_clean(response)
    if response.status_code == 200:
        state = ViewState.from_dict(answer(response)[Id.STATE]["data"])
        assert state.validated(series_keys=KEYS)[1] == []
