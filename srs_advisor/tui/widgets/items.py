"""The action items' table: a row each, what, who and by when.

Suggestions for the working level come filled in; rows are added with a button (or
Enter on it) and an item is dropped by clearing its "what".
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from ...dialog.model import Step
from ..shown import SafeTextArea
from .step_input import Field, StepInput, focus_now


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


DROP_HELP = "Clear 'what' to drop a suggested item."
"""Below the table, where the level suggests items."""


class ActionItemsInput(StepInput):
    """Action items, a row each: what, who, by when. Suggestions for the level come filled in.

    The focus starts at the end of the first row's "what", nothing selected: the first
    key typed adds to the suggestion, never replaces it.
    """

    keys = (("tab", "Next field"),)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="item-head"):
            yield Label("What", classes="item-what")
            yield Label("Who", classes="item-who")
            yield Label("By when", classes="item-when")
        with Vertical(id="items"):
            for item in self._rows():
                with Horizontal(classes="item-row"):
                    yield from self._fields(item)
        yield Button("Add a row", id="add-row")
        yield Label(DROP_HELP, id="drop-help", classes="input-help")

    def on_mount(self) -> None:
        self._say_how_to_drop()

    def _say_how_to_drop(self) -> None:
        """Say how to drop a suggested item, where there are suggestions to drop."""
        self.query_one("#drop-help").display = bool(self.conversation.suggestions(self.step))

    def _rows(self) -> list[dict[str, str]]:
        """The rows to show: the items given (or the level's suggestions), and a blank one."""
        items = self.existing or [
            {"what": s, "who": "", "when": ""} for s in self.conversation.suggestions(self.step)
        ]
        return [*items, {"what": "", "who": "", "when": ""}]

    def take_over(self, step: Step) -> bool:
        self._for(step)
        self._say_how_to_drop()
        items = self._rows()
        rows = list(self.query(".item-row"))
        for item, row in zip(items, rows, strict=False):
            what = row.query_one(ItemText)
            what.load_text(item["what"])
            if what.has_focus:  # where the focus comes to it: after the text
                what.move_cursor(what.document.end)
            who, when = row.query(Field).results(Field)
            for field, text in ((who, item.get("who", "")), (when, item.get("when", ""))):
                field.value = text
                field.show_start()  # the focus goes to the first row's "what"
        for row in rows[len(items) :]:
            row.remove()
        more = [Horizontal(*self._fields(item), classes="item-row") for item in items[len(rows) :]]
        if not more:
            return self._taken_over()
        self._ready_when_mounted(self.query_one("#items").mount_all(more))
        return True

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
