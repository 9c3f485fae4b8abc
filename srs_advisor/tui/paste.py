"""A paste that never ends was typed: its keys are handed back as keys.

A terminal (and xterm.js in a browser tab) wraps pasted text in `ESC[200~` ... `ESC[201~`,
and Textual's input parser takes everything after the first as pasted text until the
second comes. A person who types `ESC [ 2 0 0 ~` quickly, key by key, starts such a
"paste" that never ends: every later key, F10 included, went into it and the app
seemed frozen. A real paste arrives whole, at once; so a paste still open after a
pause in the input (`PASTE_PAUSE`) is taken for what it is, typed keys: the parser
starts afresh and is handed them again, the first ESC as the Escape key, and every key
after it (F10 quits) reaches the app in the order typed.

Textual 8.2.8 (pinned exactly) builds its parser inside each driver, from the name
`XTermParser` in the driver's module; `install` points those names at `PasteGuard`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual._time import get_time
from textual._xterm_parser import BRACKETED_PASTE_START, XTermParser
from textual.message import Message

PASTE_PAUSE = 0.5
"""Seconds without input after which a paste not yet ended is taken as typed keys. A
real paste comes in one piece, or in pieces a few milliseconds apart."""


class PasteGuard(XTermParser):
    """Textual's input parser, but a paste left open across a pause is handed back as keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: str | None = None
        """What was fed since the start of a paste that has not ended, else None."""
        self._carry = ""
        """The last few characters fed outside a paste: its start may span two reads."""
        self._last_input = get_time()

    def _in_paste(self) -> bool:
        """Whether the parser is inside a bracketed paste (its generator's own state)."""
        frame = getattr(self._gen, "gi_frame", None)  # None once the generator is done
        return bool(frame is not None and frame.f_locals.get("bracketed_paste"))

    def feed(self, data: str) -> Iterable[Message]:
        """Feed `data` to the parser, noting where a paste starts and whether it ended."""
        was_open = self._open is not None
        yield from super().feed(data)
        if not data:
            return
        self._last_input = get_time()
        if not self._in_paste():
            self._open = None
            self._carry = (self._carry + data)[-(len(BRACKETED_PASTE_START) - 1) :]
        elif was_open:
            self._open = (self._open or "") + data
        else:
            seen = self._carry + data
            self._open = seen[seen.rfind(BRACKETED_PASTE_START) :]
            self._carry = ""

    def tick(self) -> Iterable[Message]:
        """Check for timeouts: an escape sequence cut short, or a paste left open."""
        if self._open is None or not self._in_paste():
            yield from super().tick()
            return
        # Inside a paste the parser's own timeouts wait: an escape sequence in it (F10
        # typed into a paste that is not one) would come out as stray keys, then again.
        if get_time() - self._last_input < PASTE_PAUSE:
            return
        typed, self._open = self._open, None
        # Start the parser afresh (its paste forgotten) and hand it the keys again.
        self._gen = self.parse(self._tokens.append)
        self._awaiting = next(self._gen)
        self._timeout_time = None
        yield events.Key("escape", "\x1b")
        yield from self.feed(typed[1:])


def install() -> None:
    """Make Textual's terminal and web drivers parse their input with `PasteGuard`."""
    from textual.drivers import linux_driver, web_driver

    setattr(linux_driver, "XTermParser", PasteGuard)  # noqa: B010 - not exported by name
    setattr(web_driver, "XTermParser", PasteGuard)  # noqa: B010
