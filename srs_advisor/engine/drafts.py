"""Drafts: what was typed into a question but not yet answered, kept in the session.

A browser tab closed or reloaded, or a window taken over, would otherwise drop a
half-typed answer (a partner typed into the list, action-item rows) without a word.
So the UI hands the engine what its input holds as it is typed, and the session keeps
it in `drafts`, by step id, through the same atomic save as the answers. A draft is
only ever offered back to its input: it is never an answer, and an answer, a skip or
"discuss later" clears it. A draft that does not fit its step's kind (an older or
edited file) is dropped on reading, never in the way of opening the session.
"""

from __future__ import annotations

import json
from typing import Any

from ..dialog.model import Step
from .answers import MAX_ACTION_ITEMS, MAX_LINE, MAX_PARTNERS, MAX_TEXT

DRAFT_KINDS = frozenset({"text", "long-text", "partners", "per-partner", "action-items", "form"})
"""The kinds of step whose input holds typing worth keeping (choices are one key away)."""

MAX_DRAFT_CHARACTERS = MAX_TEXT * MAX_PARTNERS
"""The most a draft holds, all its text together: what a user can type into one input."""


def _texts(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _text_table(value: Any, keys: set[str] | None, limit: int) -> bool:
    return (
        isinstance(value, dict)
        and all(isinstance(k, str) and _texts(v, limit) for k, v in value.items())
        and (keys is None or set(value) <= keys)
    )


def _fits_kind(step: Step, value: Any) -> bool:
    kind = step.kind
    if kind == "text":
        return _texts(value, MAX_LINE)
    if kind == "long-text":
        return _texts(value, MAX_TEXT)
    if kind == "per-partner":
        return _text_table(value, None, MAX_TEXT)
    if kind == "form":
        return _text_table(value, {f.key for f in step.fields}, MAX_LINE)
    if kind == "action-items":
        return (
            isinstance(value, list)
            and len(value) <= MAX_ACTION_ITEMS
            and all(_text_table(item, {"what", "who", "when"}, MAX_LINE) for item in value)
        )
    if kind == "partners":
        if not isinstance(value, dict):
            return False
        listed = value.get("partners")
        return (
            set(value) <= {"partners", "typed", "sector"}
            and _texts(value.get("typed", ""), MAX_LINE)
            and _texts(value.get("sector", ""), MAX_LINE)
            and isinstance(listed, list)
            and len(listed) <= MAX_PARTNERS
            and all(
                _text_table(p, {"name", "sector", "id"}, MAX_LINE) and {"name", "sector"} <= set(p)
                for p in listed
            )
        )
    return False


def fitting_draft(step: Step, value: Any) -> Any:
    """`value` if it can be a draft for `step` (its kind's shape, within the limits), else None."""
    if step.kind not in DRAFT_KINDS or not _fits_kind(step, value) or _empty(value):
        return None
    return value if _storable(value) else None


def _empty(value: Any) -> bool:
    """Whether nothing is typed in `value` (a draft of nothing is no draft)."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return False


def _storable(value: Any) -> bool:
    """Whether `value` can be written to a session file as it is (no lone surrogate)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
        text.encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        return False
    return len(text) <= MAX_DRAFT_CHARACTERS


def readable_drafts(value: Any) -> dict[str, Any]:
    """The drafts a session file holds that can be kept: never an error, whatever it holds.

    The shape of each is checked against its step later (`fitting_draft`), when the
    dialog is known.
    """
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and _storable(v)}
