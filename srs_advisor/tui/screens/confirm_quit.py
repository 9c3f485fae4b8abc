"""Ask before quitting when an answer has been typed but not given."""

from __future__ import annotations

from .confirm import ConfirmScreen


class ConfirmQuitScreen(ConfirmScreen):
    """Dismisses with True to quit, False to stay."""

    def __init__(self, *, kept: bool) -> None:
        """`kept`: whether what is typed is saved as a draft (not in a read-only window)."""
        typed = (
            "What is typed in the box is kept as a draft, and comes back when the session "
            "is resumed, but it is not an answer yet"
            if kept
            else "The one in the box is not, and this window saves nothing"
        )
        super().__init__(
            "Quit without giving the answer you typed?",
            f"Every answer you gave is saved. {typed}: press Stay, then F3 (or Enter) to give it.",
            go="Quit",
            keep="Stay",
        )
