"""Exports are light unless theme=dark is asked for; the theme never enters the share link."""

from __future__ import annotations


import pytest

from app import create_app
from config import Config, DataSpec
from server.export import Exporter
from tests.fakes import FakePng
from state import parse_query

WINDOW = "start=2024-01-02&end=2024-06-28"


@pytest.fixture(scope="module")
def exporter(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("theme")))
    png = FakePng()
    return Exporter(app.server.extensions["smallcap_panel_data"], universes=lambda: [], png=png), png


def background(figure: dict) -> str | None:
    template = figure["layout"].get("template") or {}
    return (template.get("layout") or {}).get("paper_bgcolor")


def test_png_is_light_by_default_and_dark_when_asked(exporter):
    export, png = exporter
    _, _, notices = export.png("rates", WINDOW)
    light = png.figures[-1]
    _, _, dark_notices = export.png("rates", WINDOW + "&theme=dark")
    dark = png.figures[-1]
    assert background(dark) == "rgb(17,17,17)" and background(light) != background(dark)
    assert notices == dark_notices == []
    assert light["data"] == dark["data"]  # the same chart, other colours


def test_a_bad_theme_is_light_with_a_notice(exporter):
    export, png = exporter
    _, _, notices = export.png("rates", WINDOW + "&theme=neon")
    assert notices == ["Ignored theme='neon': the theme is light or dark; light is used."]
    _, _, csv_notices = export.csv("rates", WINDOW + "&theme=dark")
    assert csv_notices == ["Ignored theme: a CSV has no colours."]


def test_theme_is_not_a_share_link_parameter():
    state, notices = parse_query("theme=dark")
    assert notices == ["Ignored unknown parameter 'theme'."]
