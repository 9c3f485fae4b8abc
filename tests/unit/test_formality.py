"""The formality phase in a conversation: prefill from earlier answers, contradictions,
the reason for choosing another level, and sessions saved under the old factors."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.transcript import render_transcript
from srs_advisor.store import load_session
from srs_advisor.store.keeper import keep, resume_in

PARTNERS = [{"name": "County Health", "sector": "public-health"}]
OLD_SESSION = Path(__file__).parent.parent / "data" / "sessions" / "v1-finished.json"


HANDSHAKE = tomllib.loads(
    (Path(__file__).parent.parent / "data" / "handshake.toml").read_text(encoding="utf-8")
)


def at(dialog: Dialog, step_id: str, answers: dict[str, Any]) -> Conversation:
    """A conversation at `step_id`, with these answers and a handshake's factors before it."""
    given = {"welcome.partners": PARTNERS, **HANDSHAKE, **answers}
    return walk_to(Conversation(dialog), step_id, given)


@pytest.mark.parametrize(
    ("earlier", "step_id", "value"),
    [
        ({"purpose.resources": ["staff", "funding"]}, "formality.money", "payment"),
        ({"purpose.resources": ["space"]}, "formality.money", "in-kind"),
        ({"purpose.resources": ["data"]}, "formality.money", None),
        ({"purpose.resources": ["data"]}, "formality.data", "general"),
        ({"purpose.resources": ["staff"]}, "formality.data", None),
        ({"readiness.trust": "in-place"}, "formality.trust", "established"),
        ({"readiness.trust": "not-yet"}, "formality.trust", "building"),
        ({}, "formality.trust", None),
    ],
)
def test_factor_questions_start_from_earlier_answers(
    dialog: Dialog, earlier: dict[str, Any], step_id: str, value: str | None
) -> None:
    conversation = at(dialog, step_id, earlier)
    prefill = conversation.prefill(dialog.step(step_id))
    assert (prefill.value if prefill else None) == value
    if prefill:
        assert prefill.because.startswith("This starts from your")


def test_an_answered_factor_starts_from_its_answer_not_the_prefill(dialog: Dialog) -> None:
    conversation = at(dialog, "formality.money", {"purpose.resources": ["funding"]})
    conversation.answer("in-kind")
    conversation.back()
    assert conversation.prefill(dialog.step("formality.money")) is None


@pytest.mark.parametrize(
    ("earlier", "step_id", "value", "says"),
    [
        ({"purpose.resources": ["funding"]}, "formality.money", "none", "funding would be shared"),
        ({"purpose.resources": ["funding"]}, "formality.money", "in-kind", "no money is paid"),
        ({"purpose.resources": ["staff"]}, "formality.money", "none", "count as in kind"),
        ({"purpose.resources": ["data"]}, "formality.data", "none", "data would be shared"),
        ({"readiness.trust": "not-yet"}, "formality.trust", "established", "not yet in place"),
    ],
)
def test_a_factor_answer_that_contradicts_an_earlier_one_is_pointed_out(
    dialog: Dialog, earlier: dict[str, Any], step_id: str, value: str, says: str
) -> None:
    conversation = at(dialog, step_id, earlier)
    conversation.answer(value)
    [found] = conversation.contradictions()
    assert found.step == step_id and says in found.message
    notes = render_transcript(conversation)
    assert "**Answers to check:**" in notes and says in notes


@pytest.mark.parametrize(
    ("earlier", "step_id", "value"),
    [
        ({"purpose.resources": ["funding"]}, "formality.money", "payment"),
        ({"purpose.resources": ["staff"]}, "formality.money", "in-kind"),
        ({"purpose.resources": ["data"]}, "formality.data", "records"),
        ({"purpose.resources": ["data"]}, "formality.data", "linked"),
        ({"readiness.trust": "partly"}, "formality.trust", "established"),
    ],
)
def test_answers_that_agree_raise_no_notice(
    dialog: Dialog, earlier: dict[str, Any], step_id: str, value: str
) -> None:
    conversation = at(dialog, step_id, earlier)
    conversation.answer(value)
    assert conversation.contradictions() == []
    assert "Answers to check" not in render_transcript(conversation)


