"""Where the partners' pre-work answers differ, and where the meeting starts.

For a shared question (a success factor) every partner answered apart; the meeting
settles one answer, starting from the most cautious of theirs (the advisor's own choice:
`engine.prework.CAUTION_NOTE` says so wherever it is shown).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dialog.model import (
    Condition,
    Prefill,
    Step,
    choices_of,
)

if TYPE_CHECKING:
    from .conversation import Conversation

from .prework import is_shared, label_of, prework_steps

# -- where the partners' answers differ ---------------------------------------------------


@dataclass(frozen=True)
class Said:
    """One partner's pre-work answer to a shared question."""

    partner: str
    value: str
    label: str


@dataclass(frozen=True)
class Divergence:
    """The partners' pre-work answers to one shared question, side by side."""

    step: Step
    said: tuple[Said, ...]
    silent: tuple[str, ...]
    """Partners whose pre-work was merged but who left this question blank."""

    @property
    def differ(self) -> bool:
        """Whether the partners gave different answers."""
        return len({s.value for s in self.said}) > 1

    @property
    def cautious(self) -> str:
        """The most cautious answer given: the choice furthest down the list."""
        return most_cautious(self.step, [s.value for s in self.said])

    def sentence(self) -> str:
        """ "Trust: County says yes, in place; Hospital says partly"."""
        parts = [f"{s.partner} says {_lower(s.label)}" for s in self.said]
        parts += [f"{name} gave no answer" for name in self.silent]
        return f"{self.step.title}: " + "; ".join(parts)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def most_cautious(step: Step, values: Iterable[str]) -> str:
    """The most cautious of `values`: the choice furthest down the step's list.

    The success factors' choices run from "in place" to "not yet"; taking the last one
    given as the most cautious is the advisor's own reading (`CAUTION_NOTE`).

    Raises:
        ValueError: no value is one of the step's choices.
    """
    order = [c.value for c in choices_of(step)]
    known = [v for v in values if v in order]
    if not known:
        raise ValueError("no answer among the choices")
    return max(known, key=order.index)


def divergence(conversation: Conversation, step: Step) -> Divergence | None:
    """The partners' pre-work answers to `step`, if it is shared and any were given."""
    if not is_shared(step):
        return None
    session = conversation.session
    given = session.prework.answers.get(step.id) or {}
    values = {c.value for c in choices_of(step)}
    said = tuple(
        Said(name, value, label_of(step, value)) for name, value in given.items() if value in values
    )
    if not said:
        return None
    merged = [m.partner for m in session.prework.merged]
    silent = tuple(dict.fromkeys(n for n in merged if n not in given))
    return Divergence(step, said, silent)


def divergences(conversation: Conversation) -> list[Divergence]:
    """Every shared question with pre-work answers, in the dialog's order."""
    found = (divergence(conversation, s) for s in prework_steps(conversation.dialog))
    return [d for d in found if d is not None]


def before_the_meeting(conversation: Conversation, step: Step) -> str | None:
    """What the partners answered apart before the meeting, as the question shows it:
    "Before the meeting (pre-work), County: Yes, in place; Hospital: Partly."."""
    found = divergence(conversation, step)
    if found is None:
        return None
    said = [f"{s.partner}: {s.label}" for s in found.said]
    said += [f"{name}: no answer" for name in found.silent]
    return "Before the meeting (pre-work), " + "; ".join(said) + "."


def prework_prefill(conversation: Conversation, step: Step) -> Prefill | None:
    """Where the meeting's answer to a shared question starts: the most cautious of the
    partners' pre-work answers (the advisor's own choice), while it has no answer."""
    if step.id in conversation.session.answers:
        return None
    found = divergence(conversation, step)
    if found is None:
        return None
    label = label_of(step, found.cautious)
    if found.differ:
        because = (
            f"They differ: the choice starts at the most cautious, {label} (the advisor's "
            "own choice, not the success factors document's); the meeting settles it."
        )
    elif len(found.said) > 1:
        because = f"They agree: the choice starts at {label}; the meeting settles it."
    else:
        because = f"The choice starts at {label}; the meeting settles it."
    return Prefill(
        when=[Condition(step=step.id, answered=False)], value=found.cautious, because=because
    )
