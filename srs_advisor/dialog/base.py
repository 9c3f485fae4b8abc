"""What every part of the dialog's schema shares: strict models, the levels, the end.

The schema is split by what it describes: `condition.py` the tests on earlier answers,
`step.py` a step and its parts, `model.py` phases, rules, the dialog and its files.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

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
