"""Quitting with answers the app could not save: say so, and offer another folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...engine.session import SessionError
from ..shown import SafeInput, shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

Choice = Path | Literal["quit"] | None
"""A folder to save into, "quit" (losing the unsaved answers), or None: stay."""


class SaveElsewhereScreen(ModalScreen[Choice]):
    """Shown on quitting when the last save failed and saving again failed too."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Stay")]

    def __init__(self, error: str, suggested: Path) -> None:
        super().__init__()
        self.error = error
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm", id="save-elsewhere"):
            yield Static(Content("Your latest answers are not saved."), classes="dialog-title")
            yield Static(shown(f"{self.error}\n\nSave the session into another folder:"))
            yield SafeInput(str(self.suggested), id="elsewhere-path")
            with Horizontal(classes="confirm-buttons"):
                yield Button("Save there", id="save", variant="primary")
                yield Button("Stay", id="stay")
                yield Button("Quit without saving", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#elsewhere-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        elif event.button.id == "quit":
            self.dismiss("quit")
        else:
            self.dismiss(None)

    def _save(self) -> None:
        text = self.query_one("#elsewhere-path", Input).value.strip()
        if not text:
            self.notify("Type a folder.", severity="warning")
            return
        self.dismiss(Path(text).expanduser())

    def action_stay(self) -> None:
        """Back to the questions, nothing lost."""
        self.dismiss(None)


def quit_with_answers_saved(app: AdvisorApp) -> None:
    """Quit the app, but first save what a failed save left unsaved, if it can be.

    Tries the session's own folder again; if that fails, asks for another folder, or
    lets the user quit knowing what is lost (the farewell says so).
    """
    conversation = app.conversation
    if conversation is None or not conversation.unsaved:
        app.exit(conversation)
        return
    try:
        conversation.save()
    except SessionError as error:

        def decided(choice: Choice) -> None:
            if choice == "quit":
                app.exit(conversation)
            elif isinstance(choice, Path):
                try:
                    conversation.save_elsewhere(choice / conversation.session.id)
                except SessionError as again:
                    app.notify(
                        visible(f"Not saved there either: {again}"),
                        severity="error",
                        timeout=15,
                        markup=False,
                    )
                    return
                app.exit(conversation)

        app.push_screen(SaveElsewhereScreen(str(error), Path.home() / "srs-advisor"), decided)
        return
    app.exit(conversation)
