"""The meeting notes: what the partners take away, forward to their leadership and act on.

They are rewritten after every answer, beside `session.json`, so the notes on disk
always match what was said. The first page is for a director who reads only that:
the idea, the decision to go on or to stop, the level of formality, the next meeting,
the action items (what, who, by when) and the open questions. Then the partners' own
answers side by side, the readiness gaps and the recommendation with its reasons; and,
as an appendix on pages of its own, the record of every question, one line each. The
notes are
built as a `notes.document.Document`, so they come out alike in Markdown (the file),
HTML and Word, and what a user typed stays text in each.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ..dialog.model import level_name
from ..engine.recommendation import Reason, rule_steps
from .changes import what_changed
from .document import (
    Document,
    Inline,
    Span,
    emphasis,
    inline,
    muted,
    strong,
)
from .markdown import render_markdown
from .partners import side_by_side
from .plain import answer_text
from .prework import prework_readiness
from .record import record, set_aside

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

_CATEGORY_NAMES = {
    "prerequisite": "Prerequisite",
    "facilitating": "Facilitating factor",
    "project": "Project characteristic",
}

MEETING_STEP = "welcome.meeting"
IDEA_STEP = "welcome.idea"
NEXT_STEP = "summary.next_steps"
STOP_STEP = "purpose.not_sharing"
_STOP_REASONS = ("purpose.internal_fix", "purpose.shared_capacity", "purpose.meaningful")


def render_transcript(conversation: Conversation, zone: tzinfo | None = None) -> str:
    """The meeting notes for `conversation`, as GitHub-flavored Markdown."""
    return render_markdown(build_notes(conversation, zone))


def meeting_date(created: datetime, zone: tzinfo | None = None) -> str:
    """When the session started, in the reader's local time (or `zone`)."""
    local = created.astimezone(zone)
    hour = local.strftime("%I:%M %p").lstrip("0")
    # American style: "Wednesday, December 2, 2026, 2:16 PM EST".
    return f"{meeting_day(created, zone)}, {hour} {local.tzname()}"


def meeting_day(created: datetime, zone: tzinfo | None = None) -> str:
    """The day the session started, in the reader's local time: "Wednesday, December 2, 2026"."""
    local = created.astimezone(zone)
    return f"{local.strftime('%A')}, {local.strftime('%B')} {local.day}, {local.year}"


def build_notes(conversation: Conversation, zone: tzinfo | None = None) -> Document:
    """The meeting notes for `conversation`, as a document.

    Args:
        conversation: the conversation.
        zone: the time zone for the meeting's date (default: this computer's).
    """
    dialog = conversation.dialog
    session = conversation.session
    notes = Document(f"{dialog.meta.title}: meeting notes")
    notes.bullets(_details(conversation, zone), compact=True)
    what_changed(notes, conversation, zone)  # a check-in's notes open with what changed
    # The first page: what was decided, who does what by when, what is still open, and
    # when the partners meet again. The rest follows without page breaks, and the
    # question-by-question record is an appendix on pages of its own.
    notes.heading(2, "In brief")
    notes.bullets(_in_brief(conversation))
    path = conversation.path()  # walked once: the notes read it several times
    reached = _reached(conversation, path)
    _action_items(notes, conversation)
    _open_questions(notes, conversation, path, reached)
    side_by_side(notes, conversation)
    _readiness(notes, conversation)
    prework_readiness(notes, conversation)  # each partner's answers before the meeting
    _formality(notes, conversation)
    record(notes, conversation, path, reached)
    set_aside(notes, conversation)
    notes.footer = inline(
        f"Session {session.id} · {dialog.meta.title}, dialog version {session.dialog_version}"
        " · written by srs-advisor"
    )
    return notes


# -- the first screen ---------------------------------------------------------------------


def _answered(conversation: Conversation, step_id: str) -> Any:
    if not conversation.dialog.has_step(step_id):
        return None
    return conversation.answer_of(step_id)


