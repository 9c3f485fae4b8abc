"""Another window took the session over: this one turns read-only, and loses nothing.

The window that took over saves from then on (`engine.session.SessionLock`). This one
sees it on a timer or at its next save, stops saving, and offers what it held that the
saved session does not (answers refused, what was typed into the input) as a file: a
download in a browser, a new file in the downloads folder in a terminal.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...engine.conversation import Conversation
from ...store import SessionError, SessionTakenOver, load_session
from ...store.keeper import kept
from ..downloads import Document, deliver
from ..shown import visible
from .locked import READ_ONLY

if TYPE_CHECKING:
    from ..app import AdvisorApp


def _as_text(value: Any, indent: str = "") -> str:
    """An answer or a draft as plain lines (the file is text: nothing in it is markup)."""
    if isinstance(value, str):
        return indent + value.replace("\n", "\n" + indent)
    if isinstance(value, dict):
        return "\n".join(f"{indent}{key}: {_as_text(item).lstrip()}" for key, item in value.items())
    if isinstance(value, list):
        return "\n".join(
            indent + "- " + ", ".join(str(v) for v in item.values() if v)
            if isinstance(item, dict)
            else indent + "- " + str(item)
            for item in value
        )
    return indent + json.dumps(value, ensure_ascii=False)


def not_saved_document(
    conversation: Conversation, saved: dict[str, Any], typed: tuple[str, Any] | None
) -> Document | None:
    """What this window holds that the saved session (`saved`: its answers) lacks, as a
    text file; None if nothing.

    Args:
        conversation: this window's conversation.
        saved: the answers in the session file, as the other window saves it.
        typed: the step whose input holds typing not yet answered, and what it holds.
    """
    dialog = conversation.dialog
    parts: list[str] = []
    for step_id, value in conversation.session.answers.items():
        if saved.get(step_id) != value and dialog.has_step(step_id):
            step = dialog.step(step_id)
            parts.append(f"{step.title} (answered here)\n{step.prompt}\n{_as_text(value, '  ')}")
    if typed is not None and typed[1] not in (None, "", [], {}):
        step = dialog.step(typed[0])
        parts.append(
            f"{step.title} (typed here, not yet answered)\n{step.prompt}\n"
            f"{_as_text(typed[1], '  ')}"
        )
    if not parts:
        return None
    text = (
        f"srs-advisor session {conversation.session.id}: what one window held when another "
        "window took the session over, and that the saved session does not hold.\n"
        "Give these answers again in the window that saves the session.\n\n"
        + "\n\n".join(parts)
        + "\n"
    )
    name = f"srs-advisor-not-saved-{conversation.session.id}.txt"
    return Document(name, text.encode("utf-8"), "text/plain")


class TakenOverScreen(ModalScreen[None]):
    """Says the session was taken over, and offers what was not saved as a file."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, document: Document | None) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm", id="taken-over"):
            yield Static(Content("Another window took this session over."), classes="dialog-title")
            if self.document is None:
                body = (
                    "It saves the session from now on; this window is read-only and saves "
                    "nothing more. Every answer given here is saved: nothing is lost."
                )
            else:
                body = (
                    "It saves the session from now on; this window is read-only and saves "
                    "nothing more. Some of what is here is not in the saved session: "
                    "download it, and give it again in the other window."
                )
            yield Static(Content(body))
            with Horizontal(classes="confirm-buttons"):
                if self.document is not None:
                    yield Button("Download what was not saved", id="download", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#download" if self.document else "#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "download" and self.document is not None:
            from ..app import AdvisorApp

            assert isinstance(self.app, AdvisorApp)
            deliver(self.app, self.document)  # from the key's handler: a browser allows it
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the (read-only) conversation."""
        self.dismiss(None)


def turn_read_only(app: AdvisorApp) -> None:
    """This window's session was taken over: stop saving, say so, offer what was not saved."""
    from .conversation import ConversationScreen

    conversation, lock = app.conversation, app.session_lock
    if conversation is None:
        return
    store = kept(conversation)
    folder = store.folder
    if folder is None:
        return
    try:
        saved = load_session(folder).answers
    except SessionError:
        saved = {}  # cannot be read now: offer all this window holds
    typed = None
    screen = next((s for s in app.screen_stack if isinstance(s, ConversationScreen)), None)
    if screen is not None:
        typed = screen.typed_draft()
    # Nothing this window does is saved from now on; quitting has nothing to retry.
    store.stop(SessionTakenOver(f"Another window took this session over and saves it, in {folder}"))
    if lock is not None:
        lock.release()  # the other window takes the OS lock once it is free
    app.session_lock = None
    app.sub_title = READ_ONLY
    if screen is not None:
        title = f"session {conversation.session.id} (read-only: taken over)"
        screen.sub_title = visible(title, 120, multiline=False)
    app.push_screen(TakenOverScreen(not_saved_document(conversation, saved, typed)))
