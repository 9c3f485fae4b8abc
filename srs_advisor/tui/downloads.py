"""Handing a document over to the user: a download in a browser, a file in a terminal.

Served in a browser (`srs-advisor serve`), the app runs on the server: a file it writes
lands there, not with the user. Textual's delivery sends it to the browser instead,
which opens it with `window.open`; a browser lets a page do that only right after a
key press or a click, so a delivery must start from the key's or the click's handler,
never later.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from platformdirs import user_downloads_path
from textual import events

from ..engine.conversation import Conversation
from ..notes.export import export
from ..store import session_text

if TYPE_CHECKING:
    from .app import AdvisorApp


class Document(NamedTuple):
    """A file to hand over: its name, its bytes and its MIME type."""

    filename: str
    data: bytes
    mime: str


def document_file(conversation: Conversation, what: str, fmt: str) -> Document:
    """The notes or the draft agreement in `fmt`, as a file named after the session.

    The file is `notes.export.export`'s: the same bytes `srs-advisor export` writes.
    """
    exported = export(conversation, what, fmt)
    # Only letters, digits and dashes: the browser gets the name in a header, unquoted.
    name = f"srs-advisor-{what}-{conversation.session.id}.{fmt}"
    return Document(name, exported.data, exported.mime)


def notes_file(conversation: Conversation) -> Document:
    """The meeting notes, as a Markdown file named after the session."""
    return document_file(conversation, "notes", "md")


def session_file(conversation: Conversation) -> Document:
    """The session as `session.json` holds it (with what is not saved yet), to keep."""
    data = session_text(conversation.session).encode("utf-8")
    return Document(f"srs-advisor-session-{conversation.session.id}.json", data, "application/json")


class Offer(NamedTuple):
    """A document the app offers to download: its command's title and help, and its maker."""

    title: str
    help: str
    make: Callable[[Conversation], Document]


def _offer(title: str, help_text: str, what: str, fmt: str) -> Offer:
    return Offer(title, help_text, lambda conversation: document_file(conversation, what, fmt))


OFFERS: tuple[Offer, ...] = (
    Offer("Download the notes", "The meeting notes, as Markdown", notes_file),
    _offer("Download the notes as HTML", "One page that prints well", "notes", "html"),
    _offer("Download the notes as Word", "A .docx file to edit", "notes", "docx"),
    _offer(
        "Download the draft agreement",
        "An outline at the level chosen (or recommended), as Markdown, for the partners and "
        "their counsel",
        "agreement",
        "md",
    ),
    _offer(
        "Download the draft agreement as HTML", "One page that prints well", "agreement", "html"
    ),
    _offer(
        "Download the draft agreement as Word",
        "A .docx file for the partners' legal and contracts staff to edit",
        "agreement",
        "docx",
    ),
)
"""What the command palette offers to download; the first is also F6's."""


def deliver(app: AdvisorApp, document: Document, *, view: bool = False) -> None:
    """Start handing `document` over, now: a download in a browser, else a new file.

    With `view`, a browser shows it in a new tab instead of saving it (an HTML page).

    In a browser, `delivered` or `not_delivered` says how it went. In a terminal the file
    is written to the downloads folder under a name not yet taken, and the user is told
    where. (Textual's own delivery in a terminal would write over a file of the same name,
    and in 8.2.8 it cannot write bytes.)
    """
    if app.is_web:
        key = app.deliver_binary(
            io.BytesIO(document.data),
            save_filename=document.filename,
            mime_type=document.mime,
            open_method="browser" if view else "download",
        )
        if key is not None:
            app.deliveries[key] = document.filename
        return
    folder = user_downloads_path()
    try:
        path = _write_new(folder, document)
    except OSError as error:
        app.notify(
            f"{document.filename} could not be saved in {folder}: {error.strerror or error}. "
            "The session is saved; try again, or save the notes to another path (F9).",
            severity="error",
            timeout=12,
            markup=False,
        )
        return
    app.notify(f"Saved to {path}", timeout=10, markup=False)


def _write_new(folder: Path, document: Document) -> Path:
    """Write `document` into `folder` under its name, or `name (2)`... if that is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = Path(document.filename).stem, Path(document.filename).suffix
    for number in range(1, 1000):
        name = document.filename if number == 1 else f"{stem} ({number}){suffix}"
        try:
            with open(folder / name, "xb") as file:  # "x": never replaces a file
                try:
                    file.write(document.data)
                    file.flush()
                except OSError:
                    (folder / name).unlink(missing_ok=True)  # no half file left behind
                    raise
        except FileExistsError:
            continue
        return folder / name
    raise FileExistsError(f"{folder} already holds {document.filename} and 998 more like it")


def delivered(app: AdvisorApp, event: events.DeliveryComplete) -> None:
    """The browser took the file: say so (it is in the browser's downloads)."""
    filename = app.deliveries.pop(event.key, None)
    if filename is not None:
        app.notify(f"Downloaded {filename}", timeout=8, markup=False)


def not_delivered(app: AdvisorApp, event: events.DeliveryFailed) -> None:
    """The file did not reach the browser: say so, and that nothing else is lost."""
    filename = app.deliveries.pop(event.key, None)
    if filename is not None:
        app.notify(
            f"{filename} could not be downloaded: {event.exception}. The session is saved; "
            "try again.",
            severity="error",
            timeout=12,
            markup=False,
        )