def test_choosing_another_level_asks_why_and_records_it(
    dialog: Dialog, handshake: dict[str, Any], tmp_path: Path
) -> None:
    conversation = at(dialog, "formality.level", handshake)
    keep(conversation, tmp_path)
    assert conversation.recommendation is not None
    assert conversation.recommendation.level == "informal"
    conversation.answer("semi-formal")
    assert conversation.current is not None
    assert conversation.current.id == "formality.level_reason"
    conversation.answer("The county asks for an MOU [for any shared staff].")
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["chosen_level"] == "semi-formal"
    assert saved["level_reason"] == "The county asks for an MOU [for any shared staff]."
    notes = (tmp_path / "transcript.md").read_text()
    assert "**Chosen: Semi-formal.** The partners chose a different level" in notes
    assert "**Why:** The county asks for an MOU \\[for any shared staff\\]." in notes
    assert (  # on the first screen too
        "- **Level of formality:** Informal recommended; the partners chose Semi-formal. "
        "Why: The county asks for an MOU \\[for any shared staff\\]." in notes
    )


def test_taking_the_recommended_level_asks_no_reason(
    dialog: Dialog, handshake: dict[str, Any]
) -> None:
    conversation = at(dialog, "formality.level", handshake)
    conversation.answer("informal")
    assert conversation.current is not None and conversation.current.phase == "formalization"
    assert conversation.session.level_reason is None


def test_changing_back_to_the_recommended_level_sets_the_reason_aside(
    dialog: Dialog, handshake: dict[str, Any]
) -> None:
    conversation = at(dialog, "formality.level", handshake)
    conversation.answer("formal")
    conversation.answer("Our board requires contracts.")
    conversation.go_to("formality.level")
    stale = conversation.answer("informal")
    assert stale == ["formality.level_reason"]
    conversation.save()
    assert conversation.session.level_reason is None
    assert conversation.session.inactive["formality.level_reason"] == (
        "Our board requires contracts."
    )


def test_a_chosen_level_without_a_reason_says_so_in_the_notes(
    dialog: Dialog, handshake: dict[str, Any]
) -> None:
    conversation = at(dialog, "formality.level", handshake)
    conversation.answer("formal")
    conversation.skip()
    assert "**Why:** *not given.*" in render_transcript(conversation)


def test_a_session_saved_under_the_old_factors_asks_the_nine_again(
    dialog: Dialog, tmp_path: Path
) -> None:
    shutil.copy(OLD_SESSION, tmp_path / "session.json")
    old = json.loads(OLD_SESSION.read_text())
    assert old["dialog_version"] == "1.0" and old["current"] == "end"
    conversation, report = resume_in(dialog, load_session(tmp_path), tmp_path)
    messages = report.messages(dialog.meta.version)
    assert messages[0] == "The questions changed since this session was saved (now 3.0)."
    assert (
        "Set aside the answers to formality.duration, formality.scope, formality.trust, "
        "formality.risk, "
        "formality.accountability, formality.level: The formality questions changed in "
        "version 2.0 of the dialog, so the nine new ones are asked again." in messages
    )
    assert (
        "Set aside the answers to formality.involves, formality.affects: "
        "the question is no longer in the dialog." in messages
    )
    # Every old factor is kept, set aside, and none is read as a new answer.
    session = conversation.session
    old_factors = {k: v for k, v in old["answers"].items() if k.startswith("formality.")}
    assert {k: session.retired[k] for k in old_factors} == old_factors
    assert not any(s.startswith("formality.") and s != "formality.levels" for s in session.answers)
    # Back at the first of the nine, with everything before it kept.
    assert conversation.current is not None and conversation.current.id == "formality.duration"
    assert conversation.history[-1] == "formality.levels"
    assert session.answers["purpose.problem"] == old["answers"]["purpose.problem"]
    assert session.recommendation is None
    # The notes on disk say so: the old answers are listed as set aside.
    notes = (tmp_path / "transcript.md").read_text()
    assert "## Answers set aside" in notes and "formality.involves" in notes
    # Answering the nine gives a recommendation again, from the new rules.
    for step_id, value in {
        "formality.duration": "ongoing",
        "formality.scope": "narrow",
        "formality.trust": "established",
        "formality.risk": "moderate",
        "formality.accountability": "yes",
        "formality.money": "payment",
        "formality.data": "records",
        "formality.authority": "no",
        "formality.operations": "coordination",
        "formality.parties": "government",
    }.items():
        assert conversation.current is not None and conversation.current.id == step_id
        conversation.answer(value)
    assert conversation.current is not None and conversation.current.id == "formality.level"
    assert conversation.recommendation is not None
    assert conversation.recommendation.level == "formal"
