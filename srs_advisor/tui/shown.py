"""Text from users and files, as a screen shows it: as text, escaped, and of a sane size.

Every screen draws a user's or a file's text through these helpers, so that by
construction it is never markup (a `Content`, not a markup string), never a raw control
sequence (ESC, C1 and bidi controls become visible escapes, as `srs-advisor sessions`
writes them), and never so long that drawing it freezes the app: a session file can hold
a 1 MB partner name. The stored text is kept exactly; only the screen shows it cut, and
says so with "…" and the full size.
"""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.content import Content
from textual.widgets import Input, TextArea

from ..terminal import BIDI_CONTROLS, safe

SHOWN_NAME = 200
"""The most characters of a name (a partner, a file) a label or a list shows."""

SHOWN_TEXT = 4_000
"""The most characters of one answer the chat shows (the notes hold it all)."""

SHOWN_NOTES = 200_000
"""The most characters of the meeting notes the notes screen shows (the file holds all)."""


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and "… (N characters)" if it is longer."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def visible(text: str, limit: int = SHOWN_TEXT, *, multiline: bool = True) -> str:
    """`text` cut to `limit` characters, its control and bidi characters made visible."""
    return safe(cut(text, limit), keep_newlines=multiline)


def visible_lines(text: str, line_limit: int = SHOWN_TEXT, limit: int = SHOWN_NOTES) -> str:
    """`visible`, with each line also cut to `line_limit`: for notes holding huge answers.

    Cutting each line keeps every heading and answer of the notes in view while one
    answer a file held is megabytes long (Rich takes seconds to lay out such a line).
    """
    kept: list[str] = []
    total = 0
    for line in text.split("\n"):
        if total > limit:
            kept.append(f"… (cut here: {len(text):,} characters in all)")
            break
        kept.append(cut(line, line_limit))
        total += len(kept[-1]) + 1
    return safe("\n".join(kept), keep_newlines=True)


def shown(text: str, limit: int = SHOWN_TEXT, *, multiline: bool = True) -> Content:
    """`text` as a screen shows it: as text (never markup), escaped and cut (`visible`)."""
    return Content(visible(text, limit, multiline=multiline))


_HIDDEN = re.compile(
    "[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\u2028\\u2029"
    + "".join(sorted(BIDI_CONTROLS))
    + "]"
)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1, bidi, surrogates, separators: the replacement character


def pictured(text: str) -> str:
    """`text` with each control or bidi character replaced by one visible character.

    One for one, so an input's cursor positions stay right; the value is unchanged. Tabs
    are kept: a text area lays them out itself.
    """
    return _HIDDEN.sub(_picture, text)


class ControlPictures(Highlighter):
    """Shows an input's control and bidi characters as visible characters, one for one."""

    def highlight(self, text: Text) -> None:
        """Replace the hidden characters of `text` in place (same length, same styles)."""
        plain = text.plain
        if _HIDDEN.search(plain):
            text.plain = pictured(plain)


JOINERS = frozenset({"\u200c", "\u200d"})
"""The zero-width non-joiner and joiner: text, not controls (Persian words, emoji
sequences). Python counts them unprintable, so Textual's inputs drop them when typed
(a paste keeps them); the safe inputs insert them as the text they are."""


def typed_joiner(event: events.Key) -> str | None:
    """The joiner `event` types, if it types one."""
    return event.character if event.character in JOINERS else None


class SafeInput(Input):
    """An `Input` whose control and bidi characters (pasted, or from a file) show as such.

    Textual 8.2 passes a pasted ESC, a C1 control or U+202E straight to the terminal;
    here they show as ␛, or as the replacement character, while the value keeps them.
    A typed joiner (`JOINERS`) is kept as text.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("highlighter", ControlPictures())
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    async def _on_key(self, event: events.Key) -> None:
        joiner = typed_joiner(event)
        if joiner is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self._restart_blink()
        if self.selection.is_empty:
            self.insert_text_at_cursor(joiner)
        else:
            self.replace(joiner, *self.selection)


class SafeTextArea(TextArea):
    """A `TextArea` whose control and bidi characters show as visible characters.

    A typed joiner (`JOINERS`) is kept as text.
    """

    async def _on_key(self, event: events.Key) -> None:
        joiner = typed_joiner(event)
        if joiner is None or self.read_only:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self._restart_blink()
        start, end = self.selection
        self._replace_via_keyboard(joiner, start, end)

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: hidden characters replaced one for one (see `pictured`)."""
        line = super().get_line(line_index)
        if _HIDDEN.search(line.plain):
            line.plain = pictured(line.plain)
        return line
