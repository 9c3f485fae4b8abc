"""The advisor's commands in the command palette (F9, or Ctrl+P), beside Textual's own."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from .downloads import OFFERS
from .screens.conversation import ConversationScreen
from .screens.prework import prework_commands

if TYPE_CHECKING:
    from .app import AdvisorApp


def advisor_commands(app: AdvisorApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """Presenter mode, downloading and saving the notes; on a question, review, guidance, jumps."""
    yield SystemCommand(
        "Presenter mode", "High contrast, only the current question", app.action_toggle_presenter
    )
    if app.conversation is not None:
        for offer in OFFERS:
            yield SystemCommand(
                offer.title,
                f"{offer.help}: in a browser, a download; in a terminal, a file in your "
                "downloads folder",
                partial(app.download, offer),
            )
    if not app.is_web:  # in a browser, a path would be the server's: the downloads above
        yield SystemCommand(
            "Save notes to…", "Write the meeting notes to a file you choose", app.action_save_notes
        )
    yield from prework_commands(app)
    if not isinstance(screen, ConversationScreen):
        return
    yield SystemCommand("Review answers", "Every answer by phase", screen.action_review)
    yield SystemCommand(
        "Toggle guidance", "Show or hide the guidance", screen.action_toggle_guidance
    )
    for phase in app.dialog.phases:
        yield SystemCommand(
            f"Jump to {phase.title}",
            phase.summary,
            lambda phase_id=phase.id: screen.jump_to_phase(phase_id),
        )
