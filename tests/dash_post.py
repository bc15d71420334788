"""Call a Dash app's callbacks over HTTP, as the browser's renderer does (no browser needed).

``POST /_dash-update-component`` with the callback's output string, its inputs and states (the
dependencies come from ``/_dash-dependencies``), so every request goes through Dash's own
request parsing, the callback and Dash's JSON encoding of the answer.
"""

from __future__ import annotations

import json

def dependencies(client) -> list[dict]:
    """The app's server-side callbacks (clientside ones left out)."""
    response = client.get("/_dash-dependencies")
    assert response.status_code == 200
    return [d for d in response.get_json() if not d.get("clientside_function")]

def by_first_output(client) -> dict[str, dict]:
    """Server-side callbacks keyed by their first output's component id."""
    return {_outputs(d["output"])[0]["id"]: d for d in dependencies(client)}

def panel_callbacks(client) -> dict[str, dict]:
    """The panel callbacks: their first input is the panel's view store (one per panel)."""
    return {key: d for key, d in by_first_output(client).items() if d["inputs"][0]["id"].endswith("-view")}

def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

def post(client, dep: dict, values: dict[str, object] | None = None, *, state: dict | None = None,
         changed: list[str] | None = None):
    """POST one callback request.

    Args:
        dep: The callback's entry from ``/_dash-dependencies``.
        values: ``"<id>.<property>"`` -> value for inputs (missing ones are ``None``;
            pattern-matching inputs get no components).
        state: ``"<id>.<property>"`` -> value for states.
        changed: The ``prop_id`` strings that fired (default: every input given in ``values``).
    """
    values = values or {}
    inputs = []
    for spec in dep["inputs"]:
        if spec["id"].startswith("{"):  # ALL pattern: no matching components on the page
            inputs.append([])
            continue
        prop = f"{spec['id']}.{spec['property']}"
        inputs.append({"id": spec["id"], "property": spec["property"], "value": values.get(prop)})
    states = [{"id": s["id"], "property": s["property"], "value": (state or {}).get(f"{s['id']}.{s['property']}")}
              for s in dep["state"]]
    outputs = _outputs(dep["output"])  # (a list for a callback declared with a list, else the one output)
    body = {"output": dep["output"], "outputs": outputs if dep["output"].startswith("..") else outputs[0],
            "inputs": inputs, "state": states,
            "changedPropIds": changed if changed is not None else list(values)}
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")

def answer(response) -> dict:
    """The callback's outputs as ``{component id: {property: value}}``."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]

def children_of(node, component_type: str) -> list:
    """The ``children`` of every component of ``component_type`` in a tree (JSON form)."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == component_type and "props" in node:
            found.append(node["props"].get("children"))
        for value in node.values():
            found += children_of(value, component_type)
    elif isinstance(node, list):
        for item in node:
            found += children_of(item, component_type)
    return found

def component_types(node) -> set[str]:
    """Every component type in a component tree (JSON form)."""
    found = set()
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            found.add(node["type"])
        for value in node.values():
            found |= component_types(value)
    elif isinstance(node, list):
        for item in node:
            found |= component_types(item)
    return found
