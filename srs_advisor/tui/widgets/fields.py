"""Inputs of several one-line fields, where Enter moves to the next field.

One answer from each partner (`PerPartnerInput`) and a form's labeled fields
(`FormInput`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from ...dialog.model import Step
from ..shown import SHOWN_NAME, shown, visible
from .step_input import Field, StepInput, focus_now


class FieldByField(StepInput):
    """Several one-line fields: Enter moves to the next, and from the last one answers."""

    field_class: ClassVar[str] = ""
    """The class of the fields Enter moves through."""

    def slots(self) -> list[tuple[Content, str, str]]:
        """Each field's label, its value to start from, and its placeholder, in order."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        for label, value, placeholder in self.slots():
            yield Label(label, classes="partner-label")
            yield Field(value=value, placeholder=placeholder, classes=self.field_class)

    def take_over(self, step: Step) -> bool:
        self._for(step)
        slots = self.slots()
        labels = list(self.query_children(".partner-label").results(Label))
        fields = list(self.query_children(f".{self.field_class}").results(Field))
        for (label, value, placeholder), shown_label, field in zip(
            slots, labels, fields, strict=False
        ):
            shown_label.update(label)
            field.placeholder = placeholder
            field.value = value
            if field.has_focus:
                field.cursor_position = len(value)  # as when the focus comes to it
            else:
                field.show_start()
        for widget in [*labels[len(slots) :], *fields[len(slots) :]]:
            widget.remove()
        more = [
            widget
            for label, value, placeholder in slots[len(fields) :]
            for widget in (
                Label(label, classes="partner-label"),
                Field(value=value, placeholder=placeholder, classes=self.field_class),
            )
        ]
        if not more:
            return self._taken_over()
        self._ready_when_mounted(self.mount_all(more))
        return True

    def enter(self) -> bool:
        inputs = list(self.query(f"Input.{self.field_class}").results(Input))
        focused = self.app.focused
        index = inputs.index(focused) if focused in inputs else len(inputs)
        if index + 1 < len(inputs):
            focus_now(inputs[index + 1])
            return True
        return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is handled by the screen (`enter`), as the key arrives

    def field_values(self) -> list[str]:
        """What each field holds, in order."""
        return [field.value for field in self.query(f"Input.{self.field_class}").results(Input)]


class PerPartnerInput(FieldByField):
    """One answer from each partner; Enter moves to the next partner."""

    keys = (("⏎", "Next partner"),)
    field_class = "per-partner"

    def slots(self) -> list[tuple[Content, str, str]]:
        existing = self.existing or {}
        return [
            (
                shown(partner.name, SHOWN_NAME, multiline=False),
                existing.get(partner.name, ""),
                f"{visible(partner.name, 60, multiline=False)}'s answer",
            )
            for partner in self.conversation.partners
        ]

    def compose(self) -> ComposeResult:
        if not self.conversation.partners:
            yield Label(
                "No partners are named yet: go back to the partner list, or skip this.",
                classes="no-partners",
            )
        yield from super().compose()

    def take_over(self, step: Step) -> bool:
        if self.query(".no-partners") or not self.conversation.partners:
            return False  # the note of no partners comes and goes with a new input
        return super().take_over(step)

    def value(self) -> Any:
        names = [p.name for p in self.conversation.partners]
        return {
            name: text
            for name, text in zip(names, self.field_values(), strict=False)
            if text.strip()
        }


class FormInput(FieldByField):
    """A few labeled fields, each optional; Enter moves to the next field."""

    keys = (("⏎", "Next field"),)
    field_class = "form-field"

    def slots(self) -> list[tuple[Content, str, str]]:
        existing = self.existing or {}
        return [
            (Content(field.label), existing.get(field.key, ""), field.label)
            for field in self.step.fields
        ]

    def value(self) -> Any:
        return {
            field.key: text
            for field, text in zip(self.step.fields, self.field_values(), strict=False)
            if text.strip()
        }
