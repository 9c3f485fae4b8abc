"""The partner list's input: name, sector and Enter to add; pick one to edit or remove it.

The largest of the step inputs, so it has a module of its own; `inputs.input_for`
picks it for a `partners` step.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from ...dialog.model import Dialog, Step
from ...engine.answers import AnswerError
from ...engine.conversation import Conversation
from ..shown import SHOWN_NAME, SafeInput, cut, visible
from .step_input import StepInput, focus_now


class PartnersInput(StepInput):
    """The partner list: add with name, sector and Enter; pick one to edit or remove it."""

    keys = (("tab", "Next field"), ("⏎", "Add"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove", "Remove partner", show=False),
    ]

    def __init__(self, step: Step, conversation: Conversation, dialog: Dialog) -> None:
        super().__init__(step, conversation)
        self.sectors = [(s.label, s.value) for s in dialog.meta.sectors]
        self.partners: list[dict[str, str]] = [dict(p) for p in self.existing or []]
        self.editing: int | None = None
        self._loading: str | None = None
        """The sector being put in the form to edit an entry (its change event is no choice)."""

    def compose(self) -> ComposeResult:
        yield OptionList(id="partner-list")
        yield SafeInput(placeholder="Organization name", id="partner-name")
        with Horizontal(id="partner-form"):
            yield Select(self.sectors, prompt="Sector", id="partner-sector", allow_blank=True)
            yield Button("Add partner", id="partner-add")
        yield Label(
            "Type a name and Enter, then Enter again to pick its sector: the partner is added. "
            "In the list: Enter edits, Delete removes. F3 when the list is complete.",
            classes="input-help",
        )

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self._refresh_list()
        if isinstance(self.restored, dict):  # a name typed but not added, before
            self.query_one("#partner-name", Input).value = self.restored.get("typed", "")
            picked = self.restored.get("sector", "")
            if picked in {value for _, value in self.sectors}:
                self._loading = picked  # put back as it was: no choice made now
                self.query_one("#partner-sector", Select).value = picked

    def take_over(self, step: Step) -> bool:
        self._for(step)
        self.partners = [dict(p) for p in self.existing or []]
        self.editing = None
        self._loading = None
        self.query_one("#partner-name", Input).value = ""
        self.query_one("#partner-sector", Select).clear()
        self._fill()
        return self._taken_over()

    def _from_draft(self, draft: Any) -> Any:
        return draft["partners"]

    def draft(self) -> Any:
        if super().draft() is None:
            return None
        if self.editing is not None:  # an entry being edited: kept as edited so far
            return {"partners": self.value(), "typed": "", "sector": ""}
        sector = self.query_one("#partner-sector", Select).value
        return {
            "partners": [dict(p) for p in self.partners],
            "typed": self.query_one("#partner-name", Input).value,
            "sector": "" if sector is Select.NULL else str(sector),
        }

    def _refresh_list(self) -> None:
        listing = self.query_one("#partner-list", OptionList)
        labels = dict((v, k) for k, v in self.sectors)
        listing.clear_options()
        if not self.partners:
            listing.add_option(Option(Content("No partners yet"), disabled=True))
        for number, partner in enumerate(self.partners):
            sector = labels.get(partner["sector"], partner["sector"])
            name = visible(partner["name"], SHOWN_NAME, multiline=False)
            listing.add_option(Option(Content(f"{name}  ({sector})"), id=str(number)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._add()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._loading is not None and event.value == self._loading:
            self._loading = None  # the entry being edited was put in the form: not a choice
            return
        if event.value is Select.NULL or event.value != event.select.value:
            return  # cleared, or stale: a sector picked by Enter is added as the key came
        if self.query_one("#partner-name", Input).value.strip():
            self._add()  # a name and now its sector: that is the partner

    def _add(self) -> None:
        name_input = self.query_one("#partner-name", Input)
        sector = self.query_one("#partner-sector", Select)
        name = name_input.value.strip()
        if not name:
            self.notify("Type the organization's name first.", severity="warning")
            focus_now(name_input)
            return
        if sector.value is Select.NULL:
            focus_now(sector)  # first, so the very next key goes to the sector list
            self.notify(f"Pick a sector for {visible(name, SHOWN_NAME)}.", markup=False)
            return
        partner = {"name": name, "sector": str(sector.value)}
        if self.editing is not None:
            # Keep the partner's id: its answers to the per-partner questions follow it.
            self.partners[self.editing] = {**self.partners[self.editing], **partner}
            self.editing = None
        else:
            self.partners.append(partner)
        name_input.value = ""
        sector.clear()
        self._refresh_list()
        focus_now(name_input)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._edit(int(event.option.id))  # a click: Enter is made as it arrives

    def _edit(self, index: int) -> None:
        self.editing = index
        partner = self.partners[self.editing]
        sector = self.query_one("#partner-sector", Select)
        if sector.value != partner["sector"]:
            self._loading = partner["sector"]
            sector.value = partner["sector"]
        self.query_one("#partner-name", Input).value = partner["name"]
        focus_now(self.query_one("#partner-name", Input))

    def action_remove(self) -> None:
        option = self.query_one("#partner-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        index = int(option.id)
        name = self.partners[index]["name"]
        answered = self.conversation.partner_answers(name)
        if not answered:
            self._remove(index)
            return
        titles = ", ".join(self.conversation.dialog.step(s).title.lower() for s in answered)
        from ..screens.confirm import ConfirmScreen  # screens import widgets, not back

        def decided(remove: bool | None) -> None:
            if remove:
                self._remove(index)
            focus_now(self.query_one("#partner-list", OptionList))

        label = cut(name, SHOWN_NAME)  # the dialog escapes it; a name can be megabytes
        self.app.push_screen(
            ConfirmScreen(
                f"Remove {label}?",
                f"{label} has answers to: {titles}. Removing the partner sets them aside "
                "(the notes keep them under 'Answers set aside').",
                go="Remove",
            ),
            decided,
        )

    def _remove(self, index: int) -> None:
        removed = self.partners.pop(index)
        self.editing = None
        self._refresh_list()
        self.post_message(self.Edited())
        self.notify(f"Removed {visible(removed['name'], SHOWN_NAME)}.", markup=False)

    def takes_enter(self) -> bool:
        # Enter in the name field adds the partner, or moves to the sector list; Enter on
        # a sector in the open list adds the partner and goes back to the name field. Each
        # moves the focus, and the next keys (Enter again, the next name) must follow it.
        focused = self.app.focused
        if focused is self.query_one("#partner-name", Input):
            return True
        # Enter in the list edits the partner highlighted once the keys before Enter (an
        # arrow, Home) are in: whether Enter is the list's is known from the focus alone.
        listing = self.query_one("#partner-list", OptionList)
        return focused is listing or self._opening() or self._picking() is not None

    def _opening(self) -> bool:
        """Whether Enter opens the sector list for a partner's name."""
        return self.app.focused is self.query_one("#partner-sector", Select) and bool(
            self.query_one("#partner-name", Input).value.strip()
        )

    def _picking(self) -> OptionList | None:
        """The sector list, when it is open on a partner's name and has the focus."""
        sector = self.query_one("#partner-sector", Select)
        focused = self.app.focused
        if (
            isinstance(focused, OptionList)
            and sector in focused.ancestors
            and sector.expanded
            and self.query_one("#partner-name", Input).value.strip()
        ):
            return focused
        return None

    def enter(self) -> bool:
        partner_list = self.query_one("#partner-list", OptionList)
        if self.app.focused is partner_list:
            option = partner_list.highlighted_option
            if option is not None and option.id is not None:
                self._edit(int(option.id))  # else "No partners yet": nothing to edit
            return True
        if self._opening():
            # Open the list with the focus in it now: the Select's own Enter focuses the
            # list only after a refresh, and an arrow typed before then was lost.
            sector = self.query_one("#partner-sector", Select)
            sector.action_show_overlay()
            focus_now(sector.query_one(OptionList), scroll=False)
            return True
        listing = self._picking()
        if listing is not None:
            option = listing.highlighted_option
            values = {label: value for label, value in self.sectors}
            picked = values.get(str(option.prompt)) if option is not None else None
            if picked is None:
                return True  # the blank line: nothing picked, the list stays open
            sector = self.query_one("#partner-sector", Select)
            sector.value = picked
            sector.expanded = False
        self._add()
        return True

    def value(self) -> Any:
        partners = [dict(p) for p in self.partners]
        name = self.query_one("#partner-name", Input).value.strip()
        if name:
            # Typed but not yet added (F3 at once): part of the answer, never dropped. With
            # no sector yet the engine refuses it, saying so, and the name stays typed.
            sector = self.query_one("#partner-sector", Select).value
            pending = {"name": name, "sector": "" if sector is Select.NULL else str(sector)}
            if self.editing is not None:
                partners[self.editing] = {**partners[self.editing], **pending}
            else:
                partners.append(pending)
        return partners

    def answer_value(self) -> Any:
        name = self.query_one("#partner-name", Input).value.strip()
        if name and self.query_one("#partner-sector", Select).value is Select.NULL:
            raise AnswerError(
                f"{name} has no sector yet: press Enter in its name to pick one, or clear "
                "the name, then answer."
            )
        return self.value()

    def focus_input(self, *, scroll: bool = True) -> None:
        focus_now(self.query_one("#partner-name", Input), scroll=scroll)
