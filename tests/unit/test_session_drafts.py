"""Drafts: what was typed but not yet answered is kept in session.json, given back, and
cleared by the answer; a damaged draft never stands in the way of opening a session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store import load_session
from srs_advisor.store.keeper import keep, resume_in

PARTNERS = [{"name": "County Health", "sector": "public-health"}]


def at_partners(dialog: Dialog, folder: Path) -> Conversation:
    conversation = keep(Conversation(dialog), folder)
    conversation.answer()
    conversation.answer("Dana")
    assert conversation.current is not None and conversation.current.id == "welcome.partners"
    return conversation


def test_a_draft_is_saved_at_once_read_back_and_cleared_by_the_answer(
    dialog: Dialog, tmp_path: Path
) -> None:
    conversation = at_partners(dialog, tmp_path)
    draft = {"partners": PARTNERS, "typed": "General Hosp", "sector": ""}
    conversation.keep_draft("welcome.partners", draft)
    on_disk = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    assert on_disk["drafts"] == {"welcome.partners": draft}
    assert "welcome.partners" not in on_disk["answers"]  # a draft is never an answer
    resumed, _ = resume_in(dialog, load_session(tmp_path), tmp_path)
    assert resumed.draft_of("welcome.partners") == draft
    resumed.answer(PARTNERS)
    on_disk = json.loads((tmp_path / "session.json").read_text(encoding="utf-8"))
    assert on_disk["drafts"] == {}
    # A draft that arrives for a step already answered (typing's pause came late) is dropped.
    resumed.keep_draft("welcome.partners", draft)
    assert load_session(tmp_path).drafts == {}


@pytest.mark.parametrize("move", ["skip", "park"])
def test_skipping_or_parking_clears_the_draft(dialog: Dialog, tmp_path: Path, move: str) -> None:
    conversation = at_partners(dialog, tmp_path)
    conversation.answer(PARTNERS)
    assert conversation.current is not None and conversation.current.id == "welcome.idea"
    conversation.keep_draft("welcome.idea", "Share a nu")
    assert load_session(tmp_path).drafts == {"welcome.idea": "Share a nu"}
    getattr(conversation, move)()
    assert load_session(tmp_path).drafts == {}


@pytest.mark.parametrize("nothing", [None, "", "   "])
def test_nothing_typed_clears_a_draft(dialog: Dialog, tmp_path: Path, nothing: Any) -> None:
    conversation = at_partners(dialog, tmp_path)
    conversation.answer(PARTNERS)
    conversation.keep_draft("welcome.idea", "Share")
    conversation.keep_draft("welcome.idea", nothing)
    assert load_session(tmp_path).drafts == {}


def test_a_partner_list_with_nothing_typed_is_no_draft(dialog: Dialog, tmp_path: Path) -> None:
    conversation = at_partners(dialog, tmp_path)
    conversation.keep_draft("welcome.partners", {"partners": [], "typed": "", "sector": ""})
    assert load_session(tmp_path).drafts == {}


@pytest.mark.parametrize(
    "drafts",
    [
        5,
        "text",
        ["welcome.idea"],
        {"welcome.idea": 5},
        {"welcome.idea": ["a"]},
        {"welcome.partners": "County"},
        {"welcome.partners": {"partners": [{"name": 5}], "typed": ""}},
        {"welcome.partners": {"partners": "x"}},
        {"welcome.idea": "x" * 2_001},
        {"welcome.idea": "\ud800 lone surrogate"},
        {"no.such_step": "typed"},
    ],
)
def test_a_damaged_draft_is_dropped_and_the_session_opens(
    dialog: Dialog, tmp_path: Path, drafts: Any
) -> None:
    conversation = at_partners(dialog, tmp_path)
    conversation.answer(PARTNERS)
    path = tmp_path / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["drafts"] = drafts
    path.write_text(json.dumps(data), encoding="utf-8")
    resumed, _ = resume_in(dialog, load_session(tmp_path), tmp_path)
    assert resumed.current is not None and resumed.current.id == "welcome.idea"
    for step in ("welcome.idea", "welcome.partners", "no.such_step"):
        assert resumed.draft_of(step) is None
    resumed.answer("Share a nurse")  # and it saves, whatever the draft held
    assert load_session(tmp_path).answers["welcome.idea"] == "Share a nurse"


def test_a_session_saved_before_drafts_existed_opens(dialog: Dialog, tmp_path: Path) -> None:
    conversation = at_partners(dialog, tmp_path)
    path = tmp_path / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["drafts"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_session(tmp_path).drafts == {}
    assert conversation.current is not None
