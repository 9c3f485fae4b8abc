"""An input of the same kind as the last one is refilled in place, and shows the new step.

The screen keeps a choice list (or a one-line field, or a page's button) from one
question to the next of the same kind instead of mounting a new one: what it shows,
what it answers and what keys typed meanwhile reach must be as with a new input.
"""

from __future__ import annotations

import json
from pathlib import Path

from keys import type_text, until
from textual.widgets import OptionList
from walk import walk_to

from srs_advisor.dialog import Dialog, choices_of, load_dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.inputs import ChoiceInput, StepInput, TextInput

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


def labels(app: AdvisorApp) -> list[str]:
    options = app.screen.query_one("#choices", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_a_choice_list_is_refilled_for_the_next_choice_question(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path),
        "readiness.identity",
        {"welcome.partners": PARTNERS, "readiness.prior": "not-yet"},
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        first = app.screen.query_one(ChoiceInput)
        await pilot.press("down", "enter")  # the second choice
        await until(pilot, lambda: conversation.current.id == "readiness.relationships")
        await until(
            pilot, lambda: app.screen.query_one(StepInput).step.id == conversation.current.id
        )
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        second = app.screen.query_one(ChoiceInput)
        assert second is first  # the same list, refilled
        step = dialog.step("readiness.relationships")
        assert labels(app) == [c.label for c in choices_of(step)]
        assert app.screen.query_one("#choices", OptionList).highlighted == 0
        assert app.focused is app.screen.query_one("#choices", OptionList)
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: conversation.current.id != "readiness.relationships")
    saved = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    identity = dialog.step("readiness.identity")
    assert saved["answers"]["readiness.identity"] == choices_of(identity)[1].value
    assert saved["answers"]["readiness.relationships"] == choices_of(step)[2].value


async def test_going_back_to_a_choice_shows_the_answer_given_in_the_refilled_list(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path),
        "readiness.relationships",
        {
            "welcome.partners": PARTNERS,
            "readiness.prior": "not-yet",
            "readiness.identity": "partly",
        },
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        await pilot.press("ctrl+b")
        await until(pilot, lambda: app.screen.query_one(StepInput).step.id == "readiness.identity")
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        identity = dialog.step("readiness.identity")
        values = [c.value for c in choices_of(identity)]
        options = app.screen.query_one("#choices", OptionList)
        assert options.highlighted == values.index("partly")
        assert labels(app) == [c.label for c in choices_of(identity)]


MORE = """
[[step]]
id = "main.more"
title = "More"
kind = "text"
prompt = "Anything more?"
guidance = "page.md"
"""


async def test_a_text_field_is_refilled_and_keeps_the_keys_typed_for_the_next_question(
    minimal_dir: Path, tmp_path: Path
) -> None:
    main = minimal_dir / "dialogs" / "20-main.toml"
    text = main.read_text(encoding="utf-8")
    at = text.index('[[step]]\nid = "main.done"')
    main.write_text(text[:at] + MORE.lstrip() + "\n" + text[at:], encoding="utf-8")
    dialog = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path),
        "main.why",
        {"intro.partners": PARTNERS, "main.mood": "bad"},
    )
    app = AdvisorApp(dialog, minimal_dir / "content", tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        field_input = app.screen.query_one(TextInput)
        await type_text(pilot, "first")
        await pilot.press("enter")
        await type_text(pilot, "next")  # typed at once, while the next question is drawn
        await until(pilot, lambda: conversation.current.id == "main.more")
        await until(pilot, lambda: app.screen.query_one(StepInput)._ready_done)
        assert app.screen.query_one(TextInput) is field_input
        assert str(app.screen.query_one("#prompt").render()) == "Anything more?"
        await until(pilot, lambda: field_input.value() == "next")
        await pilot.press("enter")
        await until(pilot, lambda: conversation.current.id == "main.done")
        await pilot.press("ctrl+b")  # back: the field shows the answer given
        await until(pilot, lambda: app.screen.query_one(StepInput).step.id == "main.more")
        await until(pilot, lambda: app.screen.query_one(TextInput).value() == "next")
    answers = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))["answers"]
    assert answers["main.why"] == "first"
    assert answers["main.more"] == "next"