def _details(conversation: Conversation, zone: tzinfo | None) -> list[Inline]:
    session = conversation.session
    rows: list[Inline] = [(strong("Date:"), Span(" " + meeting_date(session.created, zone)))]
    meeting = _answered(conversation, MEETING_STEP)
    if conversation.dialog.has_step(MEETING_STEP):
        form = conversation.dialog.step(MEETING_STEP)
        given = meeting if isinstance(meeting, dict) else {}
        for field in form.fields:
            value = given.get(field.key)
            shown = Span(" " + value) if value else muted(" not recorded")
            rows.append((strong(f"{field.label}:"), shown))
    sectors = {s.value: s.label for s in conversation.dialog.meta.sectors}
    partners = [f"{p.name} ({sectors.get(p.sector, p.sector)})" for p in conversation.partners]
    rows.append(
        (strong("Partners:"), Span(" " + "; ".join(partners)))
        if partners
        else (strong("Partners:"), muted(" not yet named"))
    )
    if conversation.complete:
        rows.append((strong("Status:"), Span(" finished")))
    else:
        current = conversation.current
        assert current is not None
        phase = conversation.dialog.phase(current.phase).title
        rows.append((strong("Status:"), Span(f" in progress, at {phase}: {current.title}")))
    return rows


def _in_brief(conversation: Conversation) -> list[Inline]:
    rows: list[Inline] = []
    idea = _answered(conversation, IDEA_STEP)
    rows.append((strong("The idea:"), Span(" " + idea) if idea else muted(" not discussed")))
    rows.append((strong("Decision:"), *_decision(conversation)))
    rows.append((strong("Level of formality:"), *_level_line(conversation)))
    rows.append((strong("Readiness:"), *_readiness_line(conversation)))
    following = _answered(conversation, NEXT_STEP)
    rows.append(
        (strong("Next meeting:"), Span(" " + following) if following else muted(" not agreed"))
    )
    return rows


def _decision(conversation: Conversation) -> Inline:
    answers = conversation.session.answers
    dialog = conversation.dialog
    stop = answers.get(STOP_STEP)
    reasons = []
    for step_id in _STOP_REASONS:
        if dialog.has_step(step_id) and step_id in answers:
            step = dialog.step(step_id)
            said = answer_text(dialog, step, answers[step_id]).rstrip(".")
            # Each question and its answer, as asked: "Would sharing meaningfully help? No."
            reasons.append(f"{step.title.rstrip('?')}? {said}.")
    behind = " ".join(reasons)
    if stop == "stop":
        return inline(
            " Stop here for now: sharing may not be the answer. The answers behind it: ", behind
        )
    if stop == "continue":
        return inline(
            " Go on planning, although the answers pointed away from sharing. The answers: ",
            behind,
        )
    if any(s in answers for s in _STOP_REASONS) and _past(conversation, _STOP_REASONS[-1]):
        return inline(" Go on planning the arrangement. The answers behind it: ", behind)
    if _past(conversation, _STOP_REASONS[-1]):
        # Passed by without an answer: "not yet decided" would say it is still to come.
        return (muted(" not discussed"),)
    return (muted(" not yet decided"),)


def _past(conversation: Conversation, step_id: str) -> bool:
    """Whether the conversation has dealt with `step_id` (answered, parked or passed it)."""
    return conversation.complete or step_id in conversation.session.history


def _level_line(conversation: Conversation) -> Inline:
    session = conversation.session
    recommendation = conversation.recommendation
    chosen = session.chosen_level
    if recommendation is None:
        waiting = [s for s in sorted(rule_steps(conversation.dialog.rules)) if s in session.parked]
        if waiting:
            titles = ", ".join(conversation.dialog.step(s).title.lower() for s in waiting)
            return inline(f" no recommendation yet: on the parking lot: {titles}.")
        if session.answers.get(STOP_STEP) == "stop":
            return (muted(" not discussed: the partners stopped before it"),)
        if not conversation.complete:  # still to come, or under way: not passed by
            return (muted(" not yet decided"),)
        return (muted(" not discussed"),)
    recommended = level_name(recommendation.level)
    low, high = recommendation.range_low, recommendation.range_high
    if low is not None and high is not None:  # between two levels: both are named
        recommended += f" (between {level_name(low)} and {level_name(high)})"
    if chosen is None:
        return inline(f" {recommended} recommended; not yet chosen.")
    if chosen == recommendation.level:
        return inline(f" {recommended} recommended and chosen.")
    why = session.level_reason
    return (
        Span(f" {recommended} recommended; the partners chose {level_name(chosen)}. Why: "),
        Span(why) if why else muted("not given."),
    )


