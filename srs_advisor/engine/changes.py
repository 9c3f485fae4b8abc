"""What changed since the last meeting: a check-in's answers set against the earlier ones.

Read from a check-in (`engine.checkin.CheckIn`) alone, without moving: every answer
that differs from the earlier meeting's, grouped as a reader of the notes looks for
them (this meeting, decisions, the parking lot, the level of formality); whether the
recommendation moved, and the answers that moved it; where each action item stands,
and which are overdue against the check-in's date; and the readiness gaps that are new
or closed. The notes (`notes.changes`) write it down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..dialog.model import Level
from .answers import ActionItem
from .checkin import NEW_ITEMS, CheckIn, date_step, item_step
from .derived import readiness_gaps
from .duedates import DueDate, read_due
from .machine import chosen_level
from .recommendation import recommend, rule_steps
from .session import Gap

Status = Literal["answered", "skipped", "parked", "inactive", "absent"]
"""Where a question stands: answered, not discussed, on the parking lot, no longer
applying (an earlier answer changed), or not asked at all."""

MEETING_STEPS = ("welcome.participants", "welcome.meeting")
"""The questions about the meeting itself: who came, where, who facilitated."""


@dataclass(frozen=True)
class Change:
    """A question whose record differs from the earlier meeting's."""

    step: str
    before: Status
    before_value: Any
    after: Status
    after_value: Any


@dataclass(frozen=True)
class ItemReview:
    """An action item the earlier meeting left, and where it stands at the check-in."""

    number: int
    item: ActionItem
    """As the earlier meeting left it."""
    status: str | None
    """done, open, late or dropped; None when it was not reviewed (skipped or parked)."""
    due: DueDate
    """Its date as the earlier meeting set it, read."""
    new_date: DueDate | None = None
    """For a late item, the new date given at the check-in."""
    overdue: bool | None = None
    """Not done or dropped, and its date passed before the check-in's date. None when
    that cannot be told (no date, or one the advisor cannot read)."""
    asked: bool = True
    """Whether the check-in has come to it yet (False while it is still to come)."""

    @property
    def closed(self) -> bool:
        """Done or dropped: nothing more to do."""
        return self.status in ("done", "dropped")


@dataclass(frozen=True)
class LevelReview:
    """The level of formality then and now, and what moved it."""

    recommended_before: Level | None
    recommended_now: Level | None
    chosen_before: Level | None
    chosen_now: Level | None
    changes: list[Change]
    """The formality questions whose answers changed (the factors, the choice, the reason)."""
    moved_by: list[Change]
    """When the recommendation moved: the changed factors that moved it (each alone, if
    any one alone does; else all the changed factors together)."""
    reached: bool = True
    """Whether the check-in has come to the level yet (False while it is still to come)."""

    @property
    def moved(self) -> bool:
        """Whether the recommended level differs from the earlier meeting's."""
        return self.recommended_before != self.recommended_now


@dataclass
class Changes:
    """Everything that changed since the last meeting."""

    on: date
    """The check-in's date: what the action items' dates are judged against."""
    meeting: list[Change] = field(default_factory=list)
    decisions: list[Change] = field(default_factory=list)
    parking_lot: list[Change] = field(default_factory=list)
    """The earlier parking lot's questions, and what became of each (changed or not)."""
    unchanged: list[str] = field(default_factory=list)
    """The questions asked again and answered as before (the meeting's own aside)."""
    level: LevelReview | None = None
    items: list[ItemReview] = field(default_factory=list)
    new_items: list[ActionItem] = field(default_factory=list)
    new_gaps: list[Gap] = field(default_factory=list)
    closed_gaps: list[Gap] = field(default_factory=list)
    kept_gaps: list[Gap] = field(default_factory=list)
    """Gaps the earlier meeting found that remain."""

    @property
    def overdue(self) -> list[ItemReview]:
        """The action items not done by their date."""
        return [i for i in self.items if i.overdue]

    @property
    def late(self) -> list[ItemReview]:
        """The action items the check-in said are late."""
        return [i for i in self.items if i.status == "late"]

    @property
    def unjudged(self) -> list[ItemReview]:
        """Items still to do, not said late, whose date the advisor cannot read (or that
        have none): whether they are overdue cannot be told."""
        return [i for i in self.items if i.overdue is None and not i.closed and i.status != "late"]


def _status(store: dict[str, Any], parked: list[str], skipped: list[str], step: str) -> Status:
    if step in store:
        return "answered"
    if step in parked:
        return "parked"
    if step in skipped:
        return "skipped"
    return "absent"


