"""One session, three real `srs-advisor resume` processes in terminals: nothing is lost.

The first window holds the session's lock and answers. The second is told the session
is open elsewhere and opens it read-only: what it does is never saved. The third takes
it over: the first is told at once and turns read-only, the third saves, and the
first's answers stay on disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from terminal import APP, Terminal, have_tmux

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store.keeper import keep

pytestmark = pytest.mark.skipif(
    not have_tmux() and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)

IDEA = "In a sentence, what are you thinking of sharing"
MEETING = "For the record of this meeting"
READINESS = "First, a look at readiness"


def on_disk(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # caught between two saves: look again
    return data


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for window in opened:
        window.close()


def test_a_second_window_is_told_and_a_third_never_undoes_the_first(
    dialog: Dialog, tmp_path: Path, windows: list[Terminal]
) -> None:
    root = tmp_path / "sessions"
    folder = root / "s1"
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer([{"name": "County Health", "sector": "public-health"}])
    command = [str(APP), "--sessions-dir", str(root), "resume", "s1"]

    def window() -> Terminal:
        opened = Terminal(command, 100, 30, {})
        windows.append(opened)
        return opened

    first = window()
    first.wait_for_text(IDEA)
    first.type("Share a nurse")
    first.press("Enter")
    first.wait_for(
        lambda: on_disk(folder)["answers"].get("welcome.idea") == "Share a nurse", "it saved"
    )
    first.wait_for_text(MEETING)
    first.press("Enter", "Enter", "Enter")  # the meeting details, all optional: field by field
    first.wait_for_text(READINESS)

    second = window()
    second.wait_for_text("open in another window")
    second.press("Enter")  # Read-only has the focus
    second.wait_for_text("(read-only: nothing is saved)")  # in the header, all along
    second.wait_for_text("Share a nurse")  # it shows what the first window saved
    before = on_disk(folder)
    second.press("Enter")  # moves on in this window only
    order = [step.id for step in dialog.steps]
    after_intro = dialog.steps[order.index("readiness.intro") + 1].prompt[:25]
    second.wait_for_text(after_intro)  # the read-only window moved on
    assert on_disk(folder) == before  # the read-only window wrote nothing

    third = window()
    third.wait_for_text("open in another window")
    third.press("Tab", "Enter")  # Take it over
    third.wait_for_text(READINESS)

    # The first window is told at once, without a key pressed, and saves no more.
    first.wait_for_text("Another window took this session over.")
    first.wait_for_text("Every answer given here is saved")  # it had nothing unsaved
    taken = on_disk(folder)
    first.press("Enter")  # Close
    first.wait_for(lambda: "Another window took" not in first.screen(), "the message to close")
    first.wait_for_text("(read-only: taken over)")
    first.press("Enter")  # it moves on in this window only
    first.wait_for_text(after_intro)
    assert on_disk(folder) == taken  # the first window wrote nothing after the takeover
    third.press("Enter")  # the third saves: it is the one that saves now
    third.wait_for_text(after_intro)
    third.wait_for(lambda: "readiness.intro" in on_disk(folder)["history"], "it saved")
    after_third = on_disk(folder)
    assert after_third["answers"]["welcome.idea"] == "Share a nurse"  # nothing was lost
