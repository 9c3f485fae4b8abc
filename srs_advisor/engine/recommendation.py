"""The formality recommendation: which level the answers call for, and why.

The rules are data (`dialogs/*.toml`, `[[rule]]`), each tied to the tip sheet's
words about one level. The strictest level that any rule calls for wins. Each
reason names the condition, quotes the source behind it and, where the rule goes
beyond the source, says that it is the advisor's own inference. The
recommendation also works out what would take it down a level, by trying the
answers: the nearest answer to each deciding factor that calls for less. When a
single answer decides, it says the call is close.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ..dialog.flow import all_hold
from ..dialog.model import LEVELS, Dialog, FormalityRule, Level, Step, choices_of, level_name

_RANK = {level: n for n, level in enumerate(LEVELS)}


class Reason(BaseModel):
    """One condition that holds, the tip sheet's words behind it, and any inference."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    """What holds, in the user's words."""
    source: str = ""
    """The tip sheet's words behind it, quoted."""
    inference: str = ""
    """Where the advisor goes beyond those words, it says so here."""

    def __str__(self) -> str:
        return " ".join(part for part in (self.text, self.source, self.inference) if part)

    @classmethod
    def of(cls, rule: FormalityRule) -> Reason:
        """The reason a rule gives."""
        return cls(text=rule.reason, source=rule.source, inference=rule.inference or "")


def _reasons(value: Any) -> Any:
    # Sessions saved before reasons had parts hold them as plain strings.
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


class Recommendation(BaseModel):
    """A recommended level of formality, with its reasons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    reasons: Annotated[list[Reason], BeforeValidator(_reasons)]
    """Why this level: one per condition that called for it, with its source."""
    also: Annotated[list[Reason], BeforeValidator(_reasons)] = []
    """Conditions that hold too but call for a lower level."""
    would_lower: list[str] = []
    """The answers that would have to change to take the level down, one line each."""
    lower_level: Level | None = None
    """The level it would come down to if every one of `would_lower` changed."""
    lower_needs_all: bool = False
    """True when `would_lower` has several lines: all of them must change, not one."""
    close_call: str | None = None
    """Said when a single answer decides between this level and the one below."""

    def lower_heading(self) -> str | None:
        """The line that introduces `would_lower`, worded so it cannot be misread."""
        if not self.would_lower or self.lower_level is None:
            return None
        lower = level_name(self.lower_level)
        if self.lower_needs_all:
            return f"It would come down to {lower} only if all of these changed:"
        return f"It would come down to {lower} if this answer changed:"


def rule_steps(rules: Sequence[FormalityRule]) -> set[str]:
    """The steps that the rules read."""
    found: set[str] = set()
    for rule in rules:
        found |= _steps_of(rule)
    return found


def _steps_of(rule: FormalityRule) -> set[str]:
    found: set[str] = set()
    stack = list(rule.when)
    while stack:
        current = stack.pop()
        if current.step is not None:
            found.add(current.step)
        stack.extend(current.any or [])
    return found


def _fired(rules: Sequence[FormalityRule], answers: Mapping[str, Any]) -> list[FormalityRule]:
    return [rule for rule in rules if all_hold(rule.when, answers)]


def _level_of(fired: Sequence[FormalityRule]) -> int:
    """The rank of the strictest level called for; 0 (informal) when none is."""
    return max((_RANK[rule.level] for rule in fired), default=0)


def short_label(step: Step, value: str) -> str:
    """A choice as a word or two: its label up to the first colon, lower case."""
    label = next((c.label for c in choices_of(step) if c.value == value), value)
    head = label.split(":", 1)[0].strip()
    return head[:1].lower() + head[1:]


def _nearest_lower(
    dialog: Dialog, step_id: str, answers: Mapping[str, Any], top: int
) -> str | None:
    """The answer to `step_id` nearest the given one that calls for less than `top`.

    Only the rules that read the step are asked; "nearest" prefers the strictest level
    still below `top` (moderate risk before low), then the closest choice in the list.
    """
    step = dialog.step(step_id)
    values = [c.value for c in choices_of(step)]
    current = answers.get(step_id)
    rules = [rule for rule in dialog.rules if step_id in _steps_of(rule)]
    best: tuple[int, int, str] | None = None
    for index, value in enumerate(values):
        if value == current:
            continue
        rank = _level_of(_fired(rules, {**answers, step_id: value}))
        if rank >= top:
            continue
        distance = abs(index - values.index(current)) if current in values else index
        key = (rank, -distance, value)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def recommend(dialog: Dialog, answers: Mapping[str, Any]) -> Recommendation | None:
    """The recommendation for `answers`, or None until every step the rules read is answered."""
    if not rule_steps(dialog.rules) <= set(answers):
        return None
    fired = _fired(dialog.rules, answers)
    if not fired:
        meta = dialog.meta
        baseline = Reason(text=meta.baseline_reason, source=meta.baseline_source or "")
        return Recommendation(level="informal", reasons=[baseline])
    top = _level_of(fired)
    level = LEVELS[top]
    deciding = sorted(
        {s for rule in fired if rule.level == level for s in _steps_of(rule)},
        key=dialog.position,
    )
    changes = {s: _nearest_lower(dialog, s, answers, top) for s in deciding}
    lowered = {**answers, **{s: v for s, v in changes.items() if v is not None}}
    lower = _level_of(_fired(dialog.rules, lowered))
    would_lower: list[str] = []
    if None not in changes.values() and lower < top:
        for step_id, value in changes.items():
            assert value is not None
            step = dialog.step(step_id)
            was = short_label(step, answers[step_id])
            would_lower.append(f"{step.title}: {short_label(step, value)} instead of {was}")
    close_call = None
    if len(would_lower) == 1:
        step = dialog.step(deciding[0])
        value = changes[deciding[0]]
        assert value is not None
        close_call = (
            f"A close call: one answer alone calls for {level_name(level)} "
            f"({step.title}: {short_label(step, answers[step.id])}). Had it been "
            f"{short_label(step, value)}, the advice would be {level_name(LEVELS[lower])}, "
            f"so {level_name(LEVELS[lower])} may also fit."
        )
    return Recommendation(
        level=level,
        reasons=[Reason.of(rule) for rule in fired if rule.level == level],
        also=[Reason.of(rule) for rule in fired if rule.level != level],
        would_lower=would_lower,
        lower_level=LEVELS[lower] if would_lower else None,
        lower_needs_all=len(would_lower) > 1,
        close_call=close_call,
    )
