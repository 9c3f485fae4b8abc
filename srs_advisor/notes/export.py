"""Export the meeting notes or the draft agreement as Markdown, HTML or Word.

One entry point for the command line (`srs-advisor export`) and the app (a download):
both ask for a document and a format and get the file's name, bytes and type back.
Every format is rendered from the same document model (`notes.document`), never by
re-parsing Markdown, so what a user typed is text in each.

File names: `meeting-notes.md`, `meeting-notes.html`, `meeting-notes.docx`,
`draft-agreement.md`, `draft-agreement.html`, `draft-agreement.docx`. They differ
from the files the advisor keeps beside a session (`transcript.md`, `agreement.md`),
so an export into the session folder never replaces those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from .agreement import build_agreement
from .document import Document
from .html import render_html
from .markdown import render_markdown
from .transcript import build_notes
from .word import render_docx

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

FORMATS = ("md", "html", "docx")
"""The formats `export` writes."""
WHATS = ("notes", "agreement")
"""The documents `export` writes: the meeting notes, or the draft agreement outline."""

BASENAMES = {"notes": "meeting-notes", "agreement": "draft-agreement"}
"""The file name (without its extension) of each document."""
MIME_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Exported:
    """An exported file: its name, its bytes and its media type."""

    filename: str
    """The file's name, such as `meeting-notes.html` or `draft-agreement.docx`."""
    data: bytes
    mime: str


def build(conversation: Conversation, what: str, zone: tzinfo | None = None) -> Document:
    """The document `what` ("notes" or "agreement") for `conversation`."""
    if what == "notes":
        return build_notes(conversation, zone)
    if what == "agreement":
        return build_agreement(conversation, zone)
    raise ValueError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")


def export(conversation: Conversation, what: str = "notes", fmt: str = "md") -> Exported:
    """The notes or the draft agreement of `conversation`, as a file in `fmt`.

    Args:
        conversation: the conversation (nothing is saved or changed).
        what: "notes" (the meeting notes) or "agreement" (the draft agreement outline).
        fmt: "md" (GitHub-flavored Markdown), "html" (one self-contained page that
            prints well) or "docx" (Word).

    Raises:
        ValueError: `what` or `fmt` is not one of `WHATS` or `FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"cannot export as {fmt!r}: choose one of {', '.join(FORMATS)}")
    document = build(conversation, what)
    if fmt == "md":
        data = render_markdown(document).encode("utf-8")
    elif fmt == "html":
        data = render_html(document).encode("utf-8")
    else:
        data = render_docx(document, when=conversation.session.updated)
    return Exported(filename=f"{BASENAMES[what]}.{fmt}", data=data, mime=MIME_TYPES[fmt])
