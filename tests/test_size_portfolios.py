"""Ken French size portfolios as pair choices (FF_LO10, FF_LO30 / FF_HI10, FF_HI30): total-return
levels compounded from the value-weighted monthly returns, on ../shared/data and demo data."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from app import create_app
from components.layout import pair_keys
from config import Config, DataSpec
from loaders.base import LoaderError
from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS, label
from loaders.famafrench import size_portfolio_levels
from state import parse_query
from tests.panel_draw import rendered

KEYS = {"FF_LO10": "Lo 10", "FF_LO30": "Lo 30", "FF_HI10": "Hi 10", "FF_HI30": "Hi 30"}


def csv_returns(path, column: str) -> dict[str, float]:
    """``YYYYMM -> percent`` of the file's first table (value-weighted, monthly), read by hand."""
    out, header = {}, None
    with open(path, newline="") as handle:
        for row in csv.reader(handle):
            if header is None:
                if row and row[0] == "" and "Lo 10" in [c.strip() for c in row]:
                    header = [c.strip() for c in row]
                continue
            if not row or not row[0].strip().isdigit() or len(row[0].strip()) != 6:
                break  # the end of the first table
            out[row[0].strip()] = float(row[header.index(column)])
    return out


@pytest.fixture(scope="module")
def shared(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("ff")))
    return app.server.extensions["smallcap_panel_data"]


def test_catalog_offers_them_as_portfolios_on_the_right_side():
    assert {"FF_LO10", "FF_LO30"} <= set(SMALL_CAP_KEYS) and {"FF_HI10", "FF_HI30"} <= set(LARGE_CAP_KEYS)
    assert label("FF_LO10") == "Ken French bottom-decile size portfolio (total return)"
    assert all("portfolio (total return)" in label(k) for k in KEYS)
    state, notices = parse_query("small=FF_LO30&large=FF_HI30")  # keys with "_" parse without a source
    assert (state.small, state.large, notices) == ("FF_LO30", "FF_HI30", [])


@pytest.mark.parametrize("key", sorted(KEYS))
def test_level_is_the_hand_compounded_product_of_the_csv_returns(shared, shared_data, key):
    returns = csv_returns(shared_data / "famafrench" / "Portfolios_Formed_on_ME.CSV", KEYS[key])
    loaded = shared.for_request().series(key)
    levels = loaded.data
    assert levels.index[0] == pd.Timestamp("1926-06-30") and levels.iloc[0] == 100.0
    level = 100.0
    for month in sorted(returns):
        level *= 1 + returns[month] / 100
        if month in ("192607", "192712", "196912", "200812"):
            day = pd.Period(f"{month[:4]}-{month[4:]}", "M").to_timestamp(how="end").normalize()
            assert levels.loc[day] == pytest.approx(level, rel=1e-12), month
    assert levels.iloc[-1] == pytest.approx(level, rel=1e-9)
    assert len(levels) == len(returns) + 1
    p = loaded.provenance
    assert p.first == levels.index[0] and p.last == levels.index[-1]
    assert "Kenneth R. French Data Library" in p.note


def test_pair_dropdowns_offer_them_on_shared_and_demo_data(shared, tmp_path):
    small, large = pair_keys(shared.for_request().available_series())
    assert {"FF_LO10", "FF_LO30"} <= set(small) and {"FF_HI10", "FF_HI30"} <= set(large)
    demo = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path)).server.extensions["smallcap_panel_data"]
    levels = demo.for_request().series("FF_HI30")
    assert levels.provenance.demo and levels.data.iloc[0] == 100.0 and (levels.data > 0).all()


def test_the_century_relative_chart_renders_within_the_point_limit(shared):
    state, notices = parse_query("small=FF_LO10&large=FF_HI10&start=1927-01-01&end=2025-12-31&scale=log")
    assert notices == []
    out = rendered("relative", shared, state, max_points=500)
    figure = out.figure
    # from the window's base, the last month end on or before its start (the return over 1927-2025
    # includes January 1927's, as a year's return includes its first month)
    assert figure["data"][0]["x"][0] == "1926-12-31" and figure["data"][0]["x"][-1] == "2025-12-31"
    assert len(figure["data"][0]["x"]) <= 500
    assert figure["layout"]["yaxis"]["type"] == "log"
    # the source line wraps this long item at spaces (components/figures/shading.wrap_source_line)
    source = figure["layout"]["annotations"][-1]["text"].replace("<br>", " ")
    assert "(Portfolios_Formed_on_ME: Lo 10) via the Kenneth R. French Data Library (local copy)" in source
    assert "Ken French bottom-decile size portfolio (total return)" in out.summary
    small = shared.for_request().series("FF_LO10").data
    large = shared.for_request().series("FF_HI10").data
    expected = (small["2025-12-31"] / small["1926-12-31"]) / (large["2025-12-31"] / large["1926-12-31"]) - 1
    assert out.table.iloc[-1]["relative return [%]"] == pytest.approx(100 * expected)


def test_a_gap_in_the_returns_is_an_error_for_people():
    index = pd.DatetimeIndex(["2000-01-31", "2000-02-29", "2000-03-31"])
    table = pd.DataFrame({"Lo 10": [0.01, math.nan, 0.02]}, index=index)
    table.attrs["title"] = "T"
    with pytest.raises(LoaderError, match="missing month"):
        size_portfolio_levels({0: table}, "Lo 10", name="x", table_title="T")
    with pytest.raises(LoaderError, match="no column"):
        size_portfolio_levels({0: table}, "Hi 10", name="x", table_title="T")
