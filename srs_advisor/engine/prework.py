"""Pre-work: each partner answers some questions apart, before the meeting.

The success factors ask that "all participants ... explicitly state their expectations",
and that the trust between the partners be weighed before deciding whether the
arrangement can work. Asked live, around one keyboard, the most confident voice answers
for everyone. So the facilitator hands each partner a form of its own (a pre-work file);
each answers apart, and the forms are merged into the session before the meeting:

- a *per-partner* question (goals, benefits, success, point of contact) takes each
  partner's answer as that partner's answer in the session;
- a *shared* question (a success factor: every partner answers the same question) keeps
  each partner's answer apart, in `session.prework`; the meeting settles the session's
  answer, starting from the most cautious of theirs, and sees where they differ.

This module is the domain of it: which questions, what a form holds and whether it fits
the dialog, the plan of a merge (what goes where, what would replace an answer already
given), and where the partners' answers differ. Reading and writing the files is the
store's work (`store.prework`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from ..dialog.model import (
    Condition,
    Dialog,
    Phase,
    Prefill,
    Step,
    choices_of,
    version_key,
)
from .answers import MAX_TEXT, AnswerError, Partner, clean_text, parse_answer

if TYPE_CHECKING:
    from .conversation import Conversation

HEADER = "prework"
"""The table of a pre-work file that says whose it is and for which session."""

CAUTION_NOTE = (
    "Starting there is the advisor's own choice, not the success factors document's: the "
    "choices run from in place to not yet, and the one furthest from in place is taken as "
    "the most cautious."
)
"""Said wherever the meeting's answer starts from the most cautious partner's."""


class PreworkError(ValueError):
    """A pre-work form that cannot be used; the message says why, in plain words."""


class MergedFile(BaseModel):
    """A pre-work file brought into the session: whose, its name, and when."""

    model_config = ConfigDict(extra="forbid")

    partner: str
    file: str
    """The file's name (not its folder, which may say more than the notes should)."""
    merged: AwareDatetime


class Prework(BaseModel):
    """What the partners answered apart, before the meeting (`session.prework`)."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, dict[str, str]] = {}
    """Each partner's own pre-work answer, by step id, then partner name. For a shared
    question (a success factor) it is kept here only: the meeting settles the session's
    answer. A per-partner answer is also the partner's answer in the session."""
    merged: list[MergedFile] = []
    """The pre-work files merged, in order."""


# -- which questions ----------------------------------------------------------------------


def is_shared(step: Step) -> bool:
    """Whether every partner answers `step` apart, and the meeting settles one answer."""
    return step.readiness is not None and step.kind == "choice"


def prework_steps(dialog: Dialog) -> list[Step]:
    """The questions a pre-work form asks, in the dialog's order: the success factors
    (shared) and the per-partner questions."""
    return [s for s in dialog.steps if is_shared(s) or s.kind == "per-partner"]


# -- a form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreworkForm:
    """One partner's pre-work: whose it is, for which session, and its answers."""

    session: str
    """The id of the session it was made from."""
    dialog_id: str
    dialog_version: str
    partner: str
    partner_id: str = ""
    """The partner's id in the session (`p1`...): it finds a partner renamed since."""
    answers: dict[str, str] = field(default_factory=dict)
    """The answers given, by step id: a choice's value, or the partner's own text.
    Questions left blank are not here."""


def form_for(conversation: Conversation, partner: Partner) -> PreworkForm:
    """An empty pre-work form for `partner`, from the session of `conversation`."""
    dialog = conversation.dialog
    return PreworkForm(
        session=conversation.session.id,
        dialog_id=dialog.meta.id,
        dialog_version=dialog.meta.version,
        partner=partner.name,
        partner_id=partner.id,
    )


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, date | time):
        return "a date or a time"
    return "not text"


def _shown(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 3] + "...")


