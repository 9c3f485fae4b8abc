"""A condition: a test on an earlier answer, or on the working formality level.

Branches, guidance variants, prefills, checks, suggestions and formality rules all
test the answers given so far with these.
"""

from __future__ import annotations

from pydantic import model_validator

from .base import Level, Strict

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
