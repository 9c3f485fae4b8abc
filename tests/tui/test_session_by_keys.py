"""Walk whole sessions in the app by key presses, and check the screen and the disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keys import answer_by_keys

from srs_advisor.dialog import Dialog
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import kept
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.conversation import ConversationScreen
from srs_advisor.tui.screens.notes import NotesScreen

PARTNERS = [
    {"name": "County Health", "sector": "public-health"},
    {"name": "Grace Church", "sector": "faith-based"},
]


def planned_answers(dialog: Dialog) -> dict[str, Any]:
    """An answer for every step, short enough to type."""
    answers: dict[str, Any] = {}
    for number, step in enumerate(dialog.steps):
        if step.kind == "text":
            answers[step.id] = f"t{number}"
        elif step.kind == "long-text":
            answers[step.id] = f"l{number}\n#2"
        elif step.kind == "partners":
            answers[step.id] = PARTNERS
        elif step.kind == "per-partner":
            answers[step.id] = {p["name"]: f"{p['name'][0]}{number}" for p in PARTNERS}
        elif step.kind == "action-items":
            answers[step.id] = [{"what": f"do{number}", "who": "Di", "when": "May"}]
        elif step.kind == "form":
            answers[step.id] = {f.key: f"{f.key}{number}" for f in step.fields}
    answers.update(
        {
            "readiness.objectives": "in-place",
            "readiness.balance": "in-place",
            "readiness.trust": "partly",
            "readiness.prior": "partly",
            "readiness.identity": "in-place",
            "readiness.relationships": "in-place",
            "readiness.senior_support": "not-yet",
            "readiness.project_management": "in-place",
            "readiness.change_management": "partly",
            "readiness.communication": "in-place",
            "purpose.internal_fix": "no",
            "purpose.shared_capacity": "yes",
            "purpose.meaningful": "yes",
            "purpose.resources": ["staff", "data"],
            "purpose.targets": ["quality-measures"],
            "purpose.improvements": ["reach", "equity"],
            "formality.duration": "ongoing",
            "formality.scope": "narrow",
            "formality.trust": "established",
            "formality.risk": "moderate",
            "formality.accountability": "yes",
            "formality.money": "in-kind",
            "formality.data": "general",
            "formality.authority": "no",
            "formality.operations": "coordination",
            "formality.parties": "mixed",
            "formality.level": "semi-formal",
        }
    )
    return answers


async def test_a_complete_session_by_keys_only(dialog: Dialog, tmp_path: Path) -> None:
    answers = planned_answers(dialog)
    sectors = [s.value for s in dialog.meta.sectors]
    app = AdvisorApp(dialog, content_dir(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # "Start a new session" has the focus
        await pilot.pause()
        asked = []
        while isinstance(app.screen, ConversationScreen):
            step = app.conversation.current if app.conversation else None
            assert step is not None
            shown = app.screen.query_one("#prompt").render()
            assert str(shown) == step.prompt  # the screen asks what the engine asks
            asked.append(step.id)
            await answer_by_keys(pilot, step, answers.get(step.id), sectors)
            assert len(asked) < 100
        assert isinstance(app.screen, NotesScreen)
        folder = kept(app.conversation).folder if app.conversation else None
        assert folder is not None
        shown_path = str(app.screen.query_one("#notes-path").render())
        assert str(folder / "transcript.md") in shown_path
    saved = json.loads((folder / "session.json").read_text())
    expected = {k: v for k, v in answers.items() if k in asked}
    expected["welcome.partners"] = [  # as stored: each partner gets a stable id
        {**partner, "id": f"p{number}"} for number, partner in enumerate(PARTNERS, start=1)
    ]
    for step in dialog.steps:
        if step.suggestions is not None:  # the first suggestion was typed over; the rest stay
            offered = step.suggestions.for_level("semi-formal")[1:]
            expected[step.id] += [{"what": what, "who": "", "when": ""} for what in offered]
    assert saved["answers"] == expected
    assert saved["current"] == "end"
    assert saved["recommendation"]["level"] == "semi-formal"
    assert saved["chosen_level"] == "semi-formal"
    notes = (folder / "transcript.md").read_text()
    problem = dialog.steps.index(dialog.step("purpose.problem"))
    assert f"l{problem}\\\n  \\#2" in notes  # typed lines kept, a typed # escaped
    assert "| Di | May |\n" in notes  # on the first page: what, who, by when
