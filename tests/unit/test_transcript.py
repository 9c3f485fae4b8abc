"""The transcript: meeting notes that match the answers, and that typed text cannot break."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from srs_advisor.cli import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.markdown import escape_block, escape_line
from srs_advisor.notes.transcript import render_transcript

GOLDEN = Path(__file__).parent.parent / "data" / "golden" / "transcript.md"
EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"


def fixed(conversation: Conversation) -> Conversation:
    """The conversation with the id and date a golden file can hold."""
    conversation.session.id = "golden"
    conversation.session.created = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    return conversation


def test_the_example_transcript_matches_the_golden_file(dialog: Dialog) -> None:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, unused = replay(dialog, answers, parked)
    assert unused == []
    text = render_transcript(fixed(conversation))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_notes_hold_what_meeting_notes_need(dialog: Dialog) -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    for part in (
        "# Service and resource sharing plan: meeting notes",
        "- **Date:** 15 January 2026",
        "## At a glance",
        "### People in the room",
        "| Riverside General Hospital | Health care |",
        "## Readiness gaps",
        "**Recommended: Formal.** Why:",
        "It would come down to Semi-formal only if all of these changed:",
        "**Chosen: Formal.**",
        "| 1 | Write a one-page statement of purpose and scope | Dana Lee | 15 January |",
        "## Parking lot",
        "- How will you orient new partners and new staff to the arrangement? (Scope)",
    ):
        assert part in text, part
    # A step left out of the answer file is marked as not discussed, in its place.
    assert "### Reviewing objectives\n\n*How often" in text


NASTY = [
    "# Not a heading",
    "| not | a | table |",
    "```python",
    "<script>alert('x')</script> and <b>bold</b>",
    "- not a list",
    "1. not a list either",
    "***not emphasis***",
    "[not a link](http://example.com)",
    "&amp; stays as typed",
    "> not a quote",
    "===",
    "back\\slash",
]


def tokens(markdown: str) -> list[Any]:
    return MarkdownIt("commonmark").parse(markdown)


def test_typed_text_shows_as_typed_and_adds_no_structure() -> None:
    for line in NASTY:
        parsed = tokens(escape_line(line))
        kinds = [t.type for t in parsed]
        assert kinds == ["paragraph_open", "inline", "paragraph_close"], (line, kinds)
        inline = parsed[1].children or []
        assert [c.type for c in inline] == ["text"], (line, inline)
        assert inline[0].content == line


def test_a_block_of_typed_lines_keeps_its_lines_and_nothing_else() -> None:
    block = escape_block("\n".join(NASTY))
    parsed = tokens(block)
    assert [t.type for t in parsed] == ["paragraph_open", "inline", "paragraph_close"]
    texts = [c.content for c in parsed[1].children or [] if c.type == "text"]
    assert texts == NASTY


def test_a_nasty_answer_in_the_notes_leaves_the_outline_intact(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    conversation.answer()
    conversation.answer("\n".join(NASTY))
    conversation.answer([{"name": "# | `A` <i>", "sector": "school"}])
    headings = [t for t in tokens(render_transcript(conversation)) if t.type == "heading_open"]
    assert len(headings) == 6  # title, at a glance, welcome, two questions, parking lot
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    html = markdown.render(render_transcript(conversation))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<td># | `A` &lt;i&gt;</td>" in html


def test_an_unfinished_conversation_says_where_it_is(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    conversation.answer()
    text = render_transcript(conversation)
    assert "- **Status:** in progress, at Welcome: People in the room" in text
    assert "### People in the room" not in text  # not reached yet, so not in the notes


def test_the_notes_say_why_there_is_no_recommendation_yet(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    answers = {k: v for k, v in example_answers.items() if k != "formality.level"}
    conversation, _ = replay(dialog, answers, ["formality.risk", "formality.trust"])
    text = render_transcript(conversation)
    assert "**No recommendation yet:** these factors are on the parking lot: risk, trust." in text
    assert "**Chosen:** not yet chosen." in text
