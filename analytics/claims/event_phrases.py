"""Phrases that name an event a span starts at: "since the Fed's first hike in March", "since
the Fed started cutting", "since the election" (pure)."""

from __future__ import annotations

import re

from analytics.claims import lexicon as lx
from analytics.claims.dates import count_words


def fed_event_type(m: re.Match) -> str:
    """``first_hike``, ``last_cut``, ... of a :data:`analytics.claims.lexicon.FED_EVENT_RE` match."""
    if m.group("verb3"):  # "the Fed starts cutting": its first cut; "stops hiking": its last hike
        first = m.group("verb3").lower().startswith(("start", "began", "begin", "kick"))
        kind = "cut" if m.group("move3").lower().startswith(("cut", "eas", "lower")) else "hike"
        return f"{'first' if first else 'last'}_{kind}"
    which = (m.group("which") or m.group("which2") or "last").lower()
    move = (m.group("move") or m.group("move2") or "hike").lower()
    first = which == "first"
    kind = "hike" if ("hike" in move or "increase" in move) else "cut"
    return f"{'first' if first else 'last'}_{kind}"


_SINCE_FED = re.compile(r"\bsince\s+(?:the\s+)?(?P<fed>(?:fed(?:eral reserve)?(?:'s)?|fomc(?:'s)?)\s+"
                        r"(?:(?:first|last|final|latest|most recent)\s+)?(?:rate\s+)?(?:hike|increase|cut|reduction)s?)"
                        r"(?:\s+(?:in|of)\s+(?P<month>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?))?", re.IGNORECASE)


#: "since the Fed started cutting rates in September", "since the Fed last raised rates", "since the
#: Fed's September cut", "since the Fed resumed cutting (rate cuts)", "started cutting again".
_SINCE_FED_VERB = re.compile(
    r"\bsince\s+(?:the\s+)?(?:fed(?:eral reserve)?|fomc|the central bank|policymakers|it|they)\s+"
    r"(?P<verb>started|start|began|begin|kicked off|first|last|resumed|resume|restarted)\s+"
    r"(?:(?:its|their)\s+)?(?:(?:interest[- ])?rate\s+)?(?P<move>cutting|cuts|cut|easing|eased|lowering|"
    r"lowered|hiking|hikes|hiked|raising|raised|tightening|tightened|increases|reductions)"
    r"(?:\s+again)?(?:\s+(?:interest\s+)?rates?)?(?:\s+again)?"
    r"(?:\s+(?:in|of)\s+(?P<month>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?))?"
    r"|\bsince\s+(?:the\s+)?(?:fed(?:eral reserve)?|fomc)'s\s+(?P<month2>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"(?:\s+(?:19|20)\d\d)?)\s+"
    r"(?:rate\s+)?(?P<move2>cut|hike|increase|reduction)\b"
    # ("The Fed has been on hold since its July hike")
    r"|\bsince\s+(?:its|their)\s+(?P<month3>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+(?:19|20)\d\d)?)\s+"
    r"(?:rate\s+)?(?P<move3>cut|hike|increase|reduction)\b", re.IGNORECASE)
_CUT_WORDS = ("cut", "eas", "lower", "reduc")


def since_fed_event(text: str) -> tuple[str, str | None] | None:
    """``(event type, month words)`` of "since the Fed's first hike (in March)" and its kin, or None.
    Event types as :data:`analytics.event_study.EVENT_WORDS`, ``latest_hike``/``latest_cut`` for
    the Fed's latest move of that kind, ``resumed_hike``/``resumed_cut`` for its first move that way
    after a pause ("resumed cutting", "started cutting again")."""
    v = _SINCE_FED_VERB.search(text)
    if v is not None:
        move = (v.group("move") or v.group("move2") or v.group("move3")).lower()
        kind = "cut" if move.startswith(_CUT_WORDS) else "hike"
        verb = (v.group("verb") or "").lower()
        again = re.search(r"\bagain\b", v.group(0), re.IGNORECASE) is not None
        which = ("resumed" if verb.startswith(("resum", "restart")) or (again and verb != "last") else
                 "first" if verb in ("started", "start", "began", "begin", "kicked off", "first") else "latest")
        return f"{which}_{kind}", v.group("month") or v.group("month2") or v.group("month3")
    m = _SINCE_FED.search(text)
    if not m:
        return None
    fed = lx.FED_EVENT_RE.search(m.group("fed"))
    event = fed_event_type(fed) if fed else "last_hike"
    if fed and not (fed.group("which") or fed.group("which2")):
        event = event.replace("last_", "latest_")  # "since the Fed's hike": its latest move of that kind
    return event, m.group("month")


def since_any_event(text: str) -> tuple[str, str | None] | None:
    """:func:`since_fed_event`, or ``("election", None)`` for "since the (presidential) election"."""
    fed = since_fed_event(text)
    if fed is not None:
        return fed
    return ("election", None) if re.search(r"\bsince\s+" + lx.ELECTION_RE.pattern, text, re.IGNORECASE) else None


def after_fed_event(text: str) -> tuple[tuple[str, str | None], int] | None:
    """``((event type, month words), months)`` of "in the 12 months after the Fed's last hike in
    July 2023", "a year after the Fed's first cut in September 2024", or None."""
    after = lx.AFTER_EVENT_RE.search(text)
    if after is None:
        return None
    kind = "cut" if after.group("move").lower() in ("cut", "reduction") else "hike"
    which = "first" if after.group("which").lower() == "first" else "last"
    return (f"{which}_{kind}", after.group("month")), 12 if after.group("year") else count_words(after.group("n"))


def fed_event_match(text: str) -> re.Match | None:
    """The "since the Fed ..." phrase of ``text`` (to read the rest without it: "in March" there
    is the event's month, not the period), or None."""
    return _SINCE_FED_VERB.search(text) or _SINCE_FED.search(text)
