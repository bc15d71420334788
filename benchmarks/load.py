"""Load test: simulated browsers against the dashboard, as Dash's renderer talks to it.

Each simulated user loops until the time is up: a page view (``GET /``, ``/_dash-layout``,
``/_dash-dependencies``, then the callbacks the page fires), and for some page views a few
interactions (another small-cap series, another window start, a window preset), with think
time in between. The callbacks are replayed the way the renderer does it, from the app's own
``/_dash-dependencies``: the initial callbacks whose inputs no other initial callback
produces, then every callback whose inputs a response changed (request body ``output``,
``outputs``, ``inputs``, ``state``, ``changedPropIds``; pattern-matching ``ALL`` inputs as lists),
with the values the layout and earlier responses gave, so the panels receive the real view
state the hub computed. Clientside callbacks run in the browser and are skipped.

Each user has its own client with six connections, like a browser. An error is a response
that is not 2xx (204, "nothing to update", is fine) or an exception (timeout, refused).

Run from the project root::

    .venv/bin/python benchmarks/load.py --data /path/to/data --workers 4 --users 50 --duration 60 [--redis]

It starts redis-server (with ``--redis``) and gunicorn itself and prints the result as JSON;
``--url`` load-tests a server that is already running instead.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from components.ids import Id  # noqa: E402

CONNECTIONS_PER_USER = 6  # what a browser opens per host
MAX_CALLBACKS_PER_VIEW = 200  # a guard against a callback loop
CONFIG_RE = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.S)


def _id_key(component_id) -> str:
    """Dash's string form of a component id (dict ids: sorted compact JSON)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _pattern(spec_id):
    """The dict of a pattern-matching id in ``/_dash-dependencies`` (``{"years": ["ALL"], ...}``), else None."""
    if isinstance(spec_id, str) and spec_id.startswith("{"):
        try:
            return json.loads(spec_id)
        except ValueError:
            return None
    return spec_id if isinstance(spec_id, dict) else None


def _matches(pattern: dict, component_id) -> bool:
    if not isinstance(component_id, dict) or set(component_id) != set(pattern):
        return False
    return all(isinstance(v, list) or component_id[k] == v for k, v in pattern.items())


@dataclass(eq=False)  # identity: kept in sets while a page view waits for its first round
class Callback:
    """One server callback from ``/_dash-dependencies``."""

    output: str
    outputs: list[dict]
    inputs: list[dict]
    state: list[dict]
    initial: bool

    @classmethod
    def parse(cls, dep: dict) -> "Callback":
        text = dep["output"]
        parts = text[2:-2].split("...") if text.startswith("..") else [text]
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
        return cls(text, outputs, dep["inputs"], dep.get("state") or [], not dep.get("prevent_initial_call"))

    @property
    def name(self) -> str:
        """The first output, for reports (``relative-graph.figure``)."""
        first = self.outputs[0]
        return f"{first['id']}.{first['property'].split('@')[0]}"

    def output_keys(self) -> set[tuple[str, str]]:
        return {(o["id"], o["property"].split("@")[0]) for o in self.outputs if _pattern(o["id"]) is None}

    def wildcard(self) -> bool:
        """Whether an input uses MATCH/ALLSMALLER (not replayed: this app has none)."""
        return any(isinstance(p, dict) and any(v in (["MATCH"], ["ALLSMALLER"]) for v in p.values())
                   for p in (_pattern(s["id"]) for s in self.inputs + self.state))

    def listens_to(self, key: tuple[str, str], components: dict) -> bool:
        for spec in self.inputs:
            if spec["property"] != key[1]:
                continue
            pattern = _pattern(spec["id"])
            if pattern is None and spec["id"] == key[0]:
                return True
            if pattern is not None and key[0] in components and _matches(pattern, components[key[0]]):
                return True
        return False


@dataclass
class Sample:
    kind: str
    name: str
    ms: float
    status: int | None
    error: str | None = None


