"""One input widget for each kind of step, and `input_for`, which picks it.

Each input shows the step's current answer (if any) for editing, and hands back a
raw value for the engine to check: the engine is the judge of what is valid, and
its message is shown in place. Single-value inputs post `StepInput.Submitted` when
the user presses Enter; the others are submitted with the screen's Answer key.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Button, Input, Label, OptionList, SelectionList, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...dialog.model import Dialog, Step, choices_of
from ...engine.answers import MAX_LINE, MAX_TEXT
from ...engine.conversation import Conversation
from ..shown import SafeTextArea
from .fields import FieldByField, FormInput, PerPartnerInput
from .items import ActionItemsInput, ItemText
from .partners import PartnersInput
from .step_input import Field, StepInput, focus_now, too_long_to_edit

__all__ = [
    "ActionItemsInput",
    "ChoiceInput",
    "Field",
    "FieldByField",
    "FormInput",
    "InfoInput",
    "ItemText",
    "LevelInput",
    "LongTextInput",
    "MultiChoiceInput",
    "PerPartnerInput",
    "StepInput",
    "TextInput",
    "TickList",
    "focus_now",
    "input_class",
    "input_for",
]


class InfoInput(StepInput):
    """A page to read: one button to go on."""

    keys = (("⏎", "Continue"),)

    def compose(self) -> ComposeResult:
        yield Button("Continue", id="continue", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def take_over(self, step: Step) -> bool:
        self._for(step)  # the button is the same for every page
        return self._taken_over()

    def value(self) -> Any:
        return None


class TextInput(StepInput):
    """One line of text; Enter answers."""

    def compose(self) -> ComposeResult:
        note = too_long_to_edit(self.step, self.existing, MAX_LINE)
        value = "" if note else self.existing or ""
        yield Field(value=value, placeholder="Type the answer, then Enter")
        if note:
            yield note

    def take_over(self, step: Step) -> bool:
        if self.query(".too-long") or too_long_to_edit(step, self._existing_for(step), MAX_LINE):
            return False  # a note instead of the answer: mounted anew, as it says
        self._for(step)
        field = self.query_one(Field)
        field.value = self.existing or ""
        field.cursor_position = len(field.value)  # where a new input puts it
        return self._taken_over()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def value(self) -> Any:
        return self.query_one(Input).value


class LongTextInput(StepInput):
    """Several lines of text; Enter starts a new line, the Answer key answers."""

    keys = (("⏎", "New line"),)

    def compose(self) -> ComposeResult:
        note = too_long_to_edit(self.step, self.existing, MAX_TEXT)
        area = SafeTextArea(
            "" if note else self.existing or "",
            id="long-text",
            soft_wrap=True,
            show_line_numbers=False,
        )
        area.placeholder = "Type the answer; Enter starts a new line, F3 answers"
        yield area
        if note:
            yield note

    def take_over(self, step: Step) -> bool:
        if self.query(".too-long") or too_long_to_edit(step, self._existing_for(step), MAX_TEXT):
            return False
        self._for(step)
        self.query_one(TextArea).load_text(self.existing or "")  # its undo history too
        return self._taken_over()

    def value(self) -> Any:
        return self.query_one(TextArea).text


class ChoiceInput(StepInput):
    """One of the step's choices; Enter on a choice answers."""

    keys: ClassVar[tuple[tuple[str, str], ...]] = (("↑↓", "Choose"), ("⏎", "Answer"))

    def compose(self) -> ComposeResult:
        options = [Option(Content(c.label), id=c.value) for c in choices_of(self.step)]
        yield OptionList(*options, id="choices")

    def on_mount(self) -> None:
        self._highlight_default()

    def _highlight_default(self) -> None:
        options = self.query_one(OptionList)
        values = [c.value for c in choices_of(self.step)]
        start = self.default_choice()
        options.highlighted = values.index(start) if start in values else 0

    def take_over(self, step: Step) -> bool:
        if type(self) is not ChoiceInput:
            return False  # the level's options are drawn otherwise
        self._for(step)
        options = self.query_one(OptionList)
        options.set_options(Option(Content(c.label), id=c.value) for c in choices_of(step))
        self._highlight_default()
        return self._taken_over()

    def default_choice(self) -> str | None:
        """The choice highlighted at first: the answer given before, or the prefill."""
        if isinstance(self.existing, str):
            return self.existing
        prefill = self.conversation.prefill(self.step)
        return prefill.value if prefill else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def value(self) -> Any:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option else None


