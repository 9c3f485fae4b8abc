"""The review: every answer so far, by phase; choosing one goes back to change it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.conversation import Conversation
from ...notes.plain import answer_text
from ..shown import SHOWN_TEXT, shown


class ReviewList(OptionList):
    """The answers; its key bar says what Enter does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Change this answer"),
    ]


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters at a word, with an ellipsis if anything was cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


class ReviewScreen(ModalScreen[str | None]):
    """Lists the answers; dismisses with the step to go back to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f8,ctrl+r", "close", "Close", key_display="esc")
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        with Vertical(id="review", classes="dialog"):
            yield Static(
                "Every answer so far. Enter on one to change it; Escape closes.",
                classes="dialog-title",
            )
            yield ReviewList(*self._options(), id="review-list")
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        conversation = self.conversation
        dialog = conversation.dialog
        visited = set(conversation.history)
        options: list[Option] = []
        for phase in dialog.phases:
            steps = [s for s in phase.steps if s.id in visited and s.kind != "info"]
            if not steps:
                continue
            options.append(Option(Content(f"── {phase.title} ──"), disabled=True))
            for step in steps:
                status = conversation.status(step.id)
                if status == "answered":
                    text = answer_text(dialog, step, conversation.answer_of(step.id))
                    # Cut before joining: an answer a file holds may be megabytes long.
                    brief = shorten(" / ".join(text[:SHOWN_TEXT].splitlines()), 70)
                elif status == "parked":
                    brief = "unsure: on the parking lot"
                else:
                    brief = "not discussed"
                options.append(Option(shown(f"  {step.title}: {brief}"), id=step.id))
        if not options:
            options.append(Option(Content("Nothing answered yet."), disabled=True))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without going anywhere."""
        self.dismiss(None)
