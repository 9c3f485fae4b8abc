"""Ask a yes-or-no question before doing something that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..shown import SHOWN_NAME, shown


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True to go ahead, False (or Escape) to keep things as they are.

    The safe choice has the focus, so an Enter pressed in a hurry changes nothing.
    Every text is shown as text: a file or partner name in it is never markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Cancel")]

    def __init__(self, title: str, body: str, *, go: str, keep: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.go_label = go
        self.keep_label = keep

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(shown(self.title_text), classes="dialog-title")
            yield Static(shown(self.body))
            with Horizontal(classes="confirm-buttons"):
                yield Button(shown(self.keep_label, SHOWN_NAME), id="keep", variant="primary")
                yield Button(shown(self.go_label, SHOWN_NAME), id="go", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "go")

    def action_keep(self) -> None:
        """Close without doing it."""
        self.dismiss(False)
