"""The shape of the code: layers that run one way, short modules and functions.

The packages run corpus → index → qa → eval → web → app.py. Read from the source (no
imports run): a module may import its own package and the packages below it, never one
above; the web layer never imports a command-line module. No module is over 400 lines,
no function over 60.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("corpus", "index", "qa", "eval", "web", "app")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> Iterator[Path]:
    # data and their builders
    data = (ROOT / "eval" / "heldout", ROOT / "eval" / "fixtures", ROOT / "eval" / "layouts")
    for package in LAYERS[:-1]:
        modules = (ROOT / package).rglob("*.py")
        yield from sorted(p for p in modules if not any(d in p.parents for d in data))
    yield ROOT / "app.py"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_from_a_higher_layer(path: Path) -> None:
    own = LAYERS.index(_layer(path))
    upward = sorted(
        name
        for name in _imported(path)
        if name.split(".")[0] in LAYERS and LAYERS.index(name.split(".")[0]) > own
    )
    assert not upward, f"{path.relative_to(ROOT)} imports from a higher layer: {upward}"


def test_the_web_layer_imports_no_command_line_module() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported(path) if name.endswith((".cli", ".__main__"))
        )
        for path in (ROOT / "web").rglob("*.py")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from web.server import create_app\nimport qa.render\n", encoding="utf-8")
    assert _imported(module) == {"web.server", "qa.render"}


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_short(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    lengths = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert not {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
