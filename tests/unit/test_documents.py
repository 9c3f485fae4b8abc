"""The document model's three formats: typed text adds no structure and creates no link.

Markdown is checked in both renderers the notes meet: cmark-gfm (GitHub's, with its
extended autolinks) and markdown-it. The text a reader sees is compared with the
HTML format's, which only escapes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.document import (
    BulletList,
    Document,
    ListItem,
    Span,
    clean,
    inline,
    muted,
    strong,
)
from srs_advisor.notes.html import render_html
from srs_advisor.notes.markdown import escape_block, render_markdown
from srs_advisor.notes.transcript import render_transcript

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"

BLOCK_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "table", "thead", "tbody", "tr",
    "th", "td", "blockquote", "hr",
}  # fmt: skip
PHRASING = {"strong", "em", "code", "br", "span"}


class Reader(HTMLParser):
    """The block tags of an HTML fragment, every other tag, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.others: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.blocks.append(tag)
            self.text.append(" ")
        elif tag not in PHRASING:
            self.others.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


def words(text: str) -> str:
    return " ".join(text.split())


def cmark(markdown: str) -> str:
    return str(cmarkgfm.github_flavored_markdown_to_html(markdown))


MARKDOWN_IT = MarkdownIt("gfm-like", {"html": False, "linkify": False})


def sample(typed: str) -> Document:
    """A document with `typed` in every place where the notes put what a user typed."""
    document = Document("Notes")
    document.heading(2, "Question ", Span(typed), new_page=True)
    document.paragraph(strong("Answer:"), " ", Span(typed))
    document.bullets(
        [
            ListItem(
                (strong("Partner " + typed.strip() + ":"), Span(" " + typed)),
                BulletList((ListItem(inline("Nested ", typed)),)),
            ),
            inline(muted("no answer")),
        ]
    )
    document.bullets([inline(typed, " second list")])  # right after another list
    document.table(["What", "Who"], [(inline("Item ", typed), inline("by ", typed))])
    document.note("Note ", typed)
    document.footer = inline("Session ", typed)
    return document


def body_text(html: str) -> str:
    reader = read(html.split("<main>", 1)[1] if "<main>" in html else html)
    return words("".join(reader.text))


def check(typed: str) -> None:
    plain = render_markdown(sample("plain words"))
    markdown = render_markdown(sample(typed))
    expected = body_text(render_html(sample(typed)))
    for render in (cmark, MARKDOWN_IT.render):
        shown = read(render(markdown))
        assert shown.blocks == read(render(plain)).blocks, (typed, markdown)
        assert shown.others == [], (typed, markdown)  # no <a>, <img>, <script> ...
        assert words("".join(shown.text)) == expected, (typed, markdown)


PIECES = [
    "http://example.org", "https://x.org/a_b", "www.example.org", "WWW.Example.org",
    "dana@county.gov", "mailto:a@b.co", "xmpp:a@b.c/d", "<http://example.org>",
    "<dana@county.gov>", "[x](http://e.org)", "![i](x.png)", "# ", "## h", "- ", "* ", "+ ",
    "1. ", "2) ", "> ", "| a | b |", "---", "===", "```", "~~~", "~~s~~", "**b**", "_e_",
    "`c`", "<b>", "<script>alert(1)</script>", "&amp;", "&#58;", "\\", "\\\\", "\n", "\r\n",
    "\r", "\n\n", "\t", "    ", "\x00", "\x1b[31m", "\x1b]52;c;eA==\x07", "\x85", "\u202e",
    "\u2066", "\u200b", "\u00a0", "\ud800", "[ ] task", "[^1]", "$x$", "{ MERGEFIELD x }",
    "=cmd|' /C calc'!A0", '"quoted"', "'", "a_b_c", "*", "_", ":", "@", ".",
]  # fmt: skip
TYPED = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), min_size=1, max_size=8
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TYPED)
def test_typed_text_keeps_the_structure_and_shows_as_typed(typed: str) -> None:
    check(typed)


def test_typed_addresses_create_no_link_and_show_without_a_backslash() -> None:
    for typed in (
        "See http://example.org, www.example.org or <http://example.org>.",
        "Write to dana@county.gov or mailto:sam@hospital.org",
        "a/b@c.org, x@y, http://user@host.org/path and " + "x@" * 50 + "x.org",
        "ab.c@" * 40,
    ):
        check(typed)
        for render in (cmark, MARKDOWN_IT.render):
            html = render(escape_block(typed))
            assert "<a" not in html and "\\" not in html, html
            assert words("".join(read(html).text)) == typed


def test_control_characters_are_shown_not_sent() -> None:
    assert clean("a\x1b[2Jb\x00c\x7fd\x9be\ud800") == "a\u241b[2Jb\u2400c\u2421d\ufffde\ufffd"
    assert clean("one\r\ntwo\rthree\u2028four") == "one\ntwo\nthree\nfour"
    assert clean("\u202eevil\u202c") == "\u202eevil\u202c"  # bidi marks stay as typed


@pytest.fixture(scope="module")
def finished(dialog: Dialog) -> Conversation:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    return conversation


def with_typed(conversation: Conversation, typed: str) -> Conversation:
    """The finished example, `typed` in every kind of answer a user types."""
    copy = Conversation(conversation.dialog, conversation.session.model_copy(deep=True))
    answers = copy.session.answers
    first = answers["welcome.partners"][0]["name"]
    name = "P " + typed
    answers["welcome.partners"][0]["name"] = name
    for step in copy.dialog.steps:
        value = answers.get(step.id)
        if step.kind == "per-partner" and isinstance(value, dict):
            answers[step.id] = {(name if k == first else k): typed for k in value}
    answers["welcome.idea"] = typed
    answers["purpose.problem"] = typed + "\n" + typed
    answers["welcome.meeting"] = {"place": typed}
    answers["formalization.align"] = [{"what": typed, "who": typed, "when": typed}]
    copy.session.level_reason = typed
    return copy


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TYPED)
def test_typed_text_keeps_the_notes_structure(finished: Conversation, typed: str) -> None:
    # An empty answer changes the notes as it should (an item with no owner is called out).
    assume(clean(typed).strip())
    # The same text with every visible character an x: the same lines, the same length.
    plain = render_transcript(with_typed(finished, re.sub(r"\S", "x", clean(typed))))
    markdown = render_transcript(with_typed(finished, typed))
    expected = words(clean(typed))
    for render in (cmark, MARKDOWN_IT.render):
        shown = read(render(markdown))
        assert shown.blocks == read(render(plain)).blocks, (typed, markdown)
        assert shown.others == [], typed
        assert expected in words("".join(shown.text)), typed
