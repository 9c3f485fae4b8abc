"""Check and tidy an answer before the engine records it.

Every way into the engine (the TUI, `replay`, a resumed session) passes answers
through `parse_answer`, so what lands in a session has one shape per step kind,
and odd input is refused with a message a person can act on.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..dialog.model import DialogMeta, Step, choices_of

MAX_LINE = 2_000
"""The longest one-line answer (a text answer, a partner's name, an action item's
what, who or when), in characters: a long paragraph; names are far shorter."""
MAX_TEXT = 20_000
"""The longest multi-line answer (each partner's, for a per-partner step), in
characters: about eight pages of typed notes."""
MAX_PARTNERS = 100
"""The most partner organizations one session can name."""
MAX_ACTION_ITEMS = 500
"""The most action items one step can hold."""

_UNLIMITED = sys.maxsize
"""The limit while resuming: a file may hold more than a user can type now, and keeps it."""

# Control characters (category Cc), surrogates (Cs) and the line and paragraph
# separators, removed in one pass: a regular expression does it at C speed, which a
# 15 MB answer in a session file needs (a Python loop over it took seconds).
_DROPPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")


class AnswerError(ValueError):
    """The answer does not fit the step; the message says why, in plain words."""


class Partner(BaseModel):
    """A partner organization."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    sector: str
    id: str = ""
    """Stable while the partner is renamed, so its answers follow it: `p1`, `p2`, ..."""


class ActionItem(BaseModel):
    """Something to do: what, who does it, and by when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    what: str
    who: str = ""
    when: str = ""
    step: str = ""
    """The formalization step the item belongs to (filled in by the engine)."""


def clean_text(
    value: Any, *, multiline: bool, limit: int | None = None, what: str = "That answer"
) -> str:
    """Text with control characters removed and surrounding space trimmed.

    Args:
        value: what the user typed, or a file held.
        multiline: whether line breaks are kept (else each becomes a space).
        limit: the most characters allowed; `MAX_TEXT` or `MAX_LINE` if None.
        what: how the refusal names the text ("That answer", "Partner 2's name").

    Raises:
        AnswerError: if `value` is not text or is too long.
    """
    if not isinstance(value, str):
        raise AnswerError("Please type the answer as text.")
    limit = limit if limit is not None else (MAX_TEXT if multiline else MAX_LINE)
    if len(value) > 2 * limit:  # refused before any work: cleaning cannot bring it down
        raise _too_long(what, len(value), limit)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = value if multiline else value.replace("\n", " ")
    text = _TRAILING_SPACE.sub("", _DROPPED.sub("", value)).strip()
    if len(text) > limit:
        raise _too_long(what, len(text), limit)
    return text


def _too_long(what: str, length: int, limit: int) -> AnswerError:
    return AnswerError(
        f"{what} is {length:,} characters long; the limit is {limit:,}. "
        "Shorten it, or keep the long version in a document of your own."
    )


def _required_text(
    value: Any,
    *,
    multiline: bool,
    what: str = "an answer",
    limit: int | None = None,
    named: str = "That answer",
) -> str:
    text = clean_text(value, multiline=multiline, limit=limit, what=named)
    if not text:
        raise AnswerError(f"Please type {what}, or skip the question.")
    return text


def parse_answer(
    step: Step,
    value: Any,
    meta: DialogMeta,
    partners: list[Partner] | None = None,
    *,
    limited: bool = True,
) -> Any:
    """The answer to `step` in its stored form.

    Args:
        step: the step being answered.
        value: what the user gave (from the UI or an answer file).
        meta: the dialog's metadata (for the partner sectors).
        partners: the partner list so far, for `per-partner` steps.
        limited: whether the size limits hold (`MAX_LINE`, `MAX_TEXT`, `MAX_PARTNERS`,
            `MAX_ACTION_ITEMS`). They hold for what a user gives now; a saved session
            is resumed with `limited=False`, so that what its file holds is kept as it is.

    Raises:
        AnswerError: if the value does not fit the step.
    """
    kind = step.kind
    line = MAX_LINE if limited else _UNLIMITED
    text = MAX_TEXT if limited else _UNLIMITED
    if kind == "info":
        return None
    if kind == "text":
        return _required_text(value, multiline=False, limit=line)
    if kind == "long-text":
        return _required_text(value, multiline=True, limit=text)
    if isinstance(value, bool) and {c.value for c in choices_of(step)} == {"yes", "no"}:
        return "yes" if value else "no"  # a yes-no step, or a choice of yes and no
    if kind in ("choice", "yes-no", "level"):
        return _one_choice(step, value)
    if kind == "multi-choice":
        return _many_choices(step, value)
    if kind == "partners":
        return [p.model_dump() for p in _partners(value, meta, line, limited)]
    if kind == "per-partner":
        return _per_partner(value, partners or [], text)
    if kind == "action-items":
        return [item.model_dump(exclude={"step"}) for item in _action_items(value, line, limited)]
    if kind == "form":
        return _form(step, value, line)
    raise AnswerError(f"Unknown kind of step: {kind}")  # pragma: no cover - the schema forbids it


def _form(step: Step, value: Any, limit: int) -> dict[str, str]:
    """A form's answer: its fields by key, in the step's order; blank fields left out."""
    if not isinstance(value, dict):
        keys = ", ".join(f.key for f in step.fields)
        raise AnswerError(f"Please give the fields by name: {keys}.")
    known = [f.key for f in step.fields]
    unknown = [k for k in value if k not in known]
    if unknown:
        keys = ", ".join(known)
        raise AnswerError(f"{_shown(unknown[0])} is not one of this question's fields: {keys}.")
    answer: dict[str, str] = {}
    for field in step.fields:
        given = value.get(field.key)
        if given is None:
            continue
        try:
            text = clean_text(given, multiline=False, limit=limit)
        except AnswerError as error:
            raise AnswerError(f"{field.label}: {error}") from None
        if text:
            answer[field.key] = text
    return answer


def _choice_list(step: Step) -> str:
    return ", ".join(c.value for c in choices_of(step))


def _shown(value: Any) -> str:
    """A value as a message can show it: short, and never failing (a huge number)."""
    try:
        text = f"'{value}'" if isinstance(value, str) else repr(value)
    except ValueError:
        return "a number too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _cut(text: str) -> str:
    """A name as a message shows it: at most 60 characters."""
    return text if len(text) <= 60 else text[:57] + "..."


def _one_choice(step: Step, value: Any) -> str:
    allowed = {c.value for c in choices_of(step)}
    if not isinstance(value, str) or value.strip() not in allowed:
        shown = _shown(value)
        raise AnswerError(f"{shown} is not one of the choices: {_choice_list(step)}.")
    return value.strip()


def _many_choices(step: Step, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise AnswerError(f"Please give a list of choices from: {_choice_list(step)}.")
    allowed = [c.value for c in choices_of(step)]
    wrong = [v for v in value if not isinstance(v, str) or v not in allowed]
    if wrong:
        shown = ", ".join(_shown(w) for w in wrong)
        raise AnswerError(f"{shown} is not one of the choices: {_choice_list(step)}.")
    return [v for v in allowed if v in value]  # in the dialog's order, each once


def _partners(value: Any, meta: DialogMeta, limit: int, limited: bool) -> list[Partner]:
    if not isinstance(value, list) or not value:
        raise AnswerError("Please name at least one partner organization.")
    if limited and len(value) > MAX_PARTNERS:
        raise AnswerError(
            f"That is {len(value):,} partners; one session can name at most {MAX_PARTNERS}."
        )
    sectors = {s.value for s in meta.sectors}
    partners: list[Partner] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) - {"name", "sector", "id"}:
            raise AnswerError(f"Partner {number}: give a name and a sector, nothing else.")
        name = _required_text(
            entry.get("name", ""),
            multiline=False,
            what="the partner's name",
            limit=limit,
            named=f"Partner {number}'s name",
        )
        sector = entry.get("sector")
        if sector not in sectors:
            allowed = ", ".join(sorted(sectors))
            raise AnswerError(
                f"Partner {number} ({_cut(name)}): the sector must be one of: {allowed}."
            )
        if name.casefold() in seen:
            raise AnswerError(f"{_shown(name)} is listed twice; each partner once, please.")
        seen.add(name.casefold())
        given = entry.get("id")
        partners.append(
            Partner(name=name, sector=sector, id=given if isinstance(given, str) else "")
        )
    return _with_ids(partners)


def _with_ids(partners: list[Partner]) -> list[Partner]:
    """Give each partner without one (or with a repeated one) the next unused id."""
    used: set[str] = set()
    kept: list[Partner | None] = []
    for partner in partners:
        ok = bool(re.fullmatch(r"p[0-9]{1,6}", partner.id)) and partner.id not in used
        if ok:
            used.add(partner.id)
        kept.append(partner if ok else None)
    numbers = (f"p{n}" for n in range(1, len(partners) + len(used) + 2))
    fresh = (n for n in numbers if n not in used)
    return [
        partner if kept[i] is not None else partner.model_copy(update={"id": next(fresh)})
        for i, partner in enumerate(partners)
    ]


def _per_partner(value: Any, partners: list[Partner], limit: int) -> dict[str, str]:
    if not partners:
        raise AnswerError("Name the partner organizations first: this question goes to each.")
    if not isinstance(value, dict):
        raise AnswerError("Please give one answer for each partner, by partner name.")
    names = {p.name.casefold(): p.name for p in partners}
    answers: dict[str, str] = {}
    for key, text in value.items():
        name = names.get(str(key).strip().casefold())
        if name is None:
            listed = ", ".join(_shown(n) for n in names.values())
            raise AnswerError(f"{_shown(str(key))} is not one of the partners: {listed}.")
        cleaned = clean_text(
            text, multiline=True, limit=limit, what=f"The answer for {_shown(name)}"
        )
        if cleaned:
            answers[name] = cleaned
    if not answers:
        raise AnswerError("Please give an answer for at least one partner, or skip the question.")
    return {p.name: answers[p.name] for p in partners if p.name in answers}


def _action_items(value: Any, limit: int, limited: bool) -> list[ActionItem]:
    if not isinstance(value, list):
        raise AnswerError("Please give a list of action items, each with what, who and when.")
    if limited and len(value) > MAX_ACTION_ITEMS:
        raise AnswerError(
            f"That is {len(value):,} action items; one step can hold at most {MAX_ACTION_ITEMS}."
        )
    items = []
    for number, entry in enumerate(value, start=1):
        if isinstance(entry, str):
            entry = {"what": entry}
        if not isinstance(entry, dict) or set(entry) - {"what", "who", "when"}:
            raise AnswerError(f"Action item {number}: give what, who and when, nothing else.")
        what = _required_text(
            entry.get("what", ""),
            multiline=False,
            what="what is to be done",
            limit=limit,
            named=f"Action item {number}'s what",
        )
        items.append(
            ActionItem(
                what=what,
                who=clean_text(
                    entry.get("who", ""),
                    multiline=False,
                    limit=limit,
                    what=f"Action item {number}'s who",
                ),
                when=clean_text(
                    entry.get("when", ""),
                    multiline=False,
                    limit=limit,
                    what=f"Action item {number}'s when",
                ),
            )
        )
    if not items:
        raise AnswerError("Please add at least one action item, or skip the question.")
    return items


def _what(value: Any) -> str:
    """What a value from a file is, in words: "a number", "a list"."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _texts_by_key(value: Any, what: str) -> str | None:
    if not isinstance(value, dict):
        return f"{_what(value)}, where {what} belongs"
    for key, text in value.items():
        if not isinstance(text, str):
            return f"the answer for {_shown(key)} is {_what(text)}, not text"
    return None


def _entries(value: Any, keys: tuple[str, ...], needed: str, what: str) -> str | None:
    if not isinstance(value, list):
        return f"{_what(value)}, where a list of {what}s belongs"
    for number, entry in enumerate(value, start=1):
        if isinstance(entry, str) and what == "action item":
            continue
        if not isinstance(entry, dict):
            return f"{what} {number} is {_what(entry)}, not an object"
        extra = [k for k in entry if k not in keys]
        if extra:
            return (
                f"{what} {number} holds {_shown(extra[0])}, which is not one of {', '.join(keys)}"
            )
        if needed not in entry:
            return f"{what} {number} has no {needed}"
        for key in keys:
            if key in entry and not isinstance(entry[key], str):
                return f"{what} {number}'s {key} is {_what(entry[key])}, not text"
    return None


def shape_problem(step: Step, value: Any) -> str | None:
    """Why `value` cannot be an answer to `step` that the advisor wrote, or None.

    Only the shape is judged (text, a list, an object of texts), not the values: a value
    that no longer fits a changed dialog is set aside on resuming (`parse_answer`), but a
    number where the partner list belongs, or a partner without a name, is damage.
    """
    kind = step.kind
    if kind == "info":
        return None
    if kind == "partners":
        return _entries(value, ("name", "sector", "id"), "name", "partner")
    if kind == "action-items":
        return _entries(value, ("what", "who", "when"), "what", "action item")
    if kind == "per-partner":
        return _texts_by_key(value, "an answer from each partner, by name")
    if kind == "form":
        return _texts_by_key(value, "the fields by name")
    if kind == "multi-choice":
        if isinstance(value, str):
            return None
        if not isinstance(value, list):
            return f"{_what(value)}, where a list of choices belongs"
        wrong = [v for v in value if not isinstance(v, str)]
        return f"a choice is {_what(wrong[0])}, not text" if wrong else None
    if isinstance(value, str) or (isinstance(value, bool) and kind in ("yes-no", "choice")):
        return None
    return f"{_what(value)}, where text belongs"


def renamed(old: list[Partner], new: list[Partner]) -> tuple[dict[str, str], list[str]]:
    """How a new partner list changes the old one: names renamed (old to new), names gone."""
    now = {p.id: p.name for p in new if p.id}
    names = {p.name for p in new}
    renames = {p.name: now[p.id] for p in old if p.id in now and now[p.id] != p.name}
    gone = [p.name for p in old if p.name not in renames and p.name not in names]
    return renames, gone


def partners_from(answers: dict[str, Any], steps: list[Step]) -> list[Partner]:
    """The partner list among `answers`, from the first `partners` step answered."""
    for step in steps:
        if step.kind == "partners" and step.id in answers:
            if shape_problem(step, answers[step.id]) is not None:
                return []  # not a partner list (a damaged file): no partners to go by
            return [Partner(**p) for p in answers[step.id]]
    return []


__all__ = [
    "MAX_ACTION_ITEMS",
    "MAX_LINE",
    "MAX_PARTNERS",
    "MAX_TEXT",
    "ActionItem",
    "AnswerError",
    "Partner",
    "clean_text",
    "parse_answer",
    "partners_from",
    "shape_problem",
]


def follow_partners(
    steps: list[str],
    stores: Sequence[dict[str, Any]],
    old: list[Partner],
    new: list[Partner],
    retired: dict[str, Any],
) -> bool:
    """Make per-partner answers follow a new partner list.

    A renamed partner's answers move to the new name; a removed partner's are set
    aside in `retired` (as `"step (name)"`); the rest keep the new list's order.

    Args:
        steps: the per-partner steps.
        stores: where their answers are kept (answers, inactive, tentative), changed in place.
        old: the partner list before.
        new: the partner list now.
        retired: where a removed partner's answers are set aside.

    Returns:
        Whether any partner was renamed or removed.
    """
    renames, gone = renamed(old, new)
    if not renames and not gone:
        return False
    order = [p.name for p in new]
    for step_id in steps:
        for store in stores:
            given = store.get(step_id)
            if not isinstance(given, dict):
                continue
            for name in gone:
                if name in given:
                    retired[f"{step_id} ({name})"] = given[name]
            moved = {renames.get(k, k): v for k, v in given.items() if k not in gone}
            kept = {n: moved[n] for n in order if n in moved}
            if kept:
                store[step_id] = kept
            else:
                del store[step_id]
    return True
