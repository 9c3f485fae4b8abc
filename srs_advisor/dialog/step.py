"""A step of the conversation, as its dialog file writes it, and the parts it carries.

Its kind, its choices, where it leads (branches and the default exit), the guidance it
shows, and what its answer means (a readiness factor, suggestions, prefills, checks,
a form's fields).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import STEP_ID_PATTERN, Level, Strict
from .condition import Condition, Conditions

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


class Choice(Strict):
    """One option of a choice step."""

    value: Annotated[str, Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """What is stored in the session and written in answer files."""
    label: Annotated[str, Field(min_length=1)]
    """What the user reads."""


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
    names_gaps: Literal["prerequisite", "facilitating", "project"] | None = None
    """For `info` steps: the readiness gaps of this category found so far are named under
    the prompt, each with its advice (and no advice for a factor in place)."""

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
        if self.names_gaps is not None and self.kind != "info":
            raise ValueError("only `info` steps take `names_gaps`")
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
