"""The file tree is the architecture: imports run one way, down the layers, and
docs/architecture.md draws the tree exactly as it is on disk."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "storyline"


def _layers() -> dict[str, int]:
    """The layers of docs/architecture.md's table: package -> layer (0 at the bottom)."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    layers = {}
    for number, names in re.findall(r"^\| (\d+) \| (.+) \|$", text, flags=re.M):
        for name in re.findall(r"`(\w+)`", names.split("(")[0]):
            layers[name] = int(number)
    return layers


# A module may import its own package and the layers below its own. "storyline" is the public
# surface (the package's __init__.py).
LAYER_OF = _layers()


def _unit(module: str) -> str:
    """The package (or top-level module) a dotted ``storyline...`` name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "storyline"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every storyline module ``path`` imports (type-only and function-level ones too)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "storyline":  # from storyline import X: X may be a module
                found += [(node.lineno, f"storyline.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, target))
    return [(line, name) for line, name in found if name.split(".")[0] == "storyline"]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    units = {_unit(_module_name(path)) for path in _modules()}
    assert units - set(LAYER_OF) == set(), "give the new package a layer in docs/architecture.md"


def _top_modules() -> set[str]:
    """The packages and top-level modules of storyline, by name."""
    return {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"} | {
        p.parent.name for p in PACKAGE.glob("*/__init__.py")
    }


def _imported_unit(target: str) -> str:
    """The unit an import reaches: a package or top-level module, or the public surface
    (``from storyline import Pipeline``)."""
    parts = target.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in _top_modules() else "storyline"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_layers(path: Path) -> None:
    own = _unit(_module_name(path))
    for line, target in _imports(path):
        unit = _imported_unit(target)
        if unit == own:
            continue
        assert LAYER_OF[unit] < LAYER_OF[own], (
            f"{path.relative_to(REPO)}:{line} imports {target} ({unit}, layer "
            f"{LAYER_OF[unit]}) from layer {LAYER_OF[own]} ({own})"
        )


def test_no_import_circle_between_the_store_interface_and_its_backends() -> None:
    base = PACKAGE / "store" / "base.py"
    assert {name for _, name in _imports(base)} <= {"storyline.errors", "storyline.records"}


_ENTRY = re.compile(r"^[A-Za-z_]\w*(\.py|/)$")


def _drawn_tree() -> set[str]:
    """The paths the tree in docs/architecture.md draws, relative to src/storyline."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("```\nsrc/storyline/\n", 1)[1].split("```", 1)[0]
    drawn: set[str] = set()
    folders: list[str] = []
    for line in block.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        names = []
        for token in line.split():
            if not _ENTRY.match(token):
                break
            names.append(token)
        assert names, f"not an entry of the tree: {line!r}"
        folders = folders[:depth]
        for name in names:
            if name.endswith("/"):
                folders.append(name.rstrip("/"))
            else:
                drawn.add("/".join([*folders, name]))
    return drawn


def test_the_architecture_doc_draws_the_tree_on_disk() -> None:
    on_disk = {str(p.relative_to(PACKAGE)) for p in _modules()}
    drawn = _drawn_tree()
    assert sorted(on_disk - drawn) == [], "on disk, not drawn in docs/architecture.md"
    assert sorted(drawn - on_disk) == [], "drawn in docs/architecture.md, not on disk"


def test_every_package_says_what_it_is_for() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(REPO)} has no docstring"
