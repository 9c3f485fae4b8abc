"""Save the meeting notes to a path the user chooses (in a terminal; in a browser, a download).

A browser user is a stranger to the server: a path typed in a browser tab names a file on
the server, so there the notes come as a download and no path is asked for. In a
terminal any path may be chosen, except a session's own files (`own_file_refusal`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from ...notes.transcript import render_transcript
from ...store import SessionError, own_file_refusal, write_atomic
from ..shown import SafeInput, visible
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import AdvisorApp


class SaveNotesScreen(ModalScreen[Path | None]):
    """Asks for a file path; dismisses with it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path, sessions_dir: Path | None = None) -> None:
        super().__init__()
        self.suggested = suggested
        self.sessions_dir = sessions_dir
        """The sessions folder: its sessions' own files are never written over."""

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
        refusal = own_file_refusal(path, self.sessions_dir)
        if refusal is not None:
            self.notify(
                visible(f"Not saved: {refusal}."), severity="error", timeout=12, markup=False
            )
            return
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
    """Ask for a path and write the meeting notes there (asking before replacing a file).

    In a browser, hand the notes over as a download instead: no path on the server.
    """
    conversation = app.conversation
    if conversation is None:
        app.notify("Start or resume a session first.", severity="warning")
        return
    if app.is_web:
        from ..downloads import deliver, notes_file

        deliver(app, notes_file(conversation))
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

    app.push_screen(SaveNotesScreen(Path.cwd() / "transcript.md", app.sessions_dir), save)
