"""Fetch a live universe from the leverage panel: a Dash background callback.

The Fetch button runs :meth:`loaders.universe.UniverseData.fetch_live` for the chosen
universe (or ``ishares:IWM`` when the choice is not a live list) as a background job, from
the earliest of the view's window start and measure start (default: three years ago) to today.

- Progress: the fetch's ``progress(stage, done, total)`` hook drives ``set_progress`` (bar
  value, bar label, a stage line), at most once per percent, two steps: SEC EDGAR requests,
  then Yahoo Finance tickers.
- Cancel: the Cancel button is the callback's ``cancel=`` input, so Dash's manager terminates
  the job (diskcache: kills the child process; Celery: revokes the task with terminate). The
  same click sets a flag that the fetch's ``should_cancel`` polls before every request, so a
  job that could not be killed (a Celery ``solo`` or ``threads`` pool) stops at its next request.
- What a stopped fetch leaves: ``fetch_live`` stores statements only after the whole SEC
  stage succeeded and prices only after the Yahoo stage, each as one complete cache entry. A
  job killed during SEC stores nothing; killed during Yahoo it keeps the new statements and
  the previous prices; stopped by the flag during Yahoo it also stores the prices of the
  batches it finished. Each entry is written whole (file cache: temporary file and rename;
  Redis: one SET). One gap remains in ``fetch_live``: a kill between an entry and its version
  record leaves workers that memoised the previous version serving it until the next fetch.
- One fetch at a time for the whole deployment (:class:`~server.jobs.FetchJobs`):
  two fetches would double the load on SEC EDGAR and race on the merged cache entries.

Only the ``live`` and ``auto`` data specs fetch; with ``demo`` or a directory the button is
disabled and the note beside it says why. The result store (:data:`Id.REFRESH_RESULT`) gets
the report of a finished fetch; the leverage panel reads the new data on its next update.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from server.jobs import FetchJobs, Holder, job_key, job_store
from components.ids import Id
from loaders.base import LoaderError
from loaders.universe import FetchReport
from state import DEFAULT_YEARS, ViewState

FETCH_KINDS = ("live", "auto")
DEFAULT_UNIVERSE = "ishares:IWM"
LIVE_PREFIXES = ("ishares:", "upload:")
STAGES = ("SEC EDGAR", "Yahoo Finance")
UNITS = {"SEC EDGAR": "requests", "Yahoo Finance": "tickers"}
EXAMPLE_FAILURES = 3
CANCELLED_TEXT = ("Cancelled. Nothing half-done is kept: statements are stored only when the whole "
                  "SEC EDGAR step has finished, prices only for finished downloads; what was "
                  "fetched before is unchanged.")


def unavailable_reason(kind: str) -> str | None:
    """Why a data spec of ``kind`` cannot fetch live, or None when it can."""
    if kind in FETCH_KINDS:
        return None
    source = "demo data" if kind == "demo" else "a local data directory"
    return f"Live fetch is not available: this dashboard reads {source} (start it with --data live or auto)."


def fetch_target(kind: str, chosen: str | None) -> str:
    """The universe the button fetches: the chosen live list, else ``ishares:IWM``.

    In ``auto`` mode the demo lists are synthetic (fetching their made-up tickers would be
    pointless), so only iShares lists and uploads count as a choice.
    """
    if chosen and chosen.startswith(LIVE_PREFIXES) and kind in FETCH_KINDS:
        return chosen
    return DEFAULT_UNIVERSE


def fetch_start(state: ViewState, today: dt.date) -> dt.date:
    """First date to fetch: the earliest of the window and measure starts, else 3 years back."""
    dates = [d for d in (state.start, state.mstart) if d is not None]
    if dates:
        return min(dates)
    return (pd.Timestamp(today) - pd.DateOffset(years=DEFAULT_YEARS)).date()


def busy_message(holder: Holder | None) -> str:
    """The status when another page's fetch holds the lock."""
    if holder is None:
        return "Another live fetch was just running; try again."
    started = dt.datetime.fromtimestamp(holder.started, dt.timezone.utc)
    return (f"Another live fetch is running ({holder.label}, started {started:%Y-%m-%d %H:%M} UTC); "
            "try again when it has finished.")


