"""A light footer: the keys that matter on the current question, in one line of text.

Textual's `Footer` rebuilds its key widgets whenever the focus moves, and on the
conversation screen the focus moves with every question: that rebuild was the
largest cost between an answer and the next question. This bar is one `Static`,
redrawn only when the set of keys changes.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static


class KeyBar(Static):
    """Shows `key label` pairs; `show` redraws only when they change."""

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

    def show(self, bindings: list[Binding], first: tuple[tuple[str, str], ...] = ()) -> None:
        """Draw `first` (the input's own keys), then these bindings (those that apply now)."""
        labels = {label for _, label in first}
        keys = [
            *first,
            *(
                (self.app.get_key_display(b), b.description)
                for b in bindings
                if b.description not in labels  # Enter answers: no need to show ^s Answer too
            ),
        ]
        if keys == self._keys:
            return
        self._keys = keys
        self.update(" ".join(f"[b $footer-key-foreground]{key}[/] {label}" for key, label in keys))
