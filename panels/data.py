"""What a panel reads: series loaded once per request, citations for people.

:class:`PanelData` wraps the app's :class:`~loaders.source.DataSource` (and the company
universe). The page, the exports and the CLI make one per request (:meth:`PanelData.for_request`):
each series is loaded at most once per request however many panels or steps read it, and the
memo (:class:`panels.cache.Memo`, shared by the workers) keeps heavy computations across
requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from loaders.base import Loaded, LoaderError, SeriesMissing
from loaders.catalog import ALL_SERIES
from loaders.source import DataSource
from state import known_dates, parse_known

#: How the source line names each origin.
ORIGINS = {"fred": "FRED", "yahoo": "Yahoo Finance", "famafrench": "the Kenneth R. French Data Library"}
#: Where a data folder records the origin of its index files (its layout: ``loaders.local``).
LOCAL_ORIGINS = "indexes/SOURCES.md"


@dataclass
class PanelData:
    """The data a request's panels read (see the module docstring).

    Attributes:
        source: The :class:`~loaders.source.DataSource`.
        universe: The :class:`~loaders.universe.UniverseData`, or None.
        memo: The computation cache (:class:`panels.cache.Memo`), or None (compute every time).
    """

    source: object
    universe: object = None
    memo: object = None
    _loaded: dict = field(default_factory=dict, repr=False)
    _failed: dict = field(default_factory=dict, repr=False)
    #: Whether this is one request's copy: its memo keys then read the data version once (one
    #: request computes on one version, and a directory source's version lists its folders).
    per_request: bool = field(default=False, repr=False)
    _memo_version: str | None = field(default=None, repr=False)
    #: A pinned link's data as it was (``state.ViewState.known``): each series named is cut at
    #: its date, and the memo keys of this copy say so.
    known: str | None = None

    def for_request(self, known: str | None = None) -> "PanelData":
        """A fresh copy for one request: the same source, universe and memo, no loaded series;
        with ``known`` (a view's), the series it names end where they ended when the link was made."""
        # (parsed again: a value from a page store may be anything a client sends)
        return PanelData(self.source, self.universe, self.memo, per_request=True,
                         known=parse_known(known)[0] if isinstance(known, str) and known else None)

    def series(self, key: str) -> Loaded:
        """The series ``key``, loaded at most once in this request.

        Raises:
            LoaderError, KeyError: as the source does (again on every call for a failed key).
        """
        if key in self._failed:
            raise self._failed[key]
        if key not in self._loaded:
            try:
                cut = known_dates(self.known).get(key) if self.known else None
                self._loaded[key] = cut_at_known(self.source.series(key), cut)
            except (LoaderError, KeyError) as exc:
                self._failed[key] = exc
                raise
        return self._loaded[key]

    def many(self, keys: list[str]) -> tuple[dict[str, Loaded], dict[str, str]]:
        """Load several series; the loaded ones and an error message per failed key."""
        return DataSource.many(self, keys)  # the source's loop, through this request's loads

    def available_series(self) -> list[str]:
        return self.source.available_series()

    def version(self) -> str:
        """The data version (a cut copy's says what it holds)."""
        return self.source.version() + (f"|known={self.known}" if self.known else "")

    def cached(self, name: str, args: tuple, compute, *, shared: bool = True):
        """``compute()`` memoised under ``name`` and ``args`` (plain values with a stable repr)."""
        if self.memo is None:
            return compute()
        if self.per_request and self._memo_version is None:
            self._memo_version = self.memo.version() + (f"|known={self.known}" if self.known else "")
        elif not self.per_request and self.known:
            return compute()  # (a cut copy that is not one request's: no key says what it holds)
        return self.memo.get_or_compute(name, args, compute, shared=shared, version=self._memo_version)


def cut_at_known(loaded: Loaded, day) -> Loaded:
    """``loaded`` without its observations after ``day`` (a pinned link's date for it), its
    provenance's last date moved back; unchanged when ``day`` is None, after its last
    observation or before its first (no link was made on a series without data: a forged date)."""
    p = loaded.provenance
    if day is None or p.last is None or p.last.date() <= day or (p.first is not None and day < p.first.date()):
        return loaded
    data = loaded.data.loc[:pd.Timestamp(day)]
    return Loaded(data, replace(p, last=data.index[-1]))


def load(data, *keys: str, optional: tuple[str, ...] = (), errors: dict[str, str] | None = None
         ) -> dict[str, Loaded]:
    """Load ``keys`` (required) and ``optional`` keys (skipped when unavailable).

    Raises:
        PanelError: a required key cannot be loaded (the loader's message).

    ``errors``, when given, receives the message of each optional key that failed, so a
    panel with nothing left can say why (a broken file) instead of "not in this source".
    """
    from panels.contract import PanelError

    out: dict[str, Loaded] = {}
    for key in keys:
        try:
            out[key] = data.series(key)
        except (LoaderError, KeyError) as exc:
            raise PanelError(str(exc).strip("'\"")) from exc
    for key in optional:
        try:
            out[key] = data.series(key)
        except (KeyError, SeriesMissing):  # not a series of this source
            continue
        except LoaderError as exc:
            if errors is not None:
                errors[key] = str(exc)
    return out


def unavailable(what: str, keys, errors: dict[str, str]) -> str:
    """"no <what> in this data source", or the loaders' messages when the series failed."""
    failed = [errors[k] for k in keys if k in errors]
    return f"no {what} could be loaded: " + "; ".join(failed) if failed else f"no {what} in this data source"


def citation(key: str, loaded: Loaded) -> str:
    """One series cited for people: publisher's name, its id, the service, the last date.

    ``"ICE BofA US High Yield OAS (BAMLH0A0HYM2) via FRED, to 2026-02-20"``; a local copy
    says so; demo data is named as such. No file or server path appears.
    """
    p = loaded.provenance
    info = ALL_SERIES.get(key)
    name = f"{info.label} ({info.upstream})" if info else key
    last = f", to {p.last:%Y-%m-%d}" if p.last is not None else ""
    if p.demo:
        return f"{name}: DEMO DATA (synthetic){last}"
    via = p.source
    if p.source == "local directory" and info is not None and info.source == "yahoo":
        # a folder's index files are whatever it gathered (the snapshot's S&P 500 is FRED's after
        # 2024-01-17, its Nasdaq FRED's and Stooq's): the folder says where from, not this program
        via = f"a local copy (origin: {LOCAL_ORIGINS})"
    elif p.source == "local directory":
        via = (ORIGINS.get(info.source, info.source) if info else "a local directory") + " (local copy)"
    elif p.stale:
        via += " (stale copy)"
    left_out = f" ({p.left_out})" if getattr(p, "left_out", "") else ""  # (a copy cached before the field has none)
    return f"{name} via {via}{last}{left_out}"


def source_line(loaded: dict[str, Loaded]) -> str:
    """'Source: ...' citing each series (:func:`citation`), for figures and PNGs."""
    return "Source: " + "; ".join(citation(k, v) for k, v in loaded.items()) + ". Small-Cap Monitor."


#: Series that end early by design (the single fed funds target, replaced by the range in 2008).
DISCONTINUED = frozenset({"DFEDTAR"})


def series_ending_before(data, day) -> list[tuple[str, object]]:
    """``(key, last date)`` of each series of the source that ends before ``day`` (discontinued
    series left out), in catalog order. The last dates are read once per data version (the
    header asks on every new as-of date)."""
    return [(key, last) for key, last in data.cached("series:last_dates", (), lambda: last_dates(data),
                                                     shared=False) if last < day]


def last_dates(data) -> tuple[tuple[str, object], ...]:
    """``(key, last date)`` of each series of the source that loads, discontinued ones left out."""
    out = []
    for key in data.available_series():
        if key in DISCONTINUED:
            continue
        try:
            last = data.series(key).provenance.last
        except (LoaderError, KeyError):
            continue
        if last is not None:
            out.append((key, last.date()))
    return tuple(out)
