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
from itertools import combinations, product
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
    """Said when the answers sit between two levels: the range, and the answer that decides."""
    range_low: Level | None = None
    """The lower end of the range, when the answers sit between two levels."""
    range_high: Level | None = None
    """The higher end of the range, when the answers sit between two levels."""
    would_raise: list[str] = []
    """The answers that, any one of them changed, would take the level up to `range_high`."""

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


def _change(step: Step, answers: Mapping[str, Any], value: str) -> str:
    """An answer changed, as a line: "Risk: moderate instead of low"."""
    was = short_label(step, answers[step.id])
    return f"{step.title}: {short_label(step, value)} instead of {was}"


def _raises(dialog: Dialog, answers: Mapping[str, Any], rank: int) -> list[str]:
    """The one-answer changes that would take the level from `rank` one level up.

    Only rules that already partly hold are read: a rule above the level whose first
    condition (its subject: money paid, data linked, ...) holds and one other does not.
    The change must raise the level by exactly one.
    """
    found: list[str] = []
    for rule in dialog.rules:
        if _RANK[rule.level] != rank + 1 or len(rule.when) < 2:
            continue
        if not all_hold(rule.when[:1], answers):
            continue
        failing = [c for c in rule.when[1:] if not all_hold([c], answers)]
        if len(failing) != 1 or failing[0].step is None:
            continue
        step = dialog.step(failing[0].step)
        current = answers.get(step.id)
        values = [c.value for c in choices_of(step)]
        candidates = [v for v in values if v != current and all_hold(failing, {step.id: v})]
        if current in values:
            candidates.sort(key=lambda v: abs(values.index(v) - values.index(current)))
        for value in candidates:
            if _level_of(_fired(dialog.rules, {**answers, step.id: value})) == rank + 1:
                line = _change(step, answers, value)
                if line not in found:
                    found.append(line)
                break
    return found


def _fewest_changes(
    dialog: Dialog, answers: Mapping[str, Any], top: int, changes: Mapping[str, str | None]
) -> tuple[tuple[str, ...], int]:
    """The fewest answers whose nearest lower values take the level below `top`, and to what.

    A rule with several conditions stops holding when any one of them changes, so the
    fewest changes that stop every rule at the top level are sought (the deciding steps are
    few: trying their subsets smallest first is cheap). Among as few changes, the one that
    lowers the level least wins, then the earliest questions. ((), top) when none does.
    """
    steps = [s for s, v in changes.items() if v is not None]
    for size in range(1, len(steps) + 1):
        found: list[tuple[int, tuple[str, ...]]] = []
        for subset in combinations(steps, size):
            lowered = {**answers, **{s: changes[s] for s in subset}}
            rank = _level_of(_fired(dialog.rules, lowered))
            if rank < top:
                found.append((rank, subset))
        if found:
            rank, subset = max(found, key=lambda f: (f[0], [-dialog.position(s) for s in f[1]]))
            return subset, rank
    return (), top


def _or_list(lines: Sequence[str]) -> str:
    if len(lines) == 1:
        return lines[0]
    return "; ".join(lines[:-1]) + "; or " + lines[-1]


