"""A session already open in another window: open it read-only, take it over, or not."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...engine.conversation import Conversation
from ...store import SessionError, SessionLock, SessionLocked, load_session
from ...store.keeper import kept, resume_in
from ..shown import shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

LockChoice = Literal["read-only", "take-over"] | None

READ_ONLY = "read-only"
"""The app's sub-title in a read-only window; the conversation screen's header says so."""


class LockedScreen(ModalScreen[LockChoice]):
    """Dismisses with "read-only", "take-over", or None (do not open it)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(shown(self.reason), classes="dialog-title")
            yield Static(
                Content(
                    "Read-only shows it without saving anything. Taking it over makes this "
                    "window the one that saves it, from where it is saved now: the other "
                    "window is told at once, saves nothing more, and offers what it had not "
                    "saved as a download."
                )
            )
            with Horizontal(classes="confirm-buttons"):
                yield Button("Read-only", id="read-only", variant="primary")
                yield Button("Take it over", id="take-over", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#read-only", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss(choice if choice in ("read-only", "take-over") else None)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        """Do not open the session."""
        self.dismiss(None)


def open_with_lock(
    app: AdvisorApp,
    conversation: Conversation,
    show: Callable[[Conversation], None],
    cancelled: Callable[[], None],
) -> None:
    """Lock the session's folder for this window, then `show` it.

    If another window holds the lock, ask: read-only (nothing saved), take it over
    (this window saves from then on, starting from the session as last saved: the other
    window stops saving, `screens.taken_over`), or `cancelled`.
    """
    store = kept(conversation)
    folder = store.folder
    if folder is None:
        show(conversation)
        return
    lock = SessionLock(folder)
    try:
        lock.acquire()
    except SessionLocked as error:

        def decided(choice: LockChoice) -> None:
            if choice == "read-only":
                store.stop()  # nothing this window does is saved
                app.sub_title = READ_ONLY
                show(conversation)
            elif choice == "take-over":
                taken = take_over(app, conversation, lock)
                if taken is None:
                    cancelled()
                else:
                    show(taken)
            else:
                cancelled()

        app.push_screen(LockedScreen(str(error)), decided)
        return
    except SessionError as error:
        app.notify(visible(str(error)), severity="warning", timeout=12, markup=False)
        if not lock.held:  # no lock to be had: the saves say why, and the save check holds
            show(conversation)
            return
    app.session_lock = lock
    store.lock = lock
    show(conversation)


def take_over(
    app: AdvisorApp, conversation: Conversation, lock: SessionLock
) -> Conversation | None:
    """Make this window the one that saves `conversation`'s session, as last saved.

    The session is read again after the takeover: the other window may have saved
    answers since this one read it, and they are kept. None if it cannot be done (said).
    """
    folder = kept(conversation).folder
    assert folder is not None
    try:
        lock.take_over()
        session = load_session(folder)
    except SessionError as error:
        app.notify(visible(f"Not taken over: {error}"), severity="error", timeout=12, markup=False)
        return None
    taken, _ = resume_in(conversation.dialog, session, folder)
    kept(taken).lock = lock
    app.session_lock = lock
    return taken
