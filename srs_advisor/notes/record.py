"""The record: every question reached and its answer, one line each (the notes' appendix).

Also what no longer applies, and what a changed dialog set aside. Complete but
compact: the per-partner answers stand side by side in the notes and the action items
on their first page, so the record points to them instead of repeating them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dialog.model import Step, choices_of
from .document import BulletList, Document, Inline, ListItem, Span, clean, inline, muted, strong

if TYPE_CHECKING:
    from ..engine.answers import ActionItem
    from ..engine.conversation import Conversation

NOT_DISCUSSED = "Not discussed."
PARKED = "Unsure: on the parking lot, to discuss later."
SHORT = 160
"""An answer up to this long, on one line, sits beside its question in the record."""


def item_spans(item: ActionItem) -> Inline:
    """An action item on one line, a missing owner or date called out in bold.

    "When" is labeled, never composed into a phrase: it is typed freely ("March 15",
    "Monthly from May", "before the board meets"), and "by Monthly from May" is no English.
    """
    who = Span(item.who) if item.who.strip() else strong("no owner")
    when = Span(item.when) if item.when.strip() else strong("no date")
    return (Span(item.what), Span(" (who: "), who, Span("; when: "), when, Span(")"))


def record(notes: Document, conversation: Conversation, path: list[str], reached: set[str]) -> None:
    """Every question reached and its answer, one line each: an appendix for reference.

    Complete but compact: the per-partner answers stand side by side above and the
    action items on the first page, so the record points to them instead of repeating.
    """
    dialog = conversation.dialog
    notes.heading(2, "Appendix: the record, question by question", new_page=True)
    by_id = {step.id: step for step in dialog.steps}
    on_path = [by_id[s] for s in path if s in reached and by_id[s].kind != "info"]
    numbers: dict[str, list[int]] = {}
    for number, item in enumerate(conversation.action_items(), start=1):
        numbers.setdefault(item.step, []).append(number)
    for phase in dialog.phases:
        steps = [step for step in on_path if step.phase == phase.id]
        if not steps:
            continue
        notes.heading(3, phase.title)
        notes.bullets((_record_item(conversation, step, numbers) for step in steps), compact=True)


def _label(title: str) -> Span:
    return strong(title if title.endswith("?") else title + ":")


def _record_item(conversation: Conversation, step: Step, numbers: dict[str, list[int]]) -> ListItem:
    label = _label(step.title)
    status = conversation.status(step.id)
    if status == "parked":
        tentative = conversation.tentative_of(step.id)
        if tentative is None:
            return ListItem((label, muted(" " + PARKED)))
        spans, children = answer_spans(conversation, step, tentative)
        return ListItem((label, muted(" " + PARKED + " Tentative answer:"), *spans), children)
    if status != "answered":
        return ListItem((label, muted(" " + NOT_DISCUSSED)))
    value = conversation.answer_of(step.id)
    if step.kind == "per-partner" and isinstance(value, dict) and conversation.partners:
        return ListItem((label, muted(" side by side under Each partner's view.")))
    if step.kind == "action-items":
        mine = numbers.get(step.id, [])
        if mine:
            said = f"item {mine[0]}" if len(mine) == 1 else "items " + _numbers(mine)
            return ListItem((label, Span(f" action {said} (see Action items).")))
    return ListItem((label, *_one_line(conversation, step, value)))


def _numbers(numbers: list[int]) -> str:
    """1, 2 and 3 (or 1 and 2)."""
    shown = [str(n) for n in numbers]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _one_line(conversation: Conversation, step: Step, value: Any) -> Inline:
    """An answer beside its question, its own lines kept but never a list of its own."""
    spans, children = answer_spans(conversation, step, value)
    if children is None:
        return spans
    parts = [inline(*child.spans) for child in children.items]
    out: list[Span] = list(spans)
    for n, part in enumerate(parts):
        out.append(Span(" " if n == 0 else "; "))
        out += part
    return tuple(out)


def answer_spans(
    conversation: Conversation, step: Step, value: Any
) -> tuple[Inline, BulletList | None]:
    """An answer as spans beside its question, and a nested list where it has parts."""
    dialog = conversation.dialog
    labels = {c.value: c.label for c in choices_of(step)}
    if step.kind in ("choice", "yes-no", "level"):
        return inline(" " + labels.get(value, str(value))), None
    if step.kind == "multi-choice":
        shown = ", ".join(labels.get(v, v) for v in value) if value else ""
        return (Span(" " + shown) if shown else muted(" none of these"),), None
    if step.kind == "partners":
        sectors = {s.value: s.label for s in dialog.meta.sectors}
        names = [f"{p['name']} ({sectors.get(p['sector'], p['sector'])})" for p in value]
        return inline(" " + "; ".join(names)), None
    if step.kind == "form":
        parts = [f"{f.label}: {value[f.key]}" for f in step.fields if value.get(f.key)]
        return (Span(" " + "; ".join(parts)) if parts else muted(" nothing recorded"),), None
    if step.kind == "per-partner":
        names = [p.name for p in conversation.partners]
        names += [n for n in value if n not in names]
        return (), BulletList(
            tuple(
                ListItem(
                    (strong(name + ":"), Span(" " + value[name]))
                    if name in value
                    else (strong(name + ":"), muted(" no answer"))
                )
                for name in names
            )
        )
    if step.kind == "action-items":
        return (), BulletList(tuple(ListItem(item_spans(_as_item(i))) for i in value))
    text = str(value)
    shown = clean(text)
    if len(shown) <= SHORT and "\n" not in shown:
        return inline(" " + text), None
    return (), BulletList((ListItem(inline(text)),))


def _as_item(item: dict[str, str]) -> ActionItem:
    from ..engine.answers import ActionItem

    return ActionItem(what=item["what"], who=item.get("who", ""), when=item.get("when", ""))


def set_aside(notes: Document, conversation: Conversation) -> None:
    session = conversation.session
    dialog = conversation.dialog
    if session.inactive:
        notes.heading(2, "Answers that no longer apply")
        notes.paragraph(
            "An earlier answer changed, so the conversation no longer asks these. "
            "They are kept here in case it changes back."
        )
        notes.bullets(
            ListItem((_label(dialog.step(s).title), *spans), children)
            for s, value in session.inactive.items()
            for spans, children in [answer_spans(conversation, dialog.step(s), value)]
        )
    if session.retired:
        notes.heading(2, "Answers set aside")
        notes.paragraph("The dialog changed since these were given, and they no longer fit it.")
        notes.bullets(
            (Span(step_id + ": "), Span(value if isinstance(value, str) else repr(value)))
            for step_id, value in session.retired.items()
        )