def recommend(dialog: Dialog, answers: Mapping[str, Any]) -> Recommendation | None:
    """The recommendation for `answers`, or None until every step the rules read is answered."""
    if not rule_steps(dialog.rules) <= set(answers):
        return None
    fired = _fired(dialog.rules, answers)
    if not fired:
        meta = dialog.meta
        baseline = Reason(text=meta.baseline_reason, source=meta.baseline_source or "")
        raise_lines = _raises(dialog, answers, 0)
        return Recommendation(
            level="informal",
            reasons=[baseline],
            would_raise=raise_lines,
            range_low="informal" if raise_lines else None,
            range_high="semi-formal" if raise_lines else None,
            close_call=(
                f"Between Informal and Semi-formal: Informal, or Semi-formal if "
                f"{_or_list(raise_lines)}."
                if raise_lines
                else None
            ),
        )
    top = _level_of(fired)
    level = LEVELS[top]
    deciding = sorted(
        {s for rule in fired if rule.level == level for s in _steps_of(rule)},
        key=dialog.position,
    )
    changes = {s: _nearest_lower(dialog, s, answers, top) for s in deciding}
    chosen, lower = _fewest_changes(dialog, answers, top, changes)
    would_lower = [_change(dialog.step(s), answers, changes[s] or "") for s in chosen]
    deciding = list(chosen)
    close_call = None
    range_low = range_high = None
    would_raise: list[str] = []
    if len(would_lower) == 1:
        step = dialog.step(deciding[0])
        value = changes[deciding[0]]
        assert value is not None
        range_low, range_high = LEVELS[lower], level
        close_call = (
            f"Between {level_name(LEVELS[lower])} and {level_name(level)}: "
            f"{level_name(level)}, or {level_name(LEVELS[lower])} if "
            f"{_change(step, answers, value)}. "
            "That one answer alone tips the balance."
        )
    elif top + 1 < len(LEVELS):
        higher = LEVELS[top + 1]
        would_raise = _raises(dialog, answers, top)
        near = [
            rule.near_if
            for rule in fired
            if rule.level == level and rule.near == higher and rule.near_if
        ]
        if would_raise or near:
            range_low, range_high = level, higher
            ifs = [*would_raise, *dict.fromkeys(near)]
            close_call = (
                f"Between {level_name(level)} and {level_name(higher)}: {level_name(level)}, "
                f"or {level_name(higher)} if {_or_list(ifs)}."
            )
    return Recommendation(
        level=level,
        reasons=[Reason.of(rule) for rule in fired if rule.level == level],
        also=[Reason.of(rule) for rule in fired if rule.level != level],
        would_lower=would_lower,
        lower_level=LEVELS[lower] if would_lower else None,
        lower_needs_all=len(would_lower) > 1,
        close_call=close_call,
        range_low=range_low,
        range_high=range_high,
        would_raise=would_raise,
    )


_MAX_OPEN_COMBINATIONS = 729
"""The most combinations of open answers tried to bound a level (six open factors)."""


class Pending(BaseModel):
    """Where the level stands while some factors are open (parked or not yet answered)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: Level
    """The level the answers given call for at least, whatever the open ones turn out."""
    high: Level
    """The highest level the open answers could take it to."""
    open: list[str]
    """The open factors, by title."""

    def sentence(self) -> str:
        """What the answers given already decide, in one sentence."""
        factors = ", ".join(title.lower() for title in self.open)
        one = len(self.open) == 1
        them = "that answer" if one else "those answers"
        if self.low == self.high:
            return (
                f"{level_name(self.low)}, whatever the answer to {factors}: "
                f"{them} cannot change it."
            )
        least = "" if self.low == LEVELS[0] else "At least "
        return (
            f"{least}{level_name(self.low)} from the answers given; {factors} can only raise "
            f"it, up to {level_name(self.high)}."
        )


def pending(dialog: Dialog, answers: Mapping[str, Any]) -> Pending | None:
    """The bounds on the level while some factors the rules read are open, or None.

    None when every factor is answered (see `recommend`), when none is, or when too many
    are open to try every combination of their choices.
    """
    steps = sorted(rule_steps(dialog.rules), key=dialog.position)
    missing = [s for s in steps if s not in answers]
    if not missing or len(missing) == len(steps):
        return None
    options = [[c.value for c in choices_of(dialog.step(s))] for s in missing]
    total = 1
    for values in options:
        total *= max(len(values), 1)
    if total > _MAX_OPEN_COMBINATIONS:
        return None
    ranks: set[int] = set()
    for combination in product(*options):
        filled = {**answers, **dict(zip(missing, combination, strict=True))}
        ranks.add(_level_of(_fired(dialog.rules, filled)))
    return Pending(
        low=LEVELS[min(ranks)],
        high=LEVELS[max(ranks)],
        open=[dialog.step(s).title for s in missing],
    )
