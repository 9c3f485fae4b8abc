"""The house reads one way: dialog -> engine -> notes -> store -> tui/cli.

`LAYERS` names each package's place; a module may import its own package and those
below it, never one above, not even inside a function or for type checking only.
`imports` reads every import of the source tree (with `ast`, so nothing is run), and
`upward` lists those that break the order. A test holds the tree to it, and
`python -m srs_advisor.layers` prints the graph of the packages, as the README shows it.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "srs_advisor"

LAYERS: dict[str, int] = {
    # What every layer may use: reading files safely, the terminal, the served page,
    # where the shipped dialog and content are, the version, the command that runs it.
    "__init__": 0,
    "program": 0,
    "files": 0,
    "terminal": 0,
    "resources": 0,
    "page": 0,
    "layers": 0,
    "dialog": 1,
    "engine": 2,
    "notes": 3,
    "store": 4,
    "tui": 5,
    "serve": 5,
    "cli": 6,
    "__main__": 7,
}
"""Each top-level module or package of `srs_advisor`, by its place in the order."""


@dataclass(frozen=True)
class Import:
    """One import in the source: where it is and what it names."""

    module: str
    """The importing module, `srs_advisor.engine.conversation`."""
    line: int
    target: str
    """The module imported, `srs_advisor.notes.transcript`."""

    @property
    def source_part(self) -> str:
        return part_of(self.module)

    @property
    def target_part(self) -> str:
        return part_of(self.target)


def part_of(module: str) -> str:
    """The top-level part of `srs_advisor` a module belongs to (`engine`, `cli`, ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_imports(
    module: str, source: str, *, is_package: bool = False, known: set[str] | None = None
) -> list[Import]:
    """Every import of `srs_advisor` in `source`, the text of `module`, wherever it stands.

    `known` names the tree's modules: `from . import x` imports module `.x` if there is
    one, else the name `x` of the package.
    """
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from . import x` or `from ..notes import transcript`: the name may be a
            # module of its own (always so, for `from . import x`, when `known` is None).
            targets = [
                f"{target}.{alias.name}"
                if (f"{target}.{alias.name}" in known if known is not None else not node.module)
                else target
                for alias in node.names
            ]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.Call) and (dynamic := _dynamic_import(node)):
            targets = [dynamic]
        else:
            continue
        found.extend(
            Import(module, node.lineno, t)
            for t in targets
            if t == PACKAGE or t.startswith(PACKAGE + ".")
        )
    return found


def _dynamic_import(node: ast.Call) -> str | None:
    """The module named by `importlib.import_module("...")` or `__import__("...")`."""
    if not node.args:
        return None
    func, first = node.func, node.args[0]
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__"):
        return None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def imports(root: Path) -> list[Import]:
    """Every import of `srs_advisor` in the package at `root` (the `srs_advisor` folder)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    found: list[Import] = []
    for module, (path, is_package) in modules.items():
        text = path.read_text(encoding="utf-8")
        found.extend(module_imports(module, text, is_package=is_package, known=set(modules)))
    return found


def upward(found: list[Import]) -> list[str]:
    """The imports that go against the order (or from a part `LAYERS` does not name)."""
    problems: list[str] = []
    for item in found:
        source, target = item.source_part, item.target_part
        if source == target:
            continue
        if source not in LAYERS or target not in LAYERS:
            unknown = source if source not in LAYERS else target
            problems.append(f"{item.module}:{item.line}: {unknown} has no place in LAYERS")
        elif LAYERS[target] >= LAYERS[source]:
            problems.append(
                f"{item.module}:{item.line} imports {item.target}: {source} may not import "
                f"{target} (the order is dialog -> engine -> notes -> store -> tui/cli)"
            )
    return problems


def graph(found: list[Import]) -> str:
    """The packages and which imports which (an arrow from the importer), as Mermaid.

    One line a package, the highest first, its targets from the highest down: the form
    the README's diagram takes (a test checks that the README shows this graph).
    """
    targets: dict[str, set[str]] = {}
    for i in found:
        if i.source_part != i.target_part and LAYERS.get(i.target_part, 0) > 0:
            targets.setdefault(i.source_part, set()).add(i.target_part)

    def order(part: str) -> tuple[int, str]:
        return (-LAYERS.get(part, 0), part)

    lines = ["flowchart TD"]
    lines.extend(
        f"    {source} --> {' & '.join(sorted(targets[source], key=order))}"
        for source in sorted(targets, key=order)
    )
    return "\n".join(lines)


def main() -> int:
    found = imports(Path(__file__).resolve().parent)
    print(graph(found))
    problems = upward(found)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
