"""Ticked and unticked choices look different by their shape, not only by their color.

Textual's tick-list draws an "X" in every box and tells them apart by color alone: in an
ANSI theme, with NO_COLOR, or for a reader who does not see the colors, all looked alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keys import until
from walk import walk_past_required

from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.inputs import TickList

PARTNERS = [{"name": "Acme", "sector": "school"}, {"name": "Beta", "sector": "other"}]


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark", "ansi-light"])
async def test_a_ticked_box_holds_a_check_mark_and_an_unticked_one_is_empty(
    dialog: Dialog, tmp_path: Path, theme: str
) -> None:
    conversation = walk_past_required(
        Conversation(dialog), "purpose.resources", {"welcome.partners": PARTNERS}
    )
    labels = [c.label for c in choices_of(dialog.step("purpose.resources"))]
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await until(pilot, lambda: isinstance(app.focused, TickList))
        ticks = app.screen.query_one(TickList)
        await pilot.press("space", "down", "down", "space")  # the first and the third
        await pilot.pause()
        lines = [ticks.render_line(n).text.strip() for n in range(len(labels))]
        assert lines == [
            f"[{'✓' if n in (0, 2) else ' '}] {label}" for n, label in enumerate(labels)
        ]
        # Unticked again, the box is empty again.
        await pilot.press("space")
        await pilot.pause()
        assert ticks.render_line(2).text.strip() == f"[ ] {labels[2]}"
