"""Malformed files in a local data directory: the loader names the file and the problem, and the
rest of the dashboard keeps working (tiny synthetic files in the snapshot's layout, no real data)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import create_app
from components.ids import Id
from config import Config, DataSpec
from loaders.base import LoaderError
from loaders.local import LocalDirectory
from tests.dash_post import answer, by_first_output, children_of, post

DAYS = pd.bdate_range("2022-01-03", "2024-12-31")


def write_series(root: Path, rel: str, header: str, values) -> None:
    lines = [header, *(f"{d:%Y-%m-%d},{v}" for d, v in zip(DAYS, values))]
    (root / rel).write_text("\n".join(lines) + "\n")


def write_snapshot(root: Path) -> Path:
    """fred/, indexes/ and universe/ like ../shared/data, three years of seeded random walks."""
    rng = np.random.default_rng(7)
    for folder in ("fred", "indexes", "universe/members"):
        (root / folder).mkdir(parents=True)
    walk = lambda start, vol: np.round(start * np.exp(np.cumsum(rng.normal(0, vol, len(DAYS)))), 2)  # noqa: E731
    write_series(root, "indexes/RUT.csv", "date,close", walk(1800, 0.012))
    write_series(root, "indexes/GSPC.csv", "date,close", walk(4000, 0.010))
    write_series(root, "fred/DGS10.csv", "date,DGS10", walk(3.5, 0.01))
    write_series(root, "fred/DGS2.csv", "date,DGS2", walk(4.0, 0.01))
    write_series(root, "fred/BAMLH0A0HYM2.csv", "date,BAMLH0A0HYM2", walk(4.0, 0.01))
    (root / "universe/members/tiny.csv").write_text("ticker,name\nAAA,Alpha\nBBB,Beta\nCCC,Gamma\nDDD,Delta\n")
    (root / "universe/fundamentals.csv").write_text(
        "ticker,period_end,publish_date,total_debt,total_liabilities,total_equity,net_income,statement\n"
        + "".join(f"{t},2024-06-30,2024-08-14,{d},{2 * d},100,5,quarterly\n"
                  for t, d in (("AAA", 10), ("BBB", 50), ("CCC", 90), ("DDD", 130))))
    return root


def fail(root: Path, key: str) -> str:
    with pytest.raises(LoaderError) as info:
        LocalDirectory(root).load_series(key)
    return str(info.value)


@pytest.fixture
def folder(tmp_path):
    for name in ("fred", "indexes", "famafrench"):
        (tmp_path / name).mkdir()
    return tmp_path


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty file"),
    (b"\n \n", "empty file"),
    (b"date,DGS10\n2025-01-13,4.79\n2025-01-1", "line 3 has 1 field, expected 2 (truncated or malformed row "
                                                 "'2025-01-1')"),
    (b"date,DGS10\n2025-01-13,4.79\n2025-01-14", "line 3 has 1 field, expected 2 (truncated or malformed row "
                                                  "'2025-01-14')"),
    (b"date,DGS10\n2025-01-13,4.79,extra\n", "line 2 has 3 fields, expected 2 (truncated or malformed row "
                                              "'2025-01-13,4.79,extra')"),
    (b"date,DGS10\n13/01/2025,4.79\n", "unreadable date '13/01/2025' on line 2 (expected YYYY-MM-DD)"),
    (b"date,DGS10\n2025-01-13,4.79\n\n2025-02-30,4.80\n", "unreadable date '2025-02-30' on line 4 (expected "
                                                          "YYYY-MM-DD)"),
    (b"date,DGS10\n0201-01-13,4.79\n", "date 0201-01-13 out of range (1800-01-01 to 2100-12-31)"),
    (b"date,DGS10\n2025-01-13,4.79\n2025-01-14,1e400\n", "non-finite value '1e400' in column 'DGS10' on "
                                                         "2025-01-14"),
    (b"date,DGS10\n2025-01-13,4,79\n", "line 2 has 3 fields, expected 2 (truncated or malformed row '2025-01-13,4,79')"),
    # (';' between columns: named as such, with how to save the file; it said "expected two columns")
    (b"date;DGS10\n2025-01-13;4.79\n", "the file uses ';' between columns (header 'date;DGS10'), perhaps with "
                                       "decimal commas: save it as comma-separated, with '.' as the decimal mark"),
    (b"\xef\xbb\xbfdate,DGS10\n2025-01-13,4.79\n2025-01-14,\xe9\n", "not UTF-8 text (byte 0xe9 on line 3)"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary data, not CSV text (NUL byte on line 1)"),
])
def test_malformed_series_file_names_the_file_and_the_problem(folder, content, problem):
    (folder / "fred" / "DGS10.csv").write_bytes(content)
    assert fail(folder, "DGS10") == f"local directory (fred/DGS10.csv): {problem}"


def test_blank_values_are_missing_not_errors(folder):
    (folder / "indexes" / "RUT.csv").write_text("date,close\n2025-01-10,10\n2025-01-13,\n2025-01-14,11\n\n")
    assert LocalDirectory(folder).load_series("RUT").data.to_dict() == {
        pd.Timestamp("2025-01-10"): 10.0, pd.Timestamp("2025-01-14"): 11.0}


FF = "F-F_Research_Data_Factors"


def ff_text(bad: dict[int, str] | None = None) -> str:
    """A monthly factors file like the library's: 48 rows (1926-07 on), row ``n`` replaced by ``bad[n]``."""
    months = pd.period_range("1926-07", periods=48, freq="M")
    rows = [f"{m:%Y%m},    2.96,   -2.56,   -2.43,    0.22" for m in months]
    for number, row in (bad or {}).items():
        rows[number] = row
    return ("This file was created by CMPT_ME_BEME_RETS using the 202412 CRSP database.\r\n\r\n"
            ",Mkt-RF,SMB,HML,RF\r\n" + "".join(row + "\r\n" for row in rows) + "\r\n")


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty file"),
    (b"\x81\x8d\x8f\x90", "not a text file (byte 0x81 at offset 0)"),
    (None, f"a zip archive, not the text file inside {FF}_CSV.zip: unzip it"),
    (ff_text({1: "192608,    2.64,   -1.17,    3.82,    x.25"}).encode(),
     f"dataset {FF}, table 0 ({FF.replace('_', ' ')}): non-numeric value 'x.25' in column 'RF' on 1926-08-31"),
    (ff_text({1: "192607,    2.64,   -1.17,    3.82,    0.25"}).encode(),
     f"dataset {FF}, table 0 ({FF.replace('_', ' ')}): duplicate date 1926-07-31 with different values"),
    (ff_text({5: "192612,    2.64,   -1.17,    3.82,    inf"}).encode(),
     f"dataset {FF}, table 0 ({FF.replace('_', ' ')}): non-finite value 'inf' in column 'RF' on 1926-12-31"),
    (ff_text()[:880].encode(), f"dataset {FF}, table 0 ({FF.replace('_', ' ')}): row 1927-12 has 3 of 4 values "
                               "(a truncated file?)"),
    (b"Not the Ken French file at all\r\n", f"dataset {FF}: no tables in the file"),
])
def test_malformed_ken_french_file(folder, content, problem):
    if content is None:  # the downloaded zip saved under the text file's name, and cut short
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"{FF}.CSV", ff_text())
        content = buffer.getvalue()[:40]
    path = folder / "famafrench" / f"{FF}.CSV"
    path.write_bytes(content)
    with pytest.raises(LoaderError) as info:
        LocalDirectory(folder).load_famafrench(FF)
    assert str(info.value) == f"local directory ({path.parent.name}/{path.name}): {problem}"


