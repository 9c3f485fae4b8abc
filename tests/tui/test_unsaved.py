"""A save that failed is never hidden: quitting retries it, offers another folder, or says
plainly what is lost."""

from __future__ import annotations

import json
from pathlib import Path

from keys import until
from textual.widgets import Input

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep, kept
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.run import farewell
from srs_advisor.tui.screens.save_elsewhere import SaveElsewhereScreen


def blocked(tmp_path: Path) -> Conversation:
    """A conversation whose sessions folder is a plain file: every save fails."""
    (tmp_path / "sessions").write_text("not a folder")
    return keep(Conversation(dialog_of()), tmp_path / "sessions" / "s1")


def dialog_of() -> Dialog:
    from srs_advisor.dialog import load_dialog
    from srs_advisor.resources import dialogs_dir

    return load_dialog(dialogs_dir(), content_dir())


async def answer_once(app: AdvisorApp, pilot: object) -> None:
    await until(pilot, lambda: app.focused is not None)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: app.conversation is not None and kept(app.conversation).unsaved)  # type: ignore[arg-type]


async def test_quitting_after_a_failed_save_offers_another_folder(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = blocked(tmp_path)
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    elsewhere = tmp_path / "elsewhere"
    async with app.run_test(size=(100, 30)) as pilot:
        await answer_once(app, pilot)
        await pilot.press("ctrl+q")
        await until(
            pilot,
            lambda: isinstance(app.screen, SaveElsewhereScreen) and bool(app.screen.query(Input)),
        )
        app.screen.query_one(Input).value = str(elsewhere)
        await pilot.press("enter")
        await until(pilot, lambda: not app.is_running)
    saved = json.loads((elsewhere / conversation.session.id / "session.json").read_text())
    assert saved["history"] == ["welcome.intro"]
    assert f"Your session is saved in {elsewhere / conversation.session.id}" in farewell(
        conversation
    )


async def test_quitting_without_saving_says_what_is_lost(dialog: Dialog, tmp_path: Path) -> None:
    conversation = blocked(tmp_path)
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    async with app.run_test(size=(100, 30)) as pilot:
        await answer_once(app, pilot)
        await pilot.press("ctrl+q")
        await until(
            pilot,
            lambda: isinstance(app.screen, SaveElsewhereScreen) and bool(app.screen.query("#quit")),
        )
        await pilot.click("#quit")
        await until(pilot, lambda: not app.is_running)
    message = farewell(conversation)
    assert message.startswith("Not saved: Cannot write to")
    assert "The answers given since the last save are lost" in message
    assert "Your session is saved" not in message
