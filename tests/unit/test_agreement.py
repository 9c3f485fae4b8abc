"""The draft agreement outline: at the chosen level, from the answers, nothing invented."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from walk import walk_to

from srs_advisor.cli import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.agreement import (
    AGREEMENT_FILE,
    EDITED_AGREEMENT_FILE,
    render_agreement,
)

DATA = Path(__file__).parent.parent / "data"
GOLDEN = DATA / "golden"
ANSWER_FILES = {
    "agreement_informal.md": DATA / "levels" / "informal.toml",
    "agreement_semi_formal.md": DATA / "levels" / "semi_formal.toml",
    "agreement_formal.md": Path(__file__).parent.parent.parent / "examples" / "answers.toml",
}
ELEMENTS = (  # the tip sheet's "Draft the agreement" step
    "## 1. Purpose",
    "## 2. Roles and responsibilities",
    "## 3. Decision-making",
    "## 4. Communication plan",
    "## 5. Timeline",
    "## 6. Resource commitments",
    "## 7. Conflict resolution",
)


def replayed(dialog: Dialog, path: Path) -> Conversation:
    answers, parked = read_answer_file(path, dialog)
    conversation, unused = replay(dialog, answers, parked)
    assert unused == []
    conversation.session.id = "golden"
    conversation.session.created = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    return conversation


@pytest.mark.parametrize("name", sorted(ANSWER_FILES))
def test_the_agreement_matches_the_golden_files(dialog: Dialog, name: str) -> None:
    text = render_agreement(replayed(dialog, ANSWER_FILES[name]), UTC)
    if os.environ.get("UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(text, encoding="utf-8")
    assert text == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(ANSWER_FILES))
def test_every_level_covers_the_drafting_elements_and_says_what_it_is(name: str) -> None:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    for heading in ELEMENTS:
        assert heading in text, heading
    assert "**A starting point, not legal advice.**" in text
    assert (
        "for the partners and their\ncounsel" in text
        or "for the partners and their counsel" in text
    )
    assert "Service & Resource Sharing: A Tip Sheet for Cross-Sector Partnerships" in text
    assert "are the advisor's own reading" in text


def test_each_level_has_its_own_kind_of_agreement() -> None:
    informal = (GOLDEN / "agreement_informal.md").read_text(encoding="utf-8")
    semi = (GOLDEN / "agreement_semi_formal.md").read_text(encoding="utf-8")
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    assert informal.startswith("# Written confirmation of a handshake arrangement")
    assert "Fiscal and legal" not in informal and "data use agreement checklist" not in informal
    assert semi.startswith("# Memorandum of understanding or shared work plan: draft outline")
    assert "## 9. Costs, data and reporting" in semi and "Fiscal and legal" not in semi
    assert formal.startswith("# Contract or interlocal agreement: draft outline")
    assert "## 9. Fiscal and legal terms" in formal
    for term in ("**Cost sharing:**", "**Liability:**", "**Data use:**", "**Reporting:**"):
        assert term in formal, term
    # Confidential data: a data use agreement checklist, said to be the advisor's own.
    assert "## 10. Data use agreement checklist" in formal
    assert "this checklist is the advisor's own" in formal


def test_what_was_not_settled_is_left_to_agree_never_invented() -> None:
    informal = (GOLDEN / "agreement_informal.md").read_text(encoding="utf-8")
    # Filled from the answers:
    assert "- **Who leads what:** The district runs the screening table;" in informal
    assert "  - **Hill County Health District:** 100 adults screened" in informal
    # Not answered: marked for the partners, with no made-up content.
    assert "- **Scope of work:** **To be agreed:** the tasks, where they happen" in informal
    assert "  - **Hill Valley Schools:** **To be agreed:** its success." in informal
    assert "- **Settling disagreements:** **To be agreed:**" in informal
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    assert (
        "- **Orienting new partners and staff:** **To be agreed (on the meeting's parking "
        "lot):**" in formal
    )


def test_the_agreement_says_each_thing_once_and_plainly() -> None:
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    # The meeting's date, not the minute the session was opened.
    assert "the planning meeting of Thursday, January 15, 2026, for the partners" in formal
    # Money is said once, in the fiscal section; a yes or no is not left to read alone.
    assert formal.count("Payment: one partner pays another") == 1
    assert "- **Liability:** Each partner keeps its own legal duties and liability" in formal
    assert "**Liability:** No:" not in formal
    # Items agreed in the meeting are listed under one label, not a label per line.
    assert formal.count("**Agreed in the meeting:**") == 2  # monitoring, fiscal and legal
    assert (
        "- **Agreed in the meeting:**\n"
        "  - Draft the contract, with its data privacy terms, with counsel "
        "(County counsel, by February 28)\n"
        "  - Agree how the worker's salary is split (Finance leads, by February 28)\n" in formal
    )
    assert (
        "- **Approvals planned in the meeting:**\n"
        "  - Brief the hospital board and the board of health (Sam Ortiz and Dana Lee, by "
        "January 31)" in formal
    )
    semi = (GOLDEN / "agreement_semi_formal.md").read_text(encoding="utf-8")
    assert semi.count("In kind: staff time, space") == 1


def test_a_handshake_keeps_every_step_and_what_the_answers_say_is_shared() -> None:
    informal = (GOLDEN / "agreement_informal.md").read_text(encoding="utf-8")
    # A step with no owner or date is still who does what: it is not dropped.
    assert (
        "- **Steps agreed in the meeting:**\n"
        "  - Confirm the date, the room and the number of cuffs by e-mail (Lee Park, by "
        "March 3)\n"
        "  - Check in after the event on what went well (**no owner**, **no date**)\n" in informal
    )
    assert "- **Next meeting:** A short call on March 10 to confirm the plan." in informal
    # What would be shared was answered in the purpose phase: only the why is open.
    assert (
        "- **What will be shared, and why:** Staff, expertise. **To be agreed:** why each "
        "is shared." in informal
    )
    # A list in a sentence, and the tip sheet's words as its description.
    assert "- **What is shared:** Staff, space, data" in (GOLDEN / "agreement_formal.md").read_text(
        encoding="utf-8"
    )
    assert 'which the tip sheet describes as "Typically best for quick' in informal


def test_a_formal_agreement_without_confidential_data_has_no_checklist(
    dialog: Dialog,
) -> None:
    conversation = replayed(dialog, ANSWER_FILES["agreement_formal.md"])
    conversation.session.answers["formality.data"] = "general"
    text = render_agreement(conversation, UTC)
    assert "## 9. Fiscal and legal terms" in text
    assert "Data use agreement checklist" not in text


def test_the_agreement_is_written_once_a_level_is_chosen_and_never_over_edits(
    dialog: Dialog, example_answers: dict[str, object], tmp_path: Path
) -> None:
    conversation = walk_to(
        Conversation(dialog, folder=tmp_path), "formality.level", example_answers
    )
    assert not (tmp_path / AGREEMENT_FILE).exists()  # no level chosen yet
    conversation.answer("formal")
    written = (tmp_path / AGREEMENT_FILE).read_text(encoding="utf-8")
    assert written.startswith("# Contract or interlocal agreement: draft outline")
    # The partners edit the draft; the advisor writes beside it from then on.
    edited = written + "\nAgreed by phone: the county pays 60%.\n"
    (tmp_path / AGREEMENT_FILE).write_text(edited, encoding="utf-8")
    conversation.answer([{"what": "Write the purpose", "who": "Dana", "when": "May"}])
    assert (tmp_path / AGREEMENT_FILE).read_text(encoding="utf-8") == edited
    beside = (tmp_path / EDITED_AGREEMENT_FILE).read_text(encoding="utf-8")
    assert "Write the purpose (Dana, by May)" in beside
    assert conversation.agreement_path == tmp_path / EDITED_AGREEMENT_FILE


def test_a_conversation_stopped_at_its_purpose_writes_no_agreement(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = replayed(dialog, DATA / "levels" / "stop.toml")
    conversation.folder = tmp_path
    conversation.save()
    assert (tmp_path / "transcript.md").exists()
    assert not (tmp_path / AGREEMENT_FILE).exists()


def test_an_agreement_asked_for_before_any_level_says_what_it_follows(
    dialog: Dialog,
) -> None:
    conversation = replayed(dialog, DATA / "levels" / "stop.toml")
    text = render_agreement(conversation, UTC)
    assert "The partners stopped planning: sharing may not be the answer for now." in text
    early = Conversation(dialog)
    assert "The level of formality is not yet known" in render_agreement(early, UTC)
