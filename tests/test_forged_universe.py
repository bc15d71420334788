"""Forged universe names (issue 15, finding 5): through every callback that takes one, the
export routes and the command line, on the real data folder.

Nothing answers with a server path (the data folder's, the cache's, the checkout's) or an
error's text, nothing answers 5xx, and no name reads a file outside the data folder's
``universe/members`` lists (a path-like name is an unknown universe, never a file).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

import cli
from components.ids import Id
from config import Config, DataSpec
from loaders.base import LoaderError
from tests.dash_post import by_first_output, post

pytestmark = pytest.mark.shared_data

CHECKOUT = Path(__file__).resolve().parents[1]
VALID = "russell2000_iwm_2026-05-05"


def forged_names(data: Path) -> list[str]:
    return [
        "../../etc/passwd", "/etc/passwd", "../fundamentals", "..", ".", "members/../../fundamentals",
        f"{VALID}/../../fundamentals", str(data / "universe" / "fundamentals"),
        str(data.resolve() / "universe" / "members" / VALID),  # a real list, by absolute path
        "upload:../x", "upload:../../etc/passwd", "upload:/etc/passwd", "upload:" + "x" * 300,
        "a" * 5000, "x\x00y", "\x00", f"{VALID}\x00", "ishares:../../x",
    ]


@pytest.fixture(scope="module")
def setup(shared_data, tmp_path_factory):
    from app import create_app

    cache = tmp_path_factory.mktemp("forged-cache")
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=cache))
    secrets = {str(shared_data), str(shared_data.resolve()), str(cache), str(cache.resolve()),
               str(CHECKOUT), str(Path.home()), "site-packages"}
    return app, app.server.test_client(), secrets


def leaks(text: str, forged: str, secrets: set[str]) -> list[str]:
    """Server paths or error internals in ``text``, once the forged name's own echo is taken out."""
    for echo in sorted({forged, json.dumps(forged)[1:-1], repr(forged)[1:-1], quote(forged),
                        quote(forged, safe="")}, key=len, reverse=True):
        if echo:
            text = text.replace(echo, "")
    found = [s for s in secrets if s in text]
    found += [m for m in ("Traceback", 'File "', "Errno", "File name too long", "embedded null") if m in text]
    return found


def assert_clean(response, forged, secrets):
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:300]
    assert not leaks(body, forged, secrets), (forged[:60], leaks(body, forged, secrets), body[:400])
    return body


def forged_values(dep: dict, forged: str, hub: dict) -> dict | None:
    """Inputs and states of ``dep`` with the forged name wherever the page sends a universe,
    the rest as the page sends them for a valid link (None: the callback takes no universe)."""
    values, forged_any = {}, False
    for spec in [*dep["inputs"], *dep["state"]]:
        key = f"{spec['id']}.{spec['property']}"
        if spec["id"] == Id.UNIVERSE and spec["property"] == "value":
            values[key], forged_any = forged, True
        elif spec["id"] == Id.URL and spec["property"] == "search":
            values[key], forged_any = "?universe=" + quote(forged, safe=""), True
        elif spec["id"] == Id.MY_UPLOADS:
            values[key], forged_any = [forged], True
        elif spec["property"] == "data" and isinstance(hub.get(spec["id"], {}).get("data"), dict):
            data = dict(hub[spec["id"]]["data"])
            if "universe" in data:
                data["universe"], forged_any = forged, True
            values[key] = data
    return values if forged_any else None