class Page:
    """One page view in one simulated browser: component props, and the callbacks it fires."""

    def __init__(self, client: httpx.AsyncClient, samples: list[Sample], callbacks: list[Callback],
                 layout: dict, end_id: str | None):
        self.client, self.samples, self.callbacks, self.end_id = client, samples, callbacks, end_id
        self.props: dict[tuple[str, str], object] = {}
        self.components: dict[str, object] = {}  # id key -> raw id
        self._register(layout)
        self.fired = 0
        self._tasks: set[asyncio.Task] = set()
        self._waiting: dict[Callback, set[Callback]] = {}  # initial callbacks -> producers pending

    def _register(self, node) -> None:
        if isinstance(node, list):
            for child in node:
                self._register(child)
            return
        if not isinstance(node, dict) or "props" not in node or "type" not in node:
            return
        props = node["props"]
        if props.get("id") is not None:
            key = _id_key(props["id"])
            self.components[key] = props["id"]
            for prop, value in props.items():
                if prop != "children":
                    self.props[(key, prop)] = value
            self.props[(key, "children")] = props.get("children")
        for value in props.values():
            if isinstance(value, (dict, list)):
                self._register(value)

    def value(self, component: str, prop: str):
        return self.props.get((component, prop))

    def _inputs(self, specs: list[dict]) -> list:
        items = []
        for spec in specs:
            pattern = _pattern(spec["id"])
            if pattern is None:
                items.append({"id": spec["id"], "property": spec["property"],
                              "value": self.props.get((spec["id"], spec["property"]))})
            else:
                items.append([{"id": raw, "property": spec["property"], "value": self.props.get((key, spec["property"]))}
                              for key, raw in self.components.items() if _matches(pattern, raw)])
        return items

    async def _fire(self, callback: Callback, changed: list[tuple[str, str]]) -> None:
        self.fired += 1
        if self.fired > MAX_CALLBACKS_PER_VIEW:
            return
        body = {"output": callback.output,
                # as the renderer sends them: a list for a callback declared with a list of outputs
                "outputs": callback.outputs if callback.output.startswith("..") else callback.outputs[0],
                "inputs": self._inputs(callback.inputs), "state": self._inputs(callback.state),
                "changedPropIds": [f"{k}.{p}" for k, p in changed]}
        params = {"endId": self.end_id} if self.end_id else None
        response = await request(self.client, self.samples, "callback", callback.name, "POST",
                                 "/_dash-update-component", json=body, params=params)
        if response is None or response.status_code != 200:
            self._release(callback, [])
            return
        try:
            data = response.json()
        except ValueError:
            self._release(callback, [])
            return
        updated: list[tuple[str, str]] = []
        for component, props in (data.get("response") or {}).items():
            for prop, value in (props or {}).items():
                self.props[(component, prop)] = value
                updated.append((component, prop))
                if isinstance(value, (dict, list)):
                    self._register(value)
        self.trigger(updated, source=callback)
        self._release(callback, updated)

    def _release(self, done: Callback, updated: list[tuple[str, str]]) -> None:
        """The renderer's first round calls every initial callback once, after the initial
        callbacks producing its inputs answered, whether or not they changed them."""
        for callback, producers in list(self._waiting.items()):
            producers.discard(done)
            if not producers:
                del self._waiting[callback]
                self._start(callback, [key for key in updated if callback.listens_to(key, self.components)])

    def trigger(self, changed: list[tuple[str, str]], *, source: Callback | None = None) -> None:
        """Fire every callback (other than ``source``) listening to a changed prop."""
        for callback in self.callbacks:
            if callback is source:
                continue
            hits = [key for key in changed if callback.listens_to(key, self.components)]
            if hits:
                self._waiting.pop(callback, None)  # its first call is this one
                self._start(callback, hits)

    def _start(self, callback: Callback, changed) -> None:
        task = asyncio.ensure_future(self._fire(callback, changed))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start_initial(self) -> None:
        """The renderer's first round: initial callbacks not waiting for another initial callback's output."""
        initial = [c for c in self.callbacks if c.initial and all(
            _pattern(s["id"]) is not None or s["id"] in self.components for s in c.inputs)]
        for callback in initial:
            producers = {o for o in initial if o is not callback
                         and any((s["id"], s["property"]) in o.output_keys() for s in callback.inputs)}
            if producers:
                self._waiting[callback] = producers
            else:
                self._start(callback, [])

    async def settle(self) -> None:
        """Wait until no callback is in flight (each response may start more)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


async def request(client: httpx.AsyncClient, samples: list[Sample], kind: str, name: str, method: str,
                  url: str, **kwargs) -> httpx.Response | None:
    """One timed request; records a :class:`Sample` (an exception is an error with no status)."""
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        samples.append(Sample(kind, name, (time.perf_counter() - started) * 1000, None, type(exc).__name__))
        return None
    ms = (time.perf_counter() - started) * 1000
    error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    samples.append(Sample(kind, name, ms, response.status_code, error))
    return response


# ---------------------------------------------------------------------- interactions
def change_pair(page: Page, rng: random.Random) -> list[tuple[str, str]]:
    """Pick another small-cap series from the dropdown's options."""
    options = [o["value"] for o in page.value(Id.SMALL, "options") or [] if isinstance(o, dict)]
    current = page.value(Id.SMALL, "value")
    choices = [v for v in options if v != current]
    if not choices:
        return []
    page.props[(Id.SMALL, "value")] = rng.choice(choices)
    return [(Id.SMALL, "value")]


