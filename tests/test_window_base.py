"""A window's change is measured from one close on every panel: the window's base, the last
observation on or before its start (analytics.series.window_with_base).

Found by a walkthrough: on /?start=2022-01-01&end=2022-10-12 the relative chart said "Russell 2000
-25.7%, S&P 500 -25.4%: relative return -0.4%" (rebased at 2022-01-03, the first close inside the
window) while the facts card said the Russell 2000 was ahead by 0.1 pp this year (-24.8% against
-24.9%, from the 2021-12-31 close) and the spreads measured from 2021-12-31 too: small caps lagged
and led on one page. The spreads' CSV began inside the window, so "+2.21 pp over the window" could
not be rebuilt from it.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analytics.relative import to_relative_frame
from analytics.series import window_with_base
from analytics.transforms import to_transform_frame

DAYS = pd.to_datetime(["2021-12-30", "2021-12-31", "2022-01-03", "2022-01-04", "2022-01-05"])
SMALL = pd.Series([99.0, 100.0, 102.0, 101.0, 103.0], index=DAYS, name="RUT")
LARGE = pd.Series([199.0, 200.0, 201.0, 202.0, 204.0], index=DAYS, name="GSPC")


def test_the_base_is_the_last_observation_on_or_before_the_start():
    assert window_with_base(DAYS, "2022-01-01", "2022-01-05") == slice(1, 5)  # a Saturday: Friday's
    assert window_with_base(DAYS, "2022-01-03", "2022-01-04") == slice(2, 4)  # a close on the start: itself
    assert window_with_base(DAYS, "2021-01-01", "2021-12-30") == slice(0, 1)  # before the data: its first


def test_the_relative_frame_and_its_transforms_run_from_the_base():
    frame = to_relative_frame(SMALL, LARGE, start=pd.Timestamp("2022-01-01"), end=pd.Timestamp("2022-01-05"))
    assert frame.index[0] == pd.Timestamp("2021-12-31") and frame["small_rebased"].iloc[0] == 100.0
    # 103 / 100 and 204 / 200: relative return 1.03 / 1.02 - 1, gap 1 pp
    assert frame["relative_return"].iloc[-1] == pytest.approx(1.03 / 1.02 - 1)
    assert frame["return_gap"].iloc[-1] == pytest.approx(0.01)
    change = to_transform_frame(SMALL, LARGE, "change", start=pd.Timestamp("2022-01-01"), end=pd.Timestamp("2022-01-05"))
    assert change.index[0] == pd.Timestamp("2021-12-31")
    assert change["small"].iloc[-1] == pytest.approx(0.03) and change["relative"].iloc[-1] == pytest.approx(1.03 / 1.02 - 1)


@pytest.mark.shared_data
def test_one_page_one_answer_for_2022_to_the_october_low(shared_data, tmp_path):
    from app import create_app
    from config import Config, DataSpec
    from state import parse_query
    from tests.panel_draw import rendered

    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path / "c"))
    data = app.server.extensions["smallcap_panel_data"]
    state, _ = parse_query("start=2022-01-01&end=2022-10-12")
    relative = rendered("relative", data, state)
    rut = pd.read_csv(shared_data / "indexes" / "RUT.csv", index_col=0, parse_dates=True)["close"]
    spx = pd.read_csv(shared_data / "indexes" / "GSPC.csv", index_col=0, parse_dates=True)["close"]
    small, large = rut["2022-10-12"] / rut["2021-12-31"] - 1, spx["2022-10-12"] / spx["2021-12-31"] - 1
    assert round(100 * small, 1) == -24.8 and round(100 * large, 1) == -24.9  # the facts' "this year"
    assert relative.summary.startswith(f"Russell 2000 {100 * small:+.1f}%, S&P 500 {100 * large:+.1f}%: relative "
                                       f"return {100 * ((1 + small) / (1 + large) - 1):+.1f}%")
    assert relative.summary.endswith("(2021-12-31 to 2022-10-12). Both are price returns (index levels, without "
                                     "dividends).")
    facts = rendered("facts", data, parse_query("start=2022-01-01&end=2022-10-12&asof=2022-10-12")[0])
    assert "The Russell 2000 is ahead of the S&P 500 by 0.1 percentage points this year" in str(facts.table["text"].tolist())
    # the spreads' CSV begins with the base reading: its change is the summary's
    client = app.server.test_client()
    csv = pd.read_csv(io.StringIO(client.get("/export/spreads.csv?start=2022-01-01&end=2022-10-12").get_data(as_text=True)),
                      index_col=0)
    hy = csv.filter(like="HY OAS").iloc[:, 0].dropna()
    assert hy.index[0] == "2021-12-31"
    spreads = rendered("spreads", data, state)
    assert f"HY OAS {hy.iloc[-1]:.2f}% ({hy.iloc[-1] - hy.iloc[0]:+.2f} pp over the window" in spreads.summary
    assert spreads.summary.startswith("From 2021-12-31 to 2022-10-12: ")  # the base, as the rates say
    # the charts' titles date the same base (they named 2022-01-01, a day without a reading)
    assert spreads.figure["layout"]["title"]["text"].startswith("Credit spreads, 2021-12-31 to 2022-10-12")
    rates = rendered("rates", data, state)
    assert rates.figure["layout"]["title"]["text"] == "Yields and fed funds target, 2021-12-31 to 2022-10-12"
    assert relative.figure["layout"]["title"]["text"].startswith(
        "Russell 2000 vs S&P 500, 2021-12-31 to 2022-10-12")
