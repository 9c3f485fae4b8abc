"""The answers, read for a draft agreement: an answer as a label or a few words, a
per-partner answer as a list, and what is still open as a highlighted placeholder.

The draft's sections (`agreement.py`) and its counsel-facing terms (`terms.py`) read
the answers through one `Outline`, so that an unsettled point reads the same way
everywhere: "[To be agreed: ...]", never invented.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dialog.model import choices_of
from .document import BulletList, Inline, ListItem, Span, placeholder, strong

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

IDENTIFIABLE = ("records", "linked")
"""The `formality.data` answers that mean data about people who can be identified."""


class Outline:
    """Fills the outline's sections from the answers."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.dialog = conversation.dialog
        self.answers = conversation.session.answers

    def given(self, step_id: str) -> Any:
        if not self.dialog.has_step(step_id):
            return None
        return self.answers.get(step_id)

    def label(self, step_id: str) -> str | None:
        """A choice answer as its label, or None."""
        value = self.given(step_id)
        if value is None:
            return None
        labels = {c.value: c.label for c in choices_of(self.dialog.step(step_id))}
        if isinstance(value, list):
            # "Staff, space, data": a list in a sentence; a label in capitals ("IT") stays.
            shown = [str(labels.get(v, v)) for v in value]
            shown[1:] = [t[:1].lower() + t[1:] if t[1:].islower() else t for t in shown[1:]]
            return ", ".join(shown) or None
        label = labels.get(value, str(value))
        # "Liability: No: each partner keeps its own..." reads as "no liability": a yes or
        # no that the rest of the label explains is left to the explanation.
        for lead in ("Yes: ", "No: "):
            if label.startswith(lead) and len(label) > len(lead):
                rest = label[len(lead) :]
                return rest[0].upper() + rest[1:]
        return label

    def item(self, label: str, step_id: str, todo: str) -> ListItem:
        """One line of the outline: the answer to `step_id`, or what is left to agree."""
        value = self.given(step_id)
        lead = strong(label + ":")
        if isinstance(value, str) and value.strip():
            step = self.dialog.step(step_id)
            shown = self.label(step_id) if step.kind in ("choice", "yes-no", "level") else value
            return ListItem((lead, Span(" " + (shown or value))))
        if isinstance(value, list) and value:
            return ListItem((lead, Span(" " + (self.label(step_id) or ""))))
        return ListItem((lead, *self.todo(todo, step_id)))

    def short(self, step_id: str) -> str | None:
        """A choice answer in a word or two ("ongoing", "payment"): its label's lead."""
        value = self.given(step_id)
        if not isinstance(value, str):
            return None
        full = {c.value: c.label for c in choices_of(self.dialog.step(step_id))}.get(value, value)
        lead = full.split(":", 1)[0].strip()
        return lead[:1].lower() + lead[1:] if lead[1:].islower() else lead

    def todo(self, text: str, step_id: str | None = None) -> Inline:
        """What the partners must still fill in, in brackets and highlighted."""
        parked = step_id is not None and step_id in self.conversation.session.parked
        where = " (on the meeting's parking lot)" if parked else ""
        said = text.rstrip(".")
        return (Span(" "), placeholder(f"To be agreed{where}: {said}" if said else "To be agreed"))

    def per_partner(self, label: str, step_id: str, todo: str) -> ListItem:
        """A per-partner answer as a nested list, a partner with no answer marked."""
        given = self.given(step_id)
        given = given if isinstance(given, dict) else {}
        children = []
        for partner in self.conversation.partners:
            answer = given.get(partner.name)
            spans: Inline = (
                (strong(partner.name + ":"), Span(" " + answer))
                if answer
                else (strong(partner.name + ":"), *self.todo(todo))
            )
            children.append(ListItem(spans))
        if not children:
            return ListItem((strong(label + ":"), *self.todo(todo, step_id)))
        return ListItem((strong(label + ":"),), BulletList(tuple(children)))
