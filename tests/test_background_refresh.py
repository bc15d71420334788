"""The live-universe fetch callbacks as plain functions: progress, cancel, lock, messages, layout.

:class:`SlowFetchers` is also used by the diskcache, Celery and browser tests: it can wait at a
gate file (so a test sees a progress update before the job goes on), record its process id
and ignore cancel flags (so only a kill can stop it).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import diskcache
import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from flask import Flask

from server.jobs import DiskcacheJobStore, FetchJobs, job_key
from callbacks.universe_refresh import (
    CANCELLED_TEXT,
    FetchProgress,
    fetch_start,
    fetch_target,
    make_cancel_fetch,
    make_describe_target,
    make_fetch_universe,
    unavailable_reason,
)
from components.ids import Id
from components.panels import build_panels
from components.refresh import refresh_controls
from loaders.base import LoaderError, Provenance, utcnow
from loaders.cache import LoaderCache, make_cache
from loaders.sec import FetchCancelled
from loaders.universe import UniverseData, UniverseFetchers
from state import ViewState

TICKERS = ("AAA", "BBB", "CCC")
STATEMENTS = pd.DataFrame({
    "ticker": list(TICKERS), "fiscal_year": [2019] * 3, "fiscal_period": ["Q4"] * 3,
    "period_end": pd.to_datetime(["2019-12-31"] * 3), "publish_date": pd.to_datetime(["2020-03-01"] * 3),
    "total_debt": [50.0, 200.0, 10.0], "total_liabilities": [120.0, 300.0, 40.0],
    "total_equity": [100.0, 100.0, 80.0], "net_income": [10.0, -5.0, 3.0], "statement": ["annual"] * 3,
})


class SlowFetchers:
    """Fake iShares/SEC/Yahoo fetchers with ``sec_steps`` SEC requests and one Yahoo batch per ticker.

    Args:
        sec_steps: SEC "requests" (one progress call each).
        gate: After the first SEC request, wait until this file exists.
        pid_file: Write the job's process id here when the SEC stage starts.
        ignore_cancel: After the first SEC request, block without looking at ``should_cancel``
            (only killing the process stops it).
        on_sec_step: ``on_sec_step(i)`` after SEC request ``i`` (1-based); tests press Cancel here.
        on_yahoo_batch: ``on_yahoo_batch(i)`` after Yahoo batch ``i``.
        sec_error: Raise this from the SEC stage.
    """

    def __init__(self, *, sec_steps: int = 4, gate: Path | None = None, pid_file: Path | None = None,
                 ignore_cancel: bool = False, on_sec_step=None, on_yahoo_batch=None,
                 sec_error: Exception | None = None):
        self.sec_steps, self.gate, self.pid_file = sec_steps, gate, pid_file
        self.ignore_cancel, self.on_sec_step, self.on_yahoo_batch = ignore_cancel, on_sec_step, on_yahoo_batch
        self.sec_error = sec_error
        self.calls: list[tuple] = []

    def bundle(self) -> UniverseFetchers:
        return UniverseFetchers(ishares=self.ishares, sec=self.sec, yahoo=self.yahoo)

    def ishares(self, fund):
        self.calls.append(("ishares", fund))
        members = pd.DataFrame({"ticker": list(TICKERS), "name": ["A Co", "B Co", "C Co"],
                                "sector": ["x", "y", "z"], "weight": [50.0, 30.0, 20.0]})
        return members, Provenance("iShares", f"fake://{fund}", utcnow(), None, None)

    def sec(self, start, end, progress, should_cancel):
        self.calls.append(("sec", f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"))
        if self.pid_file is not None:
            self.pid_file.write_text(str(os.getpid()))
        if self.sec_error is not None:
            raise self.sec_error
        for step in range(1, self.sec_steps + 1):
            if should_cancel is not None and should_cancel():
                raise FetchCancelled("SEC EDGAR", f"cancelled after {step - 1} of {self.sec_steps} requests")
            progress(step, self.sec_steps)
            if self.on_sec_step is not None:
                self.on_sec_step(step)
            if step == 1:
                self._hold()
        return STATEMENTS.copy(), {"ShortTermBorrowings CY2020Q2I": "HTTP 404: no data"}

    def _hold(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.ignore_cancel:
                time.sleep(0.05)
                continue
            if self.gate is None or self.gate.exists():
                return
            time.sleep(0.02)

    def yahoo(self, tickers, start, end, progress, should_cancel):
        self.calls.append(("yahoo", tuple(tickers), start, end))
        frames, failures = [], {}
        for i, ticker in enumerate(tickers):
            if should_cancel is not None and should_cancel():
                failures.update(dict.fromkeys(tickers[i:], "cancelled"))
                break
            frames.append(pd.DataFrame({"date": pd.to_datetime(["2020-06-30", "2020-09-30"]),
                                        "ticker": ticker, "adj_close": [10.0 + i, 11.0 + i]}))
            progress(i + 1, len(tickers))
            if self.on_yahoo_batch is not None:
                self.on_yahoo_batch(i + 1)
        prices = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["date", "ticker", "adj_close"])
        return prices, failures


@pytest.fixture
def jobs(tmp_path) -> FetchJobs:
    return FetchJobs(DiskcacheJobStore(diskcache.Cache(str(tmp_path / "jobs"))))


@pytest.fixture
def live(make_config):
    """``live(fetchers, kind="live")`` -> a UniverseData on a fresh cache, and a reader on the same cache."""

    def build(fetchers: SlowFetchers, kind: str = "live"):
        config = make_config(kind)
        universe = UniverseData(config, LoaderCache(make_cache(config, Flask("job"))), fetchers=fetchers.bundle())
        reader = UniverseData(config, LoaderCache(make_cache(config, Flask("reader"))), fetchers=fetchers.bundle())
        return universe, reader

    return build


def text_of(alert) -> str:
    return alert.children


STATE = ViewState(start=dt.date(2020, 6, 30), end=dt.date(2020, 9, 30)).to_dict()
FINISHED = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def body(universe, jobs):
    return make_fetch_universe(universe, jobs, today=lambda: dt.date(2025, 1, 2), now=lambda: FINISHED)


class TestFetch:
    def test_progress_updates_then_the_report(self, live, jobs):
        fake = SlowFetchers(sec_steps=4)
        universe, reader = live(fake)
        updates = []
        status, result = body(universe, jobs)(updates.append, 1, "ishares:IWM", STATE, "page-1")
        assert updates == [
            (0, "", "Fetching the members of ishares:IWM..."),
            (12, "12%", "Step 1 of 2, SEC EDGAR: 1 of 4 requests"),
            (25, "25%", "Step 1 of 2, SEC EDGAR: 2 of 4 requests"),
            (37, "37%", "Step 1 of 2, SEC EDGAR: 3 of 4 requests"),
            (50, "50%", "Step 1 of 2, SEC EDGAR: 4 of 4 requests"),
            (66, "66%", "Step 2 of 2, Yahoo Finance: 1 of 3 tickers"),
            (83, "83%", "Step 2 of 2, Yahoo Finance: 2 of 3 tickers"),
            (100, "100%", "Step 2 of 2, Yahoo Finance: 3 of 3 tickers"),
        ]
        assert status.color == "success"
        assert text_of(status) == (
            "Fetched ishares:IWM: 3 members, 3 statement rows from SEC EDGAR, prices for 3 of 3 members "
            "from Yahoo Finance. 1 items failed or had no data (e.g. ShortTermBorrowings CY2020Q2I: "
            "HTTP 404: no data). The leverage panel now ranks with the new data.")
        assert result == {"universe": "ishares:IWM", "tickers": 3, "statements": 3, "priced": 3, "failures": 1,
                          "cancelled": False, "finished": "2025-01-02T03:04:05+00:00"}
        # statements from 15 months before the window start; prices from 10 days before it
        assert ("sec", "2019-03-30", "2025-01-02") in fake.calls
        assert ("yahoo", TICKERS, "2020-06-20", "2025-01-03") in fake.calls
        # another worker sees the stored data; the lock is free again
        assert sorted(reader.price_history().tickers) == list(TICKERS)
        assert reader.fundamentals().provenance.source == "SEC EDGAR"
        assert jobs.holder() is None

    def test_one_update_per_percent(self):
        updates = []
        progress = FetchProgress(updates.append)
        for done in range(1, 1001):
            progress("SEC EDGAR", done, 1000)
        assert [u[0] for u in updates] == list(range(0, 51))
        assert updates[-1] == (50, "50%", "Step 1 of 2, SEC EDGAR: 1,000 of 1,000 requests")

    def test_no_click_no_job(self, live, jobs):
        fake = SlowFetchers()
        universe, _ = live(fake)
        with pytest.raises(PreventUpdate):
            body(universe, jobs)(lambda _: None, 0, None, STATE, "page-1")
        assert fake.calls == []


class TestCancel:
    def test_cancel_during_sec_stores_nothing(self, live, jobs):
        cancel = make_cancel_fetch(jobs)
        said = []
        fake = SlowFetchers(sec_steps=6, on_sec_step=lambda i: i == 2 and said.append(cancel(1, 1, "page-1")))
        universe, reader = live(fake)
        updates = []
        status, result = body(universe, jobs)(updates.append, 1, "ishares:IWM", STATE, "page-1")
        assert updates[-1] == (16, "16%", "Step 1 of 2, SEC EDGAR: 2 of 6 requests")  # stopped at the next request
        assert text_of(status) == "Cancelled ishares:IWM during SEC EDGAR: nothing was stored."
        assert result["cancelled"] and result["statements"] == 0
        assert text_of(said[0]) == CANCELLED_TEXT
        with pytest.raises(LoaderError, match="no live universe statements fetched yet"):
            reader.fundamentals()
        assert not any(call[0] == "yahoo" for call in fake.calls)
        assert jobs.holder() is None

    def test_cancel_during_yahoo_keeps_statements_and_finished_downloads(self, live, jobs):
        cancel = make_cancel_fetch(jobs)
        fake = SlowFetchers(on_yahoo_batch=lambda i: i == 1 and cancel(1, 1, "page-1"))
        universe, reader = live(fake)
        status, result = body(universe, jobs)(lambda _: None, 1, "ishares:IWM", STATE, "page-1")
        assert text_of(status).startswith("Cancelled ishares:IWM during Yahoo Finance: 3 statement rows stored, "
                                          "prices for 1 of 3 members (finished downloads only).")
        assert result["priced"] == 1 and result["cancelled"]
        assert list(reader.price_history().tickers) == ["AAA"]
        assert len(reader.fundamentals().data) == 3

    def test_a_cancel_flag_belongs_to_one_run(self, live, jobs):
        make_cancel_fetch(jobs)(1, 1, "page-1")  # run 1 was cancelled (and killed before it saw the flag)
        universe, _ = live(SlowFetchers())
        status, _ = body(universe, jobs)(lambda _: None, 2, "ishares:IWM", STATE, "page-1")
        assert text_of(status).startswith("Fetched ishares:IWM")
        assert jobs.cancel_requested(job_key("page-1", 1)) and not jobs.cancel_requested(job_key("page-1", 2))

    def test_cancel_frees_the_lock_of_a_killed_job(self, jobs):
        assert jobs.acquire("page-1", "ishares:IWM")
        make_cancel_fetch(jobs)(1, 1, "page-1")
        assert jobs.holder() is None

    def test_no_cancel_click(self, jobs):
        with pytest.raises(PreventUpdate):
            make_cancel_fetch(jobs)(0, 1, "page-1")


class TestGuards:
    def test_another_fetch_running(self, live, tmp_path):
        fake = SlowFetchers()
        universe, _ = live(fake)
        jobs = FetchJobs(DiskcacheJobStore(diskcache.Cache(str(tmp_path / "jobs"))), clock=FINISHED.timestamp)
        assert jobs.acquire("page-2", "ishares:IJR")
        status, result = body(universe, jobs)(lambda _: None, 1, "ishares:IWM", STATE, "page-1")
        assert status.color == "warning" and result is no_update
        assert text_of(status) == ("Another live fetch is running (ishares:IJR, started 2025-01-02 03:04 UTC); "
                                   "try again when it has finished.")
        assert fake.calls == [] and jobs.holder().token == "page-2"

    def test_sec_failure_is_reported_and_frees_the_lock(self, live, jobs):
        fake = SlowFetchers(sec_error=LoaderError("SEC EDGAR", "HTTP 403: set a descriptive User-Agent"))
        universe, reader = live(fake)
        status, result = body(universe, jobs)(lambda _: None, 1, "ishares:IWM", STATE, "page-1")
        assert status.color == "danger" and result is no_update
        assert text_of(status).startswith("Fetch of ishares:IWM failed: ")
        assert "HTTP 403: set a descriptive User-Agent" in text_of(status)
        with pytest.raises(LoaderError, match="fetched yet"):
            reader.fundamentals()
        assert jobs.holder() is None

    @pytest.mark.parametrize("kind, says", [
        ("demo", "Live fetch is not available: this dashboard reads demo data (start it with --data live or auto)."),
        ("dir", "Live fetch is not available: this dashboard reads a local data directory (start it with "
                "--data live or auto)."),
    ])
    def test_demo_and_directory_say_why(self, kind, says, jobs):
        assert unavailable_reason(kind) == says

        class Spec:
            pass

        universe = Spec()
        universe.kind = kind
        assert make_describe_target(universe)("demo_smallcap") == (True, says, says)
        status, result = body(universe, jobs)(lambda _: None, 1, "demo_smallcap", STATE, "page-1")
        assert text_of(status) == says and result is no_update

    def test_describe_live_target(self, live):
        universe, _ = live(SlowFetchers(), kind="auto")
        disabled, title, note = make_describe_target(universe)("demo_smallcap")
        assert disabled is False
        assert title == "Fetch ishares:IWM from the live sources into the cache"
        assert note == ("Fetches SEC EDGAR statements and Yahoo Finance prices for ishares:IWM: thousands of "
                        "requests, several minutes. (demo_smallcap is not a live list.)")

    def test_target_and_start(self):
        assert fetch_target("auto", "demo_smallcap") == "ishares:IWM"
        assert fetch_target("live", None) == "ishares:IWM"
        assert fetch_target("live", "ishares:IJR") == "ishares:IJR"
        assert fetch_target("auto", "upload:mine") == "upload:mine"
        today = dt.date(2025, 3, 31)
        assert fetch_start(ViewState(), today) == dt.date(2022, 3, 31)
        assert fetch_start(ViewState(start=dt.date(2021, 1, 4)), today) == dt.date(2021, 1, 4)
        assert fetch_start(ViewState(start=dt.date(2021, 1, 4), mstart=dt.date(2020, 5, 1)), today) == dt.date(2020, 5, 1)


def ids_in(node, found=None) -> dict:
    """Every component id under ``node`` -> its props (a layout as plain dicts)."""
    found = {} if found is None else found
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict) and "props" in node:
        if node["props"].get("id"):
            found[str(node["props"]["id"])] = node["props"]
        ids_in(node["props"].get("children"), found)
    elif isinstance(node, (list, tuple)):
        for child in node:
            ids_in(child, found)
    return found


class TestLayout:
    def test_controls_start_disabled_with_the_token(self):
        found = ids_in(refresh_controls(token="t-1"))
        assert found[Id.REFRESH_TOKEN]["data"] == "t-1"
        assert found[Id.REFRESH_START]["disabled"] is True
        assert found[Id.REFRESH_START]["children"] == "Fetch live universe"
        assert found[Id.REFRESH_CANCEL]["disabled"] is True
        assert found[Id.REFRESH_PROGRESS]["value"] == 0
        assert {Id.REFRESH_TARGET, Id.REFRESH_STAGE, Id.REFRESH_STATUS, Id.REFRESH_RESULT} <= set(found)
        assert ids_in(refresh_controls())[Id.REFRESH_TOKEN]["data"] != ids_in(refresh_controls())[Id.REFRESH_TOKEN]["data"]

    def test_in_the_leverage_card(self):
        card = ids_in(build_panels())["panel-leverage"]
        assert {Id.REFRESH_START, Id.REFRESH_CANCEL, Id.REFRESH_PROGRESS} <= set(ids_in(card["children"]))
