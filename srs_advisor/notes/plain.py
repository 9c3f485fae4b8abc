"""An answer as plain text, for screens: the chat history, the review, session lists.

The notes build answers into documents (`notes.record.answer_spans`); a screen
shows them as text, with choice values turned back into their labels.
"""

from __future__ import annotations

from typing import Any

from ..dialog.model import Dialog, Step, choices_of


def answer_text(dialog: Dialog, step: Step, value: Any) -> str:
    """A readable, plain-text form of a stored answer."""
    labels = {c.value: c.label for c in choices_of(step)}
    if step.kind in ("choice", "yes-no", "level"):
        return labels.get(value, str(value))
    if step.kind == "multi-choice":
        return ", ".join(labels.get(v, v) for v in value) if value else "None of these"
    if step.kind == "partners":
        sectors = {s.value: s.label for s in dialog.meta.sectors}
        return "\n".join(f"{p['name']} ({sectors.get(p['sector'], p['sector'])})" for p in value)
    if step.kind == "per-partner":
        return "\n".join(f"{name}: {text}" for name, text in value.items())
    if step.kind == "form":
        labels = {f.key: f.label for f in step.fields}
        return "\n".join(f"{labels.get(k, k)}: {v}" for k, v in value.items()) or "Nothing given"
    if step.kind == "action-items":
        # "When" is labeled, not composed ("by Monthly from May"): it is typed freely.
        lines = []
        for item in value:
            who = item.get("who") or "to be named"
            when = item.get("when") or "to be set"
            lines.append(f"{item['what']} (who: {who}; when: {when})")
        return "\n".join(lines)
    return str(value)
