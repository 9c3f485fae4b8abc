"""Where each step can lead, and whether a condition holds.

Both the checker (which looks for steps no path reaches) and the engine (which
builds its state machine from these exits) use this one description of the
dialog's flow, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import END, Condition, Dialog, Step


@dataclass(frozen=True)
class Exit:
    """A possible move from a step to `dest`.

    The move is taken when every condition in `when` holds and, if `applies` is
    true, `dest`'s own `when` holds as well. Exits are tried in order.
    """

    dest: str
    when: tuple[Condition, ...] = ()
    applies: bool = False


def exits(dialog: Dialog, step: Step) -> list[Exit]:
    """The exits of `step`, in the order they are tried.

    First the step's branches; then the default: its `next`, or else the step
    after it, passing by any step whose `when` does not hold, up to the first step
    that always applies (or the end).
    """
    found = [Exit(dest=branch.to, when=tuple(branch.when)) for branch in step.branches]
    if step.next == END:
        return [*found, Exit(dest=END)]
    if step.next is not None and not dialog.has_step(step.next):
        return [*found, Exit(dest=step.next)]  # an unknown step: the checker reports it
    start = dialog.position(step.next) if step.next else dialog.position(step.id) + 1
    for candidate in dialog.steps_from(start):
        if candidate.when:
            found.append(Exit(dest=candidate.id, applies=True))
        else:
            found.append(Exit(dest=candidate.id))
            return found
    found.append(Exit(dest=END))
    return found


def exit_conditions(dialog: Dialog, exit_: Exit) -> tuple[Condition, ...]:
    """Every condition that must hold for `exit_` to be taken (its branch's and its dest's)."""
    dest_when = dialog.step(exit_.dest).when if exit_.applies else []
    return (*exit_.when, *dest_when)


AnswerValue = Any
"""An answer as stored: a string, a list of strings, a list of records, or a mapping."""


def holds(
    condition: Condition,
    answers: Mapping[str, AnswerValue],
    level: str | None = None,
    differs: bool = False,
) -> bool:
    """Whether `condition` holds for these answers and this working level.

    Args:
        condition: the condition.
        answers: the answers given so far, by step id.
        level: the working level (chosen, or else recommended), if there is one.
        differs: whether the partners chose a level other than the recommended one.
    """
    if condition.level is not None:
        return level in condition.level
    if condition.chosen_differs is not None:
        return differs == condition.chosen_differs
    if condition.any is not None:
        return any(holds(c, answers, level, differs) for c in condition.any)
    assert condition.step is not None  # the model guarantees a subject
    if condition.answered is not None:
        return (condition.step in answers) == condition.answered
    if condition.step not in answers:
        return False
    value = answers[condition.step]
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.not_equals is not None:
        return bool(value != condition.not_equals)
    if condition.any_of is not None:
        return value in condition.any_of
    if condition.includes is not None:
        return isinstance(value, list) and condition.includes in value
    if condition.any_sector is not None:
        return any(sector in condition.any_sector for sector in _sectors(value))
    if condition.every_sector is not None:
        sectors = _sectors(value)
        return bool(sectors) and all(sector in condition.every_sector for sector in sectors)
    return False


def _sectors(value: AnswerValue) -> list[object]:
    """The sectors of a partners answer (a list of records with a `sector`)."""
    if not isinstance(value, list):
        return []
    return [item.get("sector") for item in value if isinstance(item, Mapping)]


def all_hold(
    conditions: Sequence[Condition],
    answers: Mapping[str, AnswerValue],
    level: str | None = None,
    differs: bool = False,
) -> bool:
    """Whether every one of `conditions` holds (true for none)."""
    return all(holds(c, answers, level, differs) for c in conditions)


def uses_level(conditions: Sequence[Condition]) -> bool:
    """Whether any of `conditions` tests the working level or the partners' choice of it."""
    return any(
        c.level is not None
        or c.chosen_differs is not None
        or (c.any is not None and uses_level(c.any))
        for c in conditions
    )


def steps_read(conditions: Sequence[Condition]) -> set[str]:
    """The steps whose answers `conditions` test (not counting the working level)."""
    found: set[str] = set()
    stack = list(conditions)
    while stack:
        condition = stack.pop()
        if condition.step is not None:
            found.add(condition.step)
        stack.extend(condition.any or [])
    return found
