"""Small stand-ins shared by tests."""

from __future__ import annotations

import pandas as pd

from loaders.base import Loaded, SeriesMissing, make_provenance


class FakeData:
    """A data source serving ``series`` by key; other keys fail like a missing file."""

    def __init__(self, series: dict[str, pd.Series]):
        self._series = series

    def series(self, key: str) -> Loaded:
        if key not in self._series:
            raise SeriesMissing("test", f"no file for series {key}")
        data = self._series[key]
        return Loaded(data, make_provenance(data, source="test", location=f"/t/{key}.csv"))

    def available_series(self) -> list[str]:
        return list(self._series)


class FakePng:
    """A PNG renderer (the export queue's interface) that keeps the figures it was given."""

    def __init__(self):
        self.figures: list[dict] = []

    def render(self, key, figure_json: str, size) -> bytes:
        import json

        self.figures.append(json.loads(figure_json))
        return b"\x89PNG"
