"""Relative panel: small against large caps over the window, with Fed cycles, recessions and
drawdown troughs."""

from __future__ import annotations

from analytics.format import signed, signed_percent
from dataclasses import dataclass

import pandas as pd

from analytics.downsample import thin_rows
from analytics.drawdowns import calc_drawdown_episodes
from analytics.regimes import (
    FIRST_TARGET_DATE, RANGE_START_DATE, KnownMoves, calc_dff_cycles, calc_fed_events, calc_fed_moves,
    join_cycles, to_fed_target,
)
from analytics.relative import to_relative_frame
from analytics.transforms import UNITS, to_transform_frame
from components.figures.relative import RelativeContext, relative_spec
from loaders.base import Loaded
from loaders.catalog import is_total_return, label
from panels.contract import Panel, PanelError
from panels.data import load, source_line

TITLE = "Relative performance"
#: Fed target series: DFEDTAR to 2008-12-15, the range limits from 2008-12-16.
TARGET_KEYS = ("DFEDTAR", "DFEDTARU", "DFEDTARL")
#: Optional series of the context layers; a source without them draws the chart without it.
#: DFF dates the cycles before the target era (a window starting before 1982-09-27).
CONTEXT_KEYS = ("USREC", *TARGET_KEYS, "DFF")
#: Said under the chart when cycles before the target era are drawn.
PRE_TARGET_NOTE = ("Fed cycles before 1982-09-27 come from monthly averages of the effective rate (DFF): "
                   "turning points of at least 1 pp, dated to the month (see the README)")
#: Drawdown episodes at least this deep (positive fraction) get a trough marker.
TROUGH_MIN_DEPTH = 0.10


def context_sources(loaded: dict[str, Loaded], *, start: pd.Timestamp, end: pd.Timestamp
                    ) -> dict[str, Loaded]:
    """``loaded`` without the target series the window cannot involve (for the source line).

    DFEDTAR (to 2008-12-15) matters when the window starts on or before 2008-12-16 (a cycle
    crossing the splice uses both), DFEDTARU/DFEDTARL when it ends on or after that day.
    """
    skip = set()
    if start >= FIRST_TARGET_DATE:
        skip.add("DFF")
    if start > RANGE_START_DATE:
        skip.add("DFEDTAR")
    if end < RANGE_START_DATE:
        skip.update({"DFEDTARU", "DFEDTARL"})
    return {k: v for k, v in loaded.items() if k not in skip}


def _empty_series() -> pd.Series:
    return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"))


def fed_moves(loaded: dict[str, Loaded]) -> KnownMoves | None:
    """The target's moves from whichever target series loaded (:class:`analytics.regimes.KnownMoves`),
    or ``None`` when none did.

    The range era needs both limits; with only DFEDTAR the cycles stop in 2008 and with only
    the limits they start in 2008-12 (the first cycle then begins with the 2015 hike).

    Raises:
        ValueError: from :mod:`analytics.regimes` on malformed target series.
    """
    single = loaded["DFEDTAR"].data if "DFEDTAR" in loaded else None
    has_range = "DFEDTARU" in loaded and "DFEDTARL" in loaded
    if single is None and not has_range:
        return None
    upper = loaded["DFEDTARU"].data if has_range else _empty_series()
    lower = loaded["DFEDTARL"].data if has_range else _empty_series()
    target = to_fed_target(single if single is not None else _empty_series(), upper, lower)
    return KnownMoves.of(calc_fed_moves(target))


