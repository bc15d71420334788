"""Walking a Dash component tree, shared by the tests."""

from __future__ import annotations


def walk(node):
    """Every component in a tree (lists, components and their children), parents first."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from walk(item)
    elif hasattr(node, "to_plotly_json"):
        yield node
        yield from walk(getattr(node, "children", None))
