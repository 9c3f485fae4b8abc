"""The dialog as a `transitions` state machine: states, guarded exits, the walkers.

Each step of the dialog is a state; each exit of a step (see `dialog.flow.exits`) is a
`proceed` transition guarded by its conditions. A walker is the model the machine
moves: the conversation's live walker is where the user is.

The guards are shared objects (one per exit, built once by `Flow`): the machine calls
them on a move, and the conversation's path planner (`engine.path`) asks them directly
where a step leads, so both follow the same exits. Building is linear in the number of
steps: one `proceed` trigger, no `to_<step>` triggers, and nothing bound per step on a
walker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from transitions import EventData, Machine

from ..dialog.flow import Exit, all_hold, exit_conditions, exits, steps_read, uses_level
from ..dialog.model import END, Dialog, Level
from .recommendation import recommend, rule_steps

PROCEED = "proceed"
"""The trigger that moves a walker along its step's exits."""

LevelOf = Callable[[], tuple[Level | None, bool]]
"""Gives the working level and whether the partners chose another than recommended."""


class Walker:
    """A position in the dialog and the answers it sees; the machine's model.

    The machine adds `state` and the trigger method `proceed`.
    """

    state: str
    trigger: Callable[[str], bool]

    def __init__(self, dialog: Dialog, answers: Callable[[], dict[str, Any]]) -> None:
        self._dialog = dialog
        self._answers = answers

    @property
    def answers(self) -> dict[str, Any]:
        """The answers this walker sees."""
        return self._answers()

    @property
    def level(self) -> str | None:
        """The working level for these answers."""
        return working_level(self._dialog, self.answers)

    @property
    def differs(self) -> bool:
        """Whether the partners chose a level other than the recommended one."""
        return chosen_differs(self._dialog, self.answers)

    def level_and_differs(self) -> tuple[Level | None, bool]:
        """The working level, and whether the chosen one differs from the recommended one."""
        return level_and_differs(self._dialog, self.answers)


def chosen_level(dialog: Dialog, answers: Mapping[str, Any]) -> Level | None:
    """The level the partners chose, if they chose one."""
    for step in dialog.steps_of_kind("level"):
        if step.id in answers:
            chosen: Level = answers[step.id]
            return chosen
    return None


def working_level(dialog: Dialog, answers: Mapping[str, Any]) -> Level | None:
    """The chosen level if the partners chose one, or else the recommended one."""
    chosen = chosen_level(dialog, answers)
    if chosen is not None:
        return chosen
    recommendation = recommend(dialog, answers)
    return recommendation.level if recommendation else None


def chosen_differs(dialog: Dialog, answers: Mapping[str, Any]) -> bool:
    """Whether the partners chose a level other than the one recommended."""
    chosen = chosen_level(dialog, answers)
    if chosen is None:
        return False
    recommendation = recommend(dialog, answers)
    return recommendation is not None and recommendation.level != chosen


def level_and_differs(dialog: Dialog, answers: Mapping[str, Any]) -> tuple[Level | None, bool]:
    """`working_level` and `chosen_differs` at once, asking for the recommendation once."""
    chosen = chosen_level(dialog, answers)
    recommendation = recommend(dialog, answers)
    recommended = recommendation.level if recommendation else None
    if chosen is None:
        return recommended, False
    return chosen, recommended is not None and recommended != chosen


class Guard:
    """The guard of one exit: its branch conditions, and its destination's own `when`."""

    def __init__(self, dialog: Dialog, exit_: Exit) -> None:
        dest_when = dialog.step(exit_.dest).when if exit_.applies else []
        self.conditions = exit_conditions(dialog, exit_)
        """Every condition that must hold for the exit to be taken."""
        self.needs_level = uses_level(self.conditions)
        """Whether it tests the working level (or the partners' choice of it)."""
        self.reads = frozenset(steps_read(self.conditions))
        """The steps whose answers it tests."""
        tests = [c.describe() for c in exit_.when] + [
            f"{exit_.dest} applies" for _ in dest_when[:1]
        ]
        self.__name__ = " and ".join(tests)  # how transitions names a condition

    def holds(self, answers: Mapping[str, Any], level: LevelOf) -> bool:
        """Whether the exit is taken with these answers; `level` is asked only if needed."""
        if not self.needs_level:
            return all_hold(self.conditions, answers)
        working, differs = level()
        return all_hold(self.conditions, answers, working, differs)

    def __call__(self, event: EventData) -> bool:
        walker = event.model
        assert isinstance(walker, Walker)
        return self.holds(walker.answers, walker.level_and_differs)