def _readiness_line(conversation: Conversation) -> Inline:
    dialog = conversation.dialog
    answers = conversation.session.answers
    if not any(s.readiness and s.id in answers for s in dialog.steps):
        return (muted(" not discussed"),)
    gaps = conversation.readiness_gaps()
    if not gaps:
        return inline(" " + _factors_in_place(conversation) + ".")
    prerequisites = sum(1 for g in gaps if g.category == "prerequisite")
    text = f" {len(gaps)} gap{'s' if len(gaps) != 1 else ''}"
    if prerequisites == len(gaps) == 1:
        text += ", a prerequisite to address first"
    elif prerequisites:
        kind = "a prerequisite" if prerequisites == 1 else "prerequisites"
        text += f", {prerequisites} of them {kind} to address first"
    left = _factors_left(conversation)
    if left:
        text += f"; {left} success factor{'s' if left != 1 else ''} not discussed"
    return inline(text + " (see Readiness gaps).")


def _factors_left(conversation: Conversation) -> int:
    """How many success factors were passed by or parked (not answered)."""
    answers = conversation.session.answers
    return sum(
        1
        for s in conversation.dialog.steps
        if s.readiness and s.id not in answers and conversation.status(s.id) != "open"
    )


def _factors_in_place(conversation: Conversation) -> str:
    """No gap: how many factors that covers, so that "in place" never hides the rest."""
    answers = conversation.session.answers
    answered = sum(1 for s in conversation.dialog.steps if s.readiness and s.id in answers)
    left = _factors_left(conversation)
    said = (
        "the one success factor discussed is in place"
        if answered == 1
        else f"the {answered} success factors discussed are in place"
    )
    if left:
        said += f"; {left} {'was' if left == 1 else 'were'} not discussed"
    return said


def _open_questions(
    notes: Document, conversation: Conversation, path: list[str], reached: set[str]
) -> None:
    """The parking lot, the questions not discussed (a row per phase) and missing answers."""
    dialog = conversation.dialog
    session = conversation.session
    rows: list[tuple[Inline, ...]] = []
    passed: dict[str, list[str]] = {}
    by_id = {step.id: step for step in dialog.steps}
    for step_id in path:
        if step_id not in reached:
            continue
        step = by_id[step_id]
        phase = inline(dialog.phase(step.phase).title)
        status = conversation.status(step_id)
        if status == "parked":
            why: list[Span] = [Span("On the parking lot.")]
            tentative = conversation.tentative_of(step_id)
            if tentative is not None:
                shown = answer_text(dialog, step, tentative).replace("\n", "; ")
                why += [Span(" Tentative answer: "), Span(shown)]
            rows.append((inline(step.title), phase, tuple(why)))
        elif status == "skipped":
            passed.setdefault(step.phase, []).append(step.title)
        elif step.kind == "per-partner" and status == "answered":
            given = session.answers[step_id]
            missing = [p.name for p in conversation.partners if p.name not in given]
            if missing:
                rows.append(
                    (inline(step.title), phase, inline("No answer from ", "; ".join(missing), "."))
                )
    for phase_id, titles in passed.items():
        # The reason, not a count: the questions are listed beside it.
        count = f"Not discussed: the meeting skipped {'it' if len(titles) == 1 else 'them'}."
        rows.append(
            (inline("; ".join(titles)), inline(dialog.phase(phase_id).title), inline(count))
        )
    notes.heading(2, "Open questions")
    if rows:
        notes.table(["Question", "Phase", "Why it is open"], rows)
    else:
        notes.paragraph("None: every question reached so far was answered.")


def _reached(conversation: Conversation, path: list[str]) -> set[str]:
    """Steps on the path that the conversation has come to (or dealt with)."""
    if conversation.complete:
        return set(path)
    current = conversation.current
    upto = path.index(current.id) if current and current.id in path else len(path)
    return {s for n, s in enumerate(path) if n < upto or conversation.status(s) != "open"}


# -- the detail ---------------------------------------------------------------------------


