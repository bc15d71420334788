"""The real background callback through DiskcacheManager: a job process, progress polls, cancel by kill.

Driven over HTTP the way Dash's renderer does it (start request, then polls with the signed
``cacheKey``/``job`` handles, ``cancelJob`` on Cancel), with the Flask test client: no browser.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import psutil
import pytest

from app import create_app
from server.jobs import FetchJobs, job_store
from callbacks.universe_refresh import CANCELLED_TEXT
from components.ids import Id
from loaders.base import LoaderError
from loaders.source import Fetchers
from state import ViewState
from tests.test_background_refresh import SlowFetchers

START_OUTPUT = f"..{Id.REFRESH_STATUS}.children...{Id.REFRESH_RESULT}.data.."
WAIT_SECONDS = 60


def offline_fetchers() -> Fetchers:
    def fail(name):
        raise LoaderError("test", f"offline: {name}")

    return Fetchers(fred=fail, yahoo=fail, famafrench=fail)


def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]


class DashPage:
    """One page view of a Dash app driven over HTTP like the renderer (no browser)."""

    def __init__(self, client):
        self.client = client
        page = client.get("/").get_data(as_text=True)
        config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
        self.end_id = json.loads(config.group(1))["end_id"]
        self.deps = client.get("/_dash-dependencies").get_json()

    def dependency(self, output: str) -> dict:
        return next(d for d in self.deps if d["output"] == output or d["output"].startswith(output))

    def post(self, output: str, values: dict[str, object], changed: list[str], **args):
        """POST the callback whose output string starts with ``output``; ``(status, json or None)``."""
        dep = self.dependency(output)
        outputs = _outputs(dep["output"])

        def fill(items):
            return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

        body = {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": fill(dep["inputs"]), "state": fill(dep["state"]), "changedPropIds": changed}
        query = "&".join(f"{k}={v}" for k, v in {"endId": self.end_id, **args}.items())
        response = self.client.post(f"/_dash-update-component?{query}", json=body)
        assert response.status_code in (200, 204), response.get_data(as_text=True)[:2000]
        return response.status_code, (response.get_json() if response.status_code == 200 else None)


class FetchRun:
    """Start the fetch from a page and poll it like the renderer, keeping the progress seen."""

    def __init__(self, page: DashPage, *, token: str, clicks: int = 1):
        self.page, self.token, self.clicks = page, token, clicks
        self.values = {f"{Id.REFRESH_START}.n_clicks": clicks, f"{Id.UNIVERSE}.value": None,
                       f"{Id.STATE}.data": ViewState().to_dict(), f"{Id.REFRESH_TOKEN}.data": token}
        _, data = page.post(START_OUTPUT, self.values, [f"{Id.REFRESH_START}.n_clicks"])
        self.handles = {"cacheKey": data["cacheKey"], "job": data["job"]}
        self.stages: list[str] = []

    def poll(self):
        status, data = self.page.post(START_OUTPUT, {}, [f"{Id.REFRESH_START}.n_clicks"], **self.handles)
        if data and "progress" in data:
            self.stages.append(data["progress"][f"{Id.REFRESH_STAGE}.children"])
        return status, data

    def wait_for_stage(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while text not in self.stages:
            assert time.monotonic() < deadline, f"no progress {text!r}; seen {self.stages}"
            self.poll()
            time.sleep(0.05)

    def wait_for_result(self) -> dict:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            status, data = self.poll()
            if data and "response" in data:
                return data["response"]
            assert time.monotonic() < deadline, f"no result; progress seen {self.stages}"
            time.sleep(0.05)

    def cancel(self) -> None:
        """What a Cancel click sends: Dash's cancel callback (kills the job) and ours (flag, lock)."""
        clicks = {f"{Id.REFRESH_CANCEL}.n_clicks": 1, f"{Id.REFRESH_START}.n_clicks": self.clicks,
                  f"{Id.REFRESH_TOKEN}.data": self.token}
        changed = [f"{Id.REFRESH_CANCEL}.n_clicks"]
        self.page.post(f"{Id.REFRESH_CANCEL}.id", clicks, changed, cancelJob=self.handles["job"])
        _, said = self.page.post(f"{Id.REFRESH_STATUS}.children@", clicks, changed, cancelJob=self.handles["job"])
        self.said = said["response"][Id.REFRESH_STATUS]["children"]


def wait_dead(pid: int) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def wait_for_file(path: Path) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (path.exists() and path.read_text()):
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)
    return path.read_text()


@pytest.fixture
def live_app(make_config):
    def build(fakes: SlowFetchers):
        app = create_app(make_config("auto"), fetchers=offline_fetchers(), universe_fetchers=fakes.bundle())
        return app, app.server.extensions["smallcap_universe"]

    return build


def test_progress_then_result_from_a_job_process(live_app, tmp_path):
    gate = tmp_path / "gate"
    app, universe = live_app(SlowFetchers(sec_steps=3, gate=gate, pid_file=tmp_path / "pid"))
    page = DashPage(app.server.test_client())
    run = FetchRun(page, token="page-1")
    run.wait_for_stage("Step 1 of 2, SEC EDGAR: 1 of 3 requests")  # the job waits at the gate
    assert int(wait_for_file(tmp_path / "pid")) != os.getpid()  # a separate process
    gate.touch()
    response = run.wait_for_result()
    status = response[Id.REFRESH_STATUS]["children"]["props"]["children"]
    assert status.startswith("Fetched ishares:IWM: 3 members, 3 statement rows from SEC EDGAR, prices for 3 of 3")
    assert response[Id.REFRESH_RESULT]["data"]["priced"] == 3
    assert sorted(universe.price_history().tickers) == ["AAA", "BBB", "CCC"]  # stored by the job process
    assert FetchJobs(job_store(app.server.extensions["smallcap_background"])).holder() is None


def test_cancel_kills_the_job_and_stores_nothing(live_app, tmp_path):
    pid_file = tmp_path / "pid"
    app, universe = live_app(SlowFetchers(sec_steps=3, pid_file=pid_file, ignore_cancel=True))
    jobs = FetchJobs(job_store(app.server.extensions["smallcap_background"]))
    page = DashPage(app.server.test_client())
    run = FetchRun(page, token="page-1")
    run.wait_for_stage("Step 1 of 2, SEC EDGAR: 1 of 3 requests")  # now blocked, deaf to the flag
    pid = int(wait_for_file(pid_file))
    assert jobs.holder().token == "page-1"
    run.cancel()
    assert wait_dead(pid), "the job process is still running after Cancel"
    assert run.said["props"]["children"] == CANCELLED_TEXT
    assert run.poll()[0] == 204  # the renderer's next poll: no result, nothing to update
    assert jobs.holder() is None
    # auto mode still serves the demo universe: no live statements or prices were stored
    assert universe.fundamentals().provenance.demo and universe.prices().provenance.demo
    assert "demo_smallcap" in universe.list_universes()
