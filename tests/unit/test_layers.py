"""The house reads one way: dialog -> engine -> notes -> store -> tui/cli."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import srs_advisor
from srs_advisor.layers import LAYERS, imports, module_imports, part_of, upward

ROOT = Path(srs_advisor.__file__).resolve().parent


def test_no_module_imports_a_layer_above_its_own() -> None:
    found = imports(ROOT)
    assert len(found) > 100  # the scan reads the whole tree
    assert upward(found) == []


def test_every_part_of_the_package_has_a_place_in_the_order() -> None:
    parts = {path.stem if path.is_file() else path.name for path in ROOT.iterdir()}
    parts = {p for p in parts if (ROOT / p).is_dir() or (ROOT / f"{p}.py").is_file()}
    parts.discard("__pycache__")
    assert parts <= set(LAYERS)


def test_the_engine_imports_neither_the_notes_nor_the_store_nor_textual() -> None:
    found = [i for i in imports(ROOT) if i.source_part == "engine"]
    assert found  # the engine imports the dialog, at least
    assert {i.target_part for i in found} <= {"engine", "dialog", "files", "program"}
    for path in (ROOT / "engine").glob("*.py"):
        assert "textual" not in path.read_text(encoding="utf-8"), path


def test_an_import_hidden_in_a_function_is_found_and_refused() -> None:
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ..store import SessionError\n"
        "def save(self):\n"
        "    from ..notes.transcript import render_transcript  # notes read the engine\n"
        "    import srs_advisor.tui.app\n"
    )
    found = module_imports("srs_advisor.engine.conversation", source)
    assert [(i.line, i.target) for i in found] == [
        (4, "srs_advisor.store"),
        (6, "srs_advisor.notes.transcript"),
        (7, "srs_advisor.tui.app"),
    ]
    problems = upward(found)
    assert len(problems) == 3
    assert problems[1] == (
        "srs_advisor.engine.conversation:6 imports srs_advisor.notes.transcript: engine may "
        "not import notes (the order is dialog -> engine -> notes -> store -> tui/cli)"
    )


def test_relative_imports_resolve_to_the_package_they_name() -> None:
    found = module_imports(
        "srs_advisor.store",
        "from .disk import x\nfrom ..engine import session\nfrom . import keeper\n",
        is_package=True,
        known={"srs_advisor.store", "srs_advisor.store.keeper"},
    )
    assert [i.target for i in found] == [
        "srs_advisor.store.disk",
        "srs_advisor.engine",
        "srs_advisor.store.keeper",
    ]
    assert [part_of(i.target) for i in found] == ["store", "engine", "store"]
    assert upward(found) == []


def test_a_module_named_in_from_import_and_a_dynamic_import_are_found() -> None:
    source = (
        "import importlib\n"
        "def draft(self):\n"
        "    from ..notes import transcript\n"
        "    importlib.import_module('srs_advisor.store.keeper')\n"
        "    __import__('srs_advisor.tui')\n"
    )
    found = module_imports(
        "srs_advisor.engine.conversation",
        source,
        known={"srs_advisor.notes", "srs_advisor.notes.transcript"},
    )
    assert [(i.line, i.target) for i in found] == [
        (3, "srs_advisor.notes.transcript"),
        (4, "srs_advisor.store.keeper"),
        (5, "srs_advisor.tui"),
    ]
    assert len(upward(found)) == 3


def test_a_wrong_way_import_in_the_tree_fails_the_check(tmp_path: Path) -> None:
    # A copy of the tree with one import hidden in a function of the engine.
    tree = tmp_path / "srs_advisor"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns("__pycache__"))
    derived = tree / "engine" / "derived.py"
    derived.write_text(
        derived.read_text(encoding="utf-8")
        + "\n\ndef _late() -> None:\n    from ..store import keeper  # noqa: F401\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "srs_advisor.layers"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "engine --> store & dialog" in run.stdout
    assert "srs_advisor.engine.derived:" in run.stderr
    assert "imports srs_advisor.store.keeper: engine may not import store" in run.stderr


def test_the_graph_printed_is_the_one_the_readme_shows() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "srs_advisor.layers"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    shown = "\n".join(line.removeprefix("  ") for line in readme.splitlines())
    assert run.stdout.strip() in shown
