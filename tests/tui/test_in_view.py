"""Everything the user needs stays in view and visibly focused, at 80x24 and up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from keys import until
from textual.widgets import Input, OptionList, TextArea
from walk import walk_to

from srs_advisor.cli.replay import read_answer_file
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.review import ReviewScreen, shorten
from srs_advisor.tui.widgets.chat import ChatLog
from srs_advisor.tui.widgets.inputs import Field, ItemText

EXAMPLE = Path(__file__).parents[2] / "examples" / "answers.toml"
SIZES = [(80, 24), (100, 30), (120, 40)]


def example_at(dialog: Dialog, folder: Path, step_id: str) -> Conversation:
    answers, _ = read_answer_file(EXAMPLE, dialog)
    return walk_to(keep(Conversation(dialog), folder), step_id, answers)


def inside(app: AdvisorApp, widget: Any) -> bool:
    return bool(app.screen.region.contains_region(widget.region)) and widget.region.area > 0


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_review_fits_and_its_last_entry_comes_into_view(
    dialog: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    conversation = example_at(dialog, tmp_path, "formalization.align")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.focused, ItemText))
        await pilot.press("ctrl+r")
        await until(
            pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.query("#review-list")
        )
        listing = app.screen.query_one("#review-list", OptionList)
        await until(pilot, lambda: listing.region.area > 0)
        assert inside(app, app.screen.query_one("#review"))  # the whole box, border and all
        await pilot.press("end")
        await pilot.pause()
        last = listing.get_option_at_index(listing.option_count - 1)
        assert listing.highlighted == listing.option_count - 1
        assert "Chosen level" in str(last.prompt)
        assert listing.scroll_y == listing.max_scroll_y  # scrolled to show it
        keys = " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        assert "Change this answer" in keys  # the key bar says what Enter does


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_level_choice_and_the_prompt_are_in_view(
    dialog: Dialog, tmp_path: Path, size: tuple[int, int]
) -> None:
    conversation = example_at(dialog, tmp_path, "formality.level")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.pause()
        choices = app.screen.query_one("#choices", OptionList)
        assert inside(app, choices) and choices.region.height >= 5  # all three levels
        assert inside(app, app.screen.query_one("#prompt"))
        assert inside(app, app.screen.query_one(".level-line"))


async def test_editing_a_partner_keeps_the_focus_in_the_name(
    dialog: Dialog, tmp_path: Path
) -> None:
    answers = {"welcome.partners": [{"name": "County Health", "sector": "public-health"}]}
    conversation = walk_to(keep(Conversation(dialog), tmp_path), "welcome.idea", answers)
    conversation.back()
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, Input))
        app.screen.query_one("#partner-list", OptionList).focus()
        await pilot.pause()
        await pilot.press("home", "enter")  # edit the entry
        await until(pilot, lambda: app.screen.query_one("#partner-name", Input).value != "")
        for _ in range(5):
            await pilot.pause()
        assert app.focused is app.screen.query_one("#partner-name", Input)
        # The question's scroll box takes no invisible Tab stop.
        assert not app.screen.query_one("#question").can_focus


async def test_the_chat_shows_its_last_line_after_an_answer(dialog: Dialog, tmp_path: Path) -> None:
    conversation = example_at(dialog, tmp_path, "scope.what_and_why")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("ctrl+n")
        await until(
            pilot,
            lambda: (
                conversation.current is not None and conversation.current.id != "scope.what_and_why"
            ),
        )
        for _ in range(5):
            await pilot.pause()
        chat = app.screen.query_one(ChatLog)
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y


@pytest.mark.parametrize("width", [80, 100])
async def test_quit_and_commands_stay_in_the_key_bar(
    dialog: Dialog, tmp_path: Path, width: int
) -> None:
    conversation = example_at(dialog, tmp_path, "formality.duration")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(width, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.pause()
        shown = str(app.screen.query_one("#keys").render())
        assert shown.endswith("F9 Commands F10 Quit") and len(shown) <= width - 2
        assert shown.startswith("↑↓ Choose ⏎ Answer")


async def test_a_one_line_field_shows_the_start_of_its_text_unfocused(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = example_at(dialog, tmp_path, "formalization.align")
    long = "Dana Lee, with the help of the county's epidemiology and records staff " * 2
    conversation.session.answers["formalization.align"] = [{"what": "x", "who": long, "when": ""}]
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, ItemText))
        await pilot.press("tab", "tab")  # through the long "who" and away from it
        await until(pilot, lambda: not app.screen.query(Field).first().has_focus)
        for _ in range(5):
            await pilot.pause()
        first = app.screen.query(Field).first()
        assert first.value == long
        assert first.scroll_x == 0


async def test_a_long_action_item_shows_whole_and_typing_adds_to_it(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = example_at(dialog, tmp_path, "formalization.align")
    long = "Write a one-page statement of purpose and scope, and share it with every partner"
    conversation.session.answers["formalization.align"] = [{"what": long, "who": "", "when": ""}]
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, ItemText))
        what = app.screen.query(ItemText).first()
        await until(pilot, lambda: what.size.height > 1)
        # Wrapped over its lines, the start and the end both on screen.
        lines = [what.get_line(n).plain for n in range(what.document.line_count)]
        assert lines == [long]
        assert what.wrapped_document.height <= what.size.height
        assert what.scroll_y == 0
        await pilot.press("!")  # the first key adds to the text: nothing was selected
        assert what.text == long + "!"


def test_the_review_cuts_at_a_word_and_says_so() -> None:
    assert shorten("Home visits within seven days of discharge", 20) == "Home visits within…"
    assert shorten("Short", 20) == "Short"


async def test_a_long_answer_shown_again_takes_what_is_typed_at_its_end(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = example_at(dialog, tmp_path, "readiness.off_table")
    conversation.session.answers["readiness.off_table"] = "No change to who employs the staff."
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.focused, TextArea))
        area = app.focused
        assert isinstance(area, TextArea)
        await until(pilot, lambda: area.cursor_location == area.document.end)
        await pilot.press("space", "N", "o")
        assert area.text == "No change to who employs the staff. No"
