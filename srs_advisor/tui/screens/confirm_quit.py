"""Ask before quitting when an answer has been typed but not given."""

from __future__ import annotations

from .confirm import ConfirmScreen


class ConfirmQuitScreen(ConfirmScreen):
    """Dismisses with True to quit, False to stay."""

    def __init__(self) -> None:
        super().__init__(
            "Quit without giving the answer you typed?",
            "Every answer you gave is saved. The one in the box is not: press Stay, "
            "then F3 (or Enter) to give it.",
            go="Quit",
            keep="Stay",
        )
