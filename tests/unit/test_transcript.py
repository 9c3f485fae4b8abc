"""The transcript: meeting notes that match the answers, and that typed text cannot break."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from walk import walk_to

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.markdown import escape_block, escape_line
from srs_advisor.notes.transcript import render_transcript

GOLDEN = Path(__file__).parent.parent / "data" / "golden"
LEVELS = Path(__file__).parent.parent / "data" / "levels"
EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"
ANSWER_FILES = {
    "transcript.md": EXAMPLE,  # formal
    "notes_informal.md": LEVELS / "informal.toml",
    "notes_semi_formal.md": LEVELS / "semi_formal.toml",
    "notes_stop.md": LEVELS / "stop.toml",
}


def fixed(conversation: Conversation) -> Conversation:
    """The conversation with the id and date a golden file can hold."""
    conversation.session.id = "golden"
    conversation.session.created = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    return conversation


def replayed(dialog: Dialog, path: Path) -> Conversation:
    answers, parked = read_answer_file(path, dialog)
    conversation, unused = replay(dialog, answers, parked)
    assert unused == []
    return fixed(conversation)


def matches_golden(text: str, name: str) -> bool:
    if os.environ.get("UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(text, encoding="utf-8")
    return text == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(ANSWER_FILES))
def test_the_notes_match_the_golden_files(dialog: Dialog, name: str) -> None:
    conversation = replayed(dialog, ANSWER_FILES[name])
    assert matches_golden(render_transcript(conversation, UTC), name)


def first_screen(text: str) -> str:
    """The notes up to the second section: what a reader sees first."""
    return text.split("\n## Each partner's view", 1)[0].split("\n## Readiness gaps", 1)[0]


def test_the_first_screen_says_what_a_director_needs(dialog: Dialog) -> None:
    text = (GOLDEN / "transcript.md").read_text(encoding="utf-8")
    top = first_screen(text)
    assert len(top.splitlines()) < 40
    for part in (
        "- **Date:** Thursday, January 15, 2026, 9:30 AM UTC",
        "- **Place:** Grace Community Church, Room 2",
        "- **Facilitator:** Dana Lee",
        "- **Note-taker:** Sam Ortiz",
        "- **The idea:** Share a community health worker to visit families after a hospital stay.",
        "- **Decision:** Go on planning the arrangement.",
        "- **Level of formality:** Formal (between Semi-formal and Formal) recommended and chosen.",
        "- **Readiness:** 5 gaps, 1 of them a prerequisite to address first",
        "- **Next meeting:** Meet again on January 20 at the church.",
        "| Reviewing objectives | Readiness | On the parking lot. |",
        "| Each partner's expected benefits | Purpose | No answer from Grace Community Church. |",
        "6 items, each with an owner and a date.",
        "| No. | What | Who | By when |",
        "| 4 | Agree how the worker's salary is split | Finance leads | February 28 |",
    ):
        assert part in top, part
    # Decisions, then who does what by when, then what is still open.
    assert top.index("## In brief") < top.index("## Action items") < top.index("## Open questions")
    # The session id and dialog version are in the footer, not in the body.
    assert "golden" not in text.split("\n---\n")[0]
    assert text.rstrip().endswith(
        "Session golden · Service and resource sharing plan, dialog version 3.0 · written by "
        "srs-advisor"
    )
    # The record is an appendix, compact: a short answer beside its question, a long one
    # or a list of names on the same line, the per-partner answers and the action items
    # pointed to where they stand in full.
    record = text.split("## Appendix: the record, question by question", 1)[1]
    assert "- **Scope of work:** Home visits within 7 days of discharge" in record
    assert "- **People in the room:** Dana Lee, epidemiologist" in record
    assert "- **Success for each partner:** *side by side under Each partner's view.*" in record
    assert "- **Address fiscal and legal considerations:** action items 4 and 5" in record
    assert "\n  - " not in record  # no nested list: one line per question


def test_the_notes_call_out_items_without_an_owner_or_a_date(dialog: Dialog) -> None:
    text = (GOLDEN / "notes_informal.md").read_text(encoding="utf-8")
    top = first_screen(text)
    # The first page holds every item, what, who and by when, a missing owner in bold.
    assert "2 items, of which 1 has no owner or no date." in top
    assert "| 1 | Confirm the date, the room and the number of cuffs by e-mail | Lee Park |" in top
    assert "| 2 | Check in after the event on what went well | **no owner** | **no date** |" in top
    # The record points to them rather than repeating them.
    assert text.count("Check in after the event") == 1
    assert "- **Plan implementation and monitoring:** action item 2 (see Action items)." in text


def test_the_partners_answers_side_by_side_say_where_they_differ(dialog: Dialog) -> None:
    text = (GOLDEN / "notes_informal.md").read_text(encoding="utf-8")
    assert "| Hill Valley Schools | Screen 100 adults. | *no answer* |" in text
    assert (
        "- Each partner's goals: the same answer from Hill County Health District and "
        "Hill Valley Schools." in text
    )
    assert "- Success for each partner: no answer from Hill Valley Schools." in text
    assert "The advisor compares these answers only as text" in text  # says what it infers
    # Where every answer differs, a director reads what differs and that the advisor
    # cannot judge whether they conflict (not "the answers given all differ").
    semi = (GOLDEN / "notes_semi_formal.md").read_text(encoding="utf-8")
    assert (
        "- Each partner's goals: the two partners gave two different answers; the advisor "
        "cannot judge whether they conflict." in semi
    )
    assert "all differ" not in semi
    formal = (GOLDEN / "transcript.md").read_text(encoding="utf-8")
    assert (
        "- Each partner's goals: the three partners gave three different answers; the "
        "advisor cannot judge whether they conflict." in formal
    )
    # A question's findings share one line: nothing said twice about the same question.
    assert (
        "- Each partner's expected benefits: no answer from Grace Community Church; the two "
        "partners who answered gave two different answers; the advisor cannot judge whether "
        "they conflict." in formal
    )
    assert formal.count("- Each partner's expected benefits:") == 1


def test_readiness_in_place_says_how_many_factors_that_covers(dialog: Dialog) -> None:
    # Two of the ten success factors were discussed: "every factor discussed is in place"
    # would read as a clean bill of health.
    text = (GOLDEN / "notes_informal.md").read_text(encoding="utf-8")
    top = first_screen(text)
    assert (
        "- **Readiness:** the 2 success factors discussed are in place; 8 were not discussed."
        in top
    )
    assert "The 2 success factors discussed are in place; 8 were not discussed." in text
    semi = first_screen((GOLDEN / "notes_semi_formal.md").read_text(encoding="utf-8"))
    assert (
        "- **Readiness:** 1 gap, a prerequisite to address first; 6 success factors not "
        "discussed (see Readiness gaps)." in semi
    )


def test_a_stop_at_sharing_may_not_be_the_answer_says_so_first(dialog: Dialog) -> None:
    text = (GOLDEN / "notes_stop.md").read_text(encoding="utf-8")
    top = first_screen(text)
    assert (
        "- **Decision:** Stop here for now: sharing may not be the answer. The answers "
        "behind it: Could one agency solve it alone? Yes, one agency could solve it. Less "
        "duplication or burden? No. Would sharing meaningfully help? No." in top
    )
    assert "- **Level of formality:** *not discussed: the partners stopped before it*" in top
    assert "- **Readiness:** *not discussed*" in top
    assert "0 gaps" not in text
    # Why a question is open is a reason, not a count ("1 question not discussed").
    assert "| Readiness | Not discussed: the meeting skipped them. |" in top
    assert "| People in the room | Welcome | Not discussed: the meeting skipped it. |" in top
    assert "question not discussed" not in text and "questions not discussed" not in text
    assert "## Level of formality" not in text


def test_a_decision_passed_by_is_not_discussed_not_yet_to_decide(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    partners = [{"name": "County Health", "sector": "public-health"}]
    walk_to(conversation, "scope.what_and_why", {"welcome.partners": partners})
    assert "- **Decision:** *not discussed*" in render_transcript(conversation)
    early = walk_to(Conversation(dialog), "purpose.problem", {"welcome.partners": partners})
    assert "- **Decision:** *not yet decided*" in render_transcript(early)


def test_a_level_still_to_come_is_not_yet_decided(dialog: Dialog) -> None:
    # Exported mid-way, at the formality questions: the level is under way, not skipped.
    partners = [{"name": "County Health", "sector": "public-health"}]
    answers = {
        "welcome.partners": partners,
        "formality.duration": "ongoing",
        "formality.scope": "broad",
        "formality.trust": "building",
    }
    text = render_transcript(walk_to(Conversation(dialog), "formality.risk", answers))
    assert "- **Status:** in progress, at Formality: Risk" in text
    assert "- **Level of formality:** *not yet decided*" in text


def test_readiness_never_reached_is_not_discussed_not_zero_gaps(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    conversation.answer()
    text = render_transcript(conversation)
    assert "- **Readiness:** *not discussed*" in text
    assert "gaps" not in text.split("## Readiness gaps")[0].lower().replace("readiness gaps)", "")


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
    plain = Conversation(dialog)
    plain.answer()
    plain.answer("\n".join("plain words" for _ in NASTY))
    plain.answer([{"name": "Plain name", "sector": "school"}])
    markdown = MarkdownIt("gfm-like", {"html": False, "linkify": False})

    def outline(text: str) -> list[str]:
        return [t.type for t in markdown.parse(text) if t.type.endswith("_open")]

    assert outline(render_transcript(conversation)) == outline(render_transcript(plain))
    html = markdown.render(render_transcript(conversation))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<li><strong>Partners:</strong> # | `A` &lt;i&gt; (School)</li>" in html


def test_an_unfinished_conversation_says_where_it_is(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    conversation.answer()
    text = render_transcript(conversation)
    assert "- **Status:** in progress, at Welcome: People in the room" in text
    assert "**People in the room:**" not in text  # not reached yet, so not in the notes


def test_the_notes_say_why_there_is_no_recommendation_yet(
    dialog: Dialog, example_answers: dict[str, Any]
) -> None:
    answers = {k: v for k, v in example_answers.items() if k != "formality.level"}
    conversation, _ = replay(dialog, answers, ["formality.risk", "formality.trust"])
    text = render_transcript(conversation)
    assert "**No recommendation yet:** these factors are on the parking lot: risk, trust." in text
    assert "**Chosen:** not yet chosen." in text


def test_the_end_screen_summary_says_readiness_was_not_discussed(dialog: Dialog) -> None:
    from srs_advisor.tui.screens.notes import summary_text

    stopped = replayed(dialog, ANSWER_FILES["notes_stop.md"])
    assert "Readiness: not discussed." in summary_text(stopped)
    assert "The partners stopped: sharing may not be the answer for now." in summary_text(stopped)
    finished = replayed(dialog, EXAMPLE)
    assert "Readiness: 5 gaps." in summary_text(finished)


def test_an_action_item_s_when_is_labeled_never_composed_into_a_phrase(dialog: Dialog) -> None:
    # "When" is typed freely: "(Lee, by Monthly from May)" is no English.
    from srs_advisor.engine.answers import ActionItem
    from srs_advisor.notes.plain import answer_text
    from srs_advisor.notes.record import item_spans

    step = dialog.step("formalization.monitoring")
    items = [
        {"what": "Review the dashboard", "who": "Dana Lee", "when": "Monthly from May"},
        {"what": "Collect feedback", "who": "", "when": ""},
    ]
    assert answer_text(dialog, step, items) == (
        "Review the dashboard (who: Dana Lee; when: Monthly from May)\n"
        "Collect feedback (who: to be named; when: to be set)"
    )
    spans = item_spans(ActionItem(what="Review the dashboard", when="Monthly from May"))
    assert "".join(s.text for s in spans) == (
        "Review the dashboard (who: no owner; when: Monthly from May)"
    )
    assert [s.text for s in spans if s.style == "strong"] == ["no owner"]
