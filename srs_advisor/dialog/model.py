"""The dialog file format, as pydantic models: the dialog, its phases and its rules.

A dialog is the whole conversation written as data: phases, their steps, the
conditions under which a step applies, where each step leads, and the formality
rules. These models *are* the schema of the TOML files in `dialogs/`; unknown keys
are refused so that a typo in a file is reported instead of silently ignored.

The parts live in `base.py` (strict models, levels), `condition.py` and `step.py`;
every name of the schema can be imported from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PrivateAttr, model_validator

from .base import END, LEVELS, STEP_ID_PATTERN, Level, Strict, level_name
from .condition import Condition, Conditions
from .step import (
    CHOICE_KINDS,
    LEVEL_CHOICES,
    YES_NO,
    Branch,
    Check,
    Choice,
    FormField,
    GuidanceVariant,
    Prefill,
    ReadinessFactor,
    Records,
    Step,
    StepKind,
    Suggestions,
    WhenSuggested,
    choices_of,
)

__all__ = [
    "CHOICE_KINDS",
    "END",
    "LEVELS",
    "LEVEL_CHOICES",
    "STEP_ID_PATTERN",
    "YES_NO",
    "Branch",
    "Check",
    "Choice",
    "Condition",
    "Conditions",
    "Dialog",
    "DialogFile",
    "DialogMeta",
    "FormField",
    "FormalityRule",
    "GuidanceVariant",
    "Level",
    "Phase",
    "PhaseInfo",
    "Prefill",
    "Quoting",
    "ReadinessFactor",
    "Reask",
    "Records",
    "Sector",
    "Step",
    "StepKind",
    "Strict",
    "Suggestions",
    "WhenSuggested",
    "choices_of",
    "level_name",
    "version_key",
]


class PhaseInfo(Strict):
    """A phase as its file declares it, in `[phase]`."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Annotated[str, Field(min_length=1)]
    summary: Annotated[str, Field(min_length=1)]
    """One sentence on what this phase is for."""


class Phase(PhaseInfo):
    """A part of the conversation, shown as one stage of progress, with its steps."""

    steps: list[Step]


def _quotes_something(text: str) -> str:
    if not re.search(r'"[^"]+"', text):
        raise ValueError('must quote the source\'s words, in double quotes ("...")')
    return text


Quoting = Annotated[str, Field(min_length=1), AfterValidator(_quotes_something)]
"""Text that quotes its source: at least one passage in double quotes."""


class FormalityRule(Strict):
    """One condition of the tip sheet's levels, and the level it calls for."""

    level: Level
    when: Annotated[Conditions, Field(min_length=1)]
    reason: Annotated[str, Field(min_length=1)]
    """Names the condition that holds, in the words the user will read."""
    source: Quoting
    """The tip sheet's words behind the rule, quoted (within double quotes)."""
    inference: str | None = None
    """Where the rule goes beyond the tip sheet's words: says that it is the advisor's own."""
    near: Level | None = None
    """A higher level that may fit too when this rule calls for the level recommended."""
    near_if: str | None = None
    """When the `near` level would fit: the end of "..., or formal if ...", in plain words."""

    @model_validator(mode="after")
    def _near_is_higher(self) -> FormalityRule:
        if (self.near is None) != (self.near_if is None):
            raise ValueError("`near` and `near_if` go together")
        if self.near is not None and LEVELS.index(self.near) <= LEVELS.index(self.level):
            raise ValueError("`near` must be a higher level than `level`")
        return self


class Sector(Strict):
    """A kind of partner organization."""

    value: Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]
    label: Annotated[str, Field(min_length=1)]


