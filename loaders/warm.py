"""Load what the panels read into this process before it serves anything.

gunicorn's master runs :func:`warm` once before it forks the workers (``gunicorn.conf.py``
preloads the app): every worker then starts with the series, the statements, the price arrays,
the membership lists and the company names they give in memory, sharing those pages with the
others instead of each reading the files on its first requests (the first universe change on a
fresh worker took about 0.3 s, a first pair change 0.2 s; the first list without names, 0.2 s
more to gather the names of every list).

Only directory and demo data are warmed: for ``live`` and ``auto`` it would mean network
requests, or waiting for their time-outs, before the server answers at all.
"""

from __future__ import annotations

import time

from loaders.base import LoaderError
from loaders.source import DataSource
from loaders.universe import UniverseData


def warm(data: DataSource, universe: UniverseData) -> dict:
    """Load every series, every universe's members (and the company names they give, which name
    the members of a list without names), the statements and the price history.

    Returns:
        ``{"series", "universes", "errors", "seconds"}``: what was loaded, the messages of what
        failed (a broken file stays broken for the requests that need it; it never stops the
        start), and how long it took. ``{"skipped": kind}`` for live and auto sources.
    """
    if data.kind not in ("dir", "demo"):
        return {"skipped": data.kind}
    started = time.perf_counter()
    loaded, failed = data.many(data.available_series())
    errors = list(failed.values())
    names = universe.list_universes()
    members = 0
    for name in names:
        try:
            universe.members(name)
            members += 1
        except LoaderError as exc:
            errors.append(str(exc))
    universe.known_names()  # (an unreadable list is skipped there, and already listed above)
    for part in (universe.statements, universe.price_history):
        try:
            part()
        except LoaderError as exc:
            errors.append(str(exc))
    return {"series": len(loaded), "universes": members, "errors": list(dict.fromkeys(errors)),
            "seconds": round(time.perf_counter() - started, 2)}
