"""Hostile command-line arguments: a usage error (exit 2) or a plain error (exit 1), never a
traceback; share-link state given to ``export`` is parsed like a link, with notices."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cli
from loaders.catalog import ALL_SERIES
from panels.view import resolve_view
from state import parse_query
from tests.test_hostile_links import HOSTILE, queries

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
dates = st.one_of(st.sampled_from(HOSTILE), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
                  st.text(max_size=12))


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("cli-cache"))


def run(args: list[str], cache: str, *, data: str = "demo"):
    result = CliRunner().invoke(cli.main, [*args, "--data", data, "--cache-dir", cache])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result


def is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        return False
    try:
        return dt.date(1900, 1, 1) <= dt.date.fromisoformat(text) <= dt.date(2100, 12, 31)
    except ValueError:
        return False


@settings(max_examples=40, **SETTINGS)
@given(as_of=dates)
@example(as_of="2026-01-01")  # after the demo data's last day
def test_facts_as_of_anything(cache, as_of):
    result = run(["facts", "--as-of", as_of], cache)
    if is_date(as_of):
        after = re.search(r"is after the last observation the pair RUT / GSPC has in common \((\d{4}-\d{2}-\d{2})\)", result.output)
        if result.exit_code == 2:  # only for a day after the data, saying so (hypothesis found 2026-01-01)
            assert after is not None and as_of > after.group(1), result.output
        else:
            assert result.exit_code in (0, 1) and after is None
    else:
        assert result.exit_code == 2
        assert ("is not a date in YYYY-MM-DD form (for example 2025-01-13)" in result.output
                or "is out of range (1900-01-01 to 2100-12-31)" in result.output)


@pytest.mark.parametrize(("as_of", "message"), [
    ("2020-W01-1", "'2020-W01-1' is not a date in YYYY-MM-DD form (for example 2025-01-13)"),
    ("20200101", "'20200101' is not a date in YYYY-MM-DD form (for example 2025-01-13)"),
    ("0001-01-01", "'0001-01-01' is out of range (1900-01-01 to 2100-12-31)"),
    ("2019-02-29", "'2019-02-29' is not a date in YYYY-MM-DD form (for example 2025-01-13)"),
    ("\x00", "'\\x00' is not a date in YYYY-MM-DD form"),
])
def test_facts_as_of_messages(cache, as_of, message):
    result = run(["facts", "--as-of", as_of], cache)
    assert result.exit_code == 2 and message in result.output


QUARTILE_ARGS = ["quartiles", "--universe", "demo_smallcap", "--rank-by", "return"]


@settings(max_examples=25, **SETTINGS)
@given(values=st.lists(dates, min_size=4, max_size=4), universe=st.sampled_from(["demo_smallcap", *HOSTILE[:8]]))
def test_quartiles_dates_and_universe_anything(cache, values, universe):
    args = ["quartiles", "--universe", universe, "--rank-by", "return"]
    for option, value in zip(("--rank-start", "--rank-end", "--measure-start", "--measure-end"), values):
        args += [option, value]
    result = run(args, cache)
    if not all(is_date(v.strip()) for v in values):
        assert result.exit_code == 2 and "Invalid value for '--" in result.output


@pytest.mark.parametrize(("value", "message"), [
    ("20190630", "'20190630' is not a date in YYYY-MM-DD form (for example 2025-01-13)"),
    ("1850-06-30", "'1850-06-30' is out of range (1900-01-01 to 2100-12-31)"),
])
def test_quartiles_date_messages(cache, value, message):
    args = [*QUARTILE_ARGS, "--rank-start", "2019-01-02", "--rank-end", value, "--measure-start", "2019-07-01",
            "--measure-end", "2019-12-31"]
    result = run(args, cache)
    assert result.exit_code == 2 and message in result.output


@pytest.fixture(scope="module")
def demo_data(cache):
    """The demo data as the CLI's app serves it (to resolve views as the export does)."""
    from app import create_app
    from config import Config, DataSpec

    return create_app(Config(data=DataSpec("demo"), cache_dir=Path(cache))).server.extensions["smallcap_panel_data"]


