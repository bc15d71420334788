"""A pinned link shows the data as it was when it was made: the series its view read that ended
before its end are cut there (``known=KEY:date,...``), so a later snapshot that fills them in does
not change what the link shows (a share-link audit: the as-of-2026-07-13 links gained two Fed
facts, the spreads' last readings and the event study's spread path on a newer snapshot, unsaid).
Tiny synthetic folders in the snapshot's layout, no real data."""

from __future__ import annotations

import pandas as pd

from app import create_app
from components.ids import Id
from config import Config, DataSpec
from panels.data import PanelData, cut_at_known
from loaders.base import Loaded, Provenance
from state import known_dates, parse_known, parse_query
from tests.test_local_malformed import hub_and_panels as outputs, write_snapshot


def client_on(root, cache):
    return create_app(Config(data=DataSpec.parse(str(root)), cache_dir=cache)).server.test_client()


def test_a_pinned_link_opened_on_a_later_snapshot_shows_what_it_showed(tmp_path):
    v1 = write_snapshot(tmp_path / "v1")
    v2 = write_snapshot(tmp_path / "v2")  # (the same seeded files)
    hy = v1 / "fred" / "BAMLH0A0HYM2.csv"
    lines = hy.read_text().splitlines()
    hy.write_text("\n".join(lines[:-22]) + "\n")  # v1: the spread's last 22 days not yet published
    last_v1 = lines[-23].split(",")[0]
    hub1, panels1 = outputs(client_on(v1, tmp_path / "c1"), "")
    pinned = hub1[Id.LINKS]["data"]["pinned"]
    state, notices = parse_query(pinned)
    assert notices == [] and known_dates(state.known)["BAMLH0A0HYM2"].isoformat() == last_v1
    summary = lambda out: out["spreads"]["spreads-summary"]["children"]  # noqa: E731
    hub2, panels2 = outputs(client_on(v2, tmp_path / "c2"), pinned)
    notice = str(hub2[Id.NOTICES]["children"])
    assert f"(BAMLH0A0HYM2) to {last_v1} (the data now runs to 2024-12-31)" in notice  # and the page says so
    assert "known" not in hub2[Id.LINKS]["data"]["latest"]  # the link to the latest data holds nothing back
    assert summary(panels2) == summary(panels1)  # the link's data: the spread to its last reading then
    facts = lambda out: {k: v for k, v in out["facts-list-context"]["facts-summary-context"]["data"].items()  # noqa: E731
                         if k in ("n", "skipped", "top")}
    assert facts(panels2) == facts(panels1)
    _, unpinned = outputs(client_on(v2, tmp_path / "c3"), pinned.split("&known=")[0])
    assert summary(unpinned) != summary(panels1)  # without it, the newer readings show (the drift)
    assert facts(unpinned) != facts(panels1)


def test_known_is_parsed_checked_and_written_in_order():
    assert parse_known("dgs10:2026-01-02,BAMLH0A0HYM2:2026-03-26") == (
        "BAMLH0A0HYM2:2026-03-26,DGS10:2026-01-02", [])
    kept, problems = parse_known("DGS10:2026-13-01,NOPE:2026-01-02,DGS10:2026-01-02,DGS10:2026-01-03",
                                 keys={"DGS10"})
    assert kept == "DGS10:2026-01-02" and len(problems) == 3
    assert parse_query("known=%3Cscript%3E")[0].known is None
    assert parse_query("known=")[1] == ["Ignored known '': no series."]  # (every ignored part is said)


def test_a_series_is_cut_at_its_known_date():
    index = pd.bdate_range("2026-01-01", "2026-01-09")
    loaded = Loaded(pd.Series(range(7), index=index, dtype=float),
                    Provenance("x", None, pd.Timestamp("2026-01-10"), index[0], index[-1]))
    cut = cut_at_known(loaded, pd.Timestamp("2026-01-06").date())
    assert list(cut.data) == [0.0, 1.0, 2.0, 3.0] and cut.provenance.last == pd.Timestamp("2026-01-06")
    assert cut_at_known(loaded, None) is loaded and cut_at_known(loaded, pd.Timestamp("2026-02-01").date()) is loaded
    assert cut_at_known(loaded, pd.Timestamp("1900-01-01").date()) is loaded  # (a forged date: no link had it)


def test_a_cut_copy_has_a_data_version_of_its_own():
    """Its computations are cached apart from the whole data's (the memo keys read the version)."""
    class Source:
        def version(self):
            return "v1"

    assert PanelData(Source()).for_request().version() == "v1"
    assert PanelData(Source()).for_request("X:2026-01-06").version() == "v1|known=X:2026-01-06"
    # a page store may hold anything a client sends: parsed again, the bad parts dropped
    assert PanelData(Source()).for_request("<b>,X:2026-13-01,x:2026-01-06").known == "X:2026-01-06"
    assert PanelData(Source()).for_request(["X:2026-01-06"]).known is None
