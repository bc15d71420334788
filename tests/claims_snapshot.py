"""The real snapshot for claim tests: a claims checker on ../shared/data and its CSV files read
with plain pandas (the expected values are computed from these, not with the engine's analytics)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd


@lru_cache(maxsize=None)
def read_csv(root: str, name: str) -> pd.Series:
    """One series of the snapshot as published (an index's closes, a FRED series), NaN dropped."""
    folder = "indexes" if name in ("RUT", "GSPC", "IXIC") else "fred"
    frame = pd.read_csv(Path(root) / folder / f"{name}.csv", index_col=0, parse_dates=True)
    return frame.iloc[:, 0].dropna().astype(float)


def close_return(closes: pd.Series, base: str, end: str) -> float:
    """close(end) / close(last close on or before base) - 1, in %."""
    return (closes.loc[:end].iloc[-1] / closes.loc[:base].iloc[-1] - 1) * 100


def checker(shared_data, cache_dir):
    """``run(text, as_of) -> [record dicts]``: the page's and the CLI's engine on the snapshot."""
    from flask import Flask

    from config import Config
    from loaders.cache import loader_cache
    from loaders.source import DataSource
    from panels.claims import check_claims

    config = Config.from_env(data=str(shared_data), cache_dir=str(cache_dir))
    source = DataSource(config, loader_cache(config, Flask("claims-snapshot")))
    return lambda text, as_of: [r.__dict__ for r in check_claims(
        source, text, as_of=dt.date.fromisoformat(as_of))[0].claims]
