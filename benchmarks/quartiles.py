"""Benchmark: load the real price snapshot and time leverage quartiles on 2,000 stocks.

Run from the project root: ``.venv/bin/python benchmarks/quartiles.py [DATA_DIR]``
(default ``../shared/data`` or ``$SMALLCAP_SHARED_DATA``). Prints figures only; nothing is
asserted (timings depend on the machine).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pyarrow.parquet  # noqa: E402,F401 - imported here so the load time below excludes it

from analytics.leverage import PriceHistory, QuartileSpec, Statements, compute_quartiles  # noqa: E402
from loaders.universe import read_fundamentals, read_prices  # noqa: E402

UNIVERSE_SIZE = 2000
REPEATS = 30


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _timed(function, *args):
    started = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - started


def _warm_ms(function, repeats: int = REPEATS) -> tuple[float, float]:
    function()  # warm-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def warm_quartiles_ms(data_dir: Path, size: int = UNIVERSE_SIZE) -> float:
    """Median warm time (ms) of return-ranked quartiles on the ``size`` best-covered tickers."""
    folder = Path(data_dir) / "universe"
    prices = read_prices(folder / "prices.parquet")
    history = PriceHistory.from_long(prices.data)
    statements = Statements.from_frame(read_fundamentals(folder / "fundamentals.csv").data)
    tickers = list(prices.data["ticker"].value_counts().index[:size])
    spec = QuartileSpec("return", rank_start="2018-09-28", rank_end="2018-12-31",
                        measure_start="2018-12-31", measure_end="2019-01-31")
    return _warm_ms(lambda: compute_quartiles(tickers, statements, history, spec))[0]


def main() -> None:
    """Print load time, memory and warm quartile time."""
    default = os.environ.get("SMALLCAP_SHARED_DATA") or ROOT.parent / "shared" / "data"
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else default) / "universe"
    rss_before = _peak_rss_mb()
    prices, read_s = _timed(read_prices, folder / "prices.parquet")
    history, build_s = _timed(PriceHistory.from_long, prices.data)
    fundamentals, fund_s = _timed(read_fundamentals, folder / "fundamentals.csv")
    statements, prep_s = _timed(Statements.from_frame, fundamentals.data)
    frame = prices.data
    print(f"prices.parquet: {len(frame):,} rows, {frame['ticker'].nunique():,} tickers, "
          f"{frame['date'].min():%Y-%m-%d}..{frame['date'].max():%Y-%m-%d}")
    print(f"  read (pyarrow, 3 columns, ticker as dictionary): {read_s:.2f} s")
    print(f"  sorted arrays for window returns:                {build_s:.2f} s")
    print(f"  total price load:                                {read_s + build_s:.2f} s")
    column_mb = {c: frame[c].memory_usage(deep=True) / 1e6 for c in frame.columns}
    shared = np.shares_memory(history.closes, frame["adj_close"].to_numpy())
    print(f"  memory: frame {sum(column_mb.values()):.0f} MB ("
          + ", ".join(f"{c} {mb:.0f}" for c, mb in column_mb.items())
          + f"); sorted arrays {history.nbytes / 1e6:.0f} MB (keys {history.keys.nbytes / 1e6:.0f} MB; "
          f"closes {'shared with the frame' if shared else 'copied'})")
    print(f"  process RSS: peak {rss_before:.0f} MB before, peak {_peak_rss_mb():.0f} MB while loading, "
          f"{_current_rss_mb():.0f} MB now")
    print(f"fundamentals.csv: {len(fundamentals.data):,} rows; read {fund_s:.2f} s, prepared {prep_s:.2f} s")

    counts = frame["ticker"].value_counts()
    tickers = list(counts.index[:UNIVERSE_SIZE])
    print(f"universe: the {len(tickers):,} tickers with the most price rows "
          f"({counts.iloc[UNIVERSE_SIZE - 1]:,} to {counts.iloc[0]:,} days)")
    specs = {
        "leverage (D/E at 2022-12-30, measured over 2023)": QuartileSpec(
            "leverage", rank_end="2022-12-30", measure_start="2022-12-30", measure_end="2023-12-29"),
        "return (2018-09-28..2018-12-31, measured Jan 2019)": QuartileSpec(
            "return", rank_start="2018-09-28", rank_end="2018-12-31", measure_start="2018-12-31",
            measure_end="2019-01-31"),
    }
    for label, spec in specs.items():
        result = compute_quartiles(tickers, statements, history, spec)
        median, worst = _warm_ms(lambda spec=spec: compute_quartiles(tickers, statements, history, spec))
        print(f"quartiles by {label}: {result.ranked:,} ranked; warm {median:.1f} ms median, "
              f"{worst:.1f} ms max over {REPEATS} runs")


if __name__ == "__main__":
    main()
