"""The conversation so far, as a scrolling chat: the advisor's questions and the answers.

The whole conversation is one widget that draws its lines itself (Textual's line API,
as its `Log` does): appending an exchange draws only that exchange's lines, and a frame
draws only the lines in view. A widget per exchange would make every move cost more as
the session grows: each layout placed every exchange, and each restyle walked them all.
The chat takes no focus (the next question's input keeps it); PageUp and PageDown
scroll it from the screen, the mouse wheel too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.widgets import Static

from ...engine.conversation import Conversation
from ...notes.plain import answer_text
from ..shown import shown

SHOWN_LAST = 600
"""The most characters of the last answer presenter mode shows (the chat shows more)."""

Speaker = Literal["advisor", "you", "not-answered", "stale"]
"""Who says a line of the chat: the advisor's question, an answer, a question not
answered (skipped or parked), or a note (an answer to check, answers set aside)."""

SPEAKERS: tuple[Speaker, ...] = ("advisor", "you", "not-answered", "stale")

ANSWER_INDENT = 4
"""Columns left of an answer: the answers stand apart from the questions."""


@dataclass(frozen=True)
class Said:
    """One block of the chat: who says it, and the text as the screen shows it."""

    speaker: Speaker
    text: Content


@dataclass
class _Entry:
    """One step of the history (or a note with no step) and what the chat says of it."""

    step_id: str | None
    said: list[Said] = field(default_factory=list)


class ChatLog(ScrollView, can_focus=False):
    """The history of the conversation, drawn from the engine's record.

    Each step in the history is one entry (the question, the answer, and notes of an
    answer to check or of answers that no longer apply). The log keeps nothing but what
    it draws: `show` redraws it from the conversation, `add` appends the exchange just
    made, and `trim` drops the exchanges that a move back took out of the history.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"chat--{s}" for s in SPEAKERS}
    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; overflow-x: hidden; }
    ChatLog > .chat--advisor { color: $text-muted; }
    ChatLog > .chat--you { color: $text; background: $boost; }
    ChatLog > .chat--not-answered { color: $text-muted; background: $boost; text-style: italic; }
    ChatLog > .chat--stale { color: $warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._entries: list[_Entry] = []
        self._lines: list[Strip] = []
        """Every line of the chat, drawn at `_drawn_for`'s width."""
        self._plain: list[str] = []
        """The text of each line, for a selection."""
        self._starts: list[int] = []
        """The first line of each entry."""
        self._drawn_for: tuple[int, tuple[Style, ...]] | None = None
        """The width and the styles the lines were drawn with."""
        self._shown: dict[int, Strip] = {}
        """Lines as a frame showed them (cut to the view's width), by their number."""
        self._shown_width = 0
        self._frame: tuple[int, int, int, Selection | None] = (0, 0, 0, None)
        """Scrolled to, width and height of the view, and the selection, for this frame."""

    @property
    def said(self) -> list[Said]:
        """Everything the chat shows, in order."""
        return [said for entry in self._entries for said in entry.said]

    # -- what the chat holds ----------------------------------------------------------------

    def show(self, conversation: Conversation) -> None:
        """Redraw the whole history (but what a check-in passed by unchanged)."""
        self._entries = [
            _Entry(step_id) if conversation.carried(step_id) else _exchange(conversation, step_id)
            for step_id in conversation.history
        ]
        self._drawn_for = None
        self._draw()
        self.anchor()  # to the end, and kept there as the question below it changes size

    def add(self, conversation: Conversation, step_id: str, stale: list[str]) -> None:
        """Append the exchange of `step_id`, with a note of answers that no longer apply.

        A check-in passes by the questions it does not ask again: the history then grew by
        more than one step, and the log draws those it shows (none carried unchanged).
        """
        passed = conversation.history[len(self._entries) :] or [step_id]
        for each in passed:
            if each == step_id:
                entry = _exchange(conversation, each, stale)
            elif conversation.carried(each):
                entry = _Entry(each)  # passed by unchanged: nothing to say of it
            else:
                entry = _exchange(conversation, each)
            self._entries.append(entry)
            self._draw_more(entry)
        self.anchor()  # to the end, and kept there as the question below it changes size

    def trim(self, conversation: Conversation) -> None:
        """Drop the exchanges after the history's end (after a move back)."""
        kept = len(conversation.history)
        if kept > len(self._entries):
            self.show(conversation)
            return
        del self._entries[kept:]
        if self._drawn_for is not None:
            end = self._starts[kept] if kept < len(self._starts) else len(self._lines)
            del self._lines[end:], self._plain[end:], self._starts[kept:]
            self._shown.clear()
            self._resized()
        self.anchor()  # to the end, and kept there as the question below it changes size

    def add_stale(self, conversation: Conversation, stale: list[str]) -> None:
        """Append a note of the answers that no longer apply (if any)."""
        if not stale:
            return
        note = Said("stale", shown(stale_note(conversation, stale)))
        if self._entries:
            # The note follows the last exchange, and goes with it if a move back drops it.
            self._entries[-1].said.append(note)
            if self._drawn_for is not None:
                self._append_lines([note], *self._drawn_for)
                self._resized()
        else:
            entry = _Entry(None, [note])
            self._entries.append(entry)
            self._draw_more(entry)
        self.anchor()  # to the end, and kept there as the question below it changes size

    # -- drawing ----------------------------------------------------------------------------

    def _styles(self) -> tuple[Style, ...]:
        """The chat's own style, then each speaker's."""
        speakers = (self.get_component_rich_style(f"chat--{s}") for s in SPEAKERS)
        return (self.rich_style, *speakers)

    def _width(self) -> int:
        region = self.scrollable_content_region
        if not self.show_vertical_scrollbar and 2 * len(self._entries) > region.height:
            # Each exchange takes two lines at least: the scrollbar is coming, and the lines
            # are drawn for the width it leaves (not drawn, then drawn again narrower).
            return region.width - self.styles.scrollbar_size_vertical
        return region.width

    def _draw(self) -> None:
        """Draw every line again if the width or the styles changed since the last time."""
        width = self._width()
        if width <= 0 or not self.is_mounted:
            return
        key = (width, self._styles())
        if key == self._drawn_for:
            return
        self._drawn_for = key
        self._lines, self._plain, self._starts = [], [], []
        self._shown.clear()
        for entry in self._entries:
            self._starts.append(len(self._lines))
            self._append_lines(entry.said, *key)
        self._resized()

    def _draw_more(self, entry: _Entry) -> None:
        """Draw the lines of `entry`, just appended, after the others (or all, if need be)."""
        if self._drawn_for is None or self._drawn_for[0] != self._width():
            self._draw()
            return
        self._starts.append(len(self._lines))
        self._append_lines(entry.said, *self._drawn_for)
        self._resized()

    def _append_lines(self, said: list[Said], width: int, styles: tuple[Style, ...]) -> None:
        base, *speakers = styles
        style_of = dict(zip(SPEAKERS, speakers, strict=True))
        for block in said:
            style = style_of[block.speaker]
            if block.speaker in ("advisor", "stale"):
                self._add_line(Strip([]), "")  # a blank line before a question or a note
                for line in _wrapped(block.text, width):
                    self._add_line(Strip([Segment(line, style)], cell_len(line)), line)
                continue
            inner = max(1, width - ANSWER_INDENT - 2)  # the answer's box has a space each side
            for line in _wrapped(block.text, inner):
                boxed = f" {line}{' ' * max(0, inner - cell_len(line))} "
                segments = [Segment(" " * ANSWER_INDENT, base), Segment(boxed, style)]
                self._add_line(Strip(segments), " " * ANSWER_INDENT + boxed.rstrip())

    def _add_line(self, strip: Strip, plain: str) -> None:
        self._lines.append(strip)
        self._plain.append(plain)

    def _resized(self) -> None:
        self.virtual_size = Size(self._width(), len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        self.call_later(self._draw)  # the scrollbar takes columns from the lines: they wrap anew

    def on_mount(self) -> None:
        self.call_after_refresh(self._draw)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.call_later(self._draw)  # a new theme: the lines take its colors

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in view; the first time, once the chat's width is known, all drawn.

        Drawn here, in the first frame, rather than on the resize after it: the chat's
        height then joins the layout the screen does next anyway, not one of its own.
        """
        if self._drawn_for is None:
            self._draw()
        # What every line of this frame needs, looked up once for all of them.
        width, height = self.scrollable_content_region.size
        self._frame = (self.scroll_offset.y, width, height, self.text_selection)
        if width != self._shown_width:
            self._shown.clear()
            self._shown_width = width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """The line `y` rows down the chat's view."""
        scroll_y, width, height, selection = self._frame
        # A short chat sits at the bottom, just above the question, as chats do.
        index = scroll_y + y - max(0, height - len(self._lines))
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, self.rich_style)
        if selection is None and (shown := self._shown.get(index)) is not None:
            return shown  # drawn for an earlier frame: the chat only scrolled, or grew
        strip = self._lines[index]
        if selection is not None and (span := selection.get_span(index)) is not None:
            start, end = span
            end = strip.cell_length if end == -1 else end
            picked = self.screen.get_component_rich_style("screen--selection")
            strip = Strip.join(
                [
                    strip.crop(0, start),
                    Strip(list(Segment.apply_style(strip.crop(start, end), post_style=picked))),
                    strip.crop(end),
                ]
            )
        shown = strip.crop_extend(0, width, self.rich_style).apply_offsets(0, index)
        if selection is None:
            self._shown[index] = shown
        return shown

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected in the chat (with the mouse), to copy."""
        return selection.extract("\n".join(self._plain)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Draw the selection anew."""
        self.refresh()


def _wrapped(text: Content, width: int) -> list[str]:
    """The lines of `text` wrapped to `width` (a long word folded), at least one."""
    return [line.plain for line in text.expand_tabs().wrap(width)] or [""]


def _exchange(
    conversation: Conversation, step_id: str, stale: tuple[str, ...] | list[str] = ()
) -> _Entry:
    """One step of the history: the question and the answer given (or why there is none)."""
    step = conversation.dialog.step(step_id)
    said = [Said("advisor", shown(step.prompt))]
    if step.kind != "info":
        text, answered = given(conversation, step_id)
        said.append(Said("you" if answered else "not-answered", shown(text)))
        said += [
            Said("stale", shown(f"Check: {c.message}"))
            for c in conversation.contradictions([step_id])
        ]
    if stale:
        said.append(Said("stale", shown(stale_note(conversation, list(stale)))))
    return _Entry(step_id, said)


def stale_note(conversation: Conversation, stale: list[str]) -> str:
    """The chat's note of answers that no longer apply."""
    titles = ", ".join(conversation.dialog.step(s).title for s in stale)
    return f"These answers no longer apply, and are kept aside in the notes: {titles}"


def given(conversation: Conversation, step_id: str) -> tuple[str, bool]:
    """What was recorded for a step, in words, and whether it is an answer."""
    step = conversation.dialog.step(step_id)
    if conversation.status(step_id) == "answered":
        return answer_text(conversation.dialog, step, conversation.answer_of(step_id)), True
    parked = conversation.status(step_id) == "parked"
    text = "Unsure: on the parking lot" if parked else "Not discussed"
    tentative = conversation.tentative_of(step_id)
    if tentative is not None:
        text += f" (tentative answer: {answer_text(conversation.dialog, step, tentative)})"
    return text, False


class LastAnswer(Vertical):
    """The question answered last and what was recorded: presenter mode shows it large.

    The room sees what was just written down before the next question takes the screen.
    """

    DEFAULT_CSS = """
    LastAnswer { height: auto; display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="last-title", markup=False)
        yield Static(id="last-question", markup=False)
        yield Static(id="last-given", markup=False)

    def show(self, conversation: Conversation) -> None:
        """Show the last question answered (a page read is no question), or nothing."""
        last = next(
            (
                s
                for s in reversed(conversation.history)
                if conversation.dialog.step(s).kind != "info" and not conversation.carried(s)
            ),
            None,
        )
        self.set_class(last is None, "empty")
        if last is None:
            return
        step = conversation.dialog.step(last)
        text, answered = given(conversation, last)
        self.query_one("#last-title", Static).update("Just recorded")
        self.query_one("#last-question", Static).update(shown(step.prompt))
        answer = self.query_one("#last-given", Static)
        answer.update(shown(text, SHOWN_LAST))
        answer.set_class(not answered, "not-answered")
