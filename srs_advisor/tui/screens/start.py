"""The start: begin a new session, or pick a saved one to resume."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...dialog import Dialog
from ...store import SessionSummary, list_sessions
from ..shown import SHOWN_NAME, cut, shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

INTRO = (
    "Plan a service and resource sharing arrangement with your partners: why you would "
    "share, what you would share, and how formal the agreement should be. The advisor "
    "asks one question at a time and saves every answer as you go."
)


def describe(summary: SessionSummary, dialog: Dialog) -> str:
    """A saved session in one line: when, who, and how far it got."""
    partners = ", ".join(cut(p, SHOWN_NAME) for p in summary.partners[:20])
    if len(summary.partners) > 20:
        partners += f" and {len(summary.partners) - 20} more"
    partners = partners or "no partners named yet"
    # In this computer's time zone, named: in a browser tab that is the server's, which
    # may not be the reader's.
    updated = summary.updated.astimezone()
    when = f"{updated:%Y-%m-%d %H:%M} {updated.tzname() or ''}".rstrip()
    return f"{when}  {partners}  ({summary.how_far(dialog)})"


class StartScreen(Screen[None]):
    """New session, or resume one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3,ctrl+n", "new", "New session", key_display="F3")
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static("Service and resource sharing advisor", classes="dialog-title")
            yield Static(INTRO, id="intro")
            yield Button("Start a new session", id="new", variant="primary")
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
        saved = self.query_one("#saved", OptionList)
        for summary in found:
            line = shown(describe(summary, self.advisor.dialog), multiline=False)
            saved.add_option(Option(line, id=str(summary.folder)))
        if found:
            saved.highlighted = 0  # the newest: Tab then Enter resumes it
        else:
            saved.add_option(Option(Content("No saved sessions yet."), disabled=True))
        for problem in problems:
            self.notify(visible(problem), severity="warning", timeout=10, markup=False)
        self.query_one("#new", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_new()

    def action_new(self) -> None:
        """Start a new session."""
        self.advisor.start_new()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.advisor.resume_folder(event.option.id)
