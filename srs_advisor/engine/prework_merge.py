"""Pre-work merged into a session: what goes where, and what would replace an answer
already given (`engine.prework` holds the forms; the store reads the files).

A per-partner answer becomes that partner's answer in the session; a shared question's
answers are kept apart, per partner, in `session.prework`. Nothing the session holds is
replaced unasked: a merge is planned first, its conflicts named, then applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .answers import parse_answer

if TYPE_CHECKING:
    from .conversation import Conversation

from .prework import MergedFile, PreworkError, PreworkForm, brief, is_shared, label_of

# -- merging forms into a session ---------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A form that cannot be merged, and why."""

    source: str
    """Where it came from: the file, as the user named it."""
    reason: str


@dataclass(frozen=True)
class Conflict:
    """An answer in the session that a form's answer would replace."""

    source: str
    step: str
    title: str
    partner: str
    held: str
    """The answer the session holds (shown as the user reads it)."""
    given: str
    """The form's answer (shown as the user reads it)."""
    where: str
    """What holds it: "the session" or "an earlier pre-work file"."""

    def sentence(self) -> str:
        """The conflict in one line, for a message."""
        return (
            f"{self.title}, {self.partner}: {self.where} says {_quoted(self.held)}; "
            f"{self.source} says {_quoted(self.given)}"
        )


def _quoted(text: str) -> str:
    line = " ".join(text.split())
    return f"“{line if len(line) <= 80 else line[:77] + '...'}”"


@dataclass(frozen=True)
class Entry:
    """One answer a form brings: the step, the partner it belongs to, its value."""

    source: str
    step: str
    partner: str
    value: str


@dataclass
class MergePlan:
    """What merging some forms would do: refusals, answers to take, and conflicts."""

    refusals: list[Refusal] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    partners: dict[str, str] = field(default_factory=dict)
    """Whose each form is, by source: the partner's name in the session."""
    renamed: dict[str, str] = field(default_factory=dict)
    """By source: the name a form gives a partner renamed in the session since."""

    @property
    def conflicting(self) -> set[tuple[str, str]]:
        """The (step, partner) pairs whose answer a conflict holds."""
        return {(c.step, c.partner) for c in self.conflicts}


def held_answer(conversation: Conversation, step_id: str, partner: str) -> str | None:
    """A partner's answer to a per-partner question, wherever the session keeps it."""
    session = conversation.session
    for store in (session.answers, session.tentative, session.inactive):
        given = store.get(step_id)
        if isinstance(given, dict) and isinstance(given.get(partner), str):
            return str(given[partner])
    return None


def plan_merge(conversation: Conversation, forms: Sequence[tuple[str, PreworkForm]]) -> MergePlan:
    """What merging `forms` (each with the file it came from) into the session would do.

    Nothing is changed. A form made for another session, for a partner the session does
    not name, or for a partner another form is for, is refused; an answer that would
    replace one the session holds (or one an earlier pre-work file gave) is a conflict.
    """
    plan = MergePlan()
    session = conversation.session
    dialog = conversation.dialog
    partners = conversation.partners
    by_name = {p.name.casefold(): p for p in partners}
    by_id = {p.id: p for p in partners if p.id}
    taken: dict[str, str] = {}
    for source, form in forms:
        if form.session != session.id:
            plan.refusals.append(
                Refusal(
                    source,
                    f"it was made for another session ({brief(form.session)}), not this one "
                    f"({session.id})",
                )
            )
            continue
        partner = by_name.get(form.partner.casefold()) or by_id.get(form.partner_id)
        if partner is None:
            names = "; ".join(p.name for p in partners) or "none named yet"
            plan.refusals.append(
                Refusal(
                    source,
                    f"it is the pre-work of {brief(form.partner)}, who is not a partner in "
                    f"this session (the partners: {names})",
                )
            )
            continue
        if partner.name in taken:
            plan.refusals.append(
                Refusal(
                    source,
                    f"it holds {partner.name}'s pre-work, as {taken[partner.name]} does: merge "
                    "one of them",
                )
            )
            continue
        if not form.answers:
            plan.refusals.append(
                Refusal(source, f"it holds no answers yet ({partner.name} has not filled it in)")
            )
            continue
        taken[partner.name] = source
        plan.partners[source] = partner.name
        if partner.name != form.partner:
            plan.renamed[source] = form.partner
        for step_id, value in form.answers.items():
            step = dialog.step(step_id)
            plan.entries.append(Entry(source, step_id, partner.name, value))
            earlier = session.prework.answers.get(step_id, {}).get(partner.name)
            held = held_answer(conversation, step_id, partner.name) if not is_shared(step) else None
            if held is not None and held != value:
                where, shown = "the session", held
            elif earlier is not None and earlier != value:
                where, shown = "an earlier pre-work file", earlier
            else:
                continue
            plan.conflicts.append(
                Conflict(
                    source=source,
                    step=step_id,
                    title=step.title,
                    partner=partner.name,
                    held=label_of(step, shown),
                    given=label_of(step, value),
                    where=where,
                )
            )
    return plan


@dataclass(frozen=True)
class MergeResult:
    """What a merge did."""

    taken: int
    """Answers recorded."""
    kept: int
    """Answers the session held that were kept (conflicts settled for the session)."""
    stale: list[str]
    """Steps whose answers no longer apply (as after any answer)."""


def apply_merge(
    conversation: Conversation,
    plan: MergePlan,
    files: dict[str, str],
    *,
    replace: bool,
    now: datetime,
) -> MergeResult:
    """Bring the planned answers into the session, and save it (through its keeper).

    Args:
        conversation: the conversation the plan was made for.
        plan: from `plan_merge`; it must hold no refusal.
        files: each source's file name, as the notes record it.
        replace: where a conflict is, take the form's answer (True) or keep the
            session's (False). The other answers are taken either way.
        now: when the merge is made.

    Raises:
        PreworkError: the plan holds refusals (nothing is changed).
        AnswerError: a per-partner answer does not fit (nothing is changed).
        Exception: whatever the keeper raises on saving (the answers are in memory).
    """
    if plan.refusals:
        raise PreworkError("some forms were refused: nothing is merged")
    session = conversation.session
    dialog = conversation.dialog
    conflicting = plan.conflicting
    chosen = [e for e in plan.entries if replace or (e.step, e.partner) not in conflicting]
    per_partner: dict[str, dict[str, str]] = {}
    for entry in chosen:
        if not is_shared(dialog.step(entry.step)):
            per_partner.setdefault(entry.step, {})[entry.partner] = entry.value
    given: dict[str, Any] = {}
    order = [p.name for p in conversation.partners]
    for step_id, values in per_partner.items():
        base = {
            name: held
            for name in order
            if (held := held_answer(conversation, step_id, name)) is not None
        }
        merged = {**base, **values}
        given[step_id] = {n: merged[n] for n in order if n in merged}
    partners = conversation.partners
    for step_id, value in given.items():  # checked before anything changes
        parse_answer(dialog.step(step_id), value, dialog.meta, partners, limited=False)
    prework = session.prework.model_copy(deep=True)
    for entry in chosen:
        prework.answers.setdefault(entry.step, {})[entry.partner] = entry.value
    for step_id, values in prework.answers.items():
        prework.answers[step_id] = {n: values[n] for n in [*order, *values] if n in values}
    prework.merged.extend(
        MergedFile(partner=plan.partners[source], file=files.get(source, source), merged=now)
        for source in plan.partners
    )
    session.prework = prework
    stale = conversation.take_answers(given)
    kept = len(plan.entries) - len(chosen)
    return MergeResult(taken=len(chosen), kept=kept, stale=stale)
