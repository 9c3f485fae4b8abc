"""Inputs of several one-line fields, where Enter moves to the next field.

One answer from each partner (`PerPartnerInput`) and a form's labeled fields
(`FormInput`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from ..shown import SHOWN_NAME, shown, visible
from .step_input import Field, StepInput, focus_now


class FieldByField(StepInput):
    """Several one-line fields: Enter moves to the next, and from the last one answers."""

    field_class: ClassVar[str] = ""
    """The class of the fields Enter moves through."""

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


class PerPartnerInput(FieldByField):
    """One answer from each partner; Enter moves to the next partner."""

    keys = (("⏎", "Next partner"),)
    field_class = "per-partner"

    def compose(self) -> ComposeResult:
        existing = self.existing or {}
        partners = self.conversation.partners
        if not partners:
            yield Label("No partners are named yet: go back to the partner list, or skip this.")
        for number, partner in enumerate(partners):
            yield Label(shown(partner.name, SHOWN_NAME, multiline=False), classes="partner-label")
            yield Field(
                value=existing.get(partner.name, ""),
                placeholder=f"{visible(partner.name, 60, multiline=False)}'s answer",
                id=f"partner-{number}",
                classes="per-partner",
            )

    def value(self) -> Any:
        names = [p.name for p in self.conversation.partners]
        inputs = self.query("Input.per-partner").results(Input)
        return {
            name: field.value
            for name, field in zip(names, inputs, strict=False)
            if field.value.strip()
        }


class FormInput(FieldByField):
    """A few labeled fields, each optional; Enter moves to the next field."""

    keys = (("⏎", "Next field"),)
    field_class = "form-field"

    def compose(self) -> ComposeResult:
        existing = self.existing or {}
        for field in self.step.fields:
            yield Label(Content(field.label), classes="partner-label")
            yield Field(
                value=existing.get(field.key, ""),
                placeholder=field.label,
                id=f"field-{field.key}",
                classes="form-field",
            )

    def value(self) -> Any:
        inputs = self.query("Input.form-field").results(Input)
        return {
            field.key: box.value
            for field, box in zip(self.step.fields, inputs, strict=False)
            if box.value.strip()
        }
