"""One input widget for each kind of step.

Each input shows the step's current answer (if any) for editing, and hands back a
raw value for the engine to check: the engine is the judge of what is valid, and
its message is shown in place. Single-value inputs post `StepInput.Submitted` when
the user presses Enter; the others are submitted with the screen's Answer key.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, SelectionList, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...dialog.model import Dialog, Step, choices_of
from ...engine.answers import MAX_LINE, MAX_TEXT
from ...engine.conversation import Conversation
from ..shown import SHOWN_NAME, SafeInput, SafeTextArea, shown, visible


class Field(SafeInput):
    """A one-line input that shows the start of its text whenever it is not focused.

    Textual's `Input` keeps the cursor (at the end) in view, so a long answer not being
    edited would show only its last words. Focused, its text is not selected (Textual's
    default), so the first key typed adds to an answer or suggestion already there
    instead of replacing it: the cursor goes to the end, as after typing it.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: None if self.has_focus else self._show_start())

    def on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)

    def on_blur(self, event: events.Blur) -> None:
        self._show_start()

    def _show_start(self) -> None:
        self.cursor_position = 0  # the input keeps its cursor in view: put it first
        self.scroll_to(x=0, animate=False, immediate=True)


def focus_now(widget: Widget, *, scroll: bool = True) -> None:
    """Give `widget` the focus at once, so the very next key goes to it.

    `Widget.focus` waits for the app's queue, and a key typed meanwhile would go to the
    widget that had the focus before. With `scroll` false the view does not move (the
    caller brings the widget into view once the layout is known).
    """
    if widget.is_mounted:
        widget.screen.set_focus(widget, scroll_visible=scroll)
    else:
        widget.focus(scroll_visible=scroll)


class StepInput(Vertical):
    """The base of the inputs: knows its step and the conversation's answer to it."""

    DEFAULT_CSS = """
    StepInput { height: auto; }
    """

    class Submitted(Message):
        """The user finished the answer (Enter on a one-value input)."""

    class Ready(Message):
        """The input is laid out and has the focus: typing goes to it from now."""

    class Edited(Message):
        """The input's content changed in a way no `Input.Changed` tells (a row, a partner)."""

    class KeysChanged(Message):
        """The input's own keys (`keys`) changed: the key bar shows them again."""

    keys: ClassVar[tuple[tuple[str, str], ...]] = (("⏎", "Answer"),)
    """The input's own keys, shown first in the key bar: (key, what it does)."""

    def shown_keys(self) -> tuple[tuple[str, str], ...]:
        """The input's own keys as they are now: `keys`, unless a mode changes them."""
        return self.keys

    def __init__(self, step: Step, conversation: Conversation) -> None:
        super().__init__(classes="step-input")
        self.conversation = conversation
        self._for(step)

    def _for(self, step: Step) -> None:
        self.step = step
        self.existing = self.conversation.answer_of(step.id)
        if self.existing is None:  # a parked step shows the answer it had, to confirm
            self.existing = self.conversation.tentative_of(step.id)
        self.restored = self.conversation.draft_of(step.id)
        """What was typed here before but not answered (a closed tab's), shown again."""
        if self.restored is not None:
            self.existing = self._from_draft(self.restored)
        self._initial: Any = None
        self._ready_done = False

    def take_over(self, step: Step) -> bool:
        """Show `step` in this input, already on screen, instead of mounting a new one.

        Removing an input and mounting the next one costs a layout and a restyle of
        the screen (the focus leaves and comes back); the inputs whose parts are the
        same from step to step refill them instead. Returns False where the input
        cannot (the caller mounts a new one); else `Ready` follows, as after a mount.
        """
        return False

    def _taken_over(self) -> bool:
        self.call_after_refresh(self._ready)
        return True

    def on_mount(self) -> None:
        # Textual also runs the subclasses' own on_mount. Focus once the parts are laid out.
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._initial = self.value()
        self._ready_done = True
        if self.restored is not None:  # typing goes on after the draft, not over it
            for field in self.query(Input):
                field.select_on_focus = False
        self.focus_input(scroll=False)  # the screen scrolls it into view, once laid out
        if self.restored is not None:
            self.call_after_refresh(self._cursor_to_end)
        self.post_message(self.Ready())

    settling = False
    """Set by `enter` when its move ends later: the input posts `Ready` when it is done,
    and the keys typed after Enter wait for that."""

    def _cursor_to_end(self) -> None:
        focused = self.app.focused
        if isinstance(focused, Input) and self in focused.ancestors:
            focused.cursor_position = len(focused.value)
        elif isinstance(focused, TextArea) and self in focused.ancestors:
            focused.move_cursor(focused.document.end)

    def enter(self) -> bool:
        """Enter was pressed in the input: True if it moved within it (not an answer)."""
        return False

    def takes_enter(self) -> bool:
        """Whether Enter, where the focus is now, is this input's own move (`enter`).

        The screen then makes it once the keys typed before it are in, and holds the keys
        typed after it for wherever the move puts the focus.
        """
        return False

    def changed(self) -> bool:
        """Whether the user has typed or edited something since the input was shown
        (a draft restored into it counts: it was typed, and not yet given)."""
        return self._ready_done and (
            self.restored is not None or bool(self.value() != self._initial)
        )

    def draft(self) -> Any:
        """What the input holds now, to keep as a draft (`engine.drafts`), or None if nothing
        was typed since it was shown."""
        if not self._ready_done or self.value() == self._initial and self.restored is None:
            return None
        return self.value()

    def _from_draft(self, draft: Any) -> Any:
        """The draft as the input shows an answer (the same shape, but for the partner list)."""
        return draft

    def value(self) -> Any:
        """The answer as the user has it now, for the engine to check."""
        raise NotImplementedError

    def answer_value(self) -> Any:
        """The answer to give (the answer key): `value`, or an error that says what is missing.

        Raises:
            AnswerError: the input holds something half given that would otherwise be lost.
        """
        return self.value()

    def focus_input(self, *, scroll: bool = True) -> None:
        """Put the keyboard focus where typing should start."""
        focusable = self.query("Input, TextArea, OptionList, SelectionList, Button, Select")
        if focusable:
            focus_now(focusable.first(), scroll=scroll)


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


