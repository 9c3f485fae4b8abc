"""What follows from the answers, read without moving: the record's derived parts.

The readiness gaps and their advice, the action items, contradictions between answers,
the action items offered at a level, and the guidance page that fits the answers. Each
is a function of the dialog and the answers alone; `Conversation` asks them for its
current answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..dialog.flow import all_hold
from ..dialog.model import Dialog, Level, Prefill, Step, choices_of
from .answers import ActionItem
from .machine import chosen_differs, working_level
from .session import Gap


@dataclass(frozen=True)
class Contradiction:
    """An answer that contradicts an earlier one, and what to check."""

    step: str
    message: str


def readiness_gaps(steps: Iterable[Step], answers: dict[str, Any]) -> list[Gap]:
    """Every success factor among `steps` answered as missing or weak, with its advice."""
    gaps = []
    for step in steps:
        factor = step.readiness
        value = answers.get(step.id)
        if factor is None or value not in factor.gap_when:
            continue
        label = next((c.label for c in choices_of(step) if c.value == value), str(value))
        gaps.append(
            Gap(
                step=step.id,
                category=factor.category,
                factor=factor.factor,
                answer=label,
                advice=factor.advice,
            )
        )
    return gaps


def action_items(dialog: Dialog, answers: dict[str, Any]) -> list[ActionItem]:
    """Every action item given, in the order of the steps."""
    items: list[ActionItem] = []
    for step in dialog.steps_of_kind("action-items"):
        if step.id in answers:
            items.extend(ActionItem(step=step.id, **item) for item in answers[step.id])
    return items


def contradictions(
    steps: Iterable[Step], answers: dict[str, Any], step_ids: list[str] | None = None
) -> list[Contradiction]:
    """Answers that contradict earlier ones, in the order of `steps` (those with checks).

    Args:
        step_ids: the steps to look at; every step with an answer if None.
    """
    wanted = set(step_ids) if step_ids is not None else set(answers)
    return [
        Contradiction(step=step.id, message=check.message)
        for step in steps
        if step.id in wanted and step.id in answers
        for check in step.checks
        if all_hold(check.when, answers)
    ]


def suggestions(step: Step, answers: dict[str, Any], level: Level | None) -> list[str]:
    """The action items offered for `step` at `level`.

    With no level yet (a formality factor parked), the formal items are offered: the
    careful default, as the formal guidance page is the default page.
    """
    if step.suggestions is None:
        return []
    found = list(step.suggestions.for_level(level or "formal"))
    for extra in step.suggestions.also:
        if all_hold(extra.when, answers):
            found.extend(item for item in extra.items if item not in found)
    return found


def guidance_page(dialog: Dialog, step: Step, answers: dict[str, Any]) -> str:
    """The guidance page to show for `step`, given the answers and the working level."""
    level = working_level(dialog, answers)
    for variant in step.guidance_variants:
        if all_hold(variant.when, answers, level, chosen_differs(dialog, answers)):
            return variant.page
    return step.guidance


def prefill(step: Step, answers: dict[str, Any]) -> Prefill | None:
    """Where a choice starts when `step` has no answer yet, drawn from earlier answers."""
    if step.id in answers:
        return None
    return next((p for p in step.prefill if all_hold(p.when, answers)), None)


def partner_answers(dialog: Dialog, answers: dict[str, Any], name: str) -> list[str]:
    """The per-partner steps that hold an answer from partner `name`."""
    return [
        step.id
        for step in dialog.steps
        if step.kind == "per-partner"
        and isinstance(answers.get(step.id), dict)
        and name in answers[step.id]
    ]