def check_form(dialog: Dialog, data: dict[str, Any]) -> PreworkForm:
    """The pre-work form a file's tables hold, checked against `dialog`.

    Args:
        dialog: the dialog the advisor runs now.
        data: the file's tables: `[prework]` (whose it is) and a table per phase holding
            its questions by their short names.

    Raises:
        PreworkError: the form does not fit: no `[prework]` table or a part of it missing,
            another dialog or another version of it, a question the pre-work does not
            ask, an answer of the wrong type, a choice not among the question's.
    """
    header = data.get(HEADER)
    if not isinstance(header, dict):
        raise PreworkError(
            f"it has no [{HEADER}] table (which session and partner it is for): it is not a "
            "pre-work file, or that part of it was removed"
        )
    texts: dict[str, str] = {}
    for key in ("session", "dialog", "dialog_version", "partner", "partner_id"):
        value = header.get(key, "" if key == "partner_id" else None)
        if value is None:
            raise PreworkError(f"its [{HEADER}] table has no `{key}`; it was changed by hand")
        if not isinstance(value, str):
            raise PreworkError(f"[{HEADER}] `{key}` is {_what(value)}, where text belongs")
        texts[key] = value
    extra = [k for k in header if k not in texts]
    if extra:
        raise PreworkError(f"[{HEADER}] holds `{extra[0]}`, which a pre-work file does not have")
    meta = dialog.meta
    if texts["dialog"] != meta.id:
        raise PreworkError(
            f"it was made for other questions ({_shown(texts['dialog'])}), not this advisor's "
            f"({meta.id})"
        )
    version = texts["dialog_version"]
    if version != meta.version:
        made, now = version_key(version), version_key(meta.version)
        if made is not None and now is not None and made > now:
            raise PreworkError(
                f"it was made by a newer srs-advisor (questions version {version}; this one "
                f"asks version {meta.version}): update srs-advisor to use it"
            )
        which = "an older" if made is not None and now is not None else "another"
        raise PreworkError(
            f"it was made for {which} version of the questions ({_shown(version)}; the "
            f"advisor now asks version {meta.version}, whose questions may differ): ask the "
            "facilitator for a new pre-work file (srs-advisor prework SESSION --out DIR)"
        )
    try:
        partner = clean_text(texts["partner"], multiline=False, what="The partner's name")
    except AnswerError as error:
        raise PreworkError(f"[{HEADER}] `partner`: {error}") from None
    if not partner or not texts["session"].strip():
        raise PreworkError(f"[{HEADER}] names no partner or no session")
    answers = _answers(dialog, {k: v for k, v in data.items() if k != HEADER})
    return PreworkForm(
        session=texts["session"].strip(),
        dialog_id=meta.id,
        dialog_version=version,
        partner=partner,
        partner_id=texts["partner_id"].strip(),
        answers=answers,
    )


def _answers(dialog: Dialog, tables: dict[str, Any]) -> dict[str, str]:
    asked = {s.id: s for s in prework_steps(dialog)}
    phases = {s.phase for s in asked.values()}
    answers: dict[str, str] = {}
    for phase, table in tables.items():
        if phase not in phases or not isinstance(table, dict):
            where = f"[{phase}]" if isinstance(table, dict) else f"`{phase}`"
            raise PreworkError(f"it holds {where}, which is not a part of the pre-work")
        for name, value in table.items():
            step_id = f"{phase}.{name}"
            step = asked.get(step_id)
            if step is None:
                raise PreworkError(
                    f"it holds `{name}` under [{phase}], which is not one of the pre-work's "
                    "questions (unknown question)"
                )
            if not isinstance(value, str):
                raise PreworkError(
                    f"{step_id} ({step.title}) is {_what(value)}: write the answer as text, "
                    'between quotes ("...")'
                )
            given = read_value(step, value)
            if given:
                answers[step_id] = given
    return {s: answers[s] for s in asked if s in answers}


