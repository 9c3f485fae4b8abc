"""A check-in's notes open with what changed since the last meeting.

The directors who read check-in notes want the difference first: what was decided
differently, whether the level of formality moved and why, which action items were
done and which are overdue, and what gaps are new; then the chain of meetings so far,
in order. The rest of the notes follow as for any meeting. Built into the notes'
document (`notes.document`), so Markdown, HTML and Word say the same, and what a user
typed stays text in each.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from ..dialog.model import level_name
from ..engine.changes import Change, Changes, ItemReview, LevelReview, changes_since
from ..engine.checkin import NEW_ITEMS, CheckIn
from ..engine.conversation import Conversation
from ..engine.duedates import DueDate, long_date
from .document import BulletList, Document, Inline, ListItem, Span, inline, muted, strong
from .plain import answer_text

HEADING = "What changed since the last meeting"

_STATUS_WORDS = {
    "skipped": "not discussed",
    "parked": "on the parking lot",
    "inactive": "no longer applies (an earlier answer changed)",
    "absent": "not asked",
}


def what_changed(notes: Document, conversation: Conversation, zone: tzinfo | None = None) -> None:
    """Add the check-in's first section to `notes`; nothing for a meeting of its own."""
    if not isinstance(conversation, CheckIn):
        return
    notes.title = f"{conversation.base.meta.title}: check-in notes"
    found = changes_since(conversation)
    notes.heading(2, HEADING)
    if not conversation.finished:
        notes.paragraph(muted("This check-in is still under way: here is what changed so far."))
    _chain(notes, conversation, zone)
    _decisions(notes, conversation, found)
    _level(notes, conversation, found.level)
    _items(notes, found, still_to_come=conversation.status(NEW_ITEMS) == "open")
    _readiness(notes, found)
    _parking_lot(notes, conversation, found)


def _day(moment: datetime, zone: tzinfo | None) -> str:
    local = moment.astimezone(zone)
    return f"{local.strftime('%A')}, {long_date(local.date())}"


def _chain(notes: Document, checkin: CheckIn, zone: tzinfo | None) -> None:
    earlier = checkin.earlier
    last = earlier.meetings[-1]
    which = "the first meeting" if last.checkin == 0 else f"check-in {last.checkin}"
    notes.paragraph(
        f"Check-in {checkin.number} follows up {which}, held on {_day(last.date, zone)}. "
        "The meetings so far, in order:"
    )
    rows: list[Inline] = []
    for meeting in checkin.meetings:
        name = "First meeting" if meeting.checkin == 0 else f"Check-in {meeting.checkin}"
        mine = meeting.session == checkin.session.id
        rows.append(
            (
                strong(f"{name}:"),
                Span(f" {_day(meeting.date, zone)}"),
                muted(f" (session {meeting.session}{'; these notes' if mine else ''})"),
            )
        )
    notes.bullets(rows, compact=True)


def _said(conversation: Conversation, step_id: str, status: str, value: Any) -> Inline:
    """What a question's record said: the answer as typed or chosen, or why there is none."""
    dialog = conversation.dialog
    if status == "answered" and dialog.has_step(step_id):
        return (Span(answer_text(dialog, dialog.step(step_id), value)),)
    words = _STATUS_WORDS.get(status, status)
    if status == "parked" and value is not None and dialog.has_step(step_id):
        tentative = answer_text(dialog, dialog.step(step_id), value)
        return (muted(f"{words}, tentatively: "), Span(tentative))
    return (muted(words),)


_SHORT = 80
"""A record this long or shorter, on one line, is said beside the question; longer ones
(texts people typed) each get a line of their own."""


def _change_line(conversation: Conversation, change: Change) -> ListItem:
    """A changed question: "was X; now Y" on one line, or the two records one under the other."""
    title = conversation.dialog.step(change.step).title
    label = strong(title if title.endswith("?") else title + ":")
    before = _said(conversation, change.step, change.before, change.before_value)
    after = _said(conversation, change.step, change.after, change.after_value)
    text = "".join(span.text for span in (*before, *after))
    if len(text) <= _SHORT and "\n" not in text:
        return ListItem((label, Span(" was "), *before, Span("; now "), *after))
    return ListItem(
        (label, Span(" changed.")),
        BulletList(
            (
                ListItem((strong("Now:"), Span(" "), *after)),
                ListItem((strong("At the last meeting:"), Span(" "), *before)),
            )
        ),
    )