class LevelInput(ChoiceInput):
    """The partners' choice of level: the recommended one is highlighted first."""

    keys: ClassVar[tuple[tuple[str, str], ...]] = (
        ("↑↓", "Choose"),
        ("⏎", "Answer"),
        ("tab", "Reasons"),
    )

    def default_choice(self) -> str | None:
        if isinstance(self.existing, str):
            return self.existing
        recommendation = self.conversation.recommendation
        return recommendation.level if recommendation else None

    def compose(self) -> ComposeResult:
        recommendation = self.conversation.recommendation
        options = []
        for choice in choices_of(self.step):
            mark = (
                "  (recommended)" if recommendation and recommendation.level == choice.value else ""
            )
            options.append(Option(Content(choice.label + mark), id=choice.value))
        yield OptionList(*options, id="choices")


TICKED = "[✓]"
UNTICKED = "[ ]"
"""A choice's box, ticked or not: the shapes differ, not only the colors (Textual draws an
"X" in both, and only its color tells them apart: not in an ANSI theme, without color, nor
for a reader who does not see the colors). Both as wide as Textual's box."""


class TickList(SelectionList[str]):
    """A `SelectionList` whose Space ticks the highlighted choice as the key arrives, and
    whose boxes show a check mark when ticked and are empty when not.

    Textual's ticks it when a message posted by the key comes back, after the keys
    queued behind it: in a burst (Space Down Space) the arrow moved first, and the
    tick landed on the next choice, or the same choice twice.
    """

    DEFAULT_CSS = """
    TickList > .selection-list--button, TickList > .selection-list--button-highlighted {
        color: $text-muted;
    }
    TickList > .selection-list--button-selected,
    TickList > .selection-list--button-selected-highlighted {
        color: $text-success;
        text-style: bold;
    }
    """

    def render_line(self, y: int) -> Strip:
        """The choice's line: its box, ticked or empty, then its label."""
        line = OptionList.render_line(self, y)  # the label, without Textual's box
        index = self.scroll_offset.y + y
        try:
            option = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = option.value in self._selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == index:
            component += "-highlighted"
        underlying = next(iter(line)).style or self.rich_style
        colored = self.get_component_rich_style(component)
        # On the line's own background; the option's index lets a click tick it.
        box = underlying + Style(color=colored.color, bold=colored.bold, meta={"option": index})
        return Strip(
            [Segment(TICKED if ticked else UNTICKED, box), Segment(" ", underlying), *line]
        )

    def action_select(self) -> None:
        """Tick or untick the highlighted choice, now."""
        highlighted = self.highlighted
        if highlighted is not None and not self.get_option_at_index(highlighted).disabled:
            self._toggle_highlighted_selection()


class MultiChoiceInput(StepInput):
    """Any number of the choices: Space ticks one, the Answer key answers."""

    keys = (("↑↓", "Move"), ("space", "Tick"))

    def compose(self) -> ComposeResult:
        yield TickList(*self._choices(), id="choices")
        yield Label("Space ticks or unticks; tick none for 'none of these'.", classes="input-help")

    def _choices(self) -> list[tuple[Content, str, bool]]:
        chosen = self.existing or []
        return [(Content(c.label), c.value, c.value in chosen) for c in choices_of(self.step)]

    def take_over(self, step: Step) -> bool:
        self._for(step)
        ticks = self.query_one(TickList)
        ticks.clear_options()
        ticks.add_options(self._choices())
        ticks.highlighted = 0
        return self._taken_over()

    def value(self) -> Any:
        return list(self.query_one(SelectionList).selected)


INPUTS: dict[str, type[StepInput]] = {
    "info": InfoInput,
    "text": TextInput,
    "long-text": LongTextInput,
    "choice": ChoiceInput,
    "yes-no": ChoiceInput,
    "level": LevelInput,
    "multi-choice": MultiChoiceInput,
    "per-partner": PerPartnerInput,
    "form": FormInput,
    "action-items": ActionItemsInput,
    "partners": PartnersInput,
}
"""The input for each kind of step."""


def input_class(step: Step) -> type[StepInput]:
    """The class of `step`'s input."""
    return INPUTS[step.kind]


def input_for(step: Step, conversation: Conversation, dialog: Dialog) -> StepInput:
    """The input widget for `step`."""
    if step.kind == "partners":
        return PartnersInput(step, conversation, dialog)
    return input_class(step)(step, conversation)
