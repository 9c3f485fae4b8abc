"""The end: the summary, where the notes are saved, and the notes themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ...dialog.model import level_name
from ...engine.conversation import Conversation
from ...notes.transcript import render_transcript
from ...store import TRANSCRIPT_FILE, SessionError
from ...store.keeper import kept
from ..shown import shown, visible, visible_lines
from ..widgets.keybar import KeyBar, bar_keys
from ..widgets.rendered import RenderedText


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
    gaps = len(conversation.readiness_gaps())
    readiness = (
        "not discussed"
        if not discussed
        else f"{gaps} gap{'' if gaps == 1 else 's'}"
        if gaps
        else "no gaps in the factors discussed"
    )
    items = len(conversation.action_items())
    lines.append(f"Readiness: {readiness}. Action items: {items or 'none'}.")
    parked = len(session.parked)
    lines.append(f"Parking lot: {parked} question{'' if parked == 1 else 's'} to discuss later.")
    return "\n".join(lines)


class NotesScreen(Screen[None]):
    """Shown when the conversation reaches its end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back"),
        Binding("f6", "app.download_notes", "Download the notes", key_display="F6"),
        Binding("f4,ctrl+e", "app.save_notes", "Save notes as…", key_display="F4"),
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        store = kept(self.conversation)
        folder = store.folder
        notes = store.notes_path or (folder / TRANSCRIPT_FILE if folder else None)
        where = f"The notes are saved in {notes}." if notes else "Not saved."
        if self.app.is_web:  # a path on the server is nothing a browser user can open
            where = (
                "The notes are saved with the session: press F6 to download them to this "
                "browser's downloads folder. To see them again later, open the advisor and "
                "choose the session on the start screen."
                if notes
                else "This window saved nothing (read-only); F6 still downloads the notes."
            )
        yield Header()
        with VerticalScroll(id="notes"):
            yield Static("Finished. Thank you!", classes="dialog-title")
            yield Static(shown(summary_text(self.conversation)), id="summary")
            yield Static(shown(where), id="notes-path")
            # Rich renders the notes into one widget, once: Textual's Markdown widget mounts
            # a widget per block, which for a full session took seconds on every opening,
            # and a Static rendered them all again for each layout.
            # Controls made visible, and cut: a file may hold answers megabytes long.
            text = visible_lines(render_transcript(self.conversation))
            yield RenderedText(RichMarkdown(text), id="notes-text")
        # The app's key bar, not Textual's Footer: at 80 columns the Footer cut off F10
        # Quit; the bar keeps F9 and F10 in view at any width, and every key clicks.
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show this screen's keys, then the app's, in the key bar."""
        own = [b for b in self.BINDINGS if isinstance(b, Binding) and b.show]
        taken = {b.key_display for b in own}
        app = [
            b
            for b in self.app.BINDINGS
            if isinstance(b, Binding) and b.show and b.key_display not in taken
        ]
        keys = [*bar_keys(self.app, own, "screen"), *bar_keys(self.app, app, "app")]
        self.query_one(KeyBar).show(keys)

    def action_back(self) -> None:
        """Go back to the last question."""
        back_to_last_question(self, self.conversation)


def back_to_last_question(screen: Screen[None], conversation: Conversation) -> None:
    """From a screen shown at the end, back to the last question (a failed save said)."""
    try:
        conversation.back()
    except SessionError as error:
        screen.notify(visible(f"Not saved: {error}"), severity="error", timeout=15, markup=False)
    screen.app.pop_screen()
