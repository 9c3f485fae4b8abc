"""A light footer: the keys that matter on the current question, in one line of text.

Textual's `Footer` rebuilds its key widgets whenever the focus moves, and on the
conversation screen the focus moves with every question: that rebuild was the
largest cost between an answer and the next question. This bar is one `Static`,
redrawn only when the set of keys changes.

Every key shown that runs an action can also be clicked (a mouse in a terminal, or a
tap or click in a browser tab): the text carries the action, as Textual's own links do.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.style import Style
from textual.widgets import Static


class BarKey(NamedTuple):
    """One entry of the bar: the key, what it does, and the action a click runs (if any)."""

    key: str
    label: str
    action: str | None = None


PINNED: tuple[BarKey, ...] = (
    BarKey("F9", "Commands", "app.command_palette"),
    BarKey("F10", "Quit", "app.quit"),
)
"""Keys that stay in view at any width: the way to every command, and the way out."""


class KeyBar(Static):
    """Shows `key label` pairs; `show` redraws only when they change.

    The input's own keys come first and the pinned keys (commands, quit) last; when the
    line is too narrow for all of them, the keys in between give way, last first, but
    for those the screen keeps (`show`'s `keep`).
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-foreground;
        link-style: none;
        link-background-hover: $footer-key-background;
        link-color-hover: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self._keys: list[BarKey] = []
        self._first = 0
        self._keep: frozenset[str] = frozenset()

    def show(
        self, keys: list[BarKey], first: tuple[BarKey, ...] = (), keep: frozenset[str] = frozenset()
    ) -> None:
        """Draw `first` (the input's own keys), then these keys (those that apply now).

        The keys labeled as in `keep` stay in view however narrow the bar.
        """
        labels = {k.label for k in first} | {k.label for k in PINNED}
        # Enter answers: no need to show F3 Answer too.
        keys = [*first, *(k for k in keys if k.label not in labels)]
        if keys == self._keys and len(first) == self._first and keep == self._keep:
            return
        self._keys = keys
        self._first = len(first)
        self._keep = keep
        self.refresh()

    @property
    def keys(self) -> list[BarKey]:
        """The keys the bar holds now (before any give way for the width), pinned last."""
        return [*self._keys, *PINNED]

    def render(self) -> Content:
        width = self.content_size.width or 80
        pinned = list(PINNED)
        keys = list(self._keys)
        # Drop the least needed keys (the last, but never the input's own nor those kept)
        # until it fits.
        droppable = [n for n in range(self._first, len(keys)) if keys[n].label not in self._keep]
        while droppable and _length(keys + pinned) > width:
            del keys[droppable.pop()]
        return _line(keys + pinned)


def bar_keys(app: App[object], bindings: list[Binding], namespace: str) -> list[BarKey]:
    """The bar's entries for `bindings`; a click runs the action in `namespace`."""
    return [
        BarKey(
            app.get_key_display(b),
            b.description,
            b.action if "." in b.action else f"{namespace}.{b.action}",
        )
        for b in bindings
    ]


def _length(keys: list[BarKey]) -> int:
    return sum(len(k.key) + 1 + len(k.label) for k in keys) + max(len(keys) - 1, 0)


def _line(keys: list[BarKey]) -> Content:
    parts: list[str | tuple[str, str | Style] | Content] = []
    for number, key in enumerate(keys):
        if number:
            parts.append(" ")
        entry = Content.assemble((key.key, "bold $footer-key-foreground"), f" {key.label}")
        if key.action is not None:
            # The action travels as the text's meta, never as markup: no text becomes markup.
            entry = entry.stylize(Style.from_meta({"@click": key.action}))
        parts.append(entry)
    return Content.assemble(*parts)