@settings(max_examples=8, **SETTINGS)
@given(query=queries())
def test_export_state_is_parsed_like_a_link_with_a_notice_per_ignored_part(cache, demo_data, tmp_path_factory, query):
    out = tmp_path_factory.mktemp("out") / "rel.csv"
    result = run(["export", "--panel", "relative", "--state", query, "--output", str(out)], cache)
    if result.exit_code == 1:
        assert result.output.startswith("Error: ") and not out.exists()
        return
    assert result.exit_code == 0 and out.read_text().startswith("date,")
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, errors="replace")
    sizes = list(dict.fromkeys(k for k, _ in pairs if k in ("width", "height", "scale")))
    link = urlencode([(k, v) for k, v in pairs if k not in sizes])
    state, expected = parse_query(link, series_keys=ALL_SERIES, universes=["demo_smallcap"])
    expected += list(resolve_view(state, demo_data).notices)  # what the view was adjusted to
    expected += [f"Ignored {name}: a CSV has no image size." for name in sizes]
    shown = [line[len("notice: "):] for line in result.output.splitlines() if line.startswith("notice: ")]
    assert shown == expected


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--panel", "../etc/passwd", "--output", "x.csv"], "Invalid value for '--panel': '../etc/passwd' is "
                                                                   "not one of 'facts', 'relative'"),
    (["export", "--panel", "rates", "--output", "/nonexistent/dir/x.csv"],
     "Error: cannot write /nonexistent/dir/x.csv: No such file or directory"),
    (["export", "--panel", "rates", "--state", "width=1e400", "--output", "x.png"], "Error: width must be a finite "
                                                                                    "number"),
    (["export", "--panel", "rates", "--state", "a=1&" * 201, "--output", "x.csv"],
     "Error: the link has more than 200 parameters"),
])
def test_export_errors(cache, tmp_path, args, message):
    args = [str(tmp_path / a) if a in ("x.csv", "x.png") else a for a in args]
    result = run(args, cache)
    assert result.exit_code in (1, 2) and message in result.output


@pytest.mark.parametrize("port", ["0", "65536", "-1", "99999999999999999999", "abc", "8050.5", "", "\x00"])
def test_serve_refuses_a_bad_port_before_starting(port):
    result = CliRunner().invoke(cli.main, ["serve", "--port", port, "--data", "demo"])
    assert result.exit_code == 2 and "Invalid value for '--port'" in result.output
    assert "Small-Cap Monitor on http" not in result.output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--data", "/etc/passwd", "--data '/etc/passwd': not 'auto', 'live' or 'demo', and not an existing directory"),
    ("--data", "a\x00b", "--data 'a\\x00b': not 'auto', 'live' or 'demo', and not an existing directory"),
    ("--data", "http://example.org/data", "not 'auto', 'live' or 'demo', and not an existing directory"),
    ("--cache-dir", "/proc/1/nope", "cannot use '/proc/1/nope' as the cache folder: No such file or directory"),
    ("--cache-dir", "c\x00", "cannot use 'c\\x00' as the cache folder: embedded null byte"),
    ("--redis-url", "http://:hunter2@localhost/0", "'http://:***@localhost/0': the scheme must be redis://, "
                                                   "rediss:// or unix://"),
    ("--redis-url", "redis://:hunter2@localhost:notaport/0",
     "the Redis URL cannot be read (Port could not be cast to integer value as 'notaport')"),
])
def test_bad_data_cache_and_redis_options_are_usage_errors(tmp_path, option, value, message):
    args = ["facts", "--as-of", "2020-01-02", "--data", "demo", "--cache-dir", str(tmp_path)]
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert message in result.output and "hunter2" not in result.output
