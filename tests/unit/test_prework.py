"""Pre-work: each partner's file written, filled in as a partner would, and merged.

Three partners' files merged into one session: each partner's own answers become its
answers, each partner's answer to a success factor is kept apart, where they differ is
said, and the meeting's answer starts at the most cautious. An answer the session holds
is never replaced without a choice. The notes set the answers side by side.
"""

from __future__ import annotations

import io
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prework_files import ANSWERS, CHURCH, COUNTY, FILES, HOSPITAL, fill_in, session_at_readiness

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.engine.prework import (
    PreworkError,
    PreworkForm,
    check_form,
    fill_dialog,
    form_for,
    prework_steps,
)
from srs_advisor.engine.prework_divergence import before_the_meeting, divergences, most_cautious
from srs_advisor.engine.prework_merge import apply_merge, plan_merge
from srs_advisor.notes.export import export
from srs_advisor.notes.transcript import render_transcript
from srs_advisor.resources import content_dir
from srs_advisor.store import load_session
from srs_advisor.store.prework import (
    page_reader,
    plan_files,
    prework_text,
    read_prework,
    toml_string,
    toml_text,
)

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def write_files(conversation: Conversation, folder: Path) -> dict[str, Path]:
    """Each partner's pre-work file, as `prework` writes it, filled in as in ANSWERS."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = page_reader(content_dir())
    paths = {}
    for partner in conversation.partners:
        path = folder / FILES[partner.name]
        form = form_for(conversation, partner)
        path.write_text(prework_text(conversation.dialog, form, pages, path.name), "utf-8")
        fill_in(path, ANSWERS[partner.name])
        paths[partner.name] = path
    return paths


def merged(dialog: Dialog, tmp_path: Path) -> Conversation:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    paths = write_files(conversation, tmp_path / "files")
    plan = plan_files(conversation, list(paths.values()))
    assert not plan.refusals and not plan.conflicts
    files = {source: Path(source).name for source in plan.partners}
    apply_merge(conversation, plan, files, replace=False, now=NOW)
    return conversation


def test_the_pre_work_asks_the_success_factors_and_each_partners_own_questions(
    dialog: Dialog,
) -> None:
    steps = prework_steps(dialog)
    assert [s.id for s in steps if s.readiness] == [s.id for s in dialog.steps if s.readiness]
    assert [s.id for s in steps if not s.readiness] == [
        "purpose.goals",
        "purpose.benefits",
        "scope.success",
        "scope.contacts",
    ]


def test_a_file_holds_each_question_with_its_help_and_choices_as_comments(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    path = write_files(conversation, tmp_path / "files")[COUNTY]
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["prework"] == {
        "session": conversation.session.id,
        "dialog": "srs-advisor",
        "dialog_version": dialog.meta.version,
        "partner": COUNTY,
        "partner_id": "p1",
    }
    trust = dialog.step("readiness.trust")
    block = text[: text.index("\ntrust = ")]
    block = block[block.rindex("# --- ") :]
    assert block.startswith("# --- Trust (a prerequisite) ---")
    assert '#   "partly"' in block and "Partly" in block and '#   "not-yet"' in block
    assert "Source: Factors that Contribute" in block  # the guidance page, as comments
    assert " ".join(trust.prompt.split()[:6]) in " ".join(block.replace("#", "").split())
    assert "srs-advisor prework --fill prework-county-health.toml" in text
    assert "# --- Points of contact: County [Health]'s own answer ---" in text


def test_a_file_filled_in_by_hand_is_read_back(dialog: Dialog, tmp_path: Path) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    path = write_files(conversation, tmp_path / "files")[COUNTY]
    form = read_prework(path, dialog)
    assert form.partner == COUNTY
    assert form.answers == {
        "readiness.objectives": "in-place",  # its words, "Yes, in place", read as its value
        "readiness.balance": "partly",
        "readiness.trust": "in-place",
        "purpose.goals": 'Fewer readmissions [in ZIPs 1 & 2]\n"Reach" families \\ sooner',
        "scope.contacts": "Dana Lee [/]",
    }


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_text_is_written_so_that_toml_reads_it_back(text: str) -> None:
    assert tomllib.loads(f"a = {toml_string(text)}")["a"] == text
    read = tomllib.loads(f"a = {toml_text(text)}")["a"]
    assert read == text + ("\n" if text else "")


def test_three_partners_merged_each_keeps_its_own_answer(dialog: Dialog, tmp_path: Path) -> None:
    conversation = merged(dialog, tmp_path)
    session = conversation.session
    # Per-partner answers go to that partner.
    assert session.answers["purpose.goals"] == {
        COUNTY: ANSWERS[COUNTY]["goals"],
        HOSPITAL: ANSWERS[HOSPITAL]["goals"],
    }
    assert session.answers["purpose.benefits"] == {CHURCH: 'Families """supported"""'}
    assert session.answers["scope.contacts"] == {COUNTY: "Dana Lee [/]"}
    # A shared question keeps each partner's answer apart; the meeting settles the session's.
    assert "readiness.trust" not in session.answers
    assert session.prework.answers["readiness.trust"] == {
        COUNTY: "in-place",
        HOSPITAL: "partly",
        CHURCH: "not-yet",
    }
    assert [m.partner for m in session.prework.merged] == [COUNTY, HOSPITAL, CHURCH]
    assert [m.file for m in session.prework.merged] == list(FILES.values())
    # Saved: the session on disk holds it all.
    on_disk = load_session(tmp_path / "session", dialog)
    assert on_disk.prework == session.prework
    assert on_disk.answers["purpose.goals"] == session.answers["purpose.goals"]


def test_where_the_partners_differ_is_said(dialog: Dialog, tmp_path: Path) -> None:
    conversation = merged(dialog, tmp_path)
    found = {d.step.id: d for d in divergences(conversation)}
    assert found["readiness.trust"].sentence() == (
        f"Trust: {COUNTY} says yes, in place; {HOSPITAL} says partly; {CHURCH} says not yet"
    )
    assert found["readiness.objectives"].sentence() == (
        f"Clear objectives: {COUNTY} says yes, in place; {HOSPITAL} says yes, in place; "
        f"{CHURCH} gave no answer"
    )
    assert found["readiness.trust"].differ and not found["readiness.balance"].differ
    assert not found["readiness.objectives"].differ


def test_the_meeting_starts_from_the_most_cautious_answer_and_says_it_infers(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = merged(dialog, tmp_path)
    trust = dialog.step("readiness.trust")
    prefill = conversation.prefill(trust)
    assert prefill is not None and prefill.value == "not-yet"
    assert "most cautious, Not yet" in prefill.because
    assert "the advisor's own choice, not the success factors document's" in prefill.because
    assert before_the_meeting(conversation, trust) == (
        f"Before the meeting (pre-work), {COUNTY}: Yes, in place; {HOSPITAL}: Partly; "
        f"{CHURCH}: Not yet."
    )
    balance = conversation.prefill(dialog.step("readiness.balance"))
    assert balance is not None and balance.value == "partly"
    assert balance.because.startswith("They agree")
    # Once the meeting answers, its answer stands: no start is offered over it.
    conversation.answer()  # the readiness page
    conversation.answer("in-place")  # objectives
    conversation.skip()
    conversation.skip()
    conversation.answer("partly")  # balance
    conversation.skip()
    assert conversation.current is not None and conversation.current.id == "readiness.trust"
    conversation.answer("partly")
    assert conversation.prefill(trust) is None
    assert conversation.session.answers["readiness.trust"] == "partly"
    assert conversation.session.prework.answers["readiness.trust"][CHURCH] == "not-yet"


def test_the_most_cautious_is_the_choice_furthest_from_in_place(dialog: Dialog) -> None:
    step = dialog.step("readiness.prior")
    assert most_cautious(step, ["in-place", "partly"]) == "partly"
    assert most_cautious(step, ["partly", "not-yet", "in-place"]) == "not-yet"


def test_an_answer_the_session_holds_is_a_conflict_and_nothing_changes_until_chosen(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = merged(dialog, tmp_path)
    session = conversation.session
    other = PreworkForm(
        session=session.id,
        dialog_id=dialog.meta.id,
        dialog_version=dialog.meta.version,
        partner=HOSPITAL,
        answers={"purpose.goals": "Fewer readmissions", "readiness.trust": "in-place"},
    )
    before = session.model_dump_json()
    on_disk = (tmp_path / "session" / "session.json").read_bytes()
    plan = plan_merge(conversation, [("again.toml", other)])
    assert [c.sentence() for c in plan.conflicts] == [
        f"Each partner's goals, {HOSPITAL}: the session says “Meet [b]quality[/b] measures”; "
        "again.toml says “Fewer readmissions”",
        f"Trust, {HOSPITAL}: an earlier pre-work file says “Partly”; again.toml says "
        "“Yes, in place”",
    ]
    assert session.model_dump_json() == before
    assert (tmp_path / "session" / "session.json").read_bytes() == on_disk
    apply_merge(conversation, plan, {}, replace=False, now=NOW)  # keep the session's
    assert session.answers["purpose.goals"][HOSPITAL] == "Meet [b]quality[/b] measures"
    assert session.prework.answers["readiness.trust"][HOSPITAL] == "partly"
    apply_merge(conversation, plan, {}, replace=True, now=NOW)  # take the file's
    assert session.answers["purpose.goals"][HOSPITAL] == "Fewer readmissions"
    assert session.answers["purpose.goals"][COUNTY] == ANSWERS[COUNTY]["goals"]
    assert session.prework.answers["readiness.trust"][HOSPITAL] == "in-place"


def test_a_file_for_another_session_or_an_unknown_partner_is_refused(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = merged(dialog, tmp_path)
    base = form_for(conversation, conversation.partners[0])
    elsewhere = PreworkForm(
        "2020-01-01-000000-dead",
        base.dialog_id,
        base.dialog_version,
        COUNTY,
        "p1",
        {"readiness.trust": "partly"},
    )
    stranger = PreworkForm(
        base.session,
        base.dialog_id,
        base.dialog_version,
        "Acme [Clinic]",
        "p9",
        {"readiness.trust": "partly"},
    )
    twice = PreworkForm(
        base.session,
        base.dialog_id,
        base.dialog_version,
        "county [health]",
        "",
        {"readiness.trust": "partly"},
    )
    plan = plan_merge(
        conversation,
        [("a.toml", elsewhere), ("b.toml", stranger), ("c.toml", twice), ("d.toml", twice)],
    )
    reasons = {r.source: r.reason for r in plan.refusals}
    assert reasons["a.toml"].startswith("it was made for another session ('2020-01-01-")
    assert reasons["b.toml"].startswith("it is the pre-work of 'Acme [Clinic]', who is not a")
    assert reasons["d.toml"] == f"it holds {COUNTY}'s pre-work, as c.toml does: merge one of them"
    with pytest.raises(PreworkError):
        apply_merge(conversation, plan, {}, replace=True, now=NOW)


def test_a_partner_renamed_since_is_found_by_its_id_and_keeps_its_answers(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = merged(dialog, tmp_path)
    old = form_for(conversation, conversation.partners[1])
    conversation.go_to("welcome.partners")
    renamed = [dict(p) for p in conversation.session.answers["welcome.partners"]]
    renamed[1]["name"] = "General Hospital [Main]"
    conversation.answer(renamed)
    assert conversation.session.prework.answers["readiness.trust"]["General Hospital [Main]"] == (
        "partly"
    )
    assert conversation.session.prework.merged[1].partner == "General Hospital [Main]"
    late = PreworkForm(
        old.session, old.dialog_id, old.dialog_version, HOSPITAL, "p2", {"scope.contacts": "Sam"}
    )
    plan = plan_merge(conversation, [("late.toml", late)])
    assert plan.partners == {"late.toml": "General Hospital [Main]"}
    assert plan.renamed == {"late.toml": HOSPITAL}


def test_check_form_refuses_what_does_not_fit(dialog: Dialog) -> None:
    header = {
        "session": "s",
        "dialog": "srs-advisor",
        "dialog_version": dialog.meta.version,
        "partner": "P",
        "partner_id": "p1",
    }
    cases = {
        "no header": ({"readiness": {}}, "it has no [prework] table"),
        "older": ({"prework": {**header, "dialog_version": "2.0"}}, "an older version"),
        "newer": ({"prework": {**header, "dialog_version": "9.1"}}, "a newer srs-advisor"),
        "number": ({"prework": header, "readiness": {"trust": 3}}, "is a number: write"),
        "not a choice": ({"prework": header, "readiness": {"trust": "maybe"}}, "'maybe' is not"),
        "unknown": ({"prework": header, "readiness": {"tust": "x"}}, "(unknown question)"),
        "a part": ({"prework": header, "formality": {"risk": "low"}}, "[formality], which is"),
    }
    for name, (data, reason) in cases.items():
        with pytest.raises(PreworkError, match=None) as caught:
            check_form(dialog, data)
        assert reason in str(caught.value), name


def test_the_questions_asked_when_filling_in_a_file(dialog: Dialog) -> None:
    fill = fill_dialog(dialog, COUNTY, "Pre-work for the county.")
    steps = fill.steps
    assert steps[0].kind == "info" and steps[0].prompt == "Pre-work for the county."
    assert [s.id for s in steps[1:]] == [s.id for s in prework_steps(dialog)]
    goals = fill.step("purpose.goals")
    assert goals.kind == "long-text" and goals.hint is not None and COUNTY in goals.hint
    assert fill.step("readiness.trust").choices == dialog.step("readiness.trust").choices
    assert not any(s.when or s.branches for s in steps)


def test_the_notes_set_the_partners_answers_side_by_side_in_every_format(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = merged(dialog, tmp_path)
    while (step := conversation.current) is not None and step.id != "readiness.trust":
        conversation.skip() if step.kind != "info" else conversation.answer()
    conversation.answer("partly")  # the meeting settles trust
    notes = render_transcript(conversation)
    section = notes[notes.index("## Readiness: each partner's answers before the meeting") :]
    section = section[: section.index("\n## ", 5)]
    assert (
        "| Factor | County \\[Health\\] | General Hospital | Grace Church | The meeting settled |"
        in section
    )
    assert "| Trust | Yes, in place | Partly | Not yet | Partly |" in section
    assert "| Clear objectives |" not in section  # the two who answered agree
    assert "The partners gave the same answer on: Clear objectives (Yes, in place); " in section
    assert "Balanced approach (Partly)" in section
    assert "the advisor's own choice, not the success factors document's" in section
    assert "prework-general-hospital.toml" in section
    html = export(conversation, "notes", "html").data.decode("utf-8")
    rows = [
        [re.sub(r"<[^>]+>", "", cell) for cell in row.split("</td>")[:-1]]
        for row in re.findall(r"<tr>(.*?)</tr>", html)
    ]
    assert ["Trust", "Yes, in place", "Partly", "Not yet", "Partly"] in rows
    assert re.search(r"<th[^>]*>County \[Health\]</th>", html)
    word = docx.Document(io.BytesIO(export(conversation, "notes", "docx").data))
    rows = [
        [cell.text for cell in row.cells]
        for table in word.tables
        for row in table.rows
        if row.cells[0].text == "Trust"
    ]
    assert ["Trust", "Yes, in place", "Partly", "Not yet", "Partly"] in rows


def test_notes_without_pre_work_have_no_such_section(dialog: Dialog, tmp_path: Path) -> None:
    conversation = session_at_readiness(dialog, tmp_path / "session")
    assert "before the meeting" not in render_transcript(conversation)
