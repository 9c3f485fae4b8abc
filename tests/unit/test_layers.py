"""The house reads one way: dialog -> engine -> notes -> store -> tui/cli."""

from __future__ import annotations

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
