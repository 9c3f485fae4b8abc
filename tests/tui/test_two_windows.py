"""One session in two windows: the second is told, and opens it read-only or takes it over."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from keys import until
from textual.widgets import Button

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.engine.session import SessionLock, SessionLocked, load_session
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.locked import LockedScreen


def saved_at_idea(dialog: Dialog, folder: Path) -> None:
    conversation = Conversation(dialog, folder=folder)
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
            "from srs_advisor.engine.session import SessionLock; "
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
        conversation, _ = Conversation.resume(dialog, load_session(tmp_path), tmp_path)
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
                    conversation.current is not None and conversation.current.id != "welcome.idea"
                ),
            )
        answers = json.loads((tmp_path / "session.json").read_text())["answers"]
        if choice == "read-only":
            assert "welcome.idea" not in answers  # nothing this window did was saved
        else:
            assert answers["welcome.idea"] == "Share a nurse"
    finally:
        other_window.release()
