"""Sources and messages for people: no server paths, one sentence per failing source."""

from __future__ import annotations

import pandas as pd

from loaders.base import Loaded, LoaderError, make_provenance, shown_location
from panels.data import citation, source_line
from panels.fact_series import FactSeries


def loaded(source: str, *, location="/srv/app/data/fred/X.csv", demo=False, note="") -> Loaded:
    data = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2026-02-19", "2026-02-20"], name="date"))
    provenance = make_provenance(data, source=source, location=location, note=note)
    return Loaded(data, provenance.__class__(**{**provenance.__dict__, "demo": demo}))


def test_a_file_is_shown_as_folder_and_name_never_the_server_path():
    assert shown_location("/srv/app/data/indexes/RUT.csv") == "indexes/RUT.csv"
    assert shown_location("https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10").startswith("https://")
    message = str(LoaderError("local directory", "line 3 has 1 field", "/srv/app/data/fred/DGS10.csv"))
    assert message == "local directory (fred/DGS10.csv): line 3 has 1 field" and "/srv" not in message


def test_sources_are_cited_by_publisher_series_and_service():
    assert citation("BAMLH0A0HYM2", loaded("FRED")) == "ICE BofA US High Yield OAS (BAMLH0A0HYM2) via FRED, to 2026-02-20"
    # a folder's index file: its origin is what the folder records (the snapshot's S&P 500 is FRED's
    # after 2024-01-17), not the live loader's Yahoo
    assert citation("RUT", loaded("local directory")) == (
        "Russell 2000 (^RUT) via a local copy (origin: indexes/SOURCES.md), to 2026-02-20")
    assert citation("DGS10", loaded("local directory")) == "10-year Treasury yield (DGS10) via FRED (local copy), to 2026-02-20"
    line = source_line({"RUT": loaded("local directory"), "DGS10": loaded("demo (synthetic)", demo=True)})
    assert line == ("Source: Russell 2000 (^RUT) via a local copy (origin: indexes/SOURCES.md), to 2026-02-20; 10-year Treasury "
                    "yield (DGS10): DEMO DATA (synthetic), to 2026-02-20. Small-Cap Monitor.")
    assert "/srv" not in line and "file " not in line


def test_offline_fallback_is_one_sentence_per_source():
    error = ("live fetch failed and no cached copy (FRED (https://fred.stlouisfed.org/x): HTTPSConnectionPool"
             "(host='fred.stlouisfed.org'): Max retries exceeded (NameResolutionError)); showing demo data")
    series = FactSeries(loaded={k: loaded("demo (synthetic)", demo=True, note=error) for k in ("DGS10", "DGS2")}
                        | {"RUT": loaded("demo (synthetic)", demo=True, note="live fetch failed and no cached copy "
                                                                        "(Yahoo: HTTP 0 from Yahoo); showing demo data")},
                        errors={})
    assert series.notes() == ["FRED: no network; demo data (synthetic) shown for DGS10, DGS2",
                              "Yahoo Finance: no network; demo data (synthetic) shown for RUT"]


def test_no_negative_zero_and_no_float_noise():
    from components.export import to_safe_csv
    from analytics.format import signed, signed_percent

    assert signed(-0.0001) == "0.00" and signed(-0.004, 2) == "0.00" and signed(-0.006, 2) == "-0.01"
    assert signed_percent(-0.0004) == "0.0%" and signed_percent(0.123) == "+12.3%"
    assert signed_percent(float("nan")) == "n/a"
    assert signed_percent(112.479) == "+11,247.9%" and signed(-3316.6, 1, " pp") == "-3,316.6 pp"
    frame = pd.DataFrame({"change [pp]": [0.08999999999999986, -0.0, 1.1 - 1.0]},
                         index=pd.Index(["a", "b", "c"], name="id"))
    assert to_safe_csv(frame) == "id,change [pp]\na,0.09\nb,0\nc,0.1\n"


def test_the_universe_panels_name_the_folder_never_the_server_path(shared_data, tmp_path):
    """The leverage and universe panels' source lines said "Local directory /work/shared/data/universe"."""
    import datetime as dt

    from app import create_app
    from config import Config, DataSpec
    from state import ViewState
    from tests.panel_draw import rendered

    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path / "cache"))
    data = app.server.extensions["smallcap_panel_data"]
    state = ViewState(start=dt.date(2025, 2, 20), end=dt.date(2026, 2, 20), universe="russell2000_iwm_2026-01-21")
    root = str(shared_data.resolve())
    for panel in ("leverage", "universe"):
        out = rendered(panel, data, state)
        assert out.error is None, out.error
        text = str(out.figure) + out.summary
        # the folder's name and the publishers its universe/SOURCES.md names (it said "(universe/)")
        assert (f"Local directory '{shared_data.resolve().name}' (universe/: iShares, SimFin, Yahoo, as its "
                "SOURCES.md names them)") in text, panel
        assert root not in text and str(shared_data) not in text, panel


def test_a_universe_folder_cites_the_publishers_its_sources_file_names(tmp_path):
    from loaders.universe import named_publishers

    sources = tmp_path / "SOURCES.md"
    sources.write_text("Lists from iShares fund holdings; SimFin statement bulk files; Yahoo Finance closes.\n"
                       "Not a publisher: Yahooish, SimFinder.\n")
    assert named_publishers(sources) == ["iShares", "SimFin", "Yahoo Finance"]  # not "Yahoo" twice
    sources.write_text("Yahoo-derived daily price files.\n")
    assert named_publishers(sources) == ["Yahoo"]
    assert named_publishers(tmp_path / "missing.md") == []
