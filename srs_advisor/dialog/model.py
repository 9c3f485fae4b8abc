"""The dialog file format, as pydantic models.

A dialog is the whole conversation written as data: phases, their steps, the
conditions under which a step applies, where each step leads, and the formality
rules. These models *are* the schema of the TOML files in `dialogs/`; unknown keys
are refused so that a typo in a file is reported instead of silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

StepKind = Literal[
    "info",
    "text",
    "long-text",
    "choice",
    "multi-choice",
    "yes-no",
    "partners",
    "per-partner",
    "action-items",
    "level",
    "form",
]
"""The kinds of step. These names are part of the file format and of `questions --json`.

- `info`: shows its guidance; nothing to answer but "continue".
- `text` / `long-text`: one line / several lines of free text.
- `choice` / `multi-choice`: one / any number of the step's choices.
- `yes-no`: "yes" or "no".
- `partners`: the partner organizations, each a name and a sector.
- `per-partner`: one text answer from each partner, keyed by partner name.
- `action-items`: a list of action items, each what, who and by when.
- `level`: the partners' choice of formality level; shows the recommendation.
- `form`: a few short labeled fields (`fields`), each optional, answered together.
"""

CHOICE_KINDS: frozenset[str] = frozenset({"choice", "multi-choice", "yes-no", "level"})
"""Kinds whose answer must be one (or several) of the step's choices."""

Level = Literal["informal", "semi-formal", "formal"]
"""The three levels of partnership formality, from least to most formal."""

LEVELS: tuple[Level, ...] = ("informal", "semi-formal", "formal")
"""The levels in order of strictness."""

_LEVEL_NAMES = {"informal": "Informal", "semi-formal": "Semi-formal", "formal": "Formal"}


def level_name(level: str) -> str:
    """A level as people write it: `semi-formal` is "Semi-formal"."""
    return _LEVEL_NAMES.get(level, level)


STEP_ID_PATTERN = r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9_-]*$"
"""Step ids are `phase.name`: the phase's id, a dot, and a name within the phase."""

END = "end"
"""The name of the final state that every path must reach."""


class Strict(BaseModel):
    """A model that refuses unknown keys and cannot be changed after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Choice(Strict):
    """One option of a choice step."""

    value: Annotated[str, Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """What is stored in the session and written in answer files."""
    label: Annotated[str, Field(min_length=1)]
    """What the user reads."""


_STEP_TESTS = (
    "equals",
    "not_equals",
    "any_of",
    "includes",
    "answered",
    "any_sector",
    "every_sector",
)
"""The tests a condition on a step can make: exactly one of them."""


class Condition(Strict):
    """A test on an earlier answer, or on the working formality level.

    Exactly one subject (`step` or `level`) is given. With `step`, exactly one test
    is given; an unanswered step fails every test except `answered = false`.
    """

    step: str | None = None
    """The id of the earlier step whose answer is tested."""
    equals: str | None = None
    """The answer is exactly this value."""
    not_equals: str | None = None
    """The step was answered, with some other value."""
    any_of: list[str] | None = None
    """The answer is one of these values."""
    includes: str | None = None
    """The (multi-choice) answer includes this value."""
    answered: bool | None = None
    """The step was (`true`) or was not (`false`) answered."""
    any_sector: list[str] | None = None
    """(A partners step) at least one partner's sector is one of these."""
    every_sector: list[str] | None = None
    """(A partners step) there is a partner, and every partner's sector is one of these."""
    level: list[Level] | None = None
    """The working level (chosen, or else recommended) is one of these."""
    chosen_differs: bool | None = None
    """The partners chose a level, and it is (`true`) or is not (`false`) other than the
    recommended one. False while there is no choice or no recommendation."""
    any: list[Condition] | None = None
    """At least one of these conditions holds."""

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Condition:
        tests = [name for name in (*_STEP_TESTS,) if getattr(self, name) is not None]
        subjects = [
            n for n in ("step", "level", "chosen_differs", "any") if getattr(self, n) is not None
        ]
        if len(subjects) != 1:
            raise ValueError(
                "a condition needs exactly one of `step` (with a test), `level`, "
                "`chosen_differs`, `any`"
            )
        if self.step is None:
            if tests:
                raise ValueError(f"a `{subjects[0]}` condition takes no other test")
            if self.any is not None and not self.any:
                raise ValueError("`any` needs at least one condition")
            return self
        if len(tests) != 1:
            raise ValueError("a condition on a step needs exactly one of " + ", ".join(_STEP_TESTS))
        return self

    def describe(self) -> str:
        """A short, readable form of the condition, for graphs and messages."""
        if self.level is not None:
            return "level is " + " or ".join(self.level)
        if self.chosen_differs is not None:
            relation = "differs from" if self.chosen_differs else "is"
            return f"chosen level {relation} the recommended"
        if self.any is not None:
            return "(" + " or ".join(c.describe() for c in self.any) + ")"
        if self.equals is not None:
            return f"{self.step} = {self.equals}"
        if self.not_equals is not None:
            return f"{self.step} != {self.not_equals}"
        if self.any_of is not None:
            return f"{self.step} in {', '.join(self.any_of)}"
        if self.includes is not None:
            return f"{self.step} includes {self.includes}"
        if self.any_sector is not None:
            return f"a partner in {self.step} is {' or '.join(self.any_sector)}"
        if self.every_sector is not None:
            return f"every partner in {self.step} is {' or '.join(self.every_sector)}"
        return f"{self.step} {'answered' if self.answered else 'not answered'}"


