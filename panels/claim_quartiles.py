"""The leverage quartiles a claim about companies by leverage is checked against
(:mod:`analytics.claims.leverage_measures`): the index's membership list in force when the span
starts, ranked by the debt-to-equity in force that day and measured over the span, as the
leverage panel ranks and measures (:func:`analytics.leverage.compute_quartiles`). No Dash here.
"""

from __future__ import annotations

from typing import Callable, Iterable

import pandas as pd

from analytics.claims.base import NotCheckable, iso, name
from analytics.claims.leverage_measures import QuartileReturns
from analytics.leverage import LeverageInputError, QuartileSpec, compute_quartiles
from loaders.base import LoaderError
from loaders.universe import list_date

#: The membership lists of an index, by the start of their names (dated lists in the folder, the
#: live source's fund holdings, the demo's list).
INDEX_LISTS = {"RUT": ("russell2000", "ishares:IWM", "demo_smallcap"), "IJR": ("sp600", "ishares:IJR")}


def pick_list(names: Iterable[str], index: str, start: pd.Timestamp) -> tuple[str, str]:
    """``(list, note)``: the latest list of ``index`` dated on or before ``start``; else the
    earliest dated after it (said in the note: members that left before it are missing); else an
    undated one (today's holdings, the demo's list).

    Raises:
        NotCheckable: the source has no list of the index.
    """
    candidates = sorted(n for n in names if n.startswith(INDEX_LISTS.get(index, ())))
    if not candidates:
        raise NotCheckable(f"this data source has no membership list of the {name(index)} to rank by leverage")
    dated = sorted((list_date(n), n) for n in candidates if list_date(n) is not None)
    before = [n for d, n in dated if d <= start]
    if before:
        return before[-1], ""
    if dated:
        return dated[0][1], (f"no list dated on or before {iso(start)}: the earliest after it, whose members "
                             "are those still in the index then")
    return candidates[0], "an undated list: the source's current members"


def quartile_provider(universe) -> Callable[[str, pd.Timestamp, pd.Timestamp], QuartileReturns] | None:
    """``quartiles(index, start, end)`` on ``universe`` (a :class:`loaders.universe.UniverseData`),
    or None without one; each span computed once per provider (one per checked text)."""
    if universe is None:
        return None
    # a text's claims (and their retries at the close before the publication day) share spans
    done: dict[tuple, QuartileReturns | NotCheckable] = {}

    def quartiles(index: str, start: pd.Timestamp, end: pd.Timestamp) -> QuartileReturns:
        key = (index, start, end)
        if key not in done:
            try:
                done[key] = _quartiles(index, start, end)
            except NotCheckable as exc:
                done[key] = exc
        if isinstance(done[key], NotCheckable):
            raise done[key]
        return done[key]

    def _quartiles(index: str, start: pd.Timestamp, end: pd.Timestamp) -> QuartileReturns:
        try:
            chosen, note = pick_list(universe.list_universes(), index, start)
            members = universe.members(chosen).data["ticker"]
            spec = QuartileSpec("leverage", rank_end=start, measure_start=start, measure_end=end)
            last = universe.prices_provenance().last
            if last is not None and end > pd.Timestamp(last) + pd.Timedelta(days=spec.max_stale_days):
                raise NotCheckable(f"the company prices end on {iso(last)}, before {iso(end)}")
            result = compute_quartiles(members, universe.statements(), universe.price_history(), spec)
        except (LoaderError, LeverageInputError) as exc:
            raise NotCheckable(f"the leverage quartiles cannot be computed: {exc}") from None
        means = tuple(q.mean_return for q in result.quartiles)
        if len(means) != 4 or any(m is None for m in means):
            raise NotCheckable(f"{chosen}: too few companies with returns from {iso(start)} to {iso(end)} "
                               "for four quartiles")
        return QuartileReturns(chosen, result.spec.as_of_leverage, start, end, means,
                               tuple(q.n for q in result.quartiles), result.members, note)

    return quartiles


__all__ = ["INDEX_LISTS", "pick_list", "quartile_provider"]
