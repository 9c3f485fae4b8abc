"""The "address the prerequisites first" page names the missing ones, and advises on those only."""

from __future__ import annotations

from pathlib import Path

from keys import until
from textual.widgets import Static
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp


def advice(dialog: Dialog, step_id: str) -> str:
    factor = dialog.step(step_id).readiness
    assert factor is not None
    return factor.advice


async def test_only_the_missing_prerequisites_are_named_and_advised(
    dialog: Dialog, tmp_path: Path
) -> None:
    answers = {
        "readiness.objectives": "partly",
        "readiness.balance": "in-place",
        "readiness.trust": "not-yet",
        "welcome.partners": [{"name": "Acme", "sector": "school"}],
    }
    conversation = walk_to(Conversation(dialog), "readiness.address_first", answers)
    assert [
        g.step for g in conversation.gaps_named(conversation.dialog.step("readiness.address_first"))
    ] == [
        "readiness.objectives",
        "readiness.trust",
    ]
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        gaps = app.screen.query_one("#gaps", Static)
        await until(pilot, lambda: bool(str(gaps.render())))
        named = str(gaps.render())
        assert named == (
            f"• Clarify your objectives (Partly): {advice(dialog, 'readiness.objectives')}\n"
            f"• Build trust (Not yet): {advice(dialog, 'readiness.trust')}"
        )
        page = app.guidance(
            conversation.guidance_page(conversation.dialog.step("readiness.address_first"))
        )
        shown = f"{app.screen.query_one('#prompt', Static).render()}\n{named}\n{page}"
        # Nothing about the balance, which is in place: not its name, not its advice.
        assert "Balanced approach (" not in shown and "**Balance**" not in shown
        assert advice(dialog, "readiness.balance") not in shown
        assert "quality and cost" not in shown
