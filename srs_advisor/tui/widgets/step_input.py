"""What every input of a step shares: the step, its answer, focus, drafts, being refilled.

`StepInput` is the base of one input widget for each kind of step (`inputs.py`,
`fields.py`, `items.py`, `partners.py`); `Field` is the one-line field they use.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.containers import Vertical
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Label, TextArea

from ...dialog.model import Step
from ...engine.conversation import Conversation
from ..shown import SafeInput, shown


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

    def show_start(self) -> None:
        """Show the start of the text (a refilled field that is not focused)."""
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

    def _existing_for(self, step: Step) -> Any:
        """The answer `step`'s input starts from: the answer given, or a parked one's."""
        existing = self.conversation.answer_of(step.id)
        if existing is None:  # a parked step shows the answer it had, to confirm
            existing = self.conversation.tentative_of(step.id)
        return existing

    def _for(self, step: Step) -> None:
        self.step = step
        self.existing = self._existing_for(step)
        self.restored = self.conversation.draft_of(step.id)
        """What was typed here before but not answered (a closed tab's), shown again."""
        if self.restored is not None:
            self.existing = self._from_draft(self.restored)
        self._initial: Any = None
        self._ready_done = False

    def take_over(self, step: Step) -> bool:
        """Show `step` in this input, already on screen, instead of mounting a new one.

        Removing an input and mounting the next one costs a layout and a restyle of
        the screen (the focus leaves and comes back); an input of the same kind refills
        its parts instead (adding or removing the rows, partners or fields that differ).
        Returns False where the input cannot (the caller mounts a new one); else `Ready`
        follows, as after a mount.
        """
        return False

    def _taken_over(self) -> bool:
        # Its parts are laid out already and hold the new step: ready at once, so the keys
        # typed meanwhile go to it now, not after one more frame.
        self._ready()
        return True

    def _ready_when_mounted(self, mounting: AwaitMount) -> None:
        """Once the parts a refill added are mounted, be ready (`Ready`) as after a mount."""

        async def ready() -> None:
            await mounting
            self._ready()

        self.call_later(ready)

    def on_mount(self) -> None:
        # Textual also runs the subclasses' own on_mount. The focus goes to the input now,
        # so that the restyle it brings is done with the layout of the mount, not after it
        # in a layout of its own; `Ready` (and the keys typed meanwhile) once laid out.
        if self.restored is None:  # a draft shown again is focused once its fields are set
            self.focus_input(scroll=False)
        self.call_after_refresh(self._ready, False)

    def _ready(self, refocus: bool = True) -> None:
        """Laid out: take the focus (unless, just mounted, it is in the input already: a
        click may have put it elsewhere in it), and say so (`Ready`)."""
        self._initial = self.value()
        self._ready_done = True
        if self.restored is not None:  # typing goes on after the draft, not over it
            for field in self.query(Input):
                field.select_on_focus = False
        focused = self.screen.focused
        if refocus or focused is None or self not in focused.ancestors:
            self.focus_input(scroll=False)  # the screen scrolls it into view, once laid out
        if self.restored is not None:
            self.call_after_refresh(self._cursor_to_end)
        elif isinstance(self.existing, str) and self.existing:
            # An answer shown again in several lines: what is typed adds to it, at its end
            # (a check-in's "off the table" grows), as after typing it.
            self.call_after_refresh(self._text_cursor_to_end)
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

    def _text_cursor_to_end(self) -> None:
        focused = self.app.focused
        if isinstance(focused, TextArea) and self in focused.ancestors:
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
