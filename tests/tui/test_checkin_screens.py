"""A check-in from the start screen, by keys: the earlier answer beside each question asked
again, the notes that open with what changed, the earlier session's files untouched, and
the chain on the start screen."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from checkins import EXAMPLE
from keys import burst, until
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import OptionList

from srs_advisor.cli import run
from srs_advisor.dialog import Dialog
from srs_advisor.engine.checkin import NEW_ITEMS, CheckIn, date_step, item_step
from srs_advisor.resources import content_dir
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.checkin import CheckInScreen
from srs_advisor.tui.screens.conversation import ConversationScreen
from srs_advisor.tui.screens.notes import NotesScreen
from srs_advisor.tui.screens.start import StartScreen
from srs_advisor.tui.widgets.inputs import StepInput

Keys = Callable[[Pilot[Any]], Awaitable[None]]


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def text_of(app: AdvisorApp, selector: str) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(selector))


def ready_for(app: AdvisorApp, step_id: str) -> bool:
    """Whether the question `step_id` is drawn and its input has the focus."""
    inputs = app.screen.query(StepInput)
    focused = app.focused
    return (
        bool(inputs)
        and inputs.first().step.id == step_id
        and focused is not None
        and inputs.first() in focused.ancestors_with_self
    )


def press(*keys: str) -> Keys:
    async def go(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)

    return go


def typed(*keys: str) -> Keys:
    """A burst: every key at once, as a fast typist's arrive."""

    async def go(pilot: Pilot[Any]) -> None:
        burst(pilot.app, *keys)

    return go


# What each step gets; a step not named is answered as it stands (Enter, or F3).
PLAN: dict[str, Keys] = {
    item_step(2): press("down", "down", "enter"),  # late
    date_step(2): typed(*"June 30, 2027", "enter"),
    item_step(3): press("down", "down", "down", "enter"),  # dropped
    item_step(5): press("down", "enter"),  # open
    NEW_ITEMS: typed(*"Call [the] board [/b]", "tab", *"Rev. Cruz [lead]", "tab", *"May 1", "f3"),
    "readiness.objectives": press("down", "enter"),  # partly: a new gap
    "readiness.objectives_review": typed(*"Quarterly [Q1] [/]", "enter"),
    "scope.orientation": press("f7"),  # still to discuss later
    "formality.risk": press("home", "enter"),  # low: the recommendation moves
    "formality.level_reason": typed(*"County policy [2024]", "f3"),
}
TYPED = ("text", "long-text", "per-partner", "form", "action-items")


