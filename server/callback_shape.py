"""The shape of a ``/_dash-update-component`` request, checked against the registered callback.

Dash indexes into the body as the page sends it; a body of another shape (``inputs: {}``,
``state: "x"``, no ``outputs``, ``changedPropIds: 5``...) makes it fail inside the request with
a 500 and a traceback. :func:`shape_problem` says in a few words what is wrong (the answer is
a 400), or None for a well-formed request. Pure: no Flask.
"""

from __future__ import annotations

import json

#: Deepest JSON nesting a callback body may have (the page's deepest is a figure's click data).
MAX_DEPTH = 64


def parse_body(raw: bytes) -> tuple[object, str | None]:
    """``(body, problem)``: the JSON body, or a problem (not JSON, nested too deeply)."""
    try:
        body = json.loads(raw or b"null")
    except RecursionError:
        return None, "the JSON is nested too deeply"
    except ValueError:
        return None, "the body is not JSON"
    if _depth(body) > MAX_DEPTH:
        return None, "the JSON is nested too deeply"
    return body, None


def _depth(value, limit: int = MAX_DEPTH + 1) -> int:
    """Nesting depth of ``value``, counted up to ``limit`` (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if depth >= limit:
                return depth
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _is_prop(item, *, wildcard: bool) -> bool:
    """A ``{"id", "property"}`` entry, or (pattern-matching ALL/ALLSMALLER) a list of them."""
    if isinstance(item, dict):
        return isinstance(item.get("property"), str) and isinstance(item.get("id"), (str, dict))
    return wildcard and isinstance(item, list) and all(_is_prop(i, wildcard=False) for i in item)


def _wildcards(specs) -> list[bool]:
    return [str(s.get("id", "")).startswith("{") for s in specs]


def shape_problem(body, callback_map) -> str | None:
    """What is wrong with a callback request body for ``callback_map`` (Dash's), or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "no such callback output"
    spec = callback_map[output]
    if "outputs" not in body or not isinstance(body["outputs"], (dict, list)):
        return "outputs must be an object or a list"
    if output.startswith("..") and not isinstance(body["outputs"], list):
        return "outputs must be a list for this callback"  # declared with a list of outputs
    if not output.startswith("..") and not isinstance(body["outputs"], dict):
        return "outputs must be an object for this callback"  # declared with one output
    for part in ("inputs", "state"):
        items = body.get(part, [] if part == "state" else None)
        expected = spec.get(part) or []
        if not isinstance(items, list):
            return f"{part} must be a list"
        if len(items) != len(expected):
            return f"{part} must have {len(expected)} entries for this callback"
        for item, wildcard in zip(items, _wildcards(expected)):
            if not _is_prop(item, wildcard=wildcard):
                return f"each entry of {part} must name an id and a property"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    return None
