"""The transcript: the conversation written out as meeting notes, in Markdown.

It is rewritten after every answer, beside `session.json`, so the notes on disk
always match what was said. The layout is for people who were not in the room:
who took part, each phase's questions and answers, the readiness gaps, the
formality recommendation with its reasons, the action items and the parking lot.
Everything a user typed goes through `notes.markdown`, so it shows as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dialog.model import Step, choices_of, level_name
from ..engine.recommendation import Reason, rule_steps
from .markdown import escape_block, escape_line
from .plain import answer_text

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

NOT_DISCUSSED = "*Not discussed.*"
PARKED = "*Unsure: on the parking lot, to discuss later.*"

_CATEGORY_NAMES = {
    "prerequisite": "Prerequisite",
    "facilitating": "Facilitating factor",
    "project": "Project characteristic",
}


def render_transcript(conversation: Conversation) -> str:
    """The meeting notes for `conversation`, as Markdown."""
    dialog = conversation.dialog
    session = conversation.session
    path = conversation.path()
    reached = _reached(conversation, path)
    out: list[str] = [f"# {dialog.meta.title}: meeting notes", ""]
    created = session.created.strftime("%d %B %Y").lstrip("0")
    out += [f"- **Date:** {created}", f"- **Session:** `{session.id}`"]
    if conversation.finished:
        out.append("- **Status:** finished")
    else:
        step = conversation.current
        assert step is not None
        phase_title = dialog.phase(step.phase).title
        out.append(f"- **Status:** in progress, at {phase_title}: {step.title}")
    out += [f"- **Dialog:** {dialog.meta.title}, version {dialog.meta.version}", ""]
    out += _at_a_glance(conversation)

    for phase in dialog.phases:
        steps = [dialog.step(s) for s in path if s in reached and dialog.step(s).phase == phase.id]
        steps = [s for s in steps if s.kind != "info"]
        if not steps:
            continue
        out += [f"## {phase.title}", ""]
        for step in steps:
            out += [
                f"### {step.title}",
                "",
                f"*{step.prompt}*",
                "",
                _answer_text(conversation, step),
                "",
            ]

    out += _readiness(conversation)
    out += _formality(conversation)
    out += _action_items(conversation)
    out += _parking_lot(conversation)
    out += _set_aside(conversation)
    return "\n".join(out).rstrip("\n") + "\n"


def _at_a_glance(conversation: Conversation) -> list[str]:
    session = conversation.session
    sectors = {s.value: s.label for s in conversation.dialog.meta.sectors}
    partners = [
        f"{escape_line(p.name)} ({sectors.get(p.sector, p.sector)})" for p in conversation.partners
    ]
    out = ["## At a glance", ""]
    out.append(f"- **Partners:** {'; '.join(partners) if partners else 'not yet named'}")
    recommendation = conversation.recommendation
    if recommendation is not None:
        chosen = level_name(session.chosen_level) if session.chosen_level else "not yet chosen"
        out.append(
            f"- **Formality:** {level_name(recommendation.level)} recommended; chosen: {chosen}"
        )
    gaps = conversation.readiness_gaps()
    prerequisites = sum(1 for g in gaps if g.category == "prerequisite")
    out.append(f"- **Readiness gaps:** {len(gaps)} (prerequisites: {prerequisites})")
    out.append(f"- **Action items:** {len(conversation.action_items())}")
    out.append(f"- **Parking lot:** {len(session.parked)}")
    return [*out, ""]


def _reached(conversation: Conversation, path: list[str]) -> set[str]:
    """Steps on the path that the conversation has come to (or dealt with)."""
    if conversation.finished:
        return set(path)
    current = conversation.current
    upto = path.index(current.id) if current and current.id in path else len(path)
    return {s for n, s in enumerate(path) if n < upto or conversation.status(s) != "open"}


def _answer_text(conversation: Conversation, step: Step) -> str:
    status = conversation.status(step.id)
    partners = [p.model_dump() for p in conversation.partners]
    sectors = {s.value: s.label for s in conversation.dialog.meta.sectors}
    if status == "parked":
        tentative = conversation.tentative_of(step.id)
        if tentative is None:
            return PARKED
        shown = format_answer(step, tentative, partners, sectors)
        return f"{PARKED} Tentative answer:\n\n{shown}"
    if status != "answered":
        return NOT_DISCUSSED
    return format_answer(step, conversation.answer_of(step.id), partners, sectors)


def format_answer(
    step: Step,
    value: Any,
    partners: list[dict[str, str]] | None = None,
    sectors: dict[str, str] | None = None,
) -> str:
    """An answer as Markdown, with everything the user typed escaped.

    Args:
        step: the step answered.
        value: the stored answer.
        partners: the partner list, so a per-partner answer lists every partner.
        sectors: sector labels by value, for the partner list.
    """
    sectors = sectors or {}
    labels = {c.value: c.label for c in choices_of(step)}
    if step.kind in ("choice", "yes-no", "level"):
        return escape_line(labels.get(value, str(value)))
    if step.kind == "multi-choice":
        return ", ".join(escape_line(labels.get(v, v)) for v in value) if value else "*None.*"
    if step.kind == "partners":
        rows = ["| Organization | Sector |", "| --- | --- |"]
        rows += [
            f"| {escape_line(p['name'])} | {escape_line(sectors.get(p['sector'], p['sector']))} |"
            for p in value
        ]
        return "\n".join(rows)
    if step.kind == "per-partner":
        names = [p["name"] for p in partners] if partners else list(value)
        names += [n for n in value if n not in names]
        return "\n".join(
            f"- **{escape_line(name)}:** "
            + (escape_block(value[name]).replace("\n", "\n  ") if name in value else "*no answer*")
            for name in names
        )
    if step.kind == "action-items":
        return "\n".join(f"- {_item_line(item)}" for item in value)
    return escape_block(str(value))


def _item_line(item: dict[str, str]) -> str:
    who = escape_line(item.get("who") or "someone to be named")
    when = escape_line(item.get("when") or "a date to be set")
    return f"{escape_line(item['what'])} ({who}, by {when})"


def _readiness(conversation: Conversation) -> list[str]:
    gaps = conversation.readiness_gaps()
    if not any(
        s.readiness for s in conversation.dialog.steps if s.id in conversation.session.answers
    ):
        return []
    out = ["## Readiness gaps", ""]
    if not gaps:
        return [*out, "Every success factor discussed is in place.", ""]
    if any(g.category == "prerequisite" for g in gaps):
        out += [
            "At least one prerequisite is missing or partly in place. The advice is to spend "
            "time on it before further planning.",
            "",
        ]
    out += ["| Factor | Kind | Answer | What to do |", "| --- | --- | --- | --- |"]
    out += [
        f"| {g.factor} | {_CATEGORY_NAMES[g.category]} | {escape_line(g.answer)} | {g.advice} |"
        for g in gaps
    ]
    return [*out, ""]


def _formality(conversation: Conversation) -> list[str]:
    recommendation = conversation.recommendation
    session = conversation.session
    chosen = session.chosen_level
    dialog = conversation.dialog
    waiting = [s for s in sorted(rule_steps(dialog.rules)) if s in session.parked]
    contradictions = conversation.contradictions(sorted(rule_steps(dialog.rules)))
    if recommendation is None and chosen is None and not waiting and not contradictions:
        return []
    out = ["## Level of formality", ""]
    if recommendation is None and waiting:
        titles = ", ".join(dialog.step(s).title.lower() for s in waiting)
        out += [f"**No recommendation yet:** these factors are on the parking lot: {titles}.", ""]
    if recommendation is not None:
        out += [f"**Recommended: {level_name(recommendation.level)}.** Why:", ""]
        out += [f"- {_reason(reason)}" for reason in recommendation.reasons] + [""]
        if recommendation.close_call:
            out += [escape_line(recommendation.close_call), ""]
        if recommendation.also:
            out += ["These hold too, but call for less:", ""]
            out += [f"- {_reason(reason)}" for reason in recommendation.also] + [""]
        heading = recommendation.lower_heading()
        if heading:
            out += [heading, ""]
            out += [f"- {escape_line(change)}" for change in recommendation.would_lower] + [""]
    if contradictions:
        out += ["**Answers to check:**", ""]
        out += [f"- {escape_line(c.message)}" for c in contradictions] + [""]
    if chosen is None:
        out += ["**Chosen:** not yet chosen.", ""]
    elif recommendation is not None and chosen != recommendation.level:
        out += [
            f"**Chosen: {level_name(chosen)}.** The partners chose a different level "
            f"from the one recommended ({level_name(recommendation.level)}).",
            "",
        ]
        if session.level_reason:
            out += ["**Why:** " + escape_block(session.level_reason), ""]
        else:
            out += ["**Why:** *not given.*", ""]
    else:
        out += [f"**Chosen: {level_name(chosen)}.**", ""]
    return out


def _reason(reason: Reason) -> str:
    parts = [f"**{escape_line(reason.text)}**"]
    if reason.source:
        parts.append(escape_line(reason.source))
    if reason.inference:
        parts.append(f"*{escape_line(reason.inference)}*")
    return " ".join(parts)


def _action_items(conversation: Conversation) -> list[str]:
    items = conversation.action_items()
    if not items:
        return []
    out = [
        "## Action items",
        "",
        "| # | What | Who | By when | Step |",
        "| --- | --- | --- | --- | --- |",
    ]
    for number, item in enumerate(items, start=1):
        step = conversation.dialog.step(item.step)
        out.append(
            f"| {number} | {escape_line(item.what)} | {escape_line(item.who) or '*to be named*'} "
            f"| {escape_line(item.when) or '*to be set*'} | {step.title} |"
        )
    return [*out, ""]


def _parking_lot(conversation: Conversation) -> list[str]:
    parked = conversation.session.parked
    out = ["## Parking lot", ""]
    if not parked:
        return [*out, "Nothing was left for later.", ""]
    dialog = conversation.dialog
    for step_id in parked:
        step = dialog.step(step_id)
        line = f"- {step.prompt} ({dialog.phase(step.phase).title})"
        tentative = conversation.tentative_of(step_id)
        if tentative is not None:
            shown = answer_text(dialog, step, tentative).replace("\n", "; ")
            line += f" Tentative answer: {escape_line(shown)}"
        out.append(line)
    return [*out, ""]


def _set_aside(conversation: Conversation) -> list[str]:
    session = conversation.session
    dialog = conversation.dialog
    out: list[str] = []
    if session.inactive:
        out += [
            "## Answers that no longer apply",
            "",
            "An earlier answer changed, so the conversation no longer asks these. "
            "They are kept here in case it changes back.",
            "",
        ]
        for step_id, value in session.inactive.items():
            step = dialog.step(step_id)
            out += [f"### {step.prompt}", "", format_answer(step, value), ""]
    if session.retired:
        out += [
            "## Answers set aside",
            "",
            "The dialog changed since these were given, and they no longer fit it.",
            "",
        ]
        for step_id, value in session.retired.items():
            shown = escape_block(value) if isinstance(value, str) else escape_line(repr(value))
            out += [f"- {escape_line(step_id)}: {shown}"]
        out.append("")
    return out
