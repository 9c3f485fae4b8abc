"""The start: begin a new session, check in on a finished one, or pick one to resume."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...dialog import Dialog
from ...store import SessionSummary, list_sessions
from ...store.chains import in_chains
from ..shown import SHOWN_NAME, cut, shown, visible
from .checkin import CheckInScreen, chain_line, check_in_on

if TYPE_CHECKING:
    from ..app import AdvisorApp

INTRO = (
    "Plan a service and resource sharing arrangement with your partners: why you would "
    "share, what you would share, and how formal the agreement should be. The advisor "
    "asks one question at a time and saves every answer as you go."
)


def describe(summary: SessionSummary, dialog: Dialog, *, partners: bool = True) -> str:
    """A saved session in one line: when, who (unless `partners` is false), how far it got."""
    named = ", ".join(cut(p, SHOWN_NAME) for p in summary.partners[:20])
    if len(summary.partners) > 20:
        named += f" and {len(summary.partners) - 20} more"
    named = named or "no partners named yet"
    # In this computer's time zone, named: in a browser tab that is the server's, which
    # may not be the reader's.
    updated = summary.updated.astimezone()
    when = f"{updated:%Y-%m-%d %H:%M} {updated.tzname() or ''}".rstrip()
    who = f"  {named}" if partners else ""
    return f"{when}{who}  ({summary.how_far(dialog)})"


def lines_of(found: list[SessionSummary], dialog: Dialog) -> dict[str, str]:
    """Each saved session's line, by id: a check-in's without the partners when they are
    those of the meeting it follows (listed just above it)."""
    by_id = {s.id: s for s in found}
    lines = {}
    for summary in found:
        earlier = by_id.get(summary.follows or "")
        same = earlier is not None and earlier.partners == summary.partners
        lines[summary.id] = describe(summary, dialog, partners=not same)
    return lines


class StartScreen(Screen[None]):
    """New session, or resume one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3,ctrl+n", "new", "New session", key_display="F3"),
        Binding("f4", "checkin", "Check in", key_display="F4"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static("Service and resource sharing advisor", classes="dialog-title")
            yield Static(INTRO, id="intro")
            with Horizontal(id="start-buttons"):
                yield Button("Start a new session", id="new", variant="primary")
                # F4, or a click: Tab still goes from the new session to the saved ones
                # (Tab then Enter resumes the newest).
                checkin = Button("Check in on a saved session (F4)", id="checkin")
                checkin.can_focus = False
                yield checkin
            yield Static("Or resume a saved session:", id="saved-title")
            yield OptionList(id="saved")
        yield Footer(compact=True)

    @property
    def advisor(self) -> AdvisorApp:
        """The app, typed."""
        from ..app import AdvisorApp

        assert isinstance(self.app, AdvisorApp)
        return self.app

    def on_mount(self) -> None:
        found, problems = list_sessions(self.advisor.sessions_dir, self.advisor.dialog)
        self.found = found
        saved = self.query_one("#saved", OptionList)
        # Each check-in under the meeting it follows, in the order they were held.
        lines = lines_of(found, self.advisor.dialog)
        for summary, depth in in_chains(found):
            line = chain_line(summary, depth, lines[summary.id])
            saved.add_option(Option(shown(line, multiline=False), id=str(summary.folder)))
        if found:
            saved.highlighted = 0  # the newest: Tab then Enter resumes it
        else:
            saved.add_option(Option(Content("No saved sessions yet."), disabled=True))
        for problem in problems:
            self.notify(visible(problem), severity="warning", timeout=10, markup=False)
        self.query_one("#new", Button).focus()

    found: list[SessionSummary] = []
    """The saved sessions listed."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "checkin":
            self.action_checkin()
        else:
            self.action_new()

    def action_new(self) -> None:
        """Start a new session."""
        self.advisor.start_new()

    def action_checkin(self) -> None:
        """Pick a finished session to follow up with a check-in."""
        lines = lines_of(self.found, self.advisor.dialog)

        def chosen(folder: str | None) -> None:
            if folder:
                check_in_on(self.advisor, folder)

        self.app.push_screen(CheckInScreen(self.found, lines), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.advisor.resume_folder(event.option.id)
