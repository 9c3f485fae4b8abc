"""Dialog 3.0's ten factors: data told apart (records, linked), the parties prefilled from
the partners' sectors, and sessions and answer files that still hold `confidential`."""

from __future__ import annotations

import json
import subprocess
import sys
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

REPO = Path(__file__).parents[2]
HANDSHAKE = tomllib.loads((REPO / "tests" / "data" / "handshake.toml").read_text(encoding="utf-8"))
EXAMPLE = REPO / "examples" / "answers.toml"


def partners(*sectors: str) -> list[dict[str, str]]:
    return [{"name": f"Partner {n}", "sector": s} for n, s in enumerate(sectors, 1)]


@pytest.mark.parametrize(
    ("sectors", "value"),
    [
        (("public-health",), "government"),
        (("public-health", "public-health"), "government"),
        (("public-health", "faith-based"), "mixed"),
        (("health-care", "community-based"), "mixed"),
        (("public-health", "school"), None),  # a school may be private: the user says
        (("public-health", "health-care"), None),  # a hospital may be public or private
        (("public-health", "other"), None),
    ],
)
def test_the_parties_start_from_the_partners_sectors_where_they_settle_it(
    dialog: Dialog, sectors: tuple[str, ...], value: str | None
) -> None:
    conversation = walk_to(
        Conversation(dialog),
        "formality.parties",
        {**HANDSHAKE, "welcome.partners": partners(*sectors)},
    )
    step = dialog.step("formality.parties")
    prefill = conversation.prefill(step)
    assert (prefill.value if prefill else None) == value
    if prefill:
        assert prefill.because.startswith("This starts from your partner list")
    # The user can correct it.
    conversation.answer("mixed" if value == "government" else "government")
    assert conversation.session.answers["formality.parties"] != value


def _old_session(tmp_path: Path, dialog: Dialog, answers: dict[str, Any]) -> dict[str, Any]:
    """A finished session saved as dialog 2.0 would have: data `confidential`, no parties."""
    from srs_advisor.cli.replay import read_answer_file, replay

    given, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, {**given, **answers}, parked)
    keep(conversation, tmp_path)
    conversation.save()
    data = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    data["dialog_version"] = "2.0"
    data["answers"]["formality.data"] = "confidential"
    data["answers"].pop("formality.parties", None)
    (tmp_path / "session.json").write_text(json.dumps(data), encoding="utf-8")
    return data


def test_a_session_holding_confidential_asks_the_data_question_again(
    dialog: Dialog, tmp_path: Path
) -> None:
    old = _old_session(tmp_path, dialog, {})
    conversation, report = resume_in(dialog, load_session(tmp_path), tmp_path)
    messages = report.messages(dialog.meta.version)
    assert any(
        m == "Set aside the answer to formality.data: Version 3.0 split Confidential "
        "into Records and Linked, so the data question is asked again."
        for m in messages
    ), messages
    session = conversation.session
    # Back at the data question, the old answer shown and kept; nothing else is lost.
    assert conversation.current is not None and conversation.current.id == "formality.data"
    assert session.retired["formality.data"] == "confidential"
    said = conversation.asked_again(dialog.step("formality.data"))
    assert said is not None
    assert said == (
        "Asked again: the earlier answer was 'confidential'. Version 3.0 split Confidential "
        "into Records and Linked, so the data question is asked again."
    )
    # No new starting answer is offered in its place: the user chooses.
    assert conversation.prefill(dialog.step("formality.data")) is None
    kept = {k: v for k, v in old["answers"].items() if k != "formality.data"}
    for step_id, value in kept.items():
        assert session.answers.get(step_id, session.inactive.get(step_id)) == value, step_id
    notes = render_transcript(conversation)
    assert "## Answers set aside" in notes and "confidential" in notes
    # Answered again, it goes on, and the parties question (new in 3.0) comes on the way.
    conversation.answer("records")
    path = [conversation.current.id if conversation.current else "end"]
    while conversation.current is not None and conversation.current.id != "formality.parties":
        conversation.answer(session.answers[conversation.current.id])
        path.append(conversation.current.id if conversation.current else "end")
    assert conversation.current is not None, path
    assert conversation.asked_again(dialog.step("formality.data")) is None


def test_a_session_with_general_data_keeps_it(dialog: Dialog, tmp_path: Path) -> None:
    _old_session(tmp_path, dialog, {})
    data = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    data["answers"]["formality.data"] = "general"
    (tmp_path / "session.json").write_text(json.dumps(data), encoding="utf-8")
    conversation, report = resume_in(dialog, load_session(tmp_path), tmp_path)
    assert conversation.session.answers["formality.data"] == "general"
    assert "formality.data" not in report.retired


def test_an_answer_file_holding_confidential_is_read_as_linked_and_says_so(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('data = "records"', 'data = "confidential"')
    assert 'data = "confidential"' in text
    answers = tmp_path / "old.toml"
    answers.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "srs_advisor", "replay", str(answers), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "note: formality.data: 'confidential' is no longer a choice; it is read as 'linked'."
        in done.stderr
    )
    saved = json.loads((tmp_path / "o" / "session.json").read_text(encoding="utf-8"))
    assert saved["answers"]["formality.data"] == "linked"
