"""The series the headline facts need, loaded through the data source, with notes on their state.

Shared by the ``facts`` command (:mod:`cli.facts`) and the facts panel (:mod:`callbacks.facts`),
so that both state the same facts from the same inputs and report the same caveats: series that
could not be loaded, stale cached copies and demo data. No Dash here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.base import Loaded
from loaders.catalog import ALL_SERIES

#: Series the facts use besides the pair (see :mod:`analytics.facts`).
FACT_CONTEXT_KEYS = ("IXIC", "DGS10", "DGS2", "BAMLH0A0HYM2", "BAMLC0A0CM", "DFEDTAR", "DFEDTARU", "DFEDTARL", "DFF")
#: Series the facts use, for the default pair RUT / GSPC.
FACT_KEYS = ("RUT", "GSPC", *FACT_CONTEXT_KEYS)


@dataclass(frozen=True)
class FactSeries:
    """What :func:`load_fact_series` could load.

    Attributes:
        loaded: Loaded series by key, in the order requested.
        errors: Key -> why it could not be loaded.
    """

    loaded: dict[str, Loaded]
    errors: dict[str, str]

    @property
    def series(self) -> dict[str, pd.Series]:
        """The data of each loaded series by key (the input of ``calc_headline_facts``)."""
        return {key: item.data for key, item in self.loaded.items()}

    def notes(self) -> list[str]:
        """Caveats, one sentence each: keys not loaded, stale cached copies, then demo data.

        Live sources that failed are named once each ("FRED: no network; demo data (synthetic)
        shown for DGS10, DGS2"); the raw errors stay in the provenance table.
        """
        notes = [f"{key} not loaded: {message}" for key, message in self.errors.items()]
        demo: dict[str, list[str]] = {}
        fallback: dict[str, list[str]] = {}
        for key, item in self.loaded.items():
            provenance = item.provenance
            if provenance.demo and provenance.note.startswith("live fetch failed"):
                fallback.setdefault(upstream_of(key), []).append(key)
            elif provenance.demo:
                demo.setdefault(provenance.note, []).append(key)
            elif provenance.stale:
                hours = (provenance.stale_age_seconds or 0) / 3600
                notes.append(f"{key} is a stale cached copy ({hours:.1f} h old): {provenance.note}")
        for source, keys in fallback.items():
            reasons = {failure_reason(self.loaded[k].provenance.note) for k in keys}
            notes.append(f"{source}: {' or '.join(sorted(reasons))}; demo data (synthetic) shown for {', '.join(keys)}")
        for note, keys in demo.items():
            notes.append(f"demo data (synthetic, not market data) for {', '.join(keys)}"
                         + (f": {note}" if note else ""))
        return notes


#: Words in a fetch error that mean the host could not be reached.
UNREACHABLE_WORDS = ("NameResolution", "resolve", "Max retries", "Connection", "HTTP 0", "timed out",
                     "Timeout", "unreachable", "Network")


def upstream_of(key: str) -> str:
    """The service a series key is fetched from (``FRED``, ``Yahoo Finance``)."""
    info = ALL_SERIES.get(key)
    return {"fred": "FRED", "yahoo": "Yahoo Finance"}.get(info.source, info.source) if info else "live source"


def failure_reason(note: str) -> str:
    """``"no network"`` when a fetch error says the host was unreachable, else ``"fetch failed"``."""
    return "no network" if any(word in note for word in UNREACHABLE_WORDS) else "fetch failed"


def fact_keys(small: str = "RUT", large: str = "GSPC") -> list[str]:
    """The keys to load for facts on the pair ``small`` / ``large``: the pair, then
    :data:`FACT_CONTEXT_KEYS` (the Russell 2000 and the S&P 500 only when they are the pair)."""
    return list(dict.fromkeys((small, large, *FACT_CONTEXT_KEYS)))


def load_fact_series(source, *, small: str = "RUT", large: str = "GSPC") -> FactSeries:
    """Load every series the facts on ``small`` / ``large`` use; failures are collected, not raised.

    Args:
        source: A :class:`~loaders.source.DataSource`.
        small: Small-cap series key.
        large: Large-cap series key.
    """
    keys = fact_keys(small, large)
    unknown = {key: f"unknown series key {key!r}" for key in keys if key not in ALL_SERIES}
    loaded, errors = source.many([key for key in keys if key not in unknown])
    return FactSeries(loaded=loaded, errors={**unknown, **errors})