def _readiness(notes: Document, conversation: Conversation) -> None:
    dialog = conversation.dialog
    answers = conversation.session.answers
    discussed = any(s.readiness and s.id in answers for s in dialog.steps)
    gaps = conversation.readiness_gaps() if discussed else []
    notes.heading(2, "Readiness gaps")
    if not discussed:
        notes.paragraph(muted("Not discussed: the meeting did not take up the success factors."))
        return
    if not gaps:
        said = _factors_in_place(conversation)
        notes.paragraph(said[0].upper() + said[1:] + ".")
        return
    if any(g.category == "prerequisite" for g in gaps):
        notes.paragraph(
            "At least one prerequisite is missing or partly in place. The advice is to spend "
            "time on it before further planning."
        )
    # The success factors document names each factor but does not say how to build it.
    notes.paragraph(
        muted(
            'The advice under "What to do" is the advisor\'s own, not the success factors '
            "document's."
        )
    )
    notes.table(
        ["Factor", "Kind", "Answer", "What to do"],
        [
            (
                inline(g.factor),
                inline(_CATEGORY_NAMES[g.category]),
                inline(g.answer),
                inline(g.advice),
            )
            for g in gaps
        ],
    )


def _formality(notes: Document, conversation: Conversation) -> None:
    recommendation = conversation.recommendation
    session = conversation.session
    chosen = session.chosen_level
    dialog = conversation.dialog
    waiting = [s for s in sorted(rule_steps(dialog.rules)) if s in session.parked]
    contradictions = conversation.contradictions(sorted(rule_steps(dialog.rules)))
    if recommendation is None and chosen is None and not waiting and not contradictions:
        return
    notes.heading(2, "Level of formality")
    if recommendation is None and waiting:
        titles = ", ".join(dialog.step(s).title.lower() for s in waiting)
        notes.paragraph(
            strong("No recommendation yet:"),
            f" these factors are on the parking lot: {titles}.",
        )
        bounds = conversation.pending
        if bounds is not None:
            notes.paragraph(bounds.sentence())
    if recommendation is not None:
        notes.paragraph(strong(f"Recommended: {level_name(recommendation.level)}."), " Why:")
        notes.bullets(_reason(r) for r in recommendation.reasons)
        if recommendation.close_call:
            notes.paragraph(recommendation.close_call)
        if recommendation.also:
            notes.paragraph("These hold too, but call for less:")
            notes.bullets(_reason(r) for r in recommendation.also)
        heading = recommendation.lower_heading()
        if heading:
            notes.paragraph(heading)
            notes.bullets(inline(change) for change in recommendation.would_lower)
    if contradictions:
        notes.paragraph(strong("Answers to check:"))
        notes.bullets(inline(c.message) for c in contradictions)
    if chosen is None:
        notes.paragraph(strong("Chosen:"), " not yet chosen.")
    elif recommendation is not None and chosen != recommendation.level:
        notes.paragraph(
            strong(f"Chosen: {level_name(chosen)}."),
            " The partners chose a different level from the one recommended "
            f"({level_name(recommendation.level)}).",
        )
        why = session.level_reason
        notes.paragraph(strong("Why:"), " ", Span(why) if why else emphasis("not given."))
    else:
        notes.paragraph(strong(f"Chosen: {level_name(chosen)}."))


def _reason(reason: Reason) -> Inline:
    spans: list[Span] = [strong(reason.text)]
    if reason.source:
        spans.append(Span(" " + reason.source))
    if reason.inference:
        spans.append(emphasis(" " + reason.inference))
    return tuple(spans)


def _action_items(notes: Document, conversation: Conversation) -> None:
    """What, who and by when, on the first page; a missing owner or date in bold."""
    items = conversation.action_items()
    notes.heading(2, "Action items")
    if not items:
        notes.paragraph(muted("None." if conversation.complete else "None yet."))
        return
    lacking = [i for i in items if not i.who.strip() or not i.when.strip()]
    if lacking:
        some = "1 has" if len(lacking) == 1 else f"{len(lacking)} have"
        notes.paragraph(f"{len(items)} items, of which {some} no owner or no date.")
    else:
        notes.paragraph(f"{len(items)} items, each with an owner and a date.")
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append(
            (
                inline(str(number)),
                inline(item.what),
                inline(item.who) if item.who.strip() else (strong("no owner"),),
                inline(item.when) if item.when.strip() else (strong("no date"),),
            )
        )
    notes.table(["No.", "What", "Who", "By when"], rows)
