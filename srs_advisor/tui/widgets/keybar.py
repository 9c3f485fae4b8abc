"""A light footer: the keys that matter on the current question, in one line of text.

Textual's `Footer` rebuilds its key widgets whenever the focus moves, and on the
conversation screen the focus moves with every question: that rebuild was the
largest cost between an answer and the next question. This bar is one `Static`,
redrawn only when the set of keys changes.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

PINNED: tuple[tuple[str, str], ...] = (("^p", "Commands"), ("^q", "Quit"))
"""Keys that stay in view at any width: the way to every command, and the way out."""


class KeyBar(Static):
    """Shows `key label` pairs; `show` redraws only when they change.

    The input's own keys come first and the pinned keys (commands, quit) last; when the
    line is too narrow for all of them, the keys in between give way, last first.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self._keys: list[tuple[str, str]] = []
        self._first = 0

    def show(self, bindings: list[Binding], first: tuple[tuple[str, str], ...] = ()) -> None:
        """Draw `first` (the input's own keys), then these bindings (those that apply now)."""
        labels = {label for _, label in first} | {label for _, label in PINNED}
        keys = [
            *first,
            *(
                (self.app.get_key_display(b), b.description)
                for b in bindings
                if b.description not in labels  # Enter answers: no need to show ^s Answer too
            ),
        ]
        if keys == self._keys and len(first) == self._first:
            return
        self._keys = keys
        self._first = len(first)
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 80
        pinned = list(PINNED)
        keys = list(self._keys)
        # Drop the least needed keys (the last, but never the input's own) until it fits.
        while keys and _length(keys + pinned) > width and len(keys) > self._first:
            keys.pop()
        return _line(keys + pinned)


def _length(keys: list[tuple[str, str]]) -> int:
    return sum(len(key) + 1 + len(label) for key, label in keys) + max(len(keys) - 1, 0)


def _line(keys: list[tuple[str, str]]) -> Content:
    parts: list[str | tuple[str, str]] = []
    for number, (key, label) in enumerate(keys):
        parts += [" " if number else "", (key, "bold $footer-key-foreground"), f" {label}"]
    return Content.assemble(*parts)
