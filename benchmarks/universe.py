"""Benchmark: the universe panel's statistics on the largest membership list.

Run from the project root: ``.venv/bin/python benchmarks/universe.py [DATA_DIR]``. Prints the
first computation (sector returns and eight years of monthly breadth points on the largest list,
as much as the snapshot's prices cover (from 2017-10),
arrays already loaded) and the warm redraw (the page's cached answer: the memo's lookup), in ms.
Nothing is asserted. Budget: first computation under 2 s, warm redraw within the interaction
budget (p95 <= 150 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.leverage import PriceHistory, Statements  # noqa: E402
from analytics.universe_stats import breadth_series, sector_returns  # noqa: E402
from loaders.universe import read_fundamentals, read_members, read_prices  # noqa: E402
from panels.cache import Memo  # noqa: E402


def universe_timings(data_dir: Path, *, end: str = "2026-06-30", years: int = 8) -> dict:
    folder = Path(data_dir) / "universe"
    history = PriceHistory.from_long(read_prices(folder / "prices.parquet").data)
    statements = Statements.from_frame(read_fundamentals(folder / "fundamentals.csv").data)
    lists = {p.stem: read_members(p).data for p in sorted((folder / "members").glob("*.csv"))}
    name, members = max(lists.items(), key=lambda item: len(item[1]))
    start = f"{int(end[:4]) - years}{end[4:]}"

    def compute():
        return (sector_returns(members, statements, history, start=start, end=end),
                breadth_series(members, statements, history, start=start, end=end))

    started = time.perf_counter()
    compute()
    first_ms = (time.perf_counter() - started) * 1000
    memo = Memo(None, lambda: "v")
    memo.get_or_compute("universe", (name, start, end), compute)
    warm = []
    for _ in range(30):
        started = time.perf_counter()
        memo.get_or_compute("universe", (name, start, end), compute)
        warm.append((time.perf_counter() - started) * 1000)
    warm.sort()
    return {"list": name, "members": len(members), "months": years * 12, "first_ms": round(first_ms, 1),
            "warm_p95_ms": round(warm[int(0.95 * len(warm)) - 1], 2),
            "warm_median_ms": round(statistics.median(warm), 2)}


def main() -> None:
    default = os.environ.get("SMALLCAP_SHARED_DATA") or ROOT.parent / "shared" / "data"
    out = universe_timings(Path(sys.argv[1] if len(sys.argv) > 1 else default))
    print(f"universe panel on {out['list']} ({out['members']:,} members, {out['months']} monthly points): "
          f"first computation {out['first_ms']:.0f} ms (budget 2,000), warm redraw p95 "
          f"{out['warm_p95_ms']:.2f} ms (median {out['warm_median_ms']:.2f})")


if __name__ == "__main__":
    main()
