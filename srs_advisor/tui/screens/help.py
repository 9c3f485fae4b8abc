"""The help screen: how the advisor works and the keys that move it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# How to use the advisor

The advisor asks one question at a time. Every answer is saved as you give it, so you
can stop at any time and carry on later: quitting prints the command that resumes the
session, and the start screen lists it.

| key | also, in a terminal | what it does |
| --- | --- | --- |
| Enter | | answer a one-line question or pick a choice |
| ↑ ↓ | | move in a list of choices |
| Space | | tick a choice, where several can be ticked: `[✓]` ticked, `[ ]` not |
| Tab | | move between the parts of an answer |
| PgUp PgDn | | scroll the conversation so far (in a list or a text box: with Shift) |
| F3 | Ctrl+S | answer (for several lines, ticked choices, lists and tables) |
| Ctrl+B | | back one question |
| F4 | Ctrl+N | skip: the question is noted as "not discussed" |
| F7 | Ctrl+L | unsure, discuss later: the question goes on the parking lot |
| F8 | Ctrl+R | review every answer, and go back to change one |
| Ctrl+G | | show or hide the guidance (on a narrow screen, below the question) |
| F1 | | this help |
| F2 | | presenter mode, for sharing your screen |
| F6 | | download the notes (in a terminal: into your downloads folder) |
| Shift+F6 | | the notes as a web page (a new tab in a browser; an HTML file here) |
| F9 | Ctrl+P | all commands: jump to a part, theme, save the notes elsewhere |
| F10 | Ctrl+Q | quit (your answers are already saved) |

The first key works everywhere, a browser tab included (a browser keeps some Ctrl
keys for itself). Every key in the bar at the bottom can also be clicked.

**Changing an answer.** Go back with Ctrl+B, or pick a question in the review or a
part in the progress list. Change the answer, and you return to where you were. If
the change means some later answers no longer apply, the advisor lists them; they
are kept aside in the notes, not thrown away.

**The partner list.** Type a name and Enter, then Enter again to pick its sector: the
partner is added. In the list (Shift+Tab), Enter edits a partner: the line above the
name says which, the button reads "Update partner", Enter saves the change and Esc
leaves it as it was. Delete removes a partner.

**Needed questions.** The partner list and the nine formality questions cannot be
skipped: the advisor needs them. You can still mark them "unsure, discuss later".

**Check-ins.** To follow up a finished meeting, choose "Check in on a saved session"
on the start screen (F4), or run `srs-advisor checkin SESSION`. A check-in is a new
session: it asks where each action item stands (done, open, late with a new date,
dropped), then again the questions to review (who is in the room, the objectives and
what is off the table, trust, each partner's goals, the formality factors and the level,
the next meeting, and the last meeting's parking lot), each with the earlier answer shown
and filled in: answer to keep it, or change it. The earlier session is not changed. The
check-in's notes open with what changed since the last meeting.

**The notes.** At the end you see the meeting notes, saved as `transcript.md` beside
the session. They list every answer, the readiness gaps, the level of formality, the
action items and the parking lot.
"""


class HelpScreen(ModalScreen[None]):
    """Shows `HELP` until Escape or F1."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(HELP)
        yield Footer(compact=True)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
