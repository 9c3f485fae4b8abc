"""The partners' pre-work in the meeting notes: their answers side by side, and what the
meeting settled.

Each partner answered the success factors apart, before the meeting (`engine.prework`).
Where their answers differed, the notes set them side by side with the answer the
meeting settled on, so that a reader sees both the disagreement and how it was
resolved; where they agreed, one line says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialog.model import choices_of
from ..engine.prework import CAUTION_NOTE
from ..engine.prework_divergence import Divergence, divergences
from .document import Document, Inline, Span, inline, muted

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

WIDE = 4
"""Up to this many partners, each has a column; more, and their answers share one."""


def prework_readiness(notes: Document, conversation: Conversation) -> None:
    """Add the partners' pre-work on the success factors to `notes`, if any was merged."""
    session = conversation.session
    if not session.prework.merged:
        return
    found = divergences(conversation)
    notes.heading(2, "Readiness: each partner's answers before the meeting")
    files = "; ".join(f"{m.partner} ({m.file})" for m in session.prework.merged)
    notes.paragraph(
        "Before the meeting, each partner answered the success factors apart (pre-work): ",
        files,
        ".",
    )
    differ = [d for d in found if d.differ]
    if differ:
        notes.paragraph(f"The partners' answers differed on {_count(len(differ))}:")
        partners = _partners(conversation, differ)
        if len(partners) <= WIDE:
            notes.table(
                ["Factor", *partners, "The meeting settled"],
                [
                    (inline(d.step.title), *(_answer(d, p) for p in partners), _settled(d, c))
                    for d in differ
                    for c in [conversation]
                ],
            )
        else:
            notes.table(
                ["Factor", "The partners' answers", "The meeting settled"],
                [(inline(d.step.title), _answers(d), _settled(d, conversation)) for d in differ],
            )
        notes.note(
            "Where the partners differed and the meeting had yet to answer, the advisor started "
            f"the meeting's answer at the most cautious of theirs. {CAUTION_NOTE} The readiness "
            "gaps are read from the answers the meeting settled."
        )
    agreed = [d for d in found if not d.differ and len(d.said) > 1]
    if agreed:
        same = "; ".join(f"{d.step.title} ({d.said[0].label})" for d in agreed)
        notes.paragraph("The partners gave the same answer on: ", same, ".")
    if not found:
        notes.paragraph(muted("The pre-work merged held no answers to the success factors."))


def _count(number: int) -> str:
    return "one factor" if number == 1 else f"{number} factors"


def _partners(conversation: Conversation, found: list[Divergence]) -> list[str]:
    """The partners who answered, in the session's order (then any no longer named)."""
    named = [p.name for p in conversation.partners]
    answered = {s.partner for d in found for s in d.said} | {n for d in found for n in d.silent}
    return [n for n in named if n in answered] + sorted(answered - set(named))


def _answer(found: Divergence, partner: str) -> Inline:
    said = next((s for s in found.said if s.partner == partner), None)
    return inline(said.label) if said else (muted("no answer"),)


def _answers(found: Divergence) -> Inline:
    spans: list[Span] = []
    for said in found.said:
        spans.append(Span(f"{said.partner}: {said.label}\n"))
    for name in found.silent:
        spans += [Span(f"{name}: "), muted("no answer\n")]
    last = spans[-1]
    spans[-1] = Span(last.text.rstrip("\n"), last.style)
    return inline(*spans)


def _settled(found: Divergence, conversation: Conversation) -> Inline:
    step = found.step
    value = conversation.session.answers.get(step.id)
    if isinstance(value, str):
        label = next((c.label for c in choices_of(step) if c.value == value), value)
        return inline(label)
    status = conversation.status(step.id)
    if status == "parked":
        return (muted("on the parking lot"),)
    if status == "skipped":
        return (muted("not discussed"),)
    return (muted("not yet settled"),)
