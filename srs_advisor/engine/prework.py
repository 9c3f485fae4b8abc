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

from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import TYPE_CHECKING, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from ..dialog.model import (
    Dialog,
    Phase,
    Step,
    choices_of,
    version_key,
)
from .answers import MAX_TEXT, AnswerError, Partner, clean_text

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


def brief(value: str, limit: int = 60) -> str:
    """`value` quoted, cut to `limit` characters: a bad answer named in a message."""
    return repr(value if len(value) <= limit else value[: limit - 3] + "...")


def label_of(step: Step, value: str) -> str:
    """The words of `step`'s choice `value` (the value itself if it is no choice)."""
    return next((c.label for c in choices_of(step) if c.value == value), value)


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
            f"it was made for other questions ({brief(texts['dialog'])}), not this advisor's "
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
            f"it was made for {which} version of the questions ({brief(version)}; the "
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
            f"{step.id} ({step.title}): {brief(value.strip())} is not one of the choices: {listed}"
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
