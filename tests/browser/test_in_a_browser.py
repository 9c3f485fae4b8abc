"""The served advisor in a real browser tab: the first steps by keys a browser passes
through, what the page shows, what lands in session.json, and the notes downloaded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, browser, find_chromium, served, wait_for
from on_disk import saved

from srs_advisor.dialog import Dialog

CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (CI installs it)",
)

PARTICIPANTS = "Dana Lee [lead] (County), Sam {Ortiz} <Hospital> [b]not bold[/b]"
PARTNER = "Riverside [General] Hospital"
IDEA = "Share a nurse [1/2 time] between [County] & *Hospital*"


@pytest.fixture
def tab(tmp_path: Path) -> Iterator[Browser]:
    """A browser tab on a freshly served advisor (its sessions in `tmp_path/sessions`)."""
    assert CHROMIUM is not None, "chromium is not installed"
    (tmp_path / "downloads").mkdir()
    with (
        served(tmp_path / "sessions", tmp_path / "server.log") as url,
        browser(CHROMIUM, tmp_path / "profile") as opened,
    ):
        opened.open(url, tmp_path / "downloads")
        yield opened


def first_line(text: str) -> str:
    """The start of a prompt: what surely fits on one row of the screen."""
    return text[:40]


def test_a_session_begun_and_its_notes_downloaded_in_a_browser(
    tab: Browser, tmp_path: Path, dialog: Dialog
) -> None:
    sessions = tmp_path / "sessions"
    tab.wait_for_text("Start a new session")
    tab.focus()
    tab.press("F3")  # a new session: the browser keeps Ctrl+N for a new window
    sectors = [s.value for s in dialog.meta.sectors]
    labels = [s.label for s in dialog.meta.sectors]
    # Walk to the idea by the session's own record of where it is, whatever comes before.
    while (current := wait_for(lambda: saved(sessions).get("current"), "a session")) != (
        "readiness.intro"
    ):
        step = dialog.step(current)
        tab.wait_for_text(first_line(step.prompt))
        if step.kind == "info":
            tab.press("F3")
        elif current == "welcome.participants":
            tab.type(PARTICIPANTS)
            tab.press("F3")  # answer: the browser keeps Ctrl+S for saving the page
        elif current == "welcome.partners":
            tab.type(PARTNER)
            tab.press("Enter")  # no sector yet: the sector list takes the focus
            tab.wait_for_text(f"Pick a sector for {PARTNER}")
            tab.press("Enter")  # the list of sectors opens...
            tab.wait_for_text(labels[-2])  # ...once drawn, it takes the keys
            tab.press(*["ArrowDown"] * (sectors.index("health-care") + 1), "Enter")
            tab.wait_for_text(f"{PARTNER}  (Health care)")
            tab.press("F3")
        elif current == "welcome.idea":
            tab.type(IDEA)
            tab.press("Enter")
        else:  # a step this walk does not know: not discussed
            tab.press("F4")
        wait_for(lambda: saved(sessions).get("current") != current, f"an answer to {current}")

    screen = tab.wait_for_text(first_line(dialog.step("readiness.intro").prompt))
    # What was typed shows as typed, brackets and all: never as markup.
    assert IDEA in screen
    assert PARTICIPANTS in screen or "Dana Lee [lead] (County)" in screen
    answers = saved(sessions)["answers"]
    assert answers["welcome.participants"] == PARTICIPANTS
    assert [(p["name"], p["sector"]) for p in answers["welcome.partners"]] == [
        (PARTNER, "health-care")
    ]
    assert answers["welcome.idea"] == IDEA

    tab.click("Review")  # the key bar answers a click as it does the key
    tab.wait_for_text("Every answer so far")
    tab.press("Escape")
    wait_for(lambda: "Every answer so far" not in tab.screen(), "the review to close")

    tab.press("F6")  # download the notes
    downloads = tmp_path / "downloads"
    (notes,) = wait_for(lambda: list(downloads.glob("*.md")), "the notes to download")
    session_id = saved(sessions)["id"]
    assert notes.name == f"srs-advisor-notes-{session_id}.md"
    text = wait_for(lambda: notes.read_text(encoding="utf-8"), "the notes' text")
    on_disk = next(sessions.glob("*/transcript.md")).read_text(encoding="utf-8")
    assert text == on_disk  # the same notes the advisor saves beside the session
    assert "Riverside \\[General\\] Hospital" in text or PARTNER in text
    assert "Share a nurse" in text and "Dana Lee" in text
    tab.wait_for_text(f"Downloaded {notes.name}")  # the app heard that the browser took it
