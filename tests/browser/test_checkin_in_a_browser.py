"""A check-in through `serve`, in a real headless Chromium tab: picked on the start screen,
walked by the keys a browser passes through, its notes downloaded, the earlier session
untouched."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, browser, find_chromium, served, wait_for
from checkins import EXAMPLE

from srs_advisor.cli import run
from srs_advisor.dialog import Dialog
from srs_advisor.engine.checkin import NEW_ITEMS, date_step, item_step

CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (CI installs it)",
)

NEW_DATE = "June 30, 2027"
REVIEW = "Every quarter [Q1] [/b]"


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def checkin_saved(sessions: Path) -> dict[str, Any]:
    """The check-in's session.json (the one folder besides `first`), or {} before it exists."""
    for path in sessions.glob("*/session.json"):
        if path.parent.name == "first":
            continue
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # caught between two saves: look again
        return data
    return {}


@pytest.fixture
def tab(tmp_path: Path) -> Iterator[Browser]:
    """A tab on a served advisor whose sessions folder holds the example, finished."""
    assert CHROMIUM is not None, "chromium is not installed"
    (tmp_path / "downloads").mkdir()
    assert run(["replay", str(EXAMPLE), "--out", str(tmp_path / "sessions" / "first")]) == 0
    with (
        served(tmp_path / "sessions", tmp_path / "server.log") as url,
        browser(CHROMIUM, tmp_path / "profile") as opened,
    ):
        opened.open(url, tmp_path / "downloads")
        yield opened


def test_a_checkin_walked_in_a_browser(tab: Browser, tmp_path: Path, dialog: Dialog) -> None:
    sessions = tmp_path / "sessions"
    first = sessions / "first"
    before = digests(first)
    tab.wait_for_text("Check in on a saved session")
    tab.focus()
    tab.press("F4")  # the start screen's check-in: a key the browser passes through
    tab.wait_for_text("Choose the meeting to follow up")
    tab.press("Enter")  # the latest meeting held is highlighted
    shown: dict[str, str] = {}
    while (current := wait_for(lambda: checkin_saved(sessions).get("current"), "a check-in")) != (
        "end"
    ):
        step = dialog.step(current) if dialog.has_step(current) else None
        prompt = step.prompt if step else checkin_prompt(sessions, current)
        shown[current] = tab.wait_for_text(prompt[:40])
        if current == item_step(2):
            tab.press("ArrowDown", "ArrowDown", "Enter")  # late
        elif current == date_step(2):
            tab.type(NEW_DATE)
            tab.press("Enter")
        elif current == NEW_ITEMS:
            tab.press("F4")  # none
        elif current == "readiness.objectives_review":
            tab.type(REVIEW)
            tab.press("Enter")
        elif current == "scope.orientation":
            tab.press("F7")  # still to discuss later
        elif current == "formality.risk":
            tab.press("Home", "Enter")  # low: the recommendation moves
        elif current == "formality.level":
            tab.press("Home", "ArrowDown", "Enter")  # semi-formal, as recommended now
        elif step is not None and step.kind in ("long-text", "per-partner", "form"):
            tab.press("F3")  # kept as the last meeting left it (Ctrl+S is the browser's)
        else:
            tab.press("Enter")
        wait_for(
            lambda c=current: checkin_saved(sessions).get("current") != c,  # type: ignore[misc]
            f"an answer to {current}",
        )

    # Each question asked again showed the earlier answer, its brackets as typed.
    assert "At the last meeting (" in shown["readiness.trust"]
    assert "Yes, in place. It is" in shown["readiness.trust"]  # the hint wraps after it
    # A text asked again: the hint, and the earlier text filled in to keep or change.
    assert "At the last meeting (" in shown["summary.next_steps"]
    assert "Meet again on January 20 at the church." in shown["summary.next_steps"]
    assert "At the last meeting (" in shown["readiness.objectives_review"]
    assert "unsure, left on" in shown["readiness.objectives_review"]  # on the parking lot

    screen = tab.wait_for_text("What changed since the last meeting")
    assert "check-in notes" in screen
    saved = checkin_saved(sessions)
    answers = saved["answers"]
    assert answers[item_step(2)] == "late" and answers[date_step(2)] == NEW_DATE
    assert answers["readiness.objectives_review"] == REVIEW
    assert answers["formality.risk"] == "low" and answers["formality.level"] == "semi-formal"
    assert saved["checkin"]["folder"] == str(first.resolve())

    tab.press("F6")  # the notes, downloaded: a browser user's every save is a download
    downloads = tmp_path / "downloads"
    (notes,) = wait_for(lambda: list(downloads.glob("*.md")), "the notes to download")
    text = wait_for(lambda: notes.read_text(encoding="utf-8"), "the notes' text")
    assert text == (sessions / saved["id"] / "transcript.md").read_text(encoding="utf-8")
    section = text[text.index("## What changed") : text.index("## In brief")]
    assert "Recommended: Formal at the last meeting, Semi-formal now" in section
    assert "**Late**: new date June 30, 2027" in section
    assert "Every quarter \\[Q1\\] \\[/b\\]" in section
    assert digests(first) == before  # the earlier session, byte for byte


def checkin_prompt(sessions: Path, step_id: str) -> str:
    """The prompt of one of the check-in's own steps, as the engine builds it."""
    from srs_advisor.dialog import load_dialog
    from srs_advisor.engine.checkin import checkin_dialog
    from srs_advisor.engine.session import Session
    from srs_advisor.resources import content_dir, dialogs_dir

    session = Session.model_validate(checkin_saved(sessions))
    assert session.checkin is not None
    dialog = checkin_dialog(load_dialog(dialogs_dir(), content_dir()), session.checkin)
    return dialog.step(step_id).prompt