async def test_a_checkin_from_the_start_screen_by_keys(dialog: Dialog, tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    first = sessions / "first"
    assert run(["replay", str(EXAMPLE), "--out", str(first)]) == 0
    before = digests(first)
    app = AdvisorApp(dialog, content_dir(), sessions)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen))
        assert "Check in on a saved session (F4)" in text_of(app, "#checkin")
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, CheckInScreen))
        listing = app.screen.query_one("#checkin-list", OptionList)
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == str(first)  # the latest meeting held
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen))
        checkin = app.conversation
        assert isinstance(checkin, CheckIn)
        assert "This is check-in 1" in text_of(app, "#prompt")
        seen: dict[str, str] = {}
        while (step := checkin.current) is not None:
            await until(pilot, lambda s=step.id: ready_for(app, s))  # type: ignore[misc]
            seen[step.id] = text_of(app, "#hint")
            if step.id in PLAN:
                await PLAN[step.id](pilot)
            elif step.kind in TYPED:
                await pilot.press("f3")
            else:
                await pilot.press("enter")
            await until(pilot, lambda s=step: checkin.current is not s)  # type: ignore[misc]
        await until(pilot, lambda: isinstance(app.screen, NotesScreen))
        shown = app.screen.query_one("#notes-text")
        drawn = shown.render_lines(Region(0, 0, shown.size.width, shown.size.height))
        words = " ".join(" ".join(line.text.split()) for line in drawn)
        assert words.index("What changed since the last meeting") < words.index("In brief")

    # Beside each question asked again, the earlier answer.
    assert "At the last meeting (" in seen["readiness.objectives"]
    assert "Yes, in place. It is highlighted below: Enter keeps it." in seen["readiness.objectives"]
    assert "the answer filled in below" in seen["readiness.off_table"]
    assert "on the parking lot" in seen["scope.orientation"]
    assert "the partners chose Formal, as the advisor recommended" in seen["formality.level"]
    assert "It was due January 31" in seen[item_step(2)]
    # What landed on disk: the answers given by keys, the rest kept.
    folder = sessions / checkin.session.id
    saved = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    answers = saved["answers"]
    assert answers[item_step(2)] == "late" and answers[date_step(2)] == "June 30, 2027"
    assert answers[item_step(3)] == "dropped" and answers[item_step(1)] == "done"
    assert answers[NEW_ITEMS] == [
        {"what": "Call [the] board [/b]", "who": "Rev. Cruz [lead]", "when": "May 1"}
    ]
    assert answers["readiness.objectives"] == "partly"
    assert answers["readiness.objectives_review"] == "Quarterly [Q1] [/]"
    assert answers["formality.risk"] == "low"
    assert answers["formality.level"] == "formal"  # kept, although Semi-formal is recommended now
    assert answers["formality.level_reason"] == "County policy [2024]"
    earlier = json.loads((first / "session.json").read_text(encoding="utf-8"))
    assert answers["readiness.off_table"] == earlier["answers"]["readiness.off_table"]
    assert "scope.orientation" in saved["parked"]
    notes = (folder / "transcript.md").read_text(encoding="utf-8")
    section = notes[notes.index("## What changed") : notes.index("## In brief")]
    for said in (
        "**Clear objectives:** was Yes, in place; now Partly",
        "Recommended: Formal at the last meeting, Semi-formal now: the recommendation moved.",
        "Chosen: Formal, as at the last meeting.",
        "**Late**: new date June 30, 2027",
        "New gap: Clarify your objectives",
        "Call \\[the\\] board \\[/b\\]",
    ):
        assert said in section, said
    # The earlier session: byte for byte as it was, and nothing added to its folder.
    assert digests(first) == before

    # The start screen lists the check-in under the meeting it follows.
    again = AdvisorApp(dialog, content_dir(), sessions)
    async with again.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(again.screen, StartScreen))
        saved_list = again.screen.query_one("#saved", OptionList)
        lines = [
            str(saved_list.get_option_at_index(n).prompt) for n in range(saved_list.option_count)
        ]
        assert len(lines) == 2
        assert "Riverside County Health Department" in lines[0] and "finished" in lines[0]
        assert lines[1].startswith("   ↳ Check-in 1 · ") and "finished" in lines[1]


async def test_the_checkin_button_opens_the_list_and_an_unfinished_session_is_dimmed(
    dialog: Dialog, tmp_path: Path
) -> None:
    sessions = tmp_path / "sessions"
    assert run(["replay", str(EXAMPLE), "--out", str(sessions / "first")]) == 0
    data = json.loads((sessions / "first" / "session.json").read_text(encoding="utf-8"))
    data["current"] = "formality.risk"  # under way
    data["complete"] = False
    (sessions / "first" / "session.json").write_text(json.dumps(data), encoding="utf-8")
    app = AdvisorApp(dialog, content_dir(), sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.click("#checkin")
        await until(pilot, lambda: isinstance(app.screen, CheckInScreen))
        listing = app.screen.query_one("#checkin-list", OptionList)
        options = [listing.get_option_at_index(n) for n in range(listing.option_count)]
        assert [str(o.prompt) for o in options if not o.disabled] == []
        assert "No finished session yet" in str(options[0].prompt)
        assert "not finished: resume it from the start screen" in str(options[1].prompt)
        await pilot.press("enter")  # nothing to choose: nothing starts
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen))
    assert sorted(p.name for p in sessions.iterdir()) == ["first"]
