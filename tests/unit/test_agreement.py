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