def _titles(conversation: Conversation, steps: list[str]) -> str:
    return "; ".join(conversation.dialog.step(s).title for s in steps)


def _decisions(notes: Document, checkin: CheckIn, found: Changes) -> None:
    notes.heading(3, "Decisions")
    if found.decisions:
        notes.paragraph(
            f"{len(found.decisions)} answer{'s' if len(found.decisions) != 1 else ''} "
            "changed since the last meeting:"
        )
        notes.bullets(_change_line(checkin, c) for c in found.decisions)
    else:
        notes.paragraph("No decision changed since the last meeting.")
    if found.unchanged:
        notes.paragraph(
            muted("Asked again and unchanged: "), Span(_titles(checkin, found.unchanged) + ".")
        )
    if found.meeting:
        notes.paragraph("This meeting:")
        notes.bullets(_change_line(checkin, c) for c in found.meeting)


def _level(notes: Document, checkin: CheckIn, level: LevelReview | None) -> None:
    if level is None:
        return
    notes.heading(3, "Level of formality")
    before, now = level.recommended_before, level.recommended_now
    if not level.reached:
        notes.paragraph(
            muted("Still to come at this check-in. At the last meeting: "),
            Span(f"{_level_name(before)} recommended, {_level_name(level.chosen_before)} chosen."),
        )
        return
    if before is None and now is None and level.chosen_now is None and not level.changes:
        notes.paragraph(muted("Not reached, at the last meeting or at this one."))
        return
    rows: list[Inline] = []
    if now is None:
        parked = [s for s in checkin.session.parked if s in {c.step for c in level.changes}]
        why = f": on the parking lot: {_titles(checkin, parked)}" if parked else ""
        rows.append(
            inline(
                f"Recommended: {_level_name(before)} at the last meeting; no recommendation "
                f"now{why}."
            )
        )
    elif level.moved:
        rows.append(
            inline(
                f"Recommended: {_level_name(before)} at the last meeting, {level_name(now)} now: "
                "the recommendation moved."
            )
        )
    else:
        rows.append(
            inline(
                f"Recommended: {level_name(now)}, as at the last meeting: the recommendation "
                "did not move."
            )
        )
    chosen_before, chosen_now = level.chosen_before, level.chosen_now
    if chosen_before == chosen_now:
        rows.append(inline(f"Chosen: {_level_name(chosen_now)}, as at the last meeting."))
    else:
        rows.append(
            inline(
                f"Chosen: {_level_name(chosen_before)} at the last meeting; "
                f"{_level_name(chosen_now)} now."
            )
        )
    notes.bullets(rows)
    moved = {c.step for c in level.moved_by}
    if level.moved_by:
        notes.paragraph("The answers that moved it:")
        notes.bullets(_change_line(checkin, c) for c in level.moved_by)
    others = [c for c in level.changes if c.step not in moved and checkin.dialog.has_step(c.step)]
    others = [c for c in others if checkin.dialog.step(c.step).kind != "level"]
    if others:
        said = "Other formality answers that changed" if level.moved else "Answers that changed"
        tail = "" if level.moved or now is None else ", without moving the level"
        notes.paragraph(f"{said}{tail}:")
        notes.bullets(_change_line(checkin, c) for c in others)
    elif not level.changes:
        notes.paragraph("No formality factor changed.")


def _level_name(level: str | None) -> str:
    return level_name(level) if level else "none"


def _due(due: DueDate) -> Inline:
    if not due.text.strip():
        return (strong("no date"),)
    if due.day is None:
        return (Span(due.text), muted(" (not a date the advisor can read)"))
    if due.inferred:
        return (Span(due.text), muted(f" (read as {long_date(due.day)})"))
    return (Span(due.text),)


def _standing(review: ItemReview) -> Inline:
    status = review.status
    if status == "done":
        return inline("Done")
    if status == "dropped":
        return inline("Dropped")
    if status == "late":
        lead: tuple[Span, ...] = (strong("Late"),)
        if review.overdue:
            lead += (Span(", "), strong("overdue"))
        if review.new_date is None or not review.new_date.text.strip():
            return (*lead, Span(": "), muted("no new date given"))
        return (*lead, Span(": new date "), *_due(review.new_date))
    if status is None and not review.asked:
        return (muted("Still to come at this check-in"),)
    first = muted("Not reviewed") if status is None else Span("Open")
    if review.overdue:
        return (first, Span(", "), strong("overdue"), Span(": its date has passed"))
    return (first,)


