"""What a check-in keeps of the meeting it follows: the record in its `session.json`.

A check-in is a session of its own that follows up a finished one (`engine.checkin`).
It keeps here what the earlier meeting said, so that it can show the earlier answer
beside each question asked again and write what changed, even after the earlier
session's folder is moved or gone; and the chain of meetings before it, so that a
chain of check-ins can be followed and listed in order. The earlier session's own
files are never written.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..dialog.model import Level
from .answers import ActionItem


class Meeting(BaseModel):
    """One meeting of a chain: a session and when it was held."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session: str
    """The session's id."""
    date: AwareDatetime
    """When the session started: the meeting's date."""
    checkin: int = 0
    """0 for the first meeting; n for the n-th check-in after it."""


class Earlier(BaseModel):
    """The meeting a check-in follows, as it stood when the check-in began."""

    model_config = ConfigDict(extra="forbid")

    session: str
    """The earlier session's id."""
    folder: str
    """The folder it was read from (it may have moved since)."""
    meetings: Annotated[list[Meeting], Field(min_length=1)]
    """The chain up to and including the earlier meeting, oldest first."""
    answers: dict[str, Any] = {}
    """The earlier answers, by step id."""
    skipped: list[str] = []
    """The steps the earlier meeting passed without an answer (not discussed)."""
    parked: list[str] = []
    """The earlier meeting's parking lot: asked again at the check-in."""
    tentative: dict[str, Any] = {}
    """The tentative answers of the parked steps."""
    recommended: Level | None = None
    """The level the advisor recommended at the earlier meeting."""
    chosen: Level | None = None
    """The level the partners chose at the earlier meeting."""
    items: list[ActionItem] = []
    """The action items the earlier meeting left to do, asked about one by one."""
    set_on: list[dt.date] = []
    """The day each of `items` got its date (the meeting that set it): a date typed
    without a year is read from there."""

    @property
    def number(self) -> int:
        """Which check-in follows this meeting: 1 after the first meeting, and so on."""
        return len(self.meetings)

    @property
    def date(self) -> dt.datetime:
        """When the earlier meeting was held."""
        return self.meetings[-1].date

    def item_set_on(self, index: int) -> dt.date:
        """The day item `index` (from 0) got its date: the earlier meeting's, if not known."""
        if index < len(self.set_on):
            return self.set_on[index]
        return self.date.astimezone().date()