def _record(checkin: CheckIn, step_id: str) -> Change | None:
    """A question's record then and now; None while a question asked again is not reached."""
    earlier = checkin.earlier
    session = checkin.session
    before = _status(earlier.answers, earlier.parked, earlier.skipped, step_id)
    after = _status(session.answers, session.parked, session.skipped, step_id)
    if after == "absent" and step_id in session.inactive:
        after = "inactive"
    if after == "absent" and before != "absent" and step_id in checkin.reviewed:
        return None  # asked again, not yet reached: nothing to say yet
    after_value = (
        session.answers.get(step_id)
        if after == "answered"
        else session.inactive.get(step_id)
        if after == "inactive"
        else session.tentative.get(step_id)
    )
    return Change(step_id, before, checkin.earlier_value(step_id), after, after_value)


def _same(change: Change) -> bool:
    return (change.before, change.before_value) == (change.after, change.after_value)


def changes_since(checkin: CheckIn) -> Changes:
    """What changed at `checkin` since the meeting it follows."""
    earlier = checkin.earlier
    session = checkin.session
    base = checkin.base
    found = Changes(on=checkin.day)
    level_phase = {s.phase for s in base.steps if s.kind == "level"}
    for step in base.steps:
        if step.kind == "info" or step.phase in level_phase:
            continue  # the level's phase has a section of its own (`_level`)
        sid = step.id
        change = _record(checkin, sid)
        if change is None:
            continue
        if sid in earlier.parked:
            found.parking_lot.append(change)
        elif _same(change):
            if sid in checkin.reviewed and sid not in MEETING_STEPS and change.after != "absent":
                found.unchanged.append(sid)
        elif sid in MEETING_STEPS:
            found.meeting.append(change)
        else:
            found.decisions.append(change)
    found.level = _level(checkin)
    found.items = _items(checkin)
    found.new_items = [ActionItem(step=NEW_ITEMS, **i) for i in session.answers.get(NEW_ITEMS, [])]
    steps = [s for s in base.steps if s.readiness is not None]
    before_gaps = {g.step: g for g in readiness_gaps(steps, earlier.answers)}
    now_gaps = {g.step: g for g in checkin.readiness_gaps()}
    found.new_gaps = [g for s, g in now_gaps.items() if s not in before_gaps]
    found.kept_gaps = [g for s, g in now_gaps.items() if s in before_gaps]
    found.closed_gaps = [
        g for s, g in before_gaps.items() if s not in now_gaps and s in session.answers
    ]
    return found


def _level(checkin: CheckIn) -> LevelReview:
    earlier = checkin.earlier
    session = checkin.session
    base = checkin.base
    level_phases = {s.phase for s in base.steps if s.kind == "level"}
    factors = rule_steps(base.rules)
    changes = [
        change
        for step in base.steps
        if step.phase in level_phases and step.kind != "info"
        if (change := _record(checkin, step.id)) is not None and not _same(change)
    ]
    recommendation = checkin.recommendation
    now: Level | None = recommendation.level if recommendation else None
    moved_by: list[Change] = []
    changed_factors = [c for c in changes if c.step in factors]
    if now != earlier.recommended and now is not None:
        for change in changed_factors:
            trial = dict(session.answers)
            if change.before == "answered":
                trial[change.step] = change.before_value
            else:
                trial.pop(change.step, None)
            back = recommend(base, trial)
            if back is not None and back.level == earlier.recommended:
                moved_by.append(change)
        if not moved_by:
            moved_by = changed_factors
    level_steps = [s.id for s in base.steps if s.kind == "level"]
    reached = checkin.finished or any(checkin.status(s) != "open" for s in level_steps)
    return LevelReview(
        reached=reached,
        recommended_before=earlier.recommended,
        recommended_now=now,
        chosen_before=earlier.chosen,
        chosen_now=chosen_level(base, session.answers),
        changes=changes,
        moved_by=moved_by,
    )


def _items(checkin: CheckIn) -> list[ItemReview]:
    on = checkin.day
    reviews = []
    for number, item in enumerate(checkin.earlier.items, start=1):
        status = checkin.status_of_item(number)
        due = read_due(item.when, checkin.earlier.item_set_on(number - 1))
        given = checkin.session.answers.get(date_step(number))
        new_date = read_due(given, on) if status == "late" and isinstance(given, str) else None
        overdue = False if status in ("done", "dropped") else due.overdue(on)
        asked = checkin.finished or checkin.status(item_step(number)) != "open"
        reviews.append(ItemReview(number, item, status, due, new_date, overdue, asked))
    return reviews
