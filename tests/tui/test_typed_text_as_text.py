"""Text typed by users, or read from files, is shown as text: never markup, links or actions."""

from __future__ import annotations

from pathlib import Path

from keys import until
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.review import ReviewScreen

NAMES = ["Acme [Holdings] Ltd", "Smith [/] Jones", "[@click=app.quit]Click me[/]"]
PARTNERS = [{"name": name, "sector": "other"} for name in NAMES]


def shown(widgets: object) -> str:
    return "\n".join(str(w.render()) for w in widgets)  # type: ignore[attr-defined]


def options(listing: OptionList) -> str:
    """The lines of a list as the user reads them; each must be text, not markup to parse."""
    prompts = [listing.get_option_at_index(n).prompt for n in range(listing.option_count)]
    assert all(isinstance(p, Content) for p in prompts), prompts  # text by construction
    return "\n".join(p.plain for p in prompts if isinstance(p, Content))


async def test_partner_names_show_as_typed_everywhere(dialog: Dialog, tmp_path: Path) -> None:
    folder = tmp_path / "sessions" / "one"
    conversation = Conversation(dialog, folder=folder)
    walk_to(
        conversation,
        "purpose.benefits",
        {"welcome.partners": PARTNERS, "purpose.goals": {NAMES[1]: "Fewer [b]visits[/b]"}},
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path / "sessions", conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        labels = shown(app.screen.query("Label.partner-label"))
        for name in NAMES:
            assert name in labels  # the per-partner labels
        await pilot.press("ctrl+r")
        await until(
            pilot,
            lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.query(OptionList)),
        )
        listing = options(app.screen.query_one(OptionList))
        assert "Smith [/] Jones: Fewer [b]visits[/b]" in listing  # the review
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # nothing typed ran an action
    # The start screen lists the saved session with its partners as they were typed.
    start = AdvisorApp(dialog, content_dir(), tmp_path / "sessions")
    async with start.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(start.screen.query("#saved")))
        saved = options(start.screen.query_one("#saved", OptionList))
        for name in NAMES:
            assert name in saved


async def test_the_partner_list_shows_names_as_typed(dialog: Dialog, tmp_path: Path) -> None:
    conversation = Conversation(dialog, folder=tmp_path)
    walk_to(conversation, "welcome.idea", {"welcome.partners": PARTNERS})
    conversation.back()
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        listing = options(app.screen.query_one("#partner-list", OptionList))
        for name in NAMES:
            assert f"{name}  (Other)" in listing
        assert not any(
            isinstance(w, Label)
            and "Click me" in str(w.render())
            and "@click" not in str(w.render())
            for w in app.screen.query(Label)
        )
