"""`srs-advisor prework --fill FILE` in a real terminal, typed into at full speed.

A partner opens its pre-work file in the installed advisor, in tmux at 80x24 and 120x40,
and types as people do: choices and whole answers in bursts, brackets and `[/]` in the
text, the answer key inside the burst. The file on disk holds every answer as typed,
whatever the size of the terminal; a kill loses no answer given, and opening the file
again goes on from the first question left blank.
"""

from __future__ import annotations

import os
import signal
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prework_files import COUNTY, FILES, session_at_readiness
from terminal import APP, Key, Terminal, have_tmux

from srs_advisor.__main__ import main
from srs_advisor.dialog import Dialog

pytestmark = pytest.mark.skipif(
    not have_tmux() and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)

GOALS = "Fewer readmissions [in ZIPs 1 & 2] [/] and [b]no[/b] markup"
BENEFITS = 'Reach families [sooner]; "avoid" costs \\ duplication'


def on_disk(path: Path) -> dict[str, Any]:
    """The file as a reader finds it now ({} if caught mid-write: never half a file)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def answer(path: Path, phase: str, name: str) -> Any:
    return on_disk(path).get(phase, {}).get(name)


@pytest.fixture
def county_file(dialog: Dialog, tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    session_at_readiness(dialog, folder)
    assert main(["prework", str(folder), "--out", str(tmp_path / "files")]) == 0
    return tmp_path / "files" / FILES[COUNTY]


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def filling(request: pytest.FixtureRequest, county_file: Path) -> Iterator[Terminal]:
    width, height = request.param
    term = Terminal([str(APP), "prework", "--fill", str(county_file)], width, height, {})
    try:
        term.wait_for_text("Pre-work for County [Health]")
        yield term
    finally:
        term.close()


def test_a_partner_types_its_pre_work_at_full_speed(filling: Terminal, county_file: Path) -> None:
    # The opening page, then the ten success factors in one burst: Enter on the first
    # choice, Down and Enter for the second, F4 to leave one blank.
    filling.burst(
        Key("Enter"),
        Key("Enter"),  # objectives: Yes, in place
        Key("Down"), Key("Enter"),  # balance: Partly
        Key("Down"), Key("Down"), Key("Enter"),  # trust: Not yet
        Key("F4"),  # prior: left blank
        Key("Enter"), Key("Enter"), Key("Enter"),  # identity, relationships, senior support
        Key("Down"), Key("Enter"),  # project management: Partly
        Key("Enter"), Key("Enter"),  # change management, communication
    )  # fmt: skip
    filling.wait_for(
        lambda: answer(county_file, "readiness", "communication") == "in-place",
        "the last success factor in the file",
    )
    filling.burst(GOALS, Key("F3"), BENEFITS, Key("F3"))
    filling.wait_for(
        lambda: (
            answer(county_file, "purpose", "benefits") is not None
            and answer(county_file, "purpose", "benefits").strip() == BENEFITS
        ),
        "the benefits in the file",
    )
    filling.burst("[Success] = 80% [/]", Key("F3"), "Dana Lee <dana@county.example>", Key("F3"))
    filling.wait_for_text("Done. Thank you!")
    data = on_disk(county_file)
    assert data["prework"]["partner"] == COUNTY
    assert data["readiness"] == {
        "objectives": "in-place",
        "balance": "partly",
        "trust": "not-yet",
        "prior": "",
        "identity": "in-place",
        "relationships": "in-place",
        "senior_support": "in-place",
        "project_management": "partly",
        "change_management": "in-place",
        "communication": "in-place",
    }
    assert data["purpose"] == {"goals": GOALS + "\n", "benefits": BENEFITS + "\n"}
    assert data["scope"] == {
        "success": "[Success] = 80% [/]\n",
        "contacts": "Dana Lee <dana@county.example>\n",
    }
    assert "[b]no[/b] markup" in filling.screen()  # shown as typed, never as markup
    filling.press("F10")
    filling.wait_for(lambda: "Your answers are saved in" in filling.screen(), "the farewell")


def test_a_kill_loses_no_answer_given_and_the_file_opens_where_it_stopped(
    county_file: Path,
) -> None:
    term = Terminal([str(APP), "prework", "--fill", str(county_file)], 80, 24, {})
    try:
        term.wait_for_text("Pre-work for County [Health]")
        term.burst(Key("Enter"), Key("Enter"), Key("Down"), Key("Enter"))
        term.wait_for(lambda: answer(county_file, "readiness", "balance") == "partly", "balance")
        term.burst("typed, not given [x]")  # in the box, not an answer: not in the file
        os.kill(term.pane_pid(), signal.SIGKILL)
    finally:
        term.close()
    data = on_disk(county_file)
    assert data["readiness"]["objectives"] == "in-place"
    assert data["readiness"]["balance"] == "partly"
    assert "typed, not given" not in county_file.read_text(encoding="utf-8")
    assert not list(county_file.parent.glob(".*.tmp"))  # no half-written file left
    again = Terminal([str(APP), "prework", "--fill", str(county_file)], 80, 24, {})
    try:
        again.wait_for_text("Is there enough trust")  # the first question left blank
        again.burst(Key("Down"), Key("Enter"))
        again.wait_for(lambda: answer(county_file, "readiness", "trust") == "partly", "trust")
    finally:
        again.close()
    assert on_disk(county_file)["readiness"]["balance"] == "partly"
