"""The conversation so far, as a scrolling chat: the advisor's questions and the answers."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from ...engine.conversation import Conversation
from ...notes.plain import answer_text


class ChatLog(VerticalScroll):
    """The history of the conversation, drawn from the engine's record.

    It keeps no state of its own: `show` redraws it from the conversation, and
    `add` appends one exchange after an answer (cheaper than a redraw).
    """

    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; }
    ChatLog .advisor { color: $text-muted; margin-top: 1; }
    ChatLog .you { margin-left: 4; color: $text; background: $boost; padding: 0 1; }
    ChatLog .you.not-answered { color: $text-muted; text-style: italic; }
    ChatLog .stale { color: $warning; margin-top: 1; }
    """

    def show(self, conversation: Conversation) -> None:
        """Redraw the whole history."""
        self.remove_children()
        entries: list[Static] = []
        for step_id in conversation.history:
            entries.extend(self._exchange(conversation, step_id))
        if entries:
            self.mount_all(entries)
        self.scroll_end(animate=False)

    def add(self, conversation: Conversation, step_id: str, stale: list[str]) -> None:
        """Append the exchange of `step_id`, and a note of answers that no longer apply."""
        self.mount_all(self._exchange(conversation, step_id))
        self.add_stale(conversation, stale)
        self.scroll_end(animate=False)

    def add_stale(self, conversation: Conversation, stale: list[str]) -> None:
        """Append a note of the answers that no longer apply (if any)."""
        if not stale:
            return
        titles = ", ".join(conversation.dialog.step(s).title for s in stale)
        note = f"These answers no longer apply, and are kept aside in the notes: {titles}"
        self.mount(Static(note, classes="stale", markup=False))
        self.scroll_end(animate=False)

    @staticmethod
    def _exchange(conversation: Conversation, step_id: str) -> list[Static]:
        step = conversation.dialog.step(step_id)
        entries = [Static(step.prompt, classes="advisor", markup=False)]
        if step.kind == "info":
            return entries
        status = conversation.status(step_id)
        if status == "answered":
            text = answer_text(conversation.dialog, step, conversation.answer_of(step_id))
            entries.append(Static(text, classes="you", markup=False))
        else:
            text = "Unsure: on the parking lot" if status == "parked" else "Not discussed"
            entries.append(Static(text, classes="you not-answered", markup=False))
        return entries
