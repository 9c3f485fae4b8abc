"""Keys typed while the screen moves from one question to the next are held, then replayed.

People type in bursts: the end of an answer, the answer key, and the start of the next
answer can all arrive within a few milliseconds. Textual hands each key to the widget
that has the focus when the key arrives; between one question's input going away and
the next one taking the focus there is no such widget, and the keys would be lost.
So, from the answer key until the next input is ready, the app holds every key (and
paste) in arrival order, and then replays them, through the normal path, to the input
that now has the focus, one at a time: each once the one before is handled, as a
person's keys would be. A key that starts another move (the answer key again) holds
the rest once more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.timer import Timer

if TYPE_CHECKING:
    from textual.app import App

HELD = (events.Key, events.Paste)
"""The events held: what a person types or pastes."""

LONGEST_HOLD = 3.0
"""Seconds after which held keys are replayed even if no input said it is ready: a
safety valve, so that a move that never draws a new input cannot swallow the keyboard."""


def after_keys(app: App[Any], then: Callable[[], None]) -> None:
    """Run `then` once every key already given to the focused widget has been handled.

    A key goes to the focused widget's queue; one it does not take itself (an arrow in
    a list, run by a binding) bubbles up through each parent's queue to the app. So
    `then` is passed up the same way, queue by queue, and runs after them all.
    """
    focused = app.focused
    if focused is None:
        app.call_later(then)
        return
    chain = list(focused.ancestors_with_self)

    def up(level: int) -> None:
        if level == len(chain):
            then()
        else:
            chain[level].call_later(up, level + 1)

    up(0)


class KeysReleased(Message):
    """Posted to the app when the next input is ready for the held keys."""

    def __init__(self, run: int) -> None:
        super().__init__()
        self.run = run
        """The hold it ends (`KeyHold.run`): stale if another move held the keys since."""


class KeyHold:
    """The keys held for the app; `App.on_event` asks `take` before handling a key.

    While a move is made (`holding`) every key is kept; once the next input is ready the
    kept keys are handed back one at a time (`replaying`), and keys that arrive
    meanwhile join the end of the line, so the order is always the order of typing.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[events.Event] = []
        self.holding = False
        """Whether a move is being made: keys wait for the next input."""
        self.replaying = False
        """Whether held keys are being handed back."""
        self.run = 0
        """Which replay is under way: a key handed back waits for the one before it to be
        handled, and a move made meanwhile (`hold`) starts a new one once it is done. The
        old one must not go on too, or two would hand keys back at once, each without
        waiting for the other's (Ctrl+U then a letter: the letter typed, then cleared)."""
        self._timer: Timer | None = None

    def hold(self) -> None:
        """Hold every key from now until `release` (a replay under way pauses)."""
        self.holding = True
        self.replaying = False
        self.run += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(LONGEST_HOLD, self.release)

    def take(self, event: events.Event) -> bool:
        """Keep `event` if keys are held or being handed back; True if it was kept."""
        if (self.holding or self.replaying) and isinstance(event, HELD) and not event.is_forwarded:
            self._held.append(event)
            return True
        return False

    def release(self) -> None:
        """Hand the held keys back, once the app has handled what is already queued."""
        if self.holding:
            self._app.post_message(KeysReleased(self.run))

    def replay(self, run: int) -> bool:
        """Start handing keys back at the end of hold `run`; False if a replay is under way,
        or another move has held the keys since (its own release comes later)."""
        if self.replaying or run != self.run:
            return False
        self.holding = False
        self.replaying = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        return True

    def next_held(self, run: int) -> events.Event | None:
        """The next key to hand back in replay `run`, or None: done (the replay ends),
        paused by a move, or `run` is over (a move held the keys since)."""
        if self.holding or not self.replaying or run != self.run:
            return None
        if not self._held:
            self.replaying = False
            return None
        return self._held.pop(0)