def read_value(step: Step, value: str) -> str:
    """A pre-work answer to `step` as stored: a choice's value, or the cleaned text.

    A choice may be written as its value (`partly`) or its label (`Partly`), in any case.
    Blank is no answer ("").

    Raises:
        PreworkError: not one of the choices, or text that is too long.
    """
    if is_shared(step):
        wanted = value.strip().casefold()
        if not wanted:
            return ""
        for choice in choices_of(step):
            if wanted in (choice.value, choice.label.casefold()):
                return choice.value
        listed = ", ".join(c.value for c in choices_of(step))
        raise PreworkError(
            f"{step.id} ({step.title}): {_shown(value.strip())} is not one of the choices: {listed}"
        )
    try:
        return clean_text(value, multiline=True, limit=MAX_TEXT, what=f"{step.id} ({step.title})")
    except AnswerError as error:
        raise PreworkError(str(error).rstrip(".")) from None


# -- filling a form in the advisor --------------------------------------------------------


def fill_dialog(dialog: Dialog, partner: str, intro: str) -> Dialog:
    """The pre-work's questions as a dialog of their own, for one partner to answer.

    The success factors are asked as they are; a per-partner question becomes a
    several-lines question for this partner alone. Each step keeps its id, title and
    guidance page; what ties it to the rest of the dialog (conditions, exits, checks)
    is left out: the pre-work asks every question once, in order. `intro`, a page to
    read first, opens it.
    """
    asked = {s.id for s in prework_steps(dialog)}
    phases: list[Phase] = []
    for phase in dialog.phases:
        steps = [_for_one_partner(s, partner) for s in phase.steps if s.id in asked]
        if steps:
            phases.append(Phase(id=phase.id, title=phase.title, summary=phase.summary, steps=steps))
    if not phases:
        raise PreworkError("the dialog has no questions for pre-work")
    first = phases[0]
    intro_id = f"{first.id}.prework_intro"
    page = next((s.guidance for s in dialog.steps if s.phase == first.id), first.steps[0].guidance)
    opening = Step(id=intro_id, title="Pre-work", prompt=intro, kind="info", guidance=page)
    phases[0] = first.model_copy(update={"steps": [opening, *first.steps]})
    return Dialog(meta=dialog.meta, phases=phases, rules=[])


def _for_one_partner(step: Step, partner: str) -> Step:
    if is_shared(step):
        return Step(
            id=step.id,
            title=step.title,
            prompt=step.prompt,
            kind=step.kind,
            guidance=step.guidance,
            choices=step.choices,
            hint=step.hint,
            readiness=step.readiness,
        )
    return Step(
        id=step.id,
        title=step.title,
        prompt=step.prompt,
        kind="long-text",
        guidance=step.guidance,
        hint=f"Answer for {partner} only: each partner answers in a file of its own.",
    )


def fill_position(fill: Dialog, answers: dict[str, str]) -> tuple[str, list[str]]:
    """Where filling a form starts: the first question left blank (or the opening page,
    when every one is answered), and the steps before it."""
    ids = [s.id for s in fill.steps]
    if not answers:
        return ids[0], []
    start = next((n for n, s in enumerate(ids) if n and s not in answers), 0)
    return ids[start], ids[:start]


def filled(conversation: Conversation, form: PreworkForm) -> PreworkForm:
    """`form` with the answers given in `conversation` (filling it in the advisor)."""
    answers = conversation.session.answers
    given = {s: v for s, v in answers.items() if isinstance(v, str) and v}
    ordered = {s.id: given[s.id] for s in conversation.dialog.steps if s.id in given}
    return replace(form, answers=ordered)


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


def _label(step: Step, value: str) -> str:
    return next((c.label for c in choices_of(step) if c.value == value), value)


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
                    f"it was made for another session ({_shown(form.session)}), not this one "
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
                    f"it is the pre-work of {_shown(form.partner)}, who is not a partner in "
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
                    held=_label(step, shown),
                    given=_label(step, value),
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


# -- where the partners' answers differ ---------------------------------------------------


@dataclass(frozen=True)
class Said:
    """One partner's pre-work answer to a shared question."""

    partner: str
    value: str
    label: str


