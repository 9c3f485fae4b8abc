"""The conversation so far, as a scrolling chat: the advisor's questions and the answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...engine.conversation import Conversation
from ...notes.plain import answer_text
from ..shown import shown

SHOWN_LAST = 600
"""The most characters of the last answer presenter mode shows (the chat shows more)."""


class ChatLog(VerticalScroll):
    """The history of the conversation, drawn from the engine's record.

    Each step in the history is one `Exchange` (the question, the answer, and a note of
    answers that no longer apply). The log keeps no state of its own: `show` redraws it
    from the conversation, `add` appends the exchange just made, and `trim` drops the
    exchanges that a move back took out of the history (cheaper than a redraw).
    """

    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; }
    ChatLog Exchange { height: auto; }
    ChatLog .advisor { color: $text-muted; margin-top: 1; }
    ChatLog .you { margin-left: 4; color: $text; background: $boost; padding: 0 1; }
    ChatLog .you.not-answered { color: $text-muted; text-style: italic; }
    ChatLog .stale { color: $warning; margin-top: 1; }
    """

    _upto = 0
    """How much of the history the log has drawn."""

    def show(self, conversation: Conversation) -> None:
        """Redraw the whole history (but what a check-in passed by unchanged)."""
        self.remove_children()
        history = conversation.history
        exchanges = [
            Exchange(conversation, step_id, position=n)
            for n, step_id in enumerate(history)
            if not conversation.carried(step_id)
        ]
        self._upto = len(history)
        if exchanges:
            self.mount_all(exchanges)
        self.anchor()  # to the end, and kept there as the question below it changes size

    def add(self, conversation: Conversation, step_id: str, stale: list[str]) -> None:
        """Append the exchange of `step_id`, with a note of answers that no longer apply.

        A check-in passes by the questions it does not ask again: the history then grew by
        more than one step, and the log draws those it shows (none carried unchanged).
        """
        history = conversation.history
        added = [
            Exchange(conversation, s, stale if s == step_id else (), position=n)
            for n, s in enumerate(history[self._upto :], start=self._upto)
            if s == step_id or not conversation.carried(s)
        ]
        self._upto = len(history)
        if added:
            self.mount_all(added)
        self.anchor()  # to the end, and kept there as the question below it changes size

    def trim(self, conversation: Conversation) -> None:
        """Drop the exchanges after the history's end (after a move back)."""
        kept = len(conversation.history)
        if kept > self._upto:
            self.show(conversation)
            return
        for exchange in self.query_children(Exchange):
            if exchange.position >= kept:
                exchange.remove()
        self._upto = kept
        self.anchor()  # to the end, and kept there as the question below it changes size

    def add_stale(self, conversation: Conversation, stale: list[str]) -> None:
        """Append a note of the answers that no longer apply (if any)."""
        if stale:
            self.mount(Static(shown(stale_note(conversation, stale)), classes="stale"))
            self.anchor()  # to the end, and kept there as the question below it changes size


def stale_note(conversation: Conversation, stale: list[str]) -> str:
    """The chat's note of answers that no longer apply."""
    titles = ", ".join(conversation.dialog.step(s).title for s in stale)
    return f"These answers no longer apply, and are kept aside in the notes: {titles}"


def given(conversation: Conversation, step_id: str) -> tuple[str, bool]:
    """What was recorded for a step, in words, and whether it is an answer."""
    step = conversation.dialog.step(step_id)
    if conversation.status(step_id) == "answered":
        return answer_text(conversation.dialog, step, conversation.answer_of(step_id)), True
    parked = conversation.status(step_id) == "parked"
    text = "Unsure: on the parking lot" if parked else "Not discussed"
    tentative = conversation.tentative_of(step_id)
    if tentative is not None:
        text += f" (tentative answer: {answer_text(conversation.dialog, step, tentative)})"
    return text, False


class LastAnswer(Vertical):
    """The question answered last and what was recorded: presenter mode shows it large.

    The room sees what was just written down before the next question takes the screen.
    """

    DEFAULT_CSS = """
    LastAnswer { height: auto; display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="last-title", markup=False)
        yield Static(id="last-question", markup=False)
        yield Static(id="last-given", markup=False)

    def show(self, conversation: Conversation) -> None:
        """Show the last question answered (a page read is no question), or nothing."""
        last = next(
            (
                s
                for s in reversed(conversation.history)
                if conversation.dialog.step(s).kind != "info" and not conversation.carried(s)
            ),
            None,
        )
        self.set_class(last is None, "empty")
        if last is None:
            return
        step = conversation.dialog.step(last)
        text, answered = given(conversation, last)
        self.query_one("#last-title", Static).update("Just recorded")
        self.query_one("#last-question", Static).update(shown(step.prompt))
        answer = self.query_one("#last-given", Static)
        answer.update(shown(text, SHOWN_LAST))
        answer.set_class(not answered, "not-answered")


class Exchange(Vertical):
    """One step of the history: the question and the answer given (or why there is none)."""

    def __init__(
        self,
        conversation: Conversation,
        step_id: str,
        stale: tuple[str, ...] | list[str] = (),
        *,
        position: int = 0,
    ) -> None:
        self.position = position
        """Where the step stands in the conversation's history."""
        step = conversation.dialog.step(step_id)
        parts = [Static(shown(step.prompt), classes="advisor")]
        if step.kind != "info":
            text, answered = given(conversation, step_id)
            parts.append(Static(shown(text), classes="you" if answered else "you not-answered"))
            parts += [
                Static(shown(f"Check: {c.message}"), classes="stale")
                for c in conversation.contradictions([step_id])
            ]
        if stale:
            parts.append(Static(shown(stale_note(conversation, list(stale))), classes="stale"))
        super().__init__(*parts)
