"""Notifications stay out of the way: at the top, briefly, and none in the partner list's flow.

A notification at the bottom right lay over the partner list being filled, the sector
list and the "Add partner" button, and stayed five seconds; the list's own messages
("Pick a sector for ...") came with every partner typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keys import type_text, until
from textual.widgets import Label
from textual.widgets._toast import Toast, ToastRack
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.keybar import KeyBar

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_notification_covers_no_input_button_or_key(
    dialog: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    conversation = walk_to(keep(Conversation(dialog), tmp_path), "welcome.partners", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=size, notifications=True) as pilot:
        await until(pilot, lambda: app.focused is not None)
        app.notify("Changed. Back to where you were.")
        rack = app.screen.get_child_by_type(ToastRack)
        await until(pilot, lambda: bool(rack.query(Toast)) and rack.query_one(Toast).region.area)
        await pilot.pause()
        toast = rack.query_one(Toast).region
        for needed in ("#answer", "#partner-list", "#partner-add", "#partner-sector"):
            assert not toast.overlaps(app.screen.query_one(needed).region), needed
        assert not toast.overlaps(app.screen.query_one(KeyBar).region)
        assert toast.y <= 3  # at the top, under the title
        assert [n.timeout for n in app._notifications] == [3]  # brief, unless it says


async def test_the_partner_list_says_what_it_waits_for_in_place(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(keep(Conversation(dialog), tmp_path), "welcome.partners", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await type_text(pilot, "County Health")
        await pilot.press("enter")  # no sector yet
        status = app.screen.query_one("#partner-status", Label)
        await until(pilot, lambda: bool(status.display))
        assert str(status.render()) == "Pick a sector for County Health: Enter opens the list."
        await pilot.press("enter", "down", "enter")  # the sector: the partner is added
        await until(pilot, lambda: not status.display)
        assert not list(app._notifications)  # nothing popped up over the list
