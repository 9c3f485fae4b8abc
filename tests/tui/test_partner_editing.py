"""Editing a partner in the list: the form says so, in view at 80x24, and the keys move.

The form that adds a partner also saves an edit: while a partner is edited the line
above the name says which, the button says "Update partner" and the key bar "Update";
Esc leaves the partner as it was. In the list the first Down moves to the second partner
(the first is highlighted as the list takes the focus).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keys import type_text, until
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.keybar import KeyBar
from srs_advisor.tui.widgets.partners import PartnersInput

PARTNERS = [
    {"name": "County [Health] Dept", "sector": "public-health"},
    {"name": "Grace [/] Church", "sector": "faith-based"},
    {"name": "Lincoln School", "sector": "school"},
]


def at_the_list(dialog: Dialog, folder: Path) -> Conversation:
    """A saved session back at the partner list, three partners named."""
    conversation = walk_to(
        keep(Conversation(dialog), folder), "welcome.idea", {"welcome.partners": PARTNERS}
    )
    conversation.go_to("welcome.partners")
    return conversation


def text(widget: Label) -> str:
    rendered = widget.render()
    assert isinstance(rendered, Content)  # text, never markup
    return rendered.plain


def in_view(app: AdvisorApp, widget: object) -> bool:
    region = widget.region  # type: ignore[attr-defined]
    return bool(region.area) and app.screen.region.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_editing_a_partner_says_so_and_the_button_says_update(
    dialog: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    conversation = at_the_list(dialog, tmp_path)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        form = app.screen.query_one(PartnersInput)
        status = form.query_one("#partner-status", Label)
        button = form.query_one("#partner-add", Button)
        bar = app.screen.query_one(KeyBar)
        assert not status.display and str(button.label) == "Add partner"
        await pilot.press("shift+tab", "down", "enter")  # the second partner, to edit
        await until(pilot, lambda: form.editing == 1)
        await pilot.pause()
        assert text(status) == (
            "Editing Grace [/] Church: change its name or sector, then Enter (Esc stops editing)."
        )
        assert str(button.label) == "Update partner"
        assert str(bar.render()).startswith("tab Next field ⏎ Update esc Stop editing")
        # The line, the name being edited and the button: all in view, even at 80x24.
        for _ in range(3):
            await pilot.pause()
        name = form.query_one("#partner-name", Input)
        assert name.value == "Grace [/] Church" and app.focused is name
        assert in_view(app, status) and in_view(app, name) and in_view(app, button)
        # Esc: the partner stays as it was, and the form adds again.
        await pilot.press("escape")
        await until(pilot, lambda: form.editing is None)
        await pilot.pause()
        assert not status.display and str(button.label) == "Add partner" and name.value == ""
        assert str(bar.render()).startswith("tab Next field ⏎ Add")
        listing = form.query_one("#partner-list", OptionList)
        assert app.focused is listing and listing.highlighted == 1
        assert [(p["name"], p["sector"]) for p in form.partners] == [
            (p["name"], p["sector"]) for p in PARTNERS
        ]


async def test_the_first_down_in_the_list_moves(dialog: Dialog, tmp_path: Path) -> None:
    conversation = at_the_list(dialog, tmp_path)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        listing = app.screen.query_one("#partner-list", OptionList)
        await pilot.press("shift+tab")
        await until(pilot, lambda: app.focused is listing)
        assert listing.highlighted == 0  # the first partner, shown as the one Enter edits
        await pilot.press("down")
        assert listing.highlighted == 1
        await pilot.press("down", "up", "up")
        assert listing.highlighted == 0


async def test_a_partner_renamed_and_saved_keeps_its_place(dialog: Dialog, tmp_path: Path) -> None:
    conversation = at_the_list(dialog, tmp_path)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("shift+tab", "down", "enter", "ctrl+u")
        await type_text(pilot, "Grace [b]")
        await pilot.press("enter")  # saves the edit: the form adds again
        form = app.screen.query_one(PartnersInput)
        await until(pilot, lambda: form.editing is None)
        assert str(form.query_one("#partner-add", Button).label) == "Add partner"
        await pilot.press("f3")
        await until(
            pilot,
            lambda: (
                conversation.current is not None and conversation.current.id != "welcome.partners"
            ),
        )
    assert [(p.name, p.sector) for p in conversation.partners] == [
        ("County [Health] Dept", "public-health"),
        ("Grace [b]", "faith-based"),
        ("Lincoln School", "school"),
    ]


async def test_removing_the_partner_being_edited_ends_the_edit(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(Conversation(dialog), "welcome.partners", {})  # nothing answered yet
    app = AdvisorApp(dialog, content_dir(), tmp_path, keep(conversation, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        form = app.screen.query_one(PartnersInput)
        form.partners = [dict(p) for p in PARTNERS]
        form._refresh_list()
        await pilot.press("shift+tab", "end", "enter")  # edit Lincoln School
        await until(pilot, lambda: form.editing == 2)
        await pilot.press("shift+tab", "delete")  # back in the list: remove it
        await until(pilot, lambda: len(form.partners) == 2)
        status = form.query_one("#partner-status", Label)
        assert form.editing is None and text(status) == "Removed Lincoln School."
        assert form.query_one("#partner-name", Input).value == ""  # not added again
        assert str(form.query_one("#partner-add", Button).label) == "Add partner"


async def test_removing_another_partner_keeps_the_edit_on_its_partner(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(Conversation(dialog), "welcome.partners", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, keep(conversation, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        form = app.screen.query_one(PartnersInput)
        form.partners = [dict(p) for p in PARTNERS]
        form._refresh_list()
        await pilot.press("shift+tab", "end", "enter")  # edit Lincoln School
        await until(pilot, lambda: form.editing == 2)
        await pilot.press("shift+tab", "home", "delete")  # remove the first partner
        await until(pilot, lambda: len(form.partners) == 2)
        assert form.editing == 1 and form.partners[1]["name"] == "Lincoln School"
        status = text(form.query_one("#partner-status", Label))
        assert status.startswith("Removed County [Health] Dept. Editing Lincoln School:")
        # Back to the name (selected as Tab enters it; End keeps it), Enter saves the edit.
        await pilot.press("tab", "end")
        await type_text(pilot, " District")
        await pilot.press("enter")
        await until(pilot, lambda: form.editing is None)
        assert [p["name"] for p in form.partners] == [
            "Grace [/] Church",
            "Lincoln School District",
        ]
