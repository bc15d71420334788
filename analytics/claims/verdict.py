"""Tolerances: when a stated figure is consistent with the computed one.

The tolerance is the precision the figure is written with (half a unit of its last digit:
"8%" covers 7.5% to 8.5%, "1.2%" 1.15% to 1.25%), with a floor for closing-price differences
between data vendors, widened by its qualifier, and capped so that a figure off by more than
1 pp (returns, drawdowns, relative returns) or 0.1 pp (yields, spreads and their changes; a
change of more than 2 pp by 5% of it: "12 percentage points" is 11.5 to 12.5) is always
``differs``:

==================  ==============================  ==========================================
kind (unit)         plain figure                    "about" / "roughly" / "around"
==================  ==============================  ==========================================
return (decimal)    half a unit, at least 0.1 pp    a fifth of the figure, at most 1 pp and
                                                    at least the plain tolerance ("about 3%":
                                                    2.4% to 3.6%)
level (percent)     half a unit, at least 0.05 pp   0.1 pp
change (pp)         half a unit, at least 0.02 pp,  a fifth of the move, at most 0.1 pp (or
                    at most 0.1 pp or 5% of the     5% of it) and at least the plain
                    move                            tolerance ("about 17 basis points": 14 to
                                                    20, not 11)
coefficient         half a unit, at least 0.05      0.1
index level         half a unit, at least 0.05%     1% of the level
index points move   half a unit, at least 0.1       5% of the move, at least 1 point
multiple ("doubled") 0.05 times                     0.1 times
==================  ==============================  ==========================================

A level said to be near a record (:data:`NEAR_RECORD`): an index within 5% of the record close,
a yield or spread within 0.25 pp of it.

One-sided qualifiers compare magnitudes and are bounds, not roundings: "more than 8%" needs at
least 8% less the floor of the plain tolerance (closing-price differences between vendors only:
7.9%, not 7.5%); "at least 8%" the same; "less than 8%" at most 8% plus that floor; "nearly 8%" between
8% less the "about" tolerance and 8% plus the plain one (a figure not yet reached). Signs must
agree (a stated fall is never consistent with a rise) unless the text gave none.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How far a level may be from a record it is said to be near ("near record highs", "near their
#: tightest since 2007"): an index within 5% of the record close, a yield or spread within 0.25 pp.
NEAR_RECORD = {"points": ("relative", 0.05), "percent": ("pp", 0.25)}

#: kind -> (floor of the plain tolerance, the "about" tolerance = the cap), in the record's unit.
TOLERANCES = {
    "decimal": (0.001, 0.01),
    "percent": (0.05, 0.1),
    "pp": (0.02, 0.1),
    "coefficient": (0.05, 0.1),
    "multiple": (0.05, 0.1),
}
#: "About" a return covers at most this share of the figure (and at least its plain tolerance).
ABOUT_SHARE = 0.2
#: A change in pp may be rounded by up to this share of the figure (at least the 0.1 pp cap): "12
#: percentage points" covers 11.5 to 12.5, "2 percentage points" 1.9 to 2.1.
PP_SHARE = 0.05
#: What one written unit of the figure is in the record's unit (a "%" of a return is 0.01).
SCALES = {"decimal": 0.01, "percent": 1.0, "pp": 1.0, "coefficient": 1.0, "points": 1.0, "point_change": 1.0,
          "multiple": 1.0}


@dataclass(frozen=True)
class Check:
    """The outcome of comparing a figure: ``ok`` and the tolerance used (record unit)."""

    ok: bool
    tolerance: float


def half_unit(decimals: int, unit: str, figure_unit: str = "") -> float:
    """Half a unit of the last written digit, in the record's unit (bp figures count in bp)."""
    scale = SCALES[unit] / (100 if figure_unit == "bp" else 1)
    return 0.5 * 10 ** (-decimals) * scale


def vendor_floor(unit: str, stated: float) -> float:
    """The floor of a figure's plain tolerance: how far published closes differ (an index level's
    0.05%, a yield's or spread's 0.05 pp, ...), in the record's unit."""
    if unit == "points":
        return 0.0005 * abs(stated)
    if unit == "point_change":
        return 0.1
    return TOLERANCES[unit][0]


def compare(stated: float, computed: float, unit: str, *, decimals: int = 0, qualifier: str | None = None,
            unsigned: bool = False, figure_unit: str = "") -> Check:
    """Whether ``computed`` is consistent with ``stated`` (see the module docstring)."""
    floor = vendor_floor(unit, stated)
    if unit == "points":  # an index level: relative (0.05% of the level, 1% with "about")
        about = 0.01 * abs(stated)
    elif unit == "point_change":  # a move in index points ("fell 40 points"): two closes' vendor noise
        about = max(1.0, 0.05 * abs(stated))
    else:
        about = TOLERANCES[unit][1]
        if unit == "pp":  # a change of many points: "narrowed by nearly 12 percentage points" (11.73) is
            about = max(about, PP_SHARE * abs(stated))  # rounded to the point, not to 0.1 pp
    plain = min(max(half_unit(decimals, unit, figure_unit), floor), about)
    if unit in ("decimal", "pp"):  # "about 3%" is 2.4% to 3.6%, not 2% (a fifth of the figure, at most
        about = max(plain, min(about, ABOUT_SHARE * abs(stated)))  # the cap); "about 17 bp" not 11
    if unsigned:
        stated, computed = abs(stated), abs(computed)
    elif stated != 0 and computed != 0 and (stated > 0) != (computed > 0):
        return Check(False, plain)
    s, c = abs(stated), abs(computed)
    eps = 1e-12
    if qualifier == "about":
        return Check(abs(c - s) <= about + eps, about)
    if qualifier == "nearly":
        return Check(s - about - eps <= c <= s + plain + eps, about)
    if qualifier in ("more than", "at least"):  # a bound, not a rounding: the vendors' floor only
        return Check(c >= s - floor - eps, floor)
    if qualifier == "less than":
        return Check(c <= s + floor + eps, floor)
    return Check(abs(computed - stated) <= plain + eps, plain)
