"""The core runs without the TUI: dialog, engine, notes and the CLI import no Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"

HEADLESS = [
    "srs_advisor.dialog",
    "srs_advisor.dialog.loader",
    "srs_advisor.engine.conversation",
    "srs_advisor.engine.machine",
    "srs_advisor.engine.resume",
    "srs_advisor.engine.session",
    "srs_advisor.engine.recommendation",
    "srs_advisor.notes.transcript",
    "srs_advisor.notes.agreement",
    "srs_advisor.notes.export",
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


def test_export_does_not_load_textual(tmp_path: Path) -> None:
    from srs_advisor.cli import run

    assert run(["replay", str(EXAMPLE), "--out", str(tmp_path)]) == 0
    code = (
        "import sys; from srs_advisor.__main__ import main; "
        f"main(['export', {str(tmp_path)!r}, '--format', 'docx']); "
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().endswith("False")
    assert (tmp_path / "meeting-notes.docx").is_file()
