"""Shared fixtures: the shipped dialog, the minimal test dialog, and answer files."""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.resources import content_dir, dialogs_dir

# The notes give the meeting's date in local time: the tests' local time is UTC, so
# snapshots and golden files read the same on every machine (subprocesses inherit it).
os.environ["TZ"] = "UTC"
time.tzset()

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
EXAMPLE_ANSWERS = REPO / "examples" / "answers.toml"


@pytest.fixture(scope="session")
def dialog() -> Dialog:
    """The shipped dialog."""
    return load_dialog(dialogs_dir(), content_dir())


@pytest.fixture
def minimal_dir(tmp_path: Path) -> Path:
    """A copy of the minimal dialog (dialogs/ and content/) that a test may change."""
    target = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", target)
    return target


@pytest.fixture
def example_answers() -> dict[str, Any]:
    """The example answer file, flattened to answers keyed by full step id."""
    data = tomllib.loads(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    data.pop("parked")
    return {
        f"{phase}.{name}": value for phase, table in data.items() for name, value in table.items()
    }


@pytest.fixture
def handshake() -> dict[str, Any]:
    """The formality factors of a handshake, as answers keyed by step id."""
    return tomllib.loads((DATA / "handshake.toml").read_text(encoding="utf-8"))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the recommendation's score on the development set, when it was measured."""
    from calibration import SCORE_LINES

    lines = config.stash.get(SCORE_LINES, [])
    if lines:
        terminalreporter.section("formality recommendation on the development set, and outside it")
        for line in lines:
            terminalreporter.write_line(line)
