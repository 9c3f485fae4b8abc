"""Quitting with answers the app could not save: say so, and offer another folder.

In a browser, no folder: a path typed there would name one on the server, which a
browser user may not write. The tab offers what is not saved as downloads instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...store import SESSION_FILE, SessionError
from ...store.keeper import kept
from ..shown import SafeInput, shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

Choice = Path | Literal["quit"] | None
"""A folder to save into, "quit" (losing the unsaved answers), or None: stay."""


class SaveElsewhereScreen(ModalScreen[Choice]):
    """Shown on quitting when the last save failed and saving again failed too.

    With no folder to suggest (in a browser), it offers downloads instead of a folder.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Stay")]

    def __init__(self, error: str, suggested: Path | None) -> None:
        super().__init__()
        self.error = error
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm", id="save-elsewhere"):
            yield Static(Content("Your latest answers are not saved."), classes="dialog-title")
            if self.suggested is None:
                yield Static(
                    shown(
                        f"{self.error}\n\nTo keep them, download the notes or the session "
                        "file (session.json, which srs-advisor can resume) before you quit:"
                    )
                )
                with Horizontal(classes="confirm-buttons"):
                    yield Button("Download the notes", id="notes", variant="primary")
                    yield Button("Download the session", id="session")
                with Horizontal(classes="confirm-buttons"):
                    yield Button("Stay", id="stay")
                    yield Button("Quit", id="quit", variant="error")
                return
            yield Static(shown(f"{self.error}\n\nSave the session into another folder:"))
            yield SafeInput(str(self.suggested), id="elsewhere-path")
            with Horizontal(classes="confirm-buttons"):
                yield Button("Save there", id="save", variant="primary")
                yield Button("Stay", id="stay")
                yield Button("Quit without saving", id="quit", variant="error")

    def on_mount(self) -> None:
        if self.suggested is None:
            self.query_one("#notes", Button).focus()
        else:
            self.query_one("#elsewhere-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        elif event.button.id in ("notes", "session"):
            self._download(event.button.id)
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

    def _download(self, what: str) -> None:
        """Hand the unsaved answers over, now (a browser drops a download started later)."""
        from ..app import AdvisorApp
        from ..downloads import deliver, notes_file, session_file

        app = self.app
        if not isinstance(app, AdvisorApp) or app.conversation is None:
            return
        make = notes_file if what == "notes" else session_file
        deliver(app, make(app.conversation))

    def action_stay(self) -> None:
        """Back to the questions, nothing lost."""
        self.dismiss(None)


def quit_with_answers_saved(app: AdvisorApp) -> None:
    """Quit the app, but first save what a failed save left unsaved, if it can be.

    Tries the session's own folder again; if that fails, asks for another folder, or
    lets the user quit knowing what is lost (the farewell says so).
    """
    conversation = app.conversation
    if conversation is None or not kept(conversation).unsaved:
        app.exit(conversation)
        return
    try:
        conversation.save()
    except SessionError as error:

        def decided(choice: Choice) -> None:
            if choice == "quit":
                app.exit(conversation)
            elif isinstance(choice, Path):
                target = choice / conversation.session.id
                if (target / SESSION_FILE).exists():
                    app.notify(
                        visible(
                            f"Not saved there: {target} holds a session already, which is not "
                            "replaced. Choose another folder."
                        ),
                        severity="error",
                        timeout=15,
                        markup=False,
                    )
                    return
                try:
                    kept(conversation).save_elsewhere(target)
                except SessionError as again:
                    app.notify(
                        visible(f"Not saved there either: {again}"),
                        severity="error",
                        timeout=15,
                        markup=False,
                    )
                    return
                app.exit(conversation)

        # In a browser, no folder: nothing typed in a browser may write the server's files.
        suggested = None if app.is_web else Path.home() / "srs-advisor"
        app.push_screen(SaveElsewhereScreen(str(error), suggested), decided)
        return
    app.exit(conversation)
