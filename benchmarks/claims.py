"""Benchmark: check a 3,000-character article against the real snapshot (target: under 1 s warm).

Run from the project root: ``.venv/bin/python benchmarks/claims.py [DATA_DIR]`` (default
``../shared/data`` or ``$SMALLCAP_SHARED_DATA``). Times the first check (cold: series loaded
from the files, dateparser's language data read) and then repeated checks on the same source
(warm: the series come from the loader cache, as on a running server). Prints figures only;
nothing is asserted (timings depend on the machine).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from config import Config  # noqa: E402
from loaders.cache import loader_cache  # noqa: E402
from loaders.source import DataSource  # noqa: E402
from loaders.universe import UniverseData  # noqa: E402
from panels.claims import check_claims  # noqa: E402
from panels.data import PanelData  # noqa: E402

REPEATS = 10
AS_OF = dt.date(2022, 7, 5)
PARAGRAPHS = (
    "Stocks ended a brutal first half on Thursday. The small-cap Russell 2000 index has dropped 24% so far "
    "this year, while the benchmark S&P 500 is down about 20%, confirming a bear market for both. The "
    "tech-heavy Nasdaq fell nearly 30% in the first half, its worst start to a year on record.",
    "Since the Fed's first hike in March, the Russell 2000 has dropped 15%. The index now sits 30% below "
    "its November 2021 record. Small caps lagged large caps by 4 percentage points last year.",
    "In the bond market, the 10-year Treasury yield climbed to 2.9%, its highest level since 2011 before "
    "easing. High-yield spreads widened in June by the most since March 2020, and investment-grade spreads "
    "rose to 1.6%. Junk spreads are now near 6%.",
    "Analysts note that the forward P/E of small caps is the lowest in two decades, and that the Dow Jones "
    "Industrial Average fell 1% on Friday. Small caps' correlation with the 10-year yield is the most "
    "negative on record.",
    "Relative to large caps, small caps peaked in 2014. Small caps have beaten large caps in the year after "
    "the Fed's last hike in most cycles. The S&P 500 fell 8.4% in June, its worst month since March 2020.",
    "Over the past month the Russell 2000 is down 8%, and the S&P 500 lost 3% on June 13. The Nasdaq "
    "Composite rose 3.3% on June 24, while the S&P 500 gained 3.1% that day.",
)


#: Companies by leverage: the first check in a worker loads the company universe (statements and
#: prices), as the leverage panel's first draw does; later ones rank and measure only.
LEVERAGE = ("The most-leveraged quartile of the Russell 2000 fell hardest in the April selloff and led the "
            "rebound, while highly indebted small caps lagged the S&P 500 this year.")
LEVERAGE_AS_OF = dt.date(2025, 6, 30)

#: Inputs that make careless patterns scan quadratically (each cut to 20,000 characters).
HOSTILE = {
    "a run of spaces": "The Russell 2000" + " " * 20_000 + "rose 1%",
    "repeated record words": "The Russell 2000 rose 5%, its highest since " + "a " * 10_000,
    "one clause per 23 characters": "small caps rose 1% and " * 900,
    "repeated figures": "The Russell 2000 rose " + "1% " * 7_000,
    "repeated leverage claims": "The most leveraged quartile fell hardest in the April selloff and led the rebound " * 260,
}


def article(length: int = 3000) -> str:
    text, i = "", 0
    while len(text) < length:
        text += PARAGRAPHS[i % len(PARAGRAPHS)] + "\n\n"
        i += 1
    return text[:length]


def timed(data: PanelData, text: str, as_of: dt.date):
    """``(result, first seconds, [seconds of each of REPEATS checks after it])``."""
    started = time.perf_counter()
    result, _ = check_claims(data.for_request(), text, as_of=as_of)
    first = time.perf_counter() - started
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        check_claims(data.for_request(), text, as_of=as_of)
        times.append(time.perf_counter() - started)
    return result, first, times


def main() -> None:
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SMALLCAP_SHARED_DATA", str(ROOT.parent / "shared" / "data"))
    text = article()
    with tempfile.TemporaryDirectory() as cache_dir:
        config = Config.from_env(data=data_dir, cache_dir=cache_dir)
        data = PanelData(DataSource(config, loader_cache(config, Flask("bench-claims"))))
        result, cold, times = timed(data, text, AS_OF)
        with_universe = PanelData(data.source, UniverseData.for_source(data.source))
        levered, leverage_cold, leverage_warm = timed(with_universe, LEVERAGE, LEVERAGE_AS_OF)
        hostile = {}
        for name, text_ in HOSTILE.items():
            started = time.perf_counter()
            check_claims(data.for_request(), text_[:20_000], as_of=AS_OF)
            hostile[name] = time.perf_counter() - started
    counts = {v: sum(c.verdict == v for c in result.claims) for v in ("consistent", "differs", "not_checkable")}
    print(f"article: {len(text):,} characters, {len(result.claims)} claims ({counts})")
    print(f"cold (first check, series read from the files): {cold * 1000:.0f} ms")
    print(f"warm (median of {REPEATS}): {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms (target: under 1,000 ms)")
    print(f"companies by leverage, {len(levered.claims)} claims: first {leverage_cold * 1000:.0f} ms (the universe "
          f"loaded), then median {statistics.median(leverage_warm) * 1000:.0f} ms")
    for name, seconds in hostile.items():
        print(f"hostile 20,000-character input, {name}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
