"""Export storm: 30 concurrent large PNG exports while a user works with the page.

Run from the project root::

    .venv/bin/python benchmarks/export_storm.py --data ../shared/data [--exports 30] [--json]

It starts gunicorn (``app:server``, 4 workers with 4 threads each, as docker-compose runs it;
a fresh cache folder), warms the page, then:

- fires ``--exports`` concurrent ``/export/<panel>.png?<long window>&width=2400&height=1600&scale=3``
  requests, all different (six panels times five long windows: no single flight, no cache
  hit), each client honouring ``429`` + ``Retry-After`` until it has its PNG;
- meanwhile a user keeps using the page: ``GET /`` and a click (a zoom to one of five windows,
  through the state hub and the panels it redraws, as :class:`benchmarks.dash_client.DashClient`
  replays it), timed;
- samples the memory of the renderer process and its Chromium (the process tree of
  ``python -m server.renderer`` for this cache folder) every 0.2 s.

Prints (``--json``: one object) the page's p50/p95 before and during the storm, the exports'
statuses and times, the renderer's peak memory (RSS summed over the tree, and PSS: shared pages
counted once), what it still holds right after the storm, and the renderings done. Budget: page p95 during the storm < 1 s; renderer
memory (PSS) < 600 MB. Nothing is asserted: timings depend on the machine. ``--compare`` runs
the storm twice in one go: large PNGs in one piece (as plotly.js draws them, the way before
strips) and then in strips (the default, see :class:`components.png.PngRenderer`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dash_client import DashClient  # noqa: E402
from benchmarks.servers import Gunicorn  # noqa: E402

BUDGET = {"page_p95_ms": 1000, "renderer_mb": 600}
PANELS = ("relative", "rates", "spreads", "correlation", "regimes", "facts")
WINDOWS = (("1990-01-02", "2025-06-30"), ("1995-01-03", "2024-12-31"), ("2000-01-03", "2025-03-31"),
           ("1992-06-01", "2020-12-31"), ("1998-01-02", "2023-06-30"))
#: The user's zooms: computed once (in the baseline), then cached, as a user going back and forth
CLICKS = (("2018-01-02", "2019-12-31"), ("2020-01-02", "2021-06-30"), ("2015-01-02", "2024-12-31"),
          ("2008-01-02", "2009-12-31"), ("2022-01-03", "2024-06-28"))


def percentiles(values: list[float]) -> dict:
    """p50 and p95 (nearest rank) in ms, and the count."""
    if not values:
        return {"p50_ms": None, "p95_ms": None, "n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1), "n": len(ordered)}


# ---------------------------------------------------------------------- the renderer's memory
def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def renderer_pids(cache_dir: Path) -> list[int]:
    """Process ids of ``python -m server.renderer`` for ``cache_dir``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"server.renderer" in args and str(cache_dir).encode() in args:
            found.append(int(entry.name))
    return found


def tree_memory_mb(pids: list[int]) -> dict:
    """RSS (summed) and PSS of the process trees of ``pids``, in MB, and the process count."""
    rss = pss = 0.0
    count = 0
    for root in pids:
        for pid in process_tree(root):
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            count += 1
            for line in text.splitlines():
                name, _, value = line.partition(":")
                if name == "Rss":
                    rss += int(value.split()[0]) / 1024
                elif name == "Pss":
                    pss += int(value.split()[0]) / 1024
    return {"rss_mb": round(rss, 1), "pss_mb": round(pss, 1), "processes": count}


class MemorySampler(threading.Thread):
    """Peak memory of the renderer tree, sampled every ``interval`` seconds until stopped."""

    def __init__(self, cache_dir: Path, interval: float = 0.2):
        super().__init__(daemon=True)
        self.cache_dir, self.interval = cache_dir, interval
        self.peak = {"rss_mb": 0.0, "pss_mb": 0.0, "processes": 0}
        self.renderers: set[int] = set()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = renderer_pids(self.cache_dir)
            self.renderers.update(pids)
            sample = tree_memory_mb(pids)
            for key, value in sample.items():
                self.peak[key] = max(self.peak[key], value)
            self._halt.wait(self.interval)

    def stop(self) -> dict:
        self._halt.set()
        self.join()
        return {**self.peak, "renderer_processes": len(self.renderers)}