def _items(notes: Document, found: Changes, *, still_to_come: bool = False) -> None:
    notes.heading(3, "Action items")
    reviews = found.items
    on = long_date(found.on)
    if not reviews:
        notes.paragraph("The last meeting left no action items.")
    else:
        counts = [
            (sum(1 for r in reviews if r.status == s), word)
            for s, word in (
                ("done", "done"),
                ("late", "late"),
                ("dropped", "dropped"),
                ("open", "still open"),
            )
        ]
        counts.append((sum(1 for r in reviews if r.status is None and r.asked), "not reviewed"))
        counts.append((sum(1 for r in reviews if not r.asked), "still to come"))
        said = ", ".join(f"{n} {word}" for n, word in counts if n)
        notes.paragraph(
            f"Of the {len(reviews)} action item{'s' if len(reviews) != 1 else ''} the last "
            f"meeting left: {said}."
        )
        notes.table(
            ["No.", "What", "Who", "Due", "At this check-in"],
            [
                (
                    inline(str(r.number)),
                    inline(r.item.what),
                    inline(r.item.who) if r.item.who.strip() else (strong("no owner"),),
                    _due(r.due),
                    _standing(r),
                )
                for r in reviews
            ],
        )
        done = [r for r in reviews if r.status == "done"]
        rows: list[Inline] = [(strong("Done:"), Span(f" {_numbers(done)}." if done else " none."))]
        late = found.late
        if late:
            rows.append((strong("Late:"), Span(f" {_numbers(late)}, as said at this check-in.")))
        overdue = found.overdue
        rows.append(
            (
                strong("Overdue:"),
                Span(
                    f" {_numbers(overdue)}: not done, and {'its' if len(overdue) == 1 else 'their'}"
                    f" date passed before this check-in's date, {on}."
                    if overdue
                    else f" none: no item still to do has a date before this check-in's, {on}."
                ),
            )
        )
        unjudged = found.unjudged
        if unjudged:
            rows.append(
                (
                    strong("Cannot tell whether overdue:"),
                    Span(" " + _numbers(unjudged) + ": "),
                    muted(
                        "no date was set, or its date is not one the advisor can read ("
                        + "; ".join(f'"{r.item.when.strip()}"' for r in unjudged if r.item.when)
                        + ")."
                        if any(r.item.when.strip() for r in unjudged)
                        else "no date was set."
                    ),
                )
            )
        notes.bullets(rows)
    if found.new_items:
        count = len(found.new_items)
        notes.paragraph(f"New action item{'s' if count != 1 else ''} from this check-in: {count}.")
        notes.table(
            ["What", "Who", "By when"],
            [
                (
                    inline(i.what),
                    inline(i.who) if i.who.strip() else (strong("no owner"),),
                    inline(i.when) if i.when.strip() else (strong("no date"),),
                )
                for i in found.new_items
            ],
        )
    elif still_to_come:
        notes.paragraph(muted("New action items: still to come at this check-in."))
    else:
        notes.paragraph("No new action items.")


def _numbers(reviews: list[ItemReview]) -> str:
    shown = [f"{r.number} ({r.item.what})" for r in reviews]
    if len(shown) == 1:
        return "item " + shown[0]
    return "items " + ", ".join(shown[:-1]) + " and " + shown[-1]


def _readiness(notes: Document, found: Changes) -> None:
    notes.heading(3, "Readiness")
    rows: list[Inline] = []
    if found.new_gaps:
        for gap in found.new_gaps:
            rows.append((strong(f"New gap: {gap.factor}"), Span(f" ({gap.answer}): {gap.advice}")))
    else:
        rows.append(inline("No new gaps."))
    for gap in found.closed_gaps:
        rows.append((strong(f"Closed: {gap.factor}"), Span(f" (was {gap.answer}).")))
    if found.kept_gaps:
        rows.append(
            (
                strong("Still open from the last meeting:"),
                Span(" " + "; ".join(f"{g.factor} ({g.answer})" for g in found.kept_gaps) + "."),
            )
        )
    notes.bullets(rows)


def _parking_lot(notes: Document, checkin: CheckIn, found: Changes) -> None:
    if not found.parking_lot:
        return
    notes.heading(3, "The last meeting's parking lot")
    notes.bullets(_change_line(checkin, c) for c in found.parking_lot)
