"""On the day of a Fed move the page knows it: the decision is public at 2 p.m., before the close
the day's figures use, although FRED shows the new target from the next day (since 2017).

The claim checker already read "the Fed cut rates on Wednesday" on the announcement day and
linked to the regimes panel as of that day, which then showed the Fed on hold and no 2024 cut.
"""

from __future__ import annotations

import pytest

from app import create_app
from config import Config, DataSpec
from tests.panel_draw import rendered

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def data(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("fomc")))
    return app.server.extensions["smallcap_data"]


def state(asof: str, event: str = "first_cut") -> dict:
    return {"small": "RUT", "large": "GSPC", "event": event, "asof": asof}


def facts(data, asof: str):
    out = rendered("facts", data, state(asof))
    assert out.error is None, out.error
    return out.result.computed.sheet


def test_the_facts_state_the_cut_on_its_announcement_day(data):
    sheet = facts(data, "2024-09-18")
    regime = sheet.by_id()["regime:fed_target"]
    assert regime.text == ("The Fed is cutting: its last move was a 0.50 pp cut on 2024-09-18, today, "
                           "to a 4.75-5.00% target range.")
    # the returns since the cut would start at the 2024-09-18 close itself: skipped, with the reason
    reasons = dict(sheet.skipped)
    assert reasons["return:RUT:since_fed_move"].startswith("no close after the 2024-09-18 Fed cut by 2024-09-18")
    # the day before: on hold since the 2023-07-26 hike (419 days)
    before = facts(data, "2024-09-17").by_id()["regime:fed_target"]
    assert before.status == "hold" and before.start == "2023-07-26" and before.value == 419.0
    # the day after: one day's return since the cut, from the 09-18 close
    after = facts(data, "2024-09-19").by_id()
    assert after["return:RUT:since_fed_move"].start == "2024-09-18"
    assert after["return:RUT:since_fed_move"].end == "2024-09-19"


def test_the_event_study_has_the_cut_on_its_announcement_day(data):
    out = rendered("regimes", data, state("2024-09-18"))
    assert out.error is None, out.error
    assert list(out.result.study.events["label"])[-1] == "2024-09-18"  # a cycle's first cut is final
    last = rendered("regimes", data, state("2024-09-18", "last_cut")).result.study.events["label"]
    assert list(last)[-1] == "2024-09-18 (provisional)"  # the cycle may go on
    before = rendered("regimes", data, state("2024-09-17")).result.study.events["label"]
    assert not any(label.startswith("2024-09-18") for label in before)


def test_a_sunday_emergency_cut_is_known_on_the_sunday(data):
    """2020-03-15 (a Sunday): FRED shows the cut from Monday 03-16."""
    sheet = facts(data, "2020-03-15")
    assert sheet.by_id()["regime:fed_target"].text.startswith(
        "The Fed is cutting: its last move was a 1.00 pp cut on 2020-03-15, today, to a 0.00-0.25% target range")
    # the last close (Friday 03-13) is before the cut: no return since it yet
    assert "its return is measured from the 2020-03-13 close" in dict(sheet.skipped)["return:RUT:since_fed_move"]
