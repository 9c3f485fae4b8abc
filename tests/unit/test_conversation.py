"""The conversation engine: paths through the machine, going back, editing, parking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from walk import walk_to

from srs_advisor.dialog import END, Dialog, load_dialog
from srs_advisor.engine.answers import AnswerError
from srs_advisor.engine.conversation import Conversation, EngineError
from srs_advisor.store.keeper import keep

PARTNERS = [
    {"name": "County Health", "sector": "public-health"},
    {"name": "General Hospital", "sector": "health-care"},
]


MINIMAL_PARTNERS = [{"name": "County Health", "sector": "public-health"}]


@pytest.fixture
def minimal(minimal_dir: Path) -> Dialog:
    return load_dialog(minimal_dir / "dialogs", minimal_dir / "content")


def test_a_condition_decides_whether_a_step_is_asked(minimal: Dialog) -> None:
    good = Conversation(minimal)
    good.answer(MINIMAL_PARTNERS)
    good.answer("good")
    assert good.current is not None and good.current.id == "main.done"
    bad = Conversation(minimal)
    bad.answer(MINIMAL_PARTNERS)
    bad.answer("bad")
    assert bad.current is not None and bad.current.id == "main.why"
    bad.answer("Short of staff")
    bad.answer()
    assert bad.finished and bad.session.current == END
    assert bad.history == ["intro.partners", "main.mood", "main.why", "main.done"]


def test_changing_an_earlier_answer_lists_the_answers_that_no_longer_apply(minimal: Dialog) -> None:
    conversation = Conversation(minimal)
    conversation.answer(MINIMAL_PARTNERS)
    conversation.answer("bad")
    conversation.answer("Short of staff")
    conversation.go_to("main.mood")
    stale = conversation.answer("good")
    assert stale == ["main.why"]
    # Set aside, never dropped: and back again if the branch changes back.
    assert conversation.session.inactive == {"main.why": "Short of staff"}
    assert "main.why" not in conversation.session.answers
    conversation.go_to("main.mood")
    assert conversation.answer("bad") == []
    assert conversation.session.answers["main.why"] == "Short of staff"
    assert conversation.session.inactive == {}


def test_back_and_go_to_move_through_the_history(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    with pytest.raises(EngineError, match="first question"):
        conversation.back()
    walk_to(conversation, "readiness.objectives", {"welcome.partners": PARTNERS})
    assert conversation.back().id == "readiness.intro"
    assert conversation.go_to("welcome.participants").id == "welcome.participants"
    assert conversation.history == ["welcome.intro"]
    with pytest.raises(EngineError, match="not been reached"):
        conversation.go_to("scope.work")
    with pytest.raises(EngineError, match="no question"):
        conversation.go_to("scope.nothing")


def test_later_answers_survive_an_edit_and_forward_returns_to_where_we_were(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    answers = {
        "welcome.participants": "Dana Lee",
        "welcome.partners": PARTNERS,
        "welcome.idea": "Share a nurse",
        "readiness.objectives": "in-place",
    }
    walk_to(conversation, "readiness.off_table", answers)
    conversation.go_to("welcome.participants")
    assert conversation.answer("Dana Lee\nSam Ortiz") == []
    assert conversation.answer_of("welcome.idea") == "Share a nurse"
    step = conversation.forward()
    assert step is not None and step.id == "readiness.off_table"
    assert conversation.answer_of("readiness.objectives") == "in-place"


def test_a_missing_prerequisite_brings_advice_and_the_user_may_go_on(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    answers = {"welcome.partners": PARTNERS, "readiness.trust": "not-yet"}
    walk_to(conversation, "readiness.address_first", answers)
    # The page names the prerequisite missing, with its advice, and only that one.
    named = conversation.gaps_named(dialog.step("readiness.address_first"))
    trust = dialog.step("readiness.trust").readiness
    assert trust is not None
    assert [(g.factor, g.answer, g.advice) for g in named] == [
        ("Build trust", "Not yet", trust.advice)
    ]
    assert conversation.gaps_named(dialog.step("readiness.trust")) == []  # not a page that names
    conversation.answer()
    assert conversation.current is not None and conversation.current.id == "readiness.prior"
    gaps = conversation.readiness_gaps()
    assert [(g.factor, g.answer) for g in gaps] == [("Build trust", "Not yet")]


def test_prerequisites_in_place_bring_no_advice(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    answers = {
        "welcome.partners": PARTNERS,
        "readiness.objectives": "in-place",
        "readiness.balance": "in-place",
        "readiness.trust": "in-place",
    }
    walk_to(conversation, "readiness.prior", answers)
    assert "readiness.address_first" not in conversation.history


def test_stopping_when_sharing_is_not_the_answer_goes_to_the_summary(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    answers = {
        "welcome.partners": PARTNERS,
        "purpose.internal_fix": "yes",
        "purpose.shared_capacity": "no",
        "purpose.meaningful": "no",
    }
    walk_to(conversation, "purpose.not_sharing", answers)
    prompt = conversation.dialog.step("purpose.not_sharing").prompt
    assert "shared capacity would not reduce duplication or burden" in prompt  # says why
    conversation.answer("stop")
    assert conversation.current is not None and conversation.current.id == "summary.next_steps"
    assert not any(s.startswith(("scope.", "formality.")) for s in conversation.path())


@pytest.mark.parametrize("shared_capacity", ["yes", None])
def test_less_duplication_or_burden_is_reason_enough_to_go_on(
    dialog: Dialog, shared_capacity: str | None
) -> None:
    # One agency could cope and sharing would not meaningfully help, but shared capacity
    # would reduce duplication (or that was not discussed): the exit is not offered.
    conversation = Conversation(dialog)
    answers = {
        "welcome.partners": PARTNERS,
        "purpose.internal_fix": "yes",
        "purpose.meaningful": "no",
    }
    if shared_capacity:
        answers["purpose.shared_capacity"] = shared_capacity
    walk_to(conversation, "purpose.resources", answers)
    assert "purpose.not_sharing" not in conversation.path()


def test_going_on_when_sharing_may_not_be_the_answer_keeps_planning(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    answers = {
        "welcome.partners": PARTNERS,
        "purpose.internal_fix": "yes",
        "purpose.shared_capacity": "no",
        "purpose.meaningful": "no",
        "purpose.not_sharing": "continue",
    }
    walk_to(conversation, "purpose.resources", answers)
    assert "purpose.not_sharing" in conversation.history


def test_required_steps_cannot_be_skipped_but_can_be_parked(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "welcome.partners", {})
    with pytest.raises(EngineError, match="cannot be skipped"):
        conversation.skip()
    with pytest.raises(AnswerError, match="at least one partner"):
        conversation.answer([])
    assert conversation.current is not None and conversation.current.id == "welcome.partners"
    conversation.park()
    assert conversation.session.parked == ["welcome.partners"]


def test_a_parked_formality_factor_holds_back_the_recommendation(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    conversation = Conversation(dialog)
    answers = {
        k: v for k, v in example_answers.items() if k not in ("formality.risk", "formality.level")
    }
    walk_to(conversation, "formality.risk", answers)
    conversation.park()
    walk_to(conversation, "formalization.draft", answers)
    assert conversation.recommendation is None and conversation.level is None
    # Undecided, the advisor shows the careful (formal) guidance and suggestions.
    step = dialog.step("formalization.draft")
    assert conversation.guidance_page(step) == "formalization-draft-formal.md"
    assert conversation.suggestions(step)[0].startswith("Draft the contract")


def test_parking_and_skipping_are_recorded(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "welcome.participants", {})
    conversation.park()
    conversation.answer(PARTNERS)
    conversation.skip()
    assert conversation.session.parked == ["welcome.participants"]
    assert conversation.session.skipped == ["welcome.idea"]
    assert conversation.status("welcome.participants") == "parked"
    # Answering a parked step later takes it off the parking lot.
    conversation.go_to("welcome.participants")
    conversation.answer("Dana Lee")
    assert conversation.session.parked == []


def test_a_finished_conversation_refuses_answers(minimal: Dialog) -> None:
    conversation = Conversation(minimal)
    conversation.answer(MINIMAL_PARTNERS)
    conversation.answer("good")
    conversation.answer()
    with pytest.raises(EngineError, match="finished"):
        conversation.answer("x")
    assert conversation.back().id == "main.done"


def test_progress_counts_each_phase(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(
        conversation, "readiness.objectives", {"welcome.partners": PARTNERS, "welcome.idea": "x"}
    )
    progress = {p.id: p for p in conversation.progress()}
    assert (progress["welcome"].done, progress["welcome"].total) == (4, 4)
    assert progress["readiness"].current and progress["readiness"].done == 0
    assert progress["formality"].total == 11  # ten factors and the choice


def test_guidance_for_formalization_follows_the_working_level(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    conversation = Conversation(dialog)
    answers = {**example_answers, "formality.level": "informal"}
    walk_to(conversation, "formalization.draft", answers)
    step = conversation.current
    assert step is not None
    assert conversation.guidance_page(step) == "formalization-draft-informal.md"
    suggested = conversation.suggestions(step)
    assert suggested[0].startswith("Consider including purpose, roles, decisions")
    assert not any("e-mail" in s for s in suggested)  # e-mails are semi-formal
    # Without a choice, the recommended level (formal, for these answers) is the working level.
    unchosen = Conversation(dialog)
    walk_to(
        unchosen,
        "formalization.draft",
        {k: v for k, v in answers.items() if k != "formality.level"},
    )
    assert unchosen.level == "formal"
    assert unchosen.guidance_page(dialog.step("formalization.draft")) == (
        "formalization-draft-formal.md"
    )


def test_per_partner_answers_must_name_partners(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "purpose.goals", {"welcome.partners": PARTNERS})
    with pytest.raises(AnswerError, match="not one of the partners"):
        conversation.answer({"Somebody Else": "goal"})
    conversation.answer({"county health": "Fewer readmissions"})
    assert conversation.session.answers["purpose.goals"] == {"County Health": "Fewer readmissions"}


def test_returning_after_an_edit_passes_pages_already_read(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    # The example has a prerequisite partly in place: the "address it first" page was read.
    conversation = Conversation(dialog)
    walk_to(conversation, "summary.wrap_up", example_answers)
    assert "readiness.address_first" in conversation.history
    conversation.go_to("readiness.objectives")
    assert conversation.returning
    conversation.answer("partly")  # changed: the page still applies, and was read before
    step = conversation.forward()
    assert step is not None and step.id == "summary.wrap_up"
    assert not conversation.returning


def test_returning_stops_at_advice_the_change_brought_on_and_then_goes_on(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    answers = {**example_answers}
    for step_id in ("readiness.objectives", "readiness.balance", "readiness.trust"):
        answers[step_id] = "in-place"
    conversation = Conversation(dialog)
    walk_to(conversation, "summary.wrap_up", answers)
    assert "readiness.address_first" not in conversation.history
    conversation.go_to("readiness.trust")
    conversation.answer("not-yet")
    step = conversation.forward()
    assert step is not None and step.id == "readiness.address_first"  # new advice: shown
    assert conversation.returning
    conversation.answer()
    step = conversation.forward()
    assert step is not None and step.id == "summary.wrap_up"
    assert not conversation.returning


def test_parking_an_answered_question_keeps_its_answer_as_tentative(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = keep(Conversation(dialog), tmp_path)
    walk_to(conversation, "welcome.idea", {"welcome.partners": PARTNERS})
    conversation.answer("Share a nurse [two days a week]")
    conversation.back()
    conversation.park()
    assert conversation.status("welcome.idea") == "parked"
    assert conversation.answer_of("welcome.idea") is None
    assert conversation.tentative_of("welcome.idea") == "Share a nurse [two days a week]"
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["tentative"] == {"welcome.idea": "Share a nurse [two days a week]"}
    notes = (tmp_path / "transcript.md").read_text()
    assert "Tentative answer:* Share a nurse \\[two days a week\\]" in notes  # the record
    assert "Tentative answer: Share a nurse \\[two days a week\\]" in notes  # open questions
    # Answering it again makes it the answer, and the tentative one goes.
    conversation.go_to("welcome.idea")
    conversation.answer("Share a nurse")
    assert conversation.tentative_of("welcome.idea") is None
    assert conversation.session.tentative == {}


def test_progress_tells_answered_parked_and_not_discussed_apart(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    walk_to(conversation, "readiness.objectives", {"welcome.partners": PARTNERS})
    conversation.go_to("welcome.idea")
    conversation.park()  # the idea: parked; participants: skipped on the way
    walk_to(conversation, "readiness.objectives", {})
    welcome = next(p for p in conversation.progress() if p.id == "welcome")
    assert (welcome.answered, welcome.parked, welcome.skipped, welcome.total) == (1, 1, 2, 4)
    assert not welcome.complete  # no check mark while anything is parked or passed
    assert welcome.describe() == "1 of 4 answered, 1 parked, 2 not discussed"


def test_per_partner_answers_follow_a_renamed_partner(dialog: Dialog, tmp_path: Path) -> None:
    two = PARTNERS
    conversation = keep(Conversation(dialog), tmp_path)
    walk_to(
        conversation,
        "purpose.benefits",
        {
            "welcome.partners": two,
            "purpose.goals": {"County Health": "Reach", "General Hospital": "Fewer visits"},
        },
    )
    partners = conversation.session.answers["welcome.partners"]
    assert [p["id"] for p in partners] == ["p1", "p2"]
    conversation.go_to("welcome.partners")
    renamed = [{**partners[0], "name": "County Health Department"}, partners[1]]
    conversation.answer(renamed)
    assert conversation.answer_of("purpose.goals") == {
        "County Health Department": "Reach",
        "General Hospital": "Fewer visits",
    }
    notes = (tmp_path / "transcript.md").read_text()
    # Side by side, under the new name: nothing lost, no row for the old name.
    assert "| County Health Department | Reach |" in notes
    assert "*no answer*" not in notes and "| County Health |" not in notes


def test_removing_a_partner_sets_its_answers_aside(dialog: Dialog) -> None:
    two = PARTNERS
    conversation = Conversation(dialog)
    walk_to(
        conversation,
        "purpose.benefits",
        {
            "welcome.partners": two,
            "purpose.goals": {"County Health": "Reach", "General Hospital": "Fewer visits"},
        },
    )
    assert conversation.partner_answers("General Hospital") == ["purpose.goals"]
    conversation.go_to("welcome.partners")
    conversation.answer([conversation.session.answers["welcome.partners"][0]])
    assert conversation.answer_of("purpose.goals") == {"County Health": "Reach"}
    assert conversation.session.retired["purpose.goals (General Hospital)"] == "Fewer visits"


def test_partners_from_an_answer_file_get_ids_and_keep_given_ones(dialog: Dialog) -> None:
    from srs_advisor.engine.answers import parse_answer

    step = dialog.step("welcome.partners")
    given = [
        {"name": "A", "sector": "school", "id": "p2"},
        {"name": "B", "sector": "school"},
        {"name": "C", "sector": "school", "id": "p2"},  # a repeated id is replaced
    ]
    assert [p["id"] for p in parse_answer(step, given, dialog.meta)] == ["p2", "p1", "p3"]


def test_nothing_left_to_answer_is_complete_at_the_end_or_on_a_last_page(dialog: Dialog) -> None:
    from srs_advisor.cli.replay import read_answer_file

    example = Path(__file__).parents[2] / "examples" / "answers.toml"
    answers, _ = read_answer_file(example, dialog)
    conversation = Conversation(dialog)
    assert not conversation.complete
    walk_to(conversation, "summary.wrap_up", answers)
    assert conversation.complete and not conversation.finished  # only the last page left
    conversation.answer()
    assert conversation.finished and conversation.complete
    conversation.back()  # reopened and taken back to the last page: still complete
    assert conversation.current is not None and conversation.current.id == "summary.wrap_up"
    assert conversation.complete and conversation.session.complete
    # Stopped at a question not yet answered: not complete.
    midway = walk_to(Conversation(dialog), "formality.level", answers)
    assert not midway.complete and not midway.session.complete
