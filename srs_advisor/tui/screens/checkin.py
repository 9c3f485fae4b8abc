"""Check in on a saved session: pick the finished meeting to follow up, and start.

The list is the sessions folder's, as on the start screen: each check-in under the
meeting it follows, in order. Only a finished session can be followed up; one still
under way is listed, dimmed, with what to do instead. In a browser tab nothing else can
be named: the sessions folder is the only place a check-in reads or writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.checkin import CheckInRefused
from ...store import SessionError, SessionSummary
from ...store.chains import in_chains
from ...store.checkins import check_in
from ..shown import shown, visible

if TYPE_CHECKING:
    from ..app import AdvisorApp

ABOUT = (
    "A check-in follows up a finished meeting as a new session: it asks again what should "
    "be reviewed, each question with the earlier answer. The earlier session is not "
    "changed. Choose the meeting to follow up (usually the last of a chain):"
)

NOT_FINISHED = "not finished: resume it from the start screen, and finish it, first"


class CheckInList(OptionList):
    """The sessions to follow up; its key bar says what Enter does."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Check in on this")]


class CheckInScreen(ModalScreen[str | None]):
    """Lists the saved sessions; dismisses with the folder to follow up, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", key_display="esc")
    ]

    def __init__(self, found: list[SessionSummary], lines: dict[str, str]) -> None:
        """`found`: the saved sessions; `lines`: each one's line, by id, as the start screen's."""
        super().__init__()
        self.found = found
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-pick", classes="dialog"):
            yield Static("Check in on a saved session", classes="dialog-title")
            yield Static(Content(ABOUT), id="checkin-about")
            yield CheckInList(*self._options(), id="checkin-list")
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for summary, depth in in_chains(self.found):
            line = chain_line(summary, depth, self.lines[summary.id])
            if not summary.finished:
                options.append(Option(shown(f"{line}  ({NOT_FINISHED})"), disabled=True))
            else:
                options.append(Option(shown(line), id=str(summary.folder)))
        if not any(s.finished for s in self.found):
            options.insert(
                0,
                Option(
                    Content("No finished session yet: finish a meeting first, then check in."),
                    disabled=True,
                ),
            )
        return options

    def on_mount(self) -> None:
        listing = self.query_one(CheckInList)
        finished = [s for s in self.found if s.finished]
        if finished:
            # The latest meeting held: the one a check-in most likely follows up.
            latest = max(finished, key=lambda s: s.created or s.updated)
            listing.highlighted = listing.get_option_index(str(latest.folder))
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without starting anything."""
        self.dismiss(None)


def chain_line(summary: SessionSummary, depth: int, line: str) -> str:
    """A session's line in a list of chains: a check-in indented under its meeting."""
    if depth == 0 and summary.follows is None:
        return line
    if depth == 0:
        return f"Check-in {summary.checkin} (of a session not in this folder) · {line}"
    return f"{'   ' * depth}↳ Check-in {summary.checkin} · {line}"


def check_in_on(app: AdvisorApp, folder: str) -> None:
    """Start a check-in on the session in `folder`, and open it; or say why not."""
    try:
        checkin = check_in(app.dialog, Path(folder), app.sessions_dir)
    except (SessionError, CheckInRefused) as error:
        app.notify(visible(str(error)), severity="error", timeout=15, markup=False)
        return
    app.open_conversation(checkin)