# ---------------------------------------------------------------------- the storm
def export_urls(count: int) -> list[str]:
    """``count`` different large PNG exports over long windows."""
    urls = []
    for i in range(count):
        panel = PANELS[i % len(PANELS)]
        start, end = WINDOWS[(i // len(PANELS)) % len(WINDOWS)]
        extra = f"&window={63 + i // (len(PANELS) * len(WINDOWS))}" if i >= len(PANELS) * len(WINDOWS) else ""
        urls.append(f"/export/{panel}.png?start={start}&end={end}{extra}&width=2400&height=1600&scale=3")
    return urls


def export_with_retries(base_url: str, path: str, *, give_up_s: float = 600.0) -> dict:
    """GET an export, waiting ``Retry-After`` after each 429, until a PNG (or an error)."""
    import requests

    started = time.perf_counter()
    refused = 0
    while True:
        response = requests.get(base_url + path, timeout=300)
        if response.status_code != 429 or time.perf_counter() - started > give_up_s:
            break
        refused += 1
        time.sleep(float(response.headers.get("Retry-After", "5")))
    return {"status": response.status_code, "refused": refused, "bytes": len(response.content),
            "png": response.content[:4] == b"\x89PNG", "s": time.perf_counter() - started}


def page_probe(base_url: str, stop: threading.Event, interval: float = 0.3) -> dict:
    """A user on the page until ``stop``: ``GET /`` and a window preset click, timed (ms)."""
    import requests

    client = DashClient(base_url)
    client.open("")
    html, clicks, errors = [], [], 0
    i = 0
    while not stop.is_set():
        started = time.perf_counter()
        response = requests.get(base_url + "/", timeout=120)
        html.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != 200
        start, end = CLICKS[i % len(CLICKS)]
        click = client.interact({"zoom.data": {"panel": "relative-graph", "at": i,
                                               "relayout": {"xaxis.range[0]": start, "xaxis.range[1]": end}}})
        clicks.append(click.ms)
        errors += click.errors
        i += 1
        stop.wait(interval)
    return {"get_page": percentiles(html), "click": percentiles(clicks), "errors": errors,
            "page_p95_ms": percentiles([max(a, b) for a, b in zip(html, clicks)])["p95_ms"]}


def measure(base_url: str, cache_dir: Path, exports: int, *, baseline_s: float = 15.0) -> dict:
    """Page timings before and during the storm, the exports' results, the renderer's memory."""
    stop = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        probe = pool.submit(page_probe, base_url, stop)
        time.sleep(baseline_s)
        stop.set()
        before = probe.result()
    sampler = MemorySampler(cache_dir)
    sampler.start()
    stop = threading.Event()
    started = time.perf_counter()
    with ThreadPoolExecutor(exports + 1) as pool:
        probe = pool.submit(page_probe, base_url, stop)
        results = list(pool.map(lambda path: export_with_retries(base_url, path), export_urls(exports)))
        storm_s = time.perf_counter() - started
        stop.set()
        during = probe.result()
    memory = sampler.stop()
    times = [r["s"] * 1000 for r in results]
    return {
        "exports": exports,
        "page_before": before,
        "page_during": during,
        "export_results": {"ok_png": sum(r["status"] == 200 and r["png"] for r in results),
                           "errors": sum(r["status"] != 200 for r in results),
                           "refused_429": sum(r["refused"] for r in results),
                           "time_to_png": percentiles(times), "max_s": round(max(times) / 1000, 1),
                           "storm_s": round(storm_s, 1)},
        "renderer_memory_peak": memory,
        "renderer_memory_after": tree_memory_mb(renderer_pids(cache_dir)),  # what it keeps holding
    }


def renderer_stats(cache_dir: Path) -> dict | None:
    """The renderer's own counters (renderings done), or None when none runs."""
    from server.renderer import SharedRenderer

    if not renderer_pids(cache_dir):
        return None
    return SharedRenderer(cache_dir).stats()


def run(data: str, *, exports: int = 30, workers: int = 4, threads: int = 4, strips: bool = True) -> dict:
    """Start gunicorn on ``data`` and measure the storm against it (``strips``: large PNGs
    drawn in strips, the default; False: in one piece, as plotly.js draws them)."""
    env = {"SMALLCAP_SERVER_TIMING": "1"}
    if not strips:
        env["SMALLCAP_EXPORT_STRIP_PIXELS"] = "0"
    with tempfile.TemporaryDirectory(prefix="smallcap-storm-") as folder:
        cache_dir = Path(folder) / "cache"
        with Gunicorn(data=data, cache_dir=cache_dir, workers=workers, threads=threads,
                      timeout=300, env=env) as server:
            DashClient(server.url).open("")  # warm: the first page load computes every panel
            out = measure(server.url, cache_dir.resolve(), exports)
            out["renderer"] = renderer_stats(cache_dir.resolve())
            out["gunicorn"] = {"workers": workers, "threads": threads}
            out["png"] = "strips" if strips else "one piece"
    # PSS: pages Chromium's processes share counted once (RSS summed counts them per process)
    during, memory = out["page_during"]["page_p95_ms"], out["renderer_memory_peak"]["pss_mb"]
    out["budget"] = {**BUDGET, "page_p95_ok": during is not None and during < BUDGET["page_p95_ms"],
                     "renderer_mb_ok": memory < BUDGET["renderer_mb"]}
    return out


def print_report(out: dict) -> None:
    print(f"export storm: {out['exports']} concurrent PNG exports (2400x1600 @3, {out['png']}), "
          f"gunicorn {out['gunicorn']}")
    for label in ("page_before", "page_during"):
        row = out[label]
        print(f"  {label:<12} GET / {row['get_page']}  click {row['click']}  page p95 {row['page_p95_ms']} ms"
              f"  errors {row['errors']}")
    print(f"  exports      {out['export_results']}")
    print(f"  renderer     peak {out['renderer_memory_peak']}  after {out['renderer_memory_after']}  "
          f"stats {out['renderer']}")
    print(f"  budget       {out['budget']}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SMALLCAP_SHARED_DATA",
                                                                          ROOT.parent / "shared" / "data")))
    parser.add_argument("--exports", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--compare", action="store_true",
                        help="first a storm with every PNG in one piece (SMALLCAP_EXPORT_STRIP_PIXELS=0), then the default")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    runs = [False, True] if args.compare else [True]
    outs = [run(str(args.data.resolve()), exports=args.exports, workers=args.workers, threads=args.threads,
                strips=strips) for strips in runs]
    for out in outs:
        if not args.json:
            print_report(out)
    if args.json:
        print(json.dumps(outs if args.compare else outs[0], indent=2))
    return outs[-1]


if __name__ == "__main__":
    main()
