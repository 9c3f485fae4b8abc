"""Ask before quitting when an answer has been typed but not given."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmQuitScreen(ModalScreen[bool]):
    """Dismisses with True to quit, False to stay."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Stay")]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-quit", classes="dialog"):
            yield Static("Quit without giving the answer you typed?", classes="dialog-title")
            yield Static(
                "Every answer you gave is saved. The one in the box is not: press Stay, "
                "then Ctrl+S (or Enter) to give it."
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Stay", id="stay", variant="primary")
                yield Button("Quit", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "quit")

    def action_stay(self) -> None:
        """Go back to the question."""
        self.dismiss(False)
