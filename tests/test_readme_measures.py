"""The README's worked example of the two measures is what the relative panel says on the snapshot
(it said +1,360% / +1,803% / -443 pp, from the 1990-01-02 close; the window's base is the
1989-12-29 close), and the figures recomputed here with pandas from the CSV files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import create_app
from config import Config, DataSpec
from state import ViewState
from tests.claims_snapshot import read_csv
from tests.panel_draw import draw

pytestmark = pytest.mark.shared_data


def test_the_readme_measures_example_is_what_the_relative_panel_says(shared_data, tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rut, gspc = (read_csv(str(shared_data), k).loc[:"2025-12-31"] for k in ("RUT", "GSPC"))
    small, large = (s.iloc[-1] / s.loc[:"1989-12-31"].iloc[-1] - 1 for s in (rut, gspc))
    relative, gap = (1 + small) / (1 + large) - 1, (small - large) * 100
    flat = " ".join(readme.split())
    assert (f"the Russell 2000 (+{small:,.1%}) against the S&P 500 (+{large:,.1%}) is a relative return of "
            f"{relative * 100:.1f}%.") in flat
    assert f"in percentage points (pp): {gap:.1f} pp over the same dates" in flat
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path))
    _, summary = draw("relative", app.server.extensions["smallcap_data"],
                      ViewState(start=dt.date(1990, 1, 1), end=dt.date(2025, 12, 31)))
    assert (f"Russell 2000 +{small:,.1%}, S&P 500 +{large:,.1%}: relative return {relative * 100:.1f}% (the ratio's "
            f"change), return gap {gap:.1f} pp (1989-12-29 to 2025-12-31)") in summary