def change_window(page: Page, rng: random.Random) -> list[tuple[str, str]]:
    """Move the window start by 1-24 months (within the allowed dates)."""
    start = page.value(Id.WINDOW, "start_date")
    end = page.value(Id.WINDOW, "end_date")
    low = page.value(Id.WINDOW, "min_date_allowed")
    if not (start and end):
        return []
    day = dt.date.fromisoformat(str(start)[:10]) - dt.timedelta(days=30 * rng.randint(-12, 24))
    day = max(day, dt.date.fromisoformat(str(low)[:10])) if low else day
    day = min(day, dt.date.fromisoformat(str(end)[:10]) - dt.timedelta(days=30))
    page.props[(Id.WINDOW, "start_date")] = day.isoformat()
    return [(Id.WINDOW, "start_date")]


def click_preset(page: Page, rng: random.Random) -> list[tuple[str, str]]:
    """Click one of the window presets (1Y, 3Y, ..., Max)."""
    presets = [k for k, raw in page.components.items() if isinstance(raw, dict) and raw.get("type") == Id.PRESETS]
    if not presets:
        return []
    key = rng.choice(presets)
    page.props[(key, "n_clicks")] = int(page.props.get((key, "n_clicks")) or 0) + 1
    return [(key, "n_clicks")]


INTERACTIONS = {"pair": change_pair, "window": change_window, "preset": click_preset}


# ---------------------------------------------------------------------- users
@dataclass
class Plan:
    """What the simulated users do."""

    interact: float = 0.6  # share of page views followed by interactions
    max_interactions: int = 3
    think_s: tuple[float, float] = (1.0, 3.0)
    counts: dict = field(default_factory=lambda: {"page_views": 0, "interactions": 0})


async def page_view(client: httpx.AsyncClient, samples: list[Sample]) -> Page | None:
    """Load the page like a browser: HTML, layout, dependencies, then the callbacks it fires."""
    html = await request(client, samples, "page", "/", "GET", "/")
    layout = await request(client, samples, "layout", "/_dash-layout", "GET", "/_dash-layout")
    deps = await request(client, samples, "dependencies", "/_dash-dependencies", "GET", "/_dash-dependencies")
    if html is None or layout is None or deps is None or layout.status_code != 200 or deps.status_code != 200:
        return None
    match = CONFIG_RE.search(html.text)
    end_id = json.loads(match.group(1)).get("end_id") if match else None
    callbacks = [Callback.parse(d) for d in deps.json() if not d.get("clientside_function")]
    page = Page(client, samples, [c for c in callbacks if not c.wildcard()], layout.json(), end_id)
    page.start_initial()
    await page.settle()
    return page


