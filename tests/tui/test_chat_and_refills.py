"""The chat keeps the whole conversation without being a stop on the way to the input,
and every kind of input is refilled for the next step of its kind, as a new one would be.

A move must not pass the focus through the chat (each focus change restyled it and all
under it), nor grow the screen by a widget per exchange; what the user reads and types
must be as before: every exchange in the chat, scrollable; the next input filled with
the step's answer or suggestions, with the focus at its start.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keys import chat_says, type_text, until
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, SelectionList
from walk import walk_to

from srs_advisor.cli.replay import read_answer_file
from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.chat import ChatLog
from srs_advisor.tui.widgets.fields import PerPartnerInput
from srs_advisor.tui.widgets.inputs import MultiChoiceInput, StepInput
from srs_advisor.tui.widgets.items import ActionItemsInput, ItemText

EXAMPLE = Path(__file__).parents[2] / "examples" / "answers.toml"
PARTNERS = [
    {"name": "County [b]Health[/b]", "sector": "public-health"},
    {"name": "Riverside School", "sector": "school"},
]


def example_at(dialog: Dialog, folder: Path, step_id: str) -> Conversation:
    answers, _ = read_answer_file(EXAMPLE, dialog)
    return walk_to(keep(Conversation(dialog), folder), step_id, answers)


def shown_input(app: AdvisorApp) -> StepInput:
    inputs = [i for i in app.screen.query(StepInput) if i.display]
    assert len(inputs) == 1
    return inputs[0]


async def ready_at(pilot: Any, app: AdvisorApp, step_id: str) -> StepInput:
    await until(pilot, lambda: shown_input(app).step.id == step_id and shown_input(app)._ready_done)
    return shown_input(app)


async def test_the_chat_holds_every_exchange_and_scrolls_by_page_from_the_input(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = example_at(dialog, tmp_path, "formality.duration")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready_at(pilot, app, "formality.duration")
        chat = app.screen.query_one(ChatLog)
        # Every exchange of the history, none dropped, in one widget.
        prompts = [dialog.step(s).prompt for s in conversation.history]
        assert chat_says(app, "advisor") == prompts
        assert not chat.children and not chat.can_focus
        assert chat.scroll_y == chat.max_scroll_y > 0  # at the end
        focused = app.focused
        assert focused is not None and shown_input(app) in focused.ancestors
        for _ in range(200):
            if chat.scroll_y == 0:
                break
            await pilot.press("pageup")  # from the choice list: PageUp is the list's own
            await pilot.press("shift+pageup")
        assert chat.scroll_y == 0
        assert app.focused is focused  # the input kept the focus
        # The first exchange is drawn at the top, as text.
        first = dialog.step(conversation.history[0]).prompt
        drawn = "".join(s.text for s in chat.render_line(1)).strip()
        assert first.startswith(drawn)
        await pilot.press("shift+pagedown")
        assert chat.scroll_y > 0
        # Tab and Shift+Tab never stop at the chat.
        for key in ["tab"] * 6 + ["shift+tab"] * 6:
            await pilot.press(key)
            assert app.focused is not chat


async def test_a_name_with_brackets_shows_as_typed_in_the_chat(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path), "welcome.idea", {"welcome.partners": PARTNERS}
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready_at(pilot, app, "welcome.idea")
        chat = app.screen.query_one(ChatLog)
        answer = chat_says(app, "you")[-1]
        assert "County [b]Health[/b] (Public health)" in answer
        lines = ["".join(s.text for s in chat.render_line(y)) for y in range(chat.size.height)]
        assert any("County [b]Health[/b]" in line for line in lines)  # drawn, brackets and all


async def test_a_move_gives_the_focus_to_the_next_input_and_to_nothing_else(
    dialog: Dialog, tmp_path: Path, monkeypatch: Any
) -> None:
    # Choices, the level (with the recommendation), its reason, action items.
    conversation = example_at(dialog, tmp_path, "formality.operations")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    focused: list[Widget | None] = []
    set_focus = Screen.set_focus

    def recorded(self: Screen[Any], widget: Widget | None, *args: Any, **kwargs: Any) -> None:
        focused.append(widget)
        set_focus(self, widget, *args, **kwargs)

    async with app.run_test(size=(80, 24)) as pilot:
        await ready_at(pilot, app, "formality.operations")
        monkeypatch.setattr(Screen, "set_focus", recorded)
        # Each move changes or keeps the kind of input.
        for _ in range(6):
            step = conversation.current
            assert step is not None
            await pilot.press("f4" if not step.required else "f7")
            await until(pilot, lambda s=step: conversation.current is not s)
            current = conversation.current
            assert current is not None
            await ready_at(pilot, app, current.id)
        assert focused  # the moves changed the focus
        for widget in focused:
            assert widget is None or any(isinstance(n, StepInput) for n in widget.ancestors)


async def test_per_partner_fields_are_refilled_for_the_next_per_partner_question(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path), "purpose.goals", {"welcome.partners": PARTNERS}
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await ready_at(pilot, app, "purpose.goals")
        await type_text(pilot, "Fewer visits")
        await pilot.press("enter")  # to the school's field
        await type_text(pilot, "Healthy kids")
        await pilot.press("enter")  # from the last field: answers
        second = await ready_at(pilot, app, "purpose.benefits")
        assert second is first and isinstance(second, PerPartnerInput)
        fields = list(second.query(Input).results(Input))
        assert [f.value for f in fields] == ["", ""]  # not the last question's answers
        assert fields[0].placeholder == "County [b]Health[/b]'s answer"
        assert app.focused is fields[0]  # the first partner's, as in a new input
        await type_text(pilot, "Reach")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: conversation.current.id != "purpose.benefits")
    answers = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))["answers"]
    assert answers["purpose.goals"] == {
        "County [b]Health[/b]": "Fewer visits",
        "Riverside School": "Healthy kids",
    }
    assert answers["purpose.benefits"] == {"County [b]Health[/b]": "Reach"}


async def test_a_tick_list_is_refilled_with_the_next_questions_choices(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = walk_to(
        keep(Conversation(dialog), tmp_path), "purpose.resources", {"welcome.partners": PARTNERS}
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await ready_at(pilot, app, "purpose.resources")
        await pilot.press("space", "f3")  # the first choice
        second = await ready_at(pilot, app, "purpose.targets")
        assert second is first and isinstance(second, MultiChoiceInput)
        ticks = second.query_one(SelectionList)
        targets = dialog.step("purpose.targets")
        labels = [str(ticks.get_option_at_index(n).prompt) for n in range(ticks.option_count)]
        assert labels == [c.label for c in choices_of(targets)]
        assert ticks.selected == [] and ticks.highlighted == 0
        await pilot.press("down", "space", "f3")
        await until(pilot, lambda: conversation.current.id != "purpose.targets")
    answers = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))["answers"]
    resources = dialog.step("purpose.resources")
    assert answers["purpose.resources"] == [choices_of(resources)[0].value]
    assert answers["purpose.targets"] == [choices_of(targets)[1].value]


async def test_the_action_items_table_is_refilled_with_the_next_steps_suggestions(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = example_at(dialog, tmp_path, "formalization.align")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await ready_at(pilot, app, "formalization.align")
        await pilot.press("f3")  # the suggestions as they are
        second = await ready_at(pilot, app, "formalization.leadership")
        assert second is first and isinstance(second, ActionItemsInput)
        step = dialog.step("formalization.leadership")
        suggested = conversation.suggestions(step)
        whats = [t.value for t in second.query(ItemText).results(ItemText)]
        assert whats == [*suggested, ""]  # the suggestions and a blank row, no leftovers
        what = second.query(ItemText).first(ItemText)
        assert app.focused is what
        assert what.cursor_location == what.document.end  # typing adds to the suggestion
        await type_text(pilot, " soon")
        await pilot.press("f3")
        await until(pilot, lambda: conversation.current.id != "formalization.leadership")
    answers = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))["answers"]
    given = answers["formalization.leadership"]
    assert [item["what"] for item in given] == [suggested[0] + " soon", *suggested[1:]]


async def test_how_to_drop_a_suggested_item_is_said_only_where_items_are_suggested(
    dialog: Dialog, tmp_path: Path
) -> None:
    from checkins import start, walk

    from srs_advisor.engine.checkin import NEW_ITEMS

    # The level's action items come suggested: clearing "what" drops one.
    conversation = example_at(dialog, tmp_path / "meeting", "formalization.align")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        items = await ready_at(pilot, app, "formalization.align")
        assert items.query_one("#drop-help").display
    # A check-in's new items come with no suggestion: nothing to drop, nothing said.
    checkin = keep(start(dialog), tmp_path / "checkin")
    walk(checkin, {}, to=NEW_ITEMS)
    app = AdvisorApp(dialog, content_dir(), tmp_path, checkin)
    async with app.run_test(size=(80, 24)) as pilot:
        items = await ready_at(pilot, app, NEW_ITEMS)
        assert not items.query_one("#drop-help").display
