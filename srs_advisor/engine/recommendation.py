"""The formality recommendation: which level the answers call for, and why.

The rules are data (`dialogs/*.toml`, `[[rule]]`), each one a "consider when"
condition of the tip sheet. The strictest level that any rule calls for wins;
each reason names the condition that triggered it; and the recommendation says
which answers would take it down a level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..dialog.flow import all_hold
from ..dialog.model import LEVELS, Dialog, FormalityRule, Level


class Recommendation(BaseModel):
    """A recommended level of formality, with its reasons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    reasons: list[str]
    """Why this level: one line per condition that called for it."""
    also: list[str] = []
    """Conditions that hold too but call for a lower level."""
    would_lower: list[str] = []
    """Answers that, if they changed, would take the level down."""
    lower_level: Level | None = None
    """The level it would come down to if every one of `would_lower` changed."""


def rule_steps(rules: Sequence[FormalityRule]) -> set[str]:
    """The steps that the rules read."""
    found: set[str] = set()
    for rule in rules:
        for condition in rule.when:
            stack = [condition]
            while stack:
                current = stack.pop()
                if current.step is not None:
                    found.add(current.step)
                stack.extend(current.any or [])
    return found


def recommend(dialog: Dialog, answers: Mapping[str, Any]) -> Recommendation | None:
    """The recommendation for `answers`, or None until every step the rules read is answered."""
    if not rule_steps(dialog.rules) <= set(answers):
        return None
    fired = [rule for rule in dialog.rules if all_hold(rule.when, answers)]
    if not fired:
        return Recommendation(level="informal", reasons=[dialog.meta.baseline_reason])
    rank = {level: n for n, level in enumerate(LEVELS)}
    level = max((rule.level for rule in fired), key=rank.__getitem__)
    top = [rule for rule in fired if rule.level == level]
    rest = [rule for rule in fired if rule.level != level]
    lower: Level = max((rule.level for rule in rest), key=rank.__getitem__) if rest else "informal"
    return Recommendation(
        level=level,
        reasons=[rule.reason for rule in top],
        also=[rule.reason for rule in rest],
        would_lower=[rule.lower for rule in top],
        lower_level=lower,
    )
