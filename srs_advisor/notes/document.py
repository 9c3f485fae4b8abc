"""A document model for what the advisor writes for people: the notes and the agreement.

The notes and the draft agreement are written in three formats (Markdown, HTML and
Word). Building each format from one model, rather than re-parsing Markdown text,
keeps what a user typed as text in every format by construction: it lives only in
`Span.text`, which each renderer escapes in its own way, and never in markup.
The model is plain data: no Textual, no Markdown, no HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["plain", "strong", "emphasis", "muted", "placeholder"]
"""How a span is set: `muted` is for the advisor's own remarks (not discussed, no answer);
`placeholder` for what a reader must fill in ("To be agreed"), set in brackets and, where
the format allows, highlighted, so that no one can miss it."""


@dataclass(frozen=True)
class Span:
    """A run of text in one style. A newline in `text` is a line break."""

    text: str
    style: Style = "plain"


Inline = tuple[Span, ...]
"""A line of spans, as a paragraph, a list item or a table cell holds."""


@dataclass(frozen=True)
class Heading:
    """A heading; `new_page` asks printed formats to start it on a new page.

    Printed formats break pages only there: a section that merely follows another
    flows on, so no page holds a stray row or a footer alone.
    """

    level: int
    spans: Inline
    new_page: bool = False
    number: str | None = None
    """A section's number ("3"): Markdown and HTML write it before the text, Word numbers
    the heading with its own numbering, so that a section added in Word renumbers."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of spans."""

    spans: Inline


@dataclass(frozen=True)
class ListItem:
    """One item of a bullet list, with an optional list nested under it."""

    spans: Inline
    children: BulletList | None = None


@dataclass(frozen=True)
class BulletList:
    """A bullet list; a `compact` one (a record for reference) is set small and tight."""

    items: tuple[ListItem, ...]
    compact: bool = False


@dataclass(frozen=True)
class Table:
    """A table: a header row and rows of cells, each cell a line of spans."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    signing: bool = False
    """A table to sign on paper: its rows are tall enough to write a signature in."""


@dataclass(frozen=True)
class Note:
    """A callout set apart from the text: a caution, or where a document comes from."""

    spans: Inline


Block = Heading | Paragraph | BulletList | Table | Note


@dataclass
class Document:
    """A document: a title, its blocks in order, and a footer line."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    footer: Inline = ()

    def heading(
        self, level: int, *spans: Span | str, new_page: bool = False, number: str | None = None
    ) -> None:
        """Add a heading (with `new_page`, printed on a new page; with `number`, numbered)."""
        self.blocks.append(Heading(level, inline(*spans), new_page=new_page, number=number))

    def paragraph(self, *spans: Span | str) -> None:
        """Add a paragraph."""
        self.blocks.append(Paragraph(inline(*spans)))

    def bullets(self, items: Iterable[Inline | ListItem], *, compact: bool = False) -> None:
        """Add a bullet list (set small and tight if `compact`); empty lists are left out."""
        made = tuple(i if isinstance(i, ListItem) else ListItem(i) for i in items)
        if made:
            self.blocks.append(BulletList(made, compact=compact))

    def table(
        self, header: Iterable[str], rows: Iterable[Iterable[Inline]], *, signing: bool = False
    ) -> None:
        """Add a table (with `signing`, rows tall enough to sign in)."""
        self.blocks.append(Table(tuple(header), tuple(tuple(r) for r in rows), signing=signing))

    def note(self, *spans: Span | str) -> None:
        """Add a callout."""
        self.blocks.append(Note(inline(*spans)))


def inline(*spans: Span | str) -> Inline:
    """Spans from spans or plain strings; empty ones dropped."""
    made = (Span(s) if isinstance(s, str) else s for s in spans)
    return tuple(s for s in made if s.text)


def strong(text: str) -> Span:
    """A strong span."""
    return Span(text, "strong")


def emphasis(text: str) -> Span:
    """An emphasized span."""
    return Span(text, "emphasis")


def placeholder(text: str) -> Span:
    """What a reader must fill in: shown in brackets, highlighted where the format can."""
    return Span(text, "placeholder")


def muted(text: str) -> Span:
    """A muted span: the advisor's remark rather than anyone's answer."""
    return Span(text, "muted")


_LINE_ENDS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ ␛ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(text: str) -> str:
    """User text as the documents show it, in every format.

    Line endings become newlines; control characters (other than tab and newline)
    are shown as their Unicode control pictures (ESC as ␛), or as U+FFFD where they
    have none, so nothing typed can reach a reader's terminal or break a file format
    (XML cannot hold them); lone surrogates become U+FFFD. Bidi marks and every other
    character stay as typed.
    """
    return _UNSHOWABLE.sub(_picture, _LINE_ENDS.sub("\n", text))
