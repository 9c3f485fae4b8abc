"""A check-in of the shipped example, saved: its notes open with every change, and the
earlier session's files are untouched, byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from checkins import CHECKED, EXAMPLE, start, walk

from srs_advisor.cli import run
from srs_advisor.dialog import Dialog
from srs_advisor.engine.checkin import NEW_ITEMS, date_step, item_step
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.changes import HEADING
from srs_advisor.notes.export import export
from srs_advisor.notes.plain import answer_text
from srs_advisor.store.checkins import check_in

NEW_ITEM = {"what": "Call the board <b>[soon]</b> | #1", "who": "Rev. Cruz [lead]", "when": ""}
CHANGES: dict[str, Any] = {
    item_step(1): "done",
    item_step(2): "late",
    date_step(2): "June 30, 2027",
    item_step(3): "dropped",
    item_step(4): "open",  # due February 28: overdue by March 20
    item_step(5): None,  # not reviewed
    item_step(6): "open",  # due April 1: not yet
    NEW_ITEMS: [NEW_ITEM],
    "welcome.participants": "Dana Lee\nRev. Ana Cruz\nLee Wong, finance [new]",
    "readiness.objectives": "partly",
    "readiness.off_table": "No change to who employs the staff. No new [hires].",
    "readiness.trust": "partly",
    "readiness.objectives_review": "At every quarterly meeting",
    "scope.orientation": "PARK",
    "formality.risk": "low",
    "formality.trust": "building",
    "formality.level": "semi-formal",
    "summary.next_steps": "Meet again on June 20.",
}


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by relative path, with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def first_section(notes: str) -> str:
    """The notes' first section: from the first `## ` heading to the next."""
    headings = [m.start() for m in re.finditer(r"^## ", notes, re.MULTILINE)]
    assert len(headings) >= 2
    return notes[headings[0] : headings[1]]


def saved_checkin(tmp_path: Path, dialog: Dialog) -> tuple[Path, Path, Conversation]:
    """The example replayed into `first/`, and a check-in on it with `CHANGES`, saved."""
    sessions = tmp_path / "sessions"
    first = sessions / "first"
    assert run(["replay", str(EXAMPLE), "--out", str(first)]) == 0
    data = json.loads((first / "session.json").read_text(encoding="utf-8"))
    data["created"] = "2026-11-20T15:00:00Z"  # the example's dates have no year: set it
    (first / "session.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = digests(first)
    checkin = check_in(dialog, first, sessions, CHECKED)
    walk(checkin, CHANGES)
    assert digests(first) == before
    folder = next(p for p in sessions.iterdir() if p.name != "first")
    return first, folder, checkin


def test_the_notes_first_section_lists_every_change(tmp_path: Path, dialog: Dialog) -> None:
    first, folder, _ = saved_checkin(tmp_path, dialog)
    notes = (folder / "transcript.md").read_text(encoding="utf-8")
    section = first_section(notes)
    assert section.startswith(f"## {HEADING}\n")
    flat = " ".join(section.replace("\\", "").replace("*", "").split())  # the words, as read

    # Every answer that differs from the earlier session's, found from the two files.
    before = json.loads((first / "session.json").read_text(encoding="utf-8"))
    after = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    changed = [
        step_id
        for step_id in {*before["answers"], *after["answers"]}
        if dialog.has_step(step_id)
        and before["answers"].get(step_id) != after["answers"].get(step_id)
    ]
    changed += [s for s in before["parked"] if s not in after["parked"]]
    assert len(changed) == 10
    for step_id in changed:
        step = dialog.step(step_id)
        if step.kind == "level":
            continue  # said as the level chosen then and now: see below
        assert step.title in flat, step_id
        now = after["answers"].get(step_id)
        if now is not None:
            said = " ".join(answer_text(dialog, step, now).split())
            assert said in flat, step_id

    # The level: from Formal to Semi-formal, moved by the risk answer alone.
    assert "Recommended: Formal at the last meeting, Semi-formal now: the recommendation moved" in (
        flat
    )
    moved = flat.index("The answers that moved it:")
    assert flat.index("Risk:", moved) < flat.index("Other formality answers", moved)
    assert "Chosen: Formal at the last meeting; Semi-formal now." in flat
    # The action items: done, late with the new date, dropped, overdue against the date.
    for line in (
        "| 1 | Write a one-page statement of purpose and scope | Dana Lee |",
        "| **Late**, **overdue**: new date June 30, 2027 |",
        "| Dropped |",
    ):
        assert line in section.replace("\\", ""), line
    assert "Done: item 1 (Write a one-page statement of purpose and scope)." in flat
    assert "Late: item 2 (Brief the hospital board and the board of health)" in flat
    assert (
        "Overdue: items 2 (Brief the hospital board and the board of health), 4 (Agree how "
        "the worker's salary is split) and 5 (Check liability cover for home visits): not "
        "done, and their date passed before this check-in's date, March 20, 2027." in flat
    )
    assert "| Open |" in section  # item 6, due April 1: not yet
    assert "Not reviewed*, **overdue**" in section  # item 5
    assert "Call the board <b>[soon]</b> | #1" in flat  # the new item, as typed
    # New gaps: the two prerequisites answered "partly" now.
    assert "New gap: Clarify your objectives" in flat and "New gap: Build trust" in flat
    # The parking lot: one answered, one parked again.
    assert "Reviewing objectives: was on the parking lot; now At every quarterly meeting" in flat
    # The chain, in order.
    chain = flat.index("First meeting:")
    assert chain < flat.index(f"Check-in 1: Saturday, March 20, 2027 (session {folder.name}")
    assert f"(session {before['id']})" in flat


def test_markdown_html_and_word_say_the_same_first(tmp_path: Path, dialog: Dialog) -> None:
    _, _, checkin = saved_checkin(tmp_path, dialog)
    html = export(checkin, "notes", "html").data.decode("utf-8")
    assert html.index(HEADING) < html.index("In brief")
    assert "Call the board &lt;b&gt;[soon]&lt;/b&gt; | #1" in html  # text, never markup
    with zipfile.ZipFile(io.BytesIO(export(checkin, "notes", "docx").data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    words = re.sub(r"<[^>]+>", "", xml)
    assert words.index(HEADING) < words.index("In brief")
    assert "Call the board &lt;b&gt;[soon]&lt;/b&gt; | #1" in words
    assert "The answers that moved it:" in words and "New gap: Build trust" in words
    markdown = export(checkin, "notes", "md").data.decode("utf-8")
    assert markdown.index(HEADING) < markdown.index("In brief")


def test_a_meeting_of_its_own_has_no_such_section(tmp_path: Path) -> None:
    assert run(["replay", str(EXAMPLE), "--out", str(tmp_path)]) == 0
    notes = (tmp_path / "transcript.md").read_text(encoding="utf-8")
    assert HEADING not in notes and "check-in" not in notes.lower()


def test_the_notes_of_a_checkin_under_way_say_what_is_still_to_come(dialog: Dialog) -> None:
    checkin = start(dialog)
    walk(checkin, {item_step(1): "done", item_step(2): "dropped"}, to=item_step(3))
    section = first_section(export(checkin, "notes", "md").data.decode("utf-8"))
    flat = " ".join(section.replace("*", "").split())
    assert "This check-in is still under way: here is what changed so far." in flat
    assert "1 done, 1 dropped, 4 still to come." in flat
    assert "| Still to come at this check-in |" in section.replace("*", "")
    assert "Still to come at this check-in. At the last meeting: Formal recommended" in flat
    assert "New action items: still to come at this check-in." in flat
    assert "No decision changed" in flat  # so far