async def user(base_url: str, deadline: float, samples: list[Sample], plan: Plan, rng: random.Random,
               timeout: float) -> None:
    limits = httpx.Limits(max_connections=CONNECTIONS_PER_USER, max_keepalive_connections=CONNECTIONS_PER_USER)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        await asyncio.sleep(rng.uniform(0, plan.think_s[1]))  # users do not all arrive at once
        while time.monotonic() < deadline:
            page = await page_view(client, samples)
            plan.counts["page_views"] += 1
            if page is not None and rng.random() < plan.interact:
                for _ in range(rng.randint(1, plan.max_interactions)):
                    await asyncio.sleep(rng.uniform(*plan.think_s))
                    if time.monotonic() >= deadline:
                        return
                    changed = INTERACTIONS[rng.choice(sorted(INTERACTIONS))](page, rng)
                    plan.counts["interactions"] += 1
                    page.trigger(changed)
                    await page.settle()
            await asyncio.sleep(rng.uniform(*plan.think_s))


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _summary(values: list[float]) -> dict:
    return {"requests": len(values), "p50_ms": round(_percentile(values, 50), 1),
            "p95_ms": round(_percentile(values, 95), 1), "max_ms": round(max(values), 1) if values else None}


async def _run(base_url: str, users: int, duration_s: float, plan: Plan, seed: int, timeout: float) -> dict:
    samples: list[Sample] = []
    started = time.monotonic()
    deadline = started + duration_s
    rng = random.Random(seed)
    await asyncio.gather(*(user(base_url, deadline, samples, plan, random.Random(rng.random()), timeout)
                           for _ in range(users)))
    elapsed = time.monotonic() - started
    times = [s.ms for s in samples]
    errors = [s for s in samples if s.error]
    by_kind = {kind: _summary([s.ms for s in samples if s.kind == kind])
               for kind in ("page", "layout", "dependencies", "callback")}
    names = sorted({s.name for s in samples if s.kind == "callback"})
    by_callback = {name: _summary([s.ms for s in samples if s.kind == "callback" and s.name == name])
                   for name in names}
    return {
        "users": users, "duration_s": round(elapsed, 1), "requests": len(samples), "errors": len(errors),
        "p50_ms": round(_percentile(times, 50), 1), "p95_ms": round(_percentile(times, 95), 1),
        "max_ms": round(max(times), 1) if times else None,
        "requests_per_s": round(len(samples) / elapsed, 1) if elapsed else None,
        **plan.counts,
        "by_kind": by_kind, "by_callback": by_callback,
        "error_examples": sorted({f"{e.kind} {e.name}: {e.error}" for e in errors})[:10],
    }


def run_load(base_url: str, users: int = 50, duration_s: float = 60, *, interact: float = 0.6,
             think_s: tuple[float, float] = (1.0, 3.0), seed: int = 1, timeout: float = 120.0) -> dict:
    """Simulate ``users`` browsers against ``base_url`` for ``duration_s`` seconds.

    Args:
        base_url: The dashboard, e.g. ``http://127.0.0.1:8050``.
        users: Concurrent simulated users (each with its own six connections).
        duration_s: Seconds during which users start new steps (requests in flight then finish).
        interact: Share of page views followed by 1-3 interactions.
        think_s: Range of the pause between a user's steps (seconds).
        seed: Seed of the users' random choices.
        timeout: Seconds before a request counts as an error.

    Returns:
        ``{"users", "p95_ms", "errors", "requests", ...}``: also p50/max, requests per second,
        page views, interactions, and the same figures by request kind and by callback.
    """
    plan = Plan(interact=interact, think_s=think_s)
    return asyncio.run(_run(base_url.rstrip("/"), users, duration_s, plan, seed, timeout))


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="demo", help="data spec for the server: demo, auto, live or a directory")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (1 = sync)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--redis", action="store_true", help="start redis-server and share the cache through it")
    parser.add_argument("--url", help="load-test this running server instead of starting one")
    parser.add_argument("--interact", type=float, default=0.6, help="share of page views with interactions")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    options = dict(interact=args.interact, seed=args.seed)
    if args.url:
        result = run_load(args.url, args.users, args.duration, **options)
    else:
        from contextlib import ExitStack

        from benchmarks.servers import Gunicorn, RedisServer

        with ExitStack() as stack:
            redis_url = stack.enter_context(RedisServer()).url if args.redis else None
            server = stack.enter_context(Gunicorn(workers=args.workers, threads=args.threads, data=args.data,
                                                  redis_url=redis_url))
            result = run_load(server.url, args.users, args.duration, **options)
        result["server"] = {"workers": args.workers, "threads": args.threads, "data": args.data,
                            "cache": "redis" if args.redis else "filesystem"}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
