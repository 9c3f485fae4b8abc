"""Sessions: what was answered, as a model the store saves and reads back.

The pydantic model *is* the on-disk schema of `session.json`; reading and writing the
file is the store's work (`srs_advisor.store`), which the engine never calls.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

from ..dialog.model import END, Level
from .answers import ActionItem
from .drafts import readable_drafts
from .earlier import Earlier
from .prework import Prework
from .recommendation import Recommendation

SCHEMA_VERSION = 1
"""The version of the session file format this code writes and reads."""


class Gap(BaseModel):
    """A success factor that is missing or weak."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    category: Literal["prerequisite", "facilitating", "project"]
    factor: str
    answer: str
    """The label of the answer given, as the user saw it."""
    advice: str


class Readiness(BaseModel):
    """What the readiness phase found."""

    model_config = ConfigDict(extra="forbid")

    gaps: list[Gap] = []


class Session(BaseModel):
    """One planning conversation, as saved in `session.json`.

    `answers`, `skipped`, `parked`, `history` and `current` are the record; the rest
    (`complete`, `recommendation`, `chosen_level`, `level_reason`, `readiness`,
    `action_items`) is derived from it by the engine and written out for the people and
    tools that read it.
    """

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    id: str
    dialog_id: str
    dialog_version: str
    created: AwareDatetime
    updated: AwareDatetime
    current: str
    """The step the conversation is at, or `end`."""
    history: list[str] = []
    """The steps visited to reach `current`, in order."""
    complete: bool = False
    """Whether nothing was left to answer when it was saved: the end reached, or only
    pages to read before it (`Conversation.complete`). Lists of sessions say "finished"."""
    answers: dict[str, Any] = {}
    """Answers to steps on the conversation's path, by step id."""
    inactive: dict[str, Any] = {}
    """Answers that no longer apply since an earlier answer changed: kept, not used."""
    retired: dict[str, Any] = {}
    """Answers to steps that the dialog no longer has (from resuming a changed dialog)."""
    skipped: list[str] = []
    """Steps passed without an answer: "not discussed"."""
    parked: list[str] = []
    """Steps answered "unsure, discuss later": the parking lot."""
    tentative: dict[str, Any] = {}
    """Answers given before a step was parked: kept as tentative, not used."""
    drafts: dict[str, Any] = {}
    """What was typed into a step's input but not yet answered, by step id (`engine.drafts`)."""
    transcript_digests: list[str] = []
    """SHA-256 of the last notes this session wrote to `transcript.md` (the last two: a
    save can be cut short between its two files). Notes on disk that match none of them
    were changed by someone else, and are not written over."""
    recommendation: Recommendation | None = None
    chosen_level: Level | None = None
    level_reason: str | None = None
    """Why the partners chose a level other than the one recommended, if they did."""
    readiness: Readiness = Field(default_factory=Readiness)
    action_items: list[ActionItem] = []
    prework: Prework = Field(default_factory=Prework)
    """What each partner answered apart before the meeting (`engine.prework`)."""
    checkin: Earlier | None = None
    """For a check-in (`engine.checkin`): the meeting it follows, as it stood then."""

    @model_serializer(mode="wrap")
    def _only_what_is_used(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A session with no pre-work that is no check-in is written as before: older
        # readers refuse keys they do not know.
        data: dict[str, Any] = handler(self)
        if data.get("checkin") is None:
            data.pop("checkin", None)
        if not self.prework.answers and not self.prework.merged:
            data.pop("prework", None)
        return data

    @field_validator("drafts", mode="before")
    @classmethod
    def _drafts_never_block(cls, value: Any) -> dict[str, Any]:
        # A draft is a convenience: a damaged one is dropped, never a reason to refuse.
        return readable_drafts(value)

    @property
    def finished(self) -> bool:
        """Whether the conversation reached its end."""
        return self.current == END


def new_session_id(now: datetime | None = None) -> str:
    """A new session id: the time it started and a short random tail, safe as a folder name."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y-%m-%d-%H%M%S-") + secrets.token_hex(2)


def now_utc() -> datetime:
    """The current time, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)