Conditions = list[Condition]
"""All of the conditions must hold."""


class Branch(Strict):
    """An exit from a step to a named step, taken when its conditions hold."""

    when: Annotated[Conditions, Field(min_length=1)]
    to: str
    """A step id, or `end`."""


class GuidanceVariant(Strict):
    """A guidance page shown instead of the step's default when `when` holds."""

    when: Annotated[Conditions, Field(min_length=1)]
    page: str


class ReadinessFactor(Strict):
    """Marks a step as one of the success factors; some answers record a gap."""

    category: Literal["prerequisite", "facilitating", "project"]
    factor: Annotated[str, Field(min_length=1)]
    """The factor's name, as the notes list it."""
    gap_when: Annotated[list[str], Field(min_length=1)]
    """Answers that mean the factor is missing or weak."""
    advice: Annotated[str, Field(min_length=1)]
    """What to do about the gap, recorded with it."""


class WhenSuggested(Strict):
    """Action items offered at every level when the conditions hold (data shared, say)."""

    when: Annotated[list[Condition], Field(min_length=1)]
    items: Annotated[list[str], Field(min_length=1)]


class Suggestions(Strict):
    """Action items offered for each working level of formality."""

    informal: list[str] = []
    semi_formal: list[str] = Field(default=[], alias="semi-formal")
    formal: list[str] = []
    also: list[WhenSuggested] = []
    """Offered at any level, after the level's own, when their conditions hold."""

    def for_level(self, level: Level) -> list[str]:
        """The suggestions for `level`."""
        return {"informal": self.informal, "semi-formal": self.semi_formal, "formal": self.formal}[
            level
        ]


class Prefill(Strict):
    """A starting answer for a choice step, drawn from earlier answers; first match wins.

    The user still confirms it: the choice is only highlighted, with `because` shown.
    """

    when: Annotated[Conditions, Field(min_length=1)]
    value: Annotated[str, Field(min_length=1)]
    """The choice highlighted at first."""
    because: Annotated[str, Field(min_length=1)]
    """Why it starts there, in the user's words: "Earlier you said ..."."""


class Check(Strict):
    """An answer that contradicts an earlier one: when `when` holds, `message` says so."""

    when: Annotated[Conditions, Field(min_length=1)]
    """May test the step's own answer as well as earlier ones."""
    message: Annotated[str, Field(min_length=1)]