def report_message(report: FetchReport) -> tuple[str, str]:
    """Status text and alert colour for a finished (or flag-cancelled) fetch."""
    failures = {k: v for k, v in report.failures.items() if v != "cancelled"}
    if report.cancelled and report.statements == 0:
        text, color = f"Cancelled {report.universe} during SEC EDGAR: nothing was stored.", "secondary"
    elif report.cancelled:
        text, color = (f"Cancelled {report.universe} during Yahoo Finance: {report.statements:,} statement "
                       f"rows stored, prices for {report.priced:,} of {report.tickers:,} members "
                       "(finished downloads only)."), "secondary"
    else:
        text = (f"Fetched {report.universe}: {report.tickers:,} members, {report.statements:,} statement "
                f"rows from SEC EDGAR, prices for {report.priced:,} of {report.tickers:,} members from "
                "Yahoo Finance.")
        color = "success" if report.priced == report.tickers else "warning"
    if failures:
        examples = "; ".join(f"{k}: {v}" for k, v in list(failures.items())[:EXAMPLE_FAILURES])
        text += f" {len(failures):,} items failed or had no data (e.g. {examples})."
    if report.priced or report.statements:
        text += " The leverage panel now ranks with the new data."
    return text, color


def report_data(report: FetchReport, *, finished: dt.datetime) -> dict:
    """The result store's value: the report's counts and when it finished (UTC ISO)."""
    return {"universe": report.universe, "tickers": report.tickers, "statements": report.statements,
            "priced": report.priced, "failures": len(report.failures), "cancelled": report.cancelled,
            "finished": finished.isoformat(timespec="seconds")}


def _alert(text: str, color: str) -> dbc.Alert:
    return dbc.Alert(text, color=color, className="py-1 px-2 mb-0")


class FetchProgress:
    """``fetch_live``'s ``progress(stage, done, total)`` -> ``set_progress((value, label, text))``.

    Sends at most one update per percent of the whole fetch (SEC EDGAR is the first half,
    Yahoo Finance the second) plus the last one of each stage; calls ``on_update`` after each
    update sent (the job renews its lock there).
    """

    def __init__(self, set_progress, *, on_update=None):
        self._set = set_progress
        self._on_update = on_update
        self._last: tuple[int, int] | None = None

    def begin(self, text: str) -> None:
        """The first update, before any request: an empty bar and ``text``."""
        self._set((0, "", text))

    def __call__(self, stage: str, done: int, total: int) -> None:
        index = STAGES.index(stage) if stage in STAGES else 0
        fraction = min(max(done / total, 0.0), 1.0) if total else 1.0
        value = int(100 * (index + fraction) / len(STAGES))
        if self._last == (index, value) and done < total:
            return
        self._last = (index, value)
        unit = UNITS.get(stage, "steps")
        self._set((value, f"{value}%",
                   f"Step {index + 1} of {len(STAGES)}, {stage}: {done:,} of {total:,} {unit}"))
        if self._on_update is not None:
            self._on_update()


def make_describe_target(universe):
    """Build the callback body: button enabled?, its title and the note, for a chosen universe."""

    def describe_target(chosen):
        reason = unavailable_reason(universe.kind)
        if reason is not None:
            return True, reason, reason
        name = fetch_target(universe.kind, chosen)
        note = (f"Fetches SEC EDGAR statements and Yahoo Finance prices for {name}: "
                "thousands of requests, several minutes.")
        if chosen and chosen != name:
            note += f" ({chosen} is not a live list.)"
        return False, f"Fetch {name} from the live sources into the cache", note

    return describe_target