@dataclass(frozen=True)
class Divergence:
    """The partners' pre-work answers to one shared question, side by side."""

    step: Step
    said: tuple[Said, ...]
    silent: tuple[str, ...]
    """Partners whose pre-work was merged but who left this question blank."""

    @property
    def differ(self) -> bool:
        """Whether the partners gave different answers."""
        return len({s.value for s in self.said}) > 1

    @property
    def cautious(self) -> str:
        """The most cautious answer given: the choice furthest down the list."""
        return most_cautious(self.step, [s.value for s in self.said])

    def sentence(self) -> str:
        """ "Trust: County says yes, in place; Hospital says partly"."""
        parts = [f"{s.partner} says {_lower(s.label)}" for s in self.said]
        parts += [f"{name} gave no answer" for name in self.silent]
        return f"{self.step.title}: " + "; ".join(parts)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def most_cautious(step: Step, values: Iterable[str]) -> str:
    """The most cautious of `values`: the choice furthest down the step's list.

    The success factors' choices run from "in place" to "not yet"; taking the last one
    given as the most cautious is the advisor's own reading (`CAUTION_NOTE`).

    Raises:
        ValueError: no value is one of the step's choices.
    """
    order = [c.value for c in choices_of(step)]
    known = [v for v in values if v in order]
    if not known:
        raise ValueError("no answer among the choices")
    return max(known, key=order.index)


def divergence(conversation: Conversation, step: Step) -> Divergence | None:
    """The partners' pre-work answers to `step`, if it is shared and any were given."""
    if not is_shared(step):
        return None
    session = conversation.session
    given = session.prework.answers.get(step.id) or {}
    values = {c.value for c in choices_of(step)}
    said = tuple(
        Said(name, value, _label(step, value)) for name, value in given.items() if value in values
    )
    if not said:
        return None
    merged = [m.partner for m in session.prework.merged]
    silent = tuple(dict.fromkeys(n for n in merged if n not in given))
    return Divergence(step, said, silent)


def divergences(conversation: Conversation) -> list[Divergence]:
    """Every shared question with pre-work answers, in the dialog's order."""
    found = (divergence(conversation, s) for s in prework_steps(conversation.dialog))
    return [d for d in found if d is not None]


def before_the_meeting(conversation: Conversation, step: Step) -> str | None:
    """What the partners answered apart before the meeting, as the question shows it:
    "Before the meeting (pre-work), County: Yes, in place; Hospital: Partly."."""
    found = divergence(conversation, step)
    if found is None:
        return None
    said = [f"{s.partner}: {s.label}" for s in found.said]
    said += [f"{name}: no answer" for name in found.silent]
    return "Before the meeting (pre-work), " + "; ".join(said) + "."


def prework_prefill(conversation: Conversation, step: Step) -> Prefill | None:
    """Where the meeting's answer to a shared question starts: the most cautious of the
    partners' pre-work answers (the advisor's own choice), while it has no answer."""
    if step.id in conversation.session.answers:
        return None
    found = divergence(conversation, step)
    if found is None:
        return None
    label = _label(step, found.cautious)
    if found.differ:
        because = (
            f"They differ: the choice starts at the most cautious, {label} (the advisor's "
            "own choice, not the success factors document's); the meeting settles it."
        )
    elif len(found.said) > 1:
        because = f"They agree: the choice starts at {label}; the meeting settles it."
    else:
        because = f"The choice starts at {label}; the meeting settles it."
    return Prefill(
        when=[Condition(step=step.id, answered=False)], value=found.cautious, because=because
    )


__all__ = [
    "CAUTION_NOTE",
    "HEADER",
    "Conflict",
    "Divergence",
    "Entry",
    "MergePlan",
    "MergeResult",
    "MergedFile",
    "Prework",
    "PreworkError",
    "PreworkForm",
    "Refusal",
    "Said",
    "apply_merge",
    "before_the_meeting",
    "check_form",
    "divergence",
    "divergences",
    "fill_dialog",
    "fill_position",
    "filled",
    "form_for",
    "is_shared",
    "most_cautious",
    "plan_merge",
    "prework_prefill",
    "prework_steps",
    "read_value",
]
