"""The view a click on a headline fact opens (panels.fact_click), and the hub applying it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from callbacks.facts import fact_index
from callbacks.state_hub import FactTarget, fact_target
from components.ids import Id
from panels.fact_click import fact_view
from tests.test_callbacks_facts import fact


def test_a_record_opens_a_little_before_the_value_it_beats():
    # 2023-10-31 to 2025-01-13 is 440 days; a quarter of it (110 days) before 2023-10-31
    assert fact_view(fact()).start == "2023-07-13"
    assert fact_index(fact()) == "2023-07-13|2025-01-13|rates"
    # a record beaten a week ago still opens a month before it
    assert fact_view(fact(record_since="2025-01-06")).start == "2024-12-06"


def test_a_whole_history_record_opens_the_history_and_no_view_starts_before_it():
    assert fact_view(fact(record_since=None)).start == "1962-01-02"
    assert fact_view(fact(record_since="1962-03-01")).start == "1962-01-02"  # 260 days back is before 1962


def test_a_level_without_a_stated_record_opens_its_last_three_years():
    assert fact_view(fact(record_stated=False, record_since="2025-01-10")).start == "2022-01-13"
    assert fact_view(fact(record_stated=False, start="2024-06-03", history_start="2024-06-03")).start == "2024-06-03"


def test_a_correlation_sets_its_frequency_and_window():
    corr = fact(id="correlation:RUT~DGS10:24m", kind="correlation", series="RUT~DGS10", period="24m",
                start="2023-01-31", end="2025-01-13", record_since="2024-12-31", record_stated=False,
                history_start="1989-08-31", panel="correlation")
    view = fact_view(corr)
    assert (view.start, view.end, view.freq, view.window) == ("2022-01-13", "2025-01-13", "M", 24)
    assert fact_index(corr) == "2022-01-13|2025-01-13|correlation|M24"
    assert fact_target({"type": Id.FACT_ITEM, "index": fact_index(corr)}) == FactTarget(
        dt.date(2022, 1, 13), dt.date(2025, 1, 13), "correlation", "M", 24)
    assert fact_view(fact(kind="correlation", period="63d", panel="correlation")).freq == "D"
    assert fact_view(fact(kind="correlation", period="26w", panel="correlation")).window == 26


def test_other_facts_open_their_own_span():
    ret = fact(id="return:RUT:ytd", kind="return", series="RUT", period="ytd", start="2024-12-31",
               record_since="2008-01-01", history_start="1987-09-10", panel="relative")
    assert fact_index(ret) == "2024-12-31|2025-01-13|relative"


@pytest.mark.parametrize("index", [
    "2024-01-01|2024-02-01|correlation|Q24", "2024-01-01|2024-02-01|correlation|M", "2024-01-01|2024-02-01|correlation|M2",
    "2024-01-01|2024-02-01|correlation|M999", "2024-01-01|2024-02-01|correlation|M24|x", "2024-01-01|2024-02-01|correlation|M２４",
    "2024-01-01|2024-02-01|regimes|last_hikes", "2024-01-01|2024-02-01|regimes|",
])
def test_a_malformed_setting_is_no_target(index):
    assert fact_target({"type": Id.FACT_ITEM, "index": index}) is None


def click(tmp_path, index: str) -> dict:
    """The hub's outputs for a click on the fact item ``index`` over the default view (demo data)."""
    from callbacks.state_hub import StateHub
    from config import Config, DataSpec
    from loaders.cache import LoaderCache, make_cache
    from loaders.source import DataSource
    from panels.data import PanelData
    from panels.view import resolve_view
    from state import ViewState

    config = Config(data=DataSpec("demo"), cache_dir=tmp_path)
    hub = StateHub(PanelData(DataSource(config, LoaderCache(make_cache(config)))))
    current = ViewState()
    prop = json.dumps({"index": index, "type": Id.FACT_ITEM}, separators=(",", ":")) + ".n_clicks"
    return hub.step([(prop, 1)], url="", controls={}, zoom=None, band_click=None, current=current.to_dict(),
                    shown=resolve_view(current, hub.data).to_dict())


def test_clicking_a_correlation_fact_sets_the_frequency_and_window(tmp_path):
    out = click(tmp_path, "2022-01-13|2025-01-13|correlation|W26")
    assert out["url"] == "?start=2022-01-13&end=2025-01-13&freq=W&window=26&asof=2025-01-13"


@pytest.mark.shared_data
def test_the_correlation_panel_shows_the_clicked_facts_figure(shared_data, tmp_path):
    """The 24-month correlation fact as of 2025-01-13 (-0.56) is the last value the correlation
    panel shows after its click (the panel showed the daily 63-day one, -0.15, before)."""
    from app import create_app
    from config import Config, DataSpec
    from panels.contract import render
    from panels.data import PanelData
    from panels.facts import compute_facts
    from panels.registry import REGISTRY
    from panels.view import resolve_view
    from state import ViewState

    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path))
    data = PanelData(app.server.extensions["smallcap_data"])
    sheet = compute_facts(data, "2025-01-13", "RUT", "GSPC").sheet
    for period in ("63d", "26w", "24m"):
        corr = sheet.by_id()[f"correlation:RUT~DGS10:{period}"]
        target = fact_target({"type": Id.FACT_ITEM, "index": fact_index(corr)})
        state = ViewState(start=target.start, end=target.end, asof=target.end, freq=target.freq, window=target.window)
        rendered = render(REGISTRY["correlation"], data, resolve_view(state, data))
        assert rendered.error is None, rendered.error
        assert rendered.result.shown["correlation"].dropna().iloc[-1] == pytest.approx(corr.value, abs=5e-3), period


@pytest.mark.parametrize("status, direction, event", [
    ("cutting", "low", "first_cut"), ("hiking", "high", "first_hike"), ("hold", "high", "last_hike"),
    ("hold", "low", "last_cut"),
])
def test_the_fed_regime_opens_the_event_study_of_its_cycle(status, direction, event):
    regime = fact(id="regime:fed_target", kind="regime", series="fed_target", period="since:2024-12-18",
                  start="2024-12-18", end="2025-01-13", value=26.0, unit="days", record_since=None,
                  direction=direction, panel="regimes", status=status, history_start=None, rank=None,
                  comparables=None, record_stated=False)
    assert fact_index(regime) == f"2024-12-18|2025-01-13|regimes|{event}"
    assert fact_target({"type": Id.FACT_ITEM, "index": fact_index(regime)}).event == event


def test_clicking_the_fed_regime_sets_the_event(tmp_path):
    out = click(tmp_path, "2024-12-18|2025-01-13|regimes|first_cut")
    assert out["url"] == "?start=2024-12-18&end=2025-01-13&asof=2025-01-13&event=first_cut"
