"""The partner list typed in one burst, as a fast typist (or a terminal's key repeat) does.

`pilot.press` waits for the app to settle after every key; here the keys are posted all
at once, so each arrives while the one before may still be moving the focus (name,
sector list, name again). Every key must land where the person meant it.
"""

from __future__ import annotations

from pathlib import Path

from keys import burst, until
from textual.widgets import Input, Static
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.partners import PartnersInput


def typed(text: str) -> list[str]:
    return list(text)


async def test_partners_typed_in_one_burst_land_where_meant(dialog: Dialog, tmp_path: Path) -> None:
    conversation = walk_to(keep(Conversation(dialog), tmp_path / "s"), "welcome.partners", {})
    sectors = [s.value for s in dialog.meta.sectors]
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        keys: list[str] = []
        for name, sector in (
            ("Acme [Holdings] Ltd", "public-health"),
            ("Smith [/] Jones", "school"),
        ):
            # Enter: no sector yet, to the sector list; Enter: open it; arrows; Enter: added.
            keys += [*typed(name), "enter", "enter", *["down"] * (sectors.index(sector) + 1)]
            keys += ["enter"]
        burst(app, *keys, *typed("Third [b]Org[/b]"), "f3")
        notice = app.screen.query_one("#notice", Static)
        await until(pilot, lambda: bool(str(notice.render())))
        step_input = app.screen.query_one(PartnersInput)
        assert step_input.partners == [
            {"name": "Acme [Holdings] Ltd", "sector": "public-health"},
            {"name": "Smith [/] Jones", "sector": "school"},
        ]
        # F3 with a name typed but no sector: nothing is dropped, and the app says why.
        assert step_input.query_one("#partner-name", Input).value == "Third [b]Org[/b]"
        assert conversation.current is not None
        assert conversation.current.id == "welcome.partners"
        assert str(notice.render()) == (
            "Third [b]Org[/b] has no sector yet: press Enter in its name to pick one, or "
            "clear the name, then answer."
        )
        burst(app, "enter", "enter", "down", "enter", "f3")
        await until(pilot, lambda: conversation.session.answers.get("welcome.partners") is not None)
    assert [(p.name, p.sector) for p in conversation.partners] == [
        ("Acme [Holdings] Ltd", "public-health"),
        ("Smith [/] Jones", "school"),
        ("Third [b]Org[/b]", sectors[0]),
    ]
