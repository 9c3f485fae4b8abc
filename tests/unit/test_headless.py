"""The core runs without the TUI: dialog, engine, notes and the CLI import no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "srs_advisor.dialog",
    "srs_advisor.dialog.loader",
    "srs_advisor.engine.conversation",
    "srs_advisor.engine.machine",
    "srs_advisor.engine.resume",
    "srs_advisor.engine.session",
    "srs_advisor.engine.recommendation",
    "srs_advisor.notes.transcript",
    "srs_advisor.terminal",
    "srs_advisor.cli",
    "srs_advisor.serve",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_imports_without_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_headless_subcommand_does_not_load_textual() -> None:
    code = (
        "import sys; from srs_advisor.__main__ import main; main(['questions']); "
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().endswith("False")