# ------------------------------------------------------------------ the whole app on a broken folder


def panels(client) -> dict[str, dict]:
    """Each panel callback's outputs for the default view, fed from the hub as the page does."""
    return hub_and_panels(client, "")[1]


def hub_and_panels(client, search: str) -> tuple[dict, dict[str, dict]]:
    """The hub's outputs for a link, and each panel callback's outputs fed from them."""
    callbacks = by_first_output(client)
    hub = answer(post(client, callbacks[Id.STATE], {f"{Id.URL}.search": search}))
    out = {}
    for first, dep in callbacks.items():
        if len(dep["inputs"]) == 1 and dep["inputs"][0]["property"] == "data" and first != Id.STATE:
            store = dep["inputs"][0]["id"]
            value = hub.get(store, {}).get("data", hub[Id.STATE]["data"])
            out[first.removesuffix("-graph")] = answer(post(client, dep, {f"{store}.data": value}))
    return hub, out


def traces(outputs: dict, panel: str) -> int:
    return len(outputs[panel][f"{panel}-graph"]["figure"]["data"])


def summary(outputs: dict, panel: str) -> str:
    return outputs[panel][f"{panel}-summary"]["children"]


def unavailable(client) -> dict[str, str]:
    """Provenance rows marked unavailable in the page header: series -> message (unescaped)."""
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    text = json.dumps(layout.get_json())
    table = next(node for node in children_of(layout.get_json(), "Markdown"))
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in table.splitlines()[2:]]
    unescape = lambda cell: re.sub(r"\\(.)", r"\1", cell.strip())  # noqa: E731
    assert "Traceback" not in text
    return {unescape(r[0]): unescape(r[6]) for r in rows if r[1].strip() == "unavailable"}


