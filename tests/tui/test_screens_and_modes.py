"""Small screens, presenter mode, themes, the command palette's commands, saving the notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from keys import until
from textual.widgets import Input
from walk import walk_past_required

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.screens.conversation import ConversationScreen
from srs_advisor.tui.screens.save_notes import SaveNotesScreen
from srs_advisor.tui.theme import HIGH_CONTRAST
from srs_advisor.tui.widgets.keybar import KeyBar

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


def at_idea(dialog: Dialog, folder: Path) -> Conversation:
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    conversation.answer(PARTNERS)
    return conversation


def visible(app: AdvisorApp, selector: str) -> bool:
    """Whether the widget is on screen, inside the terminal."""
    widget = app.screen.query_one(selector)
    region = widget.region
    return widget.display and region.area > 0 and app.screen.region.contains_region(region)


async def test_the_app_stays_usable_at_60x20(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("narrow")
        assert visible(app, "#prompt") and visible(app, "#strip")
        assert not app.screen.query_one("#guidance-pane").display
        await until(pilot, lambda: isinstance(app.focused, Input))  # ready to type
        await pilot.press("ctrl+g")
        await pilot.pause()
        # The guidance shows below the question: both in view, and typing goes on.
        assert visible(app, "#guidance-pane") and visible(app, "#prompt")
        prompt, pane = (
            app.screen.query_one("#prompt").region,
            app.screen.query_one("#guidance-pane").region,
        )
        assert not prompt.overlaps(pane)
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert visible(app, "#prompt") and not app.screen.query_one("#guidance-pane").display


@pytest.mark.parametrize(
    "step_id",
    [
        "welcome.participants",
        "readiness.objectives",
        "purpose.resources",
        "purpose.goals",
        "formalization.align",
        "welcome.partners",
        "welcome.meeting",
        "welcome.idea",
    ],
)
async def test_the_guidance_key_stays_in_the_key_bar_at_80x24(
    dialog: Dialog, tmp_path: Path, step_id: str
) -> None:
    answers = {"welcome.partners": PARTNERS}
    conversation = walk_past_required(Conversation(dialog), step_id, answers)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        await until(pilot, lambda: "F10 Quit" in str(bar.render()))
        shown = str(bar.render())
        assert "^g Guide" in shown and shown.endswith("F9 Commands F10 Quit")
        assert len(shown) <= 80 - 2  # it fits, padding and all


async def test_presenter_mode_shows_the_last_question_and_answer(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = at_idea(dialog, tmp_path)
    conversation.answer("Share a [nurse] two days a week")
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation, presenter=True)
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: visible(app, "#last-answer"))
        assert (
            str(app.screen.query_one("#last-question").render())
            == dialog.step("welcome.idea").prompt
        )
        assert (
            str(app.screen.query_one("#last-given").render()) == "Share a [nurse] two days a week"
        )
        last, prompt = (
            app.screen.query_one("#last-answer").region,
            app.screen.query_one("#prompt").region,
        )
        assert last.bottom <= prompt.y  # above the current question
        await pilot.press(*"Room 4", "enter", "enter", "enter")  # the meeting details
        await until(pilot, lambda: "welcome.meeting" in conversation.session.answers)
        await until(
            pilot, lambda: "Place: Room 4" in str(app.screen.query_one("#last-given").render())
        )
        await pilot.press("f2")  # out of presenter mode: the chat shows it instead
        await pilot.pause()
        assert not app.screen.query_one("#last-answer").display and visible(app, "#chat")


async def test_a_wide_screen_shows_guidance_and_progress_beside_the_chat(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert (
            visible(app, "#progress") and visible(app, "#guidance-pane") and visible(app, "#chat")
        )
        assert not app.screen.query_one("#strip").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        # Medium width: the progress list becomes a strip, leaving the chat its room.
        assert visible(app, "#strip") and visible(app, "#guidance-pane")
        assert not app.screen.query_one("#progress").display
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not app.screen.query_one("#guidance-pane").display


async def test_presenter_mode_shows_only_the_question_its_guidance_and_progress(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name
        assert not app.screen.query_one("#chat").display
        assert not app.screen.query_one("#progress").display
        assert visible(app, "#prompt") and visible(app, "#guidance-pane") and visible(app, "#strip")
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme != HIGH_CONTRAST.name and app.screen.query_one("#chat").display


async def test_presenter_mode_keeps_ansi_colors(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "ansi-dark"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == "ansi-dark" and app.has_class("presenter")


async def test_no_color_is_respected(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path), presenter=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert app.theme != HIGH_CONTRAST.name  # presenter changes the layout, not the colors
        assert not app.screen.query_one("#chat").display


async def test_the_command_palette_offers_the_advisor_commands(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = at_idea(dialog, tmp_path)
    conversation.answer("Share a nurse")
    conversation.skip()  # the meeting details: now in Readiness
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Presenter mode",
            "Save notes to…",
            "Review answers",
            "Toggle guidance",
            "Theme",
        ):
            assert any(t.startswith(title) for t in titles), title
        assert [t for t in titles if t.startswith("Jump to ")] == [
            f"Jump to {phase.title}" for phase in dialog.phases
        ]
        jump = next(c for c in app.get_system_commands(app.screen) if c.title == "Jump to Welcome")
        jump.callback()
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.conversation is not None and app.conversation.current is not None
        assert app.conversation.current.id == "welcome.intro"


async def test_save_notes_to_a_chosen_path(dialog: Dialog, tmp_path: Path) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    target = tmp_path / "out" / "meeting.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_save_notes()
        await pilot.pause()
        assert isinstance(app.screen, SaveNotesScreen)
        field = app.screen.query_one(Input)
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    text = target.read_text()
    assert text.startswith("# Service and resource sharing plan: meeting notes")
    assert "- **Partners:** County Health (Public health)" in text


async def test_save_notes_asks_before_replacing_a_file(dialog: Dialog, tmp_path: Path) -> None:
    from srs_advisor.tui.screens.confirm import ConfirmScreen

    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    target = tmp_path / "minutes [final].md"
    target.write_text("Notes typed by hand.\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for replace in (False, True):
            app.action_save_notes()
            await until(
                pilot, lambda: isinstance(app.screen, SaveNotesScreen) and app.screen.query(Input)
            )
            app.screen.query_one(Input).value = str(target)
            await pilot.press("enter")
            await until(pilot, lambda: bool(app.screen.query(".dialog-title")))
            assert isinstance(app.screen, ConfirmScreen)
            assert str(target) in str(app.screen.query_one(".dialog-title").render())
            if replace:
                await pilot.press("tab", "enter")  # from Cancel to Replace
            else:
                await pilot.press("enter")  # Cancel has the focus
                await until(pilot, lambda: isinstance(app.screen, SaveNotesScreen))
                assert target.read_text() == "Notes typed by hand.\n"
                await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, (ConfirmScreen, SaveNotesScreen)))
    assert target.read_text().startswith("# Service and resource sharing plan")


async def test_help_lists_the_keys_and_closes_with_escape(dialog: Dialog, tmp_path: Path) -> None:
    from textual.widgets import Markdown

    from srs_advisor.tui.screens.help import HelpScreen

    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        for key in ("Ctrl+S", "Ctrl+B", "Ctrl+N", "Ctrl+L", "Ctrl+R", "Ctrl+G", "F2", "Ctrl+P"):
            assert f"| {key} |" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)


async def test_choosing_a_phase_in_the_progress_list_goes_back_to_it(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = at_idea(dialog, tmp_path)
    conversation.answer("Share a nurse")
    conversation.skip()  # the meeting details
    conversation.answer()
    conversation.answer("in-place")  # now in Readiness, at "What is off the table"
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#progress", offset=(4, 1))  # the first line: Welcome
        await pilot.pause()
        assert conversation.current is not None and conversation.current.id == "welcome.intro"
        assert str(app.screen.query_one("#prompt").render()) == dialog.step("welcome.intro").prompt
        await pilot.press("enter")  # keep it: back to where we were
        await pilot.pause()
        assert conversation.current is not None and conversation.current.id == "readiness.off_table"


async def test_help_in_the_middle_of_typing_keeps_what_was_typed(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = AdvisorApp(dialog, content_dir(), tmp_path, at_idea(dialog, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("N", "u", "r", "s", "e", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Nurse"


async def test_back_from_the_notes_returns_to_the_last_question(
    dialog: Dialog, tmp_path: Path
) -> None:
    from srs_advisor.tui.screens.notes import NotesScreen

    conversation = at_idea(dialog, tmp_path)
    while (step := conversation.current) is not None and step.id != "summary.wrap_up":
        if step.kind == "info":
            conversation.answer()
        elif step.required:
            conversation.answer(
                []
                if step.kind == "multi-choice"
                else step.choices[0].value
                if step.choices
                else "no"
            )
        else:
            conversation.skip()
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert f"The notes are saved in {tmp_path / 'transcript.md'}." in str(
            app.screen.query_one("#notes-path").render()
        )
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert (
            str(app.screen.query_one("#prompt").render()) == dialog.step("summary.wrap_up").prompt
        )
