"""The partners' own answers side by side, and where they differ, for the meeting notes.

Goals, benefits and success are asked of each partner; set side by side, the reader
sees at a glance who said what. The advisor says only what it can tell from the text
(a partner with no answer, answers that are the same, every partner saying something
different), and says plainly that it cannot judge whether they conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document, Inline, inline, muted

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

COMPARED = ("purpose.goals", "purpose.benefits", "scope.success")
"""The per-partner questions whose answers are compared across partners."""


def side_by_side(notes: Document, conversation: Conversation) -> None:
    """Add the partners' per-partner answers to `notes` as a table, and what differs."""
    dialog = conversation.dialog
    answers = conversation.session.answers
    steps = [
        s for s in dialog.steps if s.kind == "per-partner" and isinstance(answers.get(s.id), dict)
    ]
    partners = [p.name for p in conversation.partners]
    if not steps or not partners:
        return
    notes.heading(2, "Each partner's view")
    rows = []
    for name in partners:
        cells: list[Inline] = [inline(name)]
        for step in steps:
            given = answers[step.id].get(name)
            cells.append(inline(given) if given else (muted("no answer"),))
        rows.append(tuple(cells))
    notes.table(["Partner", *(s.title for s in steps)], rows)
    findings: list[Inline] = []
    for step in steps:
        if step.id not in COMPARED:
            continue
        given = answers[step.id]
        missing = [n for n in partners if n not in given]
        said: list[str] = []  # one line per question, its findings joined
        if missing:
            said += ["no answer from ", "; ".join(missing)]
        same: dict[str, list[str]] = {}
        for name in partners:
            if name in given:
                same.setdefault(" ".join(given[name].casefold().split()), []).append(name)
        groups = [names for names in same.values() if len(names) > 1]
        for names in groups:
            said += ["; " if said else "", "the same answer from ", " and ".join(names)]
        if len(given) > 1 and not groups:
            said += ["; " if said else "", _all_differ(len(given), len(partners))]
        if said:
            findings.append(inline(f"{step.title}: ", *said, "."))
    notes.bullets(findings)
    notes.note(
        "The advisor compares these answers only as text: it can tell where a partner gave "
        "no answer and where answers are the same, not whether they conflict. Read them "
        "side by side, and check that one partner's success is not another's non-goal "
        "(see what is off the table)."
    )


_NUMBERS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _all_differ(answered: int, partners: int) -> str:
    """What a director reads when no two answers are the same: how many differ, and that
    the advisor cannot judge whether they conflict."""
    number = _NUMBERS[answered] if answered < len(_NUMBERS) else str(answered)
    who = f"the {number} partners" + ("" if answered == partners else " who answered")
    return f"{who} gave {number} different answers; the advisor cannot judge whether they conflict"
