"""The dialog as a `transitions` state machine: states, guarded exits, the walkers.

Each step of the dialog is a state; each exit of a step (see `dialog.flow.exits`) is a
`proceed` transition guarded by its conditions. A walker is the model the machine
moves: the conversation has a live one (where the user is) and a scout (which walks
the path the answers now take).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import EventData

from ..dialog.flow import Exit, all_hold, exits, uses_level
from ..dialog.model import END, Dialog, Level
from .recommendation import recommend

PROCEED = "proceed"
"""The trigger that moves a walker along its step's exits."""


class Walker:
    """A position in the dialog and the answers it sees; the machine's model.

    The machine adds `state` and the trigger methods (`proceed`, `to_<step>`).
    """

    state: str
    trigger: Callable[[str], bool]

    def __init__(self, dialog: Dialog, answers: Callable[[], dict[str, Any]]) -> None:
        self._dialog = dialog
        self._answers = answers

    @property
    def answers(self) -> dict[str, Any]:
        return self._answers()

    @property
    def level(self) -> str | None:
        return working_level(self._dialog, self.answers)

    @property
    def differs(self) -> bool:
        return chosen_differs(self._dialog, self.answers)


def chosen_level(dialog: Dialog, answers: dict[str, Any]) -> Level | None:
    """The level the partners chose, if they chose one."""
    for step in dialog.steps:
        if step.kind == "level" and step.id in answers:
            chosen: Level = answers[step.id]
            return chosen
    return None


def working_level(dialog: Dialog, answers: dict[str, Any]) -> Level | None:
    """The chosen level if the partners chose one, or else the recommended one."""
    chosen = chosen_level(dialog, answers)
    if chosen is not None:
        return chosen
    recommendation = recommend(dialog, answers)
    return recommendation.level if recommendation else None


def chosen_differs(dialog: Dialog, answers: dict[str, Any]) -> bool:
    """Whether the partners chose a level other than the one recommended."""
    chosen = chosen_level(dialog, answers)
    if chosen is None:
        return False
    recommendation = recommend(dialog, answers)
    return recommendation is not None and recommendation.level != chosen


class _ExitCheck:
    """The guard of one exit: its branch conditions, and its destination's own `when`."""

    def __init__(self, dialog: Dialog, exit_: Exit) -> None:
        self._exit = exit_
        self._dest_when = dialog.step(exit_.dest).when if exit_.applies else []
        self._conditions = [*exit_.when, *self._dest_when]
        self._needs_level = uses_level(self._conditions)
        tests = [c.describe() for c in exit_.when] + [
            f"{exit_.dest} applies" for _ in self._dest_when[:1]
        ]
        self.__name__ = " and ".join(tests)  # the graph shows guards by name

    def __call__(self, event: EventData) -> bool:
        walker = event.model
        assert isinstance(walker, Walker)
        if not self._needs_level:
            return all_hold(self._conditions, walker.answers)
        return all_hold(self._conditions, walker.answers, walker.level, walker.differs)


def machine_config(dialog: Dialog, *, name: Callable[[str], str] = str) -> dict[str, Any]:
    """The dialog as the keyword arguments of a `transitions.Machine`.

    Args:
        dialog: the checked dialog.
        name: maps a step id to a state name (the graph needs ids without dots).
    """
    transitions: list[dict[str, Any]] = []
    for step in dialog.steps:
        for exit_ in exits(dialog, step):
            transition: dict[str, Any] = {
                "trigger": PROCEED,
                "source": name(step.id),
                "dest": name(exit_.dest),
            }
            if exit_.when or exit_.applies:
                transition["conditions"] = [_ExitCheck(dialog, exit_)]
            transitions.append(transition)
    return {
        "states": [name(step.id) for step in dialog.steps] + [name(END)],
        "transitions": transitions,
        "initial": name(dialog.steps[0].id),
        "send_event": True,
    }
