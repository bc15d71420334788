"""What a clause claims, before any data is read (:class:`Spec`), and the series keys the
readers use (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.claims.clauses import Clause
from analytics.claims.dates import Period, Since
from analytics.claims.figures import Figure

#: Small-cap and large-cap keys of the pair the product compares.
SMALL, LARGE = "RUT", "GSPC"
#: Funds read as indexes are read on their closes adjusted for dividends (:data:`FUNDS`).
INDEXES = ("RUT", "GSPC", "IXIC", "IWM", "SPY", "IJR", "IWB")
#: The exchange-traded funds the data has, as adjusted closes (a total return, not the traded price).
FUNDS = ("IWM", "SPY", "IJR", "IWB")
RATES = ("DGS10", "DGS2", "T10Y2Y")
SPREADS = ("BAMLH0A0HYM2", "BAMLC0A0CM")


@dataclass
class Spec:
    """What a clause claims, before any data is read.

    Attributes:
        clause: The clause.
        measure: One of the measures of the record (``return``, ``drawdown``, ...).
        series: Loader key, pair ``RUT-GSPC``, correlation ``RUT~DGS10``, or None.
        period: The period, for returns and changes.
        stated: The figure as written in the record's unit (returns as decimals, levels in
            percent, changes in pp), or None.
        qualifier: ``about``, ``nearly``, ``more than``, ``at least``, ``less than`` or None.
        since: The record's "since" as written, or None.
        direction: ``"high"`` or ``"low"`` for records and peaks.
        status: ``"correction"``, ``"bear market"`` or (a rise from a low) ``"bull market"``
            when the clause states one; ``"below"`` for a drawdown said without a figure
            ("remains below its November record").
        peak: For a drawdown: the stated peak's month or year ("its January peak"); for a rise
            from a low the stated low's day, month or year ("its April 8 low").
        trough: A rise from a low ("24% above its April low"), measured as a drawdown's mirror.
        seasonal: A record among the same quarter or month of each year ("its best first quarter
            since 2019", "its worst September since 2002"), not among every quarter or month.
        rank: The rank a record states ("its second-best day on record": 2), else None (1); 0 for
            "the first since" a date (a Fed move, an inversion, a level crossed).
        negated: A record denied ("has not closed at a record in three years").
        streak: ``(n, unit, exact)`` of "for a fifth straight session" (exact: an ordinal, the
            streak is that long; a count, "for two straight years", at least that long); unit
            ``session``, ``week``, ``month``, ``quarter`` or ``year``.
        event: For ``event_outcome`` and "since the Fed's first hike": ``(event type, month)``.
        horizon: Months after the event (``event_outcome``).
        share: Stated share of events, e.g. ``"most"`` (``event_outcome``).
        statistic: ``"mean"`` or ``"median"``: the stated figure is that of the return gaps across
            the events ("beaten the S&P 500 by an average of 5 percentage points in the year after
            the Fed's first cut"; ``event_outcome``).
        unsigned: The figure has no stated direction (compare magnitudes).
        unsupported: Why the clause cannot be checked (no data, needs other data), or None.
        count: ``(n, ordinal)`` of "57 record closes in 2024" (``(57, False)``) or "its third record
            close of the year" (``(3, True)``: the period's last close is the third record), for
            ``record_count``.
        tally: ``(k, m, unit)`` of "in seven of the past ten years": ``k`` of the latest ``m``
            periods (``year``, ``quarter``, ``month``, ``week``, ``session``) went the stated way.
        bounds: The Fed's target range as written (``(5.25, 5.5)``; ``stated`` is its midpoint).
        window: Sessions of a moving average (``moving_average``: "its 200-day moving average").
        annualized: The figure is a yearly rate ("7% a year over the past decade"): the period's
            return compounded to one year.
        start_at: A move's starting level, the span it was in and the extreme it was, if any ("rose
            100 basis points from 3.6% in September": ``(3.6, September, None)``): its base is that
            span's close nearest it ("fell 60 basis points from a peak of 4.8% in January": the
            span's highest close, ``"high"``; ``"low"`` for a low).
        ties: A level record said to be matched ("matching its record low"): an earlier equal
            value does not break it, only a more extreme one.
        near: A level record said to be near ("near its tightest since 2007", "near record
            highs"): the record is the past year's extreme (the whole history's for a record
            high), and the level within :data:`analytics.claims.verdict.NEAR_RECORD` of it.
        given_back: Gains given back or losses recouped over the period ("has given back all of its
            post-election gains"): ``("gains" or "losses", least share, most share or None)`` of
            the period's largest running gain (loss) that the last close has given back (recouped).
        last_since: A win denied since a date, by unit ("have not outperformed large caps in a
            calendar year since 2020": ``"year"``): the last complete such period that went the
            stated way must fall in ``since``.
        first_in: "Its first gain in three sessions": ``(3, "session")``, the latest period (to the day
            named) went ``direction``'s way and the ones before it within the count did not.
        leverage: A claim about companies by leverage (``leverage_quartile``): ``(group, mode,
            episode, month)``: ``"most"`` or ``"least"`` leveraged quartile; ``"extreme"`` of the four
            ("fell hardest"), compared with the ``"other"`` end ("lagged") or its ``"own"`` return
            ("have rebounded 30%"); ``"selloff"``,
            ``"bear market"``, ``"rebound"`` or None (then ``period`` or ``event``); the month or year
            naming it ("the April selloff", "the 2022 bear market").
        corr_window: A correlation's window as written (``("M", 24)`` for "its 24-month
            correlation", ``("D", 63)``): that window only; None: the facts' three windows.
        record_peak: The peak a drawdown is measured from is called a record ("its November record",
            "its all-time high set in November"): its close is checked against the closes before it
            (a close below an earlier one is said so; an intraday record is not in the data).
        notes: Assumptions made in reading it (one short phrase each).
    """

    clause: Clause
    measure: str
    series: str | None = None
    period: Period | None = None
    stated: float | None = None
    qualifier: str | None = None
    since: Since | None = None
    direction: str | None = None
    status: str | None = None
    peak: Since | None = None
    event: tuple[str, Since | None] | None = None
    horizon: int | None = None
    share: str | None = None
    statistic: str | None = None
    trough: bool = False
    rank: int | None = None
    seasonal: bool = False
    negated: bool = False
    streak: tuple[int, str, bool] | None = None
    unsigned: bool = False
    unsupported: str | None = None
    notes: list[str] = field(default_factory=list)
    figure: "Figure | None" = None
    annualized: bool = False
    tally: tuple[int, int, str] | None = None
    count: tuple[int, bool] | None = None
    window: int | None = None
    bounds: tuple[float, float] | None = None
    start_at: tuple[float, "Period", str | None] | None = None
    near: bool = False
    ties: bool = False
    given_back: tuple[str, float, float | None] | None = None
    last_since: str | None = None
    first_in: tuple[int, str] | None = None
    leverage: tuple[str, str, str | None, Since | None] | None = None
    record_peak: bool = False
    corr_window: tuple[str, int] | None = None
