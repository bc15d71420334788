"""A panel whose own code fails on a view (a bug, not bad input): the panel says so and the rest
goes on. The correlation panel's server error on IWM against the S&P 500 left the previous
window's chart standing beside the new panels, and took the whole all.zip down with it."""

from __future__ import annotations

import io
import logging
import shutil
import zipfile
from dataclasses import replace

import pytest

from app import create_app
from config import Config, DataSpec
from panels.contract import PROGRAM_ERROR, render
from panels.registry import REGISTRY
from panels.view import resolve_view
from state import ViewState
from tests.panel_draw import panel_data


def _boom(*_args, **_kwargs):
    raise KeyError("a bug")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("errors")))


@pytest.mark.parametrize("step", ["compute", "figure", "summary", "table"])
def test_a_failing_step_is_a_message_and_logged(app, step, caplog):
    data = panel_data(app.server.extensions["smallcap_data"]).for_request()
    broken = replace(REGISTRY["spreads"], **{step: _boom})
    with caplog.at_level(logging.ERROR, logger="panels.contract"):
        out = render(broken, data, resolve_view(ViewState(), data))
        out.figure, out.summary, out.table  # in the page's order, then read again
    if step != "table":  # (the table is built on its own: the figure and summary came first)
        assert out.summary == PROGRAM_ERROR and out.table is None
        assert out.figure["layout"]["annotations"][0]["text"].startswith("Cannot draw this view: This view could not")
    assert not out.ok and out.error == PROGRAM_ERROR
    assert any("panel spreads failed" in record.getMessage() for record in caplog.records)


def test_exports_refuse_a_failing_panel_and_the_zip_leaves_it_out(app, monkeypatch):
    exporter = app.server.extensions["smallcap_exporter"]
    patched = dict(exporter.panels)
    patched["spreads"] = replace(patched["spreads"], table=_boom)
    monkeypatch.setattr(exporter, "panels", patched)
    client = app.server.test_client()
    response = client.get("/export/spreads.csv")
    assert response.status_code == 400 and PROGRAM_ERROR in response.get_data(as_text=True)
    patched["correlation"] = replace(patched["correlation"], figure=_boom)
    assert client.get("/export/correlation.csv").status_code == 400  # (its CSV comes from the figure)

    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return  # (the zip's PNGs need Debian's chromium; the CSVs above are checked without it)
    # the zip goes on without them, naming why
    patched["correlation"] = REGISTRY["correlation"]
    body = client.get("/export/all.zip")
    assert body.status_code == 200
    with zipfile.ZipFile(io.BytesIO(body.data)) as archive:
        names = archive.namelist()
        assert not any(n.startswith("spreads_") for n in names) and any(n.startswith("relative_") for n in names)
        assert "spreads left out: nothing to export for this view: This view could not be drawn" in (
            archive.read("NOTICES.txt").decode())