class Reask(Strict):
    """Questions that changed in a version: older sessions' answers to them are set aside."""

    before: Annotated[str, Field(pattern=r"^\d+(\.\d+)*$")]
    """Sessions answered against a dialog version older than this are affected."""
    steps: Annotated[list[str], Field(min_length=1)]
    """The steps to ask again."""
    why: Annotated[str, Field(min_length=1)]
    """What changed, for the user: one sentence."""
    values: list[str] = []
    """Only answers that are one of these are set aside; with none, any answer is."""
    read_as: str | None = None
    """Where an answer cannot be asked again (an answer file, which has no version), one of
    `values` is read as this choice, and the reader is told so."""

    def applies_to(self, value: object) -> bool:
        """Whether an old answer `value` to one of `steps` is set aside."""
        return not self.values or value in self.values


def version_key(version: str) -> tuple[int, ...] | None:
    """A dotted version as numbers, for comparing; None if it is not one."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


class DialogMeta(Strict):
    """What the dialog is, and its version; sessions record the version."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Annotated[str, Field(min_length=1)]
    version: Annotated[str, Field(min_length=1)]
    phases: Annotated[list[str], Field(min_length=1)]
    """Phase ids in the order the conversation takes them."""
    sectors: Annotated[list[Sector], Field(min_length=1)]
    """The sectors a partner organization can belong to."""
    baseline_reason: Annotated[str, Field(min_length=1)]
    """The reason given when no formality rule calls for more than `informal`."""
    baseline_source: Quoting | None = None
    """The tip sheet's words behind the baseline reason, quoted."""
    reask: list[Reask] = []
    """Questions that changed since earlier versions, to ask again on resume."""


class DialogFile(Strict):
    """One TOML file of a dialog folder. Each section is optional.

    `dialog.toml` holds `[dialog]`; a phase file holds `[phase]` and its `[[step]]`s; a
    rules file holds `[[rule]]`s.
    """

    dialog: DialogMeta | None = None
    phase: PhaseInfo | None = None
    step: list[Step] = []
    rule: list[FormalityRule] = []


class Dialog(Strict):
    """A whole, checked dialog: what the engine runs."""

    meta: DialogMeta
    phases: list[Phase]
    rules: list[FormalityRule]

    # Steps are looked up by id on every move: indexed once, as the model is frozen.
    _steps: tuple[Step, ...] = PrivateAttr(default=())
    _by_id: dict[str, Step] = PrivateAttr(default_factory=dict)
    _order: dict[str, int] = PrivateAttr(default_factory=dict)
    _by_kind: dict[str, tuple[Step, ...]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        """Index the steps by id and by position (the first of a repeated id wins)."""
        self._steps = tuple(step for phase in self.phases for step in phase.steps)
        for n, step in enumerate(self._steps):
            self._by_id.setdefault(step.id, step)
            self._order.setdefault(step.id, n)
        for step in self._steps:
            self._by_kind[step.kind] = (*self._by_kind.get(step.kind, ()), step)

    @property
    def steps(self) -> list[Step]:
        """Every step, in conversation order."""
        return list(self._steps)

    def steps_from(self, index: int) -> Iterator[Step]:
        """The steps from position `index` on, in conversation order."""
        steps = self._steps
        return (steps[n] for n in range(index, len(steps)))

    def steps_of_kind(self, kind: StepKind) -> tuple[Step, ...]:
        """The steps of one kind, in conversation order."""
        return self._by_kind.get(kind, ())

    def step(self, step_id: str) -> Step:
        """The step with id `step_id`; KeyError if there is none."""
        try:
            return self._by_id[step_id]
        except KeyError:
            raise KeyError(step_id) from None

    def has_step(self, step_id: str) -> bool:
        """Whether the dialog has a step with id `step_id`."""
        return step_id in self._by_id

    def position(self, step_id: str) -> int:
        """Where the step with id `step_id` comes in conversation order; KeyError if nowhere."""
        try:
            return self._order[step_id]
        except KeyError:
            raise KeyError(step_id) from None

    def phase(self, phase_id: str) -> Phase:
        """The phase with id `phase_id`; KeyError if there is none."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)
