"""Every kind of input, typed in one burst into the installed app in a real terminal.

Each test opens a session at one step (walked there by the engine, then resumed in the
app), sends the whole answer, the keys that move between fields and the answer key in
one tmux command line, as a fast typist or a terminal's key repeat makes them, and
checks what `session.json` holds: exactly what the same keys typed slowly would give.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from on_disk import saved
from terminal import APP, Key, Terminal, have_tmux
from walk import walk_past_required

from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store.keeper import keep

pytestmark = pytest.mark.skipif(
    not have_tmux() and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)

PARTNERS = [
    {"name": "Acme [Health]", "sector": "public-health"},
    {"name": "Grace 'Church'", "sector": "faith-based"},
]
ZWNJ, ZWJ = "\u200c", "\u200d"

ENTER, TAB, F3 = Key("Enter"), Key("Tab"), Key("F3")
SPACE, DOWN, UP = Key("Space"), Key("Down"), Key("Up")


def walk(dialog: Dialog, step_id: str, folder: Path) -> Conversation:
    """A saved session at `step_id`: partners named, every required choice its first one."""
    conversation = walk_past_required(Conversation(dialog), step_id, {"welcome.partners": PARTNERS})
    keep(conversation, folder / conversation.session.id)
    conversation.save()
    return conversation


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def at_step(
    dialog: Dialog, size: tuple[int, int], tmp_path: Path
) -> Iterator[Callable[[str], tuple[Terminal, Conversation]]]:
    """Open the app at a step; yields a function of the step id."""
    terminals: list[Terminal] = []
    sessions = tmp_path / "sessions"

    def open_at(step_id: str) -> tuple[Terminal, Conversation]:
        conversation = walk(dialog, step_id, sessions)
        command = [str(APP), "--sessions-dir", str(sessions), "resume", conversation.session.id]
        term = Terminal(command, *size, {})
        terminals.append(term)
        term.wait_for_text("F10 Quit")
        term.wait_until_still()
        return term, conversation

    try:
        yield open_at
    finally:
        for term in terminals:
            term.close()


def answer_to(term: Terminal, sessions: Path, step_id: str) -> Any:
    """The answer saved for `step_id`, once the app has moved past it."""
    term.wait_for(
        lambda: saved(sessions).get("current") not in (None, step_id), f"an answer to {step_id}"
    )
    return saved(sessions)["answers"].get(step_id)


def test_one_line(at_step: Any, tmp_path: Path) -> None:
    term, _ = at_step("welcome.idea")
    typed = f"Share a [nurse] 👩{ZWJ}💻 with من{ZWNJ}می{ZWNJ}روم"
    term.burst(typed, ENTER, "stray keys for the next question")
    assert answer_to(term, tmp_path / "sessions", "welcome.idea") == typed


def test_several_lines(at_step: Any, tmp_path: Path) -> None:
    term, _ = at_step("welcome.participants")
    term.burst("Dana [lead]", ENTER, "Sam Ortiz", ENTER, f"Kim 👨{ZWJ}👩", F3, "Acme")
    answer = answer_to(term, tmp_path / "sessions", "welcome.participants")
    assert answer == f"Dana [lead]\nSam Ortiz\nKim 👨{ZWJ}👩"


def test_choice(at_step: Any, tmp_path: Path) -> None:
    term, conversation = at_step("readiness.objectives")
    step = conversation.dialog.step("readiness.objectives")
    term.burst(DOWN, DOWN, UP, ENTER, DOWN)
    assert answer_to(term, tmp_path / "sessions", step.id) == choices_of(step)[1].value


def test_tick_list(at_step: Any, tmp_path: Path) -> None:
    term, conversation = at_step("purpose.resources")
    values = [c.value for c in choices_of(conversation.dialog.step("purpose.resources"))]
    # Tick the first, third and fourth: Space Down Down Space Down Space.
    term.burst(SPACE, DOWN, DOWN, SPACE, DOWN, SPACE, F3)
    answer = answer_to(term, tmp_path / "sessions", "purpose.resources")
    assert answer == [values[0], values[2], values[3]]


def test_tick_and_untick(at_step: Any, tmp_path: Path) -> None:
    term, conversation = at_step("purpose.resources")
    values = [c.value for c in choices_of(conversation.dialog.step("purpose.resources"))]
    term.burst(SPACE, DOWN, SPACE, UP, SPACE, F3)  # the first ticked and unticked again
    assert answer_to(term, tmp_path / "sessions", "purpose.resources") == [values[1]]


def test_partner_list(at_step: Any, tmp_path: Path) -> None:
    term, conversation = at_step("welcome.partners")
    sectors = [s.value for s in conversation.dialog.meta.sectors]
    # By Enter (to the sector list, open it, pick) and by Tab (to the sector list).
    term.burst("Smith [/] Jones", ENTER, ENTER, DOWN, DOWN, ENTER)
    term.burst("Kim & Lee", TAB, ENTER, DOWN, DOWN, DOWN, ENTER, F3, "next")
    answer = answer_to(term, tmp_path / "sessions", "welcome.partners")
    assert [(p["name"], p["sector"]) for p in answer] == [
        ("Smith [/] Jones", sectors[1]),
        ("Kim & Lee", sectors[2]),
    ]


def test_per_partner_fields(at_step: Any, tmp_path: Path) -> None:
    term, _ = at_step("purpose.goals")
    term.burst("Fewer [b]visits", ENTER, f"Meet 👩{ZWJ}⚕ goals", ENTER, "next")
    answer = answer_to(term, tmp_path / "sessions", "purpose.goals")
    assert answer == {"Acme [Health]": "Fewer [b]visits", "Grace 'Church'": f"Meet 👩{ZWJ}⚕ goals"}


def test_per_partner_fields_by_tab(at_step: Any, tmp_path: Path) -> None:
    term, _ = at_step("purpose.goals")
    term.burst("One", TAB, "Two", F3)
    answer = answer_to(term, tmp_path / "sessions", "purpose.goals")
    assert answer == {"Acme [Health]": "One", "Grace 'Church'": "Two"}


def test_meeting_details(at_step: Any, tmp_path: Path) -> None:
    term, _ = at_step("welcome.meeting")
    term.burst("Room [2]", TAB, "Jo [/b] Park", ENTER, "Kim & Lee", ENTER, "x")
    answer = answer_to(term, tmp_path / "sessions", "welcome.meeting")
    assert answer == {"place": "Room [2]", "facilitator": "Jo [/b] Park", "note_taker": "Kim & Lee"}


def test_action_item_table(at_step: Any, tmp_path: Path) -> None:
    term, conversation = at_step("formalization.align")
    suggested = conversation.suggestions(conversation.dialog.step("formalization.align"))
    # The focus starts at the end of the first suggestion: typing adds to it.
    keys: list[str | Key] = [" today", TAB, "Maria Gonzalez", TAB, "March 15", TAB]
    for _ in suggested[1:]:
        keys += [TAB, "Lee", TAB, "May", TAB]
    keys += ["Rowfour", TAB, "Whofour", TAB, "Whenfour"]
    keys += [TAB, ENTER, "Added [row]", TAB, "Kim", TAB, "June 1", F3]  # "Add a row", Enter
    term.burst(*keys)
    answer = answer_to(term, tmp_path / "sessions", "formalization.align")
    assert answer == [
        {"what": f"{suggested[0]} today", "who": "Maria Gonzalez", "when": "March 15"},
        *[{"what": what, "who": "Lee", "when": "May"} for what in suggested[1:]],
        {"what": "Rowfour", "who": "Whofour", "when": "Whenfour"},
        {"what": "Added [row]", "who": "Kim", "when": "June 1"},
    ]


def test_partner_renamed(dialog: Dialog, size: tuple[int, int], tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    conversation = walk(dialog, "welcome.idea", sessions)
    conversation.go_to("welcome.partners")  # back to the list, as the review does
    command = [str(APP), "--sessions-dir", str(sessions), "resume", conversation.session.id]
    term = Terminal(command, *size, {})
    try:
        term.wait_for_text("F10 Quit")
        term.wait_until_still()
        # To the list, its first partner, Enter to edit: the name is selected, typing replaces it.
        term.burst(Key("BTab"), Key("Home"), ENTER, "Acme [Renamed]", ENTER, F3)
        term.wait_for(
            lambda: saved(sessions).get("current") not in (None, "welcome.partners"), "the rename"
        )
        names = [p["name"] for p in saved(sessions)["answers"]["welcome.partners"]]
        assert names == ["Acme [Renamed]", PARTNERS[1]["name"]]
    finally:
        term.close()


def test_partner_renamed_by_down_and_cleared(
    dialog: Dialog, size: tuple[int, int], tmp_path: Path
) -> None:
    sessions = tmp_path / "sessions"
    conversation = walk(dialog, "welcome.idea", sessions)
    conversation.go_to("welcome.partners")
    command = [str(APP), "--sessions-dir", str(sessions), "resume", conversation.session.id]
    term = Terminal(command, *size, {})
    try:
        term.wait_for_text("F10 Quit")
        term.wait_until_still()
        # To the list (its first partner highlighted), Down to the second, Enter to edit,
        # Ctrl+U to clear the name, the new name, Enter to save it, F3 to answer.
        term.burst(Key("BTab"), DOWN, ENTER, Key("C-u"), "Grace [/] Church [b]", ENTER, F3)
        term.wait_for(
            lambda: saved(sessions).get("current") not in (None, "welcome.partners"), "the rename"
        )
        names = [p["name"] for p in saved(sessions)["answers"]["welcome.partners"]]
        assert names == [PARTNERS[0]["name"], "Grace [/] Church [b]"]
    finally:
        term.close()
