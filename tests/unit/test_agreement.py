"""The draft agreement outline: at the chosen level, from the answers, nothing invented."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from walk import walk_to

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.dialog.model import level_name
from srs_advisor.dialog.readability import measure
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.agreement import render_agreement
from srs_advisor.store.disk import AGREEMENT_FILE, EDITED_AGREEMENT_FILE
from srs_advisor.store.keeper import keep, kept

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
    assert "Fiscal and legal" not in informal and "Data protection" not in informal
    assert semi.startswith("# Memorandum of understanding or shared work plan: draft outline")
    assert "## 9. Costs and reporting" in semi and "Fiscal and legal" not in semi
    # A church among the partners: a contract, never an interlocal agreement.
    assert formal.startswith("# Contract: draft outline")
    assert "## 9. Fiscal and legal terms" in formal
    for term in ("**Cost sharing:**", "**Liability:**", "**Data use:**", "**Reporting:**"):
        assert term in formal, term
    # Records about identifiable people: a data-protection section, the advisor's own.
    assert "## 10. Data protection" in formal
    assert "These prompts are the advisor's own" in formal
    # A signature table at the formal level, a confirmation table below it.
    assert "| Partner | Name and title | Signature | Date |" in formal
    assert "| Riverside General Hospital | \\[To be agreed\\] | \\[To be agreed\\] |" in formal
    assert "| Partner | Name | Date confirmed |" in informal


@pytest.mark.parametrize(
    ("parties", "title"),
    [
        ("government", "# Interlocal agreement: draft outline"),
        ("mixed", "# Contract: draft outline"),
        (None, "# Contract or interlocal agreement: draft outline"),
    ],
)
def test_the_instrument_is_named_from_the_level_and_the_parties(
    dialog: Dialog, parties: str | None, title: str
) -> None:
    conversation = replayed(dialog, ANSWER_FILES["agreement_formal.md"])
    if parties is None:
        conversation.session.answers.pop("formality.parties")
    else:
        conversation.session.answers["formality.parties"] = parties
    text = render_agreement(conversation, UTC)
    assert text.startswith(title + "\n")
    unsettled = "Only government bodies can sign an interlocal agreement"
    assert (unsettled in text) == (parties is None)


def test_what_was_not_settled_is_left_to_agree_never_invented() -> None:
    informal = (GOLDEN / "agreement_informal.md").read_text(encoding="utf-8")
    # Filled from the answers:
    assert "- **Who leads what:** The district runs the screening table;" in informal
    assert "  - **Hill County Health District:** 100 adults screened" in informal
    # Not answered: a placeholder in brackets, with no made-up content.
    assert "- **Scope of work:** \\[To be agreed: the tasks, where they happen" in informal
    assert "  - **Hill Valley Schools:** \\[To be agreed: its success\\]" in informal
    assert "- **Settling disagreements:** \\[To be agreed:" in informal
    assert "**To be agreed" not in informal  # never bold like a label
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    assert (
        "- **Orienting new partners and staff:** \\[To be agreed (on the meeting's parking "
        "lot):" in formal
    )
    # The standard terms, each a slot for counsel, said to be the advisor's suggestion.
    assert "## 11. Standard terms\n\nThe advisor's suggestion for counsel" in formal
    for slot in (
        "Effective date and term",
        "Ending it, or a partner leaving",
        "Changes",
        "Notices",
        "Legal authority and approvals",
        "Governing law",
        "Shared staff",
        "Records and public records",
        "Privacy law",
    ):
        assert f"- **{slot}:**" in formal, slot
    assert "- **Notices:** To the points of contact: Dana Lee; Sam Ortiz; Rev. Ana Cruz." in formal


def test_the_agreement_says_each_thing_once_and_plainly() -> None:
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    # The meeting's date, not the minute the session was opened.
    assert "the planning meeting of Thursday, January 15, 2026, for the partners" in formal
    # Liability is what the meeting said in screening, as that: not an agreed clause.
    assert (
        "- **Liability:** Asked in screening, the meeting said no partner takes on another's "
        "legal duties or liability. That is an answer, not an agreed clause." in formal
    )
    assert "Each partner keeps its own legal duties and liability" not in formal
    # Facts, not choice labels; money shared is listed when it is shared.
    assert "- **How long it runs:** Ongoing. \\[To be agreed:" in formal
    assert "Ongoing: activities that continue over time" not in formal
    assert "- **What is shared:** Staff, space, data; money (one partner pays another" in formal
    # Each action item once, in one table, with its step.
    for what in (
        "Agree how the worker's salary is split",
        "Brief the hospital board and the board of health",
        "Set up the monthly dashboard",
    ):
        assert formal.count(what) == 1, what
    assert (
        "| Agree how the worker's salary is split | Finance leads | February 28 | Address "
        "fiscal and legal considerations |" in formal
    )
    semi = (GOLDEN / "agreement_semi_formal.md").read_text(encoding="utf-8")
    assert semi.count("In kind: staff time, space") == 1


def test_what_is_off_the_table_is_listed_and_a_contradiction_flagged() -> None:
    formal = (GOLDEN / "agreement_formal.md").read_text(encoding="utf-8")
    section = formal.split("## What is off the table\n", 1)[1].split("\n## ", 1)[0]
    assert "- No change to who employs the staff.\n" in section  # nothing in the plan against it
    assert (
        "- No sharing of medical records outside the hospital. **Check: the plan shares data "
        "about people who can be identified.** Which is right?" in section
    )
    assert "The advisor matches words only." in section


def test_a_handshake_keeps_every_step_and_what_the_answers_say_is_shared() -> None:
    informal = (GOLDEN / "agreement_informal.md").read_text(encoding="utf-8")
    # A step with no owner or date is still who does what: it is not dropped.
    assert (
        "| Confirm the date, the room and the number of cuffs by e-mail | Lee Park | March 3 |"
        in informal
    )
    assert (
        "| Check in after the event on what went well | \\[To be agreed: who\\] | "
        "\\[To be agreed: when\\] |" in informal
    )
    assert "- **Next meeting:** A short call on March 10 to confirm the plan." in informal
    # What would be shared was answered in the purpose phase: only the why is open.
    assert (
        "- **What will be shared, and why:** Staff, expertise. \\[To be agreed: why each "
        "is shared\\]" in informal
    )
    assert "- **Money:** In kind: staff time, space, equipment" in informal
    assert 'the tip sheet calls it "Typically best for quick' in informal


def test_a_formal_agreement_without_identifiable_data_has_no_data_section(
    dialog: Dialog,
) -> None:
    conversation = replayed(dialog, ANSWER_FILES["agreement_formal.md"])
    conversation.session.answers["formality.data"] = "general"
    text = render_agreement(conversation, UTC)
    assert "## 9. Fiscal and legal terms" in text
    assert "Data protection" not in text
    assert "- **Data use:** Only general data" in text


@pytest.mark.parametrize("data", ["records", "linked"])
def test_the_data_terms_follow_the_data_not_the_level(dialog: Dialog, data: str) -> None:
    # A handshake's answers with identifiable data: the advisor recommends more, the
    # partners keep the handshake and say why. The draft still protects the data.
    answers, parked = read_answer_file(DATA / "levels" / "informal.toml", dialog)
    answers["formality.data"] = data
    answers["formality.level"] = "informal"
    answers["formality.level_reason"] = "A one-night event: the director signs off by e-mail."
    conversation, unused = replay(dialog, answers, parked)
    assert unused == []
    recommendation = conversation.recommendation
    assert recommendation is not None and recommendation.level != "informal"
    text = render_agreement(conversation, UTC)
    assert text.startswith("# Written confirmation of a handshake arrangement")
    recommended = level_name(recommendation.level)
    assert f"- **Recommended by the advisor:** {recommended}." in text
    if recommendation.close_call:
        assert recommendation.close_call in text
    assert "- **Chosen by the partners:** Informal." in text
    assert (
        "- **The partners' reason:** A one-night event: the director signs off by e-mail." in text
    )
    section = text.split("Data protection\n", 1)[1].split("\n## ", 1)[0]
    for part in (
        "**What is shared:**",
        "**The legal basis, to check with counsel:**",
        "HIPAA",
        "FERPA",
        "42 CFR Part 2",
        "**Who may see it:**",
        "**How it is kept:**",
        "**How it ends:**",
    ):
        assert part in section, part
    # The formalization steps still offer the data item at the lighter level.
    step = dialog.step("formalization.fiscal_legal")
    assert any("privacy laws" in s for s in conversation.suggestions(step))


@pytest.mark.parametrize("level", ["informal", "semi-formal", "formal"])
def test_the_draft_reads_at_grade_10_or_lower_at_every_level(dialog: Dialog, level: str) -> None:
    # Every answer set of the tests, at every level: the draft a partner reads.
    for path in [*ANSWER_FILES.values(), DATA / "levels" / "stop.toml"]:
        answers, parked = read_answer_file(path, dialog)
        answers["formality.level"] = level
        answers.pop("formality.level_reason", None)
        conversation, _ = replay(dialog, answers, parked)
        if conversation.recommendation is not None and level != conversation.recommendation.level:
            conversation.session.level_reason = "The partners' own reason, given in the meeting."
        text = render_agreement(conversation, UTC)
        grade = measure(text).grade
        print(f"{path.name} at {level}: grade {grade:.1f}")
        assert grade <= 10, (path.name, level, grade)


def test_the_agreement_is_written_once_a_level_is_chosen_and_never_over_edits(
    dialog: Dialog, example_answers: dict[str, object], tmp_path: Path
) -> None:
    conversation = walk_to(keep(Conversation(dialog), tmp_path), "formality.level", example_answers)
    assert not (tmp_path / AGREEMENT_FILE).exists()  # no level chosen yet
    conversation.answer("formal")
    written = (tmp_path / AGREEMENT_FILE).read_text(encoding="utf-8")
    assert written.startswith("# Contract: draft outline")  # a church among the partners
    # The partners edit the draft; the advisor writes beside it from then on.
    edited = written + "\nAgreed by phone: the county pays 60%.\n"
    (tmp_path / AGREEMENT_FILE).write_text(edited, encoding="utf-8")
    conversation.answer([{"what": "Write the purpose", "who": "Dana", "when": "May"}])
    assert (tmp_path / AGREEMENT_FILE).read_text(encoding="utf-8") == edited
    beside = (tmp_path / EDITED_AGREEMENT_FILE).read_text(encoding="utf-8")
    assert "| Write the purpose | Dana | May |" in beside
    assert kept(conversation).agreement_path == tmp_path / EDITED_AGREEMENT_FILE


def test_a_conversation_stopped_at_its_purpose_writes_no_agreement(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = replayed(dialog, DATA / "levels" / "stop.toml")
    keep(conversation, tmp_path)
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