def test_a_truncated_index_file_breaks_only_the_panels_that_need_it(tmp_path):
    root = write_snapshot(tmp_path / "data")
    path = root / "indexes" / "GSPC.csv"
    path.write_text(path.read_text()[:-9])  # cut in the last row: "2024-12-31,1234.56\n" -> "2024-12-31"
    client = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache")).server.test_client()
    message = f"local directory ({path.parent.name}/{path.name}): line 783 has 1 field, expected 2 (truncated or malformed row '2024-12-31')"
    assert unavailable(client) == {"GSPC": message}
    outputs = panels(client)
    for panel in ("relative", "correlation", "regimes"):
        assert traces(outputs, panel) == 0 and summary(outputs, panel) == message
    assert traces(outputs, "rates") == 2 and summary(outputs, "rates").startswith("From 2022-01-03 to 2024-12-31: ")
    assert traces(outputs, "spreads") == 1 and "HY OAS" in summary(outputs, "spreads")
    for part in ("returns", "context"):  # the summary line shows the parts' error
        counts = outputs[f"facts-list-{part}"][f"facts-summary-{part}"]["data"]
        assert counts["error"].startswith("No facts: the pair RUT / GSPC cannot be shown") and counts["n"] == 0


def test_text_in_a_yield_file_leaves_the_other_yield_drawn(tmp_path):
    root = write_snapshot(tmp_path / "data")
    path = root / "fred" / "DGS10.csv"
    lines = path.read_text().splitlines()
    lines[10] = lines[10].split(",")[0] + ",n/a"
    path.write_text("\n".join(lines) + "\n")
    client = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache")).server.test_client()
    assert unavailable(client) == {
        "DGS10": f"local directory ({path.parent.name}/{path.name}): non-numeric value 'n/a' in column 'DGS10' on {DAYS[9]:%Y-%m-%d}"}
    outputs = panels(client)
    assert traces(outputs, "relative") >= 3 and traces(outputs, "rates") == 1
    # the 10-year is not drawn, and the summary says why (eeb89ca: it said nothing)
    assert "2-year" in summary(outputs, "rates") and summary(outputs, "rates").endswith(
        f"10-year not shown: local directory (fred/DGS10.csv): non-numeric value 'n/a' in column 'DGS10' on "
        f"{DAYS[9]:%Y-%m-%d}.")


def test_a_truncated_prices_file_is_the_leverage_panels_message(tmp_path):
    root = write_snapshot(tmp_path / "data")
    prices = pd.DataFrame({"date": np.repeat(DAYS[-60:], 4), "ticker": ["AAA", "BBB", "CCC", "DDD"] * 60,
                           "adj_close": np.linspace(10, 20, 240)})
    path = root / "universe" / "prices.parquet"
    prices.to_parquet(path)
    path.write_bytes(path.read_bytes()[:300])
    app = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache"))
    client = app.server.test_client()
    callbacks = by_first_output(client)
    hub = answer(post(client, callbacks[Id.STATE], {f"{Id.URL}.search": "?universe=tiny"}))
    dep = callbacks["leverage-graph"]
    store = dep["inputs"][0]["id"]
    outputs = answer(post(client, dep, {f"{store}.data": hub.get(store, {}).get("data", hub[Id.STATE]["data"])}))
    text = outputs["leverage-summary"]["children"]
    assert text.startswith(f"Cannot rank tiny: local directory (universe/prices.parquet): unreadable Parquet file (ArrowInvalid: ")
    assert traces(panels(client), "relative") >= 3


def test_broken_yield_files_are_named_when_no_yield_is_left(tmp_path):
    """Both yields unreadable: the rates panel names the files, not 'no yield in this source'."""
    from tests.panel_draw import drawer
    from state import ViewState

    root = tmp_path / "data"
    (root / "fred").mkdir(parents=True)
    (root / "indexes").mkdir()
    for key in ("DGS10", "DGS2"):
        (root / "fred" / f"{key}.csv").write_text(f"date,{key}\n2025-01-02,4.5\n2025-01-03,abc\n")
    app = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache"))
    _, summary = drawer("rates", app.server.extensions["smallcap_data"])(ViewState().to_dict())
    assert summary.startswith("no 10-year or 2-year Treasury yield (DGS10, DGS2) could be loaded: local directory (")
    assert "DGS10.csv): non-numeric value 'abc'" in summary and "DGS2.csv): non-numeric value 'abc'" in summary
