"""What was typed but not yet answered survives the window: kept as a draft as it is
typed, shown again on resume with a line that says so, and cleared by the answer."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from keys import type_text, until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store import load_session
from srs_advisor.store.keeper import keep, resume_in
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.partners import PartnersInput
from srs_advisor.tui.widgets.question import RESTORED

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


async def until_on_disk(pilot: Pilot[Any], folder: Path, wanted: Any) -> None:
    """Let the app run until the session's drafts are `wanted` (saved after a pause)."""
    deadline = time.monotonic() + 60
    while load_session(folder).drafts != wanted:
        if time.monotonic() > deadline:
            raise AssertionError(f"drafts on disk: {load_session(folder).drafts}")
        await pilot.pause(0.05)


def resumed_app(dialog: Dialog, folder: Path) -> AdvisorApp:
    conversation, _ = resume_in(dialog, load_session(folder), folder)
    return AdvisorApp(dialog, content_dir(), folder.parent, conversation)


async def test_a_partner_typed_but_not_added_comes_back_after_the_window_closes(
    dialog: Dialog, tmp_path: Path
) -> None:
    folder = tmp_path / "s1"
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    app = resumed_app(dialog, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Riverside Hosp")
        await until_on_disk(
            pilot,
            folder,
            {"welcome.partners": {"partners": [], "typed": "Riverside Hosp", "sector": ""}},
        )
    # The window is gone (a tab closed): the next one shows what was typed, and says so.
    app = resumed_app(dialog, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        assert app.screen.query_one("#partner-name", Input).value == "Riverside Hosp"
        assert str(app.screen.query_one("#notice", Static).render()) == RESTORED
        await type_text(pilot, "ital")
        await pilot.press("enter", "enter", "down", "enter")  # to the sectors, open, pick one
        await until(
            pilot,
            lambda: (
                [p["name"] for p in app.screen.query_one(PartnersInput).partners]
                == ["Riverside Hospital"]
            ),
        )
        await pilot.press("f3")
        await until(pilot, lambda: load_session(folder).current == "welcome.idea")
    saved = load_session(folder)
    assert [p["name"] for p in saved.answers["welcome.partners"]] == ["Riverside Hospital"]
    assert saved.drafts == {}


async def test_a_half_typed_answer_is_kept_until_it_is_given(
    dialog: Dialog, tmp_path: Path
) -> None:
    folder = tmp_path / "s1"
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer(PARTNERS)
    app = resumed_app(dialog, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Share a nurse")
        await until_on_disk(pilot, folder, {"welcome.idea": "Share a nurse"})
        await pilot.press("enter")
        await until_on_disk(pilot, folder, {})
        assert load_session(folder).answers["welcome.idea"] == "Share a nurse"
