"""One as-of date for the page, and links that reopen the same view (issue: numbers an analyst
can quote, sections 3 and 4), on the real snapshot."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pytest
from dash import no_update

from app import create_app
from callbacks.state_hub import StateHub
from components.ids import PANELS, Id
from config import Config, DataSpec
from state import ViewState
from tests.test_callbacks_state_hub import controls, step

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def hub(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))
    return StateHub(app.server.extensions["smallcap_panel_data"])


def test_facts_follow_a_past_window_and_the_file_names_agree(hub):
    """/?start=2018-09-20&end=2018-12-24&small=IJR&large=SPY showed facts as of 2026-07-13."""
    query = "?start=2018-09-20&end=2018-12-24&small=IJR&large=SPY"
    out = step(hub, [("url.search", query)], url=query, current=None)
    facts = out["views"][PANELS.index("facts")]
    assert facts == {"small": "IJR", "large": "SPY", "asof": "2018-12-24"}
    assert out["views"][PANELS.index("regimes")]["asof"] == "2018-12-24"
    assert out["controls"]["asof"] == "2018-12-24"
    assert out["asof_mode"] == "follows the window's end" and out["follow_style"] == {"display": "none"}
    assert out["header_asof"] == "as of 2018-12-24"


def test_header_states_the_panels_date_and_the_series_that_end_earlier(hub):
    """The default view's header said 2026-07-20 (T10Y2Y, shown by no panel); the Russell 2000
    ends 2026-02-20."""
    out = step(hub, [("url.search", "")], current=None)
    text = out["header_asof"]
    assert text.startswith("as of 2026-02-20. Ending earlier: ")
    assert "Nasdaq Composite (IXIC) on 2025-12-31" in text and "2026-07-20" not in text
    assert "DFEDTAR" not in text  # discontinued by design, not "ending earlier"


def test_header_names_only_the_series_the_page_reads(hub):
    """IWM / SPY (as of 2026-07-13) listed 17 series ending earlier, among them the four Ken
    French portfolios, the Russell 2000 and the VIX, which no panel of that view reads. Those are
    counted now; an overlay's series is named once it is on the page."""
    query = "?small=IWM&large=SPY"
    text = step(hub, [("url.search", query)], url=query, current=None)["header_asof"]
    assert text.startswith("as of 2026-07-13. Ending earlier: ")
    named, _, rest = text.partition(": their lines stop there")
    for shown in ("IXIC", "BAMLH0A0HYM2", "BAMLC0A0CM", "BAA10Y", "USREC", "DFEDTARU", "DFEDTARL"):
        assert f"({shown}) on 20" in named, shown  # facts, spreads, rates and shading read these
    for other in ("FF_LO10", "FF_HI30", "(RUT)", "(GSPC)", "VIXCLS", "AAA10Y", "NASDAQCOM", "SP500"):
        assert other not in named, other
    # the facts date a reading within the limit and skip an older one (it said "skipped" of both)
    assert rest.startswith("; facts that need them use the last reading and date it, or are skipped when it is "
                           "too old (over 14 days for a daily series, 45 for a monthly one)"), rest
    counted = re.search(r"\. (\d+) other series of this source, not on this page, ends? earlier", rest)
    assert counted and int(counted.group(1)) >= 8, rest
    overlaid = "?small=IWM&large=SPY&overlay=VIXCLS"
    text = step(hub, [("url.search", overlaid)], url=overlaid, current=None)["header_asof"]
    assert "(VIXCLS) on 2026-06-04" in text.partition(": their lines stop there")[0]
    assert f"{int(counted.group(1)) - 1} other series" in text


def test_a_pinned_as_of_date_shows_as_pinned_and_one_click_follows_again(hub):
    pinned = step(hub, [(f"{Id.ASOF}.date", "2024-09-18")], current=ViewState(),
                  control_values=controls(asof="2024-09-18"))
    assert pinned["state"]["asof"] == "2024-09-18" and pinned["asof_mode"] == "pinned"
    assert pinned["follow_style"] == {"display": "inline"}
    follow = step(hub, [(f"{Id.ASOF_FOLLOW}.n_clicks", 1)], current=ViewState.from_dict(pinned["state"]))
    assert follow["state"]["asof"] is None and follow["asof_mode"] == "follows the window's end"
    assert follow["controls"]["asof"] == "2026-02-20"


