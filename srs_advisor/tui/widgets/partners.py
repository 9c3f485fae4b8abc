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
from ..shown import SHOWN_NAME, SafeInput, cut, shown, visible
from .step_input import StepInput, focus_now

ADD = "Add partner"
UPDATE = "Update partner"
"""The form's button: what Enter in the name does, adding a partner or saving an edit."""


class PartnerList(OptionList):
    """The partners added so far; focused, its first partner is highlighted at once.

    An `OptionList` starts with nothing highlighted, so the first Down only highlighted
    the first partner, and Enter edited nothing: a person expects Down to move, and Enter
    to edit the partner it shows.
    """

    def on_focus(self) -> None:
        if self.highlighted is None and any(not o.disabled for o in self.options):
            self.highlighted = next(n for n, o in enumerate(self.options) if not o.disabled)


class PartnersInput(StepInput):
    """The partner list: add with name, sector and Enter; pick one to edit or remove it."""

    keys = (("tab", "Next field"), ("⏎", "Add"))
    EDITING_KEYS = (("tab", "Next field"), ("⏎", "Update"), ("esc", "Stop editing"))
    """The keys while a partner is edited: Enter saves the change, Esc leaves it."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove", "Remove partner", show=False),
        Binding("escape", "stop_editing", "Stop editing", show=False),
    ]

    def __init__(self, step: Step, conversation: Conversation, dialog: Dialog) -> None:
        super().__init__(step, conversation)
        self.sectors = [(s.label, s.value) for s in dialog.meta.sectors]
        self.partners: list[dict[str, str]] = [dict(p) for p in self.existing or []]
        self.editing: int | None = None
        self._loading: str | None = None
        """The sector being put in the form to edit an entry (its change event is no choice)."""

    def compose(self) -> ComposeResult:
        yield PartnerList(id="partner-list")
        # What the form is doing (editing a partner, waiting for a sector, a partner
        # removed): in place, above the name, where a notification would cover the list.
        yield Label(id="partner-status", markup=False)
        yield SafeInput(placeholder="Organization name", id="partner-name")
        with Horizontal(id="partner-form"):
            yield Select(self.sectors, prompt="Sector", id="partner-sector", allow_blank=True)
            yield Button(ADD, id="partner-add")
        yield Label(
            "Type a name and Enter, then Enter again to pick its sector: the partner is added. "
            "In the list: Enter edits (Esc stops editing), Delete removes. F3 when the list "
            "is complete.",
            classes="input-help",
        )

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self._refresh_list()
        self._say("")
        if isinstance(self.restored, dict):  # a name typed but not added, before
            self.query_one("#partner-name", Input).value = self.restored.get("typed", "")
            picked = self.restored.get("sector", "")
            if picked in {value for _, value in self.sectors}:
                self._loading = picked  # put back as it was: no choice made now
                self.query_one("#partner-sector", Select).value = picked

    def take_over(self, step: Step) -> bool:
        self._for(step)
        self.partners = [dict(p) for p in self.existing or []]
        self._set_editing(None)  # the button says "Add partner" again
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
            focus_now(name_input)
            self._say("Type the organization's name first.", warning=True)
            return
        if sector.value is Select.NULL:
            focus_now(sector)  # first, so the very next key goes to the sector list
            doing = self._editing_line() + " " if self.editing is not None else ""
            self._say(f"{doing}Pick a sector for {cut(name, SHOWN_NAME)}: Enter opens the list.")
            return
        partner = {"name": name, "sector": str(sector.value)}
        if self.editing is not None:
            # Keep the partner's id: its answers to the per-partner questions follow it.
            self.partners[self.editing] = {**self.partners[self.editing], **partner}
            self._set_editing(None)
        else:
            self.partners.append(partner)
        self._clear_form()
        self._say("")
        self._refresh_list()
        focus_now(name_input)

    def _clear_form(self) -> None:
        self.query_one("#partner-name", Input).value = ""
        self.query_one("#partner-sector", Select).clear()

    def _set_editing(self, index: int | None) -> None:
        """Edit the partner at `index` (None: add a new one); the button and keys say which."""
        self.editing = index
        self.query_one("#partner-add", Button).label = ADD if index is None else UPDATE
        self.post_message(self.KeysChanged())

    def shown_keys(self) -> tuple[tuple[str, str], ...]:
        return self.keys if self.editing is None else self.EDITING_KEYS

    def _say(self, text: str, *, warning: bool = False) -> None:
        """Show `text` above the name (a name in it is shown as typed), or nothing."""
        status = self.query_one("#partner-status", Label)
        status.update(shown(text, multiline=False))
        status.display = bool(text)
        status.set_class(warning, "warning")
        if text:
            # In view with the form, even at 80x24 where the question scrolls.
            self.call_after_refresh(self._show_form)

    def _show_form(self) -> None:
        self.query_one("#partner-form").scroll_visible(animate=False, immediate=True)
        self.query_one("#partner-status").scroll_visible(animate=False, immediate=True)

    def _editing_line(self) -> str:
        assert self.editing is not None
        name = cut(self.partners[self.editing]["name"], SHOWN_NAME)
        return f"Editing {name}: change its name or sector, then Enter (Esc stops editing)."

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._edit(int(event.option.id))  # a click: Enter is made as it arrives

    def _edit(self, index: int) -> None:
        self._set_editing(index)
        partner = self.partners[index]
        sector = self.query_one("#partner-sector", Select)
        if sector.value != partner["sector"]:
            self._loading = partner["sector"]
            sector.value = partner["sector"]
        self.query_one("#partner-name", Input).value = partner["name"]
        focus_now(self.query_one("#partner-name", Input))
        self._say(self._editing_line())

    def action_stop_editing(self) -> None:
        """Esc while editing a partner: leave it as it was, and empty the form."""
        if self.editing is None:
            return
        index = self.editing
        self._set_editing(None)
        self._clear_form()
        self._say("")
        listing = self.query_one("#partner-list", OptionList)
        focus_now(listing)
        listing.highlighted = index  # back on the partner, as it was

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
        if self.editing == index:  # the partner being edited is gone: so is the edit
            self._set_editing(None)
            self._clear_form()
        elif self.editing is not None and self.editing > index:
            self.editing -= 1
        self._refresh_list()
        self.post_message(self.Edited())
        editing = f" {self._editing_line()}" if self.editing is not None else ""
        self._say(f"Removed {cut(removed['name'], SHOWN_NAME)}.{editing}")

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
