"""A finished session to check in on, and a check-in walked with the engine, for tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.checkin import NEW_ITEMS, CheckIn, begin
from srs_advisor.engine.conversation import Conversation

EXAMPLE = Path(__file__).parent.parent / "examples" / "answers.toml"
HELD = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
"""When the example meeting is taken to have been held (its dates have no year)."""
CHECKED = datetime(2027, 3, 20, 15, 0, tzinfo=UTC)
"""When the check-in is taken to be held: after some of the example's dates, before others."""


def example_meeting(dialog: Dialog) -> Conversation:
    """The shipped example, replayed and finished, as held on `HELD`."""
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    conversation.session.created = HELD
    return conversation


def walk(checkin: CheckIn, given: dict[str, Any], to: str | None = None) -> list[str]:
    """Answer the check-in to its end (or up to step `to`); return the steps it asked.

    `given` answers by step id; an action item not in it is done; a question asked again
    keeps its earlier answer; anything else is skipped.
    """
    asked: list[str] = []
    while (step := checkin.current) is not None and step.id != to:
        asked.append(step.id)
        if step.id in given:
            value = given[step.id]
            if value is None:
                checkin.skip()
            elif value == "PARK":
                checkin.park()
            else:
                checkin.answer(value)
        elif step.kind == "info":
            checkin.answer()
        elif step.id.startswith("checkin.item_") and not step.id.endswith("_date"):
            checkin.answer("done")
        elif step.id == NEW_ITEMS:
            checkin.skip()
        elif (earlier := checkin.tentative_of(step.id)) is not None:
            checkin.answer(earlier)
        else:
            checkin.skip()
    return asked


def start(dialog: Dialog, earlier: Conversation | None = None) -> CheckIn:
    """A check-in on `earlier` (the example meeting if None), held on `CHECKED`."""
    return begin(dialog, earlier or example_meeting(dialog), "/meetings/first", CHECKED)
