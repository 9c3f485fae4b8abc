"""Whatever a user types or pastes: kept exactly, never run, never sent raw to a terminal.

Property tests (hypothesis) over any Unicode, control and bidi characters, escape
sequences, Textual and Rich markup, Markdown and HTML, and very long text. The notes'
Markdown structure is tested with the notes (tests/unit); here: the engine keeps what it
is given as its cleaning rule says, a session round-trips exactly through its file,
nothing written to a terminal or a screen carries a raw control character, and typed
text shows on screen as typed.
"""

from __future__ import annotations

import asyncio
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keys import chat_says, until
from textual import events
from textual.widgets import Input
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.answers import MAX_TEXT, AnswerError, clean_text, parse_answer
from srs_advisor.engine.conversation import Conversation
from srs_advisor.engine.session import Session
from srs_advisor.resources import content_dir
from srs_advisor.store import load_session, save_session
from srs_advisor.store.keeper import keep
from srs_advisor.terminal import BIDI_CONTROLS, safe
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.shown import pictured, visible

FRAGMENTS = [
    "[b]",
    "[/b]",
    "[/]",
    "[@click=app.quit]",
    "[link='https://example.org']",
    "[$accent]",
    "**bold**",
    "<script>alert(1)</script>",
    "&amp;",
    "[x](https://example.org)",
    "<http://example.org>",
    "# ",
    "- ",
    "`code`",
    "\x1b[31m",
    "\x1b]52;c;aGk=\x07",
    "\x1b]2;title\x1b\\",
    "\x9b2J",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200f",
    "\r\n",
    "\r",
    "\t",
    "\u2028",
    "\x00",
    "\x7f",
]

typed = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS)), max_size=12).map(
    "".join
)
"""What a user may type or paste: any text, with markup, controls and escapes mixed in."""

long_text = st.builds(
    lambda c, n: c * n, st.sampled_from(["x", "é ", "\x1b", " \n"]), st.integers(0, 45_000)
)


def cleaned_by_the_rule(text: str, *, multiline: bool) -> str:
    """The engine's cleaning rule, written out plainly: what it must keep of `text`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    kept = []
    for char in text:
        if char == "\n":
            kept.append("\n" if multiline else " ")
        elif unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029":
            continue
        else:
            kept.append(char)
    return "\n".join(line.rstrip() for line in "".join(kept).split("\n")).strip()


def escaped(text: str, *, keep_newlines: bool) -> str:
    """Text as a terminal or a screen must show it: each hidden character as an escape."""
    out = []
    for char in text:
        hidden = unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS
        if char == "\n" and keep_newlines:
            out.append(char)
        elif hidden:
            out.append(f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def raw_control(text: str, *, newlines: bool = False) -> bool:
    """Whether `text` holds a character a terminal would act on, or that hides or reorders."""
    return any(
        (unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI_CONTROLS)
        and not (newlines and c == "\n")
        for c in text
    )


@given(typed)
@settings(max_examples=300)
def test_the_engine_keeps_what_its_rule_says(text: str) -> None:
    for multiline in (False, True):
        assert clean_text(text, multiline=multiline) == cleaned_by_the_rule(
            text, multiline=multiline
        )


@given(long_text)
@settings(max_examples=40, deadline=None)
def test_very_long_text_is_kept_or_refused_by_its_limit(dialog: Dialog, text: str) -> None:
    step = dialog.step("purpose.problem")
    rule = cleaned_by_the_rule(text, multiline=True)
    try:
        kept = parse_answer(step, text, dialog.meta)
    except AnswerError as error:
        assert len(rule) > MAX_TEXT or len(text) > 2 * MAX_TEXT or not rule, error
    else:
        assert kept == rule and len(kept) <= MAX_TEXT


@given(answer=typed, name=typed.filter(lambda t: "\ud800" not in t))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_session_file_round_trips_exactly(tmp_path: Path, answer: str, name: str) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    session = Session(
        id="s",
        dialog_id="srs-advisor",
        dialog_version="2.0",
        created=now,
        updated=now,
        current="purpose.problem",
        answers={
            "purpose.problem": answer.replace("\ud800", ""),  # no lone surrogate: not UTF-8
            "welcome.partners": [{"name": name, "sector": "other", "id": "p1"}],
        },
    )
    with TemporaryDirectory(dir=tmp_path) as folder:
        save_session(Path(folder), session, "notes", expected=None)
        loaded = load_session(Path(folder))
    assert loaded.answers == session.answers


@given(st.lists(typed, min_size=1, max_size=3))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_answers_given_to_the_engine_round_trip_through_its_file(
    dialog: Dialog, tmp_path: Path, texts: list[str]
) -> None:
    with TemporaryDirectory(dir=tmp_path) as name:
        folder = Path(name)
        conversation = keep(Conversation(dialog), folder)
        conversation.answer()
        for text in texts:  # the same question, answered again and again
            try:
                conversation.answer(text)
            except AnswerError:
                assert not cleaned_by_the_rule(text, multiline=False)
                continue
            conversation.back()
        given_answer = conversation.answer_of("welcome.participants")
        assert load_session(folder).answers.get("welcome.participants") == given_answer


@given(typed)
@settings(max_examples=300)
def test_nothing_written_to_a_terminal_or_a_screen_carries_a_raw_control(text: str) -> None:
    assert not raw_control(safe(text))
    assert safe(text) == escaped(text, keep_newlines=False)
    assert not raw_control(visible(text), newlines=True)
    assert visible(text) == escaped(text, keep_newlines=True)
    assert len(pictured(text)) == len(text) and not raw_control(pictured(text).replace("\t", ""))


def first_line(text: str) -> str:
    """What an input keeps of a paste: its first line, as `str.splitlines` cuts it."""
    lines = text.splitlines()
    return lines[0] if lines else text


@given(typed.filter(lambda t: bool(cleaned_by_the_rule(first_line(t), multiline=False))))
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_typed_text_shows_on_screen_as_typed(dialog: Dialog, tmp_path: Path, text: str) -> None:
    asyncio.run(_show_typed(dialog, tmp_path, text))


async def _show_typed(dialog: Dialog, tmp_path: Path, text: str) -> None:
    with TemporaryDirectory(dir=tmp_path) as name:
        conversation = keep(Conversation(dialog), Path(name))
        walk_to(
            conversation, "welcome.idea", {"welcome.partners": [{"name": "A", "sector": "other"}]}
        )
        app = AdvisorApp(dialog, content_dir(), Path(name), conversation)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.focused, Input))
            field = app.focused
            assert isinstance(field, Input)
            field.post_message(events.Paste(text))
            line = first_line(text)
            await until(pilot, lambda: field.value == line)
            await pilot.press("enter")
            await until(pilot, lambda: conversation.answer_of("welcome.idea") is not None)
            stored = conversation.answer_of("welcome.idea")
            assert stored == cleaned_by_the_rule(line, multiline=False)
            await until(pilot, lambda: bool(chat_says(app, "you")))
            assert chat_says(app, "you")[-1] == escaped(stored, keep_newlines=True)  # as typed
            assert app.is_running
