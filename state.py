"""The view state: one small typed object, parsed from and written to the query string.

Every control of the page reads and writes this object; a share link is its query string.
Parsing never fails: unknown or invalid values fall back to the nearest valid view and each
one ignored produces a notice saying what and why.

Query parameters (a public format: keep them stable):

========== ================================================ =====================
parameter  meaning                                          default
========== ================================================ =====================
start      window start, ``YYYY-MM-DD``                     3 years before end
end        window end, ``YYYY-MM-DD``                       ``asof`` when given (and
                                                            after ``start``), else
                                                            the last observation
small      small-cap series key (``RUT``, ``IWM``, ...)     ``RUT``
large      large-cap series key (``GSPC``, ``SPY``, ...)    ``GSPC``
freq       ``D``, ``W`` or ``M``                            ``D``
window     correlation window in periods (5..520)           63
asof       as-of date for headline facts and the event  last observation
           study, ``YYYY-MM-DD``
event      ``first_hike``, ``last_hike``, ``first_cut``,    ``last_hike``
           ``last_cut``
universe   company universe name (``upload:<name>`` for an  none
           upload)
rank_by    ``leverage`` or ``return``                       ``return``
mstart     leverage measure window start, ``YYYY-MM-DD``    window end
mend       leverage measure window end, ``YYYY-MM-DD``      one month after mstart
hstart     start of the universe panel's "old high"         2021-01-01
           window, ``YYYY-MM-DD``
hend       end of that high window, ``YYYY-MM-DD``          2021-12-31
overlay    up to 3 series keys drawn on the rates and spreads   none
           charts, comma-separated (``VIXCLS,DGS3MO``)
note       a note pinned to a date on the time charts,      none
           ``YYYY-MM-DD:text``; repeatable, at most
           :data:`MAX_NOTES` of :data:`MAX_NOTE_LENGTH`
           characters
scale      ``linear`` or ``log``: the y axis of the         ``linear``
           relative panel's level chart (and its ratio)
transform  the relative panel's measure: ``level``,         ``level``
           ``change``, ``yoy``, ``rolling12`` or
           ``drawdown`` (see :mod:`analytics.transforms`)
========== ================================================ =====================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode

from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS

FREQS = ("D", "W", "M")
EVENTS = ("first_hike", "last_hike", "first_cut", "last_cut")
RANK_BY = ("leverage", "return")
SCALES = ("linear", "log")
#: The relative panel's transforms (:data:`analytics.transforms.TRANSFORMS`, same order).
TRANSFORMS = ("level", "change", "yoy", "rolling12", "drawdown")
WINDOW_BOUNDS = (5, 520)
DEFAULT_YEARS = 3
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # not 20200101 or 2020-W01-1
MAX_VALUE_LENGTH = 80  # an upload name is "upload:" and up to 60 characters
MAX_NOTES = 5
MAX_OVERLAYS = 3
#: Series that cannot be an overlay (a 0/1 flag is drawn as shading already).
NOT_OVERLAYS = ("USREC",)
MAX_NOTE_LENGTH = 80  # characters of a note's text
#: Parameters that may repeat (each value is one item of a tuple field).
REPEATABLE = ("note",)


#: Trading days per period of each frequency (for converting a correlation window).
PERIOD_DAYS = {"D": 1, "W": 5, "M": 21}
PERIOD_WORDS = {"D": "day", "W": "week", "M": "month"}


#: The correlation window of each frequency when a converted one is too short: the facts'
#: (:data:`analytics.facts_rates.CORRELATION_WINDOWS`): 63 days, 26 weeks, 24 months.
FREQ_WINDOWS = {"D": 63, "W": 26, "M": 24}


def convert_window(window: int, old: str, new: str) -> tuple[int, str]:
    """A correlation window of ``window`` periods of ``old`` as the same span in periods of
    ``new`` (63 days -> 13 weeks), and a sentence saying what was done. A span under
    :data:`WINDOW_BOUNDS`' minimum (63 days are 3 months) is the frequency's own window
    (:data:`FREQ_WINDOWS`: 24 months; the minimum, 5 months, was a correlation of five points);
    one over its maximum is the maximum."""
    exact = window * PERIOD_DAYS[old] / PERIOD_DAYS[new]
    converted = max(1, round(exact))
    low, high = WINDOW_BOUNDS
    words = lambda n, f: f"{n} {PERIOD_WORDS[f]}{'' if n == 1 else 's'}"  # noqa: E731
    text = f"Correlation window: {words(window, old)} is about {words(converted, new)}"
    if converted < low:
        own = FREQ_WINDOWS[new]
        return own, (f"{text}, under the minimum of {low} periods: using {words(own, new)}, the window for "
                     f"{PERIOD_WORDS[new]}ly changes (a different span).")
    if converted > high:
        clamped = min(max(converted, low), high)
        return clamped, (f"{text}, outside the allowed {low}-{high} periods: using {words(clamped, new)} "
                         "(a different span).")
    return converted, text + " (the same span)."


@dataclass(frozen=True)
class ViewChoices:
    """The view's settings that a link states and a resolved view keeps (declared once for
    :class:`ViewState` and :class:`panels.view.ResolvedView`); dates ``None`` = default."""

    freq: str = "D"
    window: int = 63
    event: str = "last_hike"
    universe: str | None = None
    rank_by: str = "return"
    mstart: dt.date | None = None
    mend: dt.date | None = None
    hstart: dt.date | None = None
    hend: dt.date | None = None
    overlay: str | None = None
    note: tuple[str, ...] = ()
    scale: str = "linear"
    transform: str = "level"
    #: A pinned link's data as it was: the last date of each series the view read that ended
    #: before the view's end then, ``"BAMLH0A0HYM2:2026-03-26,DFEDTARU:2026-06-05"`` (sorted by key);
    #: the series are cut there, so a later snapshot that fills them in does not change the view.
    known: str | None = None


#: The link's parameters in the order a link writes them.
PARAMS = ("start", "end", "small", "large", "freq", "window", "asof", "event", "universe", "rank_by",
          "mstart", "mend", "hstart", "hend", "overlay", "note", "scale", "transform", "known")
#: At most this many series in ``known`` (a view reads about 15).
MAX_KNOWN = 30


@dataclass(frozen=True)
class ViewState(ViewChoices):
    """Everything that defines a view. Dates are ``datetime.date`` or ``None`` (= default)."""

    start: dt.date | None = None
    end: dt.date | None = None
    small: str = "RUT"
    large: str = "GSPC"
    asof: dt.date | None = None

    def to_query(self) -> str:
        """The query string (without ``?``) of the non-default values, in a stable order."""
        default = ViewState()
        pairs = []
        for name in PARAMS:
            value = getattr(self, name)
            if value is None or value == getattr(default, name):
                continue
            if name in REPEATABLE:
                pairs.extend((name, item) for item in value)
                continue
            pairs.append((name, value.isoformat() if isinstance(value, dt.date) else str(value)))
        return urlencode(pairs)

    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings) in the link's order, for ``dcc.Store``."""
        out = {name: getattr(self, name) for name in PARAMS}
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping | None) -> "ViewState":
        """Inverse of :meth:`to_dict`; invalid entries (or a value that is not a dict at all,
        as a tampered store may send) fall back to defaults silently."""
        if not isinstance(data, Mapping):
            return cls()
        state, _ = parse_params(_as_pairs(data))
        return state

    def validated(self, *, series_keys: Iterable[str] | None = None,
                  universes: Iterable[str] | None = None) -> tuple["ViewState", list[str]]:
        """This state checked exactly as a link is (:func:`parse_params`), with notices.

        For states built from values that did not come through the parser (control values
        posted by a browser, which may be anything): an invalid field falls back to its default.
        """
        given = {k: v for k, v in self.to_dict().items() if v is not None}
        return parse_params(_as_pairs(given), series_keys=series_keys, universes=universes)

    def with_window(self, start: dt.date | None, end: dt.date | None) -> "ViewState":
        """A copy with a new window (``None`` restores the default)."""
        return replace(self, start=start, end=end)


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` earlier (negative: later); 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _as_pairs(data: Mapping) -> list[tuple[str, str]]:
    pairs = []
    for k, v in data.items():
        if str(k) in REPEATABLE and isinstance(v, (list, tuple)):
            pairs.extend((str(k), str(item)) for item in v)
        elif not (str(k) in REPEATABLE and not v):
            pairs.append((str(k), "" if v is None else str(v)))
    return pairs


def parse_query(query: str | None, *, series_keys: Iterable[str] | None = None,
                universes: Iterable[str] | None = None) -> tuple[ViewState, list[str]]:
    """Parse a query string (with or without ``?``) into a state and notices.

    Args:
        query: The raw query string from the URL.
        series_keys: Keys the data source can serve; ``small``/``large`` must be among them.
        universes: Known universe names; ``None`` accepts any well-formed name.
    """
    if isinstance(query, bytes):
        query = query.decode("utf-8", "replace")
    if query is not None and not isinstance(query, str):
        return ViewState(), ["The link could not be read (not text); opened the default view."]
    text = (query or "").lstrip("?")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="replace", max_num_fields=100)
    except ValueError:
        return ViewState(), ["The link has too many parameters; opened the default view."]
    return parse_params(pairs, series_keys=series_keys, universes=universes)


def parse_params(pairs: list[tuple[str, str]], *, series_keys: Iterable[str] | None = None,
                 universes: Iterable[str] | None = None) -> tuple[ViewState, list[str]]:
    """Validate ``(name, value)`` pairs; see :func:`parse_query`."""
    keys = set(series_keys) if series_keys is not None else None
    known_universes = set(universes) if universes is not None else None
    notices: list[str] = []
    values: dict = {}
    seen: set[str] = set()
    names = {f.name for f in fields(ViewState)}
    for name, raw in pairs:
        shown = _shown(raw)
        if name not in names:
            notices.append(f"Ignored unknown parameter {_shown(name)}.")
            continue
        if name in REPEATABLE:
            try:
                item = _parse_note(raw)
            except ValueError as exc:
                notices.append(f"Ignored {name}={shown}: {exc}.")
                continue
            items = values.setdefault(name, ())
            if len(items) >= MAX_NOTES:
                notices.append(f"Ignored {name}={shown}: at most {MAX_NOTES} notes.")
            elif item in items:
                notices.append(f"Ignored repeated {name}={shown}: the same note is shown once.")
            else:
                values[name] = (*items, item)
            continue
        if name in seen:
            notices.append(f"Ignored repeated {name}={shown}: the first value is used.")
            continue
        seen.add(name)
        if name in ("overlay", "known"):  # lists of series: each part kept or ignored on its own
            kept, problems = (_parse_overlay if name == "overlay" else parse_known)(raw, keys)
            notices.extend(f"Ignored {name} {problem}." for problem in problems)
            if kept:
                values[name] = kept
            continue
        try:
            values[name] = _parse_value(name, raw, keys, known_universes)
        except ValueError as exc:
            notices.append(f"Ignored {name}={shown}: {exc}.")
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        values["start"], values["end"] = end, start
        notices.append("start was after end: the two dates were swapped.")
    for first, last in (("mstart", "mend"), ("hstart", "hend")):
        low, high = values.get(first), values.get(last)
        if low and high and low > high:
            values[first], values[last] = high, low
            notices.append(f"{first} was after {last}: the two dates were swapped.")
    default = ViewState()
    for name in ("large", "small"):  # a pair of one series: reset the one the link set, large first
        same = values.get("small", default.small) == values.get("large", default.large)
        if same and name in values:
            notices.append(f"small and large were both {values[name]}: {name} reset to its default.")
            values.pop(name)
    return ViewState(**values), notices


def _parse_note(raw: str) -> str:
    """``YYYY-MM-DD:text`` with printable text of 1 to :data:`MAX_NOTE_LENGTH` characters."""
    day, sep, text = raw.strip().partition(":")
    if not sep:
        raise ValueError("a note is written YYYY-MM-DD:text")
    parse_date(day)
    text = " ".join(text.split())
    if not text:
        raise ValueError("the note has no text")
    if len(text) > MAX_NOTE_LENGTH:
        raise ValueError(f"a note has at most {MAX_NOTE_LENGTH} characters")
    if not all(ch.isprintable() for ch in text):
        raise ValueError("the note has characters that cannot be shown")
    return f"{day}:{text}"


def _is_key(key: str) -> bool:
    """A series key as written: 1-40 letters, digits, ``_`` or ``-``."""
    return 0 < len(key) <= 40 and all(ch.isalnum() or ch in "_-" for ch in key)


def _listed_problem(key: str, keys: set[str] | None, chosen, limit: int, what: str) -> str | None:
    """Why ``key`` cannot join a link's list of series ``chosen`` (None: it can)."""
    if keys is not None and key not in keys:
        return "not a series this data source has"
    if key in chosen:
        return "listed twice"
    if len(chosen) >= limit:
        return f"at most {limit} {what}"
    return None


def _parse_overlay(raw: str, keys: set[str] | None) -> tuple[str | None, list[str]]:
    """The overlay keys of ``raw`` (comma-separated) that are usable, joined by commas, and
    what was left out and why."""
    kept: list[str] = []
    problems: list[str] = []
    for part in raw.split(",")[:20]:
        key = part.strip().upper()
        if not key:
            continue
        shown = _shown(part.strip())
        problem = ("not a series key" if not _is_key(key) else
                   "a recession flag (drawn as shading already)" if key in NOT_OVERLAYS else
                   _listed_problem(key, keys, kept, MAX_OVERLAYS, "overlays"))
        if problem:
            problems.append(f"{shown}: {problem}")
        else:
            kept.append(key)
    if not kept and not problems:
        problems.append(f"{_shown(raw)}: no series key")
    return (",".join(kept) or None), problems


def parse_known(raw: str, keys: set[str] | None = None) -> tuple[str | None, list[str]]:
    """The ``known`` part of a link (``KEY:YYYY-MM-DD,...``) in its canonical form (sorted by key)
    and what was left out and why."""
    dates: dict[str, dt.date] = {}
    problems: list[str] = []
    for part in str(raw).split(",")[:MAX_KNOWN * 2]:
        key, sep, day = part.strip().partition(":")
        key = key.strip().upper()
        if not key and not sep:
            continue
        shown = _shown(part.strip())
        try:
            if not sep or not _is_key(key):
                raise ValueError("written KEY:YYYY-MM-DD")
            when = parse_date(day.strip())
        except ValueError as exc:
            problems.append(f"{shown}: {exc}")
            continue
        problem = _listed_problem(key, keys, dates, MAX_KNOWN, "series")
        if problem:
            problems.append(f"{shown}: {problem}")
        else:
            dates[key] = when
    if not dates and not problems:
        problems.append(f"{_shown(str(raw))}: no series")
    text = ",".join(f"{k}:{dates[k].isoformat()}" for k in sorted(dates))
    return (text or None), problems


def known_dates(known: str | None) -> dict[str, dt.date]:
    """``{key: date}`` of a canonical ``known`` value (:func:`parse_known`); {} for None."""
    return {key: dt.date.fromisoformat(day) for key, day in
            (part.split(":", 1) for part in (known or "").split(",") if ":" in part)}


def _shown(raw: str) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in raw)
    return repr(clean[:MAX_VALUE_LENGTH] + ("..." if len(clean) > MAX_VALUE_LENGTH else ""))


#: The series a link may name as either side of the pair: the indexes and funds the controls offer
#: (either side, so "small=IJR&large=IWM" stays a link).
PAIR_KEYS = frozenset(SMALL_CAP_KEYS + LARGE_CAP_KEYS)


def _parse_value(name: str, raw: str, keys: set[str] | None, universes: set[str] | None):
    value = raw.strip()
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueError("value too long")
    if name in {"start", "end", "asof", "mstart", "mend", "hstart", "hend"}:
        return parse_date(value)
    if name in {"small", "large"}:
        key = value.upper()
        if key not in PAIR_KEYS and (keys is None or key in keys):
            # ("small=T10Y2Y": the facts said "The T10Y2Y is up 614.3% since the election", a record)
            raise ValueError("not an index or fund: a yield, spread or indicator cannot be a side of the pair")
        if keys is not None and key not in keys:
            raise ValueError("not a series this data source has")
        if keys is None and not key.replace("_", "").isalnum():
            raise ValueError("not a series key")
        return key
    if name == "freq":
        if value.upper() not in FREQS:
            raise ValueError(f"frequency must be one of {', '.join(FREQS)}")
        return value.upper()
    if name == "window":
        if not (value.isascii() and value.isdigit()):
            raise ValueError("window must be a whole number of periods")
        number = int(value)
        low, high = WINDOW_BOUNDS
        if not low <= number <= high:
            raise ValueError(f"window must be between {low} and {high}")
        return number
    if name == "event":
        if value not in EVENTS:
            raise ValueError(f"event must be one of {', '.join(EVENTS)}")
        return value
    if name == "rank_by":
        if value not in RANK_BY:
            raise ValueError(f"rank_by must be one of {', '.join(RANK_BY)}")
        return value
    if name == "scale":
        if value.lower() not in SCALES:
            raise ValueError(f"scale must be one of {', '.join(SCALES)}")
        return value.lower()
    if name == "transform":
        if value.lower() not in TRANSFORMS:
            raise ValueError(f"transform must be one of {', '.join(TRANSFORMS)}")
        return value.lower()
    if name == "universe":
        if not value or not all(ch.isalnum() or ch in "-_.:" for ch in value) or value[0] in ".:":
            raise ValueError("not a universe name")
        if universes is not None and value not in universes:
            raise ValueError("no such universe")
        return value
    raise ValueError("unsupported parameter")  # pragma: no cover - names are checked first


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` between 1900 and 2100; ``ValueError`` with a reason otherwise."""
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except (ValueError, TypeError):
        raise ValueError("not a date in the form YYYY-MM-DD") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ValueError("date out of range")
    return day
