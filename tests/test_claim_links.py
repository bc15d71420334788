"""A claim's "open the view" link shows the figure checked: a drawdown's window runs from the peak
to the day (the page's change over it is the drawdown), a rise from a low from the low, and a view
without a window of its own (the event study) ends on the claim's date, not at the data's end."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.shared_data


def test_a_drawdown_opens_from_the_peak_to_the_day(claims_run):
    # the S&P 500 closed at 2,930.75 on 2018-09-20 and 2,351.10 on 2018-12-24: -19.8%. The link
    # opened 2018-06-20 to 2018-12-24, whose change the page states as -15.0%
    claim, = claims_run("The S&P 500 bottomed 19.8% below its September peak.", "2018-12-24")
    assert claim["verdict"] == "consistent"
    assert claim["link"] == "/?start=2018-09-20&end=2018-12-24&asof=2018-12-24#panel-relative"


def test_a_rise_from_a_low_opens_from_the_low(claims_run):
    claim, = claims_run("The Russell 2000 has rebounded more than 5% since its Aug. 7 low.", "2024-08-16")
    assert claim["link"].startswith("/?start=2024-08-07&end=2024-08-16&asof=2024-08-16")


def test_an_event_study_view_ends_on_the_claims_date(claims_run):
    # it opened "/?asof=2024-07-31#panel-regimes": the latest three years of data (to 2026), a
    # year and a half after the publication date, under "as of 2024-07-31"
    claim, = claims_run("Small caps have outperformed in the 12 months after the Fed's last hike.", "2024-07-31")
    assert claim["link"] == "/?start=2021-08-01&end=2024-07-31&asof=2024-07-31#panel-regimes"
