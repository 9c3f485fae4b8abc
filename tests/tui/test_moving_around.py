"""Going back, changing an answer, parking, skipping, invalid input, resuming, quitting."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from keys import chat_says, type_text, until
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store import default_sessions_dir, load_session
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.run import farewell, find_session, resume_command
from srs_advisor.tui.screens.review import ReviewScreen

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


def conversation_at(
    dialog: Dialog, folder: Path, step_id: str, answers: dict[str, Any]
) -> Conversation:
    """A saved conversation walked (by the engine) to `step_id`."""
    return walk_to(keep(Conversation(dialog), folder), step_id, answers)


def screen_text(app: AdvisorApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_invalid_input_is_explained_in_place_and_asked_again(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = conversation_at(dialog, tmp_path, "welcome.idea", {"welcome.partners": PARTNERS})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert screen_text(app, "#notice") == "Please type an answer, or skip the question."
        assert screen_text(app, "#prompt") == dialog.step("welcome.idea").prompt
        await type_text(pilot, "Share a nurse")
        await pilot.press("enter")
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("welcome.meeting").prompt
    assert load_session(tmp_path).answers["welcome.idea"] == "Share a nurse"


async def test_the_meeting_details_form_moves_field_by_field_and_answers_from_the_last(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = conversation_at(
        dialog, tmp_path, "welcome.meeting", {"welcome.partners": PARTNERS}
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        labels = [str(label.render()) for label in app.screen.query(".partner-label")]
        assert labels == ["Place", "Facilitator", "Note-taker"]
        # Typed at full speed: Enter moves on to the next field, the keys after it follow.
        await type_text(pilot, "Room [2] <b>")
        await pilot.press("enter")
        await type_text(pilot, "Dana Lee")
        await pilot.press("enter")
        await pilot.press("enter")  # the note-taker left blank: all are optional
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("readiness.intro").prompt
    assert load_session(tmp_path).answers["welcome.meeting"] == {
        "place": "Room [2] <b>",
        "facilitator": "Dana Lee",
    }
    notes = (tmp_path / "transcript.md").read_text(encoding="utf-8")
    assert "- **Place:** Room \\[2\\] \\<b\\>" in notes
    assert "- **Note-taker:** *not recorded*" in notes


async def test_going_back_to_change_an_answer_lists_what_no_longer_applies(
    dialog: Dialog, tmp_path: Path
) -> None:
    answers = {
        "welcome.partners": PARTNERS,
        "readiness.prior": "in-place",
        "readiness.prior_lessons": "The flu clinic worked",
    }
    conversation = conversation_at(dialog, tmp_path, "readiness.people_skills", answers)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen.query_one("#review-list")
        options = [review.get_option_at_index(i) for i in range(review.option_count)]  # type: ignore[attr-defined]
        listed = [str(o.prompt) for o in options if not o.disabled]
        assert "  Lessons from past work: The flu clinic worked" in listed
        # Choose "Success in prior collaborations" and change it to "Not yet".
        index = next(i for i, text in enumerate(listed) if "Success in prior" in text)
        await pilot.press("home", *["down"] * index, "enter")
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("readiness.prior").prompt
        await pilot.press("end", "enter")
        await pilot.pause()
        # Back where we were, with the answer that no longer applies named in the chat.
        assert screen_text(app, "#prompt") == dialog.step("readiness.people_skills").prompt
        stale = chat_says(app, "stale")
        assert stale == [
            "These answers no longer apply, and are kept aside in the notes: Lessons from past work"
        ]
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["answers"]["readiness.prior"] == "not-yet"
    assert saved["inactive"] == {"readiness.prior_lessons": "The flu clinic worked"}
    assert "## Answers that no longer apply" in (tmp_path / "transcript.md").read_text()


async def test_back_skip_and_later_keys(dialog: Dialog, tmp_path: Path) -> None:
    conversation = conversation_at(
        dialog, tmp_path, "readiness.objectives", {"welcome.partners": PARTNERS}
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")  # unsure, discuss later
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("readiness.off_table").prompt
        await pilot.press("ctrl+n")  # skip
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("readiness.objectives_review").prompt
        chat = chat_says(app)
        assert chat[-4:] == [
            dialog.step("readiness.objectives").prompt,
            "Unsure: on the parking lot",
            dialog.step("readiness.off_table").prompt,
            "Not discussed",
        ]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("readiness.off_table").prompt
    session = load_session(tmp_path)
    assert session.parked == ["readiness.objectives"]
    assert session.skipped[-1] == "readiness.off_table"
    assert session.current == "readiness.off_table"
    assert "Unsure: on the parking lot" in (tmp_path / "transcript.md").read_text()


async def test_a_needed_question_cannot_be_skipped(dialog: Dialog, tmp_path: Path) -> None:
    conversation = conversation_at(dialog, tmp_path, "welcome.partners", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "needed to go on" in screen_text(app, "#where")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen_text(app, "#prompt") == dialog.step("welcome.partners").prompt
        await pilot.press("ctrl+s")  # no partners yet
        await pilot.pause()
        assert screen_text(app, "#notice") == "Please name at least one partner organization."


async def test_resuming_restores_the_same_step_and_history(dialog: Dialog, tmp_path: Path) -> None:
    conversation = conversation_at(
        dialog,
        tmp_path / "s1",
        "readiness.balance",
        {"welcome.partners": PARTNERS, "welcome.idea": "Nurse"},
    )
    app = AdvisorApp(dialog, content_dir(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        saved = app.screen.query_one("#saved")
        assert "County Health" in str(saved.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await pilot.press("tab", "enter")  # from the "new session" button to the saved list
        await pilot.pause()
        assert app.conversation is not None
        assert app.conversation.history == conversation.history
        assert screen_text(app, "#prompt") == dialog.step("readiness.balance").prompt
        chat = chat_says(app)
        assert "Nurse" in chat and "County Health (Public health)" in chat


async def test_quitting_mid_session_says_where_it_is_and_how_to_resume(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = conversation_at(dialog, tmp_path, "welcome.idea", {"welcome.partners": PARTNERS})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value is conversation
    message = farewell(conversation)
    assert f"Your session is saved in {tmp_path} (at 'The idea in brief')" in message
    # The session is not in the default folder: the command names its folder, and works.
    command = shlex.split(message.split("Resume it with: ")[1])
    assert command[:2] == ["srs-advisor", "resume"] and len(command) == 3
    assert find_session(default_sessions_dir(), command[2]) == tmp_path.resolve()


async def test_a_finished_session_reopened_and_left_at_its_last_page_is_still_finished(
    dialog: Dialog, tmp_path: Path
) -> None:
    from srs_advisor.cli.replay import read_answer_file
    from srs_advisor.tui.screens.notes import NotesScreen

    example = Path(__file__).parents[2] / "examples" / "answers.toml"
    answers, _ = read_answer_file(example, dialog)
    done = conversation_at(dialog, tmp_path, "summary.wrap_up", answers)
    done.answer()  # the end: the notes
    reopened, _ = Conversation.resume(dialog, load_session(tmp_path, dialog))
    app = AdvisorApp(dialog, content_dir(), tmp_path, keep(reopened, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesScreen))
        await pilot.press("ctrl+b")  # back to the wrap-up page
        await until(pilot, lambda: reopened.current is not None)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert reopened.current is not None and reopened.current.id == "summary.wrap_up"
    message = farewell(reopened)
    assert message.startswith("Finished: every question is dealt with.")
    assert "Open it again with: " in message
    notes = (tmp_path / "transcript.md").read_text(encoding="utf-8")
    assert "- **Status:** finished" in notes and "in progress" not in notes


def test_the_resume_command_uses_the_id_in_the_default_folder(
    dialog: Dialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRS_ADVISOR_SESSIONS_DIR", str(tmp_path))
    conversation = Conversation(dialog)
    conversation.session.id = "2026-01-01-000000-abcd"
    folder = tmp_path / "2026-01-01-000000-abcd"
    assert resume_command(folder, conversation.session.id) == (
        "srs-advisor resume 2026-01-01-000000-abcd"
    )


async def test_quitting_with_a_typed_answer_asks_first(dialog: Dialog, tmp_path: Path) -> None:
    from srs_advisor.tui.screens.confirm_quit import ConfirmQuitScreen

    conversation = conversation_at(dialog, tmp_path, "welcome.idea", {"welcome.partners": PARTNERS})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Nurse")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("enter")  # Stay has the focus
        await pilot.pause()
        await pilot.press("enter")  # give the answer
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value is conversation
    assert load_session(tmp_path).answers["welcome.idea"] == "Nurse"


async def test_quitting_with_partners_listed_but_not_given_asks_first(
    dialog: Dialog, tmp_path: Path
) -> None:
    from srs_advisor.tui.screens.confirm_quit import ConfirmQuitScreen

    conversation = conversation_at(dialog, tmp_path, "welcome.partners", {})
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing typed: quits at once
        await pilot.pause()
    assert app.return_value is conversation
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "County Health")
        await pilot.press("enter", "enter", "down", "enter", "enter")  # name, sector, Add
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("tab", "enter")  # Quit
        await pilot.pause()
    assert app.return_value is conversation