class FormField(Strict):
    """One labeled field of a `form` step."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    """The field's name in the stored answer and in answer files."""
    label: Annotated[str, Field(min_length=1, max_length=60)]
    """What the field is called on screen and in the notes."""


Records = Literal["level_reason"]
"""Fields of `session.json` that a step's answer is written to, besides `answers`."""


class Step(Strict):
    """One question (or one page to read) in the conversation."""

    id: Annotated[str, Field(pattern=STEP_ID_PATTERN)]
    title: Annotated[str, Field(min_length=1, max_length=60)]
    """A short name for the step, for progress views, reviews and tables."""
    prompt: Annotated[str, Field(min_length=1)]
    kind: StepKind
    guidance: Annotated[str, Field(min_length=1)]
    """The guidance page shown beside the step: a file name in `content/`."""
    guidance_variants: list[GuidanceVariant] = []
    """Pages shown instead of `guidance` when their conditions hold; first match wins."""
    choices: list[Choice] = []
    required: bool = False
    """A required step cannot be skipped or parked."""
    when: Conditions = []
    """The step applies only when all of these hold; otherwise the path passes it by."""
    branches: list[Branch] = []
    """Exits tried in order before the default one."""
    next: str | None = None
    """The default exit: a step id or `end`. Without it, the next step in file order."""
    hint: str | None = None
    """A short line under the prompt: an example or how to answer."""
    readiness: ReadinessFactor | None = None
    suggestions: Suggestions | None = None
    """For `action-items` steps: the items offered at each level."""
    prefill: list[Prefill] = []
    """For choice steps: where the choice starts, from earlier answers."""
    checks: list[Check] = []
    """Contradictions with earlier answers to point out once this step is answered."""
    records: Records | None = None
    """A field of `session.json` that also holds this step's answer (`level_reason`)."""
    fields: list[FormField] = []
    """For `form` steps: the fields, in order."""

    @model_validator(mode="after")
    def _choices_fit_kind(self) -> Step:
        if self.kind in ("choice", "multi-choice") and not self.choices:
            raise ValueError(f"a `{self.kind}` step needs `choices`")
        if self.kind in ("yes-no", "level") and self.choices:
            raise ValueError(f"a `{self.kind}` step has fixed choices; remove `choices`")
        if self.kind not in CHOICE_KINDS and self.choices:
            raise ValueError(f"a `{self.kind}` step takes no `choices`")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError("two choices share a value")
        if self.suggestions is not None and self.kind != "action-items":
            raise ValueError("only `action-items` steps take `suggestions`")
        if self.required and self.kind == "info":
            raise ValueError("an `info` step has nothing to answer and cannot be required")
        if self.prefill and self.kind not in CHOICE_KINDS:
            raise ValueError("only choice steps take `prefill`")
        if self.kind == "form" and not self.fields:
            raise ValueError("a `form` step needs `fields`")
        if self.kind != "form" and self.fields:
            raise ValueError("only `form` steps take `fields`")
        keys = [f.key for f in self.fields]
        if len(keys) != len(set(keys)):
            raise ValueError("two fields share a key")
        if self.records == "level_reason" and self.kind not in ("text", "long-text"):
            raise ValueError('`records = "level_reason"` needs a `text` or `long-text` step')
        return self

    @property
    def phase(self) -> str:
        """The id of the phase this step belongs to."""
        return self.id.split(".", 1)[0]


YES_NO: tuple[Choice, ...] = (Choice(value="yes", label="Yes"), Choice(value="no", label="No"))
LEVEL_CHOICES: tuple[Choice, ...] = (
    Choice(value="informal", label="Informal (handshake)"),
    Choice(value="semi-formal", label="Semi-formal (e-mails, shared work plans, MOUs)"),
    Choice(value="formal", label="Formal (contracts, interlocal agreements, data use agreements)"),
)


def choices_of(step: Step) -> tuple[Choice, ...]:
    """The choices a user can give at `step`, fixed ones included."""
    if step.kind == "yes-no":
        return YES_NO
    if step.kind == "level":
        return LEVEL_CHOICES
    return tuple(step.choices)


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
