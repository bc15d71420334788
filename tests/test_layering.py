"""The folders' import rules (README, Layout): ``callbacks/`` is Dash wiring that nothing else
imports, and callback modules do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Folders whose modules must not import callbacks/ (the data flows the other way).
BELOW_CALLBACKS = ("analytics", "cli", "components", "loaders", "panels", "server")


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute imports; this project uses no relative ones)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", BELOW_CALLBACKS)
def test_nothing_below_the_wiring_imports_callbacks(folder):
    offenders = {str(path.relative_to(ROOT)): sorted(n for n in imported_modules(path)
                                                     if n == "callbacks" or n.startswith("callbacks."))
                 for path in modules(folder)}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_callback_modules_do_not_import_each_other():
    offenders = {}
    for path in modules("callbacks"):
        names = sorted(n for n in imported_modules(path) if n.startswith("callbacks."))
        if names:
            offenders[path.name] = names
    assert offenders == {}


def test_the_check_sees_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom callbacks.leverage import x\n\ndef f():\n    from callbacks import facts\n")
    assert {"callbacks.leverage", "callbacks.leverage.x", "callbacks", "callbacks.facts"} <= imported_modules(module)
