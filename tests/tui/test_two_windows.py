"""One session in two windows: the second is told, and opens it read-only or takes it over."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from keys import type_text, until
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store import SessionLock, SessionLocked, load_session
from srs_advisor.store.keeper import keep, resume_in
from srs_advisor.tui import downloads
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.locked import LockedScreen
from srs_advisor.tui.screens.taken_over import TakenOverScreen


def saved_at_idea(dialog: Dialog, folder: Path) -> None:
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer([{"name": "County Health", "sector": "public-health"}])


def test_the_lock_is_held_against_another_process_and_freed_when_it_ends(
    tmp_path: Path,
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from srs_advisor.store import SessionLock; "
            f"SessionLock(Path({str(tmp_path)!r})).acquire(); print('locked', flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(SessionLocked, match=f"process {holder.pid}"):
            SessionLock(tmp_path).acquire()
    finally:
        holder.kill()  # as a crash would: the OS frees the lock, no stale marker stays
        holder.wait()
    lock = SessionLock(tmp_path)
    lock.acquire()
    lock.release()


@pytest.mark.parametrize("choice", ["read-only", "take-over"])
async def test_a_second_window_is_told_and_chooses(
    dialog: Dialog, tmp_path: Path, choice: str
) -> None:
    saved_at_idea(dialog, tmp_path)
    other_window = SessionLock(tmp_path)
    other_window.acquire()
    try:
        conversation, _ = resume_in(dialog, load_session(tmp_path), tmp_path)
        app = AdvisorApp(dialog, content_dir(), tmp_path.parent, conversation)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(
                pilot,
                lambda: isinstance(app.screen, LockedScreen) and bool(app.screen.query(Button)),
            )
            assert "open in another window" in str(app.screen.query_one(".dialog-title").render())
            await pilot.click(f"#{choice}")
            await until(pilot, lambda: app.screen.query("#prompt") and app.focused is not None)
            await pilot.press(*"Share a nurse", "enter")
            await until(
                pilot,
                lambda: (
                    app.conversation is not None
                    and app.conversation.current is not None
                    and app.conversation.current.id != "welcome.idea"
                ),
            )
        answers = json.loads((tmp_path / "session.json").read_text())["answers"]
        if choice == "read-only":
            assert "welcome.idea" not in answers  # nothing this window did was saved
        else:
            assert answers["welcome.idea"] == "Share a nurse"
    finally:
        other_window.release()


async def wait_long(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (the lock is looked at once a second)."""
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited 60 s for {what}")
        await pilot.pause(0.05)


def on_screen(app: AdvisorApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_taking_over_makes_the_other_window_read_only_and_loses_nothing(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows on one session: the second takes it over, the first is told at once,
    turns read-only, and offers what it had typed as a file; the second saves."""
    folder = tmp_path / "s1"
    saved_at_idea(dialog, folder)
    monkeypatch.setattr(downloads, "user_downloads_path", lambda: tmp_path / "Downloads")
    first_conversation, _ = resume_in(dialog, load_session(folder), folder)
    first = AdvisorApp(dialog, content_dir(), tmp_path, first_conversation)
    async with first.run_test(size=(100, 30)) as one:
        await until(one, lambda: bool(first.screen.query("#prompt")) and first.focused is not None)
        await type_text(one, "Half typed in the first")  # never answered there
        await wait_long(
            one,
            lambda: "Half typed in the first" in str(load_session(folder).drafts),
            "the first window's whole draft on disk",
        )
        second_conversation, _ = resume_in(dialog, load_session(folder), folder)
        second = AdvisorApp(dialog, content_dir(), tmp_path, second_conversation)
        async with second.run_test(size=(100, 30)) as two:
            await until(
                two,
                lambda: (
                    isinstance(second.screen, LockedScreen) and bool(second.screen.query(Button))
                ),
            )
            assert "Taking it over makes this window the one that saves it" in on_screen(second)
            await two.click("#take-over")
            await until(two, lambda: bool(second.screen.query("#prompt")))
            # The first window is told without doing anything, and saves no more.
            await wait_long(one, lambda: isinstance(first.screen, TakenOverScreen), "the news")
            assert "Another window took this session over." in on_screen(first)
            assert "read-only" in str(first.screen_stack[-2].sub_title)
            await one.press("enter")  # "Download what was not saved" has the focus
            written = wait_for_file(tmp_path / "Downloads")
            text = written.read_text(encoding="utf-8")
            assert "Half typed in the first" in text
            assert "typed here, not yet answered" in text
            # The second window starts from the session as saved: the first one's typing
            # too, which it gives as its answer, and saves.
            await until(two, lambda: isinstance(second.focused, Input))
            assert second.screen.query_one("#prompt")
            field = second.focused
            assert isinstance(field, Input) and field.value == "Half typed in the first"
            await type_text(two, ", a nurse")
            await two.press("enter")
            await wait_long(
                two,
                lambda: (
                    load_session(folder).answers.get("welcome.idea")
                    == "Half typed in the first, a nurse"
                ),
                "the second window's answer on disk",
            )
            await until(one, lambda: first.focused is not None and first.screen.query("#prompt"))
            await one.press("enter")  # answer in the first, read-only now
            await until(
                one,
                lambda: (
                    first.conversation is not None
                    and first.conversation.current is not None
                    and first.conversation.current.id != "welcome.idea"
                ),
            )
            await until(two, lambda: second.focused is not None)
            await two.press("f4")  # the second moves on (the meeting not discussed), saving
            await wait_long(
                two,
                lambda: load_session(folder).current != "welcome.meeting",
                "the second window's next save",
            )
        assert load_session(folder).answers["welcome.idea"] == "Half typed in the first, a nurse"


def wait_for_file(folder: Path) -> Path:
    deadline = time.monotonic() + 60
    while not (found := sorted(folder.glob("*.txt")) if folder.is_dir() else []):
        if time.monotonic() > deadline:
            raise AssertionError(f"no file in {folder}")
        time.sleep(0.05)
    return found[0]
