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
    "srs_advisor.dialog.graph",
    "srs_advisor.engine.conversation",
    "srs_advisor.engine.machine",
    "srs_advisor.engine.path",
    "srs_advisor.engine.progress",
    "srs_advisor.engine.resume",
    "srs_advisor.engine.session",
    "srs_advisor.engine.drafts",
    "srs_advisor.engine.recommendation",
    "srs_advisor.engine.checkin",
    "srs_advisor.engine.changes",
    "srs_advisor.notes.changes",
    "srs_advisor.store.checkins",
    "srs_advisor.store.chains",
    "srs_advisor.cli.checkin",
    "srs_advisor.notes.transcript",
    "srs_advisor.notes.agreement",
    "srs_advisor.notes.outline",
    "srs_advisor.notes.terms",
    "srs_advisor.notes.export",
    "srs_advisor.store",
    "srs_advisor.store.keeper",
    "srs_advisor.terminal",
    "srs_advisor.cli",
    "srs_advisor.serve",
    "srs_advisor.page",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_imports_without_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "command",
    [["questions"], ["check"], ["graph"], ["graph", "--steps"], ["replay", str(EXAMPLE)]],
    ids=lambda c: " ".join(c[:2]) if c[0] != "replay" else "replay",
)
def test_a_headless_subcommand_does_not_load_textual(command: list[str], tmp_path: Path) -> None:
    if command[0] == "replay":
        command = [*command, "--out", str(tmp_path / "out")]
    code = (
        f"import sys; from srs_advisor.__main__ import main; code = main({command!r}); "
        "print(code, 'textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "0 False"


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


def test_the_graph_and_the_commands_that_only_read_the_dialog_do_not_load_the_engine() -> None:
    code = (
        "import sys; from srs_advisor.__main__ import main; main(['graph']); "
        "print(sorted(m for m in sys.modules if m.startswith('srs_advisor.engine')), "
        "file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_the_cli_names_the_same_sessions_variable_as_the_store() -> None:
    from srs_advisor import cli
    from srs_advisor.store import sessions

    assert cli.ENV_SESSIONS_DIR == sessions.ENV_SESSIONS_DIR


def test_the_cli_offers_the_formats_and_documents_that_export_writes() -> None:
    from srs_advisor import cli
    from srs_advisor.notes import export

    assert cli.EXPORT_FORMATS == export.FORMATS
    assert cli.EXPORT_WHATS == export.WHATS