def test_changing_the_pair_keeps_the_window(hub):
    """IWM/GSPC moved the default window to end 2026-04-29, IWM/SPY to 2026-07-13."""
    current = ViewState()
    for small, large in (("IWM", "GSPC"), ("IWM", "SPY")):
        values = controls(small=small, large=large)
        fired = [(f"{Id.SMALL}.value", small)] + ([(f"{Id.LARGE}.value", large)] if large != "GSPC" else [])
        out = step(hub, fired, current=current, control_values=values)
        assert (out["state"]["start"], out["state"]["end"]) == ("2023-02-20", "2026-02-20")
        assert out["controls"]["start"] is no_update and out["controls"]["end"] is no_update
        current = ViewState.from_dict(out["state"])


def test_copy_link_is_pinned_and_the_latest_link_floats(hub):
    out = step(hub, [("url.search", "?small=IWM")], url="?small=IWM", current=None)
    pinned = dict(parse_qsl(out["links"]["pinned"].lstrip("?")))
    # (and the series the view reads that end before 2026-04-29, where they end: the link's data)
    assert pinned == {"small": "IWM", "start": "2023-04-29", "end": "2026-04-29", "asof": "2026-04-29",
                      "known": "BAMLC0A0CM:2025-12-30,BAMLH0A0HYM2:2026-03-26,IXIC:2025-12-31,USREC:2026-03-01"}
    assert out["links"]["latest"] == "?small=IWM"
    again = step(hub, [("url.search", out["links"]["pinned"])], url=out["links"]["pinned"], current=None)
    # the same view (every panel's store now carries the link's data); the as-of date shows as pinned
    assert [{k: v for k, v in view.items() if k != "known"} for view in again["views"]] == out["views"]
    assert again["asof_mode"] == "pinned" and again["links"]["pinned"] == out["links"]["pinned"]


def test_switching_frequency_converts_the_correlation_window(hub):
    from state import convert_window

    assert convert_window(63, "D", "W") == (13, "Correlation window: 63 days is about 13 weeks (the same span).")
    # 3 months is below the minimum of 5 periods: the monthly window of the facts, 24 months (it
    # was 5 months, a correlation of five points, on every monthly pair by default)
    assert convert_window(13, "W", "M") == (24, "Correlation window: 13 weeks is about 3 months, under the minimum "
                                                "of 5 periods: using 24 months, the window for monthly changes "
                                                "(a different span).")
    assert convert_window(520, "W", "D")[0] == 520  # 2,600 days, over the maximum: the maximum
    from analytics.facts_rates import CORRELATION_WINDOWS
    from state import FREQ_WINDOWS
    assert {freq: n for freq, n, *_ in CORRELATION_WINDOWS} == FREQ_WINDOWS
    assert convert_window(13, "W", "D") == (65, "Correlation window: 13 weeks is about 65 days (the same span).")
    out = step(hub, [(f"{Id.FREQ}.value", "W")], current=ViewState(), control_values=controls(freq="W"))
    assert out["state"]["window"] == 13 and out["controls"]["window"] == 13
    assert "63 days is about 13 weeks" in str(out["notice"])


def test_the_1990_2025_relative_title_states_the_ratio_change_not_a_difference(shared_data, tmp_path):
    from tests.panel_draw import rendered

    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path))
    out = rendered("relative", app.server.extensions["smallcap_panel_data"],
                   ViewState.from_dict({"start": "1990-01-01", "end": "2025-12-31"}))
    ratio = out.result.frame["ratio"]
    change = ratio.iloc[-1] / ratio.iloc[0] - 1
    assert -0.30 < change < -0.15  # the ratio panel falls from 1.00 to about 0.77
    title = out.figure["layout"]["title"]["text"]
    assert title.endswith(f"relative return {100 * change:+.1f}%") and "-442" not in title
    gap = out.result.frame["return_gap"].iloc[-1]
    assert gap < -4  # more than 400 percentage points
    assert f"return gap {100 * gap:+.1f} pp" in out.summary
    assert out.summary.index("relative return") < out.summary.index("return gap")
