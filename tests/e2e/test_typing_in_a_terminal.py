"""The installed app in a real terminal, typed into at full speed: nothing typed is lost."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from on_disk import saved
from terminal import APP, Terminal, have_tmux

pytestmark = pytest.mark.skipif(
    not have_tmux() and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)

PARTICIPANTS = (
    "Dana Lee [epidemiologist], Riverside County Health; Sam Ortiz, community health "
    "manager, General Hospital; Rev. Cruz"
)


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    width, height = request.param
    command = [str(APP), "--sessions-dir", str(tmp_path / "sessions")]
    term = Terminal(command, width, height, {"SRS_ADVISOR_SESSIONS_DIR": str(tmp_path)})
    try:
        term.wait_for_text("Start a new session")
        term.press("Enter")
        term.wait_for_text("Continue")
        term.press("Enter")
        term.wait_for_text("Who is taking part")
        yield term
    finally:
        term.close()


def test_a_burst_then_the_answer_key_keeps_every_key(terminal: Terminal, tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    terminal.type(PARTICIPANTS)
    terminal.press("C-s")
    terminal.type("County [Health]")  # at once: the start of the next answer
    terminal.wait_for(
        lambda: saved(sessions).get("current") == "welcome.partners", "the partners question"
    )
    assert saved(sessions)["answers"]["welcome.participants"] == PARTICIPANTS
    terminal.wait_for_text("County [Health]")  # typed during the move: in the next input


def test_a_paste_and_enter_keep_the_whole_answer(terminal: Terminal, tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    terminal.paste("Dana Lee\nSam Ortiz\nRev. Ana Cruz")
    terminal.press("C-s")
    terminal.wait_for(
        lambda: saved(sessions).get("current") == "welcome.partners", "the partners question"
    )
    assert (
        saved(sessions)["answers"]["welcome.participants"] == "Dana Lee\nSam Ortiz\nRev. Ana Cruz"
    )
    # The partner list: a name, its sector, Add; then the list is the answer.
    terminal.type("Acme (Holdings) Ltd")
    terminal.press("Enter")  # no sector yet: the sector list takes the focus
    terminal.wait_for_text("Pick a sector for Acme")
    terminal.press("Enter")  # open it
    terminal.wait_for_text("Faith-based")
    terminal.press("Down", "Enter")  # the first sector: picking it adds the partner
    terminal.wait_for_text("Acme (Holdings) Ltd  (Public health)")
    terminal.press("C-s")
    terminal.wait_for(lambda: saved(sessions).get("current") == "welcome.idea", "the idea")
    terminal.type("Share a nurse two days a week")
    terminal.press("Enter")
    # The meeting details, typed straight on: Enter moves field by field, the last answers.
    terminal.type("Room 2")
    terminal.press("Enter")
    terminal.type("Dana")
    terminal.press("Enter")
    terminal.press("Enter")
    terminal.type("x")  # the next question is a page to read: a stray key changes nothing
    terminal.wait_for(
        lambda: "welcome.meeting" in saved(sessions).get("answers", {}), "the meeting details"
    )
    answers = saved(sessions)["answers"]
    assert answers["welcome.idea"] == "Share a nurse two days a week"
    assert answers["welcome.meeting"] == {"place": "Room 2", "facilitator": "Dana"}
    # The chat shows the last answer given, in view.
    terminal.wait_for_text("Facilitator: Dana")


def test_the_guidance_key_twice_gives_the_focus_back(terminal: Terminal, tmp_path: Path) -> None:
    terminal.type("Dana")
    terminal.press("C-g")
    terminal.press("C-g")
    terminal.type(" Lee")
    terminal.press("C-s")
    sessions = tmp_path / "sessions"
    terminal.wait_for(
        lambda: saved(sessions).get("current") == "welcome.partners", "the partners question"
    )
    assert saved(sessions)["answers"]["welcome.participants"] == "Dana Lee"


def test_the_welcome_phase_in_one_burst_keeps_every_key(terminal: Terminal, tmp_path: Path) -> None:
    # The partner list, the idea and the meeting details typed without waiting for the
    # screen: Enter, Enter again for the sector list, an arrow and Enter add a partner.
    sessions = tmp_path / "sessions"
    terminal.type("Dana [lead]")
    terminal.press("F3")
    terminal.type("Acme [Holdings] Ltd")
    terminal.press("Enter", "Enter", "Down", "Enter")
    terminal.type("Smith [/] Jones")
    terminal.press("Enter", "Enter", "Down", "Down", "Enter", "F3")
    terminal.type("Share a [nurse]")
    terminal.press("Enter")
    terminal.type("Room [2]")
    terminal.press("Enter")
    terminal.type("Jo [/b] Park")
    terminal.press("Enter")
    terminal.type("Kim & Lee")
    terminal.press("Enter")
    terminal.wait_for(
        lambda: saved(sessions).get("current") == "readiness.intro", "the readiness page"
    )
    answers = saved(sessions)["answers"]
    assert [(p["name"], p["sector"]) for p in answers["welcome.partners"]] == [
        ("Acme [Holdings] Ltd", "public-health"),
        ("Smith [/] Jones", "health-care"),
    ]
    assert answers["welcome.idea"] == "Share a [nurse]"
    assert answers["welcome.meeting"] == {
        "place": "Room [2]",
        "facilitator": "Jo [/b] Park",
        "note_taker": "Kim & Lee",
    }


def test_a_paste_start_typed_key_by_key_swallows_no_key(terminal: Terminal) -> None:
    # ESC [ 2 0 0 ~ as keys, not a paste: Textual took all that came after it as pasted
    # text until ESC [ 2 0 1 ~, so F10 could not quit.
    terminal.press("Escape", "[", "2", "0", "0", "~")
    terminal.type("Dana")
    terminal.wait_for_text("[200~Dana")  # the keys, typed into the answer
    terminal.press("F10")
    terminal.wait_for_text("Quit without giving the answer you typed?")
    terminal.press("Tab", "Enter")  # from Stay to Quit

    def ended() -> bool:
        alive = ["tmux", "-L", terminal.socket, "has-session", "-t", "app"]
        return subprocess.run(alive, capture_output=True, check=False).returncode != 0

    terminal.wait_for(ended, "the app to quit")