def test_every_callback_that_takes_a_universe_answers_without_a_path(setup, shared_data):
    app, client, secrets = setup
    deps = by_first_output(client)
    hub = post(client, deps[Id.STATE], {f"{Id.URL}.search": f"?universe={VALID}"}).get_json()["response"]
    taking = {name: dep for name, dep in deps.items() if forged_values(dep, "x", hub) is not None}
    assert {Id.STATE, Id.UNIVERSE, "leverage-graph", "universe-graph"} <= set(taking), sorted(taking)
    for forged in forged_names(shared_data):
        for name, dep in taking.items():
            values = forged_values(dep, forged, hub)
            inputs = {k: v for k, v in values.items() if any(f"{s['id']}.{s['property']}" == k for s in dep["inputs"])}
            state = {k: v for k, v in values.items() if k not in inputs}
            response = post(client, dep, inputs, state=state)
            body = assert_clean(response, forged, secrets)
            if name == Id.STATE:  # the link's name is refused with a notice: the default list is used
                assert json.loads(body)["response"][Id.STATE]["data"]["universe"] != forged


def test_a_path_is_never_read_as_a_list(setup, shared_data):
    app, _, _ = setup
    universe = app.server.extensions["smallcap_universe"]
    assert len(universe.members(VALID).data) > 1000  # the real list, by its name
    for forged in forged_names(shared_data):
        with pytest.raises(LoaderError) as error:
            universe.members(forged)
        assert not leaks(str(error.value), forged, {str(shared_data), str(shared_data.resolve())})
        assert len(str(error.value)) < 1000
        assert not universe.accepts(forged)
        assert isinstance(universe.version(forged), str)


@pytest.mark.parametrize("panel", ["leverage", "universe"])
def test_exports_with_a_forged_universe(setup, shared_data, panel):
    """A link's universe goes through the link parser: refused with a notice (all.zip parses the
    same link through the same code, and renders PNGs: left to tests/test_export_routes.py)."""
    _, client, secrets = setup
    for forged in forged_names(shared_data):
        response = client.get(f"/export/{panel}.csv?universe={quote(forged, safe='')}&start=2026-01-02&end=2026-03-31")
        text = assert_clean(response, forged, secrets)
        if response.status_code == 200:
            assert "not a universe name" in text, text[:300]


@pytest.mark.parametrize("command", [
    ["quartiles", "--rank-by", "return", "--rank-start", "2025-06-02", "--rank-end", "2025-12-31",
     "--measure-start", "2026-01-02", "--measure-end", "2026-03-31", "--universe"],
    ["sectors", "--start", "2026-01-02", "--end", "2026-03-31", "--universe"],
    ["breadth", "--as-of", "2026-03-31", "--universe"],
    ["universe", "show"],
])
def test_the_command_line_with_a_forged_universe(shared_data, tmp_path, command):
    secrets = {str(shared_data), str(shared_data.resolve()), str(tmp_path), str(tmp_path.resolve()),
               str(CHECKOUT), "site-packages"}
    for forged in forged_names(shared_data):
        if "\x00" in forged:
            continue  # an operating system never passes NUL in an argument
        result = CliRunner().invoke(cli.main, [*command, forged, "--data", str(shared_data),
                                               "--cache-dir", str(tmp_path / "cache")])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (1, 2), (forged[:60], result.output[:300])
        assert not leaks(result.output, forged, secrets), (forged[:60], result.output[:400])


def test_the_cli_export_with_a_forged_universe_in_its_state(shared_data, tmp_path):
    secrets = {str(shared_data), str(shared_data.resolve()), str(tmp_path / "cache"), str(CHECKOUT), "site-packages"}
    for forged in forged_names(shared_data)[:8]:
        out = tmp_path / "leverage.csv"
        result = CliRunner().invoke(cli.main, [
            "export", "--panel", "leverage", "--output", str(out), "--state",
            f"universe={quote(forged, safe='')}&start=2026-01-02&end=2026-03-31",
            "--data", str(shared_data), "--cache-dir", str(tmp_path / "cache")])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1), result.output[:300]
        assert not leaks(result.output, forged, secrets), (forged[:60], result.output[:400])
        if result.exit_code == 0:
            assert "not a universe name" in result.output
            assert not leaks(out.read_text(), forged, secrets)
        else:  # the default view has no list for this data: it says so, naming the lists it has
            assert "Choose a universe" in result.output and VALID in result.output
