"""The resolved view: the URL state turned once into concrete dates for every panel.

:class:`state.ViewState` is what a link says (dates may be missing: "the default");
:class:`ResolvedView` is what the page shows for it on the data at hand: the window clamped to
the span the pair has in common, the as-of date (pinned by the user, or following the window's
end), the leverage measure window, and a notice for each adjustment. :func:`resolve_view` is
the only place a window is resolved; panels, exports and the CLI read the view's fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Iterable, Mapping

import pandas as pd

from analytics.series import FREQ_ORDER, coarser, freq_word, observation_freq
from analytics.universe_stats import HIGH_WINDOW
from loaders.base import LoaderError
from panels.pair import pair_gap, pair_span, window_gap
from state import (
    DEFAULT_YEARS, MAX_NOTES, SCALES, TRANSFORMS, ViewChoices, ViewState, convert_window, parse_date,
    parse_known, parse_params, years_before,
)


@dataclass(frozen=True, kw_only=True)
class ResolvedView(ViewChoices):
    """Concrete dates and settings of a view (see the module docstring).

    Attributes:
        small, large: The pair's series keys.
        start, end: The window, clamped to the pair's common span (or, when the pair cannot
            load, to the span of the series that do).
        asof: The as-of date of the facts, the event study and the header: ``end`` unless
            pinned, never after the pair's last common observation (None: not pinned and the
            pair does not load).
        asof_pinned: Whether the user pinned ``asof`` (a control, ``asof`` in a link, a fact).
        freq, window, event, universe, rank_by: As in :class:`state.ViewState`.
        hstart, hend: The universe panel's "old high" window (:func:`high_window`).
        mstart, mend: The leverage measure window (default: a month from ``asof``).
        data_end: The pair's last common observation (``None``: the pair does not load).
        overlay: Series keys drawn over the rates and spreads charts, comma-separated (or None).
        note: Notes pinned to dates, ``YYYY-MM-DD:text`` (drawn on the time charts).
        scale: ``linear`` or ``log`` (the relative panel's level axes).
        transform: The relative panel's measure (:data:`state.TRANSFORMS`).
        notices: What was adjusted and why, in words.
    """

    small: str
    large: str
    start: dt.date | None
    end: dt.date | None
    asof: dt.date | None
    asof_pinned: bool = False
    data_end: dt.date | None = None
    notices: tuple[str, ...] = ()

    def fields(self, names: Iterable[str]) -> dict:
        """The named fields, JSON-ready (dates as ISO strings): a panel's input."""
        out = {}
        for name in names:
            value = getattr(self, name)
            out[name] = (value.isoformat() if isinstance(value, dt.date)
                         else list(value) if isinstance(value, tuple) else value)
        return out

    def to_dict(self) -> dict:
        """Every field, JSON-ready (notices as a list)."""
        out = self.fields(f.name for f in fields(self) if f.name != "notices")
        out["notices"] = list(self.notices)
        return out

    @classmethod
    def from_fields(cls, data: Mapping) -> "ResolvedView":
        """Inverse of :meth:`fields` / :meth:`to_dict` for the fields present; fields that
        are missing or malformed (a tampered store) take their defaults."""
        values: dict = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name in _DATE_FIELDS:
                values[f.name] = _date_or_none(raw)
            elif f.name == "notices":
                values[f.name] = tuple(str(n) for n in raw) if isinstance(raw, (list, tuple)) else ()
            elif f.name == "note":
                values[f.name] = _notes_or_empty(raw)
            elif f.name == "asof_pinned":
                values[f.name] = raw is True
            elif f.name == "window":
                values[f.name] = raw if isinstance(raw, int) and not isinstance(raw, bool) else 63
            elif f.name in ("universe", "overlay"):
                values[f.name] = raw if isinstance(raw, str) and raw else None
            elif f.name == "known":  # (a tampered store: parsed again, the bad parts dropped)
                values[f.name] = parse_known(raw)[0] if isinstance(raw, str) and raw else None
            elif f.name in _CHOICES:
                if raw in _CHOICES[f.name]:
                    values[f.name] = raw
            elif isinstance(raw, str):
                values[f.name] = raw
        values.setdefault("small", ViewState.small)
        values.setdefault("large", ViewState.large)
        for name in ("start", "end", "asof"):
            values.setdefault(name, None)
        return cls(**values)

    def to_state(self) -> ViewState:
        """The pinned share link of this view: every resolved date written out."""
        return ViewState(start=self.start, end=self.end, small=self.small, large=self.large,
                         freq=self.freq, window=self.window, asof=self.asof, event=self.event,
                         universe=self.universe, rank_by=self.rank_by, mstart=self.mstart, mend=self.mend,
                         **{name: getattr(self, name) for name in ("hstart", "hend")
                            if getattr(self, name) != getattr(DEFAULT_HIGH, name)},
                         overlay=self.overlay, note=self.note, scale=self.scale, transform=self.transform,
                         known=self.known)

    def with_notices(self, *notices: str) -> "ResolvedView":
        return replace(self, notices=(*self.notices, *notices))


_DATE_FIELDS = {"start", "end", "asof", "mstart", "mend", "hstart", "hend", "data_end"}
_CHOICES = {"scale": SCALES, "transform": TRANSFORMS}


def _notes_or_empty(raw) -> tuple[str, ...]:
    """Notes of a (possibly tampered) store: each parsed again, the bad ones dropped."""
    if not isinstance(raw, (list, tuple)):
        return ()
    state, _ = parse_params([("note", str(item)) for item in raw[:MAX_NOTES]])
    return state.note


def _date_or_none(raw) -> dt.date | None:
    try:
        return parse_date(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def pair_freq(data, small: str, large: str) -> str:
    """How often the pair is observed: the coarser of the two series' frequencies
    (:func:`analytics.series.observation_freq`; the Ken French portfolios are monthly); ``"D"``
    when a series does not load (the panels say why)."""
    freq = FREQ_ORDER[0]
    for key in (small, large):
        try:
            freq = coarser(freq, observation_freq(data.series(key).data.dropna().index))
        except (LoaderError, KeyError):
            continue
    return freq


def resolve_freq(freq: str, window: int, observed: str) -> tuple[str, int, str | None]:
    """The correlation frequency and window for a pair observed at ``observed``: a finer
    ``freq`` than the data has becomes ``observed``, the window converted to the same span
    (:func:`state.convert_window`), with a notice; otherwise unchanged and no notice."""
    if coarser(freq, observed) == freq:
        return freq, window, None
    converted, text = convert_window(window, freq, observed)
    return observed, converted, (f"The pair has {freq_word(observed)} observations only: the correlation "
                                 f"uses {freq_word(observed)} changes. {text}")


def any_span(data) -> tuple[dt.date, dt.date] | None:
    """The span of every series that loads (the window's bounds when the pair does not)."""
    firsts, lasts = [], []
    for key in data.available_series():
        try:
            p = data.series(key).provenance
        except (LoaderError, KeyError):
            continue
        if p.first is not None and p.last is not None:
            firsts.append(p.first.date())
            lasts.append(p.last.date())
    return (min(firsts), max(lasts)) if firsts else None


def resolve_window(start: dt.date | None, end: dt.date | None, bounds: tuple[dt.date, dt.date],
                   default_end: dt.date | None = None) -> tuple[dt.date, dt.date, list[str]]:
    """The concrete window within ``bounds`` and a notice for each clamp.

    A missing end is ``default_end`` (a pinned as-of date) when it is after ``start``, else the
    data's last day; a missing start is :data:`state.DEFAULT_YEARS` before the end; a window
    outside the data is moved inside it, saying so.
    """
    first, last = bounds
    notices = []
    if end is not None and end > last:
        notices.append(f"The window's end {end:%Y-%m-%d} is after the last observation the pair has "
                       f"in common: it ends on {last:%Y-%m-%d}.")
    if end is None and default_end is not None and (start is None or start < default_end):
        end = min(default_end, last)  # no notice: the end was not asked for
    resolved_end = min(end or last, last)
    if resolved_end <= first and last > first:
        # (ending on the data's first day left a one-day window, "start ... is not before the
        # window's end": a notice contradicting itself)
        where = "before the data starts" if resolved_end < first else "on the data's first day"
        notices.append(f"The window ends {where} ({first:%Y-%m-%d}): showing the first years of the data "
                       "instead.")
        resolved_end = min(last, years_before(first, -DEFAULT_YEARS))
    resolved_start = start or years_before(resolved_end, DEFAULT_YEARS)
    if start is not None and start < first:
        notices.append(f"The window's start {start:%Y-%m-%d} is before the pair's first common "
                       f"observation: it starts on {first:%Y-%m-%d}.")
    resolved_start = max(resolved_start, first)
    if resolved_start >= resolved_end:
        resolved_start = max(first, years_before(resolved_end, DEFAULT_YEARS))
        if start is not None:  # a start after the data (or after the clamped end): say so
            where = (f"after the pair's last common observation ({last:%Y-%m-%d})" if start > last
                     else f"not before the window's end {resolved_end:%Y-%m-%d}")
            notices.append(f"The window's start {start:%Y-%m-%d} is {where}: showing "
                           f"{resolved_start:%Y-%m-%d} to {resolved_end:%Y-%m-%d} instead.")
    return resolved_start, resolved_end, notices


def measure_window(mstart: dt.date | None, mend: dt.date | None, asof: dt.date | None
                   ) -> tuple[dt.date | None, dt.date | None]:
    """The leverage measure window: ``mstart`` (default: the as-of date) to ``mend`` (default:
    one month after the start)."""
    start = mstart or asof
    if start is None or mend is not None:
        return start, mend
    return start, (pd.Timestamp(start) + pd.DateOffset(months=1)).date()


@dataclass(frozen=True)
class HighWindow:
    """The universe panel's "old high" window (see :func:`high_window`)."""

    hstart: dt.date
    hend: dt.date


#: :data:`analytics.universe_stats.HIGH_WINDOW`: calendar 2021, the last small-cap peak.
DEFAULT_HIGH = HighWindow(HIGH_WINDOW[0].date(), HIGH_WINDOW[1].date())


def high_window(hstart: dt.date | None, hend: dt.date | None) -> HighWindow:
    """The high window: ``hstart`` (default 2021-01-01) to ``hend`` (default: a year after the
    start, less a day: calendar 2021 by default)."""
    start = hstart or (DEFAULT_HIGH.hstart if hend is None or hend >= DEFAULT_HIGH.hstart
                       else years_before(hend, 1) + dt.timedelta(days=1))
    end = hend or years_before(start, -1) - dt.timedelta(days=1)
    return HighWindow(start, end)


def resolve_view(state: ViewState, data) -> ResolvedView:
    """The :class:`ResolvedView` of ``state`` on ``data`` (the data source or a
    :class:`panels.data.PanelData`); the only place a window is resolved."""
    bounds = pair_span(data, state.small, state.large)
    data_end = bounds[1] if bounds else None
    notices: list[str] = []
    if bounds is None:
        gap = pair_gap(data, state.small, state.large)  # (a file that does not load: the panels say why)
        if gap is not None:
            notices.append(f"{gap}. The panels that need the pair cannot draw it; the others show "
                           "the span of the series that load.")
        bounds = any_span(data)
    if bounds is None:
        start, end = state.start, state.end
    else:
        # a link that pins the as-of date and no end ("/?asof=2020-03-23") shows the years to
        # that date, not the latest years under an earlier as-of date
        start, end, clamped = resolve_window(state.start, state.end, bounds, default_end=state.asof)
        notices += clamped
        if data_end is not None and (empty := window_gap(data, state.small, state.large, start, end)):
            notices.append(empty)
    asof, pinned = (end if data_end is not None else None), False  # no pair: nothing to be "as of"
    if state.asof is not None:
        asof, pinned = state.asof, True
        if bounds is not None and data_end is not None and asof < bounds[0]:
            notices.append(f"The as-of date {asof:%Y-%m-%d} is before the pair's first common observation "
                           f"({bounds[0]:%Y-%m-%d}): the pair's facts and the event study have no data as of it "
                           "(series that start earlier, such as yields, still do).")
        if data_end is not None and asof > data_end:
            notices.append(f"The as-of date {state.asof:%Y-%m-%d} is after the pair's last common "
                           f"observation: facts are as of {data_end:%Y-%m-%d}.")
            asof = data_end
    mstart, mend = measure_window(state.mstart, state.mend, asof)
    high = high_window(state.hstart, state.hend)
    freq, window, note = resolve_freq(state.freq, state.window, pair_freq(data, state.small, state.large))
    if note:
        notices.append(note)
    return ResolvedView(
        small=state.small, large=state.large, start=start, end=end, asof=asof, asof_pinned=pinned,
        freq=freq, window=window, event=state.event, universe=state.universe,
        rank_by=state.rank_by, mstart=mstart, mend=mend, hstart=high.hstart, hend=high.hend,
        data_end=data_end, overlay=state.overlay, note=state.note,
        scale=state.scale, transform=state.transform, known=state.known, notices=tuple(notices),
    )


def view_of(state_data: Mapping | None, data) -> ResolvedView:
    """:func:`resolve_view` of a state dict (:meth:`state.ViewState.to_dict`)."""
    return resolve_view(ViewState.from_dict(state_data), data)


__all__ = ["ResolvedView", "resolve_view", "resolve_window", "resolve_freq", "measure_window", "pair_freq",
           "pair_span", "view_of"]
