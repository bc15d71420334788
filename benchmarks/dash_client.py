"""Drive a running dashboard over HTTP as its page does: the hub callback, then the panels.

The browser's Dash renderer posts ``/_dash-update-component`` with a callback's output, inputs
and states; this client does the same from ``/_dash-dependencies``, so a benchmark measures
exactly the requests a click causes: the state hub, then the callbacks whose inputs its answer
wrote, fired concurrently as a browser does (up to six connections per host) and in the order
Chrome sends them (the order of the stores in the hub's answer: the facts first), then the
callbacks chained on their outputs (the top facts, after both facts groups) once the requests
that write their inputs have answered.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import requests
from urllib3.util.retry import Retry

HUB_OUTPUT = "view-state.data"
BROWSER_CONNECTIONS = 6


@dataclass
class Timed:
    """One request: wall milliseconds, the server's own milliseconds, response bytes, and the
    callback it answered (its output, e.g. ``..facts-list.children...``)."""

    ms: float
    server_ms: float | None
    bytes: int
    status: int
    output: str = ""


@dataclass
class Interaction:
    """A click: the hub request and the panel requests it caused."""

    requests: list[Timed] = field(default_factory=list)
    ms: float = 0.0

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.requests)

    def until(self, keep) -> float:
        """Milliseconds until the hub and the panel requests whose output ``keep`` accepts had
        answered (the panel requests run concurrently after the hub)."""
        hub, panels = self.requests[0], [r.ms for r in self.requests[1:] if keep(r.output)]
        return hub.ms + max(panels, default=0.0)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.requests if r.status not in (200, 204))


def _output_keys(dep: dict) -> set[str]:
    """``"<id>.<prop>"`` of each output (a duplicate output's ``@<hash>`` suffix dropped, as the
    inputs and the answers name it)."""
    return {f"{o['id']}.{o['property'].split('@')[0]}" for o in _outputs(dep["output"])}


def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]


class DashClient:
    """Posts callbacks to ``base_url``; keeps the view state between interactions like a page."""

    def __init__(self, base_url: str, *, timeout: float = 120.0, keep_alive: bool = True):
        self.base = base_url.rstrip("/")
        # without keep-alive every request opens a connection (sync workers close one after each
        # answer anyway): a gthread worker keeps serving the connections it accepted, so kept
        # connections tie this client's concurrent requests to the workers that first took them
        self.headers = {"Content-Type": "application/json"} | ({} if keep_alive else {"Connection": "close"})
        self.session = requests.Session()
        # A kept-alive connection the server is just closing (gunicorn drops idle ones after its
        # keepalive) resets the next POST sent on it; a callback POST is safe to send again, as a
        # browser does, so one retry on a connection or read error (not on an HTTP status)
        retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods=None, raise_on_status=False)
        self.session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=BROWSER_CONNECTIONS * 2,
                                                                    max_retries=retry))
        self.timeout = timeout
        deps = self.session.get(self.base + "/_dash-dependencies", timeout=timeout).json()
        server_side = [d for d in deps if not d.get("clientside_function")]
        self.hub = next(d for d in server_side if HUB_OUTPUT in d["output"])
        # the other server callbacks, by the "<id>.<prop>" inputs that fire them
        self.listeners: dict[str, list[dict]] = {}
        for dep in server_side:
            if dep is not self.hub:
                for spec in dep["inputs"]:
                    self.listeners.setdefault(f"{spec['id']}.{spec['property']}", []).append(dep)
        self.state: dict | None = None
        self.controls: dict[str, object] = {}
        # every store the hub writes and reads back as State (the view state, the view shown)
        self.stores: dict[str, object] = {}

    # ------------------------------------------------------------------ requests
    def post(self, dep: dict, values: dict[str, object], changed: list[str],
             state: dict[str, object] | None = None) -> tuple[Timed, dict | None]:
        """POST one callback; ``values``/``state`` map ``"<id>.<prop>"`` to values."""
        inputs = []
        for spec in dep["inputs"]:
            if spec["id"].startswith("{"):
                inputs.append([])  # pattern-matching ALL: no such components yet
                continue
            inputs.append({"id": spec["id"], "property": spec["property"],
                           "value": values.get(f"{spec['id']}.{spec['property']}")})
        states = [{"id": s["id"], "property": s["property"],
                   "value": (state or {}).get(f"{s['id']}.{s['property']}")} for s in dep["state"]]
        body = {"output": dep["output"], "outputs": _outputs(dep["output"]), "inputs": inputs,
                "state": states, "changedPropIds": changed}
        started = time.perf_counter()
        response = self.session.post(self.base + "/_dash-update-component", data=json.dumps(body),
                                     headers=self.headers, timeout=self.timeout)
        ms = (time.perf_counter() - started) * 1000
        timing = response.headers.get("Server-Timing", "")
        server_ms = float(timing.split("dur=")[1].split(",")[0]) if "dur=" in timing else None
        payload = response.json().get("response") if response.status_code == 200 else None
        return Timed(ms, server_ms, len(response.content), response.status_code, dep["output"]), payload

    def interact(self, changed: dict[str, object]) -> Interaction:
        """One click: ``changed`` maps the hub inputs that fire (``"<id>.<prop>"``) to values.

        The hub answers with the new state, the controls and the panel views; the callbacks whose
        inputs it wrote (the panels whose view changed) are then requested concurrently, in the
        order of the answer, and the callbacks chained on their outputs after them.
        """
        started = time.perf_counter()
        values = {**self.controls, **changed}
        state = {**self.stores, "view-state.data": self.state}
        hub_timed, answer = self.post(self.hub, values, list(changed), state)
        interaction = Interaction([hub_timed])
        if answer:
            self._remember(answer)
            interaction.requests.extend(self._cascade(answer))
        interaction.ms = (time.perf_counter() - started) * 1000
        return interaction

    def _cascade(self, answer: dict) -> list[Timed]:
        """Request the callbacks ``answer`` fires, in its order, then each callback chained on
        their outputs once no request still running writes one of its inputs (Dash waits for
        them), each callback once."""
        timed: list[Timed] = []
        written: dict[str, object] = {}  # "<id>.<prop>" -> value, from the answers so far
        done: set[int] = {id(self.hub)}
        running: dict = {}  # future -> the callback it requests
        waiting: dict[int, tuple[dict, list[str]]] = {}  # fired, but a running request writes an input

        def fire(props: dict[str, object], pool) -> None:
            candidates = [(dep, [key]) for key in props for dep in self.listeners.get(key, ())]
            for dep, keys in [*waiting.values(), *candidates]:
                if id(dep) in done:
                    continue
                names = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
                triggered = [*waiting.pop(id(dep), (dep, []))[1], *keys]
                if {o for d in running.values() for o in _output_keys(d)} & set(names):
                    waiting[id(dep)] = (dep, triggered)
                    continue
                done.add(id(dep))
                inputs = {name: written[name] for name in names if name in written}
                running[pool.submit(self.post, dep, inputs, list(dict.fromkeys(triggered)))] = dep

        with ThreadPoolExecutor(max_workers=BROWSER_CONNECTIONS) as pool:
            first = {f"{c}.{p}": v for c, props in answer.items() for p, v in props.items()}
            written.update(first)
            fire(first, pool)
            while running:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in finished:
                    running.pop(future)
                    result, payload = future.result()
                    timed.append(result)
                    props = {f"{c}.{p}": v for c, values in (payload or {}).items() for p, v in values.items()}
                    written.update(props)
                    fire(props, pool)
        return timed

    def _remember(self, answer: dict) -> None:
        if "view-state" in answer:
            self.state = answer["view-state"]["data"]
        read_back = {f"{s['id']}.{s['property']}" for s in self.hub["state"]}
        for component, props in answer.items():
            for prop, value in props.items():
                if component.startswith("control-"):
                    self.controls[f"{component}.{prop}"] = value
                elif f"{component}.{prop}" in read_back:
                    self.stores[f"{component}.{prop}"] = value

    def open(self, query: str = "") -> Interaction:
        """Page load: the URL fires the hub, every panel follows."""
        self.state, self.controls, self.stores = None, {}, {}
        return self.interact({"url.search": query})

    def noop(self) -> Timed:
        """A callback that does nothing (a Plotly autosize event the hub ignores): the floor."""
        timed, _ = self.post(self.hub, {**self.controls, "zoom.data": {"panel": "rates-graph",
                                                                        "relayout": {"autosize": True}}},
                             ["zoom.data"], {**self.stores, "view-state.data": self.state})
        return timed