def cycles_as_of(known: KnownMoves | None, dff: pd.Series | None, as_of: pd.Timestamp | None = None
                 ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The Fed cycles and their events known on ``as_of`` (a window's end; ``None``: all): the
    moves announced by then (a band over the 2025 pause said "cutting" from the cuts of its
    autumn, as of June), after DFF's cycles of 1954-1982 when ``dff`` is given
    (:func:`analytics.regimes.calc_dff_cycles`, as in the event study). (None, None): no target."""
    earlier = calc_dff_cycles(dff, as_of=as_of) if dff is not None else None
    if known is None:
        cycles = earlier
    else:
        cycles = known.cycles(len(known.moves) if as_of is None else known.known(as_of))
        cycles = cycles if earlier is None else join_cycles(earlier, cycles)
    return cycles, (calc_fed_events(cycles) if cycles is not None else None)


def fed_cycles_and_events(loaded: dict[str, Loaded], *, pre_target: bool = False, as_of: pd.Timestamp | None = None
                          ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """:func:`cycles_as_of` of the loaded target series (and DFF with ``pre_target``)."""
    dff = loaded["DFF"].data if pre_target and "DFF" in loaded else None
    return cycles_as_of(fed_moves(loaded), dff, as_of)


def relative_context(loaded: dict[str, Loaded], small: pd.Series, *, end: pd.Timestamp,
                     cycles=None) -> tuple[RelativeContext, list[str]]:
    """The context layers of the chart and a note for each one that could not be drawn.

    Drawdown episodes use the small-cap levels up to the window end (what was known then):
    a trough is the lowest point of its episode as of the window end.
    """
    notes = []
    compute, cycles, events = cycles or fed_cycles_and_events, None, None
    try:
        cycles, events = compute(loaded)
    except ValueError as exc:
        notes.append(f"Fed cycles not shown: {exc}")
    if cycles is None and not notes:
        notes.append("Fed cycles not shown: no fed funds target series in this data source")
    if "USREC" not in loaded:
        notes.append("recessions not shaded: no USREC series in this data source")
    try:
        episodes = tuple(calc_drawdown_episodes(small.loc[:end], min_depth=TROUGH_MIN_DEPTH))
    except ValueError as exc:
        episodes = ()
        notes.append(f"drawdown troughs not shown: {exc}")
    usrec = loaded["USREC"].data if "USREC" in loaded else None
    return RelativeContext(cycles=cycles, events=events, usrec=usrec, episodes=episodes), notes


@dataclass(frozen=True)
class RelativeResult:
    """What the relative panel shows: the frame of :func:`analytics.relative.to_relative_frame`
    over the window, the context layers, notes on layers not drawn, the source line; the
    view's ``transform`` with its frame (:func:`analytics.transforms.to_transform_frame`,
    ``None`` for ``level``) and ``scale``."""

    small: str
    large: str
    frame: pd.DataFrame
    context: RelativeContext
    notes: tuple[str, ...]
    source: str
    transform: str = "level"
    transformed: pd.DataFrame | None = None
    scale: str = "linear"


def compute(data, view) -> RelativeResult:
    """The relative panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    loaded = load(data, view.small, view.large, optional=CONTEXT_KEYS)
    small, large = loaded[view.small].data, loaded[view.large].data
    frame = to_relative_frame(small, large, start=pd.Timestamp(view.start), end=pd.Timestamp(view.end))
    pre_target = frame.index[0] < FIRST_TARGET_DATE and "DFF" in loaded
    keys = tuple(k for k in (*TARGET_KEYS, "DFF") if k in loaded and (k != "DFF" or pre_target))

    def cycles(_loaded):
        # the moves once per data version; the cycles known at the window's end once per moves known
        known = data.cached("relative:fed_moves", keys, lambda: fed_moves(load(data, optional=keys)), shared=False)
        end = frame.index[-1]
        dff = loaded["DFF"].data if pre_target else None
        at = (known.known(end) if known is not None else 0, f"{end:%Y-%m}" if pre_target else "")
        return data.cached("relative:fed_cycles", (*keys, *map(str, at)), lambda: cycles_as_of(known, dff, end),
                           shared=False)

    transform, scale = getattr(view, "transform", "level"), getattr(view, "scale", "linear")
    transformed = None
    if transform != "level":
        try:
            transformed = to_transform_frame(small, large, transform, start=pd.Timestamp(view.start),
                                             end=pd.Timestamp(view.end))
        except ValueError as exc:
            raise PanelError(f"Cannot draw the {transform} transform: {exc}.",
                             short=f"no {transform} values in this window") from exc
    context, notes = relative_context(loaded, small, end=frame.index[-1], cycles=cycles)
    if pre_target and context.cycles is not None:
        notes.append(PRE_TARGET_NOTE)
    if scale == "log" and transform != "level":
        notes.append("log scale applies to levels: percentages are drawn on a linear axis")
    mixed = mixed_returns_note(view.small, view.large)
    if mixed:
        notes.append(mixed)
    source = source_line(context_sources(loaded, start=frame.index[0], end=frame.index[-1]))
    return RelativeResult(view.small, view.large, frame, context, tuple(notes), source,
                          transform=transform, transformed=transformed, scale=scale)


def figure(result: RelativeResult, max_points: int | None = None) -> dict:
    shown = thin_rows(result.frame, ["small_rebased", "large_rebased", "ratio"], max_points)
    transformed = (None if result.transformed is None
                   else thin_rows(result.transformed, ["small", "large", "relative"], max_points))
    small_label, large_label = pair_labels(result.small, result.large)
    return relative_spec(shown, small_label=small_label, large_label=large_label,
                         source_line=result.source, context=result.context, scale=result.scale,
                         transform=result.transform, transformed=transformed)


def pair_labels(small: str, large: str) -> tuple[str, str]:
    """The pair's names for the chart; a total return against a price index says which is which
    ("iShares Russell 2000 ETF (total return) vs S&P 500 (price)"), the title's figure mixing them."""
    if is_total_return(small) == is_total_return(large):
        return label(small), label(large)
    return basis_labels(small, large)


def basis_labels(small: str, large: str) -> tuple[str, str]:
    """The pair's names with what each level is, for the data behind the chart: "Russell 2000
    (price)", "iShares Core S&P Small-Cap ETF (total return)" (a like pair's CSV did not say)."""
    return tuple(f"{label(k)} ({'total return' if is_total_return(k) else 'price'})" for k in (small, large))


def like_basis(small: str, large: str) -> str | None:
    """What a like pair measures, for the summary: "Both are price returns (index levels, without
    dividends)" or "Both are total returns (dividends included)"; None for a mixed pair (its note
    says more)."""
    if is_total_return(small) != is_total_return(large):
        return None
    return ("Both are total returns (dividends included)" if is_total_return(small)
            else "Both are price returns (index levels, without dividends)")


def mixed_returns_note(small: str, large: str) -> str | None:
    """What a pair of a total return and a price index measures ("IWM against the S&P 500": +9.0%
    over 2010-2020, RUT against it -6.3%): the dividends of one side only; None for a like pair."""
    if is_total_return(small) == is_total_return(large):
        return None
    total, price = (small, large) if is_total_return(small) else (large, small)
    return (f"the {label(total)} includes dividends (a total return) and the {label(price)} does not (a price "
            f"index), so the comparison favours the {label(total)} by the dividends (recently 1-2% a year, more in "
            "earlier decades); choose a like pair (two funds, or two indexes) to compare like with like")


def summary(result: RelativeResult) -> str:
    """Both returns, the relative return (the ratio's change, in %) and the return gap (pp)."""
    frame = result.frame
    last = frame.iloc[-1]
    text = (f"{label(result.small)} {signed_percent(last['small_rebased'] / 100 - 1)}, "
            f"{label(result.large)} {signed_percent(last['large_rebased'] / 100 - 1)}: "
            f"relative return {signed_percent(last['relative_return'])} (the ratio's change), "
            f"return gap {signed(100 * last['return_gap'], 1)} pp "
            f"({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}).")
    basis = like_basis(result.small, result.large)
    if basis:
        text += f" {basis}."
    if result.transformed is not None:
        t = result.transformed
        unit = "pp" if result.transform == "yoy" else "%"
        text += (f" Chart: {UNITS[result.transform].series.format(first=f'{frame.index[0]:%Y-%m-%d}')}; "
                 f"{UNITS[result.transform].relative_name} on {t.index[-1]:%Y-%m-%d}: "
                 f"{signed(100 * t['relative'].iloc[-1], 1)} {unit}.")
    if result.notes:
        notes = "; ".join(result.notes)
        text += f" {notes[0].upper()}{notes[1:]}."
    return text


def table(result: RelativeResult) -> pd.DataFrame:
    """The data behind the chart with both measures, units in the header."""
    frame = result.frame
    first = f"{frame.index[0]:%Y-%m-%d}"
    small, large = basis_labels(result.small, result.large)
    out = pd.DataFrame({
        f"{small} [Rebased ({first} = 100)]": frame["small_rebased"],
        f"{large} [Rebased ({first} = 100)]": frame["large_rebased"],
        f"{small} / {large} [Ratio (start = 1)]": frame["ratio"],
        "relative return [%]": 100 * frame["relative_return"],
        "return gap [pp]": 100 * frame["return_gap"],
    })
    if result.transformed is not None:  # the transform's columns (in %) replace the levels'
        t, units = result.transformed, UNITS[result.transform]
        series_unit = units.series.format(first=first)
        series_unit = series_unit if "%" in series_unit else f"{series_unit} (%)"
        out = pd.DataFrame({
            f"{small} [{series_unit}]": 100 * t["small"],
            f"{large} [{series_unit}]": 100 * t["large"],
            f"{small} vs {large} [{units.relative.format(first=first)}]": 100 * t["relative"],
            # then the title's measures on the same dates, so its figure can be rebuilt from the file
            f"relative return since {first} [%]": (100 * frame["relative_return"]).reindex(t.index),
            f"return gap since {first} [pp]": (100 * frame["return_gap"]).reindex(t.index),
        })
        frame = t
    out.index = pd.Index(frame.index.strftime("%Y-%m-%d"), name="date")
    return out


PANEL = Panel(name="relative", title=TITLE,
              reads=("small", "large", "start", "end", "note", "scale", "transform"),
              compute=compute, figure=figure, summary=summary, table=table, notes=True, version=3,
              series=lambda view: (view.small, view.large, *CONTEXT_KEYS))
