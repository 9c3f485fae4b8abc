"""Save the meeting notes to a path the user chooses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from ...engine.session import SessionError, write_atomic
from ...notes.transcript import render_transcript
from ..shown import SafeInput, visible
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import AdvisorApp


class SaveNotesScreen(ModalScreen[Path | None]):
    """Asks for a file path; dismisses with it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="save-notes", classes="dialog"):
            yield Static("Save the meeting notes (Markdown) to:", classes="dialog-title")
            yield SafeInput(str(self.suggested), id="notes-path")
            yield Static("Enter saves; Escape cancels.", classes="input-help")
        yield Footer(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.notify("Type a file path.", severity="warning")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / "transcript.md"
        if not path.exists():
            self.dismiss(path)
            return

        def decided(replace: bool | None) -> None:
            if replace:
                self.dismiss(path)
            else:
                self.query_one("#notes-path", Input).focus()

        self.app.push_screen(
            ConfirmScreen(
                f"Replace {path}?",
                "A file of that name is already there. Replacing it loses what it holds.",
                go="Replace",
            ),
            decided,
        )

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def save_notes_as(app: AdvisorApp) -> None:
    """Ask for a path and write the meeting notes there (asking before replacing a file)."""
    conversation = app.conversation
    if conversation is None:
        app.notify("Start or resume a session first.", severity="warning")
        return

    def save(path: Path | None) -> None:
        if path is None:
            return
        try:
            write_atomic(path, render_transcript(conversation))
        except SessionError as error:
            app.notify(visible(str(error)), severity="error", timeout=12, markup=False)
            return
        app.notify(visible(f"Notes saved to {path}"), markup=False)

    app.push_screen(SaveNotesScreen(Path.cwd() / "transcript.md"), save)