class Flow:
    """Every step's exits with their guards, and who reads what: built once per dialog.

    Attributes:
        exits: each step's exits in the order they are tried: (destination, guard or None).
        readers: for a step, the steps whose exits test its answer.
        level_readers: the steps whose exits test the working level.
        level_inputs: the steps the working level depends on (the steps the formality
            rules read, and the steps where the partners choose a level).
    """

    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        self.exits: dict[str, list[tuple[str, Guard | None]]] = {}
        self.readers: dict[str, set[str]] = {}
        self.level_readers: set[str] = set()
        for step in dialog.steps:
            if step.id in self.exits:
                continue  # a repeated id: the checker reports it
            found: list[tuple[str, Guard | None]] = []
            for exit_ in exits(dialog, step):
                guard = Guard(dialog, exit_) if exit_.when or exit_.applies else None
                found.append((exit_.dest, guard))
                if guard is None:
                    continue
                for read in guard.reads:
                    self.readers.setdefault(read, set()).add(step.id)
                if guard.needs_level:
                    self.level_readers.add(step.id)
            self.exits[step.id] = found
        self.level_steps = [s.id for s in dialog.steps if s.kind == "level"]
        """The steps where the partners choose a level, in order."""
        self.level_inputs = frozenset(rule_steps(dialog.rules)) | set(self.level_steps)

    def next_step(self, step_id: str, answers: Mapping[str, Any], level: LevelOf) -> str | None:
        """Where `step_id` leads with these answers: the first exit whose guard holds.

        None when no exit's guard holds (the walker stays where it is).
        """
        for dest, guard in self.exits[step_id]:
            if guard is None or guard.holds(answers, level):
                return dest
        return None

    def level_of(self, answers: Mapping[str, Any]) -> tuple[Level | None, bool]:
        """`level_and_differs` for answers that hold (at least) every one of `level_inputs`."""
        chosen: Level | None = next((answers[s] for s in self.level_steps if s in answers), None)
        recommendation = recommend(self.dialog, answers)
        recommended = recommendation.level if recommendation else None
        if chosen is None:
            return recommended, False
        return chosen, recommended is not None and recommended != chosen


class FlowMachine(Machine):
    """A `transitions.Machine` that binds nothing per state on a model.

    `Machine.add_model` gives a model an `is_<state>` method for every state (and looks
    for `on_enter_<state>` methods on it): a cost per state and per walker that nothing
    here uses. The walkers have the trigger `proceed` and nothing else.
    """

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        return None


def machine_config(
    dialog: Dialog, *, name: Callable[[str], str] = str, flow: Flow | None = None
) -> dict[str, Any]:
    """The dialog as the keyword arguments of a `transitions.Machine`.

    Args:
        dialog: the checked dialog.
        name: maps a step id to a state name.
        flow: the dialog's flow, if already built: the machine then shares its guards.
    """
    flow = flow or Flow(dialog)
    transitions: list[dict[str, Any]] = []
    for source, found in flow.exits.items():
        for dest, guard in found:
            transition: dict[str, Any] = {
                "trigger": PROCEED,
                "source": name(source),
                "dest": name(dest),
            }
            if guard is not None:
                transition["conditions"] = [guard]
            transitions.append(transition)
    return {
        "states": [name(step_id) for step_id in flow.exits] + [name(END)],
        "transitions": transitions,
        "initial": name(dialog.steps[0].id),
        "send_event": True,
        "auto_transitions": False,  # a `to_<step>` trigger from every state: n² transitions
    }


def walk(machine: FlowMachine, dialog: Dialog, pool: dict[str, Any]) -> list[str]:
    """The path from the start with the answers in `pool`, walked by a scout on `machine`.

    Each step's exits are asked in turn, with only the answers of the steps passed so
    far (the reference that the path cache, `engine.path`, must equal).
    """
    seen: dict[str, Any] = {}
    scout = Walker(dialog, lambda: seen)
    machine.add_model(scout, initial=dialog.steps[0].id)
    try:
        path: list[str] = []
        while scout.state != END and scout.state not in path:
            state = scout.state
            path.append(state)
            if state in pool:
                seen[state] = pool[state]
            scout.trigger(PROCEED)
        return path
    finally:
        machine.remove_model(scout)