def make_fetch_universe(universe, jobs: FetchJobs, *, today=dt.date.today, now=None):
    """Build the background callback body (plain function, first argument ``set_progress``).

    Args:
        universe: The app's :class:`~loaders.universe.UniverseData`.
        jobs: The deployment's :class:`~server.jobs.FetchJobs`.
        today: Returns today's date (injectable for tests).
        now: Returns the current UTC datetime (injectable for tests).
    """
    now = now or (lambda: dt.datetime.now(dt.timezone.utc))

    def fetch_universe(set_progress, n_clicks, chosen, state_data, token):
        if not n_clicks:
            raise PreventUpdate
        reason = unavailable_reason(universe.kind)
        if reason is not None:
            return _alert(reason, "secondary"), no_update
        name = fetch_target(universe.kind, chosen)
        token = token or "anonymous"
        run = job_key(token, n_clicks)
        if not jobs.acquire(token, name):
            return _alert(busy_message(jobs.holder()), "warning"), no_update
        try:
            progress = FetchProgress(set_progress, on_update=lambda: jobs.heartbeat(token))
            progress.begin(f"Fetching the members of {name}...")
            day = today()
            start = fetch_start(ViewState.from_dict(state_data), day)
            report = universe.fetch_live(name, start=start.isoformat(), end=day.isoformat(), progress=progress,
                                         should_cancel=lambda: jobs.cancel_requested(run))
        except LoaderError as exc:
            return _alert(f"Fetch of {name} failed: {exc}.", "danger"), no_update
        finally:
            jobs.release(token)
        text, color = report_message(report)
        return _alert(text, color), report_data(report, finished=now())

    return fetch_universe


def make_cancel_fetch(jobs: FetchJobs):
    """Build the Cancel callback body: flag this page's run, free its lock, say what is kept."""

    def cancel_fetch(n_clicks, runs, token):
        if not n_clicks:
            raise PreventUpdate
        token = token or "anonymous"
        jobs.request_cancel(job_key(token, runs))
        jobs.release(token)
        return _alert(CANCELLED_TEXT, "secondary")

    return cancel_fetch


def register(app, universe, manager) -> None:
    """Wire the live-universe fetch of the leverage card to ``manager`` (see the module docstring)."""
    jobs = FetchJobs(job_store(manager))
    app.callback(
        Output(Id.REFRESH_START, "disabled"), Output(Id.REFRESH_START, "title"),
        Output(Id.REFRESH_TARGET, "children"),
        Input(Id.UNIVERSE, "value"),
    )(make_describe_target(universe))
    app.callback(
        Output(Id.REFRESH_STATUS, "children"), Output(Id.REFRESH_RESULT, "data"),
        Input(Id.REFRESH_START, "n_clicks"),
        State(Id.UNIVERSE, "value"), State(Id.STATE, "data"), State(Id.REFRESH_TOKEN, "data"),
        background=True, manager=manager, prevent_initial_call=True, interval=1000,
        progress=[Output(Id.REFRESH_PROGRESS, "value"), Output(Id.REFRESH_PROGRESS, "label"),
                  Output(Id.REFRESH_STAGE, "children")],
        progress_default=[0, "", ""],
        running=[(Output(Id.REFRESH_START, "disabled"), True, False),
                 (Output(Id.REFRESH_CANCEL, "disabled"), False, True),
                 (Output(Id.REFRESH_PROGRESS, "animated"), True, False),
                 (Output(Id.REFRESH_PROGRESS, "striped"), True, False)],
        cancel=[Input(Id.REFRESH_CANCEL, "n_clicks")],
    )(make_fetch_universe(universe, jobs))
    app.callback(
        Output(Id.REFRESH_STATUS, "children", allow_duplicate=True),
        Input(Id.REFRESH_CANCEL, "n_clicks"),
        State(Id.REFRESH_START, "n_clicks"), State(Id.REFRESH_TOKEN, "data"),
        prevent_initial_call=True,
    )(make_cancel_fetch(jobs))
