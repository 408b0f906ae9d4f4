"""The kernel imports only the standard library and itself (no Django, no third parties)."""

import ast
import sys
from pathlib import Path

import pytest

KERNEL = Path(__file__).resolve().parents[2] / "taut" / "clinical"
MODULES = sorted(KERNEL.rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.append("taut.clinical")  # relative import inside the package
            elif node.module:
                names.append(node.module)
    return names


def _allowed(name: str) -> bool:
    top = name.split(".")[0]
    return (
        name == "taut.clinical"
        or name.startswith("taut.clinical.")
        or (top in sys.stdlib_module_names)
    )


def test_kernel_has_modules():
    assert len(MODULES) > 5


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_only_stdlib_and_kernel(path):
    bad = [name for name in _imports(path) if not _allowed(name)]
    assert bad == []
