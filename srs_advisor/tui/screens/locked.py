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
from ...engine.session import SessionError, SessionLock, SessionLocked
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
                    "Read-only shows it without saving anything. Taking it over lets this "
                    "window save too: the other window will then be refused (never silently "
                    "overwritten) when it next saves, and told why."
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
    show: Callable[[], None],
    cancelled: Callable[[], None],
) -> None:
    """Lock the session's folder for this window, then `show` it.

    If another window holds the lock, ask: read-only (nothing saved), take it over
    (saved without the lock: the save check keeps both windows honest), or `cancelled`.
    """
    folder = conversation.folder
    if folder is None:
        show()
        return
    lock = SessionLock(folder)
    try:
        lock.acquire()
    except SessionLocked as error:

        def decided(choice: LockChoice) -> None:
            if choice == "read-only":
                conversation.folder = None  # nothing this window does is saved
                app.sub_title = READ_ONLY
                show()
            elif choice == "take-over":
                show()
            else:
                cancelled()

        app.push_screen(LockedScreen(str(error)), decided)
        return
    except SessionError as error:
        app.notify(visible(str(error)), severity="warning", timeout=12, markup=False)
    app.session_lock = lock
    show()