def too_long_to_edit(step: Step, existing: Any, limit: int) -> Label | None:
    """A note when a saved answer is longer than an answer can be (a file held it).

    Such an answer is not put in the input (laying out megabytes would freeze the app,
    and it could not be given back as it is): it stays saved unless a new one is given.
    """
    if not isinstance(existing, str) or len(existing) <= limit:
        return None
    keep = "" if step.required else ", or skip the question (Ctrl+N) to keep it"
    return Label(
        shown(
            f"The saved answer is {len(existing):,} characters long, more than the "
            f"{limit:,} an answer can hold, so it is not shown here. It stays saved, and the "
            f"notes hold it all, unless you type a new one{keep}."
        ),
        classes="input-help too-long",
    )


class TextInput(StepInput):
    """One line of text; Enter answers."""

    def compose(self) -> ComposeResult:
        note = too_long_to_edit(self.step, self.existing, MAX_LINE)
        value = "" if note else self.existing or ""
        yield Field(value=value, placeholder="Type the answer, then Enter")
        if note:
            yield note

    def take_over(self, step: Step) -> bool:
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
        chosen = self.existing or []
        yield TickList(
            *[(Content(c.label), c.value, c.value in chosen) for c in choices_of(self.step)],
            id="choices",
        )
        yield Label("Space ticks or unticks; tick none for 'none of these'.", classes="input-help")

    def value(self) -> Any:
        return list(self.query_one(SelectionList).selected)


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


class ItemText(SafeTextArea):
    """An action item's "what": one line of text, wrapped to show all of it.

    A suggestion is often longer than its column; a one-line input would show only its
    start, or, focused, its end. Enter and a pasted line break add no new line (an item
    is one line): a pasted break becomes a space. Focused, the cursor goes to the end,
    and Ctrl+U clears to the start, as in the other fields.
    """

    DEFAULT_CSS = """
    ItemText { height: auto; max-height: 4; }
    """

    def __init__(self, text: str, *, classes: str) -> None:
        super().__init__(
            text, soft_wrap=True, show_line_numbers=False, compact=True, classes=classes
        )
        self.placeholder = "What is to be done"

    @property
    def value(self) -> str:
        """The item's text."""
        return self.text

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if self.read_only:
            return
        text = " ".join(event.text.splitlines())
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)

    def on_focus(self, event: events.Focus) -> None:
        self.move_cursor(self.document.end)

    def action_delete_to_start_of_line(self) -> None:
        """Delete from the cursor to the start of the item (not of its wrapped line)."""
        self._delete_via_keyboard((0, 0), self.selection.end)


class ActionItemsInput(StepInput):
    """Action items, a row each: what, who, by when. Suggestions for the level come filled in.

    The focus starts at the end of the first row's "what", nothing selected: the first
    key typed adds to the suggestion, never replaces it.
    """

    keys = (("tab", "Next field"),)

    def compose(self) -> ComposeResult:
        items = self.existing or [
            {"what": s, "who": "", "when": ""} for s in self.conversation.suggestions(self.step)
        ]
        with Horizontal(classes="item-head"):
            yield Label("What", classes="item-what")
            yield Label("Who", classes="item-who")
            yield Label("By when", classes="item-when")
        with Vertical(id="items"):
            for item in [*items, {"what": "", "who": "", "when": ""}]:
                with Horizontal(classes="item-row"):
                    yield from self._fields(item)
        yield Button("Add a row", id="add-row")
        yield Label("Clear 'what' to drop a suggested item.", classes="input-help")

    @staticmethod
    def _fields(item: dict[str, str]) -> list[Widget]:
        # Compact (borderless) fields: a table of several rows must fit a small screen.
        return [
            ItemText(item["what"], classes="item-what"),
            Field(item.get("who", ""), placeholder="Who", classes="item-who", compact=True),
            Field(item.get("when", ""), placeholder="By when", classes="item-when", compact=True),
        ]

    def takes_enter(self) -> bool:
        # Enter on "Add a row" moves the focus to the new row: the keys after it go there.
        return self.app.focused is self.query_one("#add-row", Button)

    def enter(self) -> bool:
        self.settling = True  # `Ready` follows once the new row has the focus
        self.call_later(self._add_row)
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self._add_row()

    async def _add_row(self) -> None:
        fields = self._fields({"what": "", "who": "", "when": ""})
        await self.query_one("#items").mount(Horizontal(*fields, classes="item-row"))
        focus_now(fields[0])
        self.post_message(self.Edited())
        if self.settling:
            self.settling = False
            self.post_message(self.Ready())

    def value(self) -> Any:
        items = []
        for row in self.query(".item-row"):
            what = row.query_one(ItemText).value
            who, when = (field.value for field in row.query(Input).results(Input))
            if what.strip() or who.strip() or when.strip():
                items.append({"what": what, "who": who, "when": when})
        return items


def input_for(step: Step, conversation: Conversation, dialog: Dialog) -> StepInput:
    """The input widget for `step`."""
    if step.kind == "partners":
        from .partners import PartnersInput  # its own module: the largest input

        return PartnersInput(step, conversation, dialog)
    kinds: dict[str, type[StepInput]] = {
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
    }
    return kinds[step.kind](step, conversation)
