"""The end: the summary, where the notes are saved, and the notes themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...dialog.model import level_name
from ...engine.conversation import Conversation
from ...engine.session import TRANSCRIPT_FILE, SessionError
from ...notes.transcript import render_transcript
from ..shown import shown, visible, visible_lines


def summary_text(conversation: Conversation) -> str:
    """The outcome of the conversation in a few lines."""
    session = conversation.session
    lines = []
    recommendation = conversation.recommendation
    if recommendation is not None:
        chosen = level_name(session.chosen_level) if session.chosen_level else "not chosen"
        lines.append(
            f"Formality: {level_name(recommendation.level)} recommended; chosen: {chosen}."
        )
    elif conversation.session.answers.get("purpose.not_sharing") == "stop":
        lines.append("The partners stopped: sharing may not be the answer for now.")
    discussed = any(s.readiness and s.id in session.answers for s in conversation.dialog.steps)
    readiness = f"{len(conversation.readiness_gaps())} gaps" if discussed else "not discussed"
    lines.append(f"Readiness: {readiness}. Action items: {len(conversation.action_items())}.")
    parked = len(session.parked)
    lines.append(f"Parking lot: {parked} question{'' if parked == 1 else 's'} to discuss later.")
    return "\n".join(lines)


class NotesScreen(Screen[None]):
    """Shown when the conversation reaches its end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back to the questions"),
        Binding("f6", "app.download_notes", "Download the notes", key_display="F6"),
        Binding("f4,ctrl+e", "app.save_notes", "Save notes as…", key_display="F4"),
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        folder = self.conversation.folder
        notes = self.conversation.notes_path or (folder / TRANSCRIPT_FILE if folder else None)
        where = f"The notes are saved in {notes}." if notes else "Not saved."
        yield Header()
        with VerticalScroll(id="notes"):
            yield Static("Finished. Thank you!", classes="dialog-title")
            yield Static(shown(summary_text(self.conversation)), id="summary")
            yield Static(shown(where), id="notes-path")
            # Rich renders the notes into one Static: Textual's Markdown widget mounts a
            # widget per block, which for a full session took seconds on every opening.
            # Controls made visible, and cut: a file may hold answers megabytes long.
            text = visible_lines(render_transcript(self.conversation))
            yield Static(RichMarkdown(text), id="notes-text")
        yield Footer(compact=True)

    def action_back(self) -> None:
        """Go back to the last question."""
        try:
            self.conversation.back()
        except SessionError as error:
            self.notify(visible(f"Not saved: {error}"), severity="error", timeout=15, markup=False)
        self.app.pop_screen()
